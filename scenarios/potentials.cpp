#include "scenarios/potentials.hpp"

#include "scenarios/planner_data_toml.hpp"
#include "twin/error.hpp"
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
    if (const toml::node* node = data.get(key)) {
      const auto v = node->value<double>();
      HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= 0.0 && *v <= 5000.0,
                     "{}: [data] {} must be a number in [0, 5000] kWh per m² of land and year", where(*node), key);
      *target = *v;
    }
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
  if (!settings.path.empty()) set_ = tw::read_potential_layer(settings.path, settings.layer, twin.crs, settings.yields);
}

double RunPotentials::biomass_cap_mwh_per_a(double supply_cap_mwh_per_a, const std::string& scenario) const {
  if (!set_.has_kind(tw::PotentialKind::biomass)) return supply_cap_mwh_per_a;
  HEATTWIN_CHECK(!std::isfinite(supply_cap_mwh_per_a),
                 "{}: the biomass potential is given twice: [supply] biomass_potential_mwh_per_a = {} and the biomass "
                 "features of {} (leave out one of them)",
                 scenario, supply_cap_mwh_per_a, set_.path);
  return set_.capacity_by_kind_mwh_per_a()[static_cast<std::size_t>(tw::PotentialKind::biomass)];
}

PotentialUse RunPotentials::use(int year, const std::map<std::string, double>& by_carrier) const {
  PotentialUse u;
  u.year = year;
  u.potential_mwh_per_a = set_.capacity_by_kind_mwh_per_a();
  u.used_mwh_per_a.fill(std::numeric_limits<double>::quiet_NaN());
  const auto biomass = static_cast<std::size_t>(tw::PotentialKind::biomass);
  if (set_.has_kind(tw::PotentialKind::biomass)) {
    const auto it = by_carrier.find("biomass");
    u.used_mwh_per_a[biomass] = it != by_carrier.end() ? it->second : 0.0;
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
          {.unit = "1", .description = "1: capacity = area x yield_kwh_per_m2a (docs/POTENTIALS.md)"});
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
           .description = "what the year's supply drew on (biomass: final energy of the individual supply); NaN: "
                          "the model does not draw on this kind"});
}

nlohmann::ordered_json potential_use_json(const PotentialUse& use) {
  nlohmann::ordered_json kinds = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < tw::POTENTIAL_KIND_COUNT; ++c) {
    if (use.potential_mwh_per_a[c] <= 0.0 && !std::isfinite(use.used_mwh_per_a[c])) continue;
    kinds[std::string(tw::potential_kind_name(static_cast<tw::PotentialKind>(c)))] = {
        {"potential_mwh_per_a", use.potential_mwh_per_a[c]},
        {"used_mwh_per_a", std::isfinite(use.used_mwh_per_a[c]) ? nlohmann::ordered_json(use.used_mwh_per_a[c])
                                                                : nlohmann::ordered_json()}};
  }
  return kinds;
}

}  // namespace heattwin::scenarios
