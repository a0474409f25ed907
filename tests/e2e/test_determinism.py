#!/usr/bin/python3
"""Determinism on whole results files (issue 20, STYLE 17): `heattwin run` of the demo scenario
(demand and [network]) with OMP_NUM_THREADS=1 and =2 writes results files that h5diff finds
identical — every dataset, every attribute, every string — once the wall-clock timestamps are set
to one value. Nothing else is excluded: a run time, a thread count or a host name in a results
file would be a difference.

Run by ctest as: /usr/bin/python3 test_determinism.py <heattwin> <project data dir>
Needs h5diff (Debian package hdf5-tools, in scripts/setup).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py

HEATTWIN, DATA = sys.argv[1:3]
del sys.argv[1:3]

# Attributes that hold the wall-clock time of a run; the only content allowed to differ.
TIMESTAMP_ATTRIBUTES = ("created_utc", "started_utc", "finished_utc")
FIXED_TIME = "2000-01-01T00:00:00Z"


def run(*args, env=None, timeout=600):
    p = subprocess.run([HEATTWIN, *args], capture_output=True, text=True, timeout=timeout, env=env)
    if p.returncode != 0:
        raise AssertionError(f"heattwin {' '.join(args)} exited {p.returncode}\nstderr: {p.stderr[-2000:]}")
    return p


def normalise_timestamps(path):
    """Sets every timestamp attribute of the file to FIXED_TIME; returns how many were set."""
    count = 0
    with h5py.File(path, "r+") as f:
        objects = [f]
        f.visititems(lambda name, obj: objects.append(obj))
        for obj in objects:
            for name in TIMESTAMP_ATTRIBUTES:
                if name in obj.attrs:
                    obj.attrs[name] = FIXED_TIME
                    count += 1
    return count


def h5diff(a, b):
    """h5diff's exit code (0 identical, 1 different) and its report of the differing objects only."""
    p = subprocess.run(["h5diff", "-r", a, b], capture_output=True, text=True, timeout=300)
    if p.returncode not in (0, 1):
        raise AssertionError(f"h5diff failed ({p.returncode}): {p.stderr[-2000:]}")
    # -r reports every object followed by "N differences found"; keep what is not "0 differences".
    lines, kept = p.stdout.splitlines(), []
    for k, line in enumerate(lines):
        if line.startswith(("dataset:", "attribute:", "group:")) and k + 1 < len(lines) and \
                lines[k + 1].strip() == "0 differences found":
            continue
        if line.strip() == "0 differences found":
            continue
        kept.append(line)
    return p.returncode, "\n".join(kept)


class WholeFileDeterminism(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("h5diff") is None:
            raise unittest.SkipTest("h5diff is missing (apt-get install hdf5-tools; scripts/setup installs it)")
        cls.tmp = tempfile.mkdtemp(prefix="heattwin-determinism-")
        root = os.path.join(cls.tmp, "plan")
        os.makedirs(os.path.join(root, "data", "scenarios"))
        os.symlink(os.path.join(os.path.abspath(DATA), "weather"), os.path.join(root, "data", "weather"))
        os.symlink(os.path.join(os.path.abspath(DATA), "sample"), os.path.join(root, "data", "sample"))  # potentials
        run("-q", "demo", "--out", os.path.join(root, "out", "demo"))
        toml = os.path.join(root, "data", "scenarios", "demo_demand.toml")
        shutil.copy(os.path.join(DATA, "scenarios", "demo_demand.toml"), toml)
        cls.results = {}
        for threads in (1, 2):
            # The same --out for both: the file records it (/meta/scenario_overrides: run.out).
            out = os.path.join(cls.tmp, "results.h5")
            run("-q", "run", toml, "--out", out, env=dict(os.environ, OMP_NUM_THREADS=str(threads)))
            cls.results[threads] = os.path.join(cls.tmp, f"results_{threads}_threads.h5")
            os.rename(out, cls.results[threads])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_results_at_1_and_2_threads_are_identical_but_for_timestamps(self):
        copies = []
        for threads, path in sorted(self.results.items()):
            copy = os.path.join(self.tmp, f"normalised_{threads}.h5")
            shutil.copy(path, copy)
            self.assertGreaterEqual(normalise_timestamps(copy), 2, "no started_utc/finished_utc found")
            copies.append(copy)
        with h5py.File(copies[0], "r") as f:
            self.assertIn("results", f)
            datasets = []
            f.visititems(lambda name, obj: datasets.append(name) if isinstance(obj, h5py.Dataset) else None)
        self.assertGreater(len(datasets), 10)
        code, report = h5diff(*copies)
        self.assertEqual(code, 0, f"results differ between 1 and 2 threads:\n{report[-4000:]}")
        print(f"VALIDATION determinism results_file_1_vs_2_threads differing_objects value=0 limit=0 "
              f"datasets={len(datasets)} PASS", flush=True)

    def test_h5diff_sees_a_changed_attribute_and_a_changed_value(self):
        # The comparison above is only worth something if h5diff compares attributes and values.
        base = os.path.join(self.tmp, "base.h5")
        shutil.copy(self.results[1], base)
        normalise_timestamps(base)
        attribute = os.path.join(self.tmp, "attribute.h5")
        shutil.copy(base, attribute)
        with h5py.File(attribute, "r+") as f:
            f["meta"].attrs["started_utc"] = "2000-01-01T00:00:01Z"
        self.assertEqual(h5diff(base, attribute)[0], 1, "h5diff did not see a changed attribute")
        value = os.path.join(self.tmp, "value.h5")
        shutil.copy(base, value)
        with h5py.File(value, "r+") as f:
            found = []
            f["results"].visititems(lambda name, obj: found.append(obj) if isinstance(obj, h5py.Dataset)
                                    and obj.dtype.kind == "f" and obj.size > 0 else None)
            self.assertTrue(found)
            data = found[0][()]
            flat = data.reshape(-1)
            flat[0] = flat[0] + 1.0 if flat[0] == flat[0] else 1.0
            found[0][...] = data
        self.assertEqual(h5diff(base, value)[0], 1, "h5diff did not see a changed value")


if __name__ == "__main__":
    unittest.main()
