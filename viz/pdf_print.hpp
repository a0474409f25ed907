#pragma once
/// \file PDF of an HTML document printed by headless Chromium (`--print-to-pdf`), for the heat
/// plan report: the browser lays out the inline SVG maps and tables exactly as on screen, so the
/// PDF needs no second renderer. Chromium is a Debian package (scripts/setup installs it).

#include <string>

namespace heattwin::viz {

/// Prints `html_path` to `pdf_path` with `chromium` (headless, no sandbox, a throw-away profile,
/// no header/footer), atomically: the PDF goes to a temporary file beside `pdf_path` renamed
/// into place when Chromium has finished. Throws IoError naming the file when Chromium cannot be
/// started, exits with an error, takes longer than `timeout_s` (it is then killed) or writes no
/// PDF. Takes about 1–3 s per document, mostly Chromium's start.
void print_pdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path,
               int timeout_s = 120);

}  // namespace heattwin::viz
