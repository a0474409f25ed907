# PDF printing by one headless Chromium over the DevTools pipe (viz/pdf_print.hpp): three documents
# in one browser, their text extracted with pdftotext (poppler-utils, installed by scripts/setup);
# a browser that hangs, dies or answers wrongly is an error without a PDF.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_pdf_print.cpp)
find_program(HEATTWIN_PDFTOTEXT pdftotext PATHS /usr/bin)
if(NOT HEATTWIN_PDFTOTEXT)
  set(HEATTWIN_PDFTOTEXT /usr/bin/pdftotext)  # the test then fails and says so
endif()
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/test_pdf_print.cpp PROPERTIES COMPILE_DEFINITIONS
  "HEATTWIN_CHROMIUM=\"${HEATTWIN_CHROMIUM}\";HEATTWIN_PDFTOTEXT=\"${HEATTWIN_PDFTOTEXT}\"")
