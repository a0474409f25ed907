#pragma once
/// \file Bit-for-bit comparison of two district-heating years (DhSeriesResult), for the tests
/// that run one year at one and at two threads (hour blocks, meshed year).

#include "solvers/network/district_heating.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

namespace heattwin::test {

/// Every element equal (not within a tolerance).
inline void expect_same(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "index " << i;
}

/// The hourly and per-branch series both kinds of year have, the energy balance and the rounds.
inline void expect_same_year(const solvers::network::DhSeriesResult& one, const solvers::network::DhSeriesResult& two) {
  expect_same(one.plant_heat_kw, two.plant_heat_kw);
  expect_same(one.heat_loss_kw, two.heat_loss_kw);
  expect_same(one.pump_power_kw, two.pump_power_kw);
  expect_same(one.min_supply_t_k, two.min_supply_t_k);
  expect_same(one.delivered_kwh, two.delivered_kwh);
  expect_same(one.annual_heat_loss_kwh, two.annual_heat_loss_kwh);
  EXPECT_EQ(one.energy_balance_error_kwh, two.energy_balance_error_kwh);
  EXPECT_EQ(one.temperature_rounds, two.temperature_rounds);
}

}  // namespace heattwin::test
