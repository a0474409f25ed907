#pragma once
/// \file Individual (building-level) supply: for every building, the annual final energy by
/// carrier, cost and CO2 of its heating system in a target year. An existing system stays until
/// it reaches the end of its lifetime (install year + the catalogue's lifetime_a of its
/// technology); then the cheapest allowed option (least annual cost by VDI 2067) replaces it.
///
/// Heat pumps get a seasonal COP from the hourly outdoor temperature of the weather year: the
/// space-heating load grows linearly from 0 at the heating limit to the design load at the
/// design outdoor temperature; the supply temperature follows a linear heating curve from the
/// room temperature to the building's design supply temperature; hot water is made at
/// `dhw_t_c` at full load. The seasonal COPs are tabulated once per design supply temperature
/// (1 K steps), so a building costs O(options).

#include "solvers/economics/annuity.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/lcoh.hpp"
#include "solvers/economics/technology.hpp"
#include "solvers/supply/heat_pump.hpp"
#include "twin/types.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::solvers::supply {

/// Heating systems of a building; each maps to one catalogue technology and one carrier.
enum class IndividualOption : std::uint8_t {
  air_heat_pump,
  ground_heat_pump,
  gas_boiler,
  hydrogen_boiler,
  biomass_boiler,
  oil_boiler,
  electric_heater,
  district_heating,  ///< a house connection to a heat network (technology heat_substation)
};
inline constexpr std::size_t INDIVIDUAL_OPTION_COUNT = 8;
/// "No existing system known" in IndividualBuildings::existing_option.
inline constexpr std::uint8_t NO_EXISTING_SYSTEM = 255;

/// The existing option of a twin heating carrier (twin::Carrier): gas → gas_boiler, oil →
/// oil_boiler, district_heat → district_heating, electricity → electric_heater, heat_pump →
/// air_heat_pump (most installed units; an assumption), biomass → biomass_boiler; unknown, coal
/// and other → NO_EXISTING_SYSTEM (a new system is chosen; coal has no option here). O(1).
std::uint8_t existing_option_of(twin::Carrier carrier);

/// The catalogue technology of an option ("air_heat_pump", …, "heat_substation").
std::string_view option_technology(IndividualOption option);
/// The purchased carrier of an option.
economics::Carrier option_carrier(IndividualOption option);

/// Settings of the evaluation. Defaults are HeatTwin assumptions unless a source is named.
struct IndividualSettings {
  int year = 2030;
  /// Options a replacement may choose. Default: heat pumps and biomass (GEG §71 asks 65 %
  /// renewable heat of new systems once a heat plan exists), gas and oil off; hydrogen and
  /// district heating off (the scenario enables them where a network is planned).
  std::array<bool, INDIVIDUAL_OPTION_COUNT> allowed{true, true, false, false, true, false, false, false};
  double heating_limit_c = 15.0;      ///< outdoor temperature above which no space heating is needed
  double design_outdoor_t_c = -14.0;  ///< design outdoor temperature (DIN EN 12831 class, Magdeburg region; unverified)
  double room_t_c = 20.0;             ///< supply temperature of the heating curve at the heating limit
  double dhw_t_c = 55.0;              ///< hot-water charging temperature
  double max_heat_pump_supply_t_c = 75.0;  ///< above this design supply temperature heat pumps are not offered
  int unknown_install_year = 2000;         ///< install year assumed where the twin has none
  economics::AnnuityParameters annuity;
  /// Potentials of limited carriers (MWh/a final energy for the whole run region; +∞ = no limit).
  /// When the least-cost choices need more, the new systems with the smallest cost advantage over
  /// their best alternative (of an unlimited carrier) switch to it, until the potential holds
  /// (WPG §3 / KWW guide: biomass and hydrogen are scarce; HeatTwin's allocation rule).
  double biomass_potential_mwh_per_a = std::numeric_limits<double>::infinity();
  double hydrogen_potential_mwh_per_a = std::numeric_limits<double>::infinity();
  /// Ground-source potential areas (scenarios/potentials: a `[data] potentials` layer's
  /// ground_source features), MWh/a of ground heat each: the ambient heat of the ground heat pumps
  /// of the buildings that draw on area a (IndividualBuildings::ground_source_area) may not exceed
  /// element a. New ground heat pumps above it move to their next-cheapest option, smallest extra
  /// cost first, like the carrier potentials above. Empty: no limit.
  std::vector<double> ground_source_capacity_mwh_per_a;
  /// false: energy at the prices of `year`; true: at the levelised prices of the price path from
  /// `year` over the observation period (economics::levelised_price_eur_per_mwh).
  bool price_path = false;
};

