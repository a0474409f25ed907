#!/usr/bin/python3
"""scripts/validation_report fails when the validation does, and only then.

Runs the script on tiny fixture programs (written to a temporary folder) instead of the test
programs: one that passes (with an informative and a skipped suite), one that prints a FAIL line,
one that exits non-zero, a missing one, one with a malformed line, an expected suite nobody
prints; and checks the header's commit on a clean and a dirty git tree.
Usage: test_validation_report.py <repository root>
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
del sys.argv[1:]
SCRIPT = os.path.join(ROOT, "scripts", "validation_report")
PYTHON = "/usr/bin/python3"

PASSING = """
print("VALIDATION fixture_suite case_a rel_err value=0.01 tol=0.05 PASS")
print("VALIDATION fixture_suite case_b rel_err value=0.02 tol=0.05 PASS")
print("VALIDATION fixture_info case_a annual value=3.0 min=1.0 max=2.0 within=no INFO")
print("VALIDATION fixture_skipped big_file peak_rss reason='needs 3 GB of disk, has 1.0 GB' SKIP")
print("unrelated output")
"""
FAIL_LINE = """
print("VALIDATION fixture_suite case_a rel_err value=0.01 tol=0.05 PASS")
print("VALIDATION fixture_suite case_b rel_err value=0.09 tol=0.05 FAIL")
"""
EXITS_NON_ZERO = """
import sys
print("VALIDATION fixture_suite case_a rel_err value=0.01 tol=0.05 PASS")
sys.exit(1)
"""
MALFORMED = """
print("VALIDATION fixture_suite case_a rel_err value=0.01 tol=0.05 OK")
"""
SILENT = """
print("no validation here")
"""


class ValidationReport(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="heattwin-validation-report-")
        self.out = os.path.join(self.dir, "VALIDATION.md")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def fixture(self, name, text):
        path = os.path.join(self.dir, name + ".py")
        with open(path, "w") as f:
            f.write(text)
        return f"{PYTHON} {path}"

    def report(self, *programs, extra=(), source_dir=ROOT):
        cmd = [PYTHON, SCRIPT, "--out", self.out, "--source-dir", source_dir, *extra]
        for p in programs:
            cmd += ["--program", p]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def assert_fails(self, p, fragment):
        self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn(fragment, p.stderr)
        self.assertFalse(os.path.exists(self.out), "a document was written although the validation failed")

    def test_passing_program_writes_the_document_with_skipped_and_informative_suites(self):
        p = self.report(self.fixture("passing", PASSING))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(self.out) as f:
            text = f.read()
        self.assertIn("| [fixture_suite](#fixture_suite) | PASS | 2 of 2 | 0 | 0 |", text)
        self.assertIn("| [fixture_info](#fixture_info) | INFORMATIVE | 0 of 0 | 1 (1 outside) | 0 |", text)
        self.assertIn("| [fixture_skipped](#fixture_skipped) | SKIPPED | 0 of 0 | 0 | 1 |", text)
        self.assertIn("**Skipped** on this machine: needs 3 GB of disk, has 1.0 GB.", text)

    def test_a_fail_line_fails_the_report(self):
        self.assert_fails(self.report(self.fixture("fail_line", FAIL_LINE)), "suite fixture_suite FAILS: case_b rel_err")

    def test_a_failing_program_fails_the_report(self):
        self.assert_fails(self.report(self.fixture("passing", PASSING), self.fixture("exits", EXITS_NON_ZERO)),
                          "exit code 1")

    def test_a_missing_program_fails_the_report(self):
        missing = os.path.join(self.dir, "no_such_test_program")
        self.assert_fails(self.report(self.fixture("passing", PASSING), missing), "missing " + missing)

    def test_a_malformed_line_fails_the_report(self):
        self.assert_fails(self.report(self.fixture("malformed", MALFORMED)), "malformed line 1")

    def test_a_program_without_validation_lines_fails_the_report(self):
        self.assert_fails(self.report(self.fixture("silent", SILENT)), "printed no VALIDATION line")

    def test_an_expected_suite_that_is_not_printed_fails_the_report(self):
        self.assert_fails(self.report(self.fixture("passing", PASSING), extra=["--expect-suite", "network"]),
                          "suite network expected")

    def test_the_header_names_the_commit_and_marks_a_dirty_tree(self):
        repo = os.path.join(self.dir, "repo")
        os.makedirs(repo)
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                   GIT_COMMITTER_EMAIL="t@example.org")

        def git(*args):
            return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True, env=env).stdout

        git("init", "-q")
        with open(os.path.join(repo, "model.txt"), "w") as f:
            f.write("one\n")
        git("add", "model.txt")
        git("commit", "-q", "-m", "fixture")
        sha = git("rev-parse", "--short=12", "HEAD").strip()
        program = self.fixture("passing", PASSING)
        self.assertEqual(self.report(program, source_dir=repo).returncode, 0)
        with open(self.out) as f:
            self.assertIn(f"- source tree: {sha} (clean)", f.read())
        with open(os.path.join(repo, "model.txt"), "w") as f:
            f.write("two\n")
        self.assertEqual(self.report(program, source_dir=repo).returncode, 0)
        with open(self.out) as f:
            self.assertIn(f"- source tree: {sha}-dirty — **uncommitted changes** to model.txt", f.read())
        # The document the script writes is not a change of the tree it describes.
        git("checkout", "-q", "model.txt")
        self.out = os.path.join(repo, "VALIDATION.md")
        with open(self.out, "w") as f:
            f.write("old\n")
        git("add", "VALIDATION.md")
        git("commit", "-q", "-m", "document")
        sha = git("rev-parse", "--short=12", "HEAD").strip()
        self.assertEqual(self.report(program, source_dir=repo).returncode, 0)
        self.assertEqual(self.report(program, source_dir=repo).returncode, 0)
        with open(self.out) as f:
            self.assertIn(f"- source tree: {sha} (clean)", f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
