// CityGML reader, surface geometry (Newell areas, shell volume, closedness), shared walls and
// the import of LoD1/LoD2 buildings, on small documents written here and on the FZK-Haus.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/citygml_reader.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/shell_repair.hpp"
#include "twin/surface_geometry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>

namespace heattwin::twin {
namespace {

using test::TempDir;

constexpr double X0 = 500000.0;  // EPSG:25832 near Magdeburg
constexpr double Y0 = 5780000.0;
constexpr double Z0 = 100.0;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string pos_list(const Ring3& ring) {
  std::string s;
  for (std::size_t k = 0; k <= ring.size(); ++k) {  // closed: repeat the first point
    const auto& p = ring[k % ring.size()];
    s += fmt::format("{}{:.6f} {:.6f} {:.6f}", k ? " " : "", p[0], p[1], p[2]);
  }
  return s;
}

std::string polygon(const Ring3& ring) {
  return "<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>" + pos_list(ring) +
         "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>";
}

/// A semantic boundary surface ("WallSurface", …) with one LoD2 polygon.
std::string boundary(const std::string& kind, const Ring3& ring) {
  return "<bldg:boundedBy><bldg:" + kind + "><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>" +
         polygon(ring) + "</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:" + kind +
         "></bldg:boundedBy>";
}

struct Face {
  std::string kind;
  Ring3 ring;
};

/// Outward-oriented faces of a box [x0, x0+w] × [y0, y0+d] × [z0, z0+h].
std::vector<Face> box_faces(double x0, double y0, double w, double d, double h, double z0 = Z0) {
  const double x1 = x0 + w, y1 = y0 + d, z1 = z0 + h;
  return {{"GroundSurface", {{x0, y0, z0}, {x0, y1, z0}, {x1, y1, z0}, {x1, y0, z0}}},
          {"RoofSurface", {{x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}}},
          {"WallSurface", {{x0, y0, z0}, {x1, y0, z0}, {x1, y0, z1}, {x0, y0, z1}}},   // south
          {"WallSurface", {{x1, y0, z0}, {x1, y1, z0}, {x1, y1, z1}, {x1, y0, z1}}},   // east
          {"WallSurface", {{x1, y1, z0}, {x0, y1, z0}, {x0, y1, z1}, {x1, y1, z1}}},   // north
          {"WallSurface", {{x0, y1, z0}, {x0, y0, z0}, {x0, y0, z1}, {x0, y1, z1}}}};  // west
}

std::string semantic_surfaces(const std::vector<Face>& faces) {
  std::string s;
  for (const auto& f : faces) s += boundary(f.kind, f.ring);
  return s;
}

std::string building(const std::string& id, const std::string& content, const std::string& attributes = "") {
  return "<core:cityObjectMember><bldg:Building gml:id=\"" + id + "\">" + attributes + content +
         "</bldg:Building></core:cityObjectMember>";
}

std::string city_model(const std::string& members, const std::string& srs = "EPSG:25832") {
  std::string envelope;
  if (!srs.empty())
    envelope = "<gml:boundedBy><gml:Envelope srsName=\"" + srs +
               "\" srsDimension=\"3\"><gml:lowerCorner>0 0 0</gml:lowerCorner><gml:upperCorner>1 1 1</gml:upperCorner>"
               "</gml:Envelope></gml:boundedBy>";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<core:CityModel xmlns:core=\"http://www.opengis.net/citygml/2.0\" "
         "xmlns:bldg=\"http://www.opengis.net/citygml/building/2.0\" xmlns:gml=\"http://www.opengis.net/gml\" "
         "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n" +
         envelope + members + "\n</core:CityModel>\n";
}

Twin import_one(const TempDir& dir, const std::string& xml, ImportReport* report = nullptr,
                const std::string& name = "test.gml") {
  const std::string path = dir.file(name);
  write_file(path, xml);
  CityGmlImportOptions o;
  o.inputs = {path};
  return import_citygml(o, report);
}

std::string fzk_path() {
  return std::string(HEATTWIN_REFERENCE_DATA_DIR) +
         "/geodata/citygml-fzk-haus-lod2/FZK-Haus-LoD2-KIT-IAI-KHH-B36-V1.gml";
}

double sector_wall(const BuildingSet& b, BuildingIndex i, std::size_t sector) {
  return (*wall_sector_columns(b)[sector])[i];
}

// ------------------------------------------------------------------------------- geometry

TEST(CityGmlSurfaceGeometry, NewellAreaNormalTiltAzimuth) {
  // A 4 m × 3 m rectangle tilted 30° facing south (a roof plane), at UTM magnitudes.
  const double c = std::cos(std::numbers::pi / 6), s = std::sin(std::numbers::pi / 6);
  const Ring3 roof{{X0, Y0, Z0}, {X0 + 4, Y0, Z0}, {X0 + 4, Y0 + 3 * c, Z0 + 3 * s}, {X0, Y0 + 3 * c, Z0 + 3 * s}};
  const SurfaceMeasures m = measure_surface({roof, {}}, Z0);
  EXPECT_NEAR(m.area_m2, 12.0, 1e-9);
  EXPECT_NEAR(tilt_deg(m.normal), 30.0, 1e-9);
  EXPECT_NEAR(azimuth_deg(m.normal), 180.0, 1e-9);
  EXPECT_EQ(sector_of_normal(m.normal), 4);  // s
  // A wall facing north-east.
  const Point3 ne{std::sqrt(0.5), std::sqrt(0.5), 0.0};
  EXPECT_NEAR(tilt_deg(ne), 90.0, 1e-9);
  EXPECT_NEAR(azimuth_deg(ne), 45.0, 1e-9);
  EXPECT_EQ(sector_of_normal(ne), 1);
  // Non-planar ring: Newell gives the area of the projection onto the best-fit plane.
  const Ring3 warped{{0, 0, 0}, {2, 0, 0.01}, {2, 2, 0}, {0, 2, 0.01}};
  EXPECT_NEAR(std::sqrt([&] {
                const auto a = newell_vector_area(warped);
                return a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
              }()),
              4.0, 1e-3);
  // A hole given with the same orientation as the exterior is still subtracted.
  const Surface3 with_hole{{{0, 0, 0}, {10, 0, 0}, {10, 10, 0}, {0, 10, 0}},
                           {{{2, 2, 0}, {4, 2, 0}, {4, 4, 0}, {2, 4, 0}}}};
  EXPECT_NEAR(measure_surface(with_hole, 0.0).area_m2, 96.0, 1e-9);
}

TEST(CityGmlSurfaceGeometry, DegenerateRings) {
  EXPECT_TRUE(is_degenerate_ring(Ring3{{0, 0, 0}, {1, 0, 0}}));
  EXPECT_TRUE(is_degenerate_ring(Ring3{{0, 0, 0}, {1, 0, 0}, {0, 0, 0}}));             // closing duplicate
  EXPECT_TRUE(is_degenerate_ring(Ring3{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {0, 0, 0}}));  // collinear
  EXPECT_FALSE(is_degenerate_ring(Ring3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}));
}

TEST(CityGmlSurfaceGeometry, ShellVolumeClosedAndOpen) {
  std::vector<Surface3> shell;
  for (const auto& f : box_faces(X0, Y0, 10, 8, 6)) shell.push_back({f.ring, {}});
  ShellMeasures m = measure_shell(shell, Z0);
  EXPECT_NEAR(m.volume_m3, 480.0, 1e-6);
  EXPECT_TRUE(m.is_closed);
  EXPECT_FALSE(m.is_inward);
  EXPECT_EQ(m.inconsistent_edges, 0u);
  // Inward orientation: same volume, flagged.
  auto reversed = shell;
  for (auto& s : reversed) std::reverse(s.exterior.begin(), s.exterior.end());
  m = measure_shell(reversed, Z0);
  EXPECT_NEAR(m.volume_m3, 480.0, 1e-6);
  EXPECT_TRUE(m.is_inward);
  EXPECT_TRUE(m.is_closed);
  // A missing wall opens the shell; the volume (roof prism) stays right for vertical walls.
  auto open = shell;
  open.pop_back();
  m = measure_shell(open, Z0);
  EXPECT_FALSE(m.is_closed);
  EXPECT_EQ(m.open_edges, 4u);
  EXPECT_NEAR(m.volume_m3, 480.0, 1e-6);
  // A wall split in two (T-junctions on the neighbouring walls' edges) keeps the shell closed.
  auto split = shell;
  const Surface3 west = split.back();
  split.pop_back();
  const double x = X0, y1 = Y0 + 8;
  split.push_back({{{x, y1, Z0}, {x, Y0, Z0}, {x, Y0, Z0 + 2}, {x, y1, Z0 + 2}}, {}});
  split.push_back({{{x, y1, Z0 + 2}, {x, Y0, Z0 + 2}, {x, Y0, Z0 + 6}, {x, y1, Z0 + 6}}, {}});
  m = measure_shell(split, Z0);
  EXPECT_TRUE(m.is_closed);
  EXPECT_NEAR(m.volume_m3, 480.0, 1e-6);
}

TEST(CityGmlSurfaceGeometry, SrsNames) {
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:adv:crs:ETRS89_UTM32*DE_DHHN92_NH"), "EPSG:25832");
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:adv:crs:ETRS89_UTM33*DE_DHHN2016_NH"), "EPSG:25833");
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016"), "EPSG:25832");
  EXPECT_EQ(horizontal_crs_of_srs_name("EPSG:25833"), "EPSG:25833");
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:ogc:def:crs:EPSG::25832"), "EPSG:25832");
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:ogc:def:crs:EPSG:6.3:25832"), "EPSG:25832");
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837"), "EPSG:25832");
  EXPECT_EQ(horizontal_crs_of_srs_name("http://www.opengis.net/def/crs/EPSG/0/25832"), "EPSG:25832");
  // CityJSON's referenceSystem form, and compound codes (horizontal + height) → the horizontal CRS.
  EXPECT_EQ(horizontal_crs_of_srs_name("https://www.opengis.net/def/crs/EPSG/0/2056"), "EPSG:2056");
  EXPECT_EQ(horizontal_crs_of_srs_name("https://www.opengis.net/def/crs/EPSG/0/7415"), "EPSG:28992");  // RD New + NAP
  EXPECT_EQ(horizontal_crs_of_srs_name("urn:ogc:def:crs:EPSG::5555"), "EPSG:25832");  // UTM 32N + DHHN92
  EXPECT_EQ(horizontal_crs_of_srs_name("EPSG:5556"), "EPSG:25833");                   // UTM 33N + DHHN92
  // A code PROJ does not know stays as it is, for canonical_crs to report.
  EXPECT_EQ(horizontal_crs_of_srs_name("EPSG:999999"), "EPSG:999999");
  EXPECT_EQ(horizontal_crs("EPSG:25832"), "EPSG:25832");
  EXPECT_EQ(horizontal_crs("not a crs"), "not a crs");
}

// ------------------------------------------------------------------------------- import

TEST(CityGmlImport, BoxExactAreasAndVolume) {
  TempDir dir;
  ImportReport report;
  const Twin twin =
      import_one(dir, city_model(building("box", semantic_surfaces(box_faces(X0, Y0, 10, 8, 6)))), &report);
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b.id[0], "box");
  EXPECT_NEAR(b.footprint_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(b.perimeter_m[0], 36.0, 1e-6);
  EXPECT_NEAR(b.x_m[0], X0 + 5, 1e-6);
  EXPECT_NEAR(b.y_m[0], Y0 + 4, 1e-6);
  EXPECT_NEAR(b.height_m[0], 6.0, 1e-9);
  EXPECT_EQ(b.prov_height[0], Provenance::geometry);
  EXPECT_NEAR(b.volume_m3[0], 480.0, 1e-6);
  EXPECT_EQ(b.prov_volume[0], Provenance::geometry);
  EXPECT_NEAR(b.wall_area_m2[0], 216.0, 1e-6);
  EXPECT_NEAR(b.shared_wall_area_m2[0], 0.0, 1e-9);
  EXPECT_NEAR(b.roof_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(sector_wall(b, 0, 0), 60.0, 1e-6);  // n
  EXPECT_NEAR(sector_wall(b, 0, 2), 48.0, 1e-6);  // e
  EXPECT_NEAR(sector_wall(b, 0, 4), 60.0, 1e-6);  // s
  EXPECT_NEAR(sector_wall(b, 0, 6), 48.0, 1e-6);  // w
  // Residential by default rule (no function): A_N = 0.32 · V_e.
  EXPECT_NEAR(b.heated_floor_area_m2[0], 0.32 * 480.0, 1e-6);
  EXPECT_EQ(b.prov_heated_floor_area[0], Provenance::geometry);
  EXPECT_EQ(twin.imputations.at("heated_floor_area_from_lod2_volume"), 1u);
  EXPECT_EQ(report.features_read, 1u);
  EXPECT_EQ(report.skipped.count("shell not closed (volume from roof and ground surfaces)"), 0u);
}

/// The box of BoxExactAreasAndVolume in CityGML 3.0 encoding: boundary surfaces in the
/// construction module under core:boundary, core:lod2MultiSurface, con:dateOfConstruction and
/// con:height, a window (con:fillingSurface) that is not envelope geometry.
TEST(CityGmlImport, CityGml3BoxAsInVersion2) {
  std::string surfaces;
  for (const auto& f : box_faces(X0, Y0, 10, 8, 6)) {
    std::string filling;
    if (f.kind == "WallSurface" && surfaces.find("fillingSurface") == std::string::npos) {
      filling = "<con:fillingSurface><con:Window><core:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>" +
                polygon({{X0 + 1, Y0, Z0 + 1}, {X0 + 2, Y0, Z0 + 1}, {X0 + 2, Y0, Z0 + 2}, {X0 + 1, Y0, Z0 + 2}}) +
                "</gml:surfaceMember></gml:MultiSurface></core:lod2MultiSurface></con:Window></con:fillingSurface>";
    }
    surfaces += "<core:boundary><con:" + f.kind + "><core:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>" +
                polygon(f.ring) + "</gml:surfaceMember></gml:MultiSurface></core:lod2MultiSurface>" + filling +
                "</con:" + f.kind + "></core:boundary>";
  }
  auto height = [](const std::string& low, const std::string& high, const std::string& value) {
    return "<con:height><con:Height><con:highReference>" + high + "</con:highReference><con:lowReference>" + low +
           "</con:lowReference><con:status>measured</con:status><con:value uom=\"m\">" + value +
           "</con:value></con:Height></con:height>";
  };
  const std::string attributes = "<con:dateOfConstruction>1985-06-01</con:dateOfConstruction>" +
                                 height("lowestGroundPoint", "lowestRoofEdge", "3.0") +
                                 height("lowestGroundPoint", "highestRoofEdge", "6.5") +
                                 "<bldg:function>31001_1010</bldg:function>"
                                 "<bldg:storeysAboveGround>2</bldg:storeysAboveGround>";
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<core:CityModel xmlns:core=\"http://www.opengis.net/citygml/3.0\" "
      "xmlns:bldg=\"http://www.opengis.net/citygml/building/3.0\" "
      "xmlns:con=\"http://www.opengis.net/citygml/construction/3.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\">\n"
      "<gml:boundedBy><gml:Envelope srsName=\"EPSG:25832\" srsDimension=\"3\"><gml:lowerCorner>0 0 0</gml:lowerCorner>"
      "<gml:upperCorner>1 1 1</gml:upperCorner></gml:Envelope></gml:boundedBy>"
      "<core:cityObjectMember><bldg:Building gml:id=\"box3\">" +
      attributes + surfaces + "</bldg:Building></core:cityObjectMember>\n</core:CityModel>\n";
  TempDir dir;
  ImportReport report;
  const Twin twin = import_one(dir, xml, &report, "box3.gml");
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b.id[0], "box3");
  EXPECT_NEAR(b.footprint_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(b.volume_m3[0], 480.0, 1e-6);
  EXPECT_EQ(b.prov_volume[0], Provenance::geometry);
  EXPECT_NEAR(b.wall_area_m2[0], 216.0, 1e-6);  // the window polygon is not added
  EXPECT_NEAR(b.roof_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(sector_wall(b, 0, 4), 60.0, 1e-6);
  EXPECT_NEAR(b.height_m[0], 6.5, 1e-12);  // the ground-to-top con:height, not the eaves height
  EXPECT_EQ(b.year_of_construction[0], 1985);
  EXPECT_EQ(b.storeys[0], 2);
  EXPECT_EQ(b.prov_storeys[0], Provenance::measured);
  EXPECT_EQ(report.features_read, 1u);
  bool eaves_counted = false;
  for (const auto& [reason, count] : report.skipped) {
    eaves_counted =
        eaves_counted ||
        (reason.find("con:height from lowestGroundPoint to lowestRoofEdge") != std::string::npos && count == 1);
  }
  EXPECT_TRUE(eaves_counted);
}

TEST(CityGmlImport, GabledHouseExact) {
  // 12 m (x) × 10 m (y), eaves 3 m, ridge 5 m along x in the middle.
  const double x0 = X0, x1 = X0 + 12, y0 = Y0, y1 = Y0 + 10, ym = Y0 + 5;
  const double z0 = Z0, he = Z0 + 3, hr = Z0 + 5;
  const std::vector<Face> faces{
      {"GroundSurface", {{x0, y0, z0}, {x0, y1, z0}, {x1, y1, z0}, {x1, y0, z0}}},
      {"WallSurface", {{x0, y0, z0}, {x1, y0, z0}, {x1, y0, he}, {x0, y0, he}}},
      {"WallSurface", {{x1, y1, z0}, {x0, y1, z0}, {x0, y1, he}, {x1, y1, he}}},
      {"WallSurface", {{x1, y0, z0}, {x1, y1, z0}, {x1, y1, he}, {x1, ym, hr}, {x1, y0, he}}},
      {"WallSurface", {{x0, y1, z0}, {x0, y0, z0}, {x0, y0, he}, {x0, ym, hr}, {x0, y1, he}}},
      {"RoofSurface", {{x0, y0, he}, {x1, y0, he}, {x1, ym, hr}, {x0, ym, hr}}},
      {"RoofSurface", {{x1, y1, he}, {x0, y1, he}, {x0, ym, hr}, {x1, ym, hr}}},
  };
  TempDir dir;
  const Twin twin = import_one(dir, city_model(building("house", semantic_surfaces(faces),
                                                        "<bldg:function>31001_1010</bldg:function>"
                                                        "<bldg:storeysAboveGround>1</bldg:storeysAboveGround>")));
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NEAR(b.footprint_area_m2[0], 120.0, 1e-6);
  EXPECT_NEAR(b.volume_m3[0], 12 * 10 * 3 + 0.5 * 10 * 2 * 12, 1e-6);              // 480
  EXPECT_NEAR(b.wall_area_m2[0], 2 * 12 * 3 + 2 * (10 * 3 + 0.5 * 10 * 2), 1e-6);  // 152
  EXPECT_NEAR(b.roof_area_m2[0], 2 * 12 * std::sqrt(5.0 * 5.0 + 2.0 * 2.0), 1e-6);
  EXPECT_NEAR(b.height_m[0], 5.0, 1e-9);
  EXPECT_NEAR(sector_wall(b, 0, 2), 40.0, 1e-6);  // east gable
  EXPECT_NEAR(sector_wall(b, 0, 4), 36.0, 1e-6);  // south
  EXPECT_EQ(b.alkis_function[0], 1010);
  EXPECT_EQ(b.storeys[0], 1);
  EXPECT_EQ(b.prov_storeys[0], Provenance::measured);
}

TEST(CityGmlImport, TouchingBoxesShareWallOncePerSide) {
  // A: 10 × 8 × 6 m; B east of it: 10 × 8 × 9 m, its west wall split in two polygons (0–4 m, 4–9 m).
  auto b_faces = box_faces(X0 + 10, Y0, 10, 8, 9);
  b_faces.pop_back();  // west wall
  const double x = X0 + 10, y1 = Y0 + 8;
  b_faces.push_back({"WallSurface", {{x, y1, Z0}, {x, Y0, Z0}, {x, Y0, Z0 + 4}, {x, y1, Z0 + 4}}});
  b_faces.push_back({"WallSurface", {{x, y1, Z0 + 4}, {x, Y0, Z0 + 4}, {x, Y0, Z0 + 9}, {x, y1, Z0 + 9}}});
  TempDir dir;
  ImportReport report;
  const Twin twin = import_one(dir,
                               city_model(building("A", semantic_surfaces(box_faces(X0, Y0, 10, 8, 6))) +
                                          building("B", semantic_surfaces(b_faces))),
                               &report);
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_NEAR(b.shared_wall_area_m2[0], 48.0, 1e-6);  // A's whole east wall, counted once
  EXPECT_NEAR(b.shared_wall_area_m2[1], 48.0, 1e-6);  // the part of B's wall below A's roof
  EXPECT_NEAR(b.wall_area_m2[0], 216.0, 1e-6);        // shared walls are part of the wall area
  EXPECT_NEAR(b.wall_area_m2[1], 2 * (10 + 8) * 9.0, 1e-6);
  EXPECT_NEAR(sector_wall(b, 0, 2), 0.0, 1e-6);          // A has no exposed east wall
  EXPECT_NEAR(sector_wall(b, 1, 6), 72.0 - 48.0, 1e-6);  // B's west wall above A
  EXPECT_NEAR(b.volume_m3[1], 720.0, 1e-6);
  EXPECT_EQ(report.skipped.count("shell not closed (volume from roof and ground surfaces)"), 0u);
  // Terraced: the shared wall makes A (small, attached) a terraced house.
  EXPECT_EQ(b.residential_type[0], static_cast<std::uint8_t>(ResidentialType::rh));
}

TEST(CityGmlImport, CoincidentBoxesAreOneBuildingAndACountedDuplicateFinding) {
  // Issue 20, class 1: a tile imported twice under new ids gives coincident buildings; 2,000 of
  // them took > 120 s in wall_overlaps/union_of. They are now one building plus a counted finding,
  // and a neighbour touching the stack still shares its wall once.
  constexpr int COPIES = 600;
  std::string members;
  for (int k = 0; k < COPIES; ++k)
    members += building(fmt::format("copy{}", k), semantic_surfaces(box_faces(X0, Y0, 10, 8, 6)));
  members += building("neighbour", semantic_surfaces(box_faces(X0 + 10, Y0, 10, 8, 6)));
  TempDir dir;
  ImportReport report;
  const Twin twin = import_one(dir, city_model(members), &report);
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(std::string(b.id[0]), "copy0");
  std::uint64_t duplicates = 0;
  for (const auto& [reason, count] : report.skipped)
    if (reason.find("duplicate geometry") != std::string::npos) duplicates += count;
  EXPECT_EQ(duplicates, static_cast<std::uint64_t>(COPIES - 1));
  EXPECT_NEAR(b.shared_wall_area_m2[0], 48.0, 1e-6);
  EXPECT_NEAR(b.shared_wall_area_m2[1], 48.0, 1e-6);
}

TEST(CityGmlSurfaceGeometry, CoincidentWallsCountOnce) {
  // The overlap search itself (used before duplicates are dropped, e.g. for building parts):
  // many coincident walls of other buildings cover a wall once, not many times.
  const Surface3 wall{{{0, 0, 0}, {10, 0, 0}, {10, 0, 6}, {0, 0, 6}}, {}};
  std::vector<Surface3> walls(400, wall);
  std::vector<WallRef> refs;
  for (std::size_t k = 0; k < walls.size(); ++k) refs.push_back(WallRef{&walls[k], static_cast<std::uint32_t>(k), 0});
  const auto overlaps = wall_overlaps(refs);
  ASSERT_EQ(overlaps.size(), walls.size());
  for (const auto& o : overlaps) EXPECT_NEAR(o.shared_m2, 60.0, 1e-6);
}

TEST(CityGmlImport, SharedWallsAcrossFilesOfADirectory) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "tiles");
  write_file(dir.file("tiles/b.gml"), city_model(building("B", semantic_surfaces(box_faces(X0 + 10, Y0, 10, 8, 6)))));
  write_file(dir.file("tiles/a.gml"), city_model(building("A", semantic_surfaces(box_faces(X0, Y0, 10, 8, 6)))));
  write_file(dir.file("tiles/readme.txt"), "not CityGML");
  EXPECT_TRUE(is_citygml_path(dir.file("tiles")));
  CityGmlImportOptions o;
  o.inputs = {dir.file("tiles")};
  const Twin twin = import_citygml(o);
  ASSERT_EQ(twin.buildings.size(), 2u);
  EXPECT_EQ(twin.buildings.id[0], "A");  // files in name order
  EXPECT_EQ(twin.buildings.id[1], "B");
  EXPECT_NEAR(twin.buildings.shared_wall_area_m2[0], 48.0, 1e-6);
  EXPECT_NEAR(twin.buildings.shared_wall_area_m2[1], 48.0, 1e-6);
}

TEST(CityGmlImport, Lod1SolidWithoutSemanticsInwardRings) {
  // LoD1 block as a gml:Solid with inward-oriented rings: classified by normal after the flip.
  std::string members;
  for (auto f : box_faces(X0, Y0, 10, 8, 6)) {
    std::reverse(f.ring.begin(), f.ring.end());
    members += "<gml:surfaceMember>" + polygon(f.ring) + "</gml:surfaceMember>";
  }
  const std::string solid = "<bldg:lod1Solid><gml:Solid><gml:exterior><gml:CompositeSurface>" + members +
                            "</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod1Solid>";
  TempDir dir;
  const Twin twin =
      import_one(dir, city_model(building("lod1", solid, "<bldg:measuredHeight uom=\"m\">6.5</bldg:measuredHeight>")));
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NEAR(b.volume_m3[0], 480.0, 1e-6);
  EXPECT_NEAR(b.wall_area_m2[0], 216.0, 1e-6);
  EXPECT_NEAR(b.roof_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(b.footprint_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(sector_wall(b, 0, 0), 60.0, 1e-6);
  EXPECT_NEAR(b.height_m[0], 6.5, 1e-12);  // measuredHeight wins
  EXPECT_EQ(b.prov_height[0], Provenance::measured);
}

TEST(CityGmlImport, BuildingPartsAggregatedInternalWallLeftOut) {
  // Two parts side by side: one building, volumes added, the wall between them is not envelope.
  const std::string parts =
      "<bldg:consistsOfBuildingPart><bldg:BuildingPart gml:id=\"p1\">"
      "<bldg:storeysAboveGround>2</bldg:storeysAboveGround>" +
      semantic_surfaces(box_faces(X0, Y0, 10, 8, 6)) +
      "</bldg:BuildingPart></bldg:consistsOfBuildingPart>"
      "<bldg:consistsOfBuildingPart><bldg:BuildingPart gml:id=\"p2\">"
      "<bldg:storeysAboveGround>3</bldg:storeysAboveGround>" +
      semantic_surfaces(box_faces(X0 + 10, Y0, 10, 8, 6)) + "</bldg:BuildingPart></bldg:consistsOfBuildingPart>";
  TempDir dir;
  const Twin twin = import_one(dir, city_model(building("whole", parts)));
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b.id[0], "whole");
  EXPECT_EQ(b.storeys[0], 3);  // the most storeys of a part
  EXPECT_NEAR(b.volume_m3[0], 960.0, 1e-6);
  EXPECT_NEAR(b.footprint_area_m2[0], 160.0, 1e-6);  // union of the ground surfaces
  EXPECT_NEAR(b.perimeter_m[0], 56.0, 1e-6);
  EXPECT_NEAR(b.wall_area_m2[0], 2 * (20 + 8) * 6.0, 1e-6);
  EXPECT_NEAR(b.shared_wall_area_m2[0], 0.0, 1e-9);
  EXPECT_NEAR(b.roof_area_m2[0], 160.0, 1e-6);
}

TEST(CityGmlImport, FzkHaus) {
  const CityGmlDocument doc = read_citygml_file(fzk_path());
  ASSERT_EQ(doc.buildings.size(), 1u);
  const auto& r = doc.buildings[0];
  EXPECT_EQ(r.id, "UUID_d281adfc-4901-0f52-540b-4cc1a9325f82");
  EXPECT_EQ(r.function, "1000");
  EXPECT_EQ(r.year_of_construction, 1948);
  EXPECT_EQ(r.storeys_above_ground, 2);
  EXPECT_EQ(r.roof_type, "1030");
  EXPECT_TRUE(std::isnan(r.measured_height_m));  // commented out in the file
  EXPECT_EQ(r.surfaces.size(), 7u);              // 4 walls, 2 roofs, 1 ground; the solid refers to them
  EXPECT_EQ(doc.crs_names.at(1), "urn:adv:crs:ETRS89_UTM32*DE_DHHN92_NH");

  TempDir dir;
  CityGmlImportOptions o;
  o.inputs = {fzk_path()};
  ImportReport report;
  const Twin twin = import_citygml(o, &report);
  ASSERT_EQ(twin.buildings.size(), 1u);
  const auto& b = twin.buildings;
  // From the coordinates: x 457842…457854 (12 m), y 5439083…5439093 (10 m), ground 111.8 m,
  // eaves 115.430940107676 m, ridge 118.317691453624 m along y = 5439088 (roof pitch 30°).
  const double eaves = 115.430940107676 - 111.8, rise = 118.317691453624 - 115.430940107676;
  EXPECT_NEAR(b.footprint_area_m2[0], 12.0 * 10.0, 1e-6);
  EXPECT_NEAR(b.height_m[0], eaves + rise, 1e-9);
  EXPECT_NEAR(b.volume_m3[0], 12 * 10 * eaves + 0.5 * 10 * rise * 12, 1e-6);  // 608.92 m³
  EXPECT_NEAR(b.wall_area_m2[0], 2 * 12 * eaves + 2 * (10 * eaves + 0.5 * 10 * rise), 1e-6);
  EXPECT_NEAR(b.roof_area_m2[0], 2 * 12 * std::hypot(5.0, rise), 1e-6);
  EXPECT_NEAR(sector_wall(b, 0, 0), 12 * eaves, 1e-6);             // north
  EXPECT_NEAR(sector_wall(b, 0, 6), 10 * eaves + 5 * rise, 1e-6);  // west gable
  EXPECT_EQ(b.alkis_function[0], 1000);
  EXPECT_EQ(static_cast<UseClass>(b.use_class[0]), UseClass::residential);
  EXPECT_EQ(b.year_of_construction[0], 1948);
  EXPECT_NEAR(b.heated_floor_area_m2[0], 0.32 * b.volume_m3[0], 1e-6);
  EXPECT_NEAR(b.x_m[0], 457848.0, 1e-6);
  EXPECT_NEAR(b.y_m[0], 5439088.0, 1e-6);
  EXPECT_EQ(twin.crs, "EPSG:25832");
  EXPECT_EQ(report.skipped.count("shell not closed (volume from roof and ground surfaces)"), 0u);
}

// ------------------------------------------------------------------------------- LoD2 roofs

/// A gable house w × d (ridge along the w side through the middle, eaves at `eaves` above Z0,
/// roof pitch `pitch_deg`), turned clockwise by `turn_deg` about (X0, Y0) as seen from above
/// (compass sense: the south roof then faces 180° + turn_deg). Closed, outward-oriented shell.
std::vector<Face> gable_house(double w, double d, double eaves, double pitch_deg, double turn_deg) {
  const double rise = 0.5 * d * std::tan(pitch_deg * std::numbers::pi / 180.0);
  const double ze = Z0 + eaves, zr = ze + rise;
  const double x0 = -0.5 * w, x1 = 0.5 * w, y0 = -0.5 * d, y1 = 0.5 * d, ym = 0.0;
  std::vector<Face> faces{{"GroundSurface", {{x0, y0, Z0}, {x0, y1, Z0}, {x1, y1, Z0}, {x1, y0, Z0}}},
                          {"RoofSurface", {{x0, y0, ze}, {x1, y0, ze}, {x1, ym, zr}, {x0, ym, zr}}},  // south
                          {"RoofSurface", {{x1, y1, ze}, {x0, y1, ze}, {x0, ym, zr}, {x1, ym, zr}}},  // north
                          {"WallSurface", {{x0, y0, Z0}, {x1, y0, Z0}, {x1, y0, ze}, {x0, y0, ze}}},
                          {"WallSurface", {{x1, y1, Z0}, {x0, y1, Z0}, {x0, y1, ze}, {x1, y1, ze}}},
                          {"WallSurface", {{x1, y0, Z0}, {x1, y1, Z0}, {x1, y1, ze}, {x1, ym, zr}, {x1, y0, ze}}},
                          {"WallSurface", {{x0, y1, Z0}, {x0, y0, Z0}, {x0, y0, ze}, {x0, ym, zr}, {x0, y1, ze}}}};
  const double a = turn_deg * std::numbers::pi / 180.0;
  for (auto& f : faces)
    for (auto& p : f.ring) {
      const double x = p[0], y = p[1];
      p[0] = X0 + x * std::cos(a) + y * std::sin(a);  // clockwise turn: north (0, 1) → (sin a, cos a)
      p[1] = Y0 - x * std::sin(a) + y * std::cos(a);
    }
  return faces;
}

TEST(CityGmlImport, GableRoofSurfacesAreKeptWithAnalyticTiltAzimuthAndArea) {
  TempDir dir;
  const double w = 12.0, d = 8.0, pitch = 40.0, turn = 30.0;
  const Twin twin =
      import_one(dir, city_model(building("gable", semantic_surfaces(gable_house(w, d, 6.0, pitch, turn)))));
  ASSERT_EQ(twin.buildings.size(), 1u);
  EXPECT_EQ(twin.buildings.geometry_check[0], static_cast<std::uint8_t>(ShellVerdict::valid));
  const RoofSurfaceSet& r = twin.roofs;
  ASSERT_TRUE(r.is_consistent(1));
  ASSERT_EQ(r.surfaces_of(0), 2u);
  EXPECT_NEAR(r.ground_z_m[0], Z0, 1e-9);
  const double area = w * 0.5 * d / std::cos(pitch * std::numbers::pi / 180.0);
  const std::array<double, 2> azimuth{180.0 + turn, turn};
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_EQ(r.source[s], RoofSource::lod2);
    EXPECT_EQ(r.vertex_begin[s + 1] - r.vertex_begin[s], 4u);  // open ring, no closing duplicate
    Ring3 ring;
    for (auto v = r.vertex_begin[s]; v < r.vertex_begin[s + 1]; ++v) ring.push_back({r.x_m[v], r.y_m[v], r.z_m[v]});
    const Point3 n = newell_vector_area(ring);
    const double a = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    const Point3 unit{n[0] / a, n[1] / a, n[2] / a};
    // The document holds coordinates to 1 µm (pos_list): areas to 1e-4 m², angles to 1e-4°.
    EXPECT_NEAR(a, area, 1e-4) << s;
    EXPECT_NEAR(tilt_deg(unit), pitch, 1e-4) << s;
    EXPECT_NEAR(azimuth_deg(unit), azimuth[s], 1e-4) << s;
  }
  EXPECT_NEAR(twin.buildings.roof_area_m2[0], 2.0 * area, 2e-4);
}

TEST(CityGmlImport, RoofsAfterRepairLeaveDegenerateSurfacesOut) {
  // The south roof's ring runs inwards (val3dity 307, repaired) and an extra roof polygon is
  // collapsed to a line (101/104, dropped): two roofs are kept, both with their area.
  TempDir dir;
  auto faces = gable_house(10.0, 8.0, 5.0, 35.0, 0.0);
  std::reverse(faces[1].ring.begin(), faces[1].ring.end());
  const double ze = Z0 + 5.0;
  faces.push_back({"RoofSurface", {{X0 - 5.0, Y0 - 4.0, ze}, {X0, Y0 - 4.0, ze}, {X0 + 5.0, Y0 - 4.0, ze}}});
  ImportReport report;
  const Twin twin = import_one(dir, city_model(building("flipped", semantic_surfaces(faces))), &report);
  ASSERT_EQ(twin.buildings.size(), 1u);
  EXPECT_EQ(twin.buildings.geometry_check[0], static_cast<std::uint8_t>(ShellVerdict::repaired));
  EXPECT_EQ(report.val3dity_errors.count(307), 1u);
  ASSERT_EQ(twin.roofs.surfaces_of(0), 2u);
  EXPECT_NEAR(twin.buildings.roof_area_m2[0], 2.0 * 10.0 * 4.0 / std::cos(35.0 * std::numbers::pi / 180.0), 2e-4);
}

TEST(CityGmlImport, FzkHausRoofsAreTwoThirtyDegreePlanes) {
  CityGmlImportOptions o;
  o.inputs = {fzk_path()};
  const Twin twin = import_citygml(o);
  const RoofSurfaceSet& r = twin.roofs;
  ASSERT_TRUE(r.is_consistent(1));
  ASSERT_EQ(r.surfaces_of(0), 2u);
  EXPECT_NEAR(r.ground_z_m[0], 111.8, 1e-9);
  const double rise = 118.317691453624 - 115.430940107676;
  std::vector<double> azimuths;
  for (std::size_t s = 0; s < 2; ++s) {
    Ring3 ring;
    for (auto v = r.vertex_begin[s]; v < r.vertex_begin[s + 1]; ++v) ring.push_back({r.x_m[v], r.y_m[v], r.z_m[v]});
    Point3 n = newell_vector_area(ring);
    const double a = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (n[2] < 0.0) n = {-n[0], -n[1], -n[2]};
    EXPECT_NEAR(a, 12.0 * std::hypot(5.0, rise), 1e-6);
    EXPECT_NEAR(tilt_deg({n[0] / a, n[1] / a, n[2] / a}), 30.0, 1e-6);
    const double az = azimuth_deg(n);
    azimuths.push_back(std::min(az, 360.0 - az));  // angle from north
  }
  std::sort(azimuths.begin(), azimuths.end());
  EXPECT_NEAR(azimuths[0], 0.0, 1e-6);  // ridge along y = 5439088: north and south faces
  EXPECT_NEAR(azimuths[1], 180.0, 1e-6);
}

// ------------------------------------------------------------------------------- bad input

void expect_input_error(const std::function<void()>& f, const std::vector<std::string>& needles) {
  try {
    f();
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    for (const auto& needle : needles) EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(CityGmlReader, MalformedXmlNamesFileAndLine) {
  TempDir dir;
  const std::string path = dir.file("bad.gml");
  write_file(path,
             "<?xml version=\"1.0\"?>\n<core:CityModel xmlns:core=\"http://www.opengis.net/citygml/2.0\">\n"
             "<a>\n</b>\n</core:CityModel>\n");
  expect_input_error([&] { read_citygml_file(path); }, {"bad.gml:4", "malformed XML", "mismatched tag"});
  CityGmlImportOptions o;
  o.inputs = {path};
  expect_input_error([&] { import_citygml(o); }, {"bad.gml:4"});
  // A non-numeric coordinate names the line too.
  const std::string xml = city_model(building("x", "\n" + semantic_surfaces(box_faces(X0, Y0, 10, 8, 6))));
  std::string broken = xml;
  broken.replace(broken.find("<gml:posList>") + 13, 6, "abcdef");
  expect_input_error([&] { parse_citygml(broken, "coords.gml"); }, {"coords.gml:", "not a number", "abcdef"});
}

TEST(CityGmlReader, BillionLaughsAndExternalEntityRefused) {
  const std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
      " <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n]>\n<lolz>&lol9;</lolz>\n";
  expect_input_error([&] { parse_citygml(laughs, "laughs.gml"); }, {"laughs.gml:3", "entity 'lol'", "refused"});
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
      "<core:CityModel xmlns:core=\"http://www.opengis.net/citygml/2.0\">&xxe;</core:CityModel>\n";
  try {
    parse_citygml(xxe, "xxe.gml");
    ADD_FAILURE() << "external entity accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("xxe.gml:3"), std::string::npos) << what;
    EXPECT_NE(what.find("external entity 'xxe'"), std::string::npos) << what;
    EXPECT_EQ(what.find("root:"), std::string::npos) << what;  // nothing of /etc/passwd leaked
  }
  // An external DTD subset is not fetched either: the document parses without it.
  const std::string external_dtd =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE foo SYSTEM \"file:///etc/passwd\">\n" +
      city_model("").substr(std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").size());
  EXPECT_NO_THROW(parse_citygml(external_dtd, "dtd.gml"));
}

TEST(CityGmlReader, ShortRingCountedAndSkipped) {
  std::string content = semantic_surfaces(box_faces(X0, Y0, 10, 8, 6));
  content += boundary("WallSurface", {{X0, Y0, Z0}, {X0 + 1, Y0, Z0}});  // 2 points
  const CityGmlDocument doc = parse_citygml(city_model(building("b", content)), "short.gml");
  ASSERT_EQ(doc.buildings.size(), 1u);
  EXPECT_EQ(doc.buildings[0].surfaces.size(), 6u);
  EXPECT_EQ(doc.warnings.at("degenerate ring (fewer than 3 distinct points or zero area) skipped"), 1u);
  TempDir dir;
  ImportReport report;
  const Twin twin = import_one(dir, city_model(building("b", content)), &report);
  EXPECT_NEAR(twin.buildings.wall_area_m2[0], 216.0, 1e-6);
  EXPECT_EQ(report.skipped.at("degenerate ring (fewer than 3 distinct points or zero area) skipped"), 1u);
}

TEST(CityGmlReader, MissingSrsNameUsesTwinCrsAndCounts) {
  TempDir dir;
  ImportReport report;
  const Twin twin =
      import_one(dir, city_model(building("b", semantic_surfaces(box_faces(X0, Y0, 10, 8, 6))), ""), &report);
  ASSERT_EQ(twin.buildings.size(), 1u);
  EXPECT_NEAR(twin.buildings.x_m[0], X0 + 5, 1e-6);  // no transformation
  const std::string key = "geometry without srsName (EPSG:25832 assumed; set it with --crs)";
  ASSERT_EQ(report.skipped.count(key), 1u);
  EXPECT_EQ(report.skipped.at(key), 1u);
}

TEST(CityGmlReader, ReprojectsFromSrsName) {
  // The same box given in EPSG:25833 lands in the EPSG:25832 twin with the same areas.
  TempDir dir;
  const double x33 = 300000.0, y33 = 5780000.0;
  const Twin twin = import_one(dir, city_model(building("b", semantic_surfaces(box_faces(x33, y33, 10, 8, 6))),
                                               "urn:adv:crs:ETRS89_UTM33*DE_DHHN2016_NH"));
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_GT(b.x_m[0], 600000.0);                           // now in zone 32 coordinates
  EXPECT_NEAR(b.footprint_area_m2[0], 80.0, 80.0 * 2e-3);  // UTM scale differs by < 0.2 % between zones
  EXPECT_NEAR(b.volume_m3[0], 480.0, 480.0 * 2e-3);
}

TEST(CityGmlReader, UnknownElementsSkippedAndOpeningsIgnored) {
  std::string content =
      "<gen:stringAttribute xmlns:gen=\"http://www.opengis.net/citygml/generics/2.0\" name=\"x\">"
      "<gen:value>y</gen:value></gen:stringAttribute><foo:bar xmlns:foo=\"urn:foo\"><gml:Polygon/>"
      "</foo:bar>";
  auto faces = box_faces(X0, Y0, 10, 8, 6);
  // A window polygon inside the south wall (bldg:opening) is not wall area.
  const std::string window =
      "<bldg:opening><bldg:Window><bldg:lod3MultiSurface><gml:MultiSurface><gml:surfaceMember>" +
      polygon({{X0 + 1, Y0, Z0 + 1}, {X0 + 2, Y0, Z0 + 1}, {X0 + 2, Y0, Z0 + 2}}) +
      "</gml:surfaceMember></gml:MultiSurface></bldg:lod3MultiSurface></bldg:Window></bldg:opening>";
  content += semantic_surfaces(faces);
  const auto at = content.find("</bldg:WallSurface>");
  content.insert(at, window);
  const CityGmlDocument doc = parse_citygml(city_model(building("b", content)), "unknown.gml");
  ASSERT_EQ(doc.buildings.size(), 1u);
  EXPECT_EQ(doc.buildings[0].surfaces.size(), 6u);
}

}  // namespace
}  // namespace heattwin::twin
