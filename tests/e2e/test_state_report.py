#!/usr/bin/python3
"""End-to-end test of issue 18 on a small generated state: `heattwin run` of a heat plan with one
district-heating network per qualifying municipality, `--region` for run and export, and
`heattwin compare` with the choropleth maps in headless Chromium (no console errors, maps not
blank) and the network indicators in the GeoPackage layers (ogrinfo).

Run by ctest as: /usr/bin/python3 test_state_report.py <heattwin> <data dir> [<chromium>]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

ARGS = sys.argv[1:]  # read before the import below: test_report_html takes sys.argv[1:] away
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_report_html import png_pixels  # noqa: E402  (one PNG decoder for the browser tests)

HEATTWIN = ARGS[0]
DATA = ARGS[1]
CHROMIUM = ARGS[2] if len(ARGS) > 2 else "/usr/bin/chromium"
del sys.argv[1:]

WINDOW = (1280, 1600)
# viz/maps.hpp CHOROPLETH_COLOURS (ColorBrewer YlOrRd).
CLASS_COLOURS = [(0xff, 0xff, 0xb2), (0xfe, 0xcc, 0x5c), (0xfd, 0x8d, 0x3c), (0xf0, 0x3b, 0x20), (0xbd, 0x00, 0x26)]


def run(*args, check=0, timeout=600):
    p = subprocess.run([HEATTWIN, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check is not None and p.returncode != check:
        raise AssertionError(f"heattwin {' '.join(map(str, args))} exited {p.returncode}, expected {check}\n"
                             f"{p.stdout[-2000:]}\n{p.stderr[-3000:]}")
    return p


class StateReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="heattwin-state-e2e-")
        cls.twin = os.path.join(cls.tmp, "state.h5")
        run("generate", "--seed", 3, "--buildings", 3000, "--out", cls.twin)
        cls.scenario = os.path.join(cls.tmp, "plan.toml")
        with open(cls.scenario, "w", encoding="utf-8") as f:
            f.write(f"""[run]
