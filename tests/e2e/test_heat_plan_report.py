#!/usr/bin/python3
"""End-to-end test of `heattwin report` (issue 15 §1) on the three shipped heat-plan scenarios:
the demo twin, `heattwin run` of data/scenarios/heat_plan_{base,fast_refurbishment,heat_pumps}.toml,
then one German report per scenario (HTML + PDF) and the three side by side. Headless Chromium
renders every document without console errors; every WPG section and every target year is present;
the maps are not blank (cells and the boundary or network as paths with a non-zero extent); the
PDF's text is extractable (pdftotext) and holds the sections and years; `export --format report`
writes the same documents; a missing Chromium gives the HTML and a clear message.

Run by ctest as: /usr/bin/python3 test_heat_plan_report.py <heattwin> <data dir> [<chromium> [<pdftotext>]]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HEATTWIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
CHROMIUM = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/chromium"
PDFTOTEXT = sys.argv[4] if len(sys.argv) > 4 else "/usr/bin/pdftotext"
del sys.argv[1:]

SCENARIOS = ["base", "fast_refurbishment", "heat_pumps"]
YEARS = [2025, 2030, 2035, 2040, 2045]
SECTIONS = ["1 Bestandsanalyse", "2 Potenzialanalyse", "3 Zielszenario", "4 Wärmeversorgungsgebiete",
            "5 Umsetzungsstrategie"]
AGS = "14626110"  # Görlitz, the demo's municipality


TMP = None  # the test's folder; heattwin runs there (results name their twin relative to the run's folder)


def run(cmd, timeout=600, cwd=None):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd or TMP)


class HeatPlanReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        global TMP
        cls.tmp = TMP = tempfile.mkdtemp(prefix="heattwin-heat-plan-e2e-")
        # The scenarios name their twin and outputs relative to themselves (../../out/demo): copy
        # them into <tmp>/data/scenarios beside a link to the weather, run the demo into <tmp>/out/demo.
        os.makedirs(os.path.join(cls.tmp, "data"))
        shutil.copytree(os.path.join(DATA, "scenarios"), os.path.join(cls.tmp, "data", "scenarios"))
        os.symlink(os.path.join(DATA, "weather"), os.path.join(cls.tmp, "data", "weather"))
        os.symlink(os.path.join(DATA, "sample"), os.path.join(cls.tmp, "data", "sample"))
        p = run([HEATTWIN, "-q", "demo", "--out", "out/demo"], cwd=cls.tmp)
        if p.returncode != 0:
            raise AssertionError(f"heattwin demo exited {p.returncode}\n{p.stderr[-2000:]}")
        cls.results = {}
        for s in SCENARIOS:
            p = run([HEATTWIN, "-q", "run", f"data/scenarios/heat_plan_{s}.toml"], cwd=cls.tmp)
            if p.returncode != 0:
                raise AssertionError(f"heattwin run {s} exited {p.returncode}\n{p.stderr[-2000:]}")
            cls.results[s] = os.path.join(cls.tmp, "out", "demo", f"heat_plan_{s}.h5")
        cls.out = os.path.join(cls.tmp, "report")
        cls.reports = {}
        for s in SCENARIOS:
            cls.reports[s] = run([HEATTWIN, "report", cls.results[s], "--out", cls.out, "--pdf", "--chromium",
                                  CHROMIUM])
        cls.comparison = run([HEATTWIN, "report", *[cls.results[s] for s in SCENARIOS], "--out", cls.out, "--pdf",
                              "--chromium", CHROMIUM])
        # The planners' data scenario (potentials layer, gas grid): its report has the potentials map.
        p = run([HEATTWIN, "-q", "run", "data/scenarios/heat_plan_planners_data.toml"], cwd=cls.tmp)
        if p.returncode != 0:
            raise AssertionError(f"heattwin run planners_data exited {p.returncode}\n{p.stderr[-2000:]}")
        cls.planners = run([HEATTWIN, "report", os.path.join(cls.tmp, "out", "demo", "heat_plan_planners_data.h5"),
                            "--out", os.path.join(cls.tmp, "planners"), "--pdf", "--chromium", CHROMIUM])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def page(self, stem):
        return os.path.join(self.out, stem + ".html")

    def stems(self):
        return [f"heat_plan_{AGS}_{s}" for s in SCENARIOS] + [f"heat_plan_{AGS}_base_vs_fast_refurbishment_vs_heat_pumps"]

    def test_reports_written_for_every_scenario(self):
        for s, p in list(self.reports.items()) + [("comparison", self.comparison)]:
            self.assertEqual(p.returncode, 0, f"{s}: {p.stderr[-2000:]}")
        for stem in self.stems():
            for ext in (".html", ".pdf"):
                path = os.path.join(self.out, stem + ext)
                self.assertTrue(os.path.isfile(path), path)
                self.assertGreater(os.path.getsize(path), 10_000, path)
        self.assertFalse([f for f in os.listdir(self.out) if ".tmp-" in f])  # no temporary left behind

    def test_html_is_german_self_contained_and_complete(self):
        for stem in self.stems():
            with open(self.page(stem), encoding="utf-8") as f:
                html = f.read()
            for needle in ("http://", "https://", "<script", "<link", "src=", "url(", "@import"):
                self.assertNotIn(needle, html.lower(), stem)
            self.assertIn('<html lang="de">', html)
            for section in SECTIONS:
                self.assertIn(f"<h2>{section}</h2>", html, f"{stem}: {section}")
            for year in YEARS:
                self.assertIn(f'id="gebiete-{year}"', html, f"{stem}: {year}")
                self.assertRegex(html, rf"<th class=\"n\">{year}</th>", f"{stem}: {year} in the path table")
            # Bestandsanalyse per cell and block (with its CSV), heat line density, investment per period.
            self.assertIn("Gebäude je 100-m-Zelle und je Baublock", html, stem)
            self.assertIn(f"{stem}_bestand.csv", html, stem)
            self.assertTrue(os.path.isfile(os.path.join(self.out, f"{stem}_bestand.csv")), stem)
            self.assertIn("Wärmeliniendichte (Basisjahr)", html, stem)
            self.assertIn("Investitionen je Zeitraum", html, stem)
            self.assertRegex(html, r"<td>2025–2030</td>(<td class=\"n\">[^<]*</td>){4}<td class=\"n\">\d[\d.]*</td>",
                             f"{stem}: investment in individual systems 2025–2030")
            self.assertNotRegex(html, r"HD_BAND_\d|LD_(LOW|MID|HIGH|NONE)|NO_GAS_GRID")
            self.assertIn("sehr wahrscheinlich ungeeignet", html)
            self.assertIn("<h3>Solarpotenzial Dachflächen</h3>", html, stem)
            self.assertIn("PV-Stromertrag", html, stem)
            # The roof-source split (the demo twin has footprints only: all roofs derived) and the shading loss.
            self.assertRegex(html, r"davon mit Dachflächen aus LoD2 \(1\)</td><td class=\"n\">0<", stem)
            self.assertRegex(html, r"davon mit abgeleiteter Dachform \(1\)</td><td class=\"n\">[1-9]", stem)
            self.assertRegex(html, r"Verschattungsverlust \(Einstrahlung, flächengewichtet\) \(%\)</td><td class=\"n\">\d+,\d<",
                             stem)
            self.assertRegex(html, r">\d{1,3}(\.\d{3})+<")  # thousands grouped with dots

    def test_network_drawn_only_where_the_scenario_has_one(self):
        with open(self.page(f"heat_plan_{AGS}_base"), encoding="utf-8") as f:
            base = f.read()
        with open(self.page(f"heat_plan_{AGS}_fast_refurbishment"), encoding="utf-8") as f:
            network = f.read()
        self.assertNotIn('class="network"', base)
        self.assertIn('class="network"', network)
        self.assertIn("Wärmenetze des Szenarios", network)
        self.assertIn("Das Szenario enthält kein Wärmenetz.", base)

    def chromium(self, *args, page):
        profile = tempfile.mkdtemp(prefix="chromium-", dir=self.tmp)
        cmd = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}",
               "--window-size=1280,2000", *args, "file://" + page]
        return run(cmd, timeout=300)

    def test_renders_without_console_errors_and_maps_are_not_blank(self):
        for stem in (f"heat_plan_{AGS}_fast_refurbishment", f"heat_plan_{AGS}_base_vs_fast_refurbishment_vs_heat_pumps"):
            p = self.chromium("--dump-dom", "--enable-logging=stderr", "--v=0", page=self.page(stem))
            self.assertEqual(p.returncode, 0, p.stderr[-3000:])
            dom = p.stdout
            for section in SECTIONS:
                self.assertIn(f"<h2>{section}</h2>", dom)
            for line in p.stderr.splitlines():
                self.assertNotIn("Uncaught", line)
                self.assertNotIn("CONSOLE", line, line)
                self.assertNotIn("Refused to", line, line)
                self.assertNotIn("ERR_FILE_NOT_FOUND", line, line)
            maps = re.findall(r'<svg[^>]*class="map"[^>]*>.*?</svg>', dom, re.S)
            self.assertGreaterEqual(len(maps), 1 + len(YEARS), stem)  # heat density + one per year
            for svg in maps:
                width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups())
                self.assertGreater(width, 100)
                self.assertGreater(height, 100)
                cells = re.findall(r'class="cells"[^>]* d="([^"]+)"', svg)
                self.assertTrue(cells, "a map without cells")
                self.assertGreater(sum(d.count("h1v1h-1z") for d in cells), 10)
                self.assertIn('class="scalebar"', svg)
                self.assertRegex(svg, r"<text[^>]*>[^<]*Wärmenetzgebiet|MWh/\(ha·a\)|&lt;70|&gt;=1050|gesperrt")
            # The network's pipes span a non-zero extent.
            if "fast_refurbishment" in stem:
                d = re.search(r'class="network" d="([^"]+)"', dom).group(1)
                xs = [float(v) for v in re.findall(r"[ML]([\d.]+) ", d)]
                self.assertGreater(max(xs) - min(xs), 5.0)

    def test_pdf_text_is_extractable(self):
        self.assertTrue(os.path.exists(PDFTOTEXT), f"{PDFTOTEXT} missing (Debian poppler-utils; scripts/setup)")
        for stem in self.stems():
            p = run([PDFTOTEXT, "-layout", os.path.join(self.out, stem + ".pdf"), "-"], timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr)
            text = p.stdout
            for section in SECTIONS:
                self.assertIn(section, text, f"{stem}: {section}")
            for year in YEARS:
                self.assertIn(f"Zieljahr {year}", text, f"{stem}: {year}")
            self.assertIn("Kommunaler Wärmeplan", text)

    def test_potentials_map_drawn_and_in_the_pdf(self):
        self.assertEqual(self.planners.returncode, 0, self.planners.stderr[-2000:])
        stem = os.path.join(self.tmp, "planners", f"heat_plan_{AGS}_planners_data")
        p = self.chromium("--dump-dom", "--enable-logging=stderr", "--v=0", page=stem + ".html")
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        maps = re.findall(r'<svg[^>]*class="map potentials"[^>]*>.*?</svg>', p.stdout, re.S)
        self.assertEqual(len(maps), 1, "one potentials map in the Potenzialanalyse")
        svg = maps[0]
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups())
        # Not blank: symbols of several kinds with a positive size inside the map, legend, boundary
        # legend line and scale bar.
        circles = re.findall(r'<circle class="potential" data-kind="([a-z_]+)" cx="([\d.]+)" cy="([\d.]+)" '
                             r'r="([\d.]+)"', svg)
        self.assertGreaterEqual(len(circles), 3, svg[:2000])
        self.assertGreaterEqual(len({c[0] for c in circles}), 3, "symbols of several kinds")
        for kind, cx, cy, r in circles:
            self.assertGreater(float(r), 0.0)
            self.assertTrue(0.0 <= float(cx) <= width and 0.0 <= float(cy) <= height, (kind, cx, cy))
        self.assertGreater(len({(c[1], c[2]) for c in circles}), 1, "symbols at different places")
        self.assertIn('class="scalebar"', svg)
        self.assertIn("Abwärme (Industrie, Gewerbe)", svg)
        self.assertIn("Kreisfläche ∝ Potenzial", svg)
        # Biomass of the demo layer has no geometry: said below the map.
        self.assertIn("ohne Lage", p.stdout)
        # The base plan (no potentials layer) has no potentials map and says so in one sentence.
        with open(self.page(f"heat_plan_{AGS}_base"), encoding="utf-8") as f:
            base = f.read()
        self.assertNotIn('class="map potentials"', base)
        self.assertIn("keine Potenzialkarte", base)
        t = run([PDFTOTEXT, "-layout", stem + ".pdf", "-"], timeout=120)
        self.assertEqual(t.returncode, 0, t.stderr)
        self.assertIn("Karte der Potenziale der Planungsdaten", t.stdout)
        self.assertIn("Kreisfläche ∝ Potenzial", t.stdout)

    def test_english_and_export_format_report(self):
        out = os.path.join(self.tmp, "english")
        p = run([HEATTWIN, "report", self.results["base"], "--out", out, "--lang", "en"])
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        with open(os.path.join(out, f"heat_plan_{AGS}_base.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertIn('<html lang="en">', html)
        self.assertIn("Target year 2045", html)
        self.assertIn("<h3>Roof solar potential</h3>", html)
        out = os.path.join(self.tmp, "export")
        p = run([HEATTWIN, "export", self.results["heat_pumps"], "--format", "report", "--format", "html",
                 "--out", out])
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        files = sorted(os.listdir(out))
        # Every year for the per-year formats, one heat plan covering all years.
        self.assertEqual(files, sorted([f"heat_pumps_{y}.html" for y in YEARS] + [f"heat_plan_{AGS}_heat_pumps.html"]))

    def test_missing_chromium_gives_html_and_a_clear_message(self):
        out = os.path.join(self.tmp, "no_chromium")
        p = run([HEATTWIN, "report", self.results["base"], "--out", out, "--pdf", "--chromium",
                 os.path.join(self.tmp, "no-such-chromium")])
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        self.assertIn("no PDF", p.stderr)
        self.assertEqual(sorted(os.listdir(out)), [f"heat_plan_{AGS}_base.html", f"heat_plan_{AGS}_base_bestand.csv"])

    def test_bad_input_is_a_clear_error(self):
        p = run([HEATTWIN, "report", os.path.join(self.tmp, "missing.h5")])
        self.assertEqual(p.returncode, 2)
        self.assertIn("missing.h5", p.stderr)
        p = run([HEATTWIN, "report", self.results["base"], "--municipality", "15099999", "--out",
                 os.path.join(self.tmp, "x")])
        self.assertEqual(p.returncode, 2)
        self.assertIn("15099999", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
