#!/usr/bin/python3
"""Tests of the Python module `heattwin` (python/): twin columns as numpy views checked against the
twin file read by h5py and `heattwin info --json`, scenario runs with overrides checked against
physics, results read back, and the example of docs/python.md run as written.

Run by ctest as: PYTHONPATH=<build>/python /usr/bin/python3 test_heattwin_module.py <heattwin> <data dir> <docs/python.md>
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HEATTWIN, DATA, PYTHON_MD = sys.argv[1:4]
del sys.argv[1:4]

import heattwin  # noqa: E402  (after the arguments are taken off sys.argv)

WEATHER = os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat")


def write_scenario(folder, name="base"):
    path = pathlib.Path(folder) / "demand.toml"
    path.write_text(f'[run]\nname = "{name}"\nyear = 2025\ntwin = "twin.h5"\n'
                    f'weather = {json.dumps(WEATHER)}\nout = "results.h5"\nmethod = "monthly"\n')
    return path


class Module(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="heattwin-python-")
        cls.twin_path = os.path.join(cls.tmp, "twin.h5")
        subprocess.run([HEATTWIN, "-q", "generate", "--buildings", "1200", "--seed", "5", "--out", cls.twin_path],
                       check=True, timeout=300)
        cls.twin = heattwin.open_twin(cls.twin_path)
        cls.scenario = write_scenario(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_version(self):
        self.assertRegex(heattwin.__version__, r"^\d+\.\d+\.\d+$")
        self.assertTrue(heattwin.git_sha)

    def test_columns_equal_the_twin_file(self):
        twin = self.twin
        with h5py.File(self.twin_path, "r") as f:
            self.assertEqual(len(twin), int(f["buildings"].attrs["count"]))
            for name in twin.column_names:
                if name.startswith("prov_"):
                    stored = f["buildings/provenance"][name[len("prov_"):]][...]
                else:
                    stored = f["buildings"][name][...]
                column = twin.column(name)
                self.assertEqual(column.dtype, stored.dtype, name)
                np.testing.assert_array_equal(column, stored, err_msg=name)
            chars = f["buildings/id_chars"][...].tobytes()
            offsets = f["buildings/id_offsets"][...]
            ids = [chars[offsets[k]:offsets[k + 1]].decode() for k in range(len(offsets) - 1)]
        self.assertEqual(twin.ids(), ids)
        self.assertEqual(twin.units["heated_floor_area_m2"], "m2")
        self.assertIn("use_class", heattwin.enum_names())

    def test_columns_agree_with_heattwin_info(self):
        info = json.loads(subprocess.run([HEATTWIN, "info", self.twin_path, "--json"], check=True,
                                         capture_output=True, text=True).stdout)
        self.assertEqual(len(self.twin), info["buildings"]["count"])
        self.assertEqual(self.twin.summary()["buildings"], info["buildings"])
        for name, total in info["totals"].items():
            self.assertAlmostEqual(float(np.nansum(self.twin.column(name))), total, delta=1e-9 * abs(total), msg=name)
        self.assertEqual(len(self.twin.municipalities()["ags"]), info["regions"]["municipalities"])

    def test_columns_are_views_that_keep_the_twin_alive(self):
        twin = heattwin.open_twin(self.twin_path)
        a = twin.column("heated_floor_area_m2")
        self.assertIs(a.base, twin)  # a view of the twin's own memory, not a copy
        self.assertTrue(np.shares_memory(a, twin.column("heated_floor_area_m2")))
        self.assertFalse(a.flags.writeable)
        with self.assertRaises(ValueError):
            a[0] = 1.0
        expected = a.copy()
        del twin
        np.testing.assert_array_equal(a, expected)  # the array holds the twin
        with self.assertRaises(KeyError):
            self.twin.column("no_such_column")

    def test_generate_twin_matches_the_program(self):
        path = os.path.join(self.tmp, "generated.h5")
        twin = heattwin.generate_twin(path, buildings=1200, seed=5)
        np.testing.assert_array_equal(twin.column("volume_m3"), self.twin.column("volume_m3"))
        self.assertEqual(len(heattwin.open_twin(path)), 1200)
        # Issue 20, class 4: never over a directory or a file of another kind.
        with self.assertRaises(heattwin.InputError):
            heattwin.generate_twin(self.tmp, buildings=10)
        other = os.path.join(self.tmp, "notes.txt")
        with open(other, "w") as f:
            f.write("keep me")
        with self.assertRaises(heattwin.InputError):
            heattwin.generate_twin(other, buildings=10)
        with open(other) as f:
            self.assertEqual(f.read(), "keep me")

    def test_scenario_override_changes_the_heat_as_physics_says(self):
        base = heattwin.run_scenario(self.scenario, overrides={"run.out": "base.h5"})
        warm = heattwin.run_scenario(self.scenario, overrides={"demand": {"heating_setpoint_c": 22.0},
                                                               "run.out": "warm.h5", "run.name": "warm"})
        self.assertGreater(base["buildings_computed"], 300)
        self.assertEqual(warm["buildings_computed"], base["buildings_computed"])
        # 2 K more inside: more transmission and ventilation losses, the same gains.
        self.assertGreater(warm["heating_mwh"], 1.1 * base["heating_mwh"])
        self.assertAlmostEqual(warm["hot_water_mwh"], base["hot_water_mwh"], delta=1e-9 * base["hot_water_mwh"])
        self.assertEqual(warm["scenario"]["heating_setpoint_c"], 22.0)
        self.assertEqual(base["scenario"]["heating_setpoint_c"], 20.0)

        self.assertEqual(heattwin.list_results(warm["results"]), [("warm", 2025)])
        r = heattwin.read_results(warm["results"])
        self.assertEqual((r.scenario, r.year, r.method), ("warm", 2025, "EN ISO 13790 monthly"))
        self.assertEqual(r.meta["scenario_overrides"], ["demand.heating_setpoint_c = 22.0", "run.out = \"warm.h5\"",
                                                        "run.name = \"warm\""])
        b = r.buildings
        self.assertEqual(b.rows, warm["buildings_computed"])
        heating = b.column("annual_heating_kwh")
        self.assertIs(heating.base, r)
        self.assertAlmostEqual(heating.sum() / 1000.0, warm["heating_mwh"], delta=1e-6 * warm["heating_mwh"])
        self.assertEqual(b.matrices["monthly_heating_kwh"].shape, (b.rows, 12))
        np.testing.assert_allclose(b.matrices["monthly_heating_kwh"].sum(axis=1), heating, rtol=1e-9, atol=1e-9)
        self.assertEqual(b.units["annual_heating_kwh"], "kWh/a")
        # Result rows point into the twin's building columns.
        rows = r.building_twin_index
        ids = self.twin.ids()
        self.assertEqual([ids[k] for k in rows[:50]], b.id[:50])
        np.testing.assert_allclose(b.column("heated_floor_area_m2"),
                                   self.twin.column("heated_floor_area_m2")[rows], rtol=1e-12)
        # Every building warmer inside needs at least as much heat.
        base_heating = heattwin.read_results(base["results"]).buildings.column("annual_heating_kwh")
        self.assertTrue(np.all(heating >= base_heating - 1e-9))

    def test_bad_overrides_name_the_override(self):
        with self.assertRaisesRegex(heattwin.InputError, r"override demand\.heating_setpoint_c"):
            heattwin.load_scenario(self.scenario, overrides={"demand.heating_setpoint_c": "warm"})
        with self.assertRaisesRegex(heattwin.InputError, "no_such_key"):
            heattwin.load_scenario(self.scenario, overrides={"demand.no_such_key": 1})
        with self.assertRaisesRegex(heattwin.InputError, "is a value, not a table"):
            heattwin.load_scenario(self.scenario, overrides={"run.year.x": 1})
        s = heattwin.load_scenario(self.scenario, overrides={"run.method": "hourly", "run.municipalities": ["15003000"]})
        self.assertEqual((s["method"], s["municipalities"], s["years"]), ("hourly", ["15003000"], [2025]))
        with self.assertRaises(heattwin.Error):
            heattwin.open_twin(os.path.join(self.tmp, "missing.h5"))

    def test_toml_values(self):
        v = heattwin.toml_value
        self.assertEqual([v(True), v(3), v(2.5), v("a\"b"), v([1, 2.0]), v({"kind": "heat_pump"})],
                         ["true", "3", "2.5", '"a\\"b"', "[1, 2.0]", '{ "kind" = "heat_pump" }'])
        self.assertEqual(v(np.float64(21.0)), "21.0")
        with self.assertRaises(TypeError):
            v(object())

    def test_documentation_example_runs(self):
        """docs/python.md's example, run as written (it makes its own folder)."""
        text = pathlib.Path(PYTHON_MD).read_text()
        example = re.search(r"```python\n(.*?)```", text, re.S).group(1)
        namespace = {"__name__": "__docs_example__"}
        exec(compile(example, PYTHON_MD, "exec"), namespace)
        self.assertIn("results", namespace)
        shutil.rmtree(namespace["work"], ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
