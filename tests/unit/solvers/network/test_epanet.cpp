// EPANET example networks (Hazen–Williams) against EPANET 2.3.5's own results at time 0
// (data/reference/networks/epanet, CASES.md there), and the Hazen–Williams branch law against
// EPANET's head-loss formula in US units.

#include "solvers/network/epanet_inp.hpp"
#include "solvers/network/hydraulics.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace net = heattwin::solvers::network;

const fs::path EPANET_ROOT = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "networks/epanet";

/// Rows of period 0 of a reference CSV: id column → value column.
std::map<std::string, double> period0(const fs::path& csv, const std::string& id_column,
                                      const std::string& value_column) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  const auto col = [&](const std::string& name) {
    for (std::size_t k = 0; k < header.size(); ++k)
      if (header[k] == name) return k;
    ADD_FAILURE() << csv << " has no column " << name;
    return std::size_t{0};
  };
  const std::size_t id_k = col(id_column), value_k = col(value_column), period_k = col("period");
  std::map<std::string, double> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    for (std::stringstream r(line); std::getline(r, line, ',');) cells.push_back(line);
    if (cells.size() <= std::max({id_k, value_k, period_k}) || cells[period_k] != "0") continue;
    out[cells[id_k]] = std::stod(cells[value_k]);
  }
  return out;
}

TEST(HazenWilliams, SinglePipeMatchesEpanetFormula) {
  // 1000 ft of 12 in pipe, C = 120, 1000 GPM between two fixed heads: the flow for the head
  // difference of EPANET's formula h = 4.727 C^-1.852 d^-4.871 L q^1.852 (ft, cfs).
  const double q_cfs = 1000.0 * 0.00222800926;
  const double h_ft = 4.727 * std::pow(120.0, -1.852) * std::pow(1.0, -4.871) * 1000.0 * std::pow(q_cfs, 1.852);
  net::PipeNetwork n;
  const auto a = n.add_junction("a", 0.0, 293.15), b = n.add_junction("b", 0.0, 293.15);
  const double rho = n.fluid.density_kg_per_m3(293.15);
  n.fixed_pressure_bar[a] = rho * 9.80665 * h_ft * 0.3048 / 1e5;
  n.fixed_pressure_bar[b] = 0.0;
  n.add_pipe("p", a, b, 1000.0 * 0.3048, 0.3048, 0.0);
  n.hazen_williams_c = {120.0};
  net::HydraulicOptions o;
  o.friction = net::FrictionModel::hazen_williams;
  const auto s = net::solve_hydraulics(n, o);
  ASSERT_TRUE(s.report.converged) << s.report.message;
  const double q_solved_cfs = s.mdot_kg_per_s[0] / rho / 0.028316846592;
  const double rel = std::abs(q_solved_cfs / q_cfs - 1.0);
  heattwin::test::ValidationLine("network_epanet", "hazen_williams_single_pipe", "q_rel").at_most("err", rel, 1e-9);
}

TEST(HazenWilliams, MissingCFactorIsAnInputError) {
  net::PipeNetwork n;
  const auto a = n.add_junction("a", 0.0), b = n.add_junction("b", 0.0);
  n.fixed_pressure_bar[a] = 1.0;
  n.add_pipe("p1", a, b, 100.0, 0.1, 0.0);
  n.hazen_williams_c = {0.0};
  net::HydraulicOptions o;
  o.friction = net::FrictionModel::hazen_williams;
  try {
    net::solve_hydraulics(n, o);
    FAIL() << "expected an InputError";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'p1'"), std::string::npos) << e.what();
  }
}

