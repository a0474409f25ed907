# Region comparison (viz/region_comparison.*): indicators, ranks, outliers and differences on
# hand-made sums.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_region_comparison.cpp)

# End to end on a small generated state (issue 18): networks per municipality, run/export
# --region, and the state report's choropleth maps in headless Chromium and the GeoPackage
# layers read back with ogrinfo.
add_test(NAME e2e_state_report
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/e2e/test_state_report.py $<TARGET_FILE:heattwin>
          ${PROJECT_SOURCE_DIR}/data ${HEATTWIN_CHROMIUM})
set_tests_properties(e2e_state_report PROPERTIES LABELS e2e TIMEOUT 900)
