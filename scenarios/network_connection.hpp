#pragma once
/// \file Connection over time (issue 21 §2; docs/NETWORKS.md, "Connection over time"): the
/// network is designed in the base year for all its consumers (pipes sized for the final load),
/// and in each year of a heat plan only a share of them is connected; that year simulates the
/// connected consumers and the pipes that serve them, so heat sold, losses, costs (the investment
/// follows the build-out), CO2, the buildings supplied and the supply areas follow the share.
///
///     [network]
///     connection_share = { 2025 = 0.25, 2035 = 0.75, 2045 = 1.0 }   # a ramp: linear between the
///                                           # years, constant before the first and after the last
///     connection_share = 1.0                # or one share for every year (1 = all at once, the default)
///     connection_rate_per_a = 0.1           # or an annual rate: share = min(cap, rate · (1 + year − base year))
///     connection_cap = 0.8                  # the cap of the rate (default 1)
///
/// Which consumers connect first: solvers/network/network_build_out.hpp (design heat per metre of
/// network path from the plant, largest first).

#include "solvers/network/twin_network.hpp"

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::twin {
struct NetworkSet;
}
namespace heattwin::h5 {
class Group;
}

namespace heattwin::scenarios {

struct NetworkSummary;
struct NetworkSupplyYear;
struct NetworkYearSummary;

/// The connection keys of `[network]` (parsed by detail::parse_network_connection, network_toml.hpp).
struct NetworkConnection {
  /// One share for every year (connection_share as a number).
  double share = 1.0;
  /// connection_share as a path: (year, share), years ascending, shares not falling.
  std::vector<std::pair<int, double>> share_path;
  /// connection_rate_per_a (NaN: not given): the share connecting per year.
  double rate_per_a = std::numeric_limits<double>::quiet_NaN();
  double cap = 1.0;  ///< connection_cap: the largest share the rate reaches

  /// The share of the designed consumers connected in `year` of a plan whose base year is
  /// `base_year`, in (0, 1].
  double share_in_year(int year, int base_year) const;
  /// True unless every consumer is connected in every year (the default).
  bool gradual() const;
  /// "all at once", "25 % in 2025 … 100 % in 2045", "10 %/a up to 80 %".
  std::string describe() const;
};

/// The consumers of `model` connected at `share` (0 … 1] of them, in the connection order of
/// solvers/network/network_build_out.hpp with the design heats stored in `networks` (the set
/// `model` was built from), and the pipes serving them. At share ≥ 1 `model` is returned as it is
/// (so a year with every consumer connected is exactly the all-at-once year). Sets
/// `summary.connected_share` and `summary.consumers_designed`. O(elements · log elements).
solvers::network::TwinNetworkModel connected_network_model(solvers::network::TwinNetworkModel model,
                                                           const twin::NetworkSet& networks, double share,
                                                           NetworkSummary& summary);

/// The design's figures (all consumers: routing, densest cell, candidates, pruned, undersized,
/// stored) on the summary of a year's run of the connected part.
void keep_design_figures(const NetworkSummary& design, NetworkSummary& year);

/// Per-municipality networks: adds one network's year (`run`, `supply`) to the sums of `all`
/// (counts, lengths, energies, pump power, investment; the largest head), and then sets
/// `all.has_run`, its connected and loss shares (call it after all.plant_heat_mwh is summed).
/// investment_in_period_eur stays 0.
void add_network_run_figures(const NetworkSummary& run, const NetworkSupplyYear& supply, NetworkYearSummary& all);
void finish_network_run_figures(NetworkYearSummary& all);

/// Results of the above: networks/consumers_designed and connected_share (docs/results-schema.md).
void write_network_connection(const h5::Group& networks, const NetworkSummary& summary);

}  // namespace heattwin::scenarios
