#include "scenarios/network_connection.hpp"

#include "scenarios/network_run.hpp"
#include "scenarios/network_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "solvers/network/network_build_out.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace heattwin::scenarios {

double NetworkConnection::share_in_year(int year, int base_year) const {
  if (std::isfinite(rate_per_a)) {
    return std::min(cap, rate_per_a * static_cast<double>(1 + std::max(0, year - base_year)));
  }
  if (share_path.empty()) return share;
  if (year <= share_path.front().first) return share_path.front().second;
  for (std::size_t k = 1; k < share_path.size(); ++k) {
    const auto [y1, s1] = share_path[k];
    if (year <= y1) {
      const auto [y0, s0] = share_path[k - 1];
      return s0 + (s1 - s0) * static_cast<double>(year - y0) / static_cast<double>(y1 - y0);
    }
  }
  return share_path.back().second;
}

bool NetworkConnection::gradual() const {
  if (std::isfinite(rate_per_a)) return true;
  if (share_path.empty()) return share < 1.0;
  return std::any_of(share_path.begin(), share_path.end(), [](const auto& p) { return p.second < 1.0; });
}

std::string NetworkConnection::describe() const {
  if (std::isfinite(rate_per_a)) return fmt::format("{:.4g} %/a up to {:.4g} %", 100.0 * rate_per_a, 100.0 * cap);
  if (share_path.empty()) return share >= 1.0 ? std::string("all at once") : fmt::format("{:.4g} %", 100.0 * share);
  std::string text;
  for (const auto& [year, s] : share_path) {
    text += fmt::format("{}{:.4g} % in {}", text.empty() ? "" : " … ", 100.0 * s, year);
  }
  return text;
}

solvers::network::TwinNetworkModel connected_network_model(solvers::network::TwinNetworkModel model,
                                                           const twin::NetworkSet& networks, double share,
                                                           NetworkSummary& summary) {
  namespace net = solvers::network;
  const std::size_t nc = model.consumers.size();
  summary.consumers_designed = nc;
  summary.connected_share = 1.0;
  if (share >= 1.0) return model;
  std::vector<double> design_heat_kw(nc);
  for (std::size_t c = 0; c < nc; ++c)
    design_heat_kw[c] = networks.consumers.design_heat_kw[model.consumer_twin_index[c]];
  const std::vector<std::size_t> order = net::connection_order(model, design_heat_kw);
  const std::size_t count = net::connected_count(share, nc);
  std::vector<std::uint8_t> connected(nc, 0);
  for (std::size_t k = 0; k < count; ++k) connected[order[k]] = 1;
  summary.connected_share = static_cast<double>(count) / static_cast<double>(nc);
  if (count == nc) return model;
  return net::connected_part(model, connected);
}

void keep_design_figures(const NetworkSummary& design, NetworkSummary& year) {
  year.designed = design.designed;
  year.routing = design.routing;
  year.densest_cell = design.densest_cell;
  year.densest_cell_mwh_per_ha = design.densest_cell_mwh_per_ha;
  year.candidates = design.candidates;
  year.consumers_pruned = design.consumers_pruned;
  year.undersized_pipes = design.undersized_pipes;
  year.stored_in_twin = design.stored_in_twin;
  year.seconds += design.seconds;
}

void add_network_run_figures(const NetworkSummary& r, const NetworkSupplyYear& supply, NetworkYearSummary& all) {
  all.consumers += r.consumers;
  all.consumers_designed += r.consumers_designed;
  all.pipes += r.pipes;
  all.route_length_m += r.route_length_m;
  all.delivered_mwh += r.delivered_mwh;
  all.heat_loss_mwh += r.heat_loss_mwh;
  all.pump_energy_mwh += r.pump_energy_mwh;
  all.bypass_return_heat_mwh += r.bypass_return_heat_mwh;
  all.peak_plant_heat_kw += r.peak_plant_heat_kw;  // the sum of the networks' own peaks
  all.design_pump_power_kw += r.design_pump_power_kw;
  all.max_pump_power_kw += r.max_pump_power_kw;
  all.pump_head_bar = std::max(all.pump_head_bar, r.pump_head_bar);
  all.pump_head_m = std::max(all.pump_head_m, r.pump_head_m);
  all.critical_path_pressure_drop_bar =
      std::max(all.critical_path_pressure_drop_bar, r.critical_path_pressure_drop_bar);
  all.investment_eur += supply.plants_investment_eur + supply.pipes_investment_eur + supply.connections_investment_eur;
}

