#include "scenarios/cost_table.hpp"

#include <string>
#include <vector>

namespace heattwin::scenarios {

CostTableCounts write_cost_table(const h5::Group& meta, const solvers::economics::TechnologyCatalogue& catalogue) {
  std::vector<std::string> technology, parameter, unit, source;
  std::vector<double> value;
  std::vector<std::uint8_t> verified;
  CostTableCounts counts;
  for (const auto& [tech, parameters] : catalogue.entries()) {
    for (const auto& [name, p] : parameters) {
      technology.push_back(tech);
      parameter.push_back(name);
      value.push_back(p.value);
      unit.push_back(p.unit);
      source.push_back(p.source);
      verified.push_back(p.verified ? 1 : 0);
      ++(p.verified ? counts.verified : counts.unverified);
    }
  }
  const h5::Group t = meta.create_group("technology");
  t.set_attribute("origin", catalogue.origin());
  t.set_attribute("price_year", std::vector<std::int64_t>{CATALOGUE_PRICE_YEAR});
  t.write_strings("technology", technology, {.description = "catalogue technology (rows in name order)"});
  t.write_strings("parameter", parameter, {.description = "catalogue parameter"});
  t.write("value", value, {.unit = "1", .description = "value in the row's unit (after the scenario's overrides)"});
  t.write_strings("unit", unit, {.description = "unit of value"});
  t.write_strings("source", source, {.description = "where the value comes from"});
  t.write("verified", verified,
          {.unit = "1",
           .description = "1: checked against the cited source; 0: an assumption or not checked "
                          "(data/technology/PROVENANCE.md)"});
  return counts;
}

}  // namespace heattwin::scenarios
