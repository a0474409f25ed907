#!/usr/bin/python3
"""End-to-end test of `heattwin export --format html` in a real browser: the demo's results become a
self-contained page that headless Chromium renders without console errors or blocked loads, with
the expected sections, and whose screenshot is not blank.

Run by ctest as: /usr/bin/python3 test_report_html.py <heattwin> [<chromium>]
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

HEATTWIN = sys.argv[1]
CHROMIUM = sys.argv[2] if len(sys.argv) > 2 else "/usr/bin/chromium"
del sys.argv[1:]

WINDOW = (1280, 2000)
HEADINGS = ["Summary", "Inventory", "Heat demand density", "Load duration curve", "Monthly demand", "Data quality",
            "Inputs"]
# Fills the report draws: space-heating bars (#c2452d) and hot-water bars (#f2a65a).
CHART_COLOURS = [(0xc2, 0x45, 0x2d), (0xf2, 0xa6, 0x5a)]


def run(cmd, timeout):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG, decoded with zlib only."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"{path}: PNG depth {depth} colour type {colour} interlace {interlace} not handled")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise ValueError(f"{path}: unknown PNG filter {kind} in row {y}")
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        previous = line
    return width, height, rows


class HtmlReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="heattwin-report-e2e-")
        demo = os.path.join(cls.tmp, "demo")
        p = run([HEATTWIN, "demo", "--out", demo], timeout=300)
        if p.returncode != 0:
            raise AssertionError(f"heattwin demo exited {p.returncode}\n{p.stderr[-2000:]}")
        cls.results = os.path.join(demo, "results.h5")
        cls.twin = os.path.join(demo, "twin.h5")
        cls.out = os.path.join(cls.tmp, "export")
        cls.export = run([HEATTWIN, "export", cls.results, "--format", "html", "--out", cls.out, "--twin", cls.twin],
                         timeout=120)
        cls.page = os.path.join(cls.out, "demo_2025.html")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def chromium(self, *args):
        profile = tempfile.mkdtemp(prefix="chromium-", dir=self.tmp)
        cmd = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}",
               f"--window-size={WINDOW[0]},{WINDOW[1]}", *args, "file://" + self.page]
        return run(cmd, timeout=180)

    def test_export_writes_one_self_contained_page(self):
        self.assertEqual(self.export.returncode, 0, self.export.stderr[-2000:])
        self.assertIn(self.page, self.export.stdout)
        self.assertIn("open in a browser", self.export.stdout)
        self.assertEqual(sorted(os.listdir(self.out)), ["demo_2025.html"])  # no temporary left behind
        with open(self.page, encoding="utf-8") as f:
            html = f.read()
        for needle in ("http://", "https://", "<script", "<link", "src=", "url(", "@import"):
            self.assertNotIn(needle, html.lower())
        self.assertIn("default-src 'none'", html)
        self.assertLess(len(html), 2_000_000)
        # Both figures with their definitions (issue 23).
        self.assertIn("expected consumption (MWh/a)", html)
        self.assertIn("<b>Standard demand</b>", html)
        self.assertIn("<b>Expected consumption</b>", html)
        self.assertIn("buildings with imputed modernisation", html)  # the demo imputes it (default)
        self.assertIn("<b>Imputed modernisation</b>", html)

    def test_page_renders_without_console_errors(self):
        self.assertEqual(self.export.returncode, 0, self.export.stderr[-2000:])
        p = self.chromium("--dump-dom", "--enable-logging=stderr", "--v=0")
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        dom = p.stdout
        for heading in HEADINGS:
            self.assertRegex(dom, rf"<h2>{re.escape(heading)}</h2>", heading)
        self.assertIn("Heat demand report: scenario demo, year 2025", dom)
        self.assertIn('aria-label="heat demand density map"', dom)
        self.assertIn('aria-label="load duration curve"', dom)
        # Console messages (script errors, refused loads under the page's CSP) reach stderr as CONSOLE lines.
        for line in p.stderr.splitlines():
            self.assertNotIn("Uncaught", line)
            self.assertNotIn("CONSOLE", line, line)
            self.assertNotIn("Refused to", line, line)
            self.assertNotIn("ERR_FILE_NOT_FOUND", line, line)

    def test_screenshot_is_not_blank(self):
        self.assertEqual(self.export.returncode, 0, self.export.stderr[-2000:])
        shot = os.path.join(self.tmp, "report.png")
        p = self.chromium(f"--screenshot={shot}", "--hide-scrollbars")
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        self.assertTrue(os.path.exists(shot), p.stderr[-3000:])
        width, height, rows = png_pixels(shot)
        self.assertEqual((width, height), WINDOW)
        colours = {}
        for row in rows:
            for pixel in row:
                colours[pixel] = colours.get(pixel, 0) + 1
        background = max(colours, key=colours.get)
        ink = width * height - colours[background]
        print(f"screenshot {width}x{height}: {len(colours)} distinct colours, {100.0 * ink / (width * height):.1f} % "
              f"not background {background}", file=sys.stderr)
        self.assertGreater(len(colours), 50)
        self.assertGreater(ink, 0.05 * width * height)
        for colour in CHART_COLOURS:
            self.assertGreater(colours.get(colour, 0), 100, f"chart colour {colour} missing from the screenshot")


if __name__ == "__main__":
    unittest.main(verbosity=2)
