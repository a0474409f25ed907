# HTML report (viz/report.*): unit tests on a results file written in the test.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_report.cpp)

# End to end in a browser: the demo's results exported to html and rendered by headless Chromium
# (Debian's chromium, installed by scripts/setup). Registered here, beside the report's unit tests.
add_test(NAME e2e_report_html
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/e2e/test_report_html.py $<TARGET_FILE:heattwin> ${HEATTWIN_CHROMIUM})
set_tests_properties(e2e_report_html PROPERTIES LABELS e2e TIMEOUT 900)
