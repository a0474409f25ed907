#!/usr/bin/python3
"""End-to-end test of issue 4's memory bound: a generated 1 GB CityGML LoD2 file (≈ 245,000
terraced houses, scripts/generate_citygml) imports with `heattwin import` in less than 1 GiB of
peak resident memory, and every building arrives with its shared gable walls and its two LoD2 roof
surfaces (kept compactly while parsing, twin/roof_surfaces.hpp CompactRoofRings).

Run by ctest as: /usr/bin/python3 test_citygml_large.py <heattwin> <source root>
Prints `VALIDATION citygml_import large_file …` lines (scripts/validation_report), a `… SKIP` line
when it skips for want of disk.
"""
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HEATTWIN = sys.argv[1]
ROOT = sys.argv[2]
del sys.argv[1:]

FILE_BYTES = 1.0e9
MEMORY_LIMIT_KIB = 1024 * 1024  # 1 GiB, ru_maxrss is in KiB on Linux
ROW = 20  # houses per terraced row


class LargeCityGml(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="heattwin-large-", dir=os.environ.get("HEATTWIN_TEST_TMP"))

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_one_gigabyte_file_imports_under_one_gib(self):
        free = shutil.disk_usage(self.dir).free
        if free < 3 * FILE_BYTES:
            reason = f"needs 3 GB of free disk in {self.dir} for the 1 GB file and the twin, has {free / 1e9:.1f} GB"
            # A machine-readable skip: scripts/validation_report lists the suite as skipped.
            print(f"VALIDATION citygml_import large_file peak_rss_mib reason={shlex.quote(reason)} SKIP", flush=True)
            self.skipTest(reason)
        gml = os.path.join(self.dir, "large.gml")
        gen = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "generate_citygml"), "--bytes",
                              str(FILE_BYTES), "--row", str(ROW), "--out", gml], capture_output=True, text=True,
                             timeout=600)
        self.assertEqual(gen.returncode, 0, gen.stderr)
        houses = int(gen.stdout.split(":")[1].split()[0])
        size = os.path.getsize(gml)
        self.assertGreaterEqual(size, FILE_BYTES)
        twin = os.path.join(self.dir, "large.h5")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.monotonic()
        imp = subprocess.run([HEATTWIN, "import", gml, "--out", twin], capture_output=True, text=True, timeout=1200)
        seconds = time.monotonic() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.assertEqual(imp.returncode, 0, imp.stderr)
        # The generator is a Python child too; its peak is far below the import's.
        self.assertGreater(peak_kib, before)
        ok = peak_kib < MEMORY_LIMIT_KIB
        print(f"VALIDATION citygml_import large_file peak_rss_mib value={peak_kib / 1024:.0f} "
              f"limit={MEMORY_LIMIT_KIB / 1024:.0f} file_mb={size / 1e6:.0f} buildings={houses} "
              f"seconds={seconds:.1f} {'PASS' if ok else 'FAIL'}", flush=True)
        self.assertTrue(ok, f"peak RSS {peak_kib / 1024:.0f} MiB ≥ 1 GiB")
        info = subprocess.run([HEATTWIN, "info", twin, "--json"], capture_output=True, text=True, timeout=300)
        self.assertEqual(info.returncode, 0, info.stderr)
        summary = json.loads(info.stdout)
        self.assertEqual(summary["buildings"]["count"], houses)
        # Each house: 10 m × 8 m, eaves 6 m, ridge 9 m → 600 m3, 240 m2 of walls; the two gables
        # (60 m2 each) are shared inside a row of ROW houses: 2 · (ROW − 1) gables per row.
        totals = summary["totals"] if "totals" in summary else summary["buildings"]
        self.assertAlmostEqual(totals["volume_m3"] / (600.0 * houses), 1.0, places=9)
        self.assertAlmostEqual(totals["wall_area_m2"] / (240.0 * houses), 1.0, places=9)
        self.assertAlmostEqual(totals["shared_wall_area_m2"] / (60.0 * 2 * (ROW - 1) * houses / ROW), 1.0, places=9)
        # The two roof faces of every house are in the twin (/roofs), 4 vertices each.
        self.assertEqual(summary["roofs"]["surfaces"], 2 * houses)
        self.assertEqual(summary["roofs"]["buildings_with_roofs"], houses)


if __name__ == "__main__":
    unittest.main(verbosity=2)
