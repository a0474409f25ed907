#!/usr/bin/python3
"""End-to-end test of `heattwin sweep` (docs/SWEEPS.md): a small sweep on a generated
municipality, killed with SIGKILL mid-way and resumed (no finished run lost, none counted twice),
the same run table bit for bit at 1 and 2 threads, and, when HeatTwin is built with MPI, at 1, 2
and 4 ranks (`mpirun --oversubscribe -np 4`).

    test_sweep.py <heattwin> <data dir> <ON|OFF: built with MPI>
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import h5py
import numpy as np

HEATTWIN, DATA, WITH_MPI = sys.argv[1], sys.argv[2], sys.argv[3].upper() in ("ON", "1", "TRUE")
del sys.argv[1:4]

RUNS = 48  # lhs design; each run recomputes the demand (the refurbishment rate varies)


def run(*args, check=0, timeout=300, cwd=None):
    p = subprocess.run([HEATTWIN, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)
    if check is not None and p.returncode != check:
        raise AssertionError(f"{args}: exit {p.returncode}, expected {check}\n{p.stdout}\n{p.stderr}")
    return p


class Sweep(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="heattwin-sweep-")
        table = os.path.join(cls.tmp, "municipality.csv")
        with open(os.path.join(DATA, "regions/sachsen_anhalt_municipalities.csv")) as f, open(table, "w") as out:
            lines = f.read().splitlines()
            out.write(lines[0] + "\n")
            out.write(next(l for l in lines if l.startswith("15085370,")) + "\n")
        twin = os.path.join(cls.tmp, "twin.h5")
        run("-q", "generate", "--seed", "3", "--buildings", "300", "--municipalities", table, "--boundaries", "none",
            "--out", twin)
        with open(os.path.join(cls.tmp, "plan.toml"), "w") as f:
            f.write(f'[run]\nyears = [2025, 2035]\ntwin = "twin.h5"\nweather = "{DATA}/weather/TRY2010_04_Jahr.dat"\n'
                    'out = "plan.h5"\nmethod = "monthly"\n')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def sweep_file(self, name):
        path = os.path.join(self.tmp, f"{name}.toml")
        with open(path, "w") as f:
            f.write(f'[sweep]\nscenario = "plan.toml"\ndesign = "lhs"\nsamples = {RUNS}\nseed = 5\nout = "{name}.h5"\n'
                    '[parameters."refurbishment.rate_per_year"]\ndistribution = "uniform"\nmin = 0.005\nmax = 0.04\n'
                    '[parameters."prices.natural_gas.2035"]\ndistribution = "triangular"\nmin = 90.0\nmode = 140.0\n'
                    'max = 220.0\n')
        return path

    def table(self, name):
        with h5py.File(os.path.join(self.tmp, f"{name}.h5"), "r") as f:
            self.assertEqual(f.attrs["filetype"], b"heattwin-sweep")  # fixed-length: bytes in h5py
            status = [s.decode() if isinstance(s, bytes) else s for s in f["runs/status"][...]]
            return f["design/values"][...], f["runs/indicators"][...], status

    def test_a_straight_run_and_thread_counts_give_the_same_table(self):
        run("-q", "sweep", self.sweep_file("one"), "--threads", "1")
        run("-q", "sweep", self.sweep_file("two"), "--threads", "2")
        d1, t1, s1 = self.table("one")
        d2, t2, s2 = self.table("two")
        self.assertEqual(s1, ["ok"] * RUNS)
        self.assertEqual(t1.shape[0], RUNS)
        np.testing.assert_array_equal(d1, d2)
        self.assertEqual(t1.tobytes(), t2.tobytes())  # bit for bit
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "one.h5.journal")))
        with open(os.path.join(self.tmp, "one.csv"), encoding="utf-8") as f:
            header = f.readline()
        # parameters in the order of their names (the sweep file's tables are read sorted)
        self.assertTrue(header.startswith("lauf;status;prices.natural_gas.2035;refurbishment.rate_per_year;"), header)

    def test_kill_9_then_resume_loses_no_run_and_counts_none_twice(self):
        run("-q", "sweep", self.sweep_file("ref"), "--threads", "2")
        path = self.sweep_file("killed")
        journal = os.path.join(self.tmp, "killed.h5.journal")
        p = subprocess.Popen([HEATTWIN, "-q", "sweep", path, "--threads", "2"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        finished = 0
        while time.monotonic() < deadline and p.poll() is None:
            if os.path.exists(journal):
                with open(journal, "rb") as f:
                    finished = f.read().count(b"\n") - 1
                if finished >= 5:
                    break
            time.sleep(0.005)
        self.assertIsNone(p.poll(), "the sweep ended before it could be killed; make it longer")
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "killed.h5")))  # no half-written output
        # Without --resume: a clear error (exit 2) naming the journal.
        e = run("sweep", path, check=2)
        self.assertIn("--resume", e.stderr)
        self.assertIn("killed.h5.journal", e.stderr)
        # A torn last line (killed while writing) is cut off, not read.
        with open(journal, "ab") as f:
            f.write(b"7\tok 0x1p+0 0x1p+0")
        r = run("sweep", path, "--resume", "--threads", "2")
        line = next(l for l in r.stdout.splitlines() if l.startswith("sweep:"))
        resumed = int(line.split("(")[1].split(" from the journal")[0])
        computed = int(line.split(", ")[1].split(" computed")[0])
        self.assertGreaterEqual(resumed, finished)
        self.assertEqual(resumed + computed, RUNS, line)
        _, t_ref, _ = self.table("ref")
        _, t_killed, s_killed = self.table("killed")
        self.assertEqual(s_killed, ["ok"] * RUNS)
        self.assertEqual(t_ref.tobytes(), t_killed.tobytes())
        self.assertFalse(os.path.exists(journal))

    def test_dry_run_prints_the_design_and_an_estimate(self):
        r = run("sweep", self.sweep_file("dry"), "--dry-run")
        self.assertEqual(len([l for l in r.stdout.splitlines() if l and l[0].isdigit()]), RUNS)
        self.assertIn("estimate", r.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "dry.h5")))

    def test_per_municipality_columns_add_up_to_the_totals(self):
        """Issue 17 §2: a twin of two municipalities gets heating, final energy and CO2 columns per
        year and municipality (<name>_<year>_<ags>) that add up to the totals."""
        d = os.path.join(self.tmp, "two")
        os.makedirs(d, exist_ok=True)
        table = os.path.join(d, "municipalities.csv")
        with open(os.path.join(DATA, "regions/sachsen_anhalt_municipalities.csv")) as f, open(table, "w") as out:
            lines = f.read().splitlines()
            out.write(lines[0] + "\n")
            for ags in ("15085370,", "15003000,"):
                out.write(next(l for l in lines if l.startswith(ags)) + "\n")
        run("-q", "generate", "--seed", "4", "--buildings", "200", "--municipalities", table, "--boundaries", "none",
            "--out", os.path.join(d, "twin.h5"))
        with open(os.path.join(d, "plan.toml"), "w") as f:
            f.write(f'[run]\nyears = [2025, 2035]\ntwin = "twin.h5"\nweather = "{DATA}/weather/TRY2010_04_Jahr.dat"\n'
                    'out = "plan.h5"\nmethod = "monthly"\n')
        with open(os.path.join(d, "s.toml"), "w") as f:
            f.write('[sweep]\nscenario = "plan.toml"\ndesign = "lhs"\nsamples = 3\nseed = 5\nout = "s.h5"\n'
                    '[parameters."refurbishment.rate_per_year"]\ndistribution = "uniform"\nmin = 0.005\nmax = 0.04\n')
        run("-q", "sweep", os.path.join(d, "s.toml"), "--threads", "1")
        with h5py.File(os.path.join(d, "s.h5"), "r") as f:
            names = [n.decode() if isinstance(n, bytes) else n for n in f["runs/indicator"][...]]
            values = f["runs/indicators"][...]
        col = {n: values[:, i] for i, n in enumerate(names)}
        for year in (2025, 2035):
            for name in ("heating_mwh", "final_energy_mwh", "co2_t"):
                parts = [col[f"{name}_{year}_{ags}"] for ags in ("15003000", "15085370")]
                self.assertTrue(all(p.min() > 0 for p in parts), name)
                np.testing.assert_allclose(parts[0] + parts[1], col[f"{name}_{year}"], rtol=1e-9)

    @unittest.skipUnless(WITH_MPI and shutil.which("mpirun"), "HeatTwin built without MPI")
    def test_mpi_ranks_give_the_same_table(self):
        run("-q", "sweep", self.sweep_file("serial"), "--threads", "1")
        _, t_serial, _ = self.table("serial")
        for ranks in (1, 2, 4):
            name = f"mpi{ranks}"
            p = subprocess.run(["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), HEATTWIN, "-q",
                                "sweep", self.sweep_file(name), "--threads", "1"],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            _, t, s = self.table(name)
            self.assertEqual(s, ["ok"] * RUNS)
            self.assertEqual(t.tobytes(), t_serial.tobytes(), f"{ranks} ranks")


if __name__ == "__main__":
    if WITH_MPI and not shutil.which("mpirun"):
        print("mpirun not found: the MPI test is skipped")
        sys.exit(77)
    unittest.main(verbosity=2)
