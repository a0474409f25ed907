#include "scenarios/municipality_totals.hpp"

#include "twin/error.hpp"

namespace heattwin::scenarios {

std::map<std::string, MunicipalityYear> municipality_totals(std::span<const std::string> ags,
                                                            std::span<const double> monthly_heating_kwh,
                                                            std::span<const double> final_energy_mwh,
                                                            std::size_t carriers, std::span<const double> co2_t) {
  const std::size_t rows = ags.size();
  HEATTWIN_CHECK(
      monthly_heating_kwh.size() == rows * 12 && final_energy_mwh.size() == rows * carriers && co2_t.size() == rows,
      "municipality totals: {} regions but {} monthly values, {} final-energy values ({} carriers) and "
      "{} CO2 values",
      rows, monthly_heating_kwh.size(), final_energy_mwh.size(), carriers, co2_t.size());
  std::map<std::string, MunicipalityYear> out;
  for (std::size_t row = 0; row < rows; ++row) {
    MunicipalityYear& m = out[ags[row]];
    for (std::size_t month = 0; month < 12; ++month) m.heating_mwh += monthly_heating_kwh[row * 12 + month] / 1000.0;
    for (std::size_t c = 0; c < carriers; ++c) m.final_energy_mwh += final_energy_mwh[row * carriers + c];
    m.co2_t += co2_t[row];
  }
  return out;
}

}  // namespace heattwin::scenarios
