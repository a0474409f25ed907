#include "viz/gpkg_results.hpp"

#include "twin/error.hpp"
#include "twin/gdal_session.hpp"
#include "twin/gpkg_writer.hpp"
#include "twin/h5.hpp"
#include "twin/log.hpp"

#include <ogr_geometry.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <unordered_map>

namespace heattwin::viz {
namespace {

using twin::GpkgFieldType;
using twin::GpkgGeometryType;
using twin::GpkgWriter;

/// CRS of the census grid layer: the cells are squares in ETRS89-LAEA, so they are written there.
constexpr const char* GRID_CRS = "EPSG:3035";

std::size_t write_grid(GpkgWriter& out, const GridHeat& g, const Results& results, const GpkgResultsOptions& options) {
  enum Field : int { F_CELL, F_HEAT, F_DENSITY, F_CLASS, F_BUILDINGS, F_WITHHELD };
  out.begin_layer({.name = "grid_100m",
                   .crs = GRID_CRS,
                   .geometry = GpkgGeometryType::polygon,
                   .fields = {{"cell_id", GpkgFieldType::string},
                              {"heat_mwh_per_a", GpkgFieldType::real},
                              {"heat_density_mwh_per_ha_a", GpkgFieldType::real},
                              {"density_class", GpkgFieldType::string, 10},
                              {"buildings", GpkgFieldType::integer},
                              {"withheld", GpkgFieldType::integer}},
                   .description = fmt::format(
                       "HeatTwin {}/{}: heat demand (space heating + hot water) per 100 m census cell, MWh/a, "
                       "and density MWh/(ha*a); values withheld (NULL) where fewer than {} buildings",
                       results.scenario, results.year, options.privacy_min_buildings),
                   .spatial_index = options.spatial_index});
  std::size_t withheld = 0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    out.set_string(F_CELL, results.grid.id[k]);
    out.set_integer(F_BUILDINGS, g.buildings[k]);
    out.set_integer(F_WITHHELD, g.withheld[k]);
    if (g.withheld[k] == 0) {
      const double density = g.density_mwh_per_ha_a(k);
      out.set_real(F_HEAT, g.heat_mwh_per_a[k]);
      out.set_real(F_DENSITY, density);
      out.set_string(F_CLASS, HEAT_DENSITY_CLASSES[heat_density_class(density)].label);
    } else {
      ++withheld;
    }
    const double e = g.east_m[k], n = g.north_m[k];
    const std::array<double, 4> x{e, e + 100.0, e + 100.0, e};
    const std::array<double, 4> y{n, n, n + 100.0, n + 100.0};
    out.set_polygon(x, y);
    out.write_feature(results.grid.id[k]);
  }
  out.end_layer();
  return withheld;
}

/// The supply_areas layer from /results/<s>/<y>/supply_areas (read here: its class columns are
/// strings, which Results does not hold). Cells withheld in grid_100m are withheld here too.
/// Returns false (no layer) if the results' year has no such table.
bool write_supply_areas(GpkgWriter& out, const GridHeat& g, const Results& results, const GpkgResultsOptions& options,
                        std::size_t& withheld) {
  // The supply areas are read from the results file itself; results built in memory (tests,
  // benchmarks) have no file and no supply areas.
  if (results.path.empty()) return false;
  const auto file = h5::File::open_read(results.path);
  const h5::Group results_group = file.root().open_group("results");
  const h5::Group year_group = results_group.open_group(results.scenario).open_group(std::to_string(results.year));
  if (!year_group.is_group("supply_areas")) return false;
  const h5::Group sa = year_group.open_group("supply_areas");
  const auto id = sa.read_strings("id");
  const auto type = sa.read_strings("type");
  const auto grade_network = sa.read_strings("heat_network_grade");
  const auto grade_hydrogen = sa.read_strings("hydrogen_grade");
  const auto grade_decentralised = sa.read_strings("decentralised_grade");
  const auto reasons = sa.read_strings("reasons");
  const auto density = sa.read<double>("heat_density_mwh_per_ha_a");
  const auto line_density = sa.read<double>("line_density_mwh_per_m_a");
  const std::string where = fmt::format("{}:/results/{}/{}/supply_areas", results.path, results.scenario, results.year);
  HEATTWIN_CHECK(type.size() == id.size() && grade_network.size() == id.size() && grade_hydrogen.size() == id.size() &&
                     grade_decentralised.size() == id.size() && reasons.size() == id.size() &&
                     density.size() == id.size() && line_density.size() == id.size(),
                 "{}: the columns have different lengths", where);
  std::unordered_map<std::string, std::size_t> grid_row;
  for (std::size_t k = 0; k < results.grid.id.size(); ++k) grid_row[results.grid.id[k]] = k;
  enum Field : int {
    F_CELL,
    F_TYPE,
    F_NETWORK,
    F_HYDROGEN,
    F_DECENTRALISED,
    F_REASONS,
    F_DENSITY,
    F_LINE,
    F_BUILDINGS,
    F_WITHHELD
  };
  out.begin_layer({.name = "supply_areas",
                   .crs = GRID_CRS,
                   .geometry = GpkgGeometryType::polygon,
                   .fields = {{"cell_id", GpkgFieldType::string},
                              {"type", GpkgFieldType::string, 16},
                              {"heat_network_grade", GpkgFieldType::string, 20},
                              {"hydrogen_grade", GpkgFieldType::string, 20},
                              {"decentralised_grade", GpkgFieldType::string, 20},
                              {"reasons", GpkgFieldType::string},
                              {"heat_density_mwh_per_ha_a", GpkgFieldType::real},
                              {"line_density_mwh_per_m_a", GpkgFieldType::real},
                              {"buildings", GpkgFieldType::integer},
                              {"withheld", GpkgFieldType::integer}},
                   .description = fmt::format(
                       "HeatTwin {}/{}: expected supply areas (WPG §18/§19) of the 100 m census cells: type, "
                       "suitability grades, reason codes; withheld (NULL) where fewer than {} buildings",
                       results.scenario, results.year, options.privacy_min_buildings),
                   .spatial_index = options.spatial_index});
  for (std::size_t k = 0; k < id.size(); ++k) {
    const auto row = grid_row.find(id[k]);
    HEATTWIN_CHECK(row != grid_row.end(), "{}: cell {} is not in the year's grid table", where, id[k]);
    const std::size_t r = row->second;
    out.set_string(F_CELL, id[k]);
    out.set_integer(F_BUILDINGS, g.buildings[r]);
    out.set_integer(F_WITHHELD, g.withheld[r]);
    if (g.withheld[r] == 0) {
      out.set_string(F_TYPE, type[k]);
      out.set_string(F_NETWORK, grade_network[k]);
      out.set_string(F_HYDROGEN, grade_hydrogen[k]);
      out.set_string(F_DECENTRALISED, grade_decentralised[k]);
      out.set_string(F_REASONS, reasons[k]);
      out.set_real(F_DENSITY, density[k]);
      out.set_real(F_LINE, line_density[k]);
    } else {
      ++withheld;
    }
    const double e = g.east_m[r], n = g.north_m[r];
    const std::array<double, 4> x{e, e + 100.0, e + 100.0, e};
    const std::array<double, 4> y{n, n, n + 100.0, n + 100.0};
    out.set_polygon(x, y);
    out.write_feature(id[k]);
  }
  out.end_layer();
  return true;
}

/// The supply_area_clusters layer: one feature per sub-area of results.supply_area_clusters, its
/// geometry the union of its cells' 100 m squares (GEOS through OGR), written as a multipolygon.
/// Returns the number of withheld sub-areas.
std::size_t write_supply_area_clusters(GpkgWriter& out, const Results& results, const GpkgResultsOptions& options) {
  const ResultsTable& cells = results.supply_areas;
  const ResultsTable& t = results.supply_area_clusters;
  const std::size_t k_count = t.rows();
  const auto& cell_cluster = cells.column("cluster");
  std::vector<std::vector<std::size_t>> members(k_count);
  for (std::size_t r = 0; r < cells.rows(); ++r) members[static_cast<std::size_t>(cell_cluster[r])].push_back(r);
  const auto& type = t.strings("type");
  const auto& grade_network = t.strings("heat_network_grade");
  const auto& grade_hydrogen = t.strings("hydrogen_grade");
  const auto& grade_decentralised = t.strings("decentralised_grade");
  const auto& reasons = t.strings("reasons");
  const auto& n_cells = t.column("cells");
  const auto& buildings = t.column("buildings");
  const auto& flagged = t.column("withheld");
  const auto& heat = t.column("heat_demand_mwh");
  const auto& area = t.column("area_ha");
  const auto& density = t.column("heat_density_mwh_per_ha_a");
  const auto& line = t.column("line_density_mwh_per_m_a");
  const auto& lcoh_network = t.column("lcoh_network_eur_per_mwh");
  const auto& lcoh_individual = t.column("lcoh_individual_eur_per_mwh");
  enum Field : int {
    F_ID,
    F_TYPE,
    F_NETWORK,
    F_HYDROGEN,
    F_DECENTRALISED,
    F_REASONS,
    F_CELLS,
    F_BUILDINGS,
    F_HEAT,
    F_AREA,
    F_DENSITY,
    F_LINE,
    F_LCOH_NETWORK,
    F_LCOH_INDIVIDUAL,
    F_WITHHELD
  };
  out.begin_layer({.name = "supply_area_clusters",
                   .crs = GRID_CRS,
                   .geometry = GpkgGeometryType::multi_polygon,
                   .fields = {{"sub_area", GpkgFieldType::integer},
                              {"type", GpkgFieldType::string, 16},
                              {"heat_network_grade", GpkgFieldType::string, 20},
                              {"hydrogen_grade", GpkgFieldType::string, 20},
                              {"decentralised_grade", GpkgFieldType::string, 20},
                              {"reasons", GpkgFieldType::string},
                              {"cells", GpkgFieldType::integer},
                              {"buildings", GpkgFieldType::integer},
                              {"heat_mwh_per_a", GpkgFieldType::real},
                              {"area_ha", GpkgFieldType::real},
                              {"heat_density_mwh_per_ha_a", GpkgFieldType::real},
                              {"line_density_mwh_per_m_a", GpkgFieldType::real},
                              {"lcoh_network_eur_per_mwh", GpkgFieldType::real},
                              {"lcoh_individual_eur_per_mwh", GpkgFieldType::real},
                              {"withheld", GpkgFieldType::integer}},
                   .description = fmt::format(
                       "HeatTwin {}/{}: expected supply sub-areas (WPG §18/§19), clusters of 100 m census cells "
                       "classed from their aggregated evidence (docs/SUPPLY.md); withheld (NULL) where fewer than "
                       "{} buildings",
                       results.scenario, results.year, options.privacy_min_buildings),
                   .spatial_index = options.spatial_index});
  std::size_t withheld = 0;
  std::vector<std::uint8_t> wkb;
  for (std::size_t k = 0; k < k_count; ++k) {
    HEATTWIN_CHECK(!members[k].empty(), "{}: sub-area {} has no cell", t.where, t.id[k]);
    const bool hide = flagged[k] != 0.0 || buildings[k] < static_cast<double>(options.privacy_min_buildings);
    out.set_integer(F_ID, static_cast<std::int64_t>(k));
    out.set_integer(F_CELLS, static_cast<std::int64_t>(n_cells[k]));
    out.set_integer(F_BUILDINGS, static_cast<std::int64_t>(buildings[k]));
    out.set_real(F_AREA, area[k]);
    out.set_integer(F_WITHHELD, hide ? 1 : 0);
    if (hide) {
      ++withheld;
    } else {
      out.set_string(F_TYPE, type[k]);
      out.set_string(F_NETWORK, grade_network[k]);
      out.set_string(F_HYDROGEN, grade_hydrogen[k]);
      out.set_string(F_DECENTRALISED, grade_decentralised[k]);
      out.set_string(F_REASONS, reasons[k]);
      out.set_real(F_HEAT, heat[k]);
      out.set_real(F_DENSITY, density[k]);
      out.set_real(F_LINE, line[k]);
      out.set_real(F_LCOH_NETWORK, lcoh_network[k]);
      out.set_real(F_LCOH_INDIVIDUAL, lcoh_individual[k]);
    }
    // Dissolve: the union of the squares (exact in EPSG:3035 metres, all corners on the 100 m grid).
    OGRMultiPolygon squares;
    for (const std::size_t r : members[k]) {
      std::uint32_t north_m = 0, east_m = 0;
      parse_cell_id(cells.id[r], cells.where, north_m, east_m);
      squares.addGeometryDirectly(twin::cell_square(east_m, north_m).release());
    }
    std::unique_ptr<OGRGeometry> dissolved(squares.UnionCascaded());
    HEATTWIN_CHECK(dissolved != nullptr, "{}: sub-area {}: the union of its {} cells failed (GEOS)", t.where, t.id[k],
                   members[k].size());
    std::unique_ptr<OGRGeometry> multi(OGRGeometryFactory::forceToMultiPolygon(dissolved.release()));
    HEATTWIN_CHECK(multi != nullptr && multi->IsValid(), "{}: sub-area {}: the dissolved polygon is not valid", t.where,
                   t.id[k]);
    wkb.resize(multi->WkbSize());
    multi->exportToWkb(wkbNDR, wkb.data());
    out.set_geometry_wkb(wkb, t.id[k]);
    out.write_feature(t.id[k]);
  }
  out.end_layer();
  return withheld;
}

std::size_t write_streets(GpkgWriter& out, const StreetHeat& s, const Results& results, const twin::Twin& twin,
                          const GpkgResultsOptions& options) {
  enum Field : int { F_SEGMENT, F_LENGTH, F_HEAT, F_DENSITY, F_BUILDINGS, F_WITHHELD, F_AGS };
  out.begin_layer({.name = "street_segments",
                   .crs = twin.crs,
                   .geometry = GpkgGeometryType::line_string,
                   .fields = {{"segment", GpkgFieldType::integer},
                              {"length_m", GpkgFieldType::real},
                              {"heat_mwh_per_a", GpkgFieldType::real},
                              {"heat_line_density_mwh_per_m_a", GpkgFieldType::real},
                              {"buildings", GpkgFieldType::integer},
                              {"withheld", GpkgFieldType::integer},
                              {"ags", GpkgFieldType::string, 8}},
                   .description = fmt::format(
                       "HeatTwin {}/{}: heat demand of the buildings nearest to each street segment (within {} m), "
                       "MWh/a, and heat line density MWh/(m*a); {} buildings ({:.1f} MWh/a) farther from every "
                       "street are not assigned; values withheld (NULL) where fewer than {} buildings (but some)",
                       results.scenario, results.year, options.street_max_distance_m, s.buildings_unassigned,
                       s.unassigned_heat_mwh_per_a, options.privacy_min_buildings),
                   .spatial_index = options.spatial_index});
  const auto& st = twin.streets;
  const auto& municipalities = twin.regions.municipalities;
  std::size_t withheld = 0;
  for (std::size_t i = 0; i < st.size(); ++i) {
    out.set_integer(F_SEGMENT, static_cast<std::int64_t>(i));
    out.set_real(F_LENGTH, s.length_m[i]);
    out.set_integer(F_BUILDINGS, s.buildings[i]);
    out.set_integer(F_WITHHELD, s.withheld[i]);
    if (s.withheld[i] == 0) {
      out.set_real(F_HEAT, s.heat_mwh_per_a[i]);
      out.set_real(F_DENSITY, s.density_mwh_per_m_a(i));
    } else {
      ++withheld;
    }
    if (st.municipality[i] < municipalities.size()) out.set_string(F_AGS, municipalities[st.municipality[i]].ags);
    const std::array<double, 2> x{st.x0_m[i], st.x1_m[i]};
    const std::array<double, 2> y{st.y0_m[i], st.y1_m[i]};
    out.set_line(x, y);
    out.write_feature(fmt::format("street segment {}", i));
  }
  out.end_layer();
  return withheld;
}

/// Rows of the results' network "pipes" table by twin pipe row (its twin_index column, else by id).
std::vector<std::size_t> pipe_result_rows(const ResultsTable* table, const twin::NetworkPipes& pipes) {
  constexpr std::size_t NONE = static_cast<std::size_t>(-1);
  std::vector<std::size_t> rows(pipes.size(), NONE);
  if (table == nullptr) return rows;
  const auto twin_index = table->columns.find("twin_index");
  if (twin_index != table->columns.end()) {
    for (std::size_t r = 0; r < table->rows(); ++r) {
      const double t = twin_index->second[r];
      HEATTWIN_CHECK(t >= 0.0 && t < static_cast<double>(pipes.size()),
                     "{}: pipe '{}' names twin pipe {}, but the twin has {} pipes", table->where, table->id[r], t,
                     pipes.size());
      rows[static_cast<std::size_t>(t)] = r;
    }
    return rows;
  }
  std::unordered_map<std::string_view, std::size_t> by_id;
  for (std::size_t r = 0; r < table->rows(); ++r) by_id.emplace(table->id[r], r);
  for (std::size_t p = 0; p < pipes.size(); ++p) {
    const auto it = by_id.find(pipes.id[p]);
    if (it != by_id.end()) rows[p] = it->second;
  }
  return rows;
}

std::size_t write_pipes(GpkgWriter& out, const Results& results, const twin::Twin& twin,
                        const GpkgResultsOptions& options) {
  const auto& net = twin.networks;
  const auto& pipes = net.pipes;
  const auto it = results.network.find("pipes");
  const ResultsTable* table = it != results.network.end() ? &it->second : nullptr;
  // Result columns that repeat a twin attribute (length, diameter of a designed network) are
  // written once, from the twin.
  static constexpr std::array<std::string_view, 4> TWIN_FIELDS{"length_m", "inner_diameter_m", "heat_loss_w_per_mk",
                                                               "twin_index"};
  std::vector<std::string> result_columns;
  if (table != nullptr) {
    for (const auto& [name, values] : table->columns)
      if (std::find(TWIN_FIELDS.begin(), TWIN_FIELDS.end(), name) == TWIN_FIELDS.end()) result_columns.push_back(name);
  }
  enum Field : int { F_ID, F_NETWORK, F_SIDE, F_LENGTH, F_DIAMETER, F_HEAT_LOSS, F_FIRST_RESULT };
  std::vector<twin::GpkgField> fields{{"id", GpkgFieldType::string},
                                      {"network", GpkgFieldType::string},
                                      {"side", GpkgFieldType::string, 6},
                                      {"length_m", GpkgFieldType::real},
                                      {"inner_diameter_m", GpkgFieldType::real},
                                      {"heat_loss_w_per_mk", GpkgFieldType::real}};
  std::string units;
  for (const auto& name : result_columns) {
    fields.push_back({name, GpkgFieldType::real});
    units += fmt::format("{}{} [{}]", units.empty() ? "" : ", ", name, table->units.at(name));
  }
  out.begin_layer(
      {.name = "network_pipes",
       .crs = twin.crs,
       .geometry = GpkgGeometryType::line_string,
       .fields = fields,
       .description = fmt::format("HeatTwin {}/{}: district-heating pipes of the twin{}{}", results.scenario,
                                  results.year, units.empty() ? "" : " with results: ", units),
       .spatial_index = options.spatial_index});
  const auto rows = pipe_result_rows(table, pipes);
  const auto& j = net.junctions;
  for (std::size_t p = 0; p < pipes.size(); ++p) {
    out.set_string(F_ID, pipes.id[p]);
    if (pipes.from_junction[p] < j.size() && j.network[pipes.from_junction[p]] < net.names.size())
      out.set_string(F_NETWORK, net.names[j.network[pipes.from_junction[p]]]);
    out.set_string(F_SIDE, pipes.side[p] == static_cast<std::uint8_t>(twin::PipeSide::return_) ? "return" : "supply");
    out.set_real(F_LENGTH, pipes.length_m[p]);
    out.set_real(F_DIAMETER, pipes.inner_diameter_m[p]);
    out.set_real(F_HEAT_LOSS, pipes.heat_loss_w_per_mk[p]);
    if (rows[p] != static_cast<std::size_t>(-1)) {
      for (std::size_t c = 0; c < result_columns.size(); ++c)
        out.set_real(F_FIRST_RESULT + static_cast<int>(c), table->columns.at(result_columns[c])[rows[p]]);
    }
    const std::uint32_t a = pipes.from_junction[p], b = pipes.to_junction[p];
    HEATTWIN_CHECK(a < j.size() && b < j.size(), "twin: pipe '{}' names junctions {} and {}, but there are {}",
                   pipes.id[p], a, b, j.size());
    const std::array<double, 2> x{j.x_m[a], j.x_m[b]};
    const std::array<double, 2> y{j.y_m[a], j.y_m[b]};
    out.set_line(x, y);
    out.write_feature(pipes.id[p]);
  }
  out.end_layer();
  return pipes.size();
}

std::size_t write_buildings(GpkgWriter& out, const Results& results, const twin::Twin& twin,
                            const GpkgResultsOptions& options) {
  const auto rows = building_twin_rows(results, twin);
  const auto heat = building_heat_mwh_per_a(results);
  const auto& floor_area = results.buildings.column("heated_floor_area_m2");
  enum Field : int { F_ID, F_HEAT, F_SPECIFIC, F_FIRST_RESULT };
  std::vector<twin::GpkgField> fields{{"id", GpkgFieldType::string},
                                      {"heat_mwh_per_a", GpkgFieldType::real},
                                      {"specific_heat_kwh_per_m2_a", GpkgFieldType::real}};
  std::vector<const std::vector<double>*> columns;
  for (const auto& [name, values] : results.buildings.columns) {
    fields.push_back({name, GpkgFieldType::real});
    columns.push_back(&values);
  }
  out.begin_layer({.name = "buildings",
                   .crs = twin.crs,
                   .geometry = GpkgGeometryType::polygon,
                   .fields = fields,
                   .description = fmt::format("HeatTwin {}/{}: computed buildings with their results (single "
                                              "buildings: not for publication)",
                                              results.scenario, results.year),
                   .spatial_index = options.spatial_index});
  const auto& footprints = twin.buildings.footprints;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.set_string(F_ID, results.buildings.id[i]);
    out.set_real(F_HEAT, heat[i]);
    out.set_real(F_SPECIFIC, floor_area[i] > 0.0 ? 1000.0 * heat[i] / floor_area[i] : std::nan(""));
    for (std::size_t c = 0; c < columns.size(); ++c)
      out.set_real(F_FIRST_RESULT + static_cast<int>(c), (*columns[c])[i]);
    if (rows[i] < footprints.polygon_count()) out.set_polygon(footprints, rows[i]);
    out.write_feature(results.buildings.id[i]);
  }
  out.end_layer();
  return rows.size();
}

}  // namespace

