// PDF printing by one headless Chromium driven over the DevTools pipe (viz/pdf_print.hpp): many
// documents in one browser, each PDF's text extractable and its own; a browser that cannot start,
// hangs or dies is a clear error and leaves no PDF (and no temporary file) behind.
#include "viz/pdf_print.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

fs::path scratch(const char* name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("heattwin-pdf-print-{}-{}", ::getpid(), name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Standard output of a shell command.
std::string output_of(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// An executable shell script standing in for Chromium.
std::string fake_browser(const fs::path& dir, const std::string& body) {
  const fs::path path = dir / "fake-chromium";
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  fs::permissions(path, fs::perms::owner_all);
  return path.string();
}

/// Files in `dir` whose name contains `part`.
std::size_t files_containing(const fs::path& dir, const std::string& part) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(part) != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST(PdfPrinter, PrintsThreeDocumentsInOneChromiumEachWithItsOwnText) {
  ASSERT_TRUE(fs::exists(HEATTWIN_CHROMIUM)) << HEATTWIN_CHROMIUM << " is missing: run scripts/setup";
  ASSERT_TRUE(fs::exists(HEATTWIN_PDFTOTEXT)) << HEATTWIN_PDFTOTEXT << " is missing (poppler-utils): run scripts/setup";
  const fs::path dir = scratch("three");
  const std::array<std::string, 3> words{"Bestandsanalyse Alpha", "Potenzialanalyse Beta", "Zielszenario Gamma"};
  for (std::size_t d = 0; d < words.size(); ++d) {
    // The report's page rule; the third document runs over two pages.
    std::ofstream html(dir / fmt::format("doc{}.html", d));
    html << "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><style>@page{size:A4;margin:14mm 12mm}"
            ".p{break-before:page}</style></head><body><h1>"
         << words[d] << "</h1><p>Wärmeplan Nummer " << d + 1 << "</p>";
    if (d == 2) html << "<p class=\"p\">Zweite Seite</p>";
    html << "</body></html>\n";
  }
  // Two documents in flight at a time: the replies and load events must reach the right document.
  viz::PdfPrinter printer(HEATTWIN_CHROMIUM, 120, 2);
  const int browser = printer.browser_process_id();
  EXPECT_GT(browser, 0);
  for (std::size_t d = 0; d < words.size(); ++d) {
    printer.submit((dir / fmt::format("doc{}.html", d)).string(), (dir / fmt::format("doc{}.pdf", d)).string());
    EXPECT_EQ(printer.browser_process_id(), browser) << "one Chromium for every document";
  }
  printer.finish();
  EXPECT_EQ(printer.documents_printed(), 3U);
  std::array<std::string, 3> texts;
  for (std::size_t d = 0; d < words.size(); ++d) {
    const fs::path pdf = dir / fmt::format("doc{}.pdf", d);
    ASSERT_TRUE(fs::exists(pdf)) << pdf;
    EXPECT_EQ(read_all(pdf).rfind("%PDF-", 0), 0U) << pdf;
    texts[d] = output_of(fmt::format("{} -enc UTF-8 '{}' -", HEATTWIN_PDFTOTEXT, pdf.string()));
    EXPECT_NE(texts[d].find(words[d]), std::string::npos) << "text of " << pdf << ":\n" << texts[d];
    EXPECT_NE(texts[d].find(fmt::format("Wärmeplan Nummer {}", d + 1)), std::string::npos) << texts[d];
    for (std::size_t other = 0; other < words.size(); ++other)
      if (other != d) {
        EXPECT_EQ(texts[d].find(words[other]), std::string::npos) << pdf << " holds the text of document " << other;
      }
    // A4 (595 × 842 pt), as the report's page rule asks.
    const std::string info = output_of(fmt::format("/usr/bin/pdfinfo '{}'", pdf.string()));
    EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
  }
  EXPECT_NE(texts[0], texts[1]);
  EXPECT_NE(texts[1], texts[2]);
  // The third document has two pages: pdftotext separates pages by a form feed.
  EXPECT_NE(texts[2].find("Zweite Seite"), std::string::npos);
  EXPECT_EQ(std::count(texts[2].begin(), texts[2].end(), '\f'), 2) << texts[2];
  EXPECT_EQ(files_containing(dir, ".tmp-"), 0U);
  fs::remove_all(dir);
}

TEST(PdfPrinter, OneDocumentPathPrintsToo) {
  ASSERT_TRUE(fs::exists(HEATTWIN_CHROMIUM)) << HEATTWIN_CHROMIUM << " is missing: run scripts/setup";
  const fs::path dir = scratch("one");
  std::ofstream(dir / "one.html") << "<!DOCTYPE html><html><body><p>Umsetzungsstrategie</p></body></html>\n";
  viz::print_pdf(HEATTWIN_CHROMIUM, (dir / "one.html").string(), (dir / "one.pdf").string());
  const std::string text = output_of(fmt::format("{} '{}' -", HEATTWIN_PDFTOTEXT, (dir / "one.pdf").string()));
  EXPECT_NE(text.find("Umsetzungsstrategie"), std::string::npos) << text;
  fs::remove_all(dir);
}

TEST(PdfPrinter, MissingHtmlIsAnInputErrorNamingTheFile) {
  ASSERT_TRUE(fs::exists(HEATTWIN_CHROMIUM)) << HEATTWIN_CHROMIUM << " is missing: run scripts/setup";
  const fs::path dir = scratch("missing");
  viz::PdfPrinter printer(HEATTWIN_CHROMIUM);
  try {
    printer.print((dir / "nowhere.html").string(), (dir / "nowhere.pdf").string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nowhere.html"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "nowhere.pdf"));
  fs::remove_all(dir);
}

TEST(PdfPrinter, BrowserThatCannotStartIsAnError) {
  const fs::path dir = scratch("nostart");
  try {
    viz::PdfPrinter printer((dir / "no-such-chromium").string(), 5);
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-chromium"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(PdfPrinter, BrowserThatHangsIsKilledAfterTheTimeout) {
  const fs::path dir = scratch("hang");
  const std::string browser = fake_browser(dir, "exec sleep 60");
  const auto start = std::chrono::steady_clock::now();
  try {
    viz::PdfPrinter printer(browser, 1);
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("within 1 s"), std::string::npos) << e.what();
  }
  // Killed at the deadline, not after the sleep.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  fs::remove_all(dir);
}

TEST(PdfPrinter, BrowserThatDiesIsAnErrorWithItsStatus) {
  const fs::path dir = scratch("dies");
  try {
    viz::PdfPrinter printer(fake_browser(dir, "exit 3"), 20);
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("exited with status 3"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(PdfPrinter, BrowserThatDiesWhilePrintingLeavesNoPdf) {
  const fs::path dir = scratch("dies-printing");
  std::ofstream(dir / "doc.html") << "<!DOCTYPE html><html><body><p>Text</p></body></html>\n";
  // Answers the start-up call (message id 1), then reads the next command and dies.
  std::ofstream(dir / "fake.py") << "import os\n"
                                    "os.read(3, 65536)\n"
                                    "os.write(4, b'{\"id\":1,\"result\":{}}\\0')\n"
                                    "os.read(3, 65536)\n"
                                    "os._exit(7)\n";
  const std::string browser = fake_browser(dir, fmt::format("exec /usr/bin/python3 '{}'", (dir / "fake.py").string()));
  viz::PdfPrinter printer(browser, 20);
  try {
    printer.print((dir / "doc.html").string(), (dir / "doc.pdf").string());
    FAIL() << "no error";
  } catch (const IoError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("doc.pdf"), std::string::npos) << what;
    EXPECT_NE(what.find("exited with status 7"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(dir / "doc.pdf"));
  EXPECT_EQ(files_containing(dir, ".tmp-"), 0U);
  // The printer says so for every later document instead of hanging.
  EXPECT_THROW(printer.print((dir / "doc.html").string(), (dir / "doc2.pdf").string()), IoError);
  fs::remove_all(dir);
}
