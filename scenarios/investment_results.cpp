#include "scenarios/investment_results.hpp"

#include "scenarios/network_supply.hpp"

#include <array>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>

namespace heattwin::scenarios {

std::vector<double> period_investment_eur(const YearInvestmentInputs& in) {
  std::vector<double> eur(std::size(INVESTMENT_MEASURES), 0.0);
  // A designed network is built between the base year and the first target year (it supplies
  // from then on, scenarios/demand_run.cpp); the twin's existing network is already paid for.
  if (in.network != nullptr && !in.network_existing && in.year_index == 1) {
    eur[0] = in.network->plants_investment_eur;
    eur[1] = in.network->pipes_investment_eur;
    eur[2] = in.network->connections_investment_eur;
  }
  eur[3] = in.individual_systems_eur;
  eur[4] = std::numeric_limits<double>::quiet_NaN();  // no refurbishment costs in the catalogue
  return eur;
}

void write_period_investment(const h5::Group& year_group, const YearInvestmentInputs& in) {
  const h5::Group g = year_group.create_group("investment");
  g.write_strings("measure", std::vector<std::string>(std::begin(INVESTMENT_MEASURES), std::end(INVESTMENT_MEASURES)),
                  {.description = "rows of eur"});
  g.write("eur", period_investment_eur(in),
          {.unit = "EUR",
           .description = "investment A_0 in the period (period_from, period_to]: catalogue capex of the network "
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
}

}  // namespace heattwin::scenarios
