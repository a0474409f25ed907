#include "twin/twin_store.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/log.hpp"
#include "twin/network_store.hpp"
#include "twin/roof_surfaces_h5.hpp"

#include <heattwin/version_info.hpp>

#include <chrono>
#include <type_traits>

namespace heattwin::twin {
namespace {

using h5::Group;
using h5::WriteOptions;

void write_string_column(const Group& g, std::string_view name, const StringColumn& column) {
  const std::string& chars = column.chars();
  g.write<char>(fmt::format("{}_chars", name), std::span<const char>(chars.data(), chars.size()),
                {.unit = "", .description = "UTF-8 characters of all strings, concatenated"});
  g.write(fmt::format("{}_offsets", name), column.offsets(),
          {.unit = "1", .description = "string k is chars[offsets[k], offsets[k+1])"});
}

StringColumn read_string_column(const Group& g, std::string_view name) {
  auto chars = g.read<char>(fmt::format("{}_chars", name));
  auto offsets = g.read<std::uint64_t>(fmt::format("{}_offsets", name));
  StringColumn column;
  HEATTWIN_CHECK(column.assign_raw(std::string(chars.begin(), chars.end()), std::move(offsets)),
                 "{}: string column '{}/{}' has inconsistent offsets", g.file(), g.path(), name);
  return column;
}

void write_polygons(const Group& parent, std::string_view name, const PolygonSet& p) {
  Group g = parent.create_group(name);
  g.write("ring_begin", p.ring_begin,
          {.unit = "1", .description = "polygon k owns rings [ring_begin[k], ring_begin[k+1])"});
  g.write("vertex_begin", p.vertex_begin,
          {.unit = "1", .description = "ring r owns vertices [vertex_begin[r], vertex_begin[r+1])"});
  g.write("x_m", p.x_m, {.unit = "m", .description = "vertex easting in the twin CRS"});
  g.write("y_m", p.y_m, {.unit = "m", .description = "vertex northing in the twin CRS"});
}

PolygonSet read_polygons(const Group& parent, std::string_view name) {
  Group g = parent.open_group(name);
  PolygonSet p;
  p.ring_begin = g.read<std::uint64_t>("ring_begin");
  p.vertex_begin = g.read<std::uint64_t>("vertex_begin");
  p.x_m = g.read<double>("x_m");
  p.y_m = g.read<double>("y_m");
  HEATTWIN_CHECK(p.is_consistent(), "{}: polygons '{}' have inconsistent offsets", g.file(), g.path());
  return p;
}

template <class T>
std::vector<T> read_sized(const Group& g, std::string_view name, std::size_t n) {
  auto v = g.read<T>(name);
  HEATTWIN_CHECK(v.size() == n, "{}: dataset '{}/{}' has {} entries, expected {}", g.file(), g.path(), name, v.size(),
                 n);
  return v;
}

void write_regions(const Group& root, const RegionHierarchy& r) {
  Group g = root.create_group("regions");
  g.set_attribute("state_name", r.state_name);
  g.set_attribute("state_ags", r.state_ags);
  Group k = g.create_group("kreise");
  std::vector<std::string> ags, names;
  for (const auto& x : r.kreise) {
    ags.push_back(x.ags);
    names.push_back(x.name);
  }
  k.write_strings("ags", ags, {.unit = "", .description = "5-digit Kreis key"});
  k.write_strings("name", names);
  Group m = g.create_group("municipalities");
  ags.clear();
  names.clear();
  std::vector<std::uint32_t> kreis;
  std::vector<std::int64_t> population;
  std::vector<double> area;
  for (const auto& x : r.municipalities) {
    ags.push_back(x.ags);
    names.push_back(x.name);
    kreis.push_back(x.kreis);
    population.push_back(x.population);
    area.push_back(x.area_km2);
  }
  m.write_strings("ags", ags, {.unit = "", .description = "8-digit Amtlicher Gemeindeschluessel"});
  m.write_strings("name", names);
  m.write("kreis", kreis, {.unit = "1", .description = "index into /regions/kreise"});
  m.write("population", population, {.unit = "1", .description = "inhabitants (0 = unknown)"});
  m.write("area_km2", area, {.unit = "km2", .description = "area (0 = unknown)"});
  write_polygons(g, "municipality_boundaries", r.municipality_boundaries);
  Group b = g.create_group("blocks");
  std::vector<std::string> ids;
  std::vector<std::uint32_t> muni;
  for (const auto& x : r.blocks) {
    ids.push_back(x.id);
    muni.push_back(x.municipality);
  }
  b.write_strings("id", ids);
  b.write("municipality", muni, {.unit = "1", .description = "index into /regions/municipalities"});
}

RegionHierarchy read_regions(const Group& root) {
  Group g = root.open_group("regions");
  RegionHierarchy r;
  r.state_name = g.string_attribute("state_name");
  r.state_ags = g.string_attribute("state_ags");
  Group k = g.open_group("kreise");
  auto k_ags = k.read_strings("ags");
  auto k_name = k.read_strings("name");
  HEATTWIN_CHECK(k_ags.size() == k_name.size(), "{}: /regions/kreise columns differ in length", g.file());
  for (std::size_t i = 0; i < k_ags.size(); ++i) r.kreise.push_back({k_ags[i], k_name[i]});
  Group m = g.open_group("municipalities");
  auto ags = m.read_strings("ags");
  const std::size_t n = ags.size();
  auto names = m.read_strings("name");
  auto kreis = read_sized<std::uint32_t>(m, "kreis", n);
  auto population = read_sized<std::int64_t>(m, "population", n);
  auto area = read_sized<double>(m, "area_km2", n);
  HEATTWIN_CHECK(names.size() == n, "{}: /regions/municipalities columns differ in length", g.file());
  for (std::size_t i = 0; i < n; ++i) r.municipalities.push_back({ags[i], names[i], kreis[i], population[i], area[i]});
  r.municipality_boundaries = read_polygons(g, "municipality_boundaries");
  Group b = g.open_group("blocks");
  auto ids = b.read_strings("id");
  auto muni = read_sized<std::uint32_t>(b, "municipality", ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) r.blocks.push_back({ids[i], muni[i]});
  return r;
}

void write_buildings(const Group& root, const BuildingSet& b) {
  Group g = root.create_group("buildings");
  g.set_attribute("count", std::vector<std::int64_t>{static_cast<std::int64_t>(b.size())});
  write_string_column(g, "id", b.id);
  b.for_each_value_column([&](std::string_view name, std::string_view unit, std::string_view doc, const auto& column) {
    g.write(name, column, {.unit = unit, .description = doc});
  });
  Group p = g.create_group("provenance");
  p.set_attribute("codes", "0 missing, 1 measured, 2 geometry, 3 typology, 4 imputed");
  b.for_each_provenance_column([&](std::string_view name, std::string_view doc, const auto& column) {
    static_assert(sizeof(Provenance) == 1);
    p.write<std::uint8_t>(
        name, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(column.data()), column.size()),
        {.unit = "", .description = doc});
  });
  write_polygons(g, "footprints", b.footprints);
}

BuildingSet read_buildings(const Group& root) {
  Group g = root.open_group("buildings");
  BuildingSet b;
  b.id = read_string_column(g, "id");
  const std::size_t n = b.id.size();
  b.for_each_value_column([&](std::string_view name, std::string_view, std::string_view, auto& column) {
    using T = typename std::decay_t<decltype(column)>::value_type;
    // geometry_check came with schema 1.1; a 1.0 file has none (every building unchecked).
    if (name == "geometry_check" && !g.has(name)) column.assign(n, T{});
    // heating_power_kw came with schema 1.2; older files have none (every power unknown).
    else if (name == "heating_power_kw" && !g.has(name))
      column.assign(n, static_cast<T>(NaN));
    else
      column = read_sized<T>(g, name, n);
  });
  Group p = g.open_group("provenance");
  b.for_each_provenance_column([&](std::string_view name, std::string_view, auto& column) {
    auto raw = read_sized<std::uint8_t>(p, name, n);
    column.resize(n);
    for (std::size_t k = 0; k < n; ++k) column[k] = static_cast<Provenance>(raw[k]);
  });
  b.footprints = read_polygons(g, "footprints");
  return b;
}

void write_streets(const Group& root, const StreetSegments& s) {
  Group g = root.create_group("streets");
  g.write("x0_m", s.x0_m, {.unit = "m"});
  g.write("y0_m", s.y0_m, {.unit = "m"});
  g.write("x1_m", s.x1_m, {.unit = "m"});
  g.write("y1_m", s.y1_m, {.unit = "m"});
  g.write("municipality", s.municipality, {.unit = "1", .description = "index into /regions/municipalities"});
}

StreetSegments read_streets(const Group& root) {
  Group g = root.open_group("streets");
  StreetSegments s;
  s.x0_m = g.read<double>("x0_m");
  const std::size_t n = s.x0_m.size();
  s.y0_m = read_sized<double>(g, "y0_m", n);
  s.x1_m = read_sized<double>(g, "x1_m", n);
  s.y1_m = read_sized<double>(g, "y1_m", n);
  s.municipality = read_sized<std::uint32_t>(g, "municipality", n);
  return s;
}

}  // namespace

