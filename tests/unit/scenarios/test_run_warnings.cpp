// Warnings of a run (scenarios/run_warnings): each design and target problem gives one warning
// with its code, object, value and limit; a run without problems gives none.

#include "scenarios/network_run.hpp"
#include "scenarios/run_warnings.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hs = heattwin::scenarios;

namespace {

const hs::RunWarning* find(const std::vector<hs::RunWarning>& w, const std::string& code) {
  for (const auto& x : w) {
    if (x.code == code) return &x;
  }
  return nullptr;
}

}  // namespace

TEST(RunWarnings, NoneWithoutProblems) {
  hs::NetworkSummary net;
  net.name = "n";
  net.max_velocity_m_per_s = 2.0;  // at the limit: no warning
  hs::NetworkYearSummary supply;
  supply.renewable_share = 0.35;
  supply.wpg_target_share = 0.3;
  supply.meets_wpg_target = true;
  hs::YearWarningInputs in;
  in.year = 2030;
  in.network = &net;
  in.network_supply = &supply;
  in.max_velocity_m_per_s = 2.0;
  in.biomass_potential_mwh_per_a = 100.0;
  EXPECT_TRUE(hs::year_warnings(in).empty());
  EXPECT_TRUE(hs::year_warnings({.year = 2030}).empty());
}

TEST(RunWarnings, EachProblemNamedWithValueAndLimit) {
  hs::NetworkSummary net;
  net.name = "densest_area";
  net.max_velocity_m_per_s = 2.9;
  net.consumer_hours_below_min_supply = 6832;
  net.undersized_pipes = 3;
  hs::NetworkYearSummary supply;
  supply.renewable_share = 0.445;
  supply.wpg_target_share = 0.8;
  supply.meets_wpg_target = false;
  supply.unmet_mwh = 1.5;
  hs::YearWarningInputs in;
  in.year = 2040;
  in.network = &net;
  in.network_supply = &supply;
  in.max_velocity_m_per_s = 2.0;
  in.min_supply_c = 60.0;
  in.biomass_potential_mwh_per_a = 2000.0;
  in.biomass_above_potential_mwh = 150.0;
  in.hydrogen_potential_mwh_per_a = 0.0;
  in.hydrogen_above_potential_mwh = 10.0;
  const auto w = hs::year_warnings(in);
  ASSERT_EQ(w.size(), 6U);
  const auto* v = find(w, "NETWORK_VELOCITY_ABOVE_LIMIT");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->object_id, "densest_area");
  EXPECT_EQ(v->severity, "design");
  EXPECT_DOUBLE_EQ(v->value, 2.9);
  EXPECT_DOUBLE_EQ(v->limit, 2.0);
  EXPECT_EQ(v->year, 2040);
  EXPECT_NE(v->message.find("2.90 m/s"), std::string::npos) << v->message;
  const auto* t = find(w, "NETWORK_SUPPLY_T_BELOW_MIN");
  ASSERT_NE(t, nullptr);
  EXPECT_DOUBLE_EQ(t->value, 6832.0);
  EXPECT_NE(t->message.find("60.0 °C"), std::string::npos) << t->message;
  const auto* g = find(w, "WPG_NETWORK_SHARE_BELOW_TARGET");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->severity, "target");
  EXPECT_DOUBLE_EQ(g->value, 0.445);
  EXPECT_DOUBLE_EQ(g->limit, 0.8);
  EXPECT_NE(g->message.find("WPG §29 (1)"), std::string::npos) << g->message;
  ASSERT_NE(find(w, "NETWORK_UNMET_LOAD"), nullptr);
  const auto* b = find(w, "BIOMASS_POTENTIAL_EXCEEDED");
  ASSERT_NE(b, nullptr);
  EXPECT_DOUBLE_EQ(b->value, 2150.0);
  EXPECT_DOUBLE_EQ(b->limit, 2000.0);
  const auto* h = find(w, "HYDROGEN_POTENTIAL_EXCEEDED");
  ASSERT_NE(h, nullptr);
  EXPECT_DOUBLE_EQ(h->limit, 0.0);
  // 2045: the climate-neutral target of §31 (1).
  in.year = 2045;
  supply.wpg_target_share = 1.0;
  const auto w45 = hs::year_warnings(in);  // kept: find() points into it
  const auto* g45 = find(w45, "WPG_NETWORK_SHARE_BELOW_TARGET");
  ASSERT_NE(g45, nullptr);
  EXPECT_NE(g45->message.find("WPG §31 (1)"), std::string::npos) << g45->message;
}

TEST(RunWarnings, DesignLimitWarningsNameThePipes) {
  // Issue 21 §2: the velocity and pressure-drop warnings name every pipe above the limit (up to
  // 20, then a count).
  hs::NetworkSummary net;
  net.name = "densest_area";
  net.max_velocity_m_per_s = 2.93;
  net.pipes_above_velocity_limit = {"densest_area/p3", "densest_area/p17"};
  net.max_pressure_gradient_pa_per_m = 412.0;
  net.max_pressure_gradient_limit_pa_per_m = 150.0;
  for (int k = 0; k < 25; ++k) net.pipes_above_pressure_gradient_limit.push_back("p" + std::to_string(k));
  hs::YearWarningInputs in;
  in.year = 2025;
  in.network = &net;
  in.max_velocity_m_per_s = 2.0;
  const auto w = hs::year_warnings(in);
  const auto* v = find(w, "NETWORK_VELOCITY_ABOVE_LIMIT");
  ASSERT_NE(v, nullptr);
  EXPECT_NE(v->message.find("in 2 pipes: 'densest_area/p3', 'densest_area/p17'"), std::string::npos) << v->message;
  const auto* g = find(w, "NETWORK_PRESSURE_GRADIENT_ABOVE_LIMIT");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->unit, "Pa/m");
  EXPECT_DOUBLE_EQ(g->value, 412.0);
  EXPECT_DOUBLE_EQ(g->limit, 150.0);
  EXPECT_NE(g->message.find("in 25 pipes: 'p0', 'p1'"), std::string::npos) << g->message;
  EXPECT_NE(g->message.find("'p19' and 5 more"), std::string::npos) << g->message;
  EXPECT_EQ(g->message.find("'p20'"), std::string::npos) << g->message;
  // Without pipes above the pressure-drop limit: no such warning.
  net.pipes_above_pressure_gradient_limit.clear();
  EXPECT_EQ(find(hs::year_warnings(in), "NETWORK_PRESSURE_GRADIENT_ABOVE_LIMIT"), nullptr);
}
