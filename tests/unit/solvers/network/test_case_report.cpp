/// The JSON of `heattwin validate network` (solvers/network/case_report.hpp; CONTRACTS.md): for
/// every flat reference case it is the nlohmann::json dump it was before the writer was streamed
/// (same keys, order and layout; a number may differ only where nlohmann's Grisu2 did not give
/// the shortest, closest digits), and every number reads back to the solver's double.

#include "solvers/network/case_report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace net = heattwin::solvers::network;
namespace fs = std::filesystem;

namespace {

const fs::path FLAT_ROOT = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "networks/pandapipes_stanet/flat";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// A line "<prefix><number>" or "<prefix><number>," as a prefix and the number; nullopt otherwise.
std::optional<std::pair<std::string, double>> number_line(std::string line) {
  if (line.ends_with(",")) line.pop_back();
  const auto colon = line.rfind(": ");
  const std::size_t start = colon == std::string::npos ? line.find_first_not_of(' ') : colon + 2;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(line.data() + start, line.data() + line.size(), value);
  if (ec != std::errc{} || end != line.data() + line.size()) return std::nullopt;
  return std::pair{line.substr(0, start), value};
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

}  // namespace

TEST(CaseReport, JsonIsTheDumpOfItsParseAndNumbersReadBack) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(FLAT_ROOT))
    if (entry.is_regular_file() && entry.path().filename() == "junctions.csv")
      cases.push_back(entry.path().parent_path());
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 60U) << FLAT_ROOT;
  std::size_t numbers_shorter = 0, lines_compared = 0;
  for (const fs::path& folder : cases) {
    SCOPED_TRACE(folder.string());
    const net::FlatCase c = net::read_flat_case(folder);
    net::HydraulicOptions hydraulic;
    hydraulic.friction = net::friction_model_of_case(folder).value_or(net::FrictionModel::colebrook);
    for (const auto model : {net::PipeThermalModel::sections, net::PipeThermalModel::exact}) {
      net::ThermalOptions thermal;
      thermal.pipe_model = model;
      const net::CaseSolution s = net::solve_case(c, hydraulic, thermal);
      const std::string ours = net::case_solution_json(c, s);
      ASSERT_TRUE(ours.ends_with("}\n"));
      const nlohmann::json parsed = nlohmann::json::parse(ours);
      const std::string dumped = parsed.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
      const auto ours_lines = lines_of(ours), dumped_lines = lines_of(dumped);
      ASSERT_EQ(ours_lines.size(), dumped_lines.size());
      for (std::size_t i = 0; i < ours_lines.size(); ++i) {
        ++lines_compared;
        if (ours_lines[i] == dumped_lines[i]) continue;
        const auto x = number_line(ours_lines[i]), y = number_line(dumped_lines[i]);
        ASSERT_TRUE(x && y && x->first == y->first && same_bits(x->second, y->second))
            << ours_lines[i] << " | " << dumped_lines[i];
        EXPECT_LE(ours_lines[i].size(), dumped_lines[i].size());
        ++numbers_shorter;
      }
      // Every number is the solver's double, bit for bit.
      const auto& hyd = s.result.hydraulic;
      for (std::size_t j = 0; j < c.network.junction_count(); ++j) {
        const auto& p = parsed["junctions"][j]["p_bar"];
        ASSERT_TRUE(std::isfinite(hyd.pressure_bar[j]) ? same_bits(p.get<double>(), hyd.pressure_bar[j]) : p.is_null());
      }
      std::size_t pipe = 0;
      for (std::size_t b = 0; b < c.network.branch_count(); ++b) {
        if (c.network.kind[b] != net::BranchKind::pipe) continue;
        const auto& item = parsed["pipes"][pipe++];
        EXPECT_EQ(item["idx"].get<std::int64_t>(), c.branch_idx[b]);
        if (std::isfinite(hyd.mdot_kg_per_s[b])) {
          ASSERT_TRUE(same_bits(item["mdot_kg_per_s"].get<double>(), hyd.mdot_kg_per_s[b]));
        }
      }
    }
  }
  std::printf("case JSON: %zu lines compared with nlohmann's dump, %zu numbers written differently (same double)\n",
              lines_compared, numbers_shorter);
}