void write_networks(const h5::Group& parent, std::string_view name, const NetworkSet& net) {
  Group g = parent.create_group(name);
  g.write_strings("names", net.names);
  Group j = g.create_group("junctions");
  write_string_column(j, "id", net.junctions.id);
  j.write("x_m", net.junctions.x_m, {.unit = "m"});
  j.write("y_m", net.junctions.y_m, {.unit = "m"});
  j.write("elevation_m", net.junctions.elevation_m, {.unit = "m"});
  j.write("network", net.junctions.network, {.unit = "1"});
  Group p = g.create_group("pipes");
  write_string_column(p, "id", net.pipes.id);
  p.write("from_junction", net.pipes.from_junction, {.unit = "1"});
  p.write("to_junction", net.pipes.to_junction, {.unit = "1"});
  p.write("length_m", net.pipes.length_m, {.unit = "m"});
  p.write("inner_diameter_m", net.pipes.inner_diameter_m, {.unit = "m"});
  p.write("roughness_mm", net.pipes.roughness_mm, {.unit = "mm"});
  p.write("heat_loss_w_per_mk", net.pipes.heat_loss_w_per_mk, {.unit = "W/(m.K)"});
  p.write("burial_depth_m", net.pipes.burial_depth_m, {.unit = "m"});
  p.write("side", net.pipes.side, {.unit = "", .description = "0 supply, 1 return"});
  Group c = g.create_group("consumers");
  write_string_column(c, "id", net.consumers.id);
  c.write("building", net.consumers.building, {.unit = "1"});
  c.write("supply_junction", net.consumers.supply_junction, {.unit = "1"});
  c.write("return_junction", net.consumers.return_junction, {.unit = "1"});
  c.write("design_heat_kw", net.consumers.design_heat_kw, {.unit = "kW"});
  Group s = g.create_group("sources");
  write_string_column(s, "id", net.sources.id);
  s.write("supply_junction", net.sources.supply_junction, {.unit = "1"});
  s.write("return_junction", net.sources.return_junction, {.unit = "1"});
  s.write("t_supply_c", net.sources.t_supply_c, {.unit = "degC"});
  s.write("pressure_lift_bar", net.sources.pressure_lift_bar, {.unit = "bar"});
}

