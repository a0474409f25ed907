#include "scenarios/roof_solar_run.hpp"

#include "scenarios/roof_solar_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <map>
#include <vector>

namespace heattwin::scenarios {
namespace {

namespace dm = solvers::demand;
namespace sp = solvers::supply;
namespace fs = std::filesystem;

std::string where(const std::string& path, const toml::node& node) {
  if (const auto& source = node.source().path; source && *source != path) return fmt::format("{} ({})", path, *source);
  return fmt::format("{}:{}", path, node.source().begin.line);
}

}  // namespace

namespace detail {

void parse_solar_section(const std::string& path, const toml::table& doc, const std::string& data_dir,
                         SolarScenarioSettings& s) {
  s.parameters_csv = data_dir + "/solar/roof_solar_parameters.csv";
  const toml::node* node = doc.get("solar");
  if (node == nullptr) {
    (void)dm::load_solar_yield_parameters(s.parameters_csv);
    return;
  }
  const toml::table* t = node->as_table();
  HEATTWIN_CHECK(t != nullptr, "{}: 'solar' must be a table [solar]", where(path, *node));
  check_scenario_keys(path, *t, "solar");
  if (const toml::node* r = t->get("roofs")) {
    const auto v = r->value<bool>();
    HEATTWIN_CHECK(v.has_value(), "{}: [solar] roofs must be true or false", where(path, *r));
    s.roofs = *v;
  }
  if (const toml::node* p = t->get("parameters")) {
    const auto* v = p->as_string();
    HEATTWIN_CHECK(v != nullptr && !v->get().empty(), "{}: [solar] parameters must be a file path", where(path, *p));
    fs::path file(v->get());
    if (file.is_relative()) file = fs::path(path).parent_path() / file;
    s.parameters_csv = file.string();
  }
  s.ground_reflectance = scenario_number(path, *t, "solar", "ground_reflectance", s.ground_reflectance);
  s.sampling.horizon_sectors =
      static_cast<int>(scenario_number(path, *t, "solar", "horizon_sectors", s.sampling.horizon_sectors));
  s.sampling.shading_radius_m = scenario_number(path, *t, "solar", "shading_radius_m", s.sampling.shading_radius_m);
  s.sampling.sample_spacing_m = scenario_number(path, *t, "solar", "sample_spacing_m", s.sampling.sample_spacing_m);
  s.sampling.max_samples_per_surface = static_cast<int>(
      scenario_number(path, *t, "solar", "max_samples_per_surface", s.sampling.max_samples_per_surface));
  s.derivation.gable_tilt_deg =
      scenario_number(path, *t, "solar", "imputed_gable_tilt_deg", s.derivation.gable_tilt_deg);
  // The run reads the parameter file again; reading it here makes `run --check` catch its errors.
  if (s.roofs) (void)dm::load_solar_yield_parameters(s.parameters_csv);
}

}  // namespace detail

RoofSolarSummary run_roof_solar(const SolarScenarioSettings& settings, const twin::Twin& twin,
                                std::span<const std::uint32_t> twin_index, const dm::HourlyWeather& weather,
                                const sp::IndividualSupplyModel& supply, std::span<const double> heating_kwh,
                                std::span<const double> hot_water_kwh, std::span<const double> supply_t_c,
                                const h5::Group& year_group) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = twin_index.size();
  HEATTWIN_CHECK(heating_kwh.size() == n && hot_water_kwh.size() == n && supply_t_c.size() == n,
                 "roof solar: {} buildings but {} heating, {} hot-water and {} supply-temperature values", n,
                 heating_kwh.size(), hot_water_kwh.size(), supply_t_c.size());
  const dm::SolarYieldParameters parameters = dm::load_solar_yield_parameters(settings.parameters_csv);
  RoofSolarSummary summary;
  summary.computed = true;
  // The twin's LoD2 roofs where a building has them, else roofs derived from footprint and height
  // (an imputation, docs/IMPUTATION.md "Roof shape from footprint"); shading by all of them.
  const twin::RoofSurfaceSet roofs_all = twin::complete_roof_surfaces(twin.buildings, twin.roofs, settings.derivation);
  const twin::RoofSurfaceSet* roofs = &roofs_all;
  // Roof source per computed building (0 lod2, 1 derived flat, 2 derived gable, 255 none).
  std::vector<std::uint8_t> roof_source(n, 255);
  for (std::size_t k = 0; k < n; ++k) {
    const auto b = twin_index[k];
    if (roofs->surfaces_of(b) == 0) {
      ++summary.without_roof;
      continue;
    }
    roof_source[k] = static_cast<std::uint8_t>(roofs->source[roofs->surface_begin[b]]);
    switch (roofs->source[roofs->surface_begin[b]]) {
      case twin::RoofSource::lod2:
        ++summary.lod2_roofs;
        break;
      case twin::RoofSource::derived_gable:
        ++summary.derived_gable;
        break;
      case twin::RoofSource::derived_flat:
        ++summary.derived_flat;
        break;
    }
  }
  const std::uint64_t derived = summary.derived_gable + summary.derived_flat;
  summary.roof_basis = derived == 0 && summary.lod2_roofs > 0 ? "lod2" : summary.lod2_roofs == 0 ? "derived" : "mixed";
  const dm::SolarYear year = dm::make_solar_year(weather, settings.ground_reflectance);
  const dm::RoofIrradiation irr = dm::roof_irradiation(*roofs, twin_index, year, settings.sampling);
  const dm::RoofSolarPotential pot = dm::roof_solar_potential(irr, n, parameters);

