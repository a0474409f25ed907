#include "twin/roof_surfaces_h5.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::twin {

void write_roof_surfaces(const h5::Group& root, const RoofSurfaceSet& r) {
  if (r.empty()) return;  // no /roofs group: the solar step derives roofs (as for files before 1.2)
  h5::Group g = root.create_group("roofs");
  std::vector<std::uint32_t> building(r.surface_count());
  for (std::size_t b = 0; b + 1 < r.surface_begin.size(); ++b)
    for (auto s = r.surface_begin[b]; s < r.surface_begin[b + 1]; ++s) building[s] = static_cast<std::uint32_t>(b);
  g.write("building", building, {.unit = "1", .description = "row in /buildings of the roof surface (ascending)"});
  g.write("vertex_begin", r.vertex_begin,
          {.unit = "1",
           .description = "surface s owns the vertices [vertex_begin[s], vertex_begin[s+1]) of its exterior ring "
                          "(open, no closing duplicate)"});
  g.write("x_m", r.x_m, {.unit = "m", .description = "vertex easting in the twin CRS"});
  g.write("y_m", r.y_m, {.unit = "m", .description = "vertex northing in the twin CRS"});
  g.write("z_m", r.z_m, {.unit = "m", .description = "vertex height as in the source model"});
  static_assert(sizeof(RoofSource) == 1);
  g.write<std::uint8_t>(
      "source", std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(r.source.data()), r.source.size()),
      {.unit = "", .description = "0 lod2 (city model), 1 derived_flat, 2 derived_gable"});
  g.write("ground_z_m", r.ground_z_m,
          {.unit = "m", .description = "per building: lowest ground height of the source model (NaN unknown)"});
}

RoofSurfaceSet read_roof_surfaces(const h5::Group& root, std::size_t buildings) {
  RoofSurfaceSet r;
  if (!root.has("roofs")) return r;
  const h5::Group g = root.open_group("roofs");
  const auto where = [&](const char* name) { return fmt::format("{}: dataset '{}/{}'", g.file(), g.path(), name); };
  const auto building = g.read<std::uint32_t>("building");
  const std::size_t ns = building.size();
  r.vertex_begin = g.read<std::uint64_t>("vertex_begin");
  r.x_m = g.read<double>("x_m");
  r.y_m = g.read<double>("y_m");
  r.z_m = g.read<double>("z_m");
  const auto raw = g.read<std::uint8_t>("source");
  r.ground_z_m = g.read<double>("ground_z_m");
  HEATTWIN_CHECK(r.vertex_begin.size() == ns + 1, "{} has {} entries, expected {} (surfaces + 1)",
                 where("vertex_begin"), r.vertex_begin.size(), ns + 1);
  HEATTWIN_CHECK(raw.size() == ns, "{} has {} entries, expected {} (surfaces)", where("source"), raw.size(), ns);
  HEATTWIN_CHECK(r.ground_z_m.size() == buildings, "{} has {} entries, expected {} (buildings)", where("ground_z_m"),
                 r.ground_z_m.size(), buildings);
  const std::size_t nv = r.x_m.size();
  HEATTWIN_CHECK(r.y_m.size() == nv && r.z_m.size() == nv, "{}: x_m, y_m, z_m have {}, {}, {} entries", where("*_m"),
                 nv, r.y_m.size(), r.z_m.size());
  HEATTWIN_CHECK(r.vertex_begin.front() == 0 && r.vertex_begin.back() == nv,
                 "{} must start at 0 and end at the {} vertices", where("vertex_begin"), nv);
  for (std::size_t s = 0; s < ns; ++s) {
    HEATTWIN_CHECK(r.vertex_begin[s + 1] >= r.vertex_begin[s] + 3, "{}: surface {} has fewer than 3 vertices",
                   where("vertex_begin"), s);
    HEATTWIN_CHECK(building[s] < buildings && (s == 0 || building[s] >= building[s - 1]),
                   "{}: surface {} has building {} (expected ascending rows below {})", where("building"), s,
                   building[s], buildings);
    HEATTWIN_CHECK(raw[s] < ROOF_SOURCE_NAMES.size(), "{}: surface {} has source code {} (0–{} expected)",
                   where("source"), s, raw[s], ROOF_SOURCE_NAMES.size() - 1);
  }
  r.source.resize(ns);
  for (std::size_t s = 0; s < ns; ++s) r.source[s] = static_cast<RoofSource>(raw[s]);
  r.surface_begin.assign(buildings + 1, 0);
  for (const auto b : building) ++r.surface_begin[b + 1];
  for (std::size_t b = 0; b < buildings; ++b) r.surface_begin[b + 1] += r.surface_begin[b];
  return r;
}

}  // namespace heattwin::twin