void finish_network_run_figures(NetworkYearSummary& all) {
  all.has_run = all.consumers_designed > 0;
  all.connected_share = all.consumers_designed > 0
                            ? static_cast<double>(all.consumers) / static_cast<double>(all.consumers_designed)
                            : 1.0;
  all.heat_loss_share = all.plant_heat_mwh > 0.0 ? all.heat_loss_mwh / all.plant_heat_mwh : 0.0;
}

void write_network_connection(const h5::Group& g, const NetworkSummary& sum) {
  g.write("consumers_designed", std::vector<double>{static_cast<double>(sum.consumers_designed)},
          {.unit = "1", .description = "consumers of the network as designed (connection over time: all of them)"});
  g.write("connected_share", std::vector<double>{sum.connected_share},
          {.unit = "1", .description = "consumers connected (and simulated) this year / consumers_designed"});
}

namespace detail {

NetworkConnection parse_network_connection(const std::string& path, const toml::table& t) {
  NetworkConnection c;
  const auto line = [&](const toml::node& n) { return fmt::format("{}:{}", path, n.source().begin.line); };
  const toml::node* share = t.get("connection_share");
  const toml::node* rate = t.get("connection_rate_per_a");
  const toml::node* cap = t.get("connection_cap");
  HEATTWIN_CHECK(share == nullptr || rate == nullptr,
                 "{}: [network] give connection_share (a share or a path of year = share) or connection_rate_per_a, "
                 "not both",
                 line(*rate));
  if (share != nullptr) {
    const auto check_share = [&](const toml::node& n, std::optional<double> v) {
      HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v > 0.0 && *v <= 1.0,
                     "{}: [network] connection_share must be a number in (0, 1] (share of the designed network's "
                     "consumers connected), or a table year = share",
                     line(n));
      return *v;
    };
    if (const toml::table* steps = share->as_table()) {
      HEATTWIN_CHECK(!steps->empty(), "{}: [network] connection_share path is empty", line(*share));
      for (const auto& [key, n] : *steps) {
        int year = 0;
        const std::string_view y = key.str();
        const auto [end, err] = std::from_chars(y.data(), y.data() + y.size(), year);
        HEATTWIN_CHECK(err == std::errc() && end == y.data() + y.size() && year >= 1900 && year <= 2100,
                       "{}: [network] connection_share path key '{}' must be a year (1900 … 2100)", line(n), y);
        c.share_path.emplace_back(year, check_share(n, n.value<double>()));
      }
      std::sort(c.share_path.begin(), c.share_path.end());
      for (std::size_t k = 1; k < c.share_path.size(); ++k) {
        HEATTWIN_CHECK(c.share_path[k].second >= c.share_path[k - 1].second,
                       "{}: [network] connection_share falls from {} in {} to {} in {}; a connected consumer stays "
                       "connected, so the share may only rise",
                       line(*share), c.share_path[k - 1].second, c.share_path[k - 1].first, c.share_path[k].second,
                       c.share_path[k].first);
      }
    } else {
      c.share = check_share(*share, share->value<double>());
    }
  }
  if (rate != nullptr) c.rate_per_a = scenario_number(path, t, "network", "connection_rate_per_a", 0.0);
  if (cap != nullptr) {
    HEATTWIN_CHECK(rate != nullptr, "{}: [network] connection_cap applies with connection_rate_per_a only", line(*cap));
    c.cap = scenario_number(path, t, "network", "connection_cap", c.cap);
  }
  return c;
}

}  // namespace detail
}  // namespace heattwin::scenarios