  // Indicators for the supply step: solar share of hot water (capped) and PV yield against the
  // electricity an air heat pump would need for the building's heat (seasonal COPs of the run).
  std::vector<double> hot_water_share(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> pv_to_heat_pump(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> heat_pump_kwh(n, 0.0);
  const double cop_dhw = supply.seasonal_cop_dhw(sp::IndividualOption::air_heat_pump);
  for (std::size_t k = 0; k < n; ++k) {
    const double dhw = std::isfinite(hot_water_kwh[k]) ? hot_water_kwh[k] : 0.0;
    const double heat = std::isfinite(heating_kwh[k]) ? heating_kwh[k] : 0.0;
    if (dhw > 0.0)
      hot_water_share[k] = std::min(parameters.st_max_hot_water_share, pot.solar_thermal_yield_kwh_per_a[k] / dhw);
    const double cop_space = supply.seasonal_cop_space(sp::IndividualOption::air_heat_pump, supply_t_c[k]);
    heat_pump_kwh[k] = (cop_space > 0.0 ? heat / cop_space : 0.0) + (cop_dhw > 0.0 ? dhw / cop_dhw : 0.0);
    if (heat_pump_kwh[k] > 0.0) pv_to_heat_pump[k] = pot.pv_yield_kwh_per_a[k] / heat_pump_kwh[k];
  }

  h5::Group g = year_group.create_group("solar");
  g.set_attribute("roof_basis", summary.roof_basis);
  g.set_attribute("parameters", parameters.source);
  g.set_attribute("weather_site", weather.site.name);
  g.set_attribute("settings",
                  fmt::format("horizon_sectors={} shading_radius_m={} sample_spacing_m={} max_samples_per_surface={} "
                              "ground_reflectance={}",
                              settings.sampling.horizon_sectors, settings.sampling.shading_radius_m,
                              settings.sampling.sample_spacing_m, settings.sampling.max_samples_per_surface,
                              settings.ground_reflectance));
  h5::Group gb = g.create_group("buildings");
  gb.write("roof_source", roof_source,
           {.unit = "1", .description = "0 LoD2 roofs of the twin, 1 derived flat, 2 derived gable, 255 no roof"});
  gb.write("roof_area_m2", pot.roof_area_m2, {.unit = "m2", .description = "evaluated roof surface area"});
  gb.write("usable_area_m2", pot.usable_area_m2,
           {.unit = "m2", .description = "roof area usable for PV or collectors after the usable-area rules"});
  gb.write("usable_irradiation_kwh_per_m2a", pot.usable_irradiation_kwh_per_m2,
           {.unit = "kWh/(m2.a)", .description = "mean annual irradiation on the usable area, with shading"});
  gb.write("shading_loss_share", pot.shading_loss_share,
           {.unit = "1", .description = "1 - shaded / unshaded annual irradiation over the whole roof"});
  gb.write("pv_peak_kw", pot.pv_peak_kw, {.unit = "kW", .description = "PV peak power (kWp) on the usable area"});
  gb.write("pv_yield_kwh_per_a", pot.pv_yield_kwh_per_a,
           {.unit = "kWh/a", .description = "PV electricity (AC) of the usable area"});
  gb.write(
      "solar_thermal_yield_kwh_per_a", pot.solar_thermal_yield_kwh_per_a,
      {.unit = "kWh/a", .description = "collector heat of the usable area at the efficiency curve's operating point"});
  gb.write("solar_thermal_hot_water_share", hot_water_share,
           {.unit = "1",
            .description = "indicator: min(st_max_hot_water_share, solar thermal yield / hot water); NaN without hot "
                           "water"});
  gb.write("heat_pump_electricity_kwh_per_a", heat_pump_kwh,
           {.unit = "kWh/a",
            .description = "electricity of an air heat pump for the heating and hot water basis (seasonal COPs)"});
  gb.write("pv_to_heat_pump_electricity", pv_to_heat_pump,
           {.unit = "1", .description = "indicator: PV yield / heat_pump_electricity_kwh_per_a; NaN without demand"});
  h5::Group gs = g.create_group("surfaces");
  gs.write("building", irr.building, {.unit = "1", .description = "row in ../buildings (= row in /buildings)"});
  gs.write("area_m2", irr.area_m2, {.unit = "m2"});
  gs.write("tilt_deg", irr.tilt_deg, {.unit = "deg", .description = "0 flat, 90 vertical"});
  gs.write("azimuth_deg", irr.azimuth_deg, {.unit = "deg", .description = "clockwise from north (south 180)"});
  gs.write("irradiation_kwh_per_m2a", irr.irradiation_kwh_per_m2,
           {.unit = "kWh/(m2.a)", .description = "mean over the sample points, with shading"});
  gs.write("unshaded_irradiation_kwh_per_m2a", irr.unshaded_irradiation_kwh_per_m2,
           {.unit = "kWh/(m2.a)", .description = "the same plane without any horizon"});
  gs.write("sky_view_factor", irr.sky_view_factor, {.unit = "1", .description = "mean over the sample points"});
  gs.write("samples", std::vector<std::uint32_t>(irr.sample_begin.begin(), irr.sample_begin.end()),
           {.unit = "1", .description = "surface s has sample points [samples[s], samples[s+1])"});

  // Sums per 100 m cell and per municipality (index order: deterministic).
  struct Sum {
    std::uint64_t buildings = 0, lod2_roofs = 0, derived_roofs = 0;
    double usable_area_m2 = 0, pv_peak_kw = 0, pv_yield_kwh = 0, st_yield_kwh = 0;
    double roof_area_m2 = 0, shading_weight = 0;
    void add(const dm::RoofSolarPotential& p, std::size_t k, std::uint8_t source) {
      ++buildings;
      lod2_roofs += source == 0 ? 1 : 0;
      derived_roofs += source == 1 || source == 2 ? 1 : 0;
      roof_area_m2 += p.roof_area_m2[k];
      shading_weight += p.shading_loss_share[k] * p.roof_area_m2[k];
      usable_area_m2 += p.usable_area_m2[k];
      pv_peak_kw += p.pv_peak_kw[k];
      pv_yield_kwh += p.pv_yield_kwh_per_a[k];
      st_yield_kwh += p.solar_thermal_yield_kwh_per_a[k];
    }
  };
  std::map<std::uint32_t, Sum> by_cell, by_municipality;
  double shaded_weight = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = twin_index[k];
    if (twin.buildings.grid_cell[i] < twin.grid.size())
      by_cell[twin.buildings.grid_cell[i]].add(pot, k, roof_source[k]);
    if (twin.buildings.municipality[i] < twin.regions.municipalities.size())
      by_municipality[twin.buildings.municipality[i]].add(pot, k, roof_source[k]);
    summary.roof_area_m2 += pot.roof_area_m2[k];
    summary.usable_area_m2 += pot.usable_area_m2[k];
    summary.pv_peak_mw += pot.pv_peak_kw[k] / 1000.0;
    summary.pv_yield_mwh += pot.pv_yield_kwh_per_a[k] / 1000.0;
    summary.solar_thermal_yield_mwh += pot.solar_thermal_yield_kwh_per_a[k] / 1000.0;
    shaded_weight += pot.shading_loss_share[k] * pot.roof_area_m2[k];
    if (pot.usable_area_m2[k] > 0.0) ++summary.buildings_with_usable_roof;
  }
  const auto write_sums = [](const h5::Group& group, const std::map<std::uint32_t, Sum>& sums,
                             std::vector<std::string> ids, const char* id_doc) {
    std::vector<std::uint64_t> count, lod2, derived_count;
    std::vector<double> area, peak, pv, st, roof_area, shading;
    for (const auto& [key, s] : sums) {
      count.push_back(s.buildings);
      lod2.push_back(s.lod2_roofs);
      derived_count.push_back(s.derived_roofs);
      roof_area.push_back(s.roof_area_m2);
      shading.push_back(s.roof_area_m2 > 0.0 ? s.shading_weight / s.roof_area_m2 : 0.0);
      area.push_back(s.usable_area_m2);
      peak.push_back(s.pv_peak_kw);
      pv.push_back(s.pv_yield_kwh / 1000.0);
      st.push_back(s.st_yield_kwh / 1000.0);
    }
    group.write_strings("id", ids, {.description = id_doc});
    group.write("buildings", count, {.unit = "1", .description = "computed buildings"});
    group.write("buildings_lod2_roofs", lod2, {.unit = "1", .description = "computed buildings with LoD2 roofs"});
    group.write("buildings_derived_roofs", derived_count,
                {.unit = "1", .description = "computed buildings with roofs derived from footprint and height"});
    group.write("roof_area_m2", roof_area, {.unit = "m2", .description = "evaluated roof surface area"});
    group.write("shading_loss_share", shading,
                {.unit = "1", .description = "1 - shaded / unshaded annual irradiation, roof-area weighted"});
    group.write("usable_area_m2", area, {.unit = "m2"});
    group.write("pv_peak_kw", peak, {.unit = "kW"});
    group.write("pv_yield_mwh_per_a", pv, {.unit = "MWh/a"});
    group.write("solar_thermal_yield_mwh_per_a", st, {.unit = "MWh/a"});
  };
  {
    std::vector<std::string> ids;
    for (const auto& [cell, s] : by_cell) ids.push_back(twin.grid.cell_id(cell));
    write_sums(g.create_group("cells"), by_cell, std::move(ids), "INSPIRE id of the 100 m cell (EPSG:3035)");
    ids.clear();
    for (const auto& [m, s] : by_municipality) ids.push_back(twin.regions.municipalities[m].ags);
    write_sums(g.create_group("municipalities"), by_municipality, std::move(ids), "8-digit AGS");
  }
  summary.buildings = n;
  summary.surfaces = irr.surfaces();
  summary.samples = irr.samples();
  summary.horizon_rays = irr.horizon_rays;
  summary.shading_loss_share = summary.roof_area_m2 > 0.0 ? shaded_weight / summary.roof_area_m2 : 0.0;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

nlohmann::ordered_json roof_solar_json(const RoofSolarSummary& s) {
  nlohmann::ordered_json j;
  j["roof_basis"] = s.roof_basis;
  j["buildings"] = s.buildings;
  j["buildings_with_usable_roof"] = s.buildings_with_usable_roof;
  j["surfaces"] = s.surfaces;
  j["samples"] = s.samples;
  j["roof_sources"] = {{"lod2", s.lod2_roofs},
                       {"derived_gable", s.derived_gable},
                       {"derived_flat", s.derived_flat},
                       {"none", s.without_roof}};
  j["roof_area_m2"] = s.roof_area_m2;
  j["usable_area_m2"] = s.usable_area_m2;
  j["pv_peak_mw"] = s.pv_peak_mw;
  j["pv_yield_mwh"] = s.pv_yield_mwh;
  j["solar_thermal_yield_mwh"] = s.solar_thermal_yield_mwh;
  j["shading_loss_share"] = s.shading_loss_share;
  j["seconds"] = s.seconds;
  return j;
}

}  // namespace heattwin::scenarios
