#include "scenarios/warning_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace heattwin::scenarios {

std::string warning_municipality_ags(const RunWarning& warning) {
  const auto pos = warning.object_id.rfind('_');
  if (pos == std::string::npos) return {};
  std::string ags = warning.object_id.substr(pos + 1);
  const bool digits = ags.size() == 8 && std::ranges::all_of(ags, [](char c) { return c >= '0' && c <= '9'; });
  return digits ? ags : std::string();
}

std::vector<std::string> warning_summary_lines(const std::vector<RunWarning>& warnings, std::size_t max_lines) {
  std::vector<std::string> out;
  if (warnings.size() <= max_lines) {
    for (const auto& w : warnings) out.push_back(fmt::format("{} [{}]", w.message, w.code));
    return out;
  }
  struct Kind {
    std::string code;
    std::size_t count = 0;
    std::set<std::string> municipalities;
    std::map<int, std::size_t> by_year;
  };
  std::vector<Kind> kinds;
  std::map<std::string, std::size_t> index;
  for (const auto& w : warnings) {
    auto [it, inserted] = index.try_emplace(w.code, kinds.size());
    if (inserted) {
      kinds.emplace_back();
      kinds.back().code = w.code;
    }
    Kind& k = kinds[it->second];
    ++k.count;
    ++k.by_year[w.year];
    if (std::string ags = warning_municipality_ags(w); !ags.empty()) k.municipalities.insert(std::move(ags));
  }
  for (const auto& k : kinds) {
    std::vector<std::string> years;
    for (const auto& [year, n] : k.by_year) years.push_back(fmt::format("{}: {}", year, n));
    const std::size_t m = k.municipalities.size();
    out.push_back(fmt::format("{}: {} warning{}{} ({})", k.code, k.count, k.count == 1 ? "" : "s",
                              m == 0 ? std::string() : fmt::format(" in {} municipalit{}", m, m == 1 ? "y" : "ies"),
                              fmt::join(years, ", ")));
  }
  return out;
}

}  // namespace heattwin::scenarios
