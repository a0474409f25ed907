#!/usr/bin/python3
"""Fails when a file of the repository refers to anything outside it.

A user clones HeatTwin alone: every source, script, CMake file, test, benchmark and document must
read what it needs from inside the repository (reference data lives in data/reference/). This
checks every tracked file (or, outside a git checkout, every file under the root but build
folders) for a path that climbs out to the team's shared folder beside the project.
Usage: test_stands_alone.py <repository root>
"""
import os
import subprocess
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
# Built from parts so that this file does not match itself.
FORBIDDEN = ["../" + "shared", "..\\" + "shared", "/work/" + "shared"]
SKIP_DIRS = {".git", "build", "build-bench", "out", "__pycache__"}


def tracked_files():
    try:
        out = subprocess.run(["git", "-C", ROOT, "ls-files", "-z"], capture_output=True, check=True).stdout
        files = [f for f in out.decode().split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith("build")]
        files += [os.path.relpath(os.path.join(dirpath, f), ROOT) for f in filenames]
    return files


offenders = []
checked = 0
for rel in tracked_files():
    path = os.path.join(ROOT, rel)
    if not os.path.isfile(path) or os.path.getsize(path) > 50_000_000:
        continue
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data[:8192]:
        continue  # binary
    checked += 1
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if any(p in line for p in FORBIDDEN):
            offenders.append(f"{rel}:{number}: {line.strip()[:160]}")

if checked < 100:
    print(f"only {checked} files found under {ROOT}: wrong root?", file=sys.stderr)
    sys.exit(1)
if offenders:
    print("files referring to a folder outside the repository (copy the data into data/reference/):", file=sys.stderr)
    print("\n".join(offenders), file=sys.stderr)
    sys.exit(1)
print(f"{checked} files checked: none refers outside the repository")
