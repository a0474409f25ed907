#include "scenarios/potentials.hpp"

#include "scenarios/planner_data_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "twin/error.hpp"
#include "twin/line_area_layer.hpp"
#include "twin/twin.hpp"

#include <cmath>
#include <filesystem>

namespace heattwin::scenarios {

namespace tw = twin;

namespace detail {

void parse_potential_keys(const std::string& path, const toml::table& data, PotentialSettings& out) {
  const auto where = [&](const toml::node& node) { return fmt::format("{}:{}", path, node.source().begin.line); };
  if (const toml::node* node = data.get("potentials")) {
    const auto* s = node->as_string();
    HEATTWIN_CHECK(s != nullptr && !s->get().empty(), "{}: [data] potentials must be a non-empty string path",
                   where(*node));
    std::filesystem::path p(s->get());
    if (p.is_relative()) p = std::filesystem::path(path).parent_path() / p;
    out.path = p.lexically_normal().string();
  }
  if (const toml::node* node = data.get("potentials_layer")) {
    const auto* s = node->as_string();
    HEATTWIN_CHECK(s != nullptr && !s->get().empty(), "{}: [data] potentials_layer must be a non-empty layer name",
                   where(*node));
    out.layer = s->get();
  }
  for (const auto& [key, target] :
       {std::pair{"potentials_ground_source_yield_kwh_per_m2a", &out.yields.ground_source_kwh_per_m2a},
        std::pair{"potentials_solar_thermal_yield_kwh_per_m2a", &out.yields.solar_thermal_kwh_per_m2a}}) {
    *target = scenario_number(path, data, "data", key, *target);
  }
  for (const char* key : {"potentials_layer", "potentials_ground_source_yield_kwh_per_m2a",
                          "potentials_solar_thermal_yield_kwh_per_m2a"}) {
    const toml::node* node = data.get(key);
    HEATTWIN_CHECK(node == nullptr || !out.path.empty(), "{}: [data] {} is set but potentials (the file) is not",
                   node != nullptr ? where(*node) : path, key);
  }
}

}  // namespace detail

std::vector<std::pair<std::string, std::string>> potential_inputs(const PotentialSettings& settings) {
  if (settings.path.empty()) return {};
  return {{"potentials", settings.path}};
}

RunPotentials::RunPotentials(const PotentialSettings& settings, const tw::Twin& twin) {
  if (settings.path.empty()) return;
  tw::PotentialAreaYields yields = settings.yields;
  if (!settings.default_yields_csv.empty()) tw::load_default_area_yields(settings.default_yields_csv, yields);
  set_ = tw::read_potential_layer(settings.path, settings.layer, twin.crs, yields);
}

std::vector<double> RunPotentials::ground_source_capacities_mwh_per_a() const {
  std::vector<double> out;
  for (std::size_t f = 0; f < set_.size(); ++f) {
    if (set_.kind[f] == static_cast<std::uint8_t>(tw::PotentialKind::ground_source)) {
      out.push_back(set_.capacity_mwh_per_a[f]);
    }
  }
  return out;
}

std::vector<std::uint32_t> RunPotentials::ground_source_areas(const tw::Twin& twin,
                                                              std::span<const std::uint32_t> twin_index) const {
  namespace sp = solvers::supply;
  if (!set_.has_kind(tw::PotentialKind::ground_source)) return {};
  const tw::BuildingSet& b = twin.buildings;
  std::vector<std::uint32_t> area_of_cell(twin.grid.size(), sp::NO_POTENTIAL_AREA);
  std::vector<std::uint32_t> own(twin_index.size(), sp::NO_POTENTIAL_AREA);  // buildings outside every cell
  std::uint32_t area = 0;
  for (std::size_t f = 0; f < set_.size(); ++f) {
    if (set_.kind[f] != static_cast<std::uint8_t>(tw::PotentialKind::ground_source)) continue;
    // The feature's polygon as a one-area layer; a ground_source point or line reaches from itself.
    tw::LineAreaLayer layer;
    layer.path = set_.path;
    const tw::PolygonSet& a = set_.areas;
    std::vector<std::vector<std::array<double, 2>>> rings;
    for (auto r = a.ring_begin[f]; r < a.ring_begin[f + 1]; ++r) {
      std::vector<std::array<double, 2>> ring;
      for (auto v = a.vertex_begin[r]; v < a.vertex_begin[r + 1]; ++v) ring.push_back({a.x_m[v], a.y_m[v]});
      rings.push_back(std::move(ring));
    }
    if (!rings.empty()) {
      layer.areas.append_polygon(rings);
    } else if (std::isfinite(set_.x_m[f]) && std::isfinite(set_.y_m[f])) {
      layer.x0_m = {set_.x_m[f]};
      layer.y0_m = {set_.y_m[f]};
      layer.x1_m = {set_.x_m[f]};
      layer.y1_m = {set_.y_m[f]};
    }
    const tw::LineAreaIndex index(layer, GROUND_SOURCE_REACH_M);
    for (std::size_t k = 0; k < twin_index.size(); ++k) {
      const std::uint32_t i = twin_index[k];
      if (!index.is_near(b.x_m[i], b.y_m[i], GROUND_SOURCE_REACH_M)) continue;
      const std::uint32_t cell = b.grid_cell[i];
      if (cell < area_of_cell.size()) {
        if (area_of_cell[cell] == sp::NO_POTENTIAL_AREA) area_of_cell[cell] = area;
      } else if (own[k] == sp::NO_POTENTIAL_AREA) {
        own[k] = area;
      }
    }
    ++area;
  }
  std::vector<std::uint32_t> out(twin_index.size());
  for (std::size_t k = 0; k < twin_index.size(); ++k) {
    const std::uint32_t cell = b.grid_cell[twin_index[k]];
    out[k] = cell < area_of_cell.size() ? area_of_cell[cell] : own[k];
  }
  return out;
}

double RunPotentials::biomass_cap_mwh_per_a(double supply_cap_mwh_per_a, const std::string& scenario) const {
  if (!set_.has_kind(tw::PotentialKind::biomass)) return supply_cap_mwh_per_a;
  HEATTWIN_CHECK(!std::isfinite(supply_cap_mwh_per_a),
                 "{}: the biomass potential is given twice: [supply] biomass_potential_mwh_per_a = {} and the biomass "
                 "features of {} (leave out one of them)",
                 scenario, supply_cap_mwh_per_a, set_.path);
  return set_.capacity_by_kind_mwh_per_a()[static_cast<std::size_t>(tw::PotentialKind::biomass)];
}

PotentialUse RunPotentials::use(int year, const std::map<std::string, double>& by_carrier,
                                const solvers::supply::IndividualResult& supplied) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PotentialUse u;
  u.year = year;
  u.potential_mwh_per_a = set_.capacity_by_kind_mwh_per_a();
  u.used_mwh_per_a.fill(nan);
  u.feature_used_mwh_per_a.assign(set_.size(), nan);
  for (std::size_t f = 0; f < set_.size(); ++f)
    u.features_from_default_yield.at(set_.kind[f]) += set_.capacity_from_yield[f] == 2 ? 1 : 0;
  const auto biomass = static_cast<std::size_t>(tw::PotentialKind::biomass);
  if (set_.has_kind(tw::PotentialKind::biomass)) {
    const auto it = by_carrier.find("biomass");
    u.used_mwh_per_a[biomass] = it != by_carrier.end() ? it->second : 0.0;
    u.switched_buildings[biomass] = supplied.switched_for_biomass_potential;
    u.above_potential_mwh[biomass] = supplied.biomass_above_potential_mwh;
  }
  const auto ground = static_cast<std::size_t>(tw::PotentialKind::ground_source);
  if (set_.has_kind(tw::PotentialKind::ground_source)) {
    u.used_mwh_per_a[ground] = 0.0;
    std::size_t area = 0;
    for (std::size_t f = 0; f < set_.size(); ++f) {
      if (set_.kind[f] != static_cast<std::uint8_t>(tw::PotentialKind::ground_source)) continue;
      const double used = area < supplied.ground_source_used_mwh.size() ? supplied.ground_source_used_mwh[area] : 0.0;
      u.feature_used_mwh_per_a[f] = used;
      u.used_mwh_per_a[ground] += used;
      ++area;
    }
    u.switched_buildings[ground] = supplied.switched_for_ground_source_potential;
    u.above_potential_mwh[ground] = supplied.ground_source_above_potential_mwh;
  }
  return u;
}