/// Every EPANET network of the folder that has EPANET 2.3.5 reference tables: heads at every node
/// and flows in every link at time 0.
TEST(EpanetExamples, HeadsAndFlowsAtTimeZero) {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(EPANET_ROOT)) {
    if (entry.path().extension() != ".inp") continue;
    const std::string stem = entry.path().stem().string();
    const fs::path nodes_csv = EPANET_ROOT / "reference_epanet2.3.5" / (stem + "_nodes.csv");
    const fs::path links_csv = EPANET_ROOT / "reference_epanet2.3.5" / (stem + "_links.csv");
    if (!fs::exists(nodes_csv) || !fs::exists(links_csv)) continue;
    ++cases;
    const net::EpanetCase c = net::read_epanet_inp(entry.path().string());
    net::HydraulicOptions o;
    o.friction = c.head_loss == "H-W" ? net::FrictionModel::hazen_williams : net::FrictionModel::colebrook;
    const auto s = net::solve_hydraulics(c.network, o);
    ASSERT_TRUE(s.report.converged) << stem << ": " << s.report.message;
    const double rho = c.network.fluid.density_kg_per_m3(293.15);
    const auto ref_head = period0(nodes_csv, "node_id", "head");
    const auto ref_flow = period0(links_csv, "link_id", "flow");
    double head_err = 0.0, flow_err = 0.0, flow_scale = 0.0;
    std::string worst_node, worst_link;
    for (std::size_t j = 0; j < c.network.junction_count(); ++j) {
      const auto it = ref_head.find(c.network.junction_id[j]);
      ASSERT_NE(it, ref_head.end()) << stem << ": node " << c.network.junction_id[j] << " not in the reference";
      const double head = (c.network.height_m[j] + s.pressure_bar[j] * 1e5 / (rho * 9.80665)) / c.length_to_m;
      if (std::abs(head - it->second) > head_err) {
        head_err = std::abs(head - it->second);
        worst_node = it->first;
      }
    }
    for (const auto& [id, q] : ref_flow) flow_scale = std::max(flow_scale, std::abs(q));
    for (std::size_t b = 0; b < c.network.branch_count(); ++b) {
      const auto it = ref_flow.find(c.network.branch_id[b]);
      ASSERT_NE(it, ref_flow.end()) << stem << ": link " << c.network.branch_id[b] << " not in the reference";
      const double q = s.mdot_kg_per_s[b] / rho / c.flow_to_m3_per_s;
      if (std::abs(q - it->second) > flow_err) {
        flow_err = std::abs(q - it->second);
        worst_link = it->first;
      }
    }
    // The model's decision to leave a link out as closed at time 0 must agree with EPANET: every
    // reference link is either solved above or closed, and a closed link carries no flow in EPANET.
    EXPECT_EQ(c.network.branch_count() + c.closed_links.size(), ref_flow.size())
        << stem << ": links solved + closed != links in EPANET's results";
    for (const auto& id : c.closed_links) {
      EXPECT_EQ(std::count(c.network.branch_id.begin(), c.network.branch_id.end(), id), 0)
          << stem << ": closed link " << id << " is in the solved network";
      const auto it = ref_flow.find(id);
      ASSERT_NE(it, ref_flow.end()) << stem << ": closed link " << id << " not in the reference";
      EXPECT_LE(std::abs(it->second), 1e-6 * flow_scale) << stem << ": link " << id << " closed but EPANET has flow";
    }
    // Tolerances: 0.1 % of the largest flow and 0.05 ft (15 mm) of head — EPANET stops at a
    // relative flow change of 1e-3 (Accuracy 0.001), so its own results carry errors of this order.
    const double head_tol = 0.05 * 0.3048 / c.length_to_m;
    const double flow_tol = 1e-3 * flow_scale;
    heattwin::test::ValidationLine("network_epanet", stem, c.us_units ? "head_ft" : "head_m")
        .field("worst", worst_node)
        .at_most("max_err", head_err, head_tol, 4);
    heattwin::test::ValidationLine("network_epanet", stem, "flow_" + c.flow_units)
        .field("worst", worst_link)
        .field("pump_fit_err_m", c.pump_fit_error_m, 2)
        .at_most("max_err", flow_err, flow_tol, 4);
  }
  EXPECT_GE(cases, 3);
}

}  // namespace