/// Buildings as columns (all the same length). Energies are useful heat at the building.
struct IndividualBuildings {
  std::span<const double> space_heat_kwh;         ///< annual space heating
  std::span<const double> dhw_kwh;                ///< annual domestic hot water
  std::span<const double> peak_load_kw;           ///< design heat load (sizes the new system)
  std::span<const double> design_supply_t_c;      ///< supply temperature at the design outdoor temperature
  std::span<const std::uint8_t> existing_option;  ///< IndividualOption or NO_EXISTING_SYSTEM
  std::span<const std::int32_t> install_year;     ///< of the existing system; ≤ 0 = unknown
  std::span<const std::uint8_t> sector;           ///< economics::Sector
  /// Optional (empty: none): per building a bit mask of options a replacement may not choose
  /// (bit k = IndividualOption k), e.g. biomass inside a heat-network supply area (docs/SUPPLY.md).
  /// Where the mask leaves no option the building could take, it is ignored for that building
  /// and counted (IndividualResult::exclusions_ignored).
  std::span<const std::uint8_t> excluded_options;
  /// Optional (empty: none): per building the ground-source area it draws on (index into
  /// IndividualSettings::ground_source_capacity_mwh_per_a) or NO_POTENTIAL_AREA (not limited).
  std::span<const std::uint32_t> ground_source_area;
};

/// "Draws on no listed potential area" in IndividualBuildings::ground_source_area.
inline constexpr std::uint32_t NO_POTENTIAL_AREA = 0xFFFFFFFFU;

/// Per-building results (columns) and the final-energy balance.
struct IndividualResult {
  std::vector<std::uint8_t> option;         ///< IndividualOption in the target year
  std::vector<std::uint8_t> kept_existing;  ///< 1 if the existing system is still in service
  std::vector<double> final_energy_kwh;     ///< purchased energy of the option's carrier
  std::vector<double> ambient_heat_kwh;     ///< environmental heat of heat pumps (renewable)
  std::vector<double> cost_eur_per_a;       ///< annuity: capital (if new) + maintenance + energy
  std::vector<double> lcoh_eur_per_mwh;     ///< cost / useful heat
  std::vector<double> co2_kg_per_a;
  economics::FinalEnergyBalance balance;  ///< MWh/a by carrier and sector (ambient heat included)
  std::size_t replaced = 0;               ///< buildings whose system aged out and was replaced
  /// Potentials: new systems moved off biomass / hydrogen to their best alternative, and what the
  /// run still needs above the potential (kept systems, or no alternative; MWh/a, 0 if it holds).
  std::size_t switched_for_biomass_potential = 0, switched_for_hydrogen_potential = 0;
  double biomass_above_potential_mwh = 0.0, hydrogen_above_potential_mwh = 0.0;
  /// Ground-source areas: ambient heat of the ground heat pumps drawing on each area (MWh/a, per
  /// IndividualSettings::ground_source_capacity_mwh_per_a; empty without areas), new ground heat
  /// pumps moved to their next-cheapest option, and what kept systems still need above the areas'
  /// capacities (Σ over areas, MWh/a).
  std::vector<double> ground_source_used_mwh;
  std::size_t switched_for_ground_source_potential = 0;
  double ground_source_above_potential_mwh = 0.0;
  /// New systems chosen under a non-empty IndividualBuildings::excluded_options mask, and those
  /// whose mask had to be ignored because no other option was available.
  std::size_t chosen_with_exclusions = 0, exclusions_ignored = 0;
};

/// Precomputes prices, CO2 factors, annuity factors and the seasonal COP tables for one year;
/// then evaluates any number of buildings.
class IndividualSupplyModel {
 public:
  /// `outdoor_t_c` is the hourly outdoor temperature of the weather year (8760 values, or any
  /// whole number of hours ≥ 24). Throws InputError for missing catalogue entries, prices or
  /// CO2 factors of the year, or bad settings. O(hours × 70 supply temperatures).
  IndividualSupplyModel(const economics::TechnologyCatalogue& catalogue, const economics::CarrierData& carriers,
                        std::span<const double> outdoor_t_c, IndividualSettings settings);

  /// Evaluates every building (OpenMP over fixed blocks; the balance is summed in block order,
  /// so results do not depend on the thread count). Throws InputError naming the building index
  /// for negative energies, unknown options or a missing allowed option. O(buildings × options).
  IndividualResult evaluate(const IndividualBuildings& buildings) const;

  /// Seasonal COP for space heating of a heat pump option at a design supply temperature.
  double seasonal_cop_space(IndividualOption option, double design_supply_t_c) const;
  /// Mean COP of hot-water charging of a heat pump option.
  double seasonal_cop_dhw(IndividualOption option) const;

 private:
  struct OptionData {
    double fixed_eur = 0.0, per_kw_eur = 0.0;  ///< A_0 = fixed + per_kw · kW
    double capital_factor = 0.0;               ///< capital + maintenance annuity per € invested
    double maintenance_share = 0.0;
    double efficiency = 1.0;  ///< boilers: useful / final energy
    int lifetime_a = 20;
    double price_eur_per_kwh = 0.0;
    double co2_kg_per_kwh = 0.0;
    bool is_heat_pump = false;
  };
  static constexpr double TABLE_MIN_T_C = 25.0;
  static constexpr int TABLE_STEPS = 71;  ///< 25 … 95 °C
  double energy_factor_ = 1.0;            ///< a · b_V (converts first-year energy cost to its annuity)
  double maintenance_factor_ = 1.0;       ///< a · b_IN
  IndividualSettings settings_;
  std::array<OptionData, INDIVIDUAL_OPTION_COUNT> options_{};
  std::array<std::array<double, TABLE_STEPS>, 2> scop_space_{};  ///< [air, ground][supply temperature]
  std::array<double, 2> cop_dhw_{};
};

}  // namespace heattwin::solvers::supply