void write_potentials(const h5::Group& year_group, const RunPotentials& potentials, const PotentialUse& use) {
  if (potentials.empty()) return;
  const tw::PotentialSet& p = potentials.set();
  const h5::Group g = year_group.create_group("potentials");
  g.set_attribute("source", p.path);
  std::vector<std::string> kind(p.size());
  for (std::size_t i = 0; i < p.size(); ++i)
    kind[i] = tw::potential_kind_name(static_cast<tw::PotentialKind>(p.kind[i]));
  g.write_strings("id", p.id, {.description = "id of the potential (layer attribute id, else the feature id)"});
  g.write_strings(
      "kind", kind,
      {.description = "waste_heat | waste_water | surface_water | ground_source | solar_thermal | biomass"});
  g.write("capacity_mwh_per_a", p.capacity_mwh_per_a,
          {.unit = "MWh/a", .description = "heat available per year (biomass: fuel, final energy)"});
  g.write("temperature_c", p.temperature_c, {.unit = "degC", .description = "source temperature (NaN: not given)"});
  g.write("area_m2", p.area_m2, {.unit = "m2", .description = "land area in the twin CRS (0: not an area)"});
  g.write("capacity_from_yield", p.capacity_from_yield,
          {.unit = "1",
           .description = "0: capacity given; 1: area x the feature's or the scenario's yield_kwh_per_m2a; 2: area x "
                          "the cited default yield (data/potentials/area_yields.csv; docs/POTENTIALS.md)"});
  if (use.feature_used_mwh_per_a.size() == p.size()) {
    g.write("used_mwh_per_a", use.feature_used_mwh_per_a,
            {.unit = "MWh/a",
             .description = "what the year's supply drew on the feature (ground_source: ambient heat of the ground "
                            "heat pumps in its cells); NaN: the model does not draw on it feature by feature"});
  }
  g.write("x_m", p.x_m, {.unit = "m", .description = "mean of the vertices in the twin CRS (NaN: no geometry)"});
  g.write("y_m", p.y_m, {.unit = "m", .description = "mean of the vertices in the twin CRS (NaN: no geometry)"});
  const h5::Group k = g.create_group("by_kind");
  std::vector<std::string> names;
  std::vector<double> potential, used;
  for (std::size_t c = 0; c < tw::POTENTIAL_KIND_COUNT; ++c) {
    names.emplace_back(tw::potential_kind_name(static_cast<tw::PotentialKind>(c)));
    potential.push_back(use.potential_mwh_per_a[c]);
    used.push_back(use.used_mwh_per_a[c]);
  }
  k.write_strings("id", names, {.description = "kind of potential"});
  k.write("potential_mwh_per_a", potential, {.unit = "MWh/a", .description = "sum of the layer's capacities"});
  k.write("used_mwh_per_a", used,
          {.unit = "MWh/a",
           .description = "what the year's supply drew on (biomass: final energy of the individual supply; "
                          "ground_source: ambient heat of the ground heat pumps in the areas' cells); NaN: the model "
                          "does not draw on this kind"});
  std::vector<std::uint64_t> switched, from_default;
  std::vector<double> above;
  for (std::size_t c = 0; c < tw::POTENTIAL_KIND_COUNT; ++c) {
    switched.push_back(use.switched_buildings[c]);
    above.push_back(use.above_potential_mwh[c]);
    from_default.push_back(use.features_from_default_yield[c]);
  }
  k.write(
      "features_from_default_yield", from_default,
      {.unit = "1",
       .description = "areas whose capacity is land area x the cited default yield (data/potentials/area_yields.csv)"});
  k.write("switched_buildings", switched,
          {.unit = "1",
           .description = "new systems the kind's cap moved to their next-cheapest option (biomass, ground_source)"});
  k.write("above_potential_mwh_per_a", above,
          {.unit = "MWh/a",
           .description = "what kept systems (or systems without an alternative) still need above the cap"});
}

nlohmann::ordered_json potential_use_json(const PotentialUse& use) {
  nlohmann::ordered_json kinds = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < tw::POTENTIAL_KIND_COUNT; ++c) {
    if (use.potential_mwh_per_a[c] <= 0.0 && !std::isfinite(use.used_mwh_per_a[c])) continue;
    kinds[std::string(tw::potential_kind_name(static_cast<tw::PotentialKind>(c)))] = {
        {"potential_mwh_per_a", use.potential_mwh_per_a[c]},
        {"used_mwh_per_a", std::isfinite(use.used_mwh_per_a[c]) ? nlohmann::ordered_json(use.used_mwh_per_a[c])
                                                                : nlohmann::ordered_json()},
        {"switched_buildings", use.switched_buildings[c]},
        {"above_potential_mwh_per_a", use.above_potential_mwh[c]},
        {"features_from_default_yield", use.features_from_default_yield[c]}};
  }
  return kinds;
}

}  // namespace heattwin::scenarios