name = "plan"
years = [2025, 2030]
twin = "state.h5"
weather = "{os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")}"
out = "plan.h5"
method = "hourly"
[outputs]
hourly_grid = false
[network]
design = "per-municipality"
min_densest_cell_mwh_per_ha = 150.0
radius_m = 60.0
max_buildings = 25
simulate_every_year = false
""")
        cls.run_output = run("run", cls.scenario, "--json")
        cls.results = os.path.join(cls.tmp, "plan.h5")
        cls.cmp = os.path.join(cls.tmp, "cmp")
        run("compare", cls.results, "--out", cls.cmp, "--gpkg", "--privacy-min-buildings", 1)
        cls.page = os.path.join(cls.cmp, "report.html")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def chromium(self, *args):
        profile = tempfile.mkdtemp(prefix="chromium-", dir=self.tmp)
        cmd = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}",
               f"--window-size={WINDOW[0]},{WINDOW[1]}", *args, "file://" + self.page]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=180)

    def test_networks_per_municipality_in_the_results(self):
        with h5py.File(self.results, "r") as f:
            twin_municipality = None
            for year in ("2025", "2030"):
                g = f[f"results/plan/{year}/municipal_networks"]
                ags = list(g["ags"].asstr()[:])
                self.assertGreaterEqual(len(ags), 2, "the cities' densest cells qualify")
                self.assertEqual(len(set(ags)), len(ags))
                self.assertTrue(np.all(g["route_length_m"][:] > 0))
                for a in ags:
                    self.assertIn(f"{a}/network/consumers", g)
                self.assertNotIn("network", f[f"results/plan/{year}"])
            supplied = f["results/plan/2030/buildings/network_supplied"][:]
            self.assertGreater(int(supplied.sum()), 0, "the target year supplies the networks' consumers")
        with h5py.File(self.results, "r") as f:
            names = list(f["networks/plan/names"].asstr()[:]) if "networks/plan/names" in f else []
        for a in ags:
            self.assertIn(f"densest_area_{a}", names)

    def test_report_has_maps_and_is_self_contained(self):
        with open(self.page, encoding="utf-8") as f:
            html = f.read()
        for needle in ("http://www", "https://", "<link", " src=", "url(", "@import"):
            self.assertNotIn(needle, html)
        self.assertIn('id="map-indicator"', html)
        for key in ("heat_demand_kwh_per_inhabitant", "co2_kg_per_inhabitant", "share_buildings_heat_network",
                    "network_heat_line_density_mwh_per_ma"):
            self.assertIn(f'<option value="{key}">', html)
        # Two maps (municipalities, Kreise) per indicator, every municipality a path in each.
        options = html.count("<option value=")
        self.assertEqual(html.count('<figure class="choropleth">'), 2 * options)
        self.assertGreaterEqual(html.count('<path class="region"'), 2 * options * 200)
        self.assertIn("Wärmeliniendichte der Wärmenetze", html)
        self.assertIn("Karten 2030", html)

    def test_report_renders_without_console_errors(self):
        p = self.chromium("--dump-dom", "--enable-logging=stderr", "--v=0")
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        dom = p.stdout
        self.assertIn("Regionalvergleich", dom)
        # The script shows the first indicator's maps and hides the others.
        shown = re.findall(r'<div class="maps" data-ind="([a-z_0-9]+)" style="display: flex;"', dom)
        self.assertEqual(len(shown), 1, "exactly one indicator's maps shown")
        for line in p.stderr.splitlines():
            self.assertNotIn("Uncaught", line)
            self.assertNotIn("CONSOLE", line, line)
            self.assertNotIn("Refused to", line, line)

    def test_maps_are_not_blank(self):
        shot = os.path.join(self.tmp, "report.png")
        p = self.chromium(f"--screenshot={shot}", "--hide-scrollbars")
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        width, height, rows = png_pixels(shot)
        colours = {}
        for row in rows:
            for pixel in row:
                colours[pixel] = colours.get(pixel, 0) + 1
        drawn = [c for c in CLASS_COLOURS if colours.get(c, 0) > 200]
        print(f"screenshot {width}x{height}: class colours with > 200 px: {len(drawn)}", file=sys.stderr)
        self.assertGreaterEqual(len(drawn), 3, "the choropleth classes are visible")

    def test_geopackage_layers_carry_the_network_indicators(self):
        gpkg = os.path.join(self.cmp, "regions.gpkg")
        with h5py.File(self.results, "r") as f:
            route = float(f["results/plan/2030/municipal_networks/route_length_m"][:].sum())
        for layer in ("municipalities_2030", "kreise_2030"):
            text = subprocess.run(["ogrinfo", "-q", "-dialect", "SQLite", "-sql",
                                   f"SELECT SUM(network_route_length_m) AS r, COUNT(geom) AS g FROM {layer}", gpkg],
                                  capture_output=True, text=True, check=True).stdout
            self.assertAlmostEqual(float(re.search(r"r \(Real\) = ([0-9.eE+-]+)", text).group(1)), route,
                                   delta=1e-6 * route)
            self.assertGreater(int(re.search(r"g \(Integer\) = ([0-9]+)", text).group(1)), 0)

    def test_investment_per_municipality_adds_up_to_the_run(self):
        with h5py.File(self.results, "r") as f:
            for year in ("2025", "2030"):
                inv = f[f"results/plan/{year}/investment"]
                total = inv["eur"][:]
                m = inv["by_municipality"]
                self.assertEqual(list(m["measure"].asstr()[:]), list(inv["measure"].asstr()[:]))
                ags = list(m["ags"].asstr()[:])
                self.assertEqual(ags, list(f[f"results/plan/{year}/regions/ags"].asstr()[:]))
                eur = m["eur"][:]
                self.assertEqual(eur.shape, (len(ags), 5))
                for k in range(4):  # refurbishment (column 4) has no costs: NaN
                    self.assertAlmostEqual(float(eur[:, k].sum()), float(total[k]), delta=1e-6 * max(1.0, total[k]))
                self.assertTrue(np.all(np.isnan(eur[:, 4])))
                networks = set(f[f"results/plan/{year}/municipal_networks/ags"].asstr()[:])
                for row, a in enumerate(ags):
                    pipes = float(eur[row, 1])
                    if year == "2030" and a in networks:  # built in the first period after the base year
                        self.assertGreater(pipes, 0.0, a)
                    else:
                        self.assertEqual(pipes, 0.0, (year, a))
            self.assertGreater(float(f["results/plan/2030/investment/eur"][1]), 0.0)

    def test_compare_has_lcoh_and_investment_per_region(self):
        import json
        p = run("compare", self.results, "--json", "--privacy-min-buildings", 1)
        j = json.loads(p.stdout)
        keys = [i["key"] for i in j["indicators"]]
        for key in ("lcoh_eur_per_mwh", "network_lcoh_eur_per_mwh", "supply_cost_eur_per_inhabitant",
                    "investment_eur", "investment_eur_per_inhabitant", "investment_eur_per_m2",
                    "investment_eur_per_building", "investment_cumulative_eur"):
            self.assertIn(key, keys)
        with h5py.File(self.results, "r") as f:
            expected = 0.0
            for year in ("2025", "2030"):
                eur = f[f"results/plan/{year}/investment/eur"][:]
                expected += float(np.nansum(eur))
            sold = f["results/plan/2030/municipal_networks/heat_sold_mwh"][:]
            lcoh = f["results/plan/2030/municipal_networks/lcoh_eur_per_mwh"][:]
            network_lcoh = float((sold * lcoh).sum() / sold.sum())
        state = j["years"][-1]["state"]["values"]
        self.assertAlmostEqual(state["investment_cumulative_eur"], expected, delta=1e-6 * expected)
        self.assertAlmostEqual(state["network_lcoh_eur_per_mwh"], network_lcoh, delta=1e-9 * network_lcoh)
        self.assertGreater(state["lcoh_eur_per_mwh"], 0.0)
        self.assertIn("warning_kinds", j)
        # GeoPackage: the municipalities' cumulative investment adds up to the state's less outside.
        text = subprocess.run(["ogrinfo", "-q", "-dialect", "SQLite", "-sql",
                               "SELECT SUM(investment_cumulative_eur) AS s FROM municipalities_2030",
                               os.path.join(self.cmp, "regions.gpkg")], capture_output=True, text=True,
                              check=True).stdout
        municipal = float(re.search(r"s \(Real\) = ([0-9.eE+-]+)", text).group(1))
        self.assertGreater(municipal, 0.0)
        self.assertLessEqual(municipal, expected * (1 + 1e-9))

    def test_german_tables_have_no_english_identifiers(self):
        for name in ("municipalities.csv", "kreise.csv", "state.csv"):
            with open(os.path.join(self.cmp, name), encoding="utf-8") as f:
                text = f.read()
            # Region tables: words with the unit in the header; the state table: one row per indicator.
            where = text.splitlines()[0] if name != "state.csv" else text
            self.assertIn("Endenergie Erdgas [MWh/a]" if name != "state.csv" else "Endenergie Erdgas;MWh/a", where)
            self.assertIn("Wärmegestehungskosten", where)
            for english in ("natural_gas", "heat_network", "decentralised", "district_heat", "_mwh_per_a",
                            "lcoh_eur"):
                self.assertNotIn(english, text, f"{name}: {english}")
        with open(self.page, encoding="utf-8") as f:
            html = f.read()
        self.assertIn("Warnungen der Rechnung", html)
        for key in ("lcoh_eur_per_mwh", "investment_cumulative_eur_per_inhabitant"):
            self.assertIn(f'<option value="{key}">', html)

    def test_region_runs_and_exports_one_municipality_or_kreis(self):
        out = os.path.join(self.tmp, "magdeburg.h5")
        run("run", self.scenario, "--region", "15003", "--out", out, "--set", "network.store_in_twin=false")
        with h5py.File(out, "r") as f:
            self.assertEqual(list(f["results/plan/2025/regions/ags"].asstr()[:]), ["15003000"])
            for a in f["results/plan/2025/municipal_networks/ags"].asstr()[:]:
                self.assertEqual(a, "15003000")
        p = run("run", self.scenario, "--region", "1500", check=2)
        self.assertIn("--region '1500'", p.stderr)
        exported = os.path.join(self.tmp, "export")
        run("export", self.results, "--format", "report", "--region", "15081", "--out", exported)
        files = sorted(os.listdir(exported))
        self.assertTrue(files)
        self.assertTrue(all(name.startswith("heat_plan_15081") for name in files), files)
        p = run("export", self.results, "--format", "gpkg", "--region", "15081", "--out", exported, check=2)
        self.assertIn("only --format report", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
