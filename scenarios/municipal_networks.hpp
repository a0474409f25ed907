#pragma once
/// \file District-heating networks per municipality (docs/NETWORKS.md, "One network per
/// municipality"): with `[network] design = "per-municipality"`, a heat plan of a twin with several
/// municipalities designs and simulates one network in each municipality whose densest 100 m cell
/// reaches `min_densest_cell_mwh_per_ha`, by the rules of the single `densest-area` design (the
/// densest cell of the municipality's computed buildings, its buildings within `radius_m`, at most
/// `max_buildings`, pruning by heat line density), named `<name>_<AGS>`.
///
/// The municipalities are designed and simulated in parallel (OpenMP, dynamic schedule, the
/// municipality with the most computed buildings first); each design goes into a network set of its
/// own and the sets are appended to the twin's networks in that fixed order afterwards, so the
/// results are the same at any thread count. Later years simulate the stored networks again (or,
/// with simulate_every_year = false, dispatch the base year's series) and every year dispatches each
/// network's plants with that year's prices and CO2 factors.
///
/// Written to /results/<scenario>/<year>/municipal_networks (a table, one row per network) and
/// /…/municipal_networks/<AGS>/network/… (the groups of a single network, docs/results-schema.md).

#include "scenarios/network_run.hpp"
#include "scenarios/network_supply.hpp"
#include "scenarios/run_warnings.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heattwin::scenarios {

/// True if municipality `m` of `regions` lies in the region `key`: the municipality's 8-digit AGS or
/// the 5-digit key of its Kreis (`heattwin run --region`, [run] municipalities).
bool municipality_in_region(const twin::RegionHierarchy& regions, std::uint32_t m, std::string_view key);

/// One municipality's network of a year.
struct MunicipalNetwork {
  std::uint32_t municipality = 0;  ///< index into the twin's regions.municipalities
  std::string ags;                 ///< 8-digit AGS of the municipality
  std::string municipality_name;
  std::size_t computed_buildings = 0;  ///< computed buildings of the municipality (the order: most first)
  NetworkRun run;                      ///< indices refer to the twin's networks (after the merge)
  std::optional<NetworkSupplyYear> supply;
  double design_peak_kw = 0.0;  ///< base year's peak plant heat (plants are sized on it)
};

/// What the networks of a year hand to the supply areas and the buildings they supply.
struct MunicipalCellNetworkInputs {
  CellNetworkInputs cells;
  std::vector<std::string> network_of_row;  ///< name of the network whose evidence the row has ("": none)
};

/// The per-municipality networks of a heat plan, carried from year to year.
class MunicipalNetworks {
 public:
  /// The step of one year: in the base year (`base_year`) the designs (parallel, merged into
  /// `twin.networks` in a fixed order, stored in the twin file `twin_path` with store_in_twin),
  /// later years their simulation with the year's demand; then each network's supply dispatch.
  /// Throws InputError if no municipality of the twin has computed buildings.
  void run_year(const NetworkScenario& scenario, twin::Twin& twin, const std::string& twin_path,
                const NetworkDemandInputs& inputs, const solvers::economics::TechnologyCatalogue& catalogue,
                const solvers::economics::CarrierData& carriers, const solvers::demand::HourlyWeather& weather,
                int year, bool base_year);

  const std::vector<MunicipalNetwork>& networks() const { return networks_; }
  std::size_t municipalities_with_buildings() const { return municipalities_with_buildings_; }

  /// The networks together, for the run summary: counts, lengths and energies summed; the
  /// densest cell of the largest municipality; heat line density = delivered / route.
  NetworkSummary summary() const;
  /// The year's supply of all networks together: energies and CO2 summed, renewable share
  /// weighted by plant heat, LCOH weighted by heat sold, the target met when every network meets it.
  std::optional<NetworkYearSummary> year_summary() const;

  /// Marks the rows (zones of the demand run, `twin_index` per row) of the buildings the networks
  /// supply this year as district-heated (`on_network`, `existing_option`, `install_year` = `year`),
  /// when `supplied_this_year` (designed networks supply from the first year after the base year).
  /// Returns the number of rows marked. O(rows + consumers).
  std::size_t mark_supplied(std::span<const std::uint32_t> twin_index, bool supplied_this_year, int year,
                            std::vector<std::uint8_t>& on_network, std::vector<std::uint8_t>& existing_option,
                            std::vector<std::int32_t>& install_year) const;

  /// CO2 per kWh sold (g/kWh) of the network supplying twin building `building` this year (0 if none).
  double co2_g_per_kwh_sold(std::uint32_t building) const;

  /// Cell evidence of the supply areas (scenarios/network_supply cell_network_inputs, one network
  /// at a time over the cells of its municipality; a cell belongs to the municipality of its first
  /// computed building in `zone_twin_index` order). Cells of municipalities without a network get
  /// the evidence of a run without [network].
  MunicipalCellNetworkInputs cell_inputs(const twin::Twin& twin, const CellNetworkQuery& cells,
                                         std::span<const std::uint32_t> zone_twin_index,
                                         double district_heat_price_eur_per_mwh, double connection_rate) const;

  /// The design and target warnings of each network of the year (scenarios/run_warnings.hpp), in
  /// network order; `max_velocity_m_per_s` and `min_supply_c` are the [network] limits.
  std::vector<RunWarning> warnings(int year, double max_velocity_m_per_s, double min_supply_c) const;

  /// Writes /…/<year>/municipal_networks (docs/results-schema.md).
  void write(const h5::Group& year_group, const twin::Twin& twin) const;

 private:
  std::vector<MunicipalNetwork> networks_;
  std::unordered_map<std::uint32_t, std::size_t> network_of_building_;  ///< twin building → index of networks_
  std::size_t municipalities_with_buildings_ = 0;
  std::string base_routing_;
  int base_year_ = 0;
  double seconds_ = 0.0;
};

}  // namespace heattwin::scenarios
