#include "solvers/network/epanet_inp.hpp"

#include "solvers/network/hydraulics.hpp"
#include "twin/error.hpp"
#include "twin/input_file.hpp"
#include "twin/physical_constants.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <Eigen/Dense>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace heattwin::solvers::network {
namespace {

constexpr double GRAVITY_M_PER_S2 =
    twin::STANDARD_GRAVITY_M_PER_S2;  // HydraulicOptions' default: heads convert back exactly
constexpr double WATER_T_K = 293.15;

struct InpLine {
  std::size_t number = 0;
  std::vector<std::string> tokens;
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

/// Sections (upper-case names) → their non-empty lines, comments (after ';') removed.
std::map<std::string, std::vector<InpLine>> read_sections(const std::string& path) {
  twin::check_input_file(path, "the EPANET file");
  std::ifstream in(path);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the file", path);
  std::map<std::string, std::vector<InpLine>> sections;
  std::string line, section;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (const auto semicolon = line.find(';'); semicolon != std::string::npos) line.resize(semicolon);
    std::istringstream words(line);
    InpLine l{number, {}};
    for (std::string w; words >> w;) l.tokens.push_back(w);
    if (l.tokens.empty()) continue;
    if (l.tokens[0].front() == '[') {
      section = upper(l.tokens[0]);
      continue;
    }
    HEATTWIN_CHECK(!section.empty(), "{}:{}: data before the first [SECTION]", path, number);
    sections[section].push_back(std::move(l));
  }
  return sections;
}

double number(const std::string& path, const InpLine& l, std::size_t k, const char* what) {
  HEATTWIN_CHECK(k < l.tokens.size(), "{}:{}: {} is missing", path, l.number, what);
  double v = 0.0;
  const std::string& t = l.tokens[k];
  const auto res = std::from_chars(t.data(), t.data() + t.size(), v);
  HEATTWIN_CHECK(res.ec == std::errc{} && res.ptr == t.data() + t.size() && std::isfinite(v),
                 "{}:{}: {} '{}' is not a number", path, l.number, what, t);
  return v;
}

/// Flow unit → m³/s, and whether the file is in US units.
std::pair<double, bool> flow_unit(const std::string& path, const std::string& unit) {
  static const std::map<std::string, std::pair<double, bool>> UNITS = {
      {"CFS", {0.028316846592, true}}, {"GPM", {6.30901964e-5, true}},  {"MGD", {0.0438126364, true}},
      {"IMGD", {0.0526167642, true}},  {"AFD", {0.0142764101, true}},   {"LPS", {1e-3, false}},
      {"LPM", {1e-3 / 60.0, false}},   {"MLD", {1e3 / 86400.0, false}}, {"CMH", {1.0 / twin::SECONDS_PER_HOUR, false}},
      {"CMD", {1.0 / 86400.0, false}}};
  const auto it = UNITS.find(unit);
  HEATTWIN_CHECK(it != UNITS.end(), "{}: [OPTIONS] Units '{}' is not an EPANET flow unit", path, unit);
  return it->second;
}

/// Least-squares polynomial of `degree` through (x, y), highest power first, fitted in x / scale.
std::vector<double> fit_polynomial(const std::vector<double>& x, const std::vector<double>& y, int degree) {
  const double scale = std::max(1e-12, *std::max_element(x.begin(), x.end()));
  Eigen::MatrixXd a(static_cast<Eigen::Index>(x.size()), degree + 1);
  Eigen::VectorXd b(static_cast<Eigen::Index>(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    double p = 1.0;
    for (int k = 0; k <= degree; ++k, p *= x[i] / scale) a(static_cast<Eigen::Index>(i), k) = p;
    b(static_cast<Eigen::Index>(i)) = y[i];
  }
  const Eigen::VectorXd c = a.colPivHouseholderQr().solve(b);
  std::vector<double> highest_first;
  for (int k = degree; k >= 0; --k) highest_first.push_back(c(k) / std::pow(scale, k));
  return highest_first;
}

}  // namespace

EpanetCase read_epanet_inp(const std::string& path) {
  auto sections = read_sections(path);
  auto lines = [&](const char* name) -> const std::vector<InpLine>& {
    static const std::vector<InpLine> none;
    const auto it = sections.find(name);
    return it == sections.end() ? none : it->second;
  };
  EpanetCase c;
  PipeNetwork& n = c.network;
  std::string default_pattern = "1";
  double demand_multiplier = 1.0;
  c.flow_units = "GPM";
  for (const auto& l : lines("[OPTIONS]")) {
    const std::string key = upper(l.tokens[0]);
    if (key == "UNITS" && l.tokens.size() > 1) c.flow_units = upper(l.tokens[1]);
    if (key == "HEADLOSS" && l.tokens.size() > 1) c.head_loss = upper(l.tokens[1]);
    if (key == "PATTERN" && l.tokens.size() > 1) default_pattern = l.tokens[1];
    if (key == "DEMAND" && l.tokens.size() > 2 && upper(l.tokens[1]) == "MULTIPLIER")
      demand_multiplier = number(path, l, 2, "Demand Multiplier");
  }
  HEATTWIN_CHECK(c.head_loss == "H-W" || c.head_loss == "D-W",
                 "{}: [OPTIONS] Headloss '{}' is not supported (H-W and D-W are)", path, c.head_loss);
  std::tie(c.flow_to_m3_per_s, c.us_units) = flow_unit(path, c.flow_units);
  c.length_to_m = c.us_units ? 0.3048 : 1.0;
  const double diameter_to_m = c.us_units ? 0.0254 : 1e-3;
  const double roughness_to_m = c.us_units ? 0.3048e-3 : 1e-3;  // D-W: millifeet or mm
  HEATTWIN_CHECK(lines("[VALVES]").empty(), "{}:{}: valves are not supported by the EPANET reader", path,
                 lines("[VALVES]").front().number);
  HEATTWIN_CHECK(lines("[EMITTERS]").empty(), "{}:{}: emitters are not supported by the EPANET reader", path,
                 lines("[EMITTERS]").front().number);
  const double rho = n.fluid.density_kg_per_m3(WATER_T_K);

  // Patterns: the multiplier of the first period.
  std::map<std::string, std::vector<double>> patterns;
  for (const auto& l : lines("[PATTERNS]"))
    for (std::size_t k = 1; k < l.tokens.size(); ++k) patterns[l.tokens[0]].push_back(number(path, l, k, "multiplier"));
  auto multiplier = [&](const std::string& id, const InpLine& l) {
    if (id.empty()) {
      const auto it = patterns.find(default_pattern);
      return it == patterns.end() || it->second.empty() ? 1.0 : it->second.front();
    }
    const auto it = patterns.find(id);
    HEATTWIN_CHECK(it != patterns.end() && !it->second.empty(), "{}:{}: pattern '{}' is not defined", path, l.number,
                   id);
    return it->second.front();
  };

  // Nodes.
  std::unordered_map<std::string, std::uint32_t> node;
  std::map<std::string, double> tank_level_or_head;  // tanks: initial level; reservoirs: head
  auto add_node = [&](const InpLine& l, double elevation) {
    const std::uint32_t j = n.add_junction(l.tokens[0], elevation * c.length_to_m, WATER_T_K);
    HEATTWIN_CHECK(node.emplace(l.tokens[0], j).second, "{}:{}: node '{}' is defined twice", path, l.number,
                   l.tokens[0]);
    c.node_is_fixed_head.push_back(0);
    return j;
  };
  std::map<std::string, double> demand_flow;  // file flow units
  for (const auto& l : lines("[JUNCTIONS]")) {
    add_node(l, number(path, l, 1, "elevation"));
    if (l.tokens.size() > 2)
      demand_flow[l.tokens[0]] = number(path, l, 2, "demand") * multiplier(l.tokens.size() > 3 ? l.tokens[3] : "", l);
  }
  std::map<std::string, double> from_demands;
  for (const auto& l : lines("[DEMANDS]")) {
    HEATTWIN_CHECK(node.contains(l.tokens[0]), "{}:{}: [DEMANDS] names the unknown junction '{}'", path, l.number,
                   l.tokens[0]);
    from_demands[l.tokens[0]] += number(path, l, 1, "demand") * multiplier(l.tokens.size() > 2 ? l.tokens[2] : "", l);
  }
  for (const auto& [id, q] : from_demands) demand_flow[id] = q;  // [DEMANDS] replaces the junction's demand
  for (const auto& [id, q] : demand_flow) {
    const double kg_per_s = q * demand_multiplier * c.flow_to_m3_per_s * rho;
    (kg_per_s >= 0.0 ? n.withdrawal_kg_per_s : n.injection_kg_per_s)[node.at(id)] = std::abs(kg_per_s);
  }
  for (const auto& l : lines("[RESERVOIRS]")) {
    // A reservoir without a pattern keeps its head (the default pattern applies to demands only).
    const double head = number(path, l, 1, "head") * (l.tokens.size() > 2 ? multiplier(l.tokens[2], l) : 1.0);
    const std::uint32_t j = add_node(l, head);
    n.fixed_pressure_bar[j] = 0.0;
    c.node_is_fixed_head[j] = 1;
    tank_level_or_head[l.tokens[0]] = head;
  }
  for (const auto& l : lines("[TANKS]")) {
    const double elevation = number(path, l, 1, "elevation");
    const double level = number(path, l, 2, "initial level");
    const std::uint32_t j = add_node(l, elevation);
    n.fixed_pressure_bar[j] = rho * GRAVITY_M_PER_S2 * level * c.length_to_m / 1e5;
    c.node_is_fixed_head[j] = 1;
    tank_level_or_head[l.tokens[0]] = level;
  }
  auto node_of = [&](const InpLine& l, std::size_t k) {
    HEATTWIN_CHECK(k < l.tokens.size(), "{}:{}: a node id is missing", path, l.number);
    const auto it = node.find(l.tokens[k]);
    HEATTWIN_CHECK(it != node.end(), "{}:{}: link '{}' names the unknown node '{}'", path, l.number, l.tokens[0],
                   l.tokens[k]);
    return it->second;
  };

  // Link status at time 0: [STATUS], then controls that act at time 0.
  std::map<std::string, bool> open;
  for (const auto& l : lines("[STATUS]")) {
    if (l.tokens.size() < 2) continue;
    const std::string s = upper(l.tokens[1]);
    if (s == "OPEN" || s == "CLOSED") open[l.tokens[0]] = s == "OPEN";
  }
  for (const auto& l : lines("[CONTROLS]")) {
    const auto& t = l.tokens;
    if (t.size() < 6 || upper(t[0]) != "LINK") continue;
    const std::string s = upper(t[2]);
    if (s != "OPEN" && s != "CLOSED") continue;
    if (upper(t[3]) == "AT" && upper(t[4]) == "TIME" && (t[5] == "0" || t[5] == "0:00")) open[t[1]] = s == "OPEN";
    if (t.size() >= 8 && upper(t[3]) == "IF" && upper(t[4]) == "NODE") {
      const auto level = tank_level_or_head.find(t[5]);
      if (level == tank_level_or_head.end()) continue;  // junction pressures are not known before the solve
      const double v = number(path, l, 7, "control value");
      const std::string rel = upper(t[6]);
      if ((rel == "BELOW" && level->second < v) || (rel == "ABOVE" && level->second > v)) open[t[1]] = s == "OPEN";
    }
  }
  auto is_open = [&](const std::string& id, bool file_default) {
    const auto it = open.find(id);
    return it == open.end() ? file_default : it->second;
  };

  // Pipes.
  for (const auto& l : lines("[PIPES]")) {
    const std::string& id = l.tokens[0];
    const std::uint32_t a = node_of(l, 1), b = node_of(l, 2);
    const double length = number(path, l, 3, "length") * c.length_to_m;
    const double diameter = number(path, l, 4, "diameter") * diameter_to_m;
    const double roughness = number(path, l, 5, "roughness");
    const double minor = l.tokens.size() > 6 ? number(path, l, 6, "minor loss") : 0.0;
    const std::string status = l.tokens.size() > 7 ? upper(l.tokens[7]) : "OPEN";
    HEATTWIN_CHECK(length > 0.0 && diameter > 0.0 && roughness > 0.0,
                   "{}:{}: pipe '{}' needs a positive length, diameter and roughness", path, l.number, id);
    if (!is_open(id, status != "CLOSED")) {
      c.closed_links.push_back(id);
      continue;
    }
    n.add_pipe(id, a, b, length, diameter, c.head_loss == "D-W" ? roughness * roughness_to_m : 0.0, minor);
    c.hazen_williams_c.push_back(c.head_loss == "H-W" ? roughness : NOT_SET);
    c.link_kind.emplace_back("pipe");
  }
  // Pumps with HEAD curves.
  std::map<std::string, std::vector<std::pair<double, double>>> curves;
  for (const auto& l : lines("[CURVES]"))
    curves[l.tokens[0]].emplace_back(number(path, l, 1, "curve x"), number(path, l, 2, "curve y"));
  for (const auto& l : lines("[PUMPS]")) {
    const std::string& id = l.tokens[0];
    const std::uint32_t a = node_of(l, 1), b = node_of(l, 2);
    std::string curve_id;
    for (std::size_t k = 3; k + 1 < l.tokens.size(); k += 2) {
      const std::string key = upper(l.tokens[k]);
      if (key == "HEAD") curve_id = l.tokens[k + 1];
      HEATTWIN_CHECK(key != "POWER", "{}:{}: pump '{}' with constant POWER is not supported", path, l.number, id);
      HEATTWIN_CHECK(key != "SPEED" || number(path, l, k + 1, "speed") == 1.0,
                     "{}:{}: pump '{}' with a relative SPEED other than 1 is not supported", path, l.number, id);
    }
    HEATTWIN_CHECK(!curve_id.empty(), "{}:{}: pump '{}' has no HEAD curve", path, l.number, id);
    const auto curve = curves.find(curve_id);
    HEATTWIN_CHECK(curve != curves.end(), "{}:{}: pump '{}' names the undefined curve '{}'", path, l.number, id,
                   curve_id);
    const auto& pts = curve->second;
    // EPANET's curve: h(q) = A − B q^C (file units).
    double big_a = 0.0, big_b = 0.0, exponent = 2.0, q_max = 0.0;
    if (pts.size() == 1) {
      big_a = 4.0 / 3.0 * pts[0].second;
      big_b = pts[0].second / (3.0 * pts[0].first * pts[0].first);
      q_max = 2.0 * pts[0].first;
    } else {
      HEATTWIN_CHECK(
          pts.size() >= 3 && pts[0].first == 0.0 && pts[0].second > pts[1].second && pts[1].second > pts[2].second,
          "{}:{}: pump '{}': curve '{}' needs 1 point, or 3 with the first at zero flow and falling heads", path,
          l.number, id, curve_id);
      big_a = pts[0].second;
      exponent = std::log((big_a - pts[2].second) / (big_a - pts[1].second)) / std::log(pts[2].first / pts[1].first);
      big_b = (big_a - pts[1].second) / std::pow(pts[1].first, exponent);
      q_max = pts.back().first;
    }
    std::vector<double> q_m3_per_h, dp_bar;
    constexpr int SAMPLES = 61;
    for (int k = 0; k < SAMPLES; ++k) {
      const double q = 1.2 * q_max * k / (SAMPLES - 1);
      const double h = big_a - big_b * std::pow(q, exponent);
      q_m3_per_h.push_back(q * c.flow_to_m3_per_s * twin::SECONDS_PER_HOUR);
      dp_bar.push_back(rho * GRAVITY_M_PER_S2 * h * c.length_to_m / 1e5);
    }
    const std::vector<double> poly = fit_polynomial(q_m3_per_h, dp_bar, pts.size() == 1 ? 2 : 6);
    for (std::size_t k = 0; k < q_m3_per_h.size(); ++k) {
      double y = 0.0;
      for (const double coefficient : poly) y = y * q_m3_per_h[k] + coefficient;
      c.pump_fit_error_m = std::max(c.pump_fit_error_m, std::abs(y - dp_bar[k]) * 1e5 / (rho * GRAVITY_M_PER_S2));
    }
    if (!is_open(id, true)) {
      c.closed_links.push_back(id);
      continue;
    }
    n.add_pump(id, a, b, poly);
    c.hazen_williams_c.push_back(NOT_SET);
    c.link_kind.emplace_back("pump");
  }
  if (c.head_loss == "H-W") n.hazen_williams_c = c.hazen_williams_c;
  HEATTWIN_CHECK(n.branch_count() > 0, "{}: no open pipes or pumps", path);
  return c;
}

std::string epanet_solution_json(const EpanetCase& c, const HydraulicState& state) {
  const PipeNetwork& n = c.network;
  const double rho = n.fluid.density_kg_per_m3(WATER_T_K);
  nlohmann::ordered_json doc;
  doc["converged"] = state.report.converged;
  doc["iterations"] = state.report.iterations;
  doc["format"] = "epanet";
  doc["units"] = {{"head", c.us_units ? "ft" : "m"}, {"pressure", c.us_units ? "psi" : "m"}, {"flow", c.flow_units}};
  auto& junctions = doc["junctions"] = nlohmann::ordered_json::array();
  for (std::size_t j = 0; j < n.junction_count(); ++j) {
    const double pressure_head_m = state.pressure_bar[j] * 1e5 / (rho * GRAVITY_M_PER_S2);
    const double head = (n.height_m[j] + pressure_head_m) / c.length_to_m;
    // EPANET: psi = 0.4333 · ft of water at specific gravity 1.
    const double pressure = c.us_units ? 0.4333 * pressure_head_m / 0.3048 : pressure_head_m;
    junctions.push_back(
        {{"id", n.junction_id[j]}, {"p_bar", state.pressure_bar[j]}, {"head", head}, {"pressure", pressure}});
  }
  auto& pipes = doc["pipes"] = nlohmann::ordered_json::array();
  for (std::size_t b = 0; b < n.branch_count(); ++b) {
    pipes.push_back({{"id", n.branch_id[b]},
                     {"kind", c.link_kind[b]},
                     {"v_mean_m_per_s", state.v_mean_m_per_s[b]},
                     {"mdot_kg_per_s", state.mdot_kg_per_s[b]},
                     {"flow", state.mdot_kg_per_s[b] / rho / c.flow_to_m3_per_s}});
  }
  doc["closed_links"] = c.closed_links;
  return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace heattwin::solvers::network
