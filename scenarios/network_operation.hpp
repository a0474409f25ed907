#pragma once
/// \file How a district-heating network is operated over the year (issue 21 §2–3; docs/NETWORKS.md,
/// "Operation"): the plant's supply temperature by an outdoor-temperature curve (heating curve) and
/// a minimum circulation through the consumers at the ends of the network (bypasses), the two
/// things operators do to keep every consumer at its minimum supply temperature in low-load hours.
///
///     [network]
///     supply_curve_min_c = 70.0             # supply at and above the heating limit; leave out: constant t_supply_c
///     supply_curve_design_outdoor_c = -14.0 # t_supply_c at and below this outdoor temperature
///     supply_curve_limit_outdoor_c = 15.0   # supply_curve_min_c at and above this one; linear between
///     min_end_flow_kg_per_s = 0.02          # bypass: minimum flow through each end consumer
///     thermal_dynamics = "plug-flow"        # transport delay in the pipes (default "quasi-static")

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::solvers::demand {
struct HourlyWeather;
}
namespace heattwin::solvers::network {
struct DhSeriesOptions;
struct DhSeriesResult;
struct NetworkDesignOptions;
}  // namespace heattwin::solvers::network
namespace heattwin::h5 {
class Group;
}

namespace heattwin::scenarios {

struct NetworkScenario;
struct NetworkRun;
struct NetworkSummary;

/// The operation keys of `[network]` (parsed by detail::parse_network_operation, network_toml.hpp).
struct NetworkOperation {
  /// Plant supply temperature (°C) at and above `supply_curve_limit_outdoor_c`; NaN: no curve,
  /// the plant holds t_supply_c in every hour.
  double supply_curve_min_c = std::numeric_limits<double>::quiet_NaN();
  /// Outdoor temperature (°C) at and below which the plant supplies t_supply_c (HeatTwin
  /// assumption: the order of the DIN EN 12831 design outdoor temperatures of central Germany).
  double supply_curve_design_outdoor_c = -14.0;
  /// Outdoor temperature (°C) at and above which the plant supplies supply_curve_min_c (the usual
  /// heating limit of 15 °C).
  double supply_curve_limit_outdoor_c = 15.0;
  /// Minimum flow (kg/s) through every consumer at an end of the network (a junction with one
  /// pipe): water the consumer's heat exchanger does not take passes a bypass and returns at the
  /// consumer's supply temperature. 0 = no bypasses.
  double min_end_flow_kg_per_s = 0.0;
  /// thermal_dynamics = "plug-flow": temperatures carried through the pipes over the hours
  /// (solvers/network/district_heating_plug_flow.hpp); false ("quasi-static", the default): a
  /// steady thermal state per hour.
  bool plug_flow = false;

  bool has_supply_curve() const { return supply_curve_min_c == supply_curve_min_c; }  // not NaN
};

/// The keys above, for the unknown-key check of `[network]`.
inline constexpr std::array<std::string_view, 5> NETWORK_OPERATION_KEYS = {
    "supply_curve_min_c", "supply_curve_design_outdoor_c", "supply_curve_limit_outdoor_c", "min_end_flow_kg_per_s",
    "thermal_dynamics"};

/// The plant's supply temperature (K) in every hour of `outdoor_c` (°C): t_supply_c at and below
/// the design outdoor temperature, supply_curve_min_c at and above the heating limit, linear in
/// between; t_supply_c in every hour without a curve. O(hours).
std::vector<double> plant_supply_temperature_k(const NetworkOperation& operation, double t_supply_c,
                                               std::span<const double> outdoor_c);

/// Sets the year simulation's operation from the scenario: the plant supply temperature of every
/// hour of `weather` (first `hours`), the end bypasses and the pressure-gradient limit to count.
void set_network_operation(const NetworkScenario& scenario, const solvers::demand::HourlyWeather& weather,
                           std::size_t hours, solvers::network::DhSeriesOptions& options);

/// Sets what the pipe sizing of a designed network needs of the operation (docs/NETWORKS.md,
/// "Sizing"): the plant's supply temperature in every hour of `weather` (the supply curve; a
/// coincident design sizes each pipe for the hour of its largest flow) and the coldest ground
/// temperature of the year at the pipes' depth (the supply's cooling on its way).
void size_for_operation(const NetworkScenario& scenario, const solvers::demand::HourlyWeather& weather,
                        solvers::network::NetworkDesignOptions& options);

/// After the year simulation (issue 21 §2): the ids of the pipes above the velocity and the
/// specific pressure-drop limits in some hour, the largest pressure drop and the bypass heat,
/// into `summary`. O(pipes).
void summarise_design_limits(const NetworkScenario& scenario, const NetworkRun& run, NetworkSummary& summary);

/// Results of the above: pipes/peak_pressure_gradient_pa_per_m, hours_above_pressure_gradient_limit
/// (into the `pipes` group) and networks/bypass_mass_t, bypass_return_heat_mwh (into `networks`)
/// (docs/results-schema.md).
void write_pipe_design_limits(const h5::Group& pipes, const solvers::network::DhSeriesResult& series);
void write_network_operation(const h5::Group& networks, const solvers::network::DhSeriesResult& series);

}  // namespace heattwin::scenarios
