#!/usr/bin/python3
"""The one `heattwin` command is two programs (issue 21 §1, docs/ARCHITECTURE.md "Start-up"):
`heattwin` answers --help, --version, `validate network` and `scenario-keys` without loading
GDAL, VTK or HDF5, and hands every other command to `heattwin-full` (../libexec/heattwin-full
relative to its own folder). A missing heattwin-full is a clear error naming the file.

Run by ctest as: /usr/bin/python3 test_front_program.py <heattwin> <reference data dir>
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HEATTWIN, REFERENCE = sys.argv[1:3]
del sys.argv[1:3]
FULL = os.path.normpath(os.path.join(os.path.dirname(HEATTWIN), "..", "libexec", "heattwin-full"))
CASE = os.path.join(REFERENCE, "networks/pandapipes_stanet/flat/openmodelica/heat_transfer_cases/two_pipes")
HEAVY = re.compile(r"lib(gdal|vtk|hdf5|OT|proj|curl)[^ ]*\.so")


def run(program, *args):
    return subprocess.run([program, *args], capture_output=True, text=True, timeout=300)


def loaded_libraries(program):
    return subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout


class FrontProgram(unittest.TestCase):
    def test_front_loads_neither_gdal_nor_vtk_nor_hdf5(self):
        self.assertTrue(os.path.isfile(FULL), f"{FULL} was not built beside {HEATTWIN}")
        self.assertEqual(HEAVY.findall(loaded_libraries(HEATTWIN)), [])
        # The full program does, so the split is what keeps them out of the front.
        self.assertIn("gdal", HEAVY.findall(loaded_libraries(FULL)))

    def test_light_commands_run_in_the_front(self):
        p = run(HEATTWIN, "--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith("heattwin "), p.stdout)
        p = run(HEATTWIN, "--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        for command in ("import", "generate", "run", "sweep", "export", "compare", "report", "validate", "info"):
            self.assertRegex(p.stdout, rf"\n +{command} ", command)
        p = run(HEATTWIN, "export", "--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("png", p.stdout)
        p = run(HEATTWIN, "validate", "network", CASE, "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(json.loads(p.stdout)["converged"])
        p = run(HEATTWIN, "scenario-keys")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("network.", p.stdout)

    def test_other_commands_run_in_the_full_program_with_their_exit_codes(self):
        with tempfile.TemporaryDirectory(prefix="heattwin-front-") as tmp:
            p = run(HEATTWIN, "info", os.path.join(tmp, "missing.h5"))
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("missing.h5", p.stderr)
        p = run(HEATTWIN, "validate", "bestest", "/nonexistent/cases.json", "--case", "600")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("/nonexistent/cases.json", p.stderr)
        p = run(HEATTWIN, "info")  # a usage error is the front's own
        self.assertEqual(p.returncode, 2, p.stderr)

    def test_missing_full_program_is_a_clear_error(self):
        with tempfile.TemporaryDirectory(prefix="heattwin-front-") as tmp:
            os.makedirs(os.path.join(tmp, "bin"))
            alone = os.path.join(tmp, "bin", "heattwin")
            shutil.copy(HEATTWIN, alone)
            p = run(alone, "info", "twin.h5")
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn(os.path.join(tmp, "libexec", "heattwin-full"), p.stderr)
            self.assertIn("cmake --install", p.stderr)
            p = run(alone, "validate", "network", CASE, "--json")  # needs no full program
            self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    unittest.main()
