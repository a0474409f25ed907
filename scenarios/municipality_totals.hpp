#pragma once
/// \file Per-municipality totals of one year of a run (issue 17 §2: the sweep's run table has
/// indicator columns per municipality where the twin has several), from the per-region sums the
/// run writes to /results/<s>/<y>/regions.

#include <cstddef>
#include <map>
#include <span>
#include <string>

namespace heattwin::scenarios {

/// One municipality's totals of one year.
struct MunicipalityYear {
  double heating_mwh = 0.0;       ///< space heating need, MWh/a
  double final_energy_mwh = 0.0;  ///< final energy of the supply by carrier, ambient heat included, MWh/a
  double co2_t = 0.0;             ///< CO2-eq of the supply, t/a
};

/// Totals by AGS of the region rows: `ags[row]`, `monthly_heating_kwh` [row][12],
/// `final_energy_mwh` [row][carriers], `co2_t` [row] (the run's region arrays). Rows with the same
/// AGS (e.g. "" for outside every municipality) are summed. Throws InputError for sizes that
/// disagree. O(rows × (12 + carriers)).
std::map<std::string, MunicipalityYear> municipality_totals(std::span<const std::string> ags,
                                                            std::span<const double> monthly_heating_kwh,
                                                            std::span<const double> final_energy_mwh,
                                                            std::size_t carriers, std::span<const double> co2_t);

}  // namespace heattwin::scenarios
