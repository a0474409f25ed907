#!/usr/bin/python3
"""Fails when a C++ file of the repository is not formatted by the pinned clang-format.

The style is .clang-format at the root; the version is pinned to Debian 12's clang-format 14
(scripts/setup installs it), because other versions format some constructs differently.
Fix with: git ls-files '*.cpp' '*.hpp' | xargs clang-format-14 -i
Usage: test_format.py <repository root>
"""
import os
import shutil
import subprocess
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL = shutil.which("clang-format-14")
if TOOL is None:
    print("clang-format-14 not found (scripts/setup installs Debian's clang-format)", file=sys.stderr)
    sys.exit(1)

try:
    listed = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "*.cpp", "*.hpp"], capture_output=True,
                            check=True).stdout.decode().split("\0")
    files = [f for f in listed if f]
except (OSError, subprocess.CalledProcessError):
    files = []
if not files:  # not a git checkout: every C++ file outside build folders
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if not d.startswith(("build", ".")) and d != "out"]
        files += [os.path.relpath(os.path.join(dirpath, f), ROOT) for f in filenames if f.endswith((".cpp", ".hpp"))]
if len(files) < 50:
    print(f"only {len(files)} C++ files found under {ROOT}: wrong root?", file=sys.stderr)
    sys.exit(1)

unformatted = []
for rel in files:
    p = subprocess.run([TOOL, "--dry-run", "-Werror", "--style=file", os.path.join(ROOT, rel)], capture_output=True,
                       text=True, cwd=ROOT)
    if p.returncode != 0:
        unformatted.append(rel)
if unformatted:
    print(f"{len(unformatted)} of {len(files)} files differ from .clang-format (clang-format 14):", file=sys.stderr)
    print("\n".join(unformatted), file=sys.stderr)
    print("fix: git ls-files '*.cpp' '*.hpp' | xargs clang-format-14 -i", file=sys.stderr)
    sys.exit(1)
print(f"{len(files)} C++ files formatted as .clang-format says")
