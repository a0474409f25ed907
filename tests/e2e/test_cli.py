#!/usr/bin/python3
"""End-to-end tests of the `heattwin` executable: verbs, exit codes, outputs read without our code.

Run by ctest as: /usr/bin/python3 test_cli.py <heattwin> <project data dir> <reference data dir (data/reference)>
"""
import hashlib
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HEATTWIN, DATA, REFERENCE = sys.argv[1:4]
del sys.argv[1:4]


def text(value):
    """A string attribute as str: HeatTwin writes them fixed-length (schema twin 1.2, results 1.3),
    which h5py reads as bytes."""
    return value.decode() if isinstance(value, bytes) else value


def run(*args, check=None, timeout=600):
    """Runs heattwin; returns CompletedProcess. check = expected exit code (None: any)."""
    p = subprocess.run([HEATTWIN, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check is not None and p.returncode != check:
        raise AssertionError(f"heattwin {' '.join(map(str, args))} exited {p.returncode}, expected {check}\n"
                             f"stdout: {p.stdout[-2000:]}\nstderr: {p.stderr[-2000:]}")
    return p


def basis_heat_mwh(year_group):
    """Space heating + hot water of a results year group on the run's demand basis (issue 23):
    the expected consumption when `demand_basis` says so (the default), else the standard demand."""
    basis = year_group.attrs.get("demand_basis", b"standard_demand")
    basis = basis.decode() if isinstance(basis, bytes) else str(basis)
    prefix = "expected" if basis == "expected_consumption" else "annual"
    b = year_group["buildings"]
    return (np.nansum(b[f"{prefix}_heating_kwh"][:]) + np.nansum(b[f"{prefix}_hot_water_kwh"][:])) / 1000.0


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="heattwin-e2e-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def test_version_and_help(self):
        p = run("--version", check=0)
        self.assertIn("heattwin", p.stdout)
        for verb in ("info", "import", "generate", "demo"):
            p = run(verb, "--help", check=0)
            self.assertIn("Usage", p.stdout + p.stderr)

    def test_usage_errors_exit_2(self):
        run(check=2)
        run("no-such-verb", check=2)
        run("info", check=2)
        run("generate", "--buildings", "-5", "--out", self.path("x.h5"), check=2)

    def test_missing_and_garbage_inputs_exit_2(self):
        p = run("info", self.path("missing.h5"), check=2)
        self.assertIn("missing.h5", p.stderr)
        with open(self.path("garbage.gml"), "wb") as f:
            f.write(os.urandom(2048))
        p = run("import", self.path("garbage.gml"), "--out", self.path("g.h5"), check=2)
        self.assertIn("garbage.gml", p.stderr)
        self.assertFalse(os.path.exists(self.path("g.h5")))

    def test_outputs_never_replace_inputs_devices_or_other_kinds(self):
        """Issue 20, class 4: an output that is an input, a device or a file of another kind is refused
        with exit 2 and the input is left as it was."""
        twin = self.generate("t.h5", 50)
        with open(twin, "rb") as f:
            twin_bytes = f.read()
        # generate --out X --gpkg X would lose the twin.
        p = run("generate", "--seed", 1, "--buildings", 50, "--out", self.path("s.h5"), "--gpkg", self.path("s.h5"),
                check=2)
        self.assertIn("--gpkg", p.stderr)
        # import x --out x replaces the input.
        sample = os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson")
        copy = self.path("in.geojson")
        shutil.copy(sample, copy)
        p = run("import", copy, "--mapping", os.path.join(DATA, "sample", "goerlitz_mapping.toml"), "--out", copy,
                check=2)
        self.assertIn("in.geojson", p.stderr)
        with open(sample, "rb") as a, open(copy, "rb") as b:
            self.assertEqual(a.read(), b.read())
        # A device node, and a file of another kind.
        run("generate", "--seed", 1, "--buildings", 50, "--out", "/dev/null", check=2)
        p = run("generate", "--seed", 1, "--buildings", 50, "--out", copy, check=2)
        self.assertIn("not an HDF5 file", p.stderr)
        # run with out = the twin.
        scenario = self.path("s.toml")
        with open(scenario, "w") as f:
            f.write(f'[run]\nname = "x"\nyear = 2025\ntwin = "{twin}"\n'
                    f'weather = "{os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")}"\nout = "{twin}"\n')
        p = run("run", scenario, check=2)
        self.assertIn("[run] out", p.stderr)
        with open(twin, "rb") as f:
            self.assertEqual(f.read(), twin_bytes, "the twin must be unchanged")

    def test_run_set_and_out_override_the_scenario(self):
        """`run --set key=value` changes a value as the file would (checked like it), `--out` writes
        elsewhere (relative to the current folder); implausible values are refused with exit 2."""
        twin = self.generate("t.h5", 300)
        scenario = self.path("s.toml")
        with open(scenario, "w") as f:
            f.write(f'[run]\nname = "s"\nyear = 2025\ntwin = "{twin}"\n'
                    f'weather = "{os.path.abspath(os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat"))}"\nout = "r.h5"\n')
        base = json.loads(run("run", scenario, "--json", check=0).stdout)
        p = subprocess.run([os.path.abspath(HEATTWIN), "run", scenario, "--set", "demand.heating_setpoint_c=22",
                            "--out", "warm.h5", "--json"], capture_output=True, text=True, timeout=600, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        warm = json.loads(p.stdout)
        self.assertEqual(warm["results"], self.path("warm.h5"))
        self.assertTrue(os.path.exists(self.path("warm.h5")))
        self.assertGreater(warm["heating_mwh"], 1.05 * base["heating_mwh"])
        self.assertEqual(warm["hot_water_mwh"], base["hot_water_mwh"])
        with h5py.File(self.path("warm.h5"), "r") as f:
            self.assertIn("demand.heating_setpoint_c = 22", [x.decode() if isinstance(x, bytes) else x
                                                             for x in f["meta/scenario_overrides"][()]])
        for bad, fragment in (("demand.heating_setpoint_c=-300", "implausible"), ("demand.bogus=1", "bogus"),
                              ("nokey", "expected key=value")):
            p = run("run", scenario, "--set", bad, check=2)
            self.assertIn(fragment, p.stderr)

    def test_scenarios_written_into_one_file_keep_each_other(self):
        """Issue 17 §1: a run into a results file that holds another scenario adds its group and keeps
        the other (copy-on-write: the old file is replaced by one rename); rerunning a scenario
        replaces only its own group; scenarios of another twin are refused (exit 2, file unchanged)."""
        twin = self.generate("t.h5", 300)
        scenario = self.path("s.toml")
        weather = os.path.abspath(os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat"))
        with open(scenario, "w") as f:
            f.write(f'[run]\nname = "a"\nyear = 2025\ntwin = "{twin}"\nweather = "{weather}"\nout = "r.h5"\n')
        out = self.path("r.h5")
        run("run", scenario, check=0)
        with h5py.File(out, "r") as f:
            heat_a = f["results/a/2025/buildings/annual_heating_kwh"][:]
        p = run("run", scenario, "--set", 'run.name="b"', "--set", "demand.heating_setpoint_c=22", check=0)
        self.assertIn("kept in the file beside 'b': a", p.stdout)
        with h5py.File(out, "r") as f:
            self.assertEqual(sorted(f["results"].keys()), ["a", "b"])
            self.assertEqual(sorted(f["runs"].keys()), ["a", "b"])
            self.assertTrue(np.array_equal(f["results/a/2025/buildings/annual_heating_kwh"][:], heat_a))
            self.assertGreater(f["results/b/2025/buildings/annual_heating_kwh"][:].sum(), 1.05 * heat_a.sum())
            # /meta is the latest run's; each run's own is under /runs.
            overrides = [x.decode() if isinstance(x, bytes) else x for x in f["runs/b/scenario_overrides"][()]]
            self.assertIn("demand.heating_setpoint_c = 22", overrides)
            self.assertNotIn("scenario_overrides", f["runs/a"])
            self.assertEqual(list(f.attrs["schema_version"]), [1, 4])
        # Rerunning a with another set point replaces a, keeps b.
        d = json.loads(run("run", scenario, "--set", "demand.heating_setpoint_c=19", "--json", check=0).stdout)
        self.assertEqual(d["results_kept_scenarios"], ["b"])
        with h5py.File(out, "r") as f:
            self.assertEqual(sorted(f["results"].keys()), ["a", "b"])
            self.assertLess(f["results/a/2025/buildings/annual_heating_kwh"][:].sum(), heat_a.sum())
        # The report puts the file's scenarios side by side.
        run("report", out, "--out", self.path("report"), check=0)
        self.assertTrue(any(f.endswith("_a_vs_b.html") for f in os.listdir(self.path("report"))))
        # A scenario of another twin: refused, the file untouched.
        other = self.generate("t2.h5", 200, 8)
        def digest():
            with open(out, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()
        before = digest()
        p = run("run", scenario, "--set", 'run.name="c"', "--set", f'run.twin="{other}"', check=2)
        self.assertIn("another file", p.stderr)
        self.assertEqual(digest(), before)
        self.assertEqual(sorted(f for f in os.listdir(self.tmp) if f.startswith("r.h5")), ["r.h5"])

    def generate(self, name, n, seed=7, *extra):
        run("generate", "--seed", seed, "--buildings", n, "--out", self.path(name), *extra, check=0)
        return self.path(name)

    def test_generate_is_reproducible_and_info_follows_the_contract(self):
        a = self.generate("a.h5", 20000)
        b = self.generate("b.h5", 20000)
        with open(a, "rb") as fa, open(b, "rb") as fb:
            self.assertEqual(fa.read(), fb.read(), "same seed must give a byte-identical twin")
        c = self.generate("c.h5", 20000, 8)
        with open(a, "rb") as fa, open(c, "rb") as fc:
            self.assertNotEqual(fa.read(), fc.read())
        info = json.loads(run("info", a, "--json", check=0).stdout)
        self.assertEqual(info["schema_version"], "1.2")
        self.assertEqual(info["crs"], "EPSG:25832")
        self.assertEqual(info["buildings"]["count"], 20000)
        self.assertEqual(sum(info["buildings"]["by_use"].values()), 20000)
        self.assertEqual(sum(info["buildings"]["by_age_class"].values()), 20000)
        self.assertEqual(info["regions"]["kreise"], 14)
        self.assertEqual(info["regions"]["municipalities"], 218)
        self.assertGreater(info["regions"]["grid_cells_100m"], 100)
        for k in ("footprint_area_m2", "volume_m3", "heated_floor_area_m2", "wall_area_m2",
                  "shared_wall_area_m2", "roof_area_m2", "window_area_m2"):
            self.assertIn(k, info["totals"])
        self.assertGreater(info["totals"]["footprint_area_m2"], 20000 * 30)
        for attr, counts in info["data_quality"].items():
            self.assertEqual(sum(counts[k] for k in ("measured", "geometry", "typology", "imputed", "missing")),
                             20000, attr)

    def test_twin_file_is_readable_with_h5py(self):
        a = self.generate("a.h5", 5000)
        with h5py.File(a, "r") as f:
            self.assertEqual(text(f.attrs["filetype"]), "heattwin-twin")
            self.assertEqual(list(f.attrs["schema_version"]), [1, 2])
            b = f["buildings"]
            area = b["footprint_area_m2"][...]
            self.assertEqual(area.shape, (5000,))
            self.assertEqual(text(b["footprint_area_m2"].attrs["unit"]), "m2")
            self.assertTrue(np.all(area > 0))
            offsets = b["id_offsets"][...]
            chars = b["id_chars"][...].tobytes()
            first = chars[offsets[0]:offsets[1]].decode()
            self.assertTrue(len(first) > 0)
            # footprint polygon of building 0 has the stored area (shoelace)
            fp = b["footprints"]
            ring_begin = fp["ring_begin"][...].astype(np.int64)
            vertex_begin = fp["vertex_begin"][...].astype(np.int64)
            r0, r1 = int(ring_begin[0]), int(ring_begin[1])
            v0, v1 = int(vertex_begin[r0]), int(vertex_begin[r0 + 1])
            x0, y0 = fp["x_m"][v0], fp["y_m"][v0]  # shift: UTM coordinates are ~1e6 m
            x, y = fp["x_m"][v0:v1] - x0, fp["y_m"][v0:v1] - y0
            shoelace = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
            holes = 0.0
            for r in range(r0 + 1, r1):
                hv0, hv1 = int(vertex_begin[r]), int(vertex_begin[r + 1])
                hx, hy = fp["x_m"][hv0:hv1] - x0, fp["y_m"][hv0:hv1] - y0
                holes += 0.5 * abs(np.dot(hx, np.roll(hy, -1)) - np.dot(hy, np.roll(hx, -1)))
            self.assertAlmostEqual(shoelace - holes, area[0], delta=1e-6 * area[0])
            muni = f["regions/municipalities/ags"].asstr()[...]
            self.assertEqual(len(muni), 218)

    def test_corrupt_twin_files_exit_2(self):
        a = self.generate("a.h5", 3000)
        data = open(a, "rb").read()
        with open(self.path("cut.h5"), "wb") as f:
            f.write(data[: len(data) // 2])
        p = run("info", self.path("cut.h5"), check=2)
        self.assertIn("cut.h5", p.stderr)
        shutil.copy(a, self.path("newer.h5"))
        with h5py.File(self.path("newer.h5"), "r+") as f:
            f.attrs["schema_version"] = np.array([2, 0], dtype=np.int64)
        p = run("info", self.path("newer.h5"), check=2)
        self.assertIn("2.0", p.stderr)

    def test_import_real_geojson_sample_with_quality_report(self):
        out = self.path("goerlitz.h5")
        report = self.path("quality.json")
        run("import", os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson"),
            "--mapping", os.path.join(DATA, "sample", "goerlitz_mapping.toml"),
            "--out", out, "--report", report, check=0)
        info = json.loads(run("info", out, "--json", check=0).stdout)
        self.assertGreater(info["buildings"]["count"], 300)
        self.assertEqual(info["crs"], "EPSG:25832")
        q = json.load(open(report))
        self.assertIn("attributes", q)
        # Envelope values of heated buildings come from the shipped typology, with provenance.
        self.assertGreater(info["data_quality"]["u_values"]["typology"], 300)
        self.assertGreater(q["attributes"]["storeys"]["counts"]["measured"], 0)
        self.assertTrue(os.path.exists(report[:-5] + ".txt"))

    def test_import_with_zensus_construction_years_per_cell(self):
        """`import --zensus-construction-years`: buildings without a year in cells of the table get a
        year of their cell's periods; the rule is counted; a bad table is refused naming the line."""
        src = os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson")
        mapping = os.path.join(DATA, "sample", "goerlitz_mapping.toml")
        plain = self.path("plain.h5")
        run("import", src, "--mapping", mapping, "--out", plain, check=0)
        with h5py.File(plain, "r") as t:
            cells = sorted(set(zip(t["grid_100m/north_100m"][:], t["grid_100m/east_100m"][:])))
            years_before = t["buildings/year_of_construction"][:]
        self.assertGreater(len(cells), 2)
        periods = ["Vor1919", "a1919bis1948", "a1949bis1978", "a1979bis1990", "a1991bis2000", "a2001bis2010",
                   "a2011bis2019", "a2020undspaeter"]
        table = self.path("baujahr.csv")
        with open(table, "w", encoding="utf-8") as f:
            f.write("GITTER_ID_100m;x_mp_100m;y_mp_100m;" + ";".join(periods) + "\n")
            # Every cell but the last: only 1991-2000; the last cell has a withheld value.
            for n, e in cells[:-1]:
                f.write(f"CRS3035RES100mN{n * 100}E{e * 100};0;0;0;0;0;0;6;0;0;0\n")
            n, e = cells[-1]
            f.write(f"CRS3035RES100mN{n * 100}E{e * 100};0;0;\u2013;0;0;0;6;0;0;0\n")
        out = self.path("zensus_years.h5")
        run("import", src, "--mapping", mapping, "--zensus-construction-years", table, "--out", out, check=0)
        with h5py.File(out, "r") as t:
            years = t["buildings/year_of_construction"][:]
            cell = t["buildings/grid_cell"][:]
            grid = list(zip(t["grid_100m/north_100m"][:], t["grid_100m/east_100m"][:]))
            rules = dict(zip([r.decode() if isinstance(r, bytes) else r for r in t["imputations/rule"][:]],
                             t["imputations/count"][:]))
        drawn = [i for i in range(len(years)) if 1991 <= years[i] <= 2000 and grid[cell[i]] != cells[-1]]
        self.assertGreater(int(rules.get("year_from_zensus_cell", 0)), 0)
        self.assertEqual(int(rules["year_from_zensus_cell"]), len(drawn))
        in_last = [i for i in range(len(years)) if grid[cell[i]] == cells[-1]]
        # The withheld cell keeps the other rules: the same years as without the table.
        self.assertTrue(in_last)
        self.assertTrue(all(years_before[i] == years[i] for i in in_last))
        with open(table, "a", encoding="utf-8") as f:
            f.write("CRS3035RES100mN100E100;0;0;0;0;0;0;x5;0;0;0\n")
        p = run("import", src, "--mapping", mapping, "--zensus-construction-years", table, "--out", out, check=2)
        self.assertIn("baujahr.csv:", p.stderr)
        self.assertIn("a1991bis2000", p.stderr)

    def test_import_same_sample_as_geopackage_and_shapefile(self):
        src = os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson")
        counts = {}
        for name, driver in (("fp.gpkg", "GPKG"), ("shp", "ESRI Shapefile")):
            target = self.path(name)
            subprocess.run(["ogr2ogr", "-f", driver, "-nln", "goerlitz_lod2_footprints", target, src], check=True)
            if driver == "ESRI Shapefile":
                target = os.path.join(target, "goerlitz_lod2_footprints.shp")
            run("import", target, "--mapping", os.path.join(DATA, "sample", "goerlitz_mapping.toml"),
                "--out", self.path(name + ".h5"), check=0)
            counts[name] = json.loads(run("info", self.path(name + ".h5"), "--json", check=0).stdout)
        geojson_out = self.path("geojson.h5")
        run("import", src, "--mapping", os.path.join(DATA, "sample", "goerlitz_mapping.toml"), "--out", geojson_out,
            check=0)
        reference = json.loads(run("info", geojson_out, "--json", check=0).stdout)
        for name, info in counts.items():
            self.assertEqual(info["buildings"]["count"], reference["buildings"]["count"], name)
            self.assertAlmostEqual(info["totals"]["footprint_area_m2"], reference["totals"]["footprint_area_m2"],
                                   delta=1.0, msg=name)

    def test_import_with_misspelled_mapping_field_exits_2(self):
        with open(self.path("m.toml"), "w") as f:
            f.write('[fields]\nid = "ID"\nheight_m = "Hoehe"\n')
        p = run("import", os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson"), "--mapping",
                self.path("m.toml"), "--out", self.path("x.h5"), check=2)
        self.assertIn("Hoehe", p.stderr)
        self.assertFalse(os.path.exists(self.path("x.h5")))

    def test_import_osm_extract(self):
        out = self.path("osm.h5")
        run("import", os.path.join(REFERENCE, "geodata", "osm-north-bayreuth", "north-bayreuth.osm.gz"),
            "--out", out, check=0)
        info = json.loads(run("info", out, "--json", check=0).stdout)
        self.assertGreater(info["buildings"]["count"], 4000)
        self.assertGreater(info["data_quality"]["height"]["imputed"], 4000)

    def test_demo(self):
        p = run("demo", "--out", self.path("demo"), check=0, timeout=120)
        self.assertIn("twin", p.stdout)
        self.assertTrue(os.path.exists(self.path("demo/twin.h5")))
        self.assertIn("District-heating network 'densest_area'", p.stdout)
        # The base year's heating systems: a header and one short fact per line.
        lines = p.stdout.splitlines()
        head = [k for k, line in enumerate(lines) if line.startswith("Existing heating systems in the base year")]
        self.assertEqual(len(head), 1, p.stdout[-3000:])
        block = lines[head[0] + 1:head[0] + 8]
        for label in ("carrier from the twin:", "carrier imputed from the census shares:", "no known system:",
                      "installation year imputed:"):
            self.assertTrue(any(line.strip().startswith(label) for line in block), (label, block))
        self.assertTrue(all(len(line) <= 120 for line in block), block)

    # ---- district-heating network (docs/NETWORKS.md)
    def test_demo_designs_and_simulates_a_network(self):
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        # The run leaves its input twin as it was (store_in_twin = false by default): the designed
        # network is in the results file, /networks/<scenario>, in the twin's layout.
        with h5py.File(self.path("demo/twin.h5"), "r") as t:
            self.assertNotIn("densest_area", list(t["networks/names"].asstr()[:]))
        with h5py.File(self.path("demo/results.h5"), "r") as f:
            self.assertEqual(list(f["networks/demo/names"].asstr()[:]), ["densest_area"])
            twin_pipes = len(f["networks/demo/pipes/length_m"])
            self.assertTrue(np.all(f["networks/demo/pipes/inner_diameter_m"][:] > 0))
            self.assertEqual(len(f["networks/demo/junctions/x_m"]), len(f["networks/demo/junctions/y_m"]))
            # The twin hash in /meta is that of the input twin.
            with open(text(f["meta/inputs"].attrs["twin"]), "rb") as inp:
                self.assertEqual(text(f["meta/input_sha256"].attrs["twin"]), hashlib.sha256(inp.read()).hexdigest())
            g = f["results/demo/2025/network"]
            self.assertEqual(
                sorted(g),
                ["consumers", "economics", "junctions", "networks", "pipes", "plants", "potential_plants", "supply"])
            # Two feed-in plants from the demo's potentials (docs/NETWORKS.md, "Several plants and
            # feed-in points"): WH-2 direct waste heat, WW-2 a heat pump, each at its own junction
            # with an annual cap it does not exceed; WH-1 is listed as too far.
            plants = g["plants"]
            ids = list(plants["id"].asstr()[:])
            for pid, kind in (("potential_WH-2", "waste_heat"), ("potential_WW-2", "heat_pump")):
                k = ids.index(pid)
                self.assertEqual(plants["kind"].asstr()[k], kind)
                self.assertEqual(plants["located"][k], 1)
                self.assertTrue(plants["junction_id"].asstr()[k].startswith("densest_area/"))
                self.assertLessEqual(plants["heat_mwh"][k], plants["annual_cap_mwh"][k] + 1e-6)
                self.assertGreater(plants["fed_in_mwh"][k], 0.0)
            self.assertEqual(sum(plants["holds_pressure"][:]), 1)
            reasons = dict(zip(g["potential_plants/id"].asstr()[:], g["potential_plants/reason"].asstr()[:]))
            self.assertTrue(reasons["WH-1"].startswith("too far"))
            self.assertEqual(reasons["WH-2"], "")
            for table in (g[name] for name in ("consumers", "junctions", "networks", "pipes")):
                n = len(table["id"])
                for name, ds in table.items():
                    self.assertEqual(ds.shape[0], n, name)
                    if name != "id":
                        self.assertIn("unit", ds.attrs, name)
            net = g["networks"]
            self.assertEqual(net["id"].asstr()[0], "densest_area")
            plant, delivered, loss = net["plant_heat_mwh"][0], net["delivered_mwh"][0], net["heat_loss_mwh"][0]
            self.assertGreater(delivered, 0.0)
            # Energy balance of the year: plant heat = delivered + losses.
            self.assertLess(abs(plant - delivered - loss), 1e-6 * plant)
            self.assertLess(abs(net["energy_balance_error_mwh"][0]), 1e-6 * plant)
            hourly = net["hourly_plant_heat_kw"]
            self.assertEqual(hourly.shape, (1, 8760))
            self.assertIsNotNone(hourly.chunks)
            self.assertAlmostEqual(hourly[0].sum() / 1000.0, plant, delta=1e-6 * plant)
            self.assertAlmostEqual(hourly[0].max(), net["peak_plant_heat_kw"][0], places=6)
            self.assertTrue(0.0 < net["heat_loss_share"][0] < 0.3)
            pipes = g["pipes"]
            self.assertEqual(len(pipes["id"]), twin_pipes)  # only the designed network in the results
            self.assertEqual(text(pipes["dn"].attrs["unit"]), "1")
            self.assertTrue(np.all(np.isfinite(pipes["dn"][:])))
            self.assertAlmostEqual(pipes["length_m"][:].sum(), net["route_length_m"][0], places=6)
            self.assertTrue(np.all(pipes["peak_velocity_m_per_s"][:] >= 0.0))
            self.assertAlmostEqual(g["consumers/delivered_mwh"][:].sum(), delivered, delta=1e-9 * delivered)
            self.assertTrue(np.all(g["junctions/min_supply_t_c"][:] <= 80.0 + 1e-9))
            self.assertTrue(np.all(g["junctions/min_pressure_bar"][:] <= 6.0 + 1e-9))
        # The same run again: the network is designed again, not added; the totals repeat.
        d = json.loads(run("run", self.path("demo/demo_demand.toml"), "--json", check=0, timeout=120).stdout)
        self.assertGreater(d["network"]["consumers"], 10)
        self.assertEqual(d["network"]["routing"], "spanning tree over the buildings (the twin has no streets)")
        with h5py.File(self.path("demo/results.h5"), "r") as f:
            self.assertEqual(list(f["networks/demo/names"].asstr()[:]), ["densest_area"])
        self.assertAlmostEqual(d["network"]["plant_heat_mwh"], plant, places=6)

    def heat_plan_with(self, *replacements):
        """The base scenario with text replaced (pairs of old, new), run like heat_plan."""
        text = open(os.path.join(DATA, "scenarios", "heat_plan_base.toml")).read()
        for old, new in zip(replacements[::2], replacements[1::2]):
            self.assertIn(old, text)
            text = text.replace(old, new)
        self.heat_plan("heat_plan_base")  # the demo and the plan folder
        toml = os.path.join(self.path("plan"), "data/scenarios/heat_plan_base.toml")
        with open(toml, "w") as f:
            f.write(text)
        d = json.loads(run("run", toml, "--json", check=0, timeout=300).stdout)
        return d, os.path.join(self.path("plan"), "out/demo/heat_plan_base.h5")

    def heat_plan(self, scenario, extra=""):
        """Runs data/scenarios/<scenario>.toml (with `extra` TOML appended) on the demo's twin (the
        paths of the shipped file, relative to it, are kept: a copy in <tmp>/plan/data/scenarios,
        the demo in <tmp>/plan/out/demo)."""
        root = self.path("plan")
        if not os.path.exists(os.path.join(root, "out/demo/twin.h5")):
            os.makedirs(os.path.join(root, "data/scenarios"))
            os.symlink(os.path.join(os.path.abspath(DATA), "weather"), os.path.join(root, "data/weather"))
            os.symlink(os.path.join(os.path.abspath(DATA), "sample"), os.path.join(root, "data/sample"))
            run("demo", "--out", os.path.join(root, "out/demo"), check=0, timeout=120)
        toml = os.path.join(root, "data/scenarios", scenario + ".toml")
        shutil.copy(os.path.join(DATA, "scenarios", scenario + ".toml"), toml)
        if extra:
            with open(toml, "a") as f:
                f.write("\n" + extra)
        d = json.loads(run("run", toml, "--json", check=0, timeout=300).stdout)
        return d, os.path.join(root, "out/demo", scenario + ".h5")

    def test_heat_plan_base_scenario_refurbishes_year_by_year(self):
        d, results = self.heat_plan("heat_plan_base")
        self.assertEqual([y["year"] for y in d["years"]], [2025, 2030, 2035, 2040, 2045])
        self.assertAlmostEqual(d["heating_mwh"], d["years"][0]["heating_mwh"])  # single-year keys = base year
        n = d["buildings"]["computed"]
        with h5py.File(results, "r") as f:
            plan = f["results/base"]
            self.assertEqual(sorted(plan), ["2025", "2030", "2035", "2040", "2045"])
            refurbished, heating = [], []
            for year in sorted(plan):
                g = plan[year]
                b = g["buildings"]
                self.assertEqual(b["refurbished"].dtype, np.uint8)
                count = int(g.attrs["refurbished_buildings"][0])
                self.assertEqual(int(b["refurbished"][:].sum()), count)
                self.assertEqual(count, round(0.01 * (int(year) - 2025) * n))
                self.assertEqual(text(g.attrs["refurbishment_depth"]), "usual_refurbishment")
                self.assertEqual(text(g.attrs["refurbishment_order"]), "oldest_first")
                # Individual supply: CO2 and final energy by carrier and sector, per building and municipality.
                self.assertGreater(float(g["final_energy/co2_t"][0]), 0.0)
                self.assertEqual(text(g["final_energy/co2_t"].attrs["unit"]), "t/a")
                self.assertEqual(g["final_energy/mwh"].shape, (len(g["final_energy/carrier"]), 4))
                self.assertAlmostEqual(float(g["regions/co2_t"][:].sum()), float(g["final_energy/co2_t"][0]), places=3)
                self.assertAlmostEqual(float(g["regions/final_energy_mwh"][:].sum()), float(g["final_energy/mwh"][:].sum()),
                                       places=3)
                self.assertEqual(len(b["supply_option"]), len(b["id"]))
                self.assertTrue(np.all(b["co2_kg_per_a"][:] >= 0))
                # Supply areas of the grid's cells, with valid WPG codes.
                sa = g["supply_areas"]
                self.assertEqual(sorted(x.decode() for x in sa["id"][:]), sorted(x.decode() for x in g["grid/cell_id"][:]))
                self.assertLessEqual({x.decode() for x in sa["type"][:]},
                                     {"heat_network", "hydrogen_network", "decentralised", "test_area"})
                grades = {"very_likely_unsuited", "likely_unsuited", "likely_suited", "very_likely_suited"}
                for column in ("heat_network_grade", "hydrogen_grade", "decentralised_grade"):
                    self.assertLessEqual({x.decode() for x in sa[column][:]}, grades)
                self.assertTrue(all(len(x) > 0 for x in sa["reasons"][:]))
                self.assertEqual(text(sa["heat_density_mwh_per_ha_a"].attrs["unit"]), "MWh/(ha.a)")
                self.assertEqual(sum(d["years"][0]["supply_areas_by_type"].values()), len(sa["id"]))
                refurbished.append(b["refurbished"][:].astype(bool))
                heating.append(float(b["annual_heating_kwh"][:].sum()))

                def has_unit(name, obj):
                    if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "iuf":
                        self.assertIn("unit", obj.attrs, f"{year}/{name} has no unit")
                g.visititems(has_unit)
            for earlier, later in zip(refurbished, refurbished[1:]):
                self.assertTrue(np.all(later[earlier]))  # nested: once refurbished, always refurbished
                self.assertGreater(later.sum(), earlier.sum())
            for earlier, later in zip(heating, heating[1:]):
                self.assertLess(later, earlier)
            # The base year's systems: the demo's (illustrative) register carriers of about a third
            # of the main buildings, the others imputed from the census shares; installation years
            # spread over the lifetimes, so some age out in every period. Systems are sized by the
            # register's nominal power where it gives one (issue 16).
            es = d["existing_heating_systems"]
            self.assertEqual(es["method"], "census")
            self.assertGreater(es["carrier_from_twin"], 0)
            self.assertEqual(es["carrier_from_twin"] + es["carrier_imputed"] + es["no_system_known"], n)
            self.assertEqual(sum(es["carrier_imputed_by_option"].values()), es["carrier_imputed"])
            self.assertGreater(es["carrier_imputed_by_option"]["gas_boiler"], es["carrier_imputed"] / 3)
            self.assertEqual(int(plan["2025"]["buildings/existing_carrier_imputed"][:].sum()), es["carrier_imputed"])
            self.assertEqual(int(plan["2025"]["buildings/supply_kept_existing"][:].sum()),
                             es["carrier_imputed"] + es["carrier_from_twin"])
            power = d["years"][0]["system_power"]
            self.assertGreater(es["nominal_power_measured"], 0)
            self.assertEqual(power["measured"], es["nominal_power_measured"])
            self.assertEqual(power["measured"] + power["estimated"], n)
            self.assertEqual(int(plan["2025"]["buildings/system_power_measured"][:].sum()), power["measured"])
            for year in d["years"][1:]:
                self.assertGreater(year["supply_replaced"], 0, year["year"])
                kept = int(plan[str(year["year"])]["buildings/supply_kept_existing"][:].sum())
                self.assertEqual(kept, n - year["supply_replaced"], year["year"])
            types = {year: [x.decode() for x in plan[year]["supply_areas/type"][:]] for year in plan}
        # The GeoPackage of a target year has the supply_areas layer: one polygon per cell, the
        # class withheld (NULL) in the same cells as grid_100m.
        out = self.path("plan_gpkg")
        run("export", results, "--format", "gpkg", "--year", "2045", "--out", out, check=0)
        gpkg = os.path.join(out, "base_2045.gpkg")
        sql = subprocess.run(["ogrinfo", "-q", gpkg, "-sql",
                              "SELECT COUNT(*) AS n, SUM(withheld) AS w, SUM(type IS NULL) AS t FROM supply_areas"],
                             capture_output=True, text=True, check=True).stdout
        grid = subprocess.run(["ogrinfo", "-q", gpkg, "-sql", "SELECT SUM(withheld) AS w FROM grid_100m"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn(f"n (Integer) = {len(types['2045'])}", sql)
        withheld = grid.split("w (Integer) = ")[1].split()[0]
        self.assertIn(f"w (Integer) = {withheld}", sql)
        self.assertIn(f"t (Integer) = {withheld}", sql)
        with h5py.File(results, "r") as f:
            plan = f["results/base"]
            for year, y in zip(sorted(plan), d["years"]):
                self.assertAlmostEqual(y["co2_t"], float(plan[year]["final_energy/co2_t"][0]), places=3)
                self.assertAlmostEqual(y["heating_mwh"], float(plan[year]["buildings/annual_heating_kwh"][:].sum()) / 1000,
                                       places=3)

    def test_heat_plan_supply_sub_areas(self):
        """Supply areas as sub-areas: every cell in one cluster, the clusters' sums equal the cells',
        no published sub-area below the privacy minimum, and the GeoPackage's dissolved polygons are
        valid (OGR/GEOS ST_IsValid) with area = cells x 1 ha."""
        _, results = self.heat_plan("heat_plan_base")
        grades = {"very_likely_unsuited", "likely_unsuited", "likely_suited", "very_likely_suited"}
        with h5py.File(results, "r") as f:
            plan = f["results/base"]
            for year in sorted(plan):
                sa = plan[year]["supply_areas"]
                c = sa["clusters"]
                k = len(c["id"])
                cluster = sa["cluster"][:]
                self.assertEqual(text(sa["cluster"].attrs["unit"]), "1")
                self.assertEqual(sorted(set(cluster.tolist())), list(range(k)))  # every sub-area has cells
                self.assertEqual(int(c["cells"][:].sum()), len(sa["id"]))
                np.testing.assert_array_equal(np.bincount(cluster, minlength=k), c["cells"][:])
                np.testing.assert_allclose(np.bincount(cluster, weights=sa["heat_demand_mwh"][:], minlength=k),
                                           c["heat_demand_mwh"][:], rtol=1e-12)
                np.testing.assert_allclose(c["area_ha"][:], c["cells"][:].astype(float))
                np.testing.assert_allclose(c["heat_density_mwh_per_ha_a"][:], c["heat_demand_mwh"][:] / c["area_ha"][:])
                minimum = int(c.attrs["privacy_min_buildings"][0])
                self.assertEqual(minimum, 5)
                small = c["buildings"][:] < minimum
                np.testing.assert_array_equal(small, c["withheld"][:].astype(bool))
                self.assertEqual(int(c["buildings"][:].sum()), int(plan[year]["buildings/id"].shape[0]))
                self.assertLessEqual({x.decode() for x in c["type"][:]},
                                     {"heat_network", "hydrogen_network", "decentralised", "test_area"})
                for column in ("heat_network_grade", "hydrogen_grade", "decentralised_grade"):
                    self.assertLessEqual({x.decode() for x in c[column][:]}, grades)
                self.assertTrue(all(x.decode().startswith("HD_BAND_") for x in c["reasons"][:]))
                self.assertLess(k, len(sa["id"]))  # cells are grouped
        out = self.path("plan_clusters")
        run("export", results, "--format", "gpkg", "--year", "2030", "--out", out, check=0)
        gpkg = os.path.join(out, "base_2030.gpkg")
        sql = subprocess.run(["ogrinfo", "-q", gpkg, "-sql",
                              "SELECT COUNT(*) AS n, SUM(ST_IsValid(geom)) AS valid, "
                              "SUM(ABS(ST_Area(geom) - 10000.0 * cells) < 1e-6) AS area_ok, SUM(cells) AS cells, "
                              "SUM(type IS NULL) AS hidden, SUM(withheld) AS w FROM supply_area_clusters"],
                             capture_output=True, text=True, check=True).stdout
        with h5py.File(results, "r") as f:
            c = f["results/base/2030/supply_areas/clusters"]
            k = len(c["id"])
            cells = int(c["cells"][:].sum())
            withheld = int(c["withheld"][:].sum())
        self.assertIn(f"n (Integer) = {k}", sql)
        self.assertIn(f"valid (Integer) = {k}", sql)
        self.assertIn(f"area_ok (Integer) = {k}", sql)
        self.assertIn(f"cells (Integer) = {cells}", sql)
        self.assertIn(f"hidden (Integer) = {withheld}", sql)
        self.assertIn(f"w (Integer) = {withheld}", sql)

    def test_heat_plan_alternatives_run_on_the_demo_twin(self):
        base, _ = self.heat_plan("heat_plan_base")
        fast, fast_results = self.heat_plan("heat_plan_fast_refurbishment")
        pumps, pumps_results = self.heat_plan("heat_plan_heat_pumps")
        n = base["buildings"]["computed"]
        self.assertEqual(fast["years"][-1]["refurbished_buildings"], round(0.02 * 20 * n))
        self.assertEqual(pumps["years"][-1]["refurbished_buildings"], round(0.015 * 20 * n))
        # Twice the rate to a deeper package: less space heating in 2045 than the base scenario.
        self.assertLess(fast["years"][-1]["heating_mwh"], base["years"][-1]["heating_mwh"])
        self.assertIn("network", fast)
        # [supply] allowed = heat pumps only: every system installed in the plan is one (existing
        # systems stay until they age out), and CO2 falls with the electricity factor.
        with h5py.File(pumps_results, "r") as f:
            for year in f["results/heat_pumps"]:
                b = f[f"results/heat_pumps/{year}/buildings"]
                new_options = {o.decode() for o, kept in zip(b["supply_option"][:], b["supply_kept_existing"][:])
                               if not kept}
                self.assertLessEqual(new_options, {"air_heat_pump", "ground_heat_pump"}, year)
        co2 = [y["co2_t"] for y in pumps["years"]]
        self.assertEqual(co2, sorted(co2, reverse=True))
        with h5py.File(fast_results, "r") as f:
            self.assertIn("network", f["results/fast_refurbishment/2025"])
        self.check_network_supply_per_year(fast, fast_results, "fast_refurbishment")
        # The designed network supplies its consumers from the first target year on: house
        # substations with district heat, the CO2 of the network's dispatch per kWh sold.
        with h5py.File(fast_results, "r") as f:
            for y in fast["years"]:
                g = f[f"results/fast_refurbishment/{y['year']}"]
                on = g["buildings/network_supplied"][:].astype(bool)
                self.assertEqual(int(on.sum()), y["network_supplied_buildings"], y["year"])
                if y["year"] == 2025:
                    self.assertEqual(y["network_supplied_buildings"], 0)  # planned, not yet built
                    continue
                self.assertGreater(y["network_supplied_buildings"], 0, y["year"])
                options = {o.decode() for o in g["buildings/supply_option"][:][on]}
                self.assertEqual(options, {"heat_substation"}, y["year"])
                co2 = g["buildings/co2_kg_per_a"][:][on]
                final = g["buildings/final_energy_kwh"][:][on]
                np.testing.assert_allclose(co2, final * y["network"]["co2_g_per_kwh"] / 1000.0, rtol=1e-9)

    def check_network_supply_per_year(self, d, results, name):
        """[network] supply every target year: the dispatch balances the simulated plant heat, the
        renewable share is checked against the WPG target of the year, the network LCOH (VDI 2067)
        reaches the cells the network serves, and the summary repeats the file."""
        targets = {2025: 0.0, 2030: 0.3, 2035: 0.3, 2040: 0.8, 2045: 1.0}  # WPG §29 (1), §31 (1)
        with h5py.File(results, "r") as f:
            plan = f[f"results/{name}"]
            self.assertEqual(sorted(plan), ["2025", "2030", "2035", "2040", "2045"])
            plant_heat = []
            for year, y in zip(sorted(plan), d["years"]):
                g = plan[year]["network"]
                net, sup, plants, eco = g["networks"], g["supply"], g["plants"], g["economics"]
                load = float(net["plant_heat_mwh"][0])
                plant_heat.append(load)
                self.assertAlmostEqual(float(sup["load_mwh"][0]), load, delta=1e-9 * load)
                # Energy balance: Σ plant dispatch + unmet = plant heat + store losses + final store content.
                produced = float(plants["heat_mwh"][:].sum())
                store_end = float(sup["hourly_storage_kwh"][0, -1]) / 1000.0
                self.assertAlmostEqual(produced + float(sup["unmet_mwh"][0]),
                                       load + float(sup["storage_loss_mwh"][0]) + store_end, delta=1e-6 * load)
                hourly = plants["hourly_heat_kw"][:]
                self.assertEqual(hourly.shape, (len(plants["id"]), 8760))
                self.assertTrue(np.allclose(hourly.sum(axis=1) / 1000.0, plants["heat_mwh"][:], rtol=1e-9))
                self.assertEqual(sup["hourly_unmet_kw"].shape, (1, 8760))
                self.assertLess(float(sup["max_balance_error_kw"][0]), 1e-6 * float(net["peak_plant_heat_kw"][0]))
                share, target = float(sup["renewable_share"][0]), float(sup["wpg_target_share"][0])
                self.assertEqual(target, targets[int(year)])
                self.assertTrue(0.0 <= share <= 1.0)
                meets_as_expected = bool(sup["meets_wpg_target"][0]) == (share >= target - 1e-12)
                print(f"VALIDATION network_supply e2e_{name}_{year} renewable_share computed={share:.4f} "
                      f"target={target:.2f} meets={int(bool(sup['meets_wpg_target'][0]))} "
                      f"{'PASS' if meets_as_expected else 'FAIL'}", flush=True)
                self.assertTrue(meets_as_expected, f"{name} {year}: meets_wpg_target disagrees with {share} >= {target}")
                lcoh = float(eco["lcoh_eur_per_mwh"][0])
                self.assertTrue(20.0 < lcoh < 1000.0, lcoh)
                parts = sum(float(eco[k][0]) for k in ("plants_eur_per_mwh", "pipes_eur_per_mwh", "connections_eur_per_mwh",
                                                       "maintenance_eur_per_mwh", "energy_eur_per_mwh", "pumping_eur_per_mwh"))
                self.assertAlmostEqual(parts - float(eco["revenue_eur_per_mwh"][0]), lcoh, delta=1e-9 * lcoh)
                self.assertGreater(float(sup["co2_t"][0]), 0.0)
                # Summary = file.
                self.assertEqual(y["network"]["meets_wpg_target"], bool(sup["meets_wpg_target"][0]))
                self.assertAlmostEqual(y["network"]["renewable_share"], share, places=9)
                self.assertAlmostEqual(y["network"]["lcoh_eur_per_mwh"], lcoh, places=6)
                # Supply areas: the cells holding the network's pipes carry its LCOH; the others an estimate.
                sa = plan[year]["supply_areas"]
                method = [x.decode() for x in sa["lcoh_network_method"][:]]
                route = sa["route_length_m"][:]
                self.assertLessEqual(set(method), {"designed_network", "street_length_estimate",
                                                   "route_per_connection_estimate", "district_heat_price"})
                served = route > 0
                self.assertGreater(served.sum(), 0)
                self.assertTrue(all(m == "designed_network" for m, s in zip(method, served) if s))
                self.assertTrue(np.allclose(sa["lcoh_network_eur_per_mwh"][:][served], lcoh, rtol=1e-12))
                self.assertLessEqual(route.sum(), float(net["route_length_m"][0]) + 1e-6)
                self.assertTrue(all(m != "designed_network" for m, s in zip(method, served) if not s))
            # Refurbishment lowers the network's plant heat year by year (the same network, less demand).
            self.assertEqual(plant_heat, sorted(plant_heat, reverse=True))

    def test_one_supply_model_with_and_without_network(self):
        """Issue 15 §2 on the demo: the base heat plan with and without the [network] of the
        fast-refurbishment alternative (same twin, buildings and prices). Supply-area grades agree
        except in the cells whose evidence the simulated network changed, each with its reason; a
        supplied building keeps its house substation in every later year; unconnected buildings in
        heat-network cells get no new biomass boiler; the indicators agree on stdout, in --json and
        in HDF5; warnings reach stderr, --json and the file, and --strict exits 1; export writes
        every year."""
        without, without_path = self.heat_plan("heat_plan_base")
        root = self.path("plan")
        with open(os.path.join(DATA, "scenarios", "heat_plan_fast_refurbishment.toml")) as f:
            fast = f.read()
        with open(os.path.join(DATA, "scenarios", "heat_plan_base.toml")) as f:
            base_text = f.read()
        toml = os.path.join(root, "data/scenarios/with_network.toml")
        with open(toml, "w") as f:
            f.write(base_text + "\n" + fast[fast.index("\n[network]\n"):])
        with_path = os.path.join(root, "out/demo/with_network.h5")
        # --strict: the portfolio misses the WPG 2040/2045 targets, so the run exits 1 (file written).
        p = run("run", toml, "--json", "--strict", "--out", with_path, check=1, timeout=300)
        d = json.loads(p.stdout)
        self.assertIn("[WPG_NETWORK_SHARE_BELOW_TARGET]", p.stderr)
        self.assertIn("--strict", p.stderr)
        self.assertEqual(without["warnings"], [])
        codes = {(w["year"], w["code"]) for w in d["warnings"]}
        self.assertIn((2040, "WPG_NETWORK_SHARE_BELOW_TARGET"), codes)
        self.assertIn((2045, "WPG_NETWORK_SHARE_BELOW_TARGET"), codes)
        for w in d["warnings"]:
            self.assertEqual(set(w), {"year", "code", "severity", "object_id", "value", "limit", "unit", "message"})
            self.assertIn(str(w["year"]), w["message"])
            self.assertLess(w["value"], w["limit"]) if w["code"] == "WPG_NETWORK_SHARE_BELOW_TARGET" else None
        # Without --strict: exit 0, the same warnings on stderr; the text summary for the indicators.
        text = run("run", toml, "--out", os.path.join(root, "out/demo/with_network_text.h5"), check=0, timeout=300)
        for w in d["warnings"]:
            self.assertIn(f"warning: {w['message']} [{w['code']}]", text.stderr)

        with h5py.File(without_path, "r") as fa, h5py.File(with_path, "r") as fb, \
                h5py.File(os.path.join(root, "out/demo/twin.h5"), "r") as ft:
            north, east = ft["grid_100m/north_100m"][:], ft["grid_100m/east_100m"][:]
            twin_cell = ft["buildings/grid_cell"][:]
            years = sorted(fa["results/base"])
            self.assertEqual(years, sorted(fb["results/base"]))
            supplied_before = set()
            changed_cells = 0
            for year, ya, yb in zip(years, without["years"], d["years"]):
                sa, sb = fa[f"results/base/{year}/supply_areas"], fb[f"results/base/{year}/supply_areas"]
                ids = sa["id"][:]
                self.assertTrue(np.array_equal(ids, sb["id"][:]), year)
                evidence = np.array([e.decode() for e in sb["network_evidence"][:]])
                changed = evidence != ""
                self.assertFalse(any(e.decode() for e in sa["network_evidence"][:]), year)
                # The changed cells are exactly those holding the network's pipes, each with its reason.
                self.assertTrue(np.array_equal(changed, sb["route_length_m"][:] > 0), year)
                self.assertTrue(all("VDI 2067 LCOH" in e for e in evidence[changed]), year)
                changed_cells += int(changed.sum())
                flipped = np.zeros(len(ids), dtype=bool)
                for key in ("type", "heat_network_grade", "hydrogen_grade", "decentralised_grade"):
                    flipped |= (sa[key][:] != sb[key][:]) & ~changed
                print(f"VALIDATION supply_model e2e_supply_areas_{year} cells_flipped_outside_network "
                      f"computed={int(flipped.sum())} tol=0 cells={len(ids)} cells_changed_by_network="
                      f"{int(changed.sum())} {'PASS' if not flipped.any() else 'FAIL'}", flush=True)
                self.assertFalse(flipped.any(), f"{year}: {ids[flipped][:5]}")
                for key in ("lcoh_network_eur_per_mwh", "lcoh_individual_eur_per_mwh", "route_length_m",
                            "heat_demand_mwh"):
                    np.testing.assert_array_equal(sa[key][:][~changed], sb[key][:][~changed], f"{year} {key}")
                # A supplied building keeps its house substation in every later year.
                b = fb[f"results/base/{year}/buildings"]
                bid = b["id"][:]
                on = b["network_supplied"][:].astype(bool)
                self.assertLessEqual(supplied_before, set(bid[on]), year)
                supplied_before = set(bid[on])
                self.assertTrue(all(o == b"heat_substation" for o in b["supply_option"][:][on]), year)
                # Unconnected buildings in heat-network cells: no new biomass boiler.
                cell_type = dict(zip(ids, sb["type"][:]))
                cells = twin_cell[b["twin_index"][:]]
                in_hn = np.array([c < len(north) and cell_type.get(
                    f"CRS3035RES100mN{int(north[c]) * 100}E{int(east[c]) * 100}".encode()) == b"heat_network"
                    for c in cells])
                new = ~b["supply_kept_existing"][:].astype(bool)
                options = b["supply_option"][:]
                self.assertFalse(np.any((options == b"biomass_boiler") & new & in_hn & ~on), year)
                self.assertEqual(int((in_hn & ~on).sum()), yb["heat_network_area"]["buildings"], year)
                # Indicators: --json = HDF5 = stdout (twin/indicators.hpp).
                ind = fb[f"results/base/{year}/indicators"]
                self.assertAlmostEqual(float(ind["specific_demand_kwh_per_m2a"][0]), yb["specific_demand_kwh_per_m2a"],
                                       places=9)
                self.assertAlmostEqual(float(ind["peak_load_mw"][0]), yb["peak_load_mw"], places=9)
                self.assertAlmostEqual(float(ind["co2_t"][0]), yb["co2_t"], places=6)
                self.assertAlmostEqual(float(ind["final_energy_mwh"][0]), yb["final_energy_mwh"], places=6)
                self.assertAlmostEqual(float(ind["renewable_share"][0]), yb["renewable_share"], places=12)
                supply_line = [line for line in text.stdout.splitlines() if line.startswith(f"Supply {year} ")]
                self.assertEqual(len(supply_line), 1, text.stdout)
                self.assertIn(f"renewable {100.0 * yb['renewable_share']:.1f} %, CO2 {yb['co2_t']:.1f} t/a",
                              supply_line[0])
                self.assertAlmostEqual(yb["specific_demand_kwh_per_m2a"],
                                       1000.0 * (yb["heating_mwh"] + yb["hot_water_mwh"]) / yb["heated_floor_area_m2"],
                                       places=9)
                hourly = fb[f"results/base/{year}/regions/hourly_heating_w"][:] + \
                    fb[f"results/base/{year}/regions/hourly_hot_water_w"][:]
                self.assertAlmostEqual(hourly.sum(axis=0).max() / 1e6, yb["peak_load_mw"], places=6)
                row = [line for line in text.stdout.splitlines() if line.startswith(f"  {year}  ")]
                self.assertEqual(len(row), 1, text.stdout)
                self.assertEqual(row[0].split()[-2:], [f"{yb['specific_demand_kwh_per_m2a']:.1f}",
                                                       f"{yb['peak_load_mw']:.2f}"])
                # Warnings in the file = in --json.
                w = fb[f"results/base/{year}/warnings"]
                self.assertEqual([c.decode() for c in w["code"][:]],
                                 [x["code"] for x in d["warnings"] if x["year"] == int(year)])
                self.assertEqual(len(fa[f"results/base/{year}/warnings/code"]), 0)
            self.assertGreater(changed_cells, 0)
        self.assertIn(f"specific demand (heating + hot water) {d['specific_demand_kwh_per_m2a']:.1f} kWh/(m²·a)",
                      text.stdout)
        self.assertIn(f"peak load (heating + hot water) {d['peak_load_mw']:.2f} MW", text.stdout)
        # Export: every year of the file (no --year).
        out = self.path("export_all")
        run("export", with_path, "--format", "gpkg", "png", "--out", out, check=0, timeout=300)
        for year in years:
            self.assertTrue(os.path.isfile(os.path.join(out, f"base_{year}.gpkg")), year)
            self.assertTrue(os.path.isfile(os.path.join(out, f"base_{year}_heat_density.png")), year)

    def test_heat_plan_overrides_prices_co2_and_thresholds(self):
        base, _ = self.heat_plan("heat_plan_base")
        # Biomass at 1,000 EUR/MWh in every year: fewer biomass boilers (only where no heat pump is
        # offered: design supply temperature above 75 degC); natural gas with a CO2
        # factor of 0 from 2025: less CO2 every year; a density band 1 above any cell's density: no
        # heat-network cells.
        years = [2025, 2030, 2035, 2040, 2045]  # the years of the shipped tables: each one replaced
        extra = ("[prices.biomass]\n" + "".join(f"{y} = 1000\n" for y in years) +
                 "[co2_factors.natural_gas]\n" + "".join(f"{y} = 0\n" for y in years) +
                 "[supply_areas]\ndensity_band_1_mwh_per_ha_a = 90000\ndensity_band_2_mwh_per_ha_a = 95000\n"
                 "density_band_3_mwh_per_ha_a = 99000\nline_density_low_mwh_per_m_a = 900\n"
                 "line_density_high_mwh_per_m_a = 950\n")
        changed, _ = self.heat_plan("heat_plan_base", extra)
        for b, c in zip(base["years"], changed["years"]):
            self.assertGreater(b["buildings_by_supply_option"].get("biomass_boiler", 0), 0, b["year"])
            self.assertLess(c["buildings_by_supply_option"].get("biomass_boiler", 0),
                            b["buildings_by_supply_option"]["biomass_boiler"], c["year"])
            self.assertLess(c["co2_t"], b["co2_t"], c["year"])
            self.assertGreater(b["supply_areas_by_type"].get("heat_network", 0), 0, b["year"])
            self.assertEqual(c["supply_areas_by_type"].get("heat_network", 0), 0, c["year"])

    def test_heat_plan_refurbishment_path(self):
        # 1 %/a to 2030, then 3 %/a; the usual package to 2035, then the advanced one.
        d, results = self.heat_plan_with(
            "rate_per_year = 0.01", "rate_per_year = { 2030 = 0.01, 2045 = 0.03 }",
            "depth = \"usual_refurbishment\"",
            "depth = { 2035 = \"usual_refurbishment\", 2045 = \"advanced_refurbishment\" }")
        n = d["buildings"]["computed"]
        counts = {y["year"]: y["refurbished_buildings"] for y in d["years"]}
        def count(rates):  # the run's sum over calendar years, rounded half away from zero
            share = 0.0
            for r in rates:
                share += r
            return math.floor(share * n + 0.5)
        self.assertEqual(counts[2030], round(0.01 * 5 * n))  # a constant rate: the closed form
        self.assertEqual(counts[2045], count([0.01] * 5 + [0.03] * 15))
        with h5py.File(results, "r") as f:
            plan = f["results/base"]
            self.assertEqual(text(plan["2035"].attrs["refurbishment_depth"]), "usual_refurbishment")
            self.assertEqual(text(plan["2040"].attrs["refurbishment_depth"]), "advanced_refurbishment")
            self.assertAlmostEqual(float(plan["2040"].attrs["refurbishment_rate_per_year"]), 0.03)
            self.assertIn("then 3.0 %/a", text(plan["2045"].attrs["refurbishment_path"]))

    def test_heat_plan_biomass_potential(self):
        # 2,000 MWh/a of biomass for the demo twin: new systems move to heat pumps until the
        # biomass final energy fits, except where nothing else is allowed (design supply > 75 degC).
        d, _ = self.heat_plan("heat_plan_base", "[supply]\nbiomass_potential_mwh_per_a = 2000.0\n")
        moved = 0
        for y in d["years"]:
            biomass = y["final_energy_mwh_by_carrier"].get("biomass", 0.0)
            self.assertLessEqual(biomass, 2000.0 + y["biomass_above_potential_mwh"] + 1e-6, y["year"])
            if y["biomass_above_potential_mwh"] > 0:
                self.assertGreater(biomass, 2000.0, y["year"])
            moved += y["supply_switched_for_potentials"]
        self.assertGreater(moved, 0)

    def test_heat_plan_with_the_planners_data(self):
        # Gas grid, hydrogen plan, potentials and a Zensus-format grid table (issue 16): the
        # evidence is known and used, the biomass of the layer caps the supply, the costs carry
        # their sources; without the layers the gas grid is "unknown", never "absent".
        d, results = self.heat_plan("heat_plan_planners_data")
        g = d["gas_grid"]
        self.assertEqual((g["gas_grid_source"], g["hydrogen_plan_source"]), ("layer", "layer"))
        self.assertGreater(g["buildings_near_gas_grid"], 0)
        self.assertGreater(d["existing_heating_systems"]["grid_cells_used"], 0)
        for y in d["years"]:
            p = y["potentials"]
            self.assertEqual(p["biomass"]["potential_mwh_per_a"], 1500.0)
            self.assertLessEqual(p["biomass"]["used_mwh_per_a"], 1500.0 + y["biomass_above_potential_mwh"] + 1e-6)
            self.assertIsNone(p["waste_heat"]["used_mwh_per_a"])  # listed, not drawn on
            # The ground-source area without capacity: 0.48 ha × the cited 133 kWh/(m²·a), labelled
            # (the area is measured in the twin's UTM zone 32 for a site in zone 33: +0.4 %); it
            # caps the ambient heat of the ground heat pumps in the cells it reaches.
            gs = p["ground_source"]
            self.assertAlmostEqual(gs["potential_mwh_per_a"], 4800.0 * 133.0 / 1000.0, delta=0.01 * 638.4)
            self.assertEqual(gs["features_from_default_yield"], 1)
            self.assertLessEqual(gs["used_mwh_per_a"], gs["potential_mwh_per_a"] + gs["above_potential_mwh_per_a"] + 1e-6)
        with h5py.File(results, "r") as f:
            sa = f["results/planners_data/2025/supply_areas"]
            self.assertEqual(text(sa.attrs["gas_grid_source"]), "layer")
            gas = sa["has_gas_grid"][:]
            self.assertTrue(set(np.unique(gas)) <= {0, 1} and gas.sum() > 0)
            reasons = ";".join(x.decode() for x in sa["reasons"][:])
            self.assertNotIn("GAS_GRID_UNKNOWN", reasons)
            self.assertIn("H2_PLAN", reasons)
            pot = f["results/planners_data/2045/potentials"]
            self.assertIn(b"biomass", list(pot["kind"][:]))
            self.assertIn(2, list(pot["capacity_from_yield"][:]))  # the cited default yield, labelled
            self.assertEqual(f["meta/technology"].attrs["price_year"][0], 2025)
            tech = f["meta/technology"]
            verified = {(t.decode(), p.decode()): v for t, p, v in
                        zip(tech["technology"][:], tech["parameter"][:], tech["verified"][:])}
            self.assertEqual(verified[("gas_boiler", "capex_eur_per_kw")], 1)
            self.assertEqual(verified[("oil_boiler", "capex_eur_per_kw")], 0)
            self.assertIn("gas_grid", dict(f["meta/inputs"].attrs))
        # The same plan without the layers: unknown, not absent.
        with open(os.path.join(DATA, "scenarios", "heat_plan_base.toml")) as f:
            base_toml = f.read()
        bare = re.sub(r"\[data\]\n(?:\w.*\n)*", "", base_toml)  # the base plan without its [data] layers
        self.assertNotIn("gas_grid", bare.replace("# The gas grid", ""))
        toml = os.path.join(self.path("plan"), "data/scenarios/bare.toml")
        with open(toml, "w") as f:
            f.write(bare.replace("heat_plan_base.h5", "bare.h5"))
        d0 = json.loads(run("run", toml, "--json", check=0, timeout=300).stdout)
        self.assertEqual(d0["gas_grid"]["gas_grid_source"], "unknown")
        with h5py.File(os.path.join(self.path("plan"), "out/demo/bare.h5"), "r") as f:
            sa = f["results/base/2025/supply_areas"]
            self.assertTrue(np.all(sa["has_gas_grid"][:] == -1))
            self.assertTrue(all(b"GAS_GRID_UNKNOWN" in x and b"NO_GAS_GRID" not in x for x in sa["reasons"][:]))
        # A gas layer whose coordinates are not in its declared CRS: exit 2 naming file and feature.
        bad = os.path.join(self.path("plan"), "gas_wrong_crs.geojson")
        with open(os.path.join(DATA, "sample", "goerlitz_gas_grid.geojson")) as f:
            layer = json.load(f)
        layer["crs"]["properties"]["name"] = "urn:ogc:def:crs:OGC:1.3:CRS84"
        with open(bad, "w") as f:
            json.dump(layer, f)
        with open(toml, "w") as f:
            f.write(bare + f'[data]\ngas_grid = "{bad}"\n')
        p = run("run", toml, check=2, timeout=300)
        self.assertIn("gas_wrong_crs.geojson", p.stderr)
        self.assertIn("cannot be transformed", p.stderr)
        # … and one declared in a neighbouring CRS (UTM 32N instead of 33N): it lies far from the twin.
        layer["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::25832"
        with open(bad, "w") as f:
            json.dump(layer, f)
        p = run("run", toml, check=2, timeout=300)
        self.assertIn("outside the twin's area", p.stderr)

    def test_heat_plan_scenario_errors_exit_2(self):
        base = os.path.join(DATA, "scenarios", "heat_plan_base.toml")
        with open(base) as f:
            text = f.read()
        for needle, replacement, message in [
                ("years = [2025, 2030, 2035, 2040, 2045]", "years = [2025, 2045, 2030]", "ascending"),
                ("years = [2025, 2030, 2035, 2040, 2045]", "year = 2025\nyears = [2025, 2030]", "not both"),
                ("rate_per_year = 0.01", "rate_per_year = 0.5", "outside [0, 0.2]"),
                ("order = \"oldest_first\"", "order = \"oldest_first\"\nspeed = 2", "unknown key 'speed'"),
                ("order = \"oldest_first\"", "order = \"oldest_first\"\n[supply]\nexisting_systems = \"guess\"",
                 "existing_systems must be \"census\""),
                ("order = \"oldest_first\"", "order = \"oldest_first\"\n[supply]\nseed = -1",
                 "seed must be a non-negative integer"),
                ("order = \"oldest_first\"", "order = \"oldest_first\"\n[supply]\nbiomass_potential_mwh_per_a = -3",
                 "'biomass_potential_mwh_per_a' must be a number ≥ 0 MWh/a")]:
            path = self.path("bad.toml")
            with open(path, "w") as f:
                f.write(text.replace(needle, replacement))
            p = run("run", path, check=2)
            self.assertIn(message, p.stderr)

    def test_streets_import_and_network_along_streets(self):
        osm = os.path.join(REFERENCE, "geodata", "osm-north-bayreuth", "north-bayreuth.osm.gz")
        twin = self.path("bay.h5")
        p = run("import", osm, "--streets", osm, "--out", twin, check=0, timeout=300)
        self.assertIn("street segments", p.stderr)
        with h5py.File(twin, "r") as t:
            x0, y0, x1, y1 = (t["streets"][k][:] for k in ("x0_m", "y0_m", "x1_m", "y1_m"))
        self.assertGreater(len(x0), 1000)
        # Reprojected to UTM 32N (Bayreuth: E ≈ 680 km, N ≈ 5.54 Mm), straight segments of positive length.
        self.assertTrue(np.all((x0 > 670e3) & (x0 < 700e3) & (y0 > 5.53e6) & (y0 < 5.55e6)))
        self.assertTrue(np.all(np.hypot(x1 - x0, y1 - y0) > 0.0))
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        scenario = self.write_scenario("bay.toml", f'[run]\ntwin = "bay.h5"\nweather = "{weather}"\nout = "bay_r.h5"\n'
                                       '[network]\ndesign = "densest-area"\nradius_m = 200.0\ndesign_load = "coincident"\n')
        d = json.loads(run("run", scenario, "--json", check=0, timeout=300).stdout)["network"]
        self.assertEqual(d["routing"], "along streets (shortest-path tree)")
        self.assertGreater(d["street_length_m"], 0.0)
        self.assertAlmostEqual(d["route_length_m"], d["street_length_m"] + d["house_connection_length_m"], places=6)
        self.assertLess(abs(d["energy_balance_error_mwh"]), 1e-6 * d["plant_heat_mwh"])
        with h5py.File(self.path("bay_r.h5"), "r") as f:
            hld = f["results/bay/2025/network/pipes/heat_line_density_mwh_per_ma"][:]  # scenario: the file's stem
            self.assertTrue(np.all(np.isfinite(hld)) and np.all(hld >= 0.0))

    def write_network(self, name, lines, crs):
        """A GeoJSON of network lines: (coordinates, properties) pairs, in `crs`."""
        features = [{"type": "Feature", "properties": props, "geometry": {"type": "LineString", "coordinates": coords}}
                    for coords, props in lines]
        path = self.path(name)
        with open(path, "w") as f:
            json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}},
                       "features": features}, f)
        return path

    def test_network_import_and_year(self):
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        with h5py.File(self.path("demo/results.h5"), "r") as f:
            b = f["results/demo/2025/buildings"]
            heated = b["twin_index"][b["annual_heating_kwh"][:] > 0]
        with h5py.File(self.path("demo/twin.h5"), "r") as t:
            crs = text(t.attrs["crs"])
            x, y = t["buildings/x_m"][:], t["buildings/y_m"][:]
            chars, offsets = t["buildings/id_chars"][()], t["buildings/id_offsets"][:]
        chars = chars.tobytes() if hasattr(chars, "tobytes") else bytes(chars)
        bid = lambda i: chars[offsets[i]:offsets[i + 1]].decode()
        a = heated[0]
        near = sorted(heated[1:], key=lambda i: np.hypot(x[i] - x[a], y[i] - y[a]))[:2]
        hub = [float(x[a]) + 15.0, float(y[a]) + 15.0]
        plant = [hub[0] + 40.0, hub[1]]
        lines = [([plant, hub], {"id": "main", "source": 1, "dn": 50}),
                 ([hub, [float(x[a]) + 3.0, float(y[a])]], {"id": "to_a"}),                      # by distance, default DN
                 ([hub, [float(x[near[0]]), float(y[near[0]]) + 4.0]], {"id": "to_b", "inner_diameter_m": 0.03}),
                 ([hub, [float(x[near[1]]) + 60.0, float(y[near[1]])]], {"id": "to_c", "building": bid(near[1])})]
        net = self.write_network("net.geojson", lines, crs)
        sample = os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson")
        mapping = os.path.join(DATA, "sample", "goerlitz_mapping.toml")
        twin = self.path("net_twin.h5")
        p = run("import", sample, "--mapping", mapping, "--network", net, "--out", twin, check=0)
        self.assertIn("network 'net' with 4 pipes", p.stderr)
        self.assertIn("3 consumers (1 named by attribute, 2 by distance", p.stderr)
        self.assertIn("2 diameters (DN 50)", p.stderr)  # to_a and to_c
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        scenario = self.write_scenario("net.toml", f'[run]\ntwin = "net_twin.h5"\nweather = "{weather}"\n'
                                       'out = "net_r.h5"\n[network]\nname = "net"\n')
        d = json.loads(run("run", scenario, "--json", check=0, timeout=300).stdout)["network"]
        self.assertEqual(d["routing"], "from the twin")
        self.assertEqual(d["consumers"], 3)
        self.assertEqual(d["pipes"], 4)
        self.assertGreater(d["delivered_mwh"], 0.0)
        self.assertLess(abs(d["energy_balance_error_mwh"]), 1e-6 * d["plant_heat_mwh"])
        with h5py.File(self.path("net_r.h5"), "r") as f:
            pipes = f["results/net/2025/network/pipes"]
            dn = dict(zip(pipes["id"].asstr()[:], pipes["dn"][:]))
            self.assertEqual(dn["main"], 50)
            self.assertEqual(dn["to_a"], 50)
            self.assertTrue(np.isnan(dn["to_b"]))  # 30 mm is not an EN 253 inner diameter
            # Heat line density: each consumer's heat over the pipes at its junction; sums to the delivered heat.
            hld, length = pipes["heat_line_density_mwh_per_ma"][:], pipes["length_m"][:]
            self.assertAlmostEqual((hld * length).sum(), d["delivered_mwh"], delta=1e-9 * d["delivered_mwh"])
            self.assertEqual(dict(zip(pipes["id"].asstr()[:], hld))["main"], 0.0)
        # Errors, each naming what is wrong.
        def import_error(lines, *extra):
            path = self.write_network("bad.geojson", lines, crs)
            return run("import", sample, "--mapping", mapping, "--network", path, "--out", self.path("bad.h5"),
                       *extra, check=2).stderr
        self.assertIn("'zero' (feature 4) has zero length", import_error(lines + [([hub, hub], {"id": "zero"})]))
        far = [[hub[0] + 500.0, hub[1]], [hub[0] + 520.0, hub[1]]]
        self.assertIn("not connected to the source", err := import_error(lines + [(far, {"id": "island"})]))
        self.assertIn("island", err)
        no_source = [(c, {k: v for k, v in p.items() if k != "source"}) for c, p in lines]
        self.assertIn("has no source", import_error(no_source))
        # A gap of 1.6 m closes only with a tolerance above the default 1 m; the source as a point.
        gap = [([plant, [hub[0] + 1.6, hub[1]]], {"id": "main", "source": 1})] + lines[1:]
        self.assertIn("not connected", import_error(gap))
        path = self.write_network("gap.geojson", gap, crs)
        run("import", sample, "--mapping", mapping, "--network", path, "--snap-tolerance", "2.0", "--out",
            self.path("gap.h5"), check=0)
        run("import", sample, "--mapping", mapping, "--network", path, "--snap-tolerance", "2.0", "--network-source",
            plant[0] + 2.0, plant[1], "--out", self.path("gap2.h5"), check=0)

    def test_network_scenario_errors_exit_2(self):
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        head = f'[run]\ntwin = "t.h5"\nweather = "{weather}"\nout = "o.h5"\n'
        bad_key = self.write_scenario("k.toml", head + '[network]\ndesign = "densest-area"\nradius = 3\n')
        p = run("run", bad_key, check=2)
        self.assertIn("unknown key 'radius' in [network]", p.stderr)
        self.assertIn("k.toml:7", p.stderr)
        bad_design = self.write_scenario("d.toml", head + '[network]\ndesign = "everything"\n')
        self.assertIn("densest-area", run("run", bad_design, check=2).stderr)
        monthly = self.write_scenario("m.toml", head.replace("[run]\n", '[run]\nmethod = "monthly"\n') +
                                      '[network]\ndesign = "densest-area"\n')
        self.assertIn("hourly", run("run", monthly, check=2).stderr)
        load = self.write_scenario("l.toml", head + '[network]\ndesign = "densest-area"\ndesign_load = "max"\n')
        self.assertIn("design_load", run("run", load, check=2).stderr)
        temps = self.write_scenario("t.toml", head + '[network]\ndesign = "densest-area"\nt_return_c = 90.0\n')
        self.assertIn("t_return_c", run("run", temps, check=2).stderr)
        # The plant portfolio: unknown keys, wrong types and impossible values name the key and line.
        plant = head + '[network]\ndesign = "densest-area"\n[network.plants.hp]\nkind = "heat_pump"\n'
        cop = self.write_scenario("p1.toml", plant + 'capacity_share = 0.3\ncop = 3.0\n')
        p = run("run", cop, check=2)
        self.assertIn("unknown key 'cop' in [network.plants.hp]", p.stderr)
        self.assertIn("p1.toml:10", p.stderr)
        share = self.write_scenario("p2.toml", plant + 'capacity_share = "half"\n')
        p = run("run", share, check=2)
        self.assertIn("p2.toml:9", p.stderr)
        self.assertIn("'capacity_share' must be a number", p.stderr)
        eff = self.write_scenario("p3.toml", head + '[network]\ndesign = "densest-area"\n[network.plants.b]\n'
                                  'kind = "boiler"\ncapacity_kw = 100\nefficiency = 1.2\n')
        self.assertIn("p3.toml:10", run("run", eff, check=2).stderr)

    def test_export_gpkg_and_png_of_the_demo(self):
        """`heattwin export --format gpkg png` on the demo's results: ogrinfo (gdal-bin) lists the
        layers and their CRS; gdalinfo reads the PNG with its world file."""
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        out = self.path("exported")
        p = run("export", self.path("demo/results.h5"), "--format", "gpkg", "png", "--out", out, check=0)
        gpkg = os.path.join(out, "demo_2025.gpkg")
        png = os.path.join(out, "demo_2025_heat_density.png")
        self.assertIn(gpkg, p.stdout)
        self.assertIn(png, p.stdout)
        # The demo designs a network: its pipes get a map of their own.
        self.assertEqual(sorted(os.listdir(out)), ["demo_2025.gpkg", "demo_2025_heat_density.png",
                                                   "demo_2025_heat_density.wld", "demo_2025_network.png",
                                                   "demo_2025_network.wld"])
        info = subprocess.run(["ogrinfo", "-so", gpkg, "grid_100m"], capture_output=True, text=True, check=True).stdout
        self.assertIn("Geometry: Polygon", info)
        self.assertIn('ID["EPSG",3035]', info)
        for field in ("cell_id: String", "heat_density_mwh_per_ha_a: Real", "buildings: Integer", "withheld: Integer"):
            self.assertIn(field, info)
        count = int(info.split("Feature Count: ")[1].split()[0])
        with h5py.File(self.path("demo/results.h5"), "r") as f:
            self.assertEqual(count, f["results/demo/2025/grid/cell_id"].shape[0])
        layers = subprocess.run(["ogrinfo", "-so", "-q", gpkg], capture_output=True, text=True, check=True).stdout
        self.assertIn("grid_100m (Polygon)", layers)
        self.assertIn("network_pipes (Line String)", layers)
        self.assertIn("supply_areas (Polygon)", layers)  # the run classifies the cells
        self.assertNotIn("buildings", layers)  # only with --with-buildings
        pipes = subprocess.run(["ogrinfo", "-so", gpkg, "network_pipes"], capture_output=True, text=True,
                               check=True).stdout
        with h5py.File(self.path("demo/results.h5"), "r") as f:
            self.assertEqual(int(pipes.split("Feature Count: ")[1].split()[0]),
                             f["results/demo/2025/network/pipes/id"].shape[0])
        for field in ("inner_diameter_m: Real", "peak_velocity_m_per_s: Real", "heat_line_density_mwh_per_ma: Real"):
            self.assertIn(field, pipes)
        p = run("export", self.path("demo/results.h5"), "--format", "gpkg", "--with-buildings",
                "--privacy-min-buildings", "1", "--out", out, check=0)
        info = subprocess.run(["ogrinfo", "-so", gpkg, "buildings"], capture_output=True, text=True, check=True).stdout
        crs = json.loads(run("info", self.path("demo/twin.h5"), "--json", check=0).stdout)["crs"]
        self.assertIn(f'ID["EPSG",{crs.split(":")[1]}]', info)  # buildings are in the twin CRS
        self.assertIn("heat_mwh_per_a: Real", info)
        raster = subprocess.run(["gdalinfo", png], capture_output=True, text=True, check=True).stdout
        self.assertIn("Driver: PNG/Portable Network Graphics", raster)
        self.assertIn("Band 3", raster)
        size = [int(v) for v in raster.split("Size is ")[1].split("\n")[0].split(", ")]
        self.assertLessEqual(max(size), 2000)
        self.assertIn("Pixel Size", raster)  # placed by the world file
        run("export", self.path("demo/results.h5"), "--format", "gpkg", "--privacy-min-buildings", "0",
            "--out", out, check=2)

    def test_export_gpkg_streets_and_cells_hold_the_results_total(self):
        """On a synthetic twin with streets: the heat of the street segments (plus what the export
        reports as unassigned) and of the grid cells each add up to the results' total."""
        import re
        twin = self.generate("state.h5", 3000, 3)
        scenario = self.write_scenario("s.toml", f"""
[run]
twin = "state.h5"
weather = "{os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")}"
out = "results.h5"
method = "monthly"
""")
        run("run", scenario, check=0)
        out = self.path("exported")
        p = run("export", self.path("results.h5"), "--format", "gpkg", "--privacy-min-buildings", "1",
                "--out", out, check=0)
        gpkg = os.path.join(out, "s_2025.gpkg")
        with h5py.File(self.path("results.h5"), "r") as f:
            total = basis_heat_mwh(f["results/s/2025"])

        def sql_sum(layer):
            text = subprocess.run(["ogrinfo", "-q", "-dialect", "SQLite", "-sql",
                                   f"SELECT SUM(heat_mwh_per_a) AS s, SUM(withheld) AS w FROM {layer}", gpkg],
                                  capture_output=True, text=True, check=True).stdout
            self.assertIn("w (Integer) = 0", text)
            return float(re.search(r"s \(Real\) = ([0-9.eE+-]+)", text).group(1))
        unassigned = re.search(r"\(([0-9.]+) MWh/a\) are farther than", p.stderr)
        streets = sql_sum("street_segments") + (float(unassigned.group(1)) if unassigned else 0.0)
        self.assertAlmostEqual(streets, total, delta=1e-6 * total + (0.1 if unassigned else 0.0))
        self.assertAlmostEqual(sql_sum("grid_100m"), total, delta=1e-6 * total)
        layers = subprocess.run(["ogrinfo", "-so", "-q", gpkg], capture_output=True, text=True, check=True).stdout
        self.assertIn("street_segments (Line String)", layers)

    def test_run_with_a_zensus_grid_table_of_heating_carriers(self):
        """`[data] census_heating_grid`: unknown carriers of buildings in cells of the table come from
        the cell's counts (here: only district heat), withheld cells and cells outside the table
        fall back to the state-wide shares, and the counts reach --json and the results' flags."""
        twin_path = self.generate("zensus.h5", 1500, 5)
        with h5py.File(twin_path, "r") as t:
            cells = list(zip(t["grid_100m/north_100m"][:], t["grid_100m/east_100m"][:]))
        self.assertGreater(len(cells), 10)
        used, withheld = cells[: len(cells) // 2], cells[len(cells) // 2]
        table = self.path("zensus_heating.csv")
        columns = ["Gas", "Heizoel", "Holz_Holzpellets", "Biomasse_Biogas", "Solar_Geothermie_Waermepumpen", "Strom",
                   "Kohle", "Fernwaerme", "kein_Energietraeger"]
        with open(table, "w", encoding="utf-8") as f:
            f.write("GITTER_ID_100m;x_mp_100m;y_mp_100m;" + ";".join(columns) + "\n")
            for n, e in used:
                f.write(f"CRS3035RES100mN{n * 100}E{e * 100};{e * 100 + 50};{n * 100 + 50};0;0;0;0;0;0;0;7;0\n")
            n, e = withheld
            f.write(f"CRS3035RES100mN{n * 100}E{e * 100};{e * 100 + 50};{n * 100 + 50};3;\u2013;0;0;0;0;0;4;0\n")
        scenario = self.write_scenario("zensus.toml", f"""
[run]
twin = "zensus.h5"
weather = "{os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")}"
out = "zensus_results.h5"
method = "monthly"
years = [2025, 2030]
[data]
census_heating_grid = "zensus_heating.csv"
""")
        j = json.loads(run("run", scenario, "--json", check=0, timeout=300).stdout)
        es = j["existing_heating_systems"]
        self.assertEqual(es["grid_cells_used"], len(used))
        self.assertEqual(es["grid_cells_withheld"], 1)
        self.assertEqual(es["grid_cells_not_in_table"], len(cells) - len(used) - 1)
        self.assertGreater(es["carrier_imputed_from_grid_cells"], 0)
        with h5py.File(self.path("zensus_results.h5"), "r") as f:
            b = f["results/zensus/2025/buildings"]
            flags = b["existing_carrier_imputed"][:]
            carriers = [c.decode() if isinstance(c, bytes) else c for c in b["final_energy_carrier"][:]]
            inputs = dict(f["meta/inputs"].attrs)
        self.assertEqual(int((flags == 2).sum()), es["carrier_imputed_from_grid_cells"])
        self.assertTrue(all(carriers[i] == "district_heat" for i in range(len(flags)) if flags[i] == 2))
        self.assertGreater(int((flags == 1).sum()), 0)  # the other cells: state-wide shares
        self.assertIn("census_heating_grid", inputs)
        # A bad table is refused naming the file and line.
        with open(table, "a", encoding="utf-8") as f:
            f.write("CRS3035RES100mN1E2;0;0;0;0;0;0;0;0;0;0;0\n")
        p = run("run", scenario, check=2, timeout=120)
        self.assertIn("zensus_heating.csv:", p.stderr)
        self.assertIn("is not a 100 m grid cell id", p.stderr)

    def test_compare_regions_of_one_and_two_results_files(self):
        """`compare` on a generated state: the municipalities' CSV and the JSON state totals hold the
        results' totals; a higher set point (B) gives more heat demand than A in every Kreis."""
        self.generate("state.h5", 3000, 3)
        for name, setpoint in (("a", 20.0), ("b", 22.0)):
            scenario = self.write_scenario(f"{name}.toml", f"""
[run]
twin = "state.h5"
weather = "{os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")}"
out = "{name}.h5"
method = "monthly"
[demand]
heating_setpoint_c = {setpoint}
""")
            run("run", scenario, check=0)
        a_h5, b_h5 = self.path("a.h5"), self.path("b.h5")
        with h5py.File(a_h5, "r") as f:
            b = f["results/a/2025/buildings"]
            total_mwh = basis_heat_mwh(f["results/a/2025"])
            n_buildings = len(b["id"])
            regions = f["results/a/2025/regions"]
            co2_t = float(np.nansum(regions["co2_t"][:])) if "co2_t" in regions else None

        out = self.path("cmp")
        p = run("compare", a_h5, "--out", out, "--privacy-min-buildings", 1, "--json", check=0)
        j = json.loads(p.stdout)
        (year,) = j["years"]
        self.assertEqual(year["year"], 2025)
        state = year["state"]
        self.assertEqual(state["buildings"], n_buildings)
        self.assertAlmostEqual(state["values"]["heat_demand_mwh_per_a"], total_mwh, delta=1e-9 * total_mwh)
        if co2_t is not None:
            self.assertAlmostEqual(state["values"]["co2_t_per_a"], co2_t, delta=1e-9 * co2_t + 1e-9)
        spread = state["spread"]["heat_demand_kwh_per_m2"]
        self.assertLessEqual(spread["min"], spread["median"])
        self.assertLessEqual(spread["median"], spread["max"])
        self.assertIn("not_available", j)
        # Plausibility against the shipped statistics: ratios only when every municipality was computed.
        plaus = j["plausibility"]
        self.assertEqual(plaus["municipalities_counted"], 218)
        self.assertEqual(plaus["state_wide"], plaus["municipalities_computed"] >= 218)
        rows = {r["key"]: r for r in plaus["rows"]}
        self.assertIn("residential_heat", rows)
        # Households 2023 × the Destatis heat shares of 2020 (the newest row of each key).
        self.assertAlmostEqual(rows["residential_heat"]["reference"], 54737 / 3.6 * (0.7035 + 0.1469) / 1e3, places=6)
        with h5py.File(a_h5, "r") as f:
            b = f["results/a/2025/buildings"]
            expected_mwh = (np.nansum(b["expected_heating_kwh"][:]) + np.nansum(b["expected_hot_water_kwh"][:])) / 1e3
        self.assertGreater(rows["residential_heat"]["twin"], 0.0)
        self.assertLessEqual(rows["residential_heat"]["twin"], expected_mwh / 1e6 * (1 + 1e-12))
        for r in plaus["rows"]:
            self.assertEqual(r["ratio"] is None, not plaus["state_wide"], r["key"])
        with open(os.path.join(out, "plausibility.csv"), encoding="utf-8", newline="") as f:
            plaus_rows = list(csv.reader(f, delimiter=";"))
        self.assertEqual(plaus_rows[0][:3], ["Kennzahl", "Einheit", "Zwilling 2025"])
        self.assertEqual(len(plaus_rows) - 1, len(plaus["rows"]))

        def german(text):
            return float(text.replace(",", ".")) if text else 0.0
        with open(os.path.join(out, "municipalities.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        header, body = rows[0], rows[1:]
        # The run's default basis is the expected consumption (issue 23); the header says so.
        heat = header.index("Wärmeverbrauch, erwartet (Raumwärme + Warmwasser) [MWh/a]")
        csv_total = sum(german(r[heat]) for r in body)
        csv_buildings = sum(int(r[header.index("Gebäude (berechnet)")]) for r in body)
        outside = n_buildings - csv_buildings  # buildings outside every municipality count only in the state
        self.assertGreaterEqual(outside, 0)
        if outside == 0:
            self.assertAlmostEqual(csv_total, total_mwh, delta=1e-6 * total_mwh + 0.05 * len(body))
        with open(os.path.join(out, "kreise.csv"), encoding="utf-8", newline="") as f:
            kreise = list(csv.reader(f, delimiter=";"))
        self.assertAlmostEqual(sum(german(r[heat - 2]) for r in kreise[1:]), csv_total, delta=0.05 * len(body))
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertIn("Regionalvergleich", html)
        self.assertIn("Plausibilität: Landessummen und amtliche Statistik", html)
        self.assertNotIn("https://", html)
        self.assertNotIn(" src=", html)

        # GeoPackage: the Kreis polygons carry the same totals.
        import re
        run("compare", a_h5, "--out", out, "--privacy-min-buildings", 1, "--gpkg", check=0)
        gpkg = os.path.join(out, "regions.gpkg")
        text = subprocess.run(["ogrinfo", "-q", "-dialect", "SQLite", "-sql",
                               "SELECT SUM(heat_demand_mwh_per_a) AS s, COUNT(geom) AS g FROM kreise_2025", gpkg],
                              capture_output=True, text=True, check=True).stdout
        self.assertAlmostEqual(float(re.search(r"s \(Real\) = ([0-9.eE+-]+)", text).group(1)), total_mwh,
                               delta=1e-6 * total_mwh)
        self.assertGreater(int(re.search(r"g \(Integer\) = ([0-9]+)", text).group(1)), 0)
        run("compare", a_h5, "--gpkg", check=2)  # --gpkg needs --out

        # Default privacy minimum: regions with fewer buildings are withheld, values empty.
        out_private = self.path("cmp_private")
        run("compare", a_h5, "--out", out_private, "--lang", "en", check=0)
        with open(os.path.join(out_private, "municipalities.csv"), encoding="utf-8", newline="") as f:
            en = list(csv.DictReader(f))
        for r in en:
            if int(r["buildings"]) < 5:
                self.assertEqual(r["withheld"], "1")
                self.assertEqual(r["heat_demand_mwh_per_a"], "")
            else:
                self.assertGreater(float(r["heat_demand_mwh_per_a"]), 0.0)

        # Two files: B (22 °C) needs more heat than A (20 °C) in the state and every Kreis.
        p = run("compare", a_h5, b_h5, "--out", self.path("ab"), "--json", check=0)
        j = json.loads(p.stdout)
        b_state = j["comparison"]["b"]["years"][0]["state"]["values"]["heat_demand_mwh_per_a"]
        self.assertGreater(b_state, state["values"]["heat_demand_mwh_per_a"])
        kreis_diffs = [d for d in j["comparison"]["differences"]
                       if d["level"] == "kreis" and d["indicator"] == "heat_demand_mwh_per_a" and d["diff"] is not None]
        self.assertTrue(kreis_diffs)
        for d in kreis_diffs:
            self.assertGreater(d["diff"], 0.0, d)
            self.assertGreater(d["relative"], 0.0, d)
        self.assertTrue(os.path.exists(os.path.join(self.path("ab"), "differences.csv")))
        run("compare", a_h5, "--lang", "fr", check=2)
        run("compare", self.path("missing.h5"), check=2)

    def test_compare_heat_plan_years_and_supply_area_shares(self):
        """`compare` on a heat plan: one table per year, CO2 per year equal to the results' regions,
        and the shares of buildings per expected supply-area type within [0, 1] and summing to ≤ 1."""
        _, results = self.heat_plan("heat_plan_base")
        j = json.loads(run("compare", results, "--json", "--privacy-min-buildings", 1, check=0).stdout)
        self.assertEqual([y["year"] for y in j["years"]], [2025, 2030, 2035, 2040, 2045])
        with h5py.File(results, "r") as f:
            for y in j["years"]:
                co2 = float(np.nansum(f[f"results/base/{y['year']}/regions/co2_t"][:]))
                self.assertAlmostEqual(y["state"]["values"]["co2_t_per_a"], co2, delta=1e-9 * co2 + 1e-9)
                shares = [y["state"]["values"][f"share_buildings_{t}"]
                          for t in ("heat_network", "hydrogen_network", "decentralised", "test_area")]
                for s in shares:
                    self.assertGreaterEqual(s, 0.0)
                self.assertLessEqual(sum(shares), 1.0 + 1e-12)
        self.assertFalse(any("supply-area" in n for n in j["not_available"]))

    # ---- CityGML
    def test_import_citygml_fzk_haus(self):
        gml = os.path.join(REFERENCE, "geodata", "citygml-fzk-haus-lod2", "FZK-Haus-LoD2-KIT-IAI-KHH-B36-V1.gml")
        out = self.path("fzk.h5")
        run("import", gml, "--out", out, check=0)
        d = json.loads(run("info", out, "--json", check=0).stdout)
        self.assertEqual(d["buildings"]["count"], 1)
        t = d["totals"]
        self.assertAlmostEqual(t["footprint_area_m2"], 120.0, delta=0.01)     # 12 m x 10 m
        self.assertAlmostEqual(t["roof_area_m2"], 2 * 12 * 5.7735, delta=0.05)  # two 30 deg planes
        self.assertAlmostEqual(t["volume_m3"], 12 * 10 * 3.631 + 0.5 * 10 * 2.887 * 12, delta=0.5)
        self.assertIn("data_quality", d)
        # The two LoD2 roof planes are kept in the twin file (/roofs, docs/twin-schema.md).
        self.assertEqual(d["roofs"], {"surfaces": 2, "buildings_with_roofs": 1})
        with h5py.File(out, "r") as f:
            r = f["roofs"]
            self.assertEqual(list(r["building"][:]), [0, 0])
            self.assertEqual(list(r["vertex_begin"][:]), [0, 4, 8])
            self.assertEqual(list(r["source"][:]), [0, 0])
            self.assertAlmostEqual(r["ground_z_m"][0], 111.8, places=9)
            self.assertAlmostEqual(float(r["z_m"][:].max()), 118.317691453624, places=6)

    def test_import_cityjson_sample(self):
        sample = os.path.join(REFERENCE, "geodata", "cityjson-samples", "zurich_subset_lod2.city.json")
        run("import", sample, "--out", self.path("zurich.h5"), check=0)
        info = json.loads(run("info", self.path("zurich.h5"), "--json", check=0).stdout)
        self.assertEqual(info["buildings"]["count"], 49)
        self.assertGreater(info["totals"]["wall_area_m2"], 0.0)

    def test_import_cityjson_sequence_equals_document(self):
        # Rotterdam (no referenceSystem; RD New) as a document and as a CityJSONSeq written here:
        # a header line, then one CityJSONFeature per building with its own vertices.
        sample = os.path.join(REFERENCE, "geodata", "cityjson-samples", "rotterdam_subset.city.json")
        with open(sample) as f:
            doc = json.load(f)
        lines = [{k: v for k, v in doc.items() if k not in ("CityObjects", "vertices", "appearance")}]
        lines[0].update({"CityObjects": {}, "vertices": []})
        for oid, obj in doc["CityObjects"].items():
            used = {}

            def remap(b):
                return [remap(x) for x in b] if isinstance(b, list) else used.setdefault(b, len(used))
            obj = dict(obj, geometry=[dict(g, boundaries=remap(g["boundaries"])) for g in obj["geometry"]])
            vertices = [doc["vertices"][old] for old in sorted(used, key=used.get)]
            lines.append({"type": "CityJSONFeature", "id": oid, "CityObjects": {oid: obj}, "vertices": vertices})
        seq = self.path("rotterdam.city.jsonl")
        with open(seq, "w") as f:
            f.writelines(json.dumps(line) + "\n" for line in lines)
        totals = []
        for name, path in (("doc", sample), ("seq", seq)):
            run("import", path, "--crs", "EPSG:28992", "--out", self.path(name + ".h5"), check=0)
            info = json.loads(run("info", self.path(name + ".h5"), "--json", check=0).stdout)
            self.assertEqual(info["buildings"]["count"], 16)
            totals.append(info["totals"])
        for key in ("footprint_area_m2", "roof_area_m2", "wall_area_m2", "volume_m3"):
            self.assertAlmostEqual(totals[0][key], totals[1][key], places=6, msg=key)
        self.assertAlmostEqual(totals[0]["roof_area_m2"], 2205.366, delta=0.01)  # summed from the file

    def test_import_truncated_cityjson_exits_2_without_output(self):
        sample = os.path.join(REFERENCE, "geodata", "cityjson-samples", "rotterdam_subset.city.json")
        bad = self.path("truncated.city.json")
        with open(sample, "rb") as f, open(bad, "wb") as out:
            out.write(f.read()[:20000])
        p = run("import", bad, "--out", self.path("t.h5"), check=2)
        self.assertIn("truncated.city.json: not valid JSON (byte 2000", p.stderr)  # nlohmann counts from 1
        self.assertFalse(os.path.exists(self.path("t.h5")))

    def test_import_garbage_citygml_exits_2_without_output(self):
        bad = self.path("garbage.gml")
        with open(bad, "wb") as f:
            f.write(b"<?xml version='1.0'?>\n<CityModel><cityObjectMember><bldg:Building>\x00\xff")
        p = run("import", bad, "--out", self.path("g.h5"), check=2)
        self.assertIn("garbage.gml", p.stderr)
        self.assertFalse(os.path.exists(self.path("g.h5")))

    # ---- validate network (CONTRACTS.md)
    NETWORK_CASES = os.path.join(REFERENCE, "networks", "pandapipes_stanet", "flat")

    def test_validate_network_json_contract_and_reference(self):
        case = os.path.join(self.NETWORK_CASES, "openmodelica", "heat_transfer_cases", "t_cross")
        d = json.loads(run("validate", "network", case, "--friction", "colebrook", "--json", check=0).stdout)
        self.assertIs(d["converged"], True)
        self.assertGreater(d["iterations"], 0)
        self.assertEqual([j["idx"] for j in d["junctions"]], [0, 1, 2, 3])
        refs = {0: 5.0, 1: 4.899603011571654, 2: 4.79874442113949, 3: 4.941926517699971}
        for j in d["junctions"]:
            self.assertLess(abs(1 - j["p_bar"] / refs[j["idx"]]), 0.01)
            self.assertIn("t_k", j)
        mdot = {p["idx"]: p["mdot_kg_per_s"] for p in d["pipes"]}
        self.assertAlmostEqual(mdot[0], 3.0, places=9)
        self.assertAlmostEqual(mdot[2], -1.0, places=9)  # drawn against the flow
        balance = d["energy_balance"]
        self.assertLess(abs(balance["balance_error_w"]), 1e-6 * balance["boundary_heat_w"])

    def test_validate_network_hydraulic_case_has_no_temperatures(self):
        case = os.path.join(self.NETWORK_CASES, "stanet_water_cases", "meshed_networks", "pumps_N")
        d = json.loads(run("validate", "network", case, "--json", check=0).stdout)
        self.assertEqual(d["friction"], "nikuradse")  # from the _N suffix
        self.assertNotIn("t_k", d["junctions"][0])
        self.assertEqual(len(d["pumps"]), 2)

    def test_validate_network_epanet_inp(self):
        """An EPANET .inp file through the same harness: heads of Net1 at time 0 as EPANET 2.3.5
        computed them; a file with a valve is refused naming file and line."""
        inp = os.path.join(REFERENCE, "networks", "epanet", "Net1.inp")
        d = json.loads(run("validate", "network", inp, "--json", check=0).stdout)
        self.assertTrue(d["converged"])
        self.assertEqual(d["units"], {"head": "ft", "pressure": "psi", "flow": "GPM"})
        reference = {}
        with open(os.path.join(REFERENCE, "networks", "epanet", "reference_epanet2.3.5", "Net1_nodes.csv")) as f:
            for row in csv.DictReader(f):
                if row["period"] == "0":
                    reference[row["node_id"]] = (float(row["head"]), float(row["pressure"]))
        self.assertEqual({j["id"] for j in d["junctions"]}, set(reference))
        for j in d["junctions"]:
            self.assertAlmostEqual(j["head"], reference[j["id"]][0], delta=0.05)
            self.assertAlmostEqual(j["pressure"], reference[j["id"]][1], delta=0.05)
        bad = self.path("valve.inp")
        with open(inp) as f, open(bad, "w") as g:
            g.write(f.read().replace("[VALVES]\n", "[VALVES]\n V1 10 11 12 PRV 50 0\n"))
        p = run("validate", "network", bad, "--json", check=2)
        self.assertIn("valve.inp:", p.stderr)
        self.assertIn("valves are not supported", p.stderr)

    def test_validate_network_bad_input_exits_2(self):
        p = run("validate", "network", self.path("missing"), check=2)
        self.assertIn("is not a folder", p.stderr)
        case = self.path("broken")
        os.makedirs(case)
        with open(os.path.join(case, "junctions.csv"), "w") as f:
            f.write("idx,name,height_m\n0,a,0\n1,b,0\n")
        with open(os.path.join(case, "pipes.csv"), "w") as f:
            f.write("idx,name,from_junction,to_junction,length_m,diameter_m,k_mm\n0,p,0,1,-5,0.1,0.1\n")
        with open(os.path.join(case, "ext_grids.csv"), "w") as f:
            f.write("idx,name,junction,p_bar,t_k,type\n0,,0,5,350,pt\n")
        p = run("validate", "network", case, check=2)
        self.assertIn("pipe 'p': length -5", p.stderr)
        p = run("validate", "network", case, "--friction", "moody", check=2)
        self.assertIn("--friction 'moody'", p.stderr)

    # ---- demand
    def write_scenario(self, name, body):
        path = self.path(name)
        with open(path, "w") as f:
            f.write(body)
        return path

    def test_solar_section_errors_name_file_line_and_key(self):
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        for body, needles in (("roofz = true", ["s.toml:7", "roofz", "allowed"]),
                              ("horizon_sectors = 2", ["s.toml:7", "horizon_sectors", "an integer between 8 and 3600"]),
                              ('roofs = true\nparameters = "missing.csv"', ["missing.csv", "[solar] parameters"])):
            scenario = self.write_scenario("s.toml", f"""
[run]
twin = "demo/twin.h5"
weather = "{weather}"
out = "demo/solar_error.h5"
[solar]
{body}
""")
            p = run("run", scenario, check=2)
            for needle in needles:
                self.assertIn(needle, p.stderr, body)
            self.assertFalse(os.path.exists(self.path("demo/solar_error.h5")))

    def test_run_demand_scenario_writes_results(self):
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        scenario = self.write_scenario("s.toml", f"""
[run]
twin = "demo/twin.h5"
weather = "{weather}"
out = "demo/results.h5"
[demand]
heating_setpoint_c = 20.0
[solar]
roofs = true
""")
        os.remove(self.path("demo/results.h5"))  # written by the demo itself
        self.assertIn("valid", run("run", scenario, "--check", check=0).stdout)
        self.assertFalse(os.path.exists(self.path("demo/results.h5")))
        d = json.loads(run("run", scenario, "--json", check=0).stdout)
        self.assertGreater(d["buildings"]["computed"], 100)
        self.assertGreater(d["heating_mwh"], 0.0)
        with h5py.File(self.path("demo/results.h5"), "r") as f:
            self.assertEqual(text(f.attrs["filetype"]), "heattwin-results")
            self.assertEqual(list(f.attrs["schema_version"]), [1, 4])
            # /meta: the scenario as run and the inputs' SHA-256, checked against the files.
            meta = f["meta"]
            with open(scenario) as sf:
                self.assertEqual(meta["scenario_toml"].asstr()[0], sf.read())
            for role in ("scenario", "twin", "weather", "tabula"):
                with open(text(meta["inputs"].attrs[role]), "rb") as inp:
                    self.assertEqual(text(meta["input_sha256"].attrs[role]), hashlib.sha256(inp.read()).hexdigest(), role)
            self.assertLessEqual(text(meta.attrs["started_utc"]), text(meta.attrs["finished_utc"]))
            self.assertEqual(json.loads(f["twin/summary_json"].asstr()[0])["buildings"]["count"],
                             d["buildings"]["in_twin"])
            self.assertEqual(list(f["results"]), ["s"])  # scenario name: the file's stem
            self.assertEqual(list(f["results/s"]), ["2025"])
            y = f["results/s/2025"]
            self.assertEqual(text(y.attrs["method"]), d["method"])
            # Every numeric dataset carries its unit; time series are chunked and compressed.
            for group in ("buildings", "regions", "grid"):
                for name, ds in y[group].items():
                    if ds.dtype.kind in "fiu":
                        self.assertIn("unit", ds.attrs, f"{group}/{name}")
            self.assertIsNotNone(y["regions/hourly_heating_w"].chunks)
            self.assertEqual(y["regions/hourly_heating_w"].compression, "gzip")
            b = y["buildings"]
            n = b["annual_heating_kwh"].shape[0]
            self.assertEqual(n, d["buildings"]["computed"])
            self.assertEqual(b["monthly_heating_kwh"].shape, (n, 12))
            np.testing.assert_allclose(b["monthly_heating_kwh"][:].sum(axis=1), b["annual_heating_kwh"][:], rtol=1e-9)
            hourly = y["regions/hourly_heating_w"][:]
            self.assertEqual(hourly.shape[1], 8760)
            # The hourly municipal sums hold the buildings' annual energy.
            self.assertAlmostEqual(hourly.sum() / 1e6, d["heating_mwh"], delta=1e-6 * d["heating_mwh"])
            self.assertAlmostEqual(hourly.sum(axis=0).max() / 1e6, d["peak_heating_mw"], places=6)
            hot_water = y["regions/hourly_hot_water_w"][:]
            self.assertEqual(hot_water.shape, hourly.shape)
            self.assertGreater(d["hot_water_mwh"], 0.0)
            self.assertAlmostEqual(hot_water.sum() / 1e6, d["hot_water_mwh"], delta=1e-6 * d["hot_water_mwh"])
            # Roof solar potential ([solar] roofs, default on): per building, summed per municipality and in --json.
            sol = d["solar"]
            self.assertEqual(sol["roof_basis"], "derived")
            self.assertEqual(sol["buildings"], n)
            self.assertGreater(sol["usable_area_m2"], 0.0)
            self.assertLessEqual(sol["usable_area_m2"], sol["roof_area_m2"])
            self.assertGreater(sol["pv_yield_mwh"], 0.0)
            sb = y["solar/buildings"]
            self.assertEqual(sb["pv_yield_kwh_per_a"].shape, (n,))
            self.assertAlmostEqual(sb["pv_yield_kwh_per_a"][:].sum() / 1000.0, sol["pv_yield_mwh"],
                                   delta=1e-9 * sol["pv_yield_mwh"])
            self.assertAlmostEqual(y["solar/municipalities/pv_yield_mwh_per_a"][:].sum(), sol["pv_yield_mwh"],
                                   delta=1e-9 * sol["pv_yield_mwh"])
            irr = y["solar/surfaces/irradiation_kwh_per_m2a"][:]
            self.assertTrue(np.all(irr <= y["solar/surfaces/unshaded_irradiation_kwh_per_m2a"][:] + 1e-6))
            grid = y["grid"]
            self.assertEqual(text(grid.attrs["crs"]), "EPSG:3035")
            self.assertTrue(grid["cell_id"][0].decode().startswith("CRS3035RES100m"))
            self.assertAlmostEqual(grid["annual_heating_kwh"][:].sum() / 1000.0, d["heating_mwh"],
                                   delta=1e-6 * d["heating_mwh"])
            per_building = b["annual_hot_water_kwh"][:]
            self.assertAlmostEqual(np.nansum(per_building) / 1000.0, d["hot_water_mwh"], delta=1e-6 * d["hot_water_mwh"])
            # Standard demand and expected consumption (issue 23): both per building and in --json;
            # the expected consumption is the default basis and lies below the standard demand of
            # the (unrefurbished) residential stock; non-residential buildings keep factor 1.
            c = d["consumption"]
            self.assertEqual(c["basis"], "expected_consumption")
            self.assertEqual(text(y.attrs["demand_basis"]), "expected_consumption")
            expected = b["expected_heating_kwh"][:] + np.nan_to_num(b["expected_hot_water_kwh"][:])
            standard = b["annual_heating_kwh"][:] + np.nan_to_num(per_building)
            total_expected = c["expected_consumption_mwh"]["residential"] + c["expected_consumption_mwh"]["non_residential"]
            total_standard = c["standard_demand_mwh"]["residential"] + c["standard_demand_mwh"]["non_residential"]
            self.assertAlmostEqual(expected.sum() / 1000.0, total_expected, delta=1e-6 * total_expected)
            self.assertAlmostEqual(standard.sum() / 1000.0, total_standard, delta=1e-6 * total_standard)
            self.assertLess(c["expected_consumption_mwh"]["residential"], c["standard_demand_mwh"]["residential"])
            # ... with their definitions (issue 23 "Done when"): in --json and in the results' columns.
            self.assertIn("standard use", c["definitions"]["standard_demand"])
            self.assertIn("adaptation", c["definitions"]["expected_consumption"])
            self.assertIn("standard demand", text(b["annual_heating_kwh"].attrs["description"]))
            self.assertIn("adaptation", text(b["expected_heating_kwh"].attrs["description"]))
            # The survey shares carried to the run's calendar year by the shipped modernisation rates.
            self.assertGreaterEqual(d["modernisation"]["shares_year"], 2010)
            factor = b["consumption_factor"][:]
            residential = np.isfinite(b["adaptation_factor"][:])
            self.assertTrue(np.all(factor[~residential] == 1.0))
            self.assertTrue(np.all((factor[residential] > 0.3) & (factor[residential] < 1.2)))
            # Modernisation state imputed (issue 23, docs/IMPUTATION.md): the default; counted in
            # --json, per building as a bit mask (1 wall, 2 roof, 4 floor, 8 window), never for
            # non-residential buildings.
            m = d["modernisation"]
            self.assertEqual(m["basis"], "imputed")
            self.assertEqual(text(y.attrs["modernisation"]), "imputed")
            mask = b["modernised_elements"][:]
            self.assertEqual(int(np.count_nonzero(mask)), m["buildings_modernised"])
            self.assertTrue(np.all(mask[~residential] == 0))
            for bit, element in enumerate(("wall", "roof", "floor", "window")):
                self.assertEqual(int(np.count_nonzero(mask & (1 << bit))), m["elements_modernised"][element], element)
            self.assertGreater(m["elements_modernised"]["roof"], 0)
            # Hourly sums per cell ([outputs] hourly_grid = "auto", well within the budget here):
            # rows as cell_id, and in every hour the cells add up to the municipalities.
            self.assertTrue(d["years"][0]["hourly_grid"].startswith("written"), d["years"][0]["hourly_grid"])
            self.assertEqual(text(grid.attrs["hourly"]), d["years"][0]["hourly_grid"])
            # float32 storage (7 significant digits): sums in float64 agree to its rounding.
            self.assertEqual(grid["hourly_heating_w"].dtype, np.float32)
            cell_hourly = grid["hourly_heating_w"][:].astype(np.float64)
            self.assertEqual(cell_hourly.shape, (grid["cell_id"].shape[0], 8760))
            self.assertEqual(grid["hourly_heating_w"].compression, "gzip")
            self.assertEqual(text(grid["hourly_heating_w"].attrs["unit"]), "W")
            np.testing.assert_allclose(cell_hourly.sum(axis=0), hourly.sum(axis=0), rtol=2e-7, atol=1e-3)
            np.testing.assert_allclose(cell_hourly.sum(axis=1) / 1000.0, grid["annual_heating_kwh"][:], rtol=2e-7,
                                       atol=1e-6)
            cell_hot_water = grid["hourly_hot_water_w"][:].astype(np.float64)
            self.assertEqual(cell_hot_water.shape, cell_hourly.shape)
            np.testing.assert_allclose(cell_hot_water.sum(axis=0), hot_water.sum(axis=0), rtol=2e-7, atol=1e-3)
            # Specific demand of an old town's stock: within the TABULA existing-state span.
            specific = 1000.0 * d["heating_mwh"] / d["heated_floor_area_m2"]
            self.assertGreater(specific, 50.0)
            self.assertLess(specific, 300.0)
        # A warmer set point needs more heat.
        warmer = self.write_scenario("w.toml", f"""
[run]
twin = "demo/twin.h5"
weather = "{weather}"
out = "demo/warm.h5"
[demand]
heating_setpoint_c = 22.0
[outputs]
hourly_grid_budget_mib = 0
""")
        w = json.loads(run("run", warmer, "--json", check=0).stdout)
        self.assertGreater(w["heating_mwh"], d["heating_mwh"])
        # "auto" over its budget: no hourly grid datasets, and the summary says why.
        self.assertIn("skipped", w["years"][0]["hourly_grid"])
        self.assertIn("hourly_grid_budget_mib = 0", w["years"][0]["hourly_grid"])
        with h5py.File(self.path("demo/warm.h5"), "r") as f:
            grid = f["results/w/2025/grid"]
            self.assertNotIn("hourly_heating_w", grid)
            self.assertNotIn("hourly_hot_water_w", grid)
            self.assertIn("annual_heating_kwh", grid)
        self.assertIn("Hourly sums per 100 m cell 2025: skipped", run("run", warmer, check=0).stdout)
        # The monthly method on the same stock: within a few per cent of the hourly model.
        monthly = self.write_scenario("m.toml", f"""
[run]
twin = "demo/twin.h5"
weather = "{weather}"
out = "demo/monthly.h5"
method = "monthly"
""")
        m = json.loads(run("run", monthly, "--json", check=0).stdout)
        self.assertEqual(m["method"], "EN ISO 13790 monthly")
        self.assertNotIn("peak_heating_mw", m)
        self.assertIn("monthly", m["years"][0]["hourly_grid"])
        self.assertLess(abs(m["heating_mwh"] / d["heating_mwh"] - 1.0), 0.05)
        with h5py.File(self.path("demo/monthly.h5"), "r") as f:
            regions = f["results/m/2025/regions"]
            self.assertNotIn("hourly_heating_w", regions)
            self.assertAlmostEqual(regions["monthly_heating_kwh"][:].sum() / 1000.0, m["heating_mwh"],
                                   delta=1e-6 * m["heating_mwh"])

    def test_run_calibrates_to_metered_heat(self):
        # The sample with a metered heat value on every third main building, mapped on import.
        with open(os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson")) as f:
            sample = json.load(f)
        metered = {}
        for k, feature in enumerate(sample["features"]):
            props = feature["properties"]
            if not props.get("Obj_Parent") and k % 3 == 0:
                props["heat_kwh"] = 20000.0 + 100.0 * k
                metered[props["ID"]] = props["heat_kwh"]
        with open(self.path("metered.geojson"), "w") as f:
            json.dump(sample, f)
        with open(os.path.join(DATA, "sample", "goerlitz_mapping.toml")) as f:
            mapping = f.read()  # the GeoJSON keeps its layer name
        mapping = mapping.replace("[fields]\n", '[fields]\nmeasured_heat_kwh_per_a = "heat_kwh"\n')
        with open(self.path("metered.toml"), "w") as f:
            f.write(mapping)
        run("import", self.path("metered.geojson"), "--mapping", self.path("metered.toml"),
            "--out", self.path("metered.h5"), check=0)
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        scenario = self.write_scenario("c.toml", f'[run]\ntwin = "metered.h5"\nweather = "{weather}"\nout = "c.h5"\n')
        d = json.loads(run("run", scenario, "--json", check=0).stdout)
        c = d["calibration"]
        self.assertGreater(c["buildings"], 10)
        self.assertLessEqual(c["ratio_p10"], c["ratio_median"])
        self.assertLessEqual(c["ratio_median"], c["ratio_p90"])
        with h5py.File(self.path("c.h5"), "r") as f:
            b = f["results/c/2025/buildings"]
            ids = [x.decode() for x in b["id"][:]]
            factor = b["calibration_factor"][:]
            calibrated = b["calibrated_annual_heat_kwh"][:]
            heating = b["annual_heating_kwh"][:]
            hot_water = np.nan_to_num(b["annual_hot_water_kwh"][:])
            with_meter = 0
            for k, building in enumerate(ids):
                if building in metered:
                    with_meter += 1
                    self.assertAlmostEqual(calibrated[k], metered[building], places=6)
                    self.assertAlmostEqual(factor[k] * (heating[k] + hot_water[k]), metered[building], places=3)
                else:
                    self.assertTrue(np.isnan(factor[k]))
                    self.assertAlmostEqual(calibrated[k], heating[k] + hot_water[k], places=6)
            self.assertEqual(with_meter, c["buildings"])
            self.assertAlmostEqual(np.median(factor[~np.isnan(factor)]), c["ratio_median"], places=9)

    def test_run_calendar_of_non_residential_uses(self):
        # Weekends and Sachsen-Anhalt's holidays: offices (Monday to Friday) need less heat,
        # residential buildings keep their daily schedule; calendar = false is the old 24-hour repeat.
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        weather = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")
        results = {}
        for name, extra in (("cal", ""), ("nocal", "calendar = false\n"), ("cal24", "calendar_year = 2024\n")):
            scenario = self.write_scenario(f"{name}.toml", f"""
[run]
twin = "demo/twin.h5"
weather = "{weather}"
out = "demo/{name}.h5"
[demand]
{extra}""")
            results[name] = json.loads(run("run", scenario, "--json", check=0, timeout=120).stdout)["heating_mwh_by_use"]
        self.assertLess(results["cal"]["office"], results["nocal"]["office"])
        self.assertEqual(results["cal"]["residential"], results["nocal"]["residential"])
        self.assertNotEqual(results["cal"]["office"], results["cal24"]["office"])  # another year, other weekdays
        for name, year in (("cal", 2025), ("nocal", 0), ("cal24", 2024)):
            with h5py.File(self.path(f"demo/{name}.h5"), "r") as f:
                self.assertEqual(list(f[f"results/{name}/2025"].attrs["calendar_year"]), [year])
        bad = self.write_scenario("bad.toml", '[run]\ntwin = "t.h5"\nweather = "w.epw"\nout = "o.h5"\n'
                                  '[demand]\ncalendar_year = "2025"\n')
        p = run("run", bad, check=2)
        self.assertIn("calendar_year", p.stderr)
        self.assertIn("bad.toml:6", p.stderr)

    def test_run_bad_scenarios_exit_2_without_output(self):
        bad_key = self.write_scenario("k.toml", '[run]\ntwin = "t.h5"\nweather = "w.epw"\nout = "o.h5"\nspeed = 3\n')
        p = run("run", bad_key, check=2)
        self.assertIn("unknown key 'speed'", p.stderr)
        self.assertIn("k.toml:5", p.stderr)
        no_twin = self.write_scenario("n.toml", '[run]\ntwin = "t.h5"\nweather = "w.epw"\nout = "o.h5"\n')
        self.assertIn("does not exist", run("run", no_twin, "--check", check=2).stderr)
        bad_grid = self.write_scenario("g.toml", '[run]\ntwin = "t.h5"\nweather = "w.epw"\nout = "o.h5"\n'
                                       '[outputs]\nhourly_grid = "sometimes"\n')
        self.assertIn("hourly_grid must be", run("run", bad_grid, check=2).stderr)
        bad_output = self.write_scenario("o.toml", '[run]\ntwin = "t.h5"\nweather = "w.epw"\nout = "o.h5"\n'
                                         '[outputs]\nhourly_cells = true\n')
        self.assertIn("unknown key 'hourly_cells' in [outputs]", run("run", bad_output, check=2).stderr)
        missing = self.write_scenario("m.toml", '[run]\ntwin = "t.h5"\n')
        self.assertIn("needs the key 'weather'", run("run", missing, check=2).stderr)
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        weather = self.write_scenario("bad.epw", "LOCATION,x,,,,,52,13,1,50\nDATA PERIODS,1,1,Data,Sunday,1/1,12/31\n1,2,3\n")
        scenario = self.write_scenario("s.toml", f'[run]\ntwin = "demo/twin.h5"\nweather = "{weather}"\nout = "r.h5"\n')
        p = run("run", scenario, check=2)
        self.assertIn("bad.epw:3", p.stderr)
        self.assertFalse(os.path.exists(self.path("r.h5")))

    # ---- export
    def test_export_vtk_opens_in_vtk(self):
        try:
            import vtk  # Debian's python3-vtk9, for /usr/bin/python3
        except ImportError:
            self.skipTest("python3-vtk9 is not installed")
        if "vtk" not in run("export", "--help", check=0).stdout:
            self.skipTest("this build has no VTK export (HEATTWIN_WITH_VTK=OFF)")
        import xml.etree.ElementTree as ET
        run("demo", "--out", self.path("demo"), check=0, timeout=120)
        results, twin = self.path("demo/results.h5"), self.path("demo/twin.h5")
        p = run("export", results, "--format", "vtk", "--twin", twin, "--out", self.path("vtk"), check=0)
        self.assertIn("paraview", p.stdout)
        with h5py.File(twin, "r") as f:
            rings = f["buildings/footprints/ring_begin"][:]
        with_footprint = int(np.count_nonzero(np.diff(rings) > 0))
        with h5py.File(results, "r") as f:
            (scenario,) = f["results"]
            # The scenario's networks: in the results file since schema 1.4 (the input twin has none).
            stored = f"networks/{scenario}/pipes/from_junction"
            pipes = f[stored].shape[0] if stored in f else 0
            (year,) = f["results"][scenario]
            y = f["results"][scenario][year]
            ids = list(y["buildings/id"].asstr()[:])
            heating = y["buildings/annual_heating_kwh"][:]
            cells = y["grid/cell_id"].shape[0]
        pvd = self.path(f"vtk/{scenario}.pvd")
        entries = ET.parse(pvd).getroot().findall("./Collection/DataSet")
        expected = [(year, "buildings"), (year, "grid")] + ([(year, "network")] if pipes else [])
        self.assertEqual([(e.get("timestep"), e.get("name")) for e in entries], expected)
        files = {e.get("name"): os.path.join(os.path.dirname(pvd), e.get("file")) for e in entries}
        reader = vtk.vtkXMLUnstructuredGridReader()
        reader.SetFileName(files["buildings"])
        reader.Update()
        ug = reader.GetOutput()
        self.assertEqual(ug.GetNumberOfCells(), with_footprint)
        types = {ug.GetCellType(k) for k in range(ug.GetNumberOfCells())}
        self.assertLessEqual(types, {vtk.VTK_HEXAHEDRON, vtk.VTK_WEDGE, vtk.VTK_POLYHEDRON})
        self.assertIn(vtk.VTK_POLYHEDRON, types)  # the real footprints are not all boxes
        cd = ug.GetCellData()
        drawn = cd.GetAbstractArray("building_id")
        values = cd.GetArray("annual_heating_kwh")
        by_id = {drawn.GetValue(k): values.GetValue(k) for k in range(ug.GetNumberOfCells())}
        for k in range(0, len(ids), max(1, len(ids) // 50)):
            if ids[k] in by_id:
                self.assertEqual(by_id[ids[k]], heating[k])
        self.assertEqual(ug.GetFieldData().GetArray("TimeValue").GetValue(0), float(year))
        reader = vtk.vtkXMLPolyDataReader()
        reader.SetFileName(files["grid"])
        reader.Update()
        self.assertEqual(reader.GetOutput().GetNumberOfPolys(), cells)
        self.assertIsNotNone(reader.GetOutput().GetCellData().GetArray("heat_density_mwh_per_ha_a"))
        if pipes:
            reader.SetFileName(files["network"])
            reader.Update()
            self.assertEqual(reader.GetOutput().GetNumberOfLines(), pipes)
        self.assertEqual([n for n in os.listdir(self.path("vtk")) if ".tmp-" in n], [])
        # The demo's results with another twin: exit 2, the building named, no building file.
        other = self.generate("other.h5", 500)
        p = run("export", results, "--format", "vtk", "--twin", other, "--out", self.path("vtk2"), check=2)
        self.assertIn("another twin", p.stderr)
        self.assertFalse(os.path.exists(self.path(f"vtk2/{scenario}_{year}_buildings.vtu")))

    def test_validate_bestest_json_contract(self):
        cases = os.path.join(REFERENCE, "bestest", "cases.json")
        d = json.loads(run("validate", "bestest", cases, "--case", "600", "--json", check=0).stdout)
        self.assertEqual(d["case"], "600")
        self.assertEqual(d["spec"], "ashrae140_2014_drycold")
        for key in ("annual_heating_mwh", "annual_cooling_mwh", "peak_heating_kw", "peak_cooling_kw"):
            self.assertGreater(d[key], 0.0)
        self.assertNotIn("free_float", d)
        ff = json.loads(run("validate", "bestest", cases, "--case", "900FF", "--json", check=0).stdout)["free_float"]
        self.assertLess(ff["min_c"], ff["mean_c"])
        self.assertLess(ff["mean_c"], ff["max_c"])
        p = run("validate", "bestest", cases, "--case", "960", check=2)
        self.assertIn("cannot be represented", p.stderr)
        self.assertIn("no-such", run("validate", "bestest", cases, "--case", "no-such", check=2).stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
