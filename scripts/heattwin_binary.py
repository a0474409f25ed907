"""A private copy of the `heattwin` executables for scripts that run it for a long time.

`heattwin` is a light front program that execs ../libexec/heattwin-full (relative to its own
folder) for the heavy commands, so a copy must keep that layout. The copy keeps a rebuild during
an hour-long run from replacing the program under the running script.
"""
import os
import shutil


def copy_heattwin(heattwin, dest_dir):
    """Copies `heattwin` and, where it exists, its ../libexec/heattwin-full into dest_dir/bin and
    dest_dir/libexec; returns the path of the copied front program."""
    source = os.path.abspath(heattwin)
    os.makedirs(os.path.join(dest_dir, "bin"), exist_ok=True)
    copied = os.path.join(dest_dir, "bin", "heattwin")
    shutil.copy2(source, copied)
    full = os.path.join(os.path.dirname(os.path.dirname(source)), "libexec", "heattwin-full")
    if os.path.exists(full):
        os.makedirs(os.path.join(dest_dir, "libexec"), exist_ok=True)
        shutil.copy2(full, os.path.join(dest_dir, "libexec", "heattwin-full"))
    return copied
