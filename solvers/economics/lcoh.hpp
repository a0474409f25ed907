#pragma once
/// \file Levelised cost of heat (€/MWh) by the VDI 2067 annuity method: for a heat network
/// (plants, pipes by DN, house connections, storage, fuel and electricity, pumping, losses) and
/// for one individual supply technology of a building. LCOH = total annuity / heat delivered.

#include "solvers/economics/annuity.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"

#include <array>
#include <string>
#include <vector>

namespace heattwin::solvers::economics {

/// The investment of `quantity` units of a technology: A_0 = capex_fixed_eur (if present) +
/// quantity × the technology's one capex_eur_per_<unit> parameter (kw, m2, m3 or m), its
/// lifetime and maintenance share. A quantity of 0 gives no investment (A_0 = 0), not the fixed
/// part. Throws InputError naming the technology if it has no or several capex_eur_per_ rates.
Investment investment_of(const TechnologyCatalogue& catalogue, std::string_view technology, double quantity);

/// Levelised price (€/MWh) of a carrier over the observation period that starts in
/// `first_year`: a · Σ_{t=1..T} p(first_year + t − 1) / q^t, prices after the last tabulated year
/// held at its value. A constant price levelises to itself. Throws InputError if the carrier has
/// no price for `first_year`. O(T log points).
double levelised_price_eur_per_mwh(const CarrierYearTable& prices, Carrier carrier, int first_year,
                                   const AnnuityParameters& parameters);

/// One plant of a network: a catalogue technology and its size in the unit of its capex rate
/// (kW thermal; m² collector for solar_thermal; m³ for storage).
struct PlantSize {
  std::string technology;
  double quantity = 0.0;
};

/// Route length of one DN; costed with the catalogue's `pipe_dn<dn>` entries.
struct PipeLength {
  int dn = 0;
  double length_m = 0.0;
};

/// What a network costs and delivers in one year.
struct NetworkCostInput {
  std::vector<PlantSize> plants;      ///< generation and storage
  std::vector<PipeLength> pipes;      ///< route lengths by DN
  std::size_t house_connections = 0;  ///< each costs heat_substation capex_fixed_eur …
  double connected_load_kw = 0.0;     ///< … plus capex_eur_per_kw × this sum
  /// Purchased final energy of the plants by carrier (MWh/a; from the dispatch).
  std::array<double, CARRIER_COUNT> fuel_mwh_per_a{};
  double pump_electricity_mwh_per_a = 0.0;  ///< network pumps (from the network solver)
  double chp_electricity_mwh_per_a = 0.0;   ///< electricity sold by CHP plants
  /// Value of CHP electricity (€/MWh). Default: HeatTwin assumption of a wholesale-level price
  /// (no source); set it from the scenario.
  double chp_electricity_value_eur_per_mwh = 100.0;
  double operation_first_year_eur = 0.0;  ///< staff, metering, administration
  /// false: energy at the prices of `year` (with the demand price-change factor); true: at the
  /// levelised prices of the table's path from `year` on (levelised_price_eur_per_mwh).
  bool price_path = false;
  double heat_sold_mwh_per_a = 0.0;  ///< delivered to the consumers (> 0)
  double heat_loss_mwh_per_a = 0.0;  ///< distribution losses (plant heat − sold)
};

/// Network LCOH and its parts (all €/MWh of heat sold).
struct NetworkLcoh {
  AnnuityBreakdown annuity;
  double lcoh_eur_per_mwh = 0.0;
  double plants_eur_per_mwh = 0.0;       ///< capital of generation and storage
  double pipes_eur_per_mwh = 0.0;        ///< capital of the pipes
  double connections_eur_per_mwh = 0.0;  ///< capital of house connections
  double maintenance_eur_per_mwh = 0.0;  ///< maintenance of all investments + operation
  double energy_eur_per_mwh = 0.0;       ///< fuel and electricity of the plants
  double pumping_eur_per_mwh = 0.0;      ///< pump electricity
  double revenue_eur_per_mwh = 0.0;      ///< CHP electricity sold (subtracted)
  double losses_eur_per_mwh = 0.0;       ///< the share of energy cost that covers the losses
};

/// Network LCOH for `year` (prices of that year). Throws InputError for heat sold ≤ 0, negative
/// amounts or unknown technologies. O(plants + pipes).
NetworkLcoh network_lcoh(const NetworkCostInput& input, const TechnologyCatalogue& catalogue,
                         const CarrierData& carriers, int year, const AnnuityParameters& parameters);

/// Individual supply of one building by a catalogue technology.
struct IndividualCostInput {
  std::string technology;
  double capacity_kw = 0.0;                                    ///< installed heat output
  std::array<double, CARRIER_COUNT> final_energy_mwh_per_a{};  ///< purchased energy by carrier
  double heat_mwh_per_a = 0.0;                                 ///< useful heat delivered (> 0)
  bool include_investment = true;  ///< false for an existing system that is kept (sunk cost)
  bool price_path = false;         ///< as NetworkCostInput::price_path
};
/// LCOH (€/MWh) and annuity of one individual supply for `year`. O(T / T_N).
struct IndividualLcoh {
  AnnuityBreakdown annuity;
  double lcoh_eur_per_mwh = 0.0;
};
IndividualLcoh individual_lcoh(const IndividualCostInput& input, const TechnologyCatalogue& catalogue,
                               const CarrierData& carriers, int year, const AnnuityParameters& parameters);

}  // namespace heattwin::solvers::economics