NetworkSet read_networks(const h5::Group& parent, std::string_view name) {
  Group g = parent.open_group(name);
  NetworkSet net;
  net.names = g.read_strings("names");
  Group j = g.open_group("junctions");
  net.junctions.id = read_string_column(j, "id");
  std::size_t n = net.junctions.size();
  net.junctions.x_m = read_sized<double>(j, "x_m", n);
  net.junctions.y_m = read_sized<double>(j, "y_m", n);
  net.junctions.elevation_m = read_sized<double>(j, "elevation_m", n);
  net.junctions.network = read_sized<std::uint32_t>(j, "network", n);
  Group p = g.open_group("pipes");
  net.pipes.id = read_string_column(p, "id");
  n = net.pipes.size();
  net.pipes.from_junction = read_sized<std::uint32_t>(p, "from_junction", n);
  net.pipes.to_junction = read_sized<std::uint32_t>(p, "to_junction", n);
  net.pipes.length_m = read_sized<double>(p, "length_m", n);
  net.pipes.inner_diameter_m = read_sized<double>(p, "inner_diameter_m", n);
  net.pipes.roughness_mm = read_sized<double>(p, "roughness_mm", n);
  net.pipes.heat_loss_w_per_mk = read_sized<double>(p, "heat_loss_w_per_mk", n);
  net.pipes.burial_depth_m = read_sized<double>(p, "burial_depth_m", n);
  net.pipes.side = read_sized<std::uint8_t>(p, "side", n);
  Group c = g.open_group("consumers");
  net.consumers.id = read_string_column(c, "id");
  n = net.consumers.size();
  net.consumers.building = read_sized<std::uint32_t>(c, "building", n);
  net.consumers.supply_junction = read_sized<std::uint32_t>(c, "supply_junction", n);
  net.consumers.return_junction = read_sized<std::uint32_t>(c, "return_junction", n);
  net.consumers.design_heat_kw = read_sized<double>(c, "design_heat_kw", n);
  Group s = g.open_group("sources");
  net.sources.id = read_string_column(s, "id");
  n = net.sources.size();
  net.sources.supply_junction = read_sized<std::uint32_t>(s, "supply_junction", n);
  net.sources.return_junction = read_sized<std::uint32_t>(s, "return_junction", n);
  net.sources.t_supply_c = read_sized<double>(s, "t_supply_c", n);
  net.sources.pressure_lift_bar = read_sized<double>(s, "pressure_lift_bar", n);
  return net;
}

