#include "solvers/economics/technology.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"

#include <cmath>

namespace heattwin::solvers::economics {

void TechnologyCatalogue::set(const std::string& technology, const std::string& parameter, TechnologyParameter value) {
  entries_[technology][parameter] = std::move(value);
}

bool TechnologyCatalogue::has_technology(std::string_view technology) const {
  return entries_.find(technology) != entries_.end();
}

bool TechnologyCatalogue::has(std::string_view technology, std::string_view parameter) const {
  auto t = entries_.find(technology);
  return t != entries_.end() && t->second.find(parameter) != t->second.end();
}

const TechnologyParameter& TechnologyCatalogue::parameter(std::string_view technology,
                                                          std::string_view parameter) const {
  auto t = entries_.find(technology);
  HEATTWIN_CHECK(t != entries_.end(), "{}: technology '{}' is not in the catalogue", origin_, technology);
  auto p = t->second.find(parameter);
  if (p == t->second.end()) {
    std::string present;
    for (const auto& [name, _] : t->second) present += (present.empty() ? "" : ", ") + name;
    throw InputError(
        fmt::format("{}: technology '{}' has no parameter '{}' (it has: {})", origin_, technology, parameter, present));
  }
  return p->second;
}

double TechnologyCatalogue::value(std::string_view technology, std::string_view parameter) const {
  return this->parameter(technology, parameter).value;
}

double TechnologyCatalogue::value_or(std::string_view technology, std::string_view parameter, double fallback) const {
  return has(technology, parameter) ? value(technology, parameter) : fallback;
}

namespace {
bool is_share(std::string_view name) {
  return name.find("share") != std::string_view::npos || name.find("efficiency") != std::string_view::npos ||
         name == "eta0" || name == "part_load_degradation" || name == "min_modulation" || name == "standing_loss_per_h";
}
}  // namespace

TechnologyCatalogue load_technology_catalogue(const std::string& path) {
  const twin::CsvTable table = twin::read_csv(path);
  const std::size_t c_tech = table.column("technology");
  const std::size_t c_param = table.column("parameter");
  const std::size_t c_value = table.column("value");
  const std::size_t c_unit = table.column("unit");
  const std::size_t c_source = table.column("source");
  const std::size_t c_verified = table.column("verified");
  TechnologyCatalogue out(path);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::size_t line = table.line_of_row[r];
    auto where = [&](std::size_t col) {
      return fmt::format("{}:{}, column {} ({})", path, line, col + 1, table.header[col]);
    };
    HEATTWIN_CHECK(!row[c_tech].empty(), "{}: empty technology name", where(c_tech));
    HEATTWIN_CHECK(!row[c_param].empty(), "{}: empty parameter name", where(c_param));
    const double v = twin::parse_double(row[c_value], where(c_value), "value");
    HEATTWIN_CHECK(std::isfinite(v) && v >= 0.0, "{}: {} of {} must be a finite number ≥ 0, found {}", where(c_value),
                   row[c_param], row[c_tech], row[c_value]);
    if (row[c_param] == "lifetime_a") {
      HEATTWIN_CHECK(v >= 1.0 && v == std::floor(v),
                     "{}: lifetime_a of {} must be a whole number of years ≥ 1, found {}", where(c_value), row[c_tech],
                     row[c_value]);
    } else if (is_share(row[c_param])) {
      HEATTWIN_CHECK(v <= 1.0, "{}: {} of {} must lie in [0, 1], found {}", where(c_value), row[c_param], row[c_tech],
                     row[c_value]);
    }
    if (row[c_param] == "carnot_share" || row[c_param].find("efficiency") != std::string::npos) {
      HEATTWIN_CHECK(v > 0.0, "{}: {} of {} must be > 0", where(c_value), row[c_param], row[c_tech]);
    }
    HEATTWIN_CHECK(!row[c_unit].empty(), "{}: {} of {} has no unit", where(c_unit), row[c_param], row[c_tech]);
    HEATTWIN_CHECK(!row[c_source].empty(), "{}: {} of {} has no source (every default names its source)",
                   where(c_source), row[c_param], row[c_tech]);
    HEATTWIN_CHECK(row[c_verified] == "verified" || row[c_verified] == "unverified",
                   "{}: '{}' must be 'verified' or 'unverified'", where(c_verified), row[c_verified]);
    HEATTWIN_CHECK(!out.has(row[c_tech], row[c_param]), "{}: {} of {} is given twice", where(c_param), row[c_param],
                   row[c_tech]);
    out.set(row[c_tech], row[c_param],
            TechnologyParameter{v, row[c_unit], row[c_source], row[c_verified] == "verified", line});
  }
  return out;
}

}  // namespace heattwin::solvers::economics
