#!/usr/bin/python3
"""End-to-end regression tests of issue 20 (reliability): exit codes of inputs the system cannot
resolve, non-regular inputs that must not hang, interruption litter, multi-file outputs committed
together and a full disk. Bit-identical results files at 1 and 2 threads: test_determinism.py.

Run by ctest as: /usr/bin/python3 test_reliability.py <heattwin> <project data dir>
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest


HEATTWIN, DATA = sys.argv[1:3]
del sys.argv[1:3]


def run(*args, check=None, timeout=120, env=None, preexec_fn=None):
    p = subprocess.run([HEATTWIN, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env,
                       preexec_fn=preexec_fn)
    if check is not None and p.returncode != check:
        raise AssertionError(f"heattwin {' '.join(map(str, args))} exited {p.returncode}, expected {check}\n"
                             f"stderr: {p.stderr[-2000:]}")
    return p


def dead_pid():
    """A pid no process has: a child that has exited and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


class Reliability(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="heattwin-rel-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def assert_clean_exit_2(self, p, *fragments):
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertNotIn("unexpected error", p.stderr)
        for fragment in fragments:
            self.assertIn(fragment, p.stderr)

    # ---------------------------------------------------------------- class 8: exit codes
    def test_fifo_inputs_are_refused_not_read(self):
        for name, args in (("s.toml", ["run", "{}"]), ("b.geojson", ["import", "{}", "--out", self.path("t.h5")]),
                           ("c.json", ["validate", "bestest", "{}", "--case", "600"])):
            fifo = self.path(name)
            os.mkfifo(fifo)
            p = run(*[a.format(fifo) for a in args], timeout=30)  # a hang fails by timeout
            self.assert_clean_exit_2(p, name, "FIFO")

    def test_mapping_directory_seed_negative_loop_and_long_path_exit_2(self):
        sample = os.path.join(DATA, "sample", "goerlitz_lod2_footprints.geojson")
        p = run("import", sample, "--mapping", self.tmp, "--out", self.path("t.h5"))
        self.assert_clean_exit_2(p, "--mapping", "directory")
        p = run("generate", "--seed", "-1", "--buildings", "10", "--out", self.path("t.h5"))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertFalse(os.path.exists(self.path("t.h5")))
        os.symlink(self.path("loop_b.h5"), self.path("loop_a.h5"))
        os.symlink(self.path("loop_a.h5"), self.path("loop_b.h5"))
        self.assert_clean_exit_2(run("info", self.path("loop_a.h5")), "loop_a.h5")
        self.assert_clean_exit_2(run("info", self.path("x" * 5000 + ".h5")), "too long")

    def test_json_number_overflow_exit_2(self):
        cases = self.path("cases.json")
        with open(cases, "w") as f:
            f.write('{"cases": {"600": {"x": 1e400}}}')
        self.assert_clean_exit_2(run("validate", "bestest", cases, "--case", "600"), "cases.json")

    def test_invalid_utf8_ids_give_valid_json(self):
        # Found by scripts/bad_inputs: a pipe id with the byte 0x8D made `validate network --json`
        # fail with "unexpected error" (nlohmann refuses invalid UTF-8); it is now replaced (U+FFFD).
        with open(os.path.join(DATA, "reference/networks/epanet/Net1.inp"), "rb") as f:
            lines = f.read().split(b"\n")
        k = next(i for i, line in enumerate(lines) if line.strip().upper().startswith(b"[PIPES]"))
        k += next(i for i, line in enumerate(lines[k + 1:], 1) if line.strip() and not line.strip().startswith(b";"))
        lines[k] = lines[k].replace(lines[k].split()[0], b"\x8d" + lines[k].split()[0], 1)
        inp = self.path("net.inp")
        with open(inp, "wb") as f:
            f.write(b"\n".join(lines))
        p = subprocess.run([HEATTWIN, "validate", "network", inp, "--json"], capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        j = json.loads(p.stdout.decode("utf-8"))
        self.assertTrue(any("\ufffd" in pipe["id"] for pipe in j["pipes"]))

    def test_twin_and_results_files_missing_a_required_object_exit_2(self):
        """A twin or results file that lacks a dataset or group its schema requires, or holds a group
        where a dataset belongs, is bad input: exit 2 naming the file and the object, never exit 1
        ("unexpected error", IoError) or a crash (a results file without results crashed `report`)."""
        import h5py
        twin = self.path("t.h5")
        run("-q", "generate", "--buildings", "60", "--out", twin, check=0)
        scenario = self.path("s.toml")
        weather = os.path.abspath(os.path.join(DATA, "weather", "TRY2010_04_Jahr.dat"))
        with open(scenario, "w") as f:
            f.write(f'[run]\nname = "a"\nyear = 2025\ntwin = "{twin}"\nweather = "{weather}"\nout = "r.h5"\n')
        run("-q", "run", scenario, check=0, timeout=300)
        results = self.path("r.h5")

        def broken(source, name, obj, group_instead):
            path = self.path(name)
            shutil.copy(source, path)
            with h5py.File(path, "r+") as f:
                del f[obj]
                if group_instead:
                    f.create_group(obj)
            return path

        for group_instead in (False, True):
            bad = broken(twin, "twin_bad.h5", "buildings/height_m", group_instead)
            self.assert_clean_exit_2(run("info", bad), "twin_bad.h5", "/buildings/height_m")
            for obj in ("results/a/2025/buildings/id", "results/a/2025/grid/cell_id", "meta/scenario_toml"):
                bad = broken(results, "results_bad.h5", obj, group_instead)
                for args in (["report", bad, "--out", self.path("report")],
                             ["export", bad, "--format", "gpkg", "--out", self.path("export")],
                             ["compare", bad, "--out", self.path("compare")]):
                    self.assert_clean_exit_2(run(*args, timeout=300), "results_bad.h5", "/" + obj)
        for obj in ("results/a", "results/a/2025"):
            bad = broken(results, "results_bad.h5", obj, False)
            self.assert_clean_exit_2(run("report", bad, "--out", self.path("report"), timeout=300), "results_bad.h5")

    # ------------------------------------------------------- class 7: interruptions, litter
    def test_sigterm_leaves_no_litter_and_the_next_run_sweeps_a_killed_run(self):
        out, gpkg = self.path("state.h5"), self.path("state.gpkg")
        proc = subprocess.Popen([HEATTWIN, "generate", "--buildings", "300000", "--out", out, "--gpkg", gpkg],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Wait until a temporary file exists (the writing has begun), then interrupt.
        deadline = time.time() + 60
        while time.time() < deadline and not any(".tmp-" in n for n in os.listdir(self.tmp)):
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGTERM)
        self.assertEqual(os.listdir(self.tmp), [], "litter after SIGTERM")
        # A SIGKILL gives no handler a chance: its litter is swept by the next run.
        stale = [f"{out}.tmp-{dead_pid()}", f"{gpkg}.tmp-{dead_pid()}.pending.gpkg-journal"]
        for s in stale:
            with open(s, "w") as f:
                f.write("partial")
        run("generate", "--buildings", "50", "--out", out, "--gpkg", gpkg, check=0)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["state.gpkg", "state.h5"])

    # ---------------------------------------------------------------- class 4: outputs and inputs
    def test_run_leaves_its_input_twin_unchanged_by_default(self):
        import hashlib
        import h5py
        plan = self.path("plan")
        os.makedirs(os.path.join(plan, "data", "scenarios"))
        os.symlink(os.path.join(os.path.abspath(DATA), "weather"), os.path.join(plan, "data", "weather"))
        os.symlink(os.path.join(os.path.abspath(DATA), "sample"), os.path.join(plan, "data", "sample"))  # potentials
        run("-q", "demo", "--out", os.path.join(plan, "out", "demo"), check=0, timeout=300)
        scenario = os.path.join(plan, "data", "scenarios", "demo_demand.toml")
        shutil.copy(os.path.join(DATA, "scenarios", "demo_demand.toml"), scenario)
        twin = os.path.join(plan, "out", "demo", "twin.h5")

        def digest():
            with open(twin, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()

        # The default (store_in_twin = false): the designed network is in the results only
        # (/networks/<scenario>), the input stays as it was, and export draws the network from the results.
        before = digest()
        results = os.path.join(plan, "out", "second.h5")
        d = json.loads(run("run", scenario, "--set", "network.name=second", "--out", results, "--json", check=0,
                           timeout=300).stdout)
        self.assertTrue(d["network"]["designed"])
        self.assertFalse(d["network"]["stored_in_twin"])
        self.assertEqual(digest(), before, "run rewrote its input twin by default")
        with h5py.File(twin, "r") as t:
            self.assertNotIn("second", list(t["networks/names"].asstr()[:]))
        with h5py.File(results, "r") as r:
            scenario_name = list(r["results"].keys())[0]
            names = list(r[f"networks/{scenario_name}/names"].asstr()[:])
            self.assertIn("second", names)
            pipes = r[f"networks/{scenario_name}/pipes/inner_diameter_m"][:]
            self.assertGreater(len(pipes), 0)
        exported = self.path("exported")
        run("export", results, "--format", "gpkg", "--out", exported, check=0, timeout=300)
        gpkg = [f for f in os.listdir(exported) if f.endswith(".gpkg")]
        self.assertEqual(len(gpkg), 1, os.listdir(exported))
        import sqlite3
        with sqlite3.connect(os.path.join(exported, gpkg[0])) as db:
            count = db.execute("SELECT COUNT(*) FROM network_pipes").fetchone()[0]
        self.assertGreater(count, 0, "export drew no network pipes from the results file")
        # store_in_twin = true still writes the design into the twin.
        d = json.loads(run("run", scenario, "--set", "network.name=second", "--set", "network.store_in_twin=true",
                           "--out", results, "--json", check=0, timeout=300).stdout)
        self.assertTrue(d["network"]["stored_in_twin"])
        with h5py.File(twin, "r") as t:
            self.assertIn("second", list(t["networks/names"].asstr()[:]))

    def test_generate_commits_twin_and_geopackage_together(self):
        out, gpkg = self.path("t.h5"), self.path("t.gpkg")
        # The GeoPackage cannot be created (its folder is missing): neither file may appear.
        p = run("generate", "--buildings", "50", "--out", out, "--gpkg", self.path("missing/t.gpkg"))
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(os.listdir(self.tmp), [])
        run("generate", "--buildings", "50", "--out", out, "--gpkg", gpkg, check=0)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["t.gpkg", "t.h5"])

    # ------------------------------------------------------------- class 3: a full disk
    def test_full_disk_is_an_error_not_a_signal(self):
        def limit_file_size():
            # 200 kB per file, and EFBIG instead of SIGXFSZ: a disk that fills up.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

        out = self.path("big.h5")
        p = run("generate", "--buildings", "20000", "--out", out, preexec_fn=limit_file_size)
        self.assertIn(p.returncode, (1, 2), p.stderr)  # an error with a message, never a signal
        self.assertNotIn("unexpected error", p.stderr)
        self.assertEqual(os.listdir(self.tmp), [], "a partial file or temporary file was left")


if __name__ == "__main__":
    unittest.main(verbosity=2)