GpkgResultsReport write_results_gpkg(const Results& results, const twin::Twin& twin, const std::string& path,
                                     const GpkgResultsOptions& options) {
  auto log = heattwin::logger("viz.gpkg");
  const auto t0 = std::chrono::steady_clock::now();
  HEATTWIN_CHECK(options.privacy_min_buildings >= 1, "{}: the privacy minimum must be at least 1 building", path);
  HEATTWIN_CHECK(std::isfinite(options.street_max_distance_m) && options.street_max_distance_m > 0.0,
                 "{}: the maximum street distance must be positive, got {} m", path, options.street_max_distance_m);
  GpkgResultsReport report;
  const GridHeat grid = grid_heat(results, twin, options.privacy_min_buildings);

  GpkgWriter out(path);
  report.grid_cells = grid.size();
  report.grid_cells_withheld = write_grid(out, grid, results, options);
  report.layers.emplace_back("grid_100m");
  report.supply_areas = write_supply_areas(out, grid, results, options, report.supply_areas_withheld);
  if (report.supply_areas) report.layers.emplace_back("supply_areas");
  if (results.supply_area_clusters.rows() > 0) {
    report.supply_area_clusters_withheld = write_supply_area_clusters(out, results, options);
    report.supply_area_clusters = results.supply_area_clusters.rows();
    report.layers.emplace_back("supply_area_clusters");
  }
  if (twin.streets.size() > 0) {
    const StreetHeat streets = street_heat(results, twin, options.street_max_distance_m, options.privacy_min_buildings);
    report.street_segments = twin.streets.size();
    report.buildings_unassigned = streets.buildings_unassigned;
    report.unassigned_heat_mwh_per_a = streets.unassigned_heat_mwh_per_a;
    report.buildings_on_streets = results.buildings.rows() - streets.buildings_unassigned;
    report.street_segments_withheld = write_streets(out, streets, results, twin, options);
    report.layers.emplace_back("street_segments");
    if (streets.buildings_unassigned > 0)
      log->warn(
          "{}: {} of {} buildings ({:.1f} MWh/a) are farther than {} m from every street segment and count "
          "towards no street",
          path, streets.buildings_unassigned, results.buildings.rows(), streets.unassigned_heat_mwh_per_a,
          options.street_max_distance_m);
  } else {
    log->info("{}: the twin has no street segments; no street_segments layer", path);
  }
  if (twin.networks.pipes.size() > 0) {
    report.network_pipes = write_pipes(out, results, twin, options);
    report.layers.emplace_back("network_pipes");
  }
  if (options.buildings_layer) {
    report.buildings = write_buildings(out, results, twin, options);
    report.layers.emplace_back("buildings");
  }
  out.commit();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log->info("wrote {} ({}) in {:.2f} s; {} of {} cells withheld (< {} buildings)", path, fmt::join(report.layers, ", "),
            seconds, report.grid_cells_withheld, report.grid_cells, options.privacy_min_buildings);
  return report;
}

}  // namespace heattwin::viz