/// The twin file format (docs/twin-schema.md).
constexpr h5::FileKind TWIN_FILE{TWIN_FILETYPE, TWIN_SCHEMA_VERSION, "twin",
                                 "use a matching heattwin version or re-import the data",
                                 TWIN_FIXED_LENGTH_ATTRIBUTES_SINCE_MINOR};

void save_twin(const Twin& twin, const std::string& path) {
  check_invariants(twin, "twin to save");
  auto log = logger("twin.store");
  auto file = h5::File::create(path, TWIN_FILE);
  Group root = file.root();
  root.set_attribute("heattwin_version", VERSION);
  root.set_attribute("git_sha", GIT_SHA);
  root.set_attribute("crs", twin.crs);
  root.set_attribute("source", twin.source);
  write_regions(root, twin.regions);
  Group grid = root.create_group("grid_100m");
  grid.set_attribute("crs", "EPSG:3035");
  grid.write("north_100m", twin.grid.north_100m,
             {.unit = "100 m", .description = "lower-left northing / 100 m (EPSG:3035)"});
  grid.write("east_100m", twin.grid.east_100m,
             {.unit = "100 m", .description = "lower-left easting / 100 m (EPSG:3035)"});
  write_buildings(root, twin.buildings);
  write_roof_surfaces(root, twin.roofs);
  write_streets(root, twin.streets);
  write_networks(root, "networks", twin.networks);
  Group dq = root.create_group("imputations");
  std::vector<std::string> rules;
  std::vector<std::uint64_t> counts;
  for (const auto& [rule, count] : twin.imputations) {
    rules.push_back(rule);
    counts.push_back(count);
  }
  dq.write_strings("rule", rules, {.unit = "", .description = "imputation rule, see docs/IMPUTATION.md"});
  dq.write("count", counts, {.unit = "1", .description = "number of values filled by the rule"});
  file.commit();
  log->debug("wrote twin with {} buildings to {}", twin.buildings.size(), path);
}

Twin load_twin(const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  try {
    auto file = h5::File::open_checked(path, TWIN_FILE);
    Group root = file.root();
    Twin twin;
    twin.crs = root.string_attribute("crs");
    twin.source = root.string_attribute("source");
    twin.regions = read_regions(root);
    Group grid = root.open_group("grid_100m");
    twin.grid.north_100m = grid.read<std::uint32_t>("north_100m");
    twin.grid.east_100m = read_sized<std::uint32_t>(grid, "east_100m", twin.grid.north_100m.size());
    twin.buildings = read_buildings(root);
    twin.roofs = read_roof_surfaces(root, twin.buildings.size());
    twin.streets = read_streets(root);
    twin.networks = read_networks(root, "networks");
    Group dq = root.open_group("imputations");
    auto rules = dq.read_strings("rule");
    auto counts = read_sized<std::uint64_t>(dq, "count", rules.size());
    for (std::size_t k = 0; k < rules.size(); ++k) twin.imputations[rules[k]] = counts[k];
    const auto read_done = std::chrono::steady_clock::now();
    check_invariants(twin, path);
    const auto checked = std::chrono::steady_clock::now();
    logger("twin.store")
        ->debug("loaded {} buildings from {}: read {:.2f} s, invariants {:.2f} s", twin.buildings.size(), path,
                std::chrono::duration<double>(read_done - start).count(),
                std::chrono::duration<double>(checked - read_done).count());
    return twin;
  } catch (const IoError& e) {
    // A missing dataset or a checksum failure inside an existing file is bad input, not a disk error.
    throw InputError(fmt::format("{} (the twin file is incomplete or corrupt; re-create it)", e.what()));
  }
}

}  // namespace heattwin::twin
