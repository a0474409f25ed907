#pragma once
/// \file PDF of HTML documents printed by headless Chromium, for the heat plan report: the browser
/// lays out the inline SVG maps and tables exactly as on screen, so the PDF needs no second
/// renderer. Chromium is a Debian package (scripts/setup installs it).
///
/// One Chromium prints many documents: it is started once with `--headless=new
/// --remote-debugging-pipe` and driven by the Chrome DevTools Protocol over the pipe (fd 3: the
/// browser reads, fd 4: it writes; JSON messages each ended by a NUL byte; no network, no port).
/// Per document: Target.createTarget, Page.navigate to the file:// URL, wait for
/// Page.loadEventFired, Page.printToPDF (A4, backgrounds, margins 14 mm / 12 mm like the report's
/// `@page` rule, no header or footer), the base64 PDF written atomically, Target.closeTarget.
/// Chromium's start (≈ 1–2 s) is paid once instead of once per document.

#include <cstddef>
#include <memory>
#include <string>

namespace heattwin::viz {

/// A running headless Chromium that prints HTML files to PDF. Not thread-safe; not copyable.
///
/// Every wait (start, each document) has a deadline of `timeout_s`: a Chromium that hangs is
/// killed (its whole process group), one that dies is noticed at once (its pipe closes), and both
/// become an IoError naming the document; the printer is then unusable (print() throws). A PDF is
/// written under a temporary name and renamed into place only when complete, so a failure never
/// leaves a half-written PDF. The destructor closes the browser (Browser.close, killed after 10 s)
/// and removes its throw-away profile.
class PdfPrinter {
 public:
  /// Starts `chromium` (a path; a wrapper script that execs the browser is fine). Throws IoError
  /// when it cannot be started or does not answer within `timeout_s`. Up to `in_flight`
  /// documents are printed at the same time (each in its own tab), so that the browser's
  /// processes keep both cores busy and the caller can compute the next document meanwhile.
  explicit PdfPrinter(std::string chromium, int timeout_s = 120, std::size_t in_flight = 2);
  ~PdfPrinter();
  PdfPrinter(const PdfPrinter&) = delete;
  PdfPrinter& operator=(const PdfPrinter&) = delete;

  /// Queues `html_path` (a local file; relative paths are taken from the current folder) to be
  /// printed to `pdf_path` and returns as soon as fewer than `in_flight` documents are open
  /// (waiting for one to finish otherwise). The HTML file must stay until finish(). Throws
  /// InputError when the HTML file does not exist, IoError when Chromium fails, dies or takes
  /// longer than the timeout for a document (also for one submitted earlier).
  void submit(const std::string& html_path, const std::string& pdf_path);
  /// Waits until every submitted document is written. Same errors as submit().
  void finish();
  /// submit() then finish(): one document, written when the call returns. Typically 0.1–1 s per
  /// document once the browser runs.
  void print(const std::string& html_path, const std::string& pdf_path);

  /// Process id of the browser (the same for every document of this printer).
  int browser_process_id() const;
  /// Documents printed so far.
  std::size_t documents_printed() const;

 private:
  struct Impl;  // the DevTools plumbing (viz/pdf_print.cpp)
  std::unique_ptr<Impl> impl_;
};

/// Prints one document (`html_path` → `pdf_path`) with a Chromium started for it alone; for many
/// documents use one PdfPrinter. Same errors as PdfPrinter.
void print_pdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path,
               int timeout_s = 120);

}  // namespace heattwin::viz
