# Heat plan report (viz/heat_plan_report.*): German numbers, reason texts, per-municipality sums of
# every year of a results file written in the test, and the document's sections.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_heat_plan_report.cpp)

# End to end: the three shipped heat-plan scenarios run on the demo twin, reported, rendered and
# printed to PDF by headless Chromium, the PDF's text extracted with pdftotext (poppler-utils).
find_program(HEATTWIN_PDFTOTEXT pdftotext PATHS /usr/bin)
if(NOT HEATTWIN_PDFTOTEXT)
  set(HEATTWIN_PDFTOTEXT /usr/bin/pdftotext)  # the test then fails and says so
endif()
add_test(NAME e2e_heat_plan_report
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/e2e/test_heat_plan_report.py $<TARGET_FILE:heattwin>
          ${PROJECT_SOURCE_DIR}/data ${HEATTWIN_CHROMIUM} ${HEATTWIN_PDFTOTEXT})
set_tests_properties(e2e_heat_plan_report PROPERTIES LABELS e2e TIMEOUT 900)
