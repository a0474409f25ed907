#include "scenarios/investment_results.hpp"

#include "scenarios/municipal_networks.hpp"
#include "scenarios/network_run.hpp"
#include "scenarios/network_supply.hpp"
#include "twin/twin.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <string>
#include <string_view>

namespace heattwin::scenarios {
namespace {

constexpr std::size_t MEASURES = std::size(INVESTMENT_MEASURES);

/// A designed network is built from the first period after the base year on (it supplies from the
/// first target year, scenarios/demand_run.cpp); the twin's existing network is already paid for.
bool builds_network(const YearInvestmentInputs& in) { return !in.network_existing && in.year_index >= 1; }

/// Plants, pipes and house connections of one network's supply year as built, € (INVESTMENT_MEASURES 0–2).
std::array<double, 3> network_eur(const NetworkSupplyYear& supply) {
  return {supply.plants_investment_eur, supply.pipes_investment_eur, supply.connections_investment_eur};
}

/// What network `key` added in the period: as built this year less as built by the previous
/// target years, per measure, never negative.
std::array<double, 3> network_added_eur(const NetworkSupplyYear& supply, const YearInvestmentInputs& in,
                                        std::string_view key) {
  std::array<double, 3> n = network_eur(supply);
  if (in.network_built_before != nullptr) {
    if (const auto it = in.network_built_before->find(key); it != in.network_built_before->end()) {
      for (std::size_t k = 0; k < n.size(); ++k) n[k] = std::max(0.0, n[k] - it->second[k]);
    }
  }
  return n;
}

}  // namespace

std::vector<double> period_investment_eur(const YearInvestmentInputs& in) {
  std::vector<double> eur(MEASURES, 0.0);
  if (builds_network(in)) {
    if (in.network != nullptr) {
      const auto n = network_added_eur(*in.network, in, "");
      for (std::size_t k = 0; k < n.size(); ++k) eur[k] += n[k];
    }
    if (in.municipal != nullptr) {
      for (const MunicipalNetwork& net : in.municipal->networks()) {
        if (!net.supply) continue;
        const auto n = network_added_eur(*net.supply, in, net.ags);
        for (std::size_t k = 0; k < n.size(); ++k) eur[k] += n[k];
      }
    }
  }
  eur[3] = in.individual_systems_eur;
  eur[4] = std::numeric_limits<double>::quiet_NaN();  // no refurbishment costs in the catalogue
  return eur;
}

std::vector<double> period_investment_by_municipality_eur(const YearInvestmentInputs& in) {
  const std::size_t rows = in.region_ags.size();
  std::vector<double> eur(rows * MEASURES, 0.0);
  if (in.twin == nullptr || rows == 0) return eur;
  std::map<std::string, std::size_t, std::less<>> row_of_ags;
  for (std::size_t r = 0; r < rows; ++r) row_of_ags.emplace(in.region_ags[r], r);
  const auto& municipalities = in.twin->regions.municipalities;
  // The regions row of a twin building (its municipality's AGS; "" outside every municipality).
  const auto row_of_building = [&](std::uint32_t building) -> std::size_t {
    if (building >= in.twin->buildings.size()) return rows;
    const std::uint32_t m = in.twin->buildings.municipality[building];
    const auto it = row_of_ags.find(m < municipalities.size() ? municipalities[m].ags : std::string());
    return it == row_of_ags.end() ? rows : it->second;
  };
  for (std::size_t k = 0; k < in.individual_eur_by_building.size() && k < in.building_twin_index.size(); ++k) {
    const std::size_t r = row_of_building(in.building_twin_index[k]);
    if (r < rows) eur[r * MEASURES + 3] += in.individual_eur_by_building[k];
  }
  if (builds_network(in) && in.network != nullptr && in.network_run != nullptr) {
    // Split by each municipality's share of the connected design load (consumer count when no
    // consumer has one).
    const NetworkRun& run = *in.network_run;
    std::vector<double> weight(rows, 0.0);
    double total = 0.0;
    for (std::size_t c = 0; c < run.consumer_building.size(); ++c) {
      const std::size_t r = row_of_building(run.consumer_building[c]);
      const double w = c < run.consumer_design_heat_kw.size() ? run.consumer_design_heat_kw[c] : 0.0;
      if (r < rows && w > 0.0) {
        weight[r] += w;
        total += w;
      }
    }
    if (!(total > 0.0)) {
      for (const std::uint32_t building : run.consumer_building) {
        const std::size_t r = row_of_building(building);
        if (r < rows) {
          weight[r] += 1.0;
          total += 1.0;
        }
      }
    }
    const auto n = network_added_eur(*in.network, in, "");
    for (std::size_t r = 0; r < rows && total > 0.0; ++r) {
      for (std::size_t k = 0; k < n.size(); ++k) eur[r * MEASURES + k] += n[k] * weight[r] / total;
    }
  }
  if (builds_network(in) && in.municipal != nullptr) {
    for (const MunicipalNetwork& net : in.municipal->networks()) {
      const auto it = row_of_ags.find(net.ags);
      if (!net.supply || it == row_of_ags.end()) continue;
      const auto n = network_added_eur(*net.supply, in, net.ags);
      for (std::size_t k = 0; k < n.size(); ++k) eur[it->second * MEASURES + k] += n[k];
    }
  }
  for (std::size_t r = 0; r < rows; ++r) eur[r * MEASURES + 4] = std::numeric_limits<double>::quiet_NaN();
  return eur;
}

void record_network_built(const YearInvestmentInputs& in, NetworkBuiltEur& built) {
  if (!builds_network(in)) return;
  const auto add = [&](const std::string& key, const NetworkSupplyYear& supply) {
    std::array<double, 3>& b = built[key];
    const auto n = network_eur(supply);
    for (std::size_t k = 0; k < n.size(); ++k) b[k] = std::max(b[k], n[k]);
  };
  if (in.network != nullptr) add("", *in.network);
  if (in.municipal != nullptr) {
    for (const MunicipalNetwork& net : in.municipal->networks()) {
      if (net.supply) add(net.ags, *net.supply);
    }
  }
}

void write_period_investment(const h5::Group& year_group, const YearInvestmentInputs& in) {
  const h5::Group g = year_group.create_group("investment");
  const std::vector<std::string> measures(std::begin(INVESTMENT_MEASURES), std::end(INVESTMENT_MEASURES));
  g.write_strings("measure", measures, {.description = "rows of eur"});
  g.write("eur", period_investment_eur(in),
          {.unit = "EUR",
           .description = "investment A_0 in the period (period_from, period_to]: catalogue capex of the networks "
                          "built (plants, pipes, house connections), of the individual systems chosen; "
                          "refurbishment NaN (no costs in the catalogue)"});
  if (!in.individual_eur_by_building.empty() && year_group.is_group("buildings"))
    year_group.open_group("buildings")
        .write("investment_eur", in.individual_eur_by_building,
               {.unit = "EUR",
                .description = "investment in the building's individual system chosen in the period (catalogue "
                               "capex at the design load; 0: kept, or supplied by the network)"});
  const std::size_t refurbished = in.refurbished_cumulative > in.refurbished_cumulative_previous
                                      ? in.refurbished_cumulative - in.refurbished_cumulative_previous
                                      : 0;
  const std::array<std::int64_t, 1> from{in.previous_year}, to{in.year}, count{static_cast<std::int64_t>(refurbished)};
  g.set_attribute("period_from", from);
  g.set_attribute("period_to", to);
  g.set_attribute("buildings_refurbished", count);
  if (in.twin != nullptr && !in.region_ags.empty()) {
    const h5::Group m = g.create_group("by_municipality");
    m.write_strings("ags", std::vector<std::string>(in.region_ags.begin(), in.region_ags.end()),
                    {.description = "rows: the regions table's municipalities (empty: outside every municipality)"});
    m.write_strings("measure", measures, {.description = "columns of eur"});
    m.write("eur", period_investment_by_municipality_eur(in),
            {.unit = "EUR",
             .description = "[municipality][measure] investment in the period; networks per municipality whole, "
                            "a single network split by its consumers' connected design load",
             .columns = MEASURES});
  }
}

}  // namespace heattwin::scenarios
