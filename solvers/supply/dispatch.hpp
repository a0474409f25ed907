#pragma once
/// \file Hourly merit-order dispatch of the plants of a heat network against its hourly load
/// (consumers plus distribution losses), with one heat store; the renewable share of the year's
/// net heat generation against the WPG targets for heat networks.
///
/// Each hour: the store loses `standing_loss_per_h` of its content; every plant's marginal cost
/// (€/MWh heat) is computed for that hour (heat pumps from their full-load COP at the hour's source
/// and supply temperature; CHP net of the electricity value); plants and the store (at the mean
/// cost of its content) serve the load in increasing cost order, each up to its available output
/// (capacity, or the hourly availability of solar thermal and waste heat, and never more than
/// what is left of its annual energy cap; the store up to its
/// discharge limit and content); what is left is unmet load. If the store did not discharge,
/// plants marked `charges_storage` then fill it from their spare output in merit order, up to the
/// charge limit and the free capacity. Fuel and electricity use follow from the heat delivered
/// (heat pumps at their part-load COP).

#include "solvers/economics/carriers.hpp"
#include "solvers/supply/heat_pump.hpp"

#include <array>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace heattwin::solvers::supply {

/// Kinds of network plants.
enum class PlantKind : std::uint8_t { heat_pump, chp, boiler, solar_thermal, waste_heat };

/// One plant of the network.
struct Plant {
  std::string id;
  PlantKind kind = PlantKind::boiler;
  /// Purchased carrier: boilers and CHP their fuel; heat pumps electricity; solar thermal and
  /// waste heat are set to solar_thermal / waste_heat by the dispatch.
  economics::Carrier fuel = economics::Carrier::natural_gas;
  double capacity_kw = 0.0;          ///< thermal capacity
  double efficiency = 1.0;           ///< thermal efficiency (boiler, CHP): heat / fuel
  double electric_efficiency = 0.0;  ///< CHP: electricity / fuel
  /// Share of the plant's heat counted as renewable for boilers and CHP (biomass 1, renewable
  /// hydrogen 1, natural gas 0); for heat pumps the renewable share of their electricity (the
  /// environmental heat, 1 − 1/COP of the output, always counts). Solar thermal and waste heat
  /// count fully (WPG §29: renewable energy or unavoidable waste heat).
  double renewable_share = 0.0;
  /// Hourly available output (kW) for solar thermal and waste heat; empty = capacity every hour.
  std::vector<double> available_kw;
  /// Heat pumps: hourly source temperature (°C), one value = constant.
  std::vector<double> source_t_c;
  HeatPumpModel heat_pump;
  double variable_cost_eur_per_mwh = 0.0;  ///< variable O&M per MWh heat, added to the fuel cost
  bool charges_storage = false;            ///< may fill the store from spare output
  /// Most heat (MWh) the plant may produce in the year (to the load and into the store), e.g. the
  /// annual energy of a waste-heat potential; infinite: no cap. The dispatch has no foresight: a
  /// capped plant runs in merit order from the first hour until its cap is used up.
  double annual_cap_mwh = std::numeric_limits<double>::infinity();
};

/// The heat store (one per network; capacity 0 = none).
struct HeatStorage {
  double capacity_kwh = 0.0;
  double max_charge_kw = 0.0;
  double max_discharge_kw = 0.0;
  double standing_loss_per_h = 0.0;  ///< share of the content lost per hour
  double initial_kwh = 0.0;
};

/// Inputs of one year's dispatch.
struct DispatchInput {
  std::span<const double> load_kw;     ///< hourly heat the plants must deliver into the network
  std::span<const double> supply_t_c;  ///< hourly network supply temperature (one value = constant)
  std::vector<Plant> plants;
  HeatStorage storage;
  std::array<double, economics::CARRIER_COUNT> price_eur_per_mwh{};  ///< prices of the year
  double chp_electricity_value_eur_per_mwh = 100.0;                  ///< HeatTwin assumption (wholesale level)
  int year = 2030;
};

/// Per-plant totals of the year.
struct PlantDispatch {
  double heat_mwh = 0.0;             ///< heat produced (to the load and into the store)
  double fuel_mwh = 0.0;             ///< purchased carrier (electricity for heat pumps)
  double electricity_out_mwh = 0.0;  ///< CHP electricity
  double renewable_heat_mwh = 0.0;
  double full_load_hours = 0.0;
  double peak_kw = 0.0;
  double cost_eur = 0.0;  ///< fuel + variable cost − CHP electricity value
};

/// Hourly series and totals of the dispatch.
struct DispatchResult {
  std::size_t hours = 0;
  std::vector<PlantDispatch> plants;
  std::vector<double> plant_heat_kw;                                   ///< hour-major: [h · plants + p], heat produced
  std::vector<double> charge_kw, discharge_kw, storage_kwh, unmet_kw;  ///< per hour (store content at the end)
  double load_mwh = 0.0, generation_mwh = 0.0, unmet_mwh = 0.0, storage_loss_mwh = 0.0;
  std::size_t unmet_hours = 0;
  std::array<double, economics::CARRIER_COUNT> fuel_mwh{};  ///< purchased energy by carrier
  double chp_electricity_mwh = 0.0;
  double renewable_share = 0.0;   ///< renewable + waste heat / net heat generation
  double wpg_target_share = 0.0;  ///< wpg_network_target(year)
  bool meets_wpg_target = false;
  /// max over hours of |Σ production + discharge − charge + unmet − load| (kW); rounding only.
  double max_balance_error_kw = 0.0;
  /// |initial + charged − discharged − standing losses − final content| (kWh); rounding only.
  double storage_balance_error_kwh = 0.0;
};

/// Minimum share of renewable energy or unavoidable waste heat in a heat network's annual net
/// heat generation in `year`: 0 before 2030, 0.3 from 2030 and 0.8 from 2040 (WPG §29 (1)),
/// 1.0 from 2045 (WPG §31 (1): every network fully renewable or waste heat by the end of 2044).
/// O(1).
double wpg_network_target(int year);

/// Runs the dispatch. Throws InputError naming the plant for negative capacities, efficiencies
/// outside (0, 1], a negative or NaN annual cap, profile lengths that are neither 1 nor the number of hours, or store
/// limits < 0. O(hours × plants log plants).
DispatchResult dispatch_network(const DispatchInput& input);

/// Hourly output (kW) of a solar-thermal field: area · max(0, η0·G − a1·ΔT − a2·ΔT²) with
/// ΔT = mean collector temperature − ambient (EN ISO 9806 efficiency curve). `irradiance_w_per_m2`
/// is on the collector plane. O(hours).
std::vector<double> solar_thermal_output_kw(double area_m2, std::span<const double> irradiance_w_per_m2,
                                            std::span<const double> ambient_t_c, double mean_collector_t_c, double eta0,
                                            double a1_w_per_m2k, double a2_w_per_m2k2);

}  // namespace heattwin::solvers::supply
