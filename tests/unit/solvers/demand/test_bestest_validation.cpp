/// ASHRAE Standard 140 / BESTEST: every case with reference results in
/// data/reference/bestest/reference_ranges_600_900.json runs through the one harness
/// (run_bestest_case, as `heattwin validate bestest`) with the weather of its spec version, and is
/// compared with the range of the reference programs. Each comparison prints one VALIDATION line.
///
/// Asserted: the 2014/DRYCOLD set (all metrics within min..max of the programs) and the 2020 set's
/// acceptance limits for annual loads (140-2023 Addendum b). The 2020 program ranges are printed
/// for information (that version changed glazing, floor and infiltration; see SPEC.md).

#include "solvers/demand/bestest.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace dm = heattwin::solvers::demand;
namespace fs = std::filesystem;

namespace {

const fs::path BESTEST = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "bestest";

double metric(const dm::BestestResult& r, const std::string& name) {
  if (name == "annual_heating_MWh") return r.annual_heating_mwh;
  if (name == "annual_cooling_MWh") return r.annual_cooling_mwh;
  if (name == "peak_heating_kW") return r.peak_heating_kw;
  if (name == "peak_cooling_kW") return r.peak_cooling_kw;
  if (name == "ff_min_C") return r.min_air_c;
  if (name == "ff_mean_C") return r.mean_air_c;
  if (name == "ff_max_C") return r.max_air_c;
  ADD_FAILURE() << "unknown metric " << name;
  return 0.0;
}

}  // namespace

TEST(Bestest, ReferenceRanges) {
  std::ifstream in(BESTEST / "reference_ranges_600_900.json");
  ASSERT_TRUE(in.good());
  const auto ranges = nlohmann::json::parse(in);
  std::size_t compared = 0;
  for (const auto& [spec, dataset] : ranges.at("datasets").items()) {
    const bool asserted_ranges = spec == dm::DEFAULT_BESTEST_SPEC;
    for (const auto& [case_id, metrics] : dataset.at("cases").items()) {
      const auto result = dm::run_bestest_case(BESTEST / "cases.json", case_id, spec);
      for (const auto& [name, ref] : metrics.items()) {
        const double value = metric(result, name);
        const double lo = ref.at("min").get<double>();
        const double hi = ref.at("max").get<double>();
        heattwin::test::ValidationLine line("bestest_" + spec, case_id, name);
        line.fixed("mean", ref.at("mean").get<double>(), 3).field("n_programs", ref.at("n_programs").get<int>());
        if (asserted_ranges) {
          line.within("value", value, lo, hi);
        } else {
          line.inform_within("value", value, lo, hi);
        }
        ++compared;
      }
    }
    if (dataset.contains("acceptance_criteria_annual_loads")) {
      for (const auto& [case_id, metrics] : dataset["acceptance_criteria_annual_loads"].at("cases").items()) {
        const auto result = dm::run_bestest_case(BESTEST / "cases.json", case_id, spec);
        for (const auto& [name, limits] : metrics.items()) {
          const double value = metric(result, name);
          const double lo = limits.at("lower").get<double>();
          const double hi = limits.at("upper").get<double>();
          heattwin::test::ValidationLine("bestest_" + spec + "_acceptance", case_id, name)
              .within("value", value, lo, hi);
          ++compared;
        }
      }
    }
  }
  EXPECT_GE(compared, 16u);
}

TEST(Bestest, EveryCaseOfTheFileRunsOrIsRefusedWithAReason) {
  for (const auto& id : dm::bestest_case_ids(BESTEST / "cases.json")) {
    SCOPED_TRACE(id);
    try {
      const auto r = dm::run_bestest_case(BESTEST / "cases.json", id);
      EXPECT_GE(r.annual_heating_mwh, 0.0);
      EXPECT_GE(r.annual_cooling_mwh, 0.0);
      if (r.free_floating) {
        EXPECT_EQ(r.annual_heating_mwh + r.annual_cooling_mwh, 0.0);
        EXPECT_LT(r.min_air_c, r.mean_air_c);
        EXPECT_LT(r.mean_air_c, r.max_air_c);
      }
    } catch (const heattwin::InputError& e) {
      // Only the two-zone sunspace case is beyond a single-zone model.
      EXPECT_EQ(id, "960") << e.what();
      EXPECT_NE(std::string(e.what()).find("cannot be represented"), std::string::npos) << e.what();
    }
  }
}

TEST(Bestest, PhysicalTrendsBetweenCases) {
  const auto file = BESTEST / "cases.json";
  const auto c600 = dm::run_bestest_case(file, "600");
  const auto c610 = dm::run_bestest_case(file, "610");
  const auto c620 = dm::run_bestest_case(file, "620");
  const auto c640 = dm::run_bestest_case(file, "640");
  const auto c650 = dm::run_bestest_case(file, "650");
  const auto c900 = dm::run_bestest_case(file, "900");
  // The overhang and east/west windows cut cooling; the setback cuts heating; night ventilation
  // with no heating cuts cooling; mass cuts both.
  EXPECT_LT(c610.annual_cooling_mwh, c600.annual_cooling_mwh);
  EXPECT_LT(c620.annual_cooling_mwh, c600.annual_cooling_mwh);
  EXPECT_LT(c640.annual_heating_mwh, c600.annual_heating_mwh);
  EXPECT_EQ(c650.annual_heating_mwh, 0.0);
  EXPECT_LT(c650.annual_cooling_mwh, c600.annual_cooling_mwh);
  EXPECT_LT(c900.annual_heating_mwh, c600.annual_heating_mwh);
  EXPECT_LT(c900.annual_cooling_mwh, c600.annual_cooling_mwh);
}

TEST(Bestest, BadCaseFilesGiveClearErrors) {
  EXPECT_THROW(dm::run_bestest_case(BESTEST / "cases.json", "no-such-case"), heattwin::InputError);
  EXPECT_THROW(dm::run_bestest_case(BESTEST / "cases.json", "600", "no-such-spec"), heattwin::InputError);
  EXPECT_THROW(dm::run_bestest_case("/nonexistent/cases.json", "600"), heattwin::InputError);
  const fs::path broken = fs::temp_directory_path() / "heattwin_broken_cases.json";
  std::ofstream(broken) << "{\"cases\": {";
  EXPECT_THROW(dm::bestest_case_ids(broken), heattwin::InputError);
  fs::remove(broken);
}
