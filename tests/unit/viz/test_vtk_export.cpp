// VTK export against a hand-built twin (a box, an L, a courtyard building, one without a
// footprint, a two-pipe network) and a results file written here with the h5 layer following
// docs/results-schema.md. The files are read back with VTK's own XML readers: counts, the volume
// and roof area of every prism (from the written faces, by the divergence theorem), and every
// array value against the numbers that went in.
#include "viz/vtk_export.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <vtkCell.h>
#include <vtkCellData.h>
#include <vtkCellType.h>
#include <vtkDataArray.h>
#include <vtkFieldData.h>
#include <vtkIdList.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkStringArray.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLPolyDataReader.h>
#include <vtkXMLUnstructuredGridReader.h>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

constexpr double X0 = 680000.0, Y0 = 5780000.0;  // somewhere in Sachsen-Anhalt, EPSG:25832
using Ring = std::vector<std::array<double, 2>>;

Ring shifted(std::initializer_list<std::array<double, 2>> local) {
  Ring r;
  for (const auto& p : local) r.push_back({X0 + p[0], Y0 + p[1]});
  return r;
}

/// B1: 10 × 20 m box, 6 m high (clockwise ring, to test the orientation fix): a hexahedron.
/// B2: an L of 10 × 10 m minus 5 × 5 m, no height, 2 storeys, residential → 2 × 3 m. B3: 20 × 20 m
/// with a 10 × 10 m courtyard, 10 m (B2, B3: polyhedra). B4: no footprint. B5: a right triangle
/// with 10 m legs, 4 m high: a wedge. B6: 30 × 10 m with two 5 × 5 m holes (one clockwise, one
/// not), 3 m. Junctions J1 (0,0) J2 (50,0) J3 (50,40);
/// pipes P1 J1→J2, P2 J2→J3.
twin::Twin tiny_twin(bool with_network = true) {
  twin::Twin t;
  t.crs = "EPSG:25832";
  auto& b = t.buildings;
  const auto add = [&](const char* id, std::vector<Ring> rings, double height, std::uint16_t storeys) {
    b.append_unknown(id);
    b.append_footprint(rings);
    const std::size_t k = b.size() - 1;
    b.height_m[k] = height;
    b.storeys[k] = storeys;
    b.use_class[k] = static_cast<std::uint8_t>(twin::UseClass::residential);
    b.year_of_construction[k] = static_cast<std::int16_t>(1950 + 10 * k);
    b.age_class[k] = twin::age_class_of_year(b.year_of_construction[k]);
    b.heated_floor_area_m2[k] = 100.0 * static_cast<double>(k + 1);
    b.footprint_area_m2[k] = 1.0;
  };
  add("B1", {shifted({{0, 0}, {0, 20}, {10, 20}, {10, 0}})}, 6.0, 2);
  add("B2", {shifted({{30, 0}, {40, 0}, {40, 5}, {35, 5}, {35, 10}, {30, 10}})}, twin::NaN, 2);
  add("B3", {shifted({{60, 0}, {80, 0}, {80, 20}, {60, 20}}), shifted({{65, 5}, {65, 15}, {75, 15}, {75, 5}})}, 10.0,
      3);
  add("B4", {}, 5.0, 1);
  add("B5", {shifted({{90, 0}, {100, 0}, {90, 10}})}, 4.0, 1);
  add("B6",
      {shifted({{110, 0}, {140, 0}, {140, 10}, {110, 10}}), shifted({{112, 2}, {112, 7}, {117, 7}, {117, 2}}),
       shifted({{130, 3}, {135, 3}, {135, 8}, {130, 8}})},
      3.0, 1);
  b.finish_footprints();
  if (with_network) {
    auto& n = t.networks;
    n.names = {"north"};
    for (const auto& [id, x, y] : {std::tuple{"J1", 0.0, 0.0}, {"J2", 50.0, 0.0}, {"J3", 50.0, 40.0}}) {
      n.junctions.id.push_back(id);
      n.junctions.x_m.push_back(X0 + x);
      n.junctions.y_m.push_back(Y0 + y);
      n.junctions.elevation_m.push_back(80.0 + x / 10.0);
      n.junctions.network.push_back(0);
    }
    for (const auto& [id, from, to, length] : {std::tuple{"P1", 0u, 1u, 50.0}, {"P2", 1u, 2u, 40.0}}) {
      n.pipes.id.push_back(id);
      n.pipes.from_junction.push_back(from);
      n.pipes.to_junction.push_back(to);
      n.pipes.length_m.push_back(length);
      n.pipes.inner_diameter_m.push_back(0.1);
      n.pipes.roughness_mm.push_back(0.05);
      n.pipes.heat_loss_w_per_mk.push_back(0.3);
      n.pipes.burial_depth_m.push_back(1.0);
      n.pipes.side.push_back(0);
    }
  }
  return t;
}

const std::array<const char*, 2> CELLS{"CRS3035RES100mN3265800E4430000", "CRS3035RES100mN3265800E4430100"};

/// Heating of B1 and B2 in `year`; B3 has no results. Pipe and junction rows in reverse twin order.
double heating_kwh(int row, int year) { return (row == 0 ? 24000.0 : 9000.0) * (year == 2025 ? 1.0 : 0.5); }

void write_results(const std::string& path, const std::vector<int>& years, const std::string& b2_id = "B2",
                   bool with_network = true, const std::vector<std::string>& scenarios = {"base"}) {
  auto file = h5::File::create(path);
  const h5::Group root = file.root();
  heattwin::test::write_results_root(root, "[run]\nname = \"base\"\n");
  const h5::Group twin_group = root.create_group("twin");
  twin_group.set_attribute("crs", "EPSG:25832");
  const h5::Group all = root.create_group("results");
  for (const auto& scenario_name : scenarios) {
    const h5::Group scenario = all.create_group(scenario_name);
    for (const int year : years) {
      const h5::Group y = scenario.create_group(std::to_string(year));
      y.set_attribute("method", "EN ISO 13790 monthly");
      const h5::Group b = y.create_group("buildings");
      b.write_strings("id", {"B1", b2_id});
      b.write<std::int64_t>("twin_index", std::vector<std::int64_t>{0, 1});
      b.write<double>("heated_floor_area_m2", std::vector<double>{300.0, 120.0}, {.unit = "m2"});
      b.write<double>("annual_heating_kwh", std::vector<double>{heating_kwh(0, year), heating_kwh(1, year)},
                      {.unit = "kWh/a"});
      std::vector<double> monthly(24);
      for (std::size_t k = 0; k < 24; ++k) monthly[k] = static_cast<double>(k) + year;
      b.write<double>("monthly_heating_kwh", monthly, {.unit = "kWh", .columns = 12});
      std::vector<double> hourly(2 * 8760, 1.0);
      b.write<double>("hourly_test_w", hourly, {.unit = "W", .columns = 8760});
      const h5::Group r = y.create_group("regions");
      r.write_strings("ags", {"15001000"});
      r.write<double>("monthly_heating_kwh", std::vector<double>(12, 1.0), {.unit = "kWh", .columns = 12});
      const h5::Group g = y.create_group("grid");
      g.write_strings("cell_id", {CELLS[0], CELLS[1]});
      g.write<double>("annual_heating_kwh", std::vector<double>{30000.0, 3000.0}, {.unit = "kWh/a"});
      g.write<double>("annual_hot_water_kwh", std::vector<double>{5000.0, 500.0}, {.unit = "kWh/a"});
      if (with_network) {
        const h5::Group net = y.create_group("network");
        const h5::Group p = net.create_group("pipes");
        p.write_strings("id", {"P2", "P1"});
        p.write<std::int64_t>("twin_index", std::vector<std::int64_t>{1, 0});
        p.write<double>("mass_flow_kg_per_s", std::vector<double>{0.8, 2.5}, {.unit = "kg/s"});
        p.write<double>("velocity_m_per_s", std::vector<double>{0.1, 0.32}, {.unit = "m/s"});
        const h5::Group j = net.create_group("junctions");
        j.write_strings("id", {"J3", "J2", "J1"});
        j.write<std::int64_t>("twin_index", std::vector<std::int64_t>{2, 1, 0});
        j.write<double>("pressure_bar", std::vector<double>{4.0, 5.0, 6.0}, {.unit = "bar"});
        j.write<double>("t_supply_c", std::vector<double>{78.0, 79.0, 80.0}, {.unit = "degC"});
      }
    }
  }
  file.commit();
}

class VtkExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_vtk_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

vtkSmartPointer<vtkUnstructuredGrid> read_vtu(const fs::path& path) {
  vtkNew<vtkXMLUnstructuredGridReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetErrorCode(), 0) << path;
  return reader->GetOutput();
}

vtkSmartPointer<vtkPolyData> read_vtp(const fs::path& path) {
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetErrorCode(), 0) << path;
  return reader->GetOutput();
}

/// Volume of a 3-D cell, the signed (upward) area of its faces at z = top and the smallest
/// upward area of one of those faces, from the faces VTK gives for the cell (outward by VTK's
/// cell definitions; for polyhedra the written face stream). A roof triangulated without overlaps
/// or flipped triangles has only positive faces summing to the footprint area. Coordinates are
/// taken relative to the cell's first point so large UTM values cost no digits.
struct Measures {
  double volume, top_area, smallest_top_face;
};
Measures volume_and_top_area(vtkUnstructuredGrid& grid, vtkIdType cell_id, double top) {
  vtkCell* cell = grid.GetCell(cell_id);
  std::array<double, 3> o{};
  grid.GetPoint(cell->GetPointId(0), o.data());
  double six_v = 0.0, top_area = 0.0, smallest = std::numeric_limits<double>::infinity();
  for (int f = 0; f < cell->GetNumberOfFaces(); ++f) {
    vtkIdList* ids = cell->GetFace(f)->GetPointIds();
    std::vector<std::array<double, 3>> p(static_cast<std::size_t>(ids->GetNumberOfIds()));
    for (std::size_t k = 0; k < p.size(); ++k) {
      grid.GetPoint(ids->GetId(static_cast<vtkIdType>(k)), p[k].data());
      for (std::size_t d = 0; d < 3; ++d) p[k][d] -= o[d];
    }
    // Fan from p[0]: signed tetrahedron volumes with the origin o; area vector of the face.
    double up_area = 0.0;
    for (std::size_t k = 1; k + 1 < p.size(); ++k) {
      const auto& a = p[0];
      const auto& b = p[k];
      const auto& c = p[k + 1];
      const std::array<double, 3> bc{b[1] * c[2] - b[2] * c[1], b[2] * c[0] - b[0] * c[2], b[0] * c[1] - b[1] * c[0]};
      six_v += a[0] * bc[0] + a[1] * bc[1] + a[2] * bc[2];
      up_area += 0.5 * ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
    }
    bool at_top = true;
    for (const auto& q : p) at_top = at_top && std::abs(q[2] + o[2] - top) < 1e-12;
    if (at_top) {
      top_area += up_area;
      smallest = std::min(smallest, up_area);
    }
  }
  return {six_v / 6.0, top_area, smallest};
}

double value(vtkDataSetAttributes* data, const char* name, vtkIdType tuple, int component = 0) {
  vtkDataArray* a = data->GetArray(name);
  EXPECT_NE(a, nullptr) << name;
  return a == nullptr ? std::nan("") : a->GetComponent(tuple, component);
}

std::string string_value(vtkAbstractArray* a, vtkIdType k) {
  auto* s = vtkStringArray::SafeDownCast(a);
  EXPECT_NE(s, nullptr);
  return s == nullptr ? std::string() : s->GetValue(k);
}

TEST_F(VtkExportTest, BuildingsArePrismsWithTheirVolumesAndArrays) {
  const twin::Twin t = tiny_twin();
  write_results((dir_ / "results.h5").string(), {2025});
  const viz::Results r = viz::read_results((dir_ / "results.h5").string());
  const viz::VtkStep step = viz::write_vtk_step(t, r, dir_);
  EXPECT_EQ(step.buildings_written, 5u);
  EXPECT_EQ(step.buildings_without_footprint, 1u);
  EXPECT_EQ(step.buildings_default_height, 1u);
  EXPECT_EQ(step.buildings_without_results, 3u);
  EXPECT_EQ(step.buildings_file, dir_ / "base_2025_buildings.vtu");

  const auto grid = read_vtu(step.buildings_file);
  ASSERT_EQ(grid->GetNumberOfCells(), 5);
  EXPECT_EQ(grid->GetNumberOfPoints(), 2 * (4 + 6 + 8 + 3 + 12));
  const std::array<double, 5> height{6.0, 6.0, 10.0, 4.0, 3.0}, area{200.0, 75.0, 300.0, 50.0, 250.0};
  const std::array<int, 5> type{VTK_HEXAHEDRON, VTK_POLYHEDRON, VTK_POLYHEDRON, VTK_WEDGE, VTK_POLYHEDRON};
  for (vtkIdType c = 0; c < 5; ++c) {
    EXPECT_EQ(grid->GetCellType(c), type[static_cast<std::size_t>(c)]) << c;
    const auto m = volume_and_top_area(*grid, c, height[static_cast<std::size_t>(c)]);
    EXPECT_NEAR(m.volume, area[static_cast<std::size_t>(c)] * height[static_cast<std::size_t>(c)], 1e-6) << c;
    EXPECT_NEAR(m.top_area, area[static_cast<std::size_t>(c)], 1e-6) << c;  // up-facing: outward orientation
    EXPECT_GT(m.smallest_top_face, 1.0) << c;                               // no flipped or sliver roof triangles
    double bounds[6];
    grid->GetCellBounds(c, bounds);
    EXPECT_EQ(bounds[4], 0.0);
    EXPECT_EQ(bounds[5], height[static_cast<std::size_t>(c)]);
  }
  vtkCellData* cd = grid->GetCellData();
  EXPECT_EQ(string_value(cd->GetAbstractArray("building_id"), 0), "B1");
  EXPECT_EQ(string_value(cd->GetAbstractArray("building_id"), 2), "B3");
  EXPECT_EQ(string_value(cd->GetAbstractArray("building_id"), 3), "B5");
  EXPECT_TRUE(std::isnan(value(cd, "annual_heating_kwh", 3)));
  EXPECT_EQ(value(cd, "annual_heating_kwh", 0), 24000.0);
  EXPECT_EQ(value(cd, "annual_heating_kwh", 1), 9000.0);
  EXPECT_TRUE(std::isnan(value(cd, "annual_heating_kwh", 2)));
  EXPECT_EQ(value(cd, "specific_heating_kwh_per_m2a", 0), 24000.0 / 300.0);
  EXPECT_EQ(value(cd, "specific_heating_kwh_per_m2a", 1), 9000.0 / 120.0);
  EXPECT_EQ(value(cd, "heated_floor_area_m2", 1), 120.0);
  EXPECT_EQ(value(cd, "twin_heated_floor_area_m2", 2), 300.0);
  ASSERT_EQ(cd->GetArray("monthly_heating_kwh")->GetNumberOfComponents(), 12);
  EXPECT_EQ(value(cd, "monthly_heating_kwh", 1, 11), 23.0 + 2025.0);
  EXPECT_EQ(cd->GetArray("hourly_test_w"), nullptr);  // hourly series are left out
  EXPECT_EQ(value(cd, "height_m", 1), 6.0);
  EXPECT_EQ(value(cd, "height_from_default", 0), 0.0);
  EXPECT_EQ(value(cd, "height_from_default", 1), 1.0);
  EXPECT_EQ(value(cd, "year_of_construction", 2), 1970.0);
  EXPECT_EQ(value(cd, "age_class", 2), twin::age_class_of_year(1970));
  EXPECT_EQ(value(cd, "use_class", 0), 0.0);
  EXPECT_EQ(value(cd, "storeys", 2), 3.0);

  vtkFieldData* fd = grid->GetFieldData();
  EXPECT_EQ(fd->GetArray("TimeValue")->GetComponent(0, 0), 2025.0);
  EXPECT_EQ(string_value(fd->GetAbstractArray("crs"), 0), "EPSG:25832");
  EXPECT_EQ(string_value(fd->GetAbstractArray("use_class_names"), 0), "residential");
}

TEST_F(VtkExportTest, NoFootprintsGiveAnEmptyButValidFile) {
  twin::Twin t;
  t.buildings.append_unknown("B1");
  t.buildings.finish_footprints();
  viz::Results r;
  r.scenario = "empty";
  r.year = 2030;
  const viz::VtkStep step = viz::write_vtk_step(t, r, dir_);
  EXPECT_EQ(step.buildings_written, 0u);
  EXPECT_EQ(step.buildings_without_footprint, 1u);
  EXPECT_EQ(read_vtu(step.buildings_file)->GetNumberOfCells(), 0);
  EXPECT_EQ(read_vtp(step.grid_file)->GetNumberOfCells(), 0);
  EXPECT_TRUE(step.network_file.empty());
}

TEST_F(VtkExportTest, GridCellsAreTransformedQuadsWithHeatDensity) {
  const twin::Twin t = tiny_twin();
  write_results((dir_ / "results.h5").string(), {2025});
  const viz::VtkStep step = viz::write_vtk_step(t, viz::read_results((dir_ / "results.h5").string()), dir_);
  EXPECT_EQ(step.grid_cells_written, 2u);
  const auto poly = read_vtp(step.grid_file);
  ASSERT_EQ(poly->GetNumberOfCells(), 2);
  ASSERT_EQ(poly->GetNumberOfPoints(), 8);
  // The lower-left corner of the first cell, transformed independently.
  std::vector<double> x{4430000.0}, y{3265800.0};
  twin::CoordinateTransform("EPSG:3035", "EPSG:25832").transform(x, y);
  double p[3];
  poly->GetPoint(0, p);
  EXPECT_EQ(p[0], x[0]);
  EXPECT_EQ(p[1], y[0]);
  // Area (shoelace): 1 ha in EPSG:3035, within the UTM scale error there.
  vtkNew<vtkIdList> ids;
  poly->GetCellPoints(0, ids);
  ASSERT_EQ(ids->GetNumberOfIds(), 4);
  double a = 0.0;
  for (vtkIdType k = 0; k < 4; ++k) {
    double u[3], w[3];
    poly->GetPoint(ids->GetId(k), u);
    poly->GetPoint(ids->GetId((k + 1) % 4), w);
    a += (u[0] - p[0]) * (w[1] - p[1]) - (w[0] - p[0]) * (u[1] - p[1]);
  }
  EXPECT_NEAR(0.5 * a, 10000.0, 20.0);
  vtkCellData* cd = poly->GetCellData();
  EXPECT_EQ(value(cd, "heat_density_mwh_per_ha_a", 0), 35.0);
  EXPECT_EQ(value(cd, "heat_density_mwh_per_ha_a", 1), 3.5);
  EXPECT_EQ(value(cd, "annual_hot_water_kwh", 1), 500.0);
  EXPECT_EQ(string_value(cd->GetAbstractArray("cell_id"), 1), CELLS[1]);
}

TEST_F(VtkExportTest, NetworkLinesCarryPipeAndJunctionResultsByTwinIndex) {
  const twin::Twin t = tiny_twin();
  write_results((dir_ / "results.h5").string(), {2025});
  const viz::VtkStep step = viz::write_vtk_step(t, viz::read_results((dir_ / "results.h5").string()), dir_);
  EXPECT_EQ(step.pipes_written, 2u);
  const auto poly = read_vtp(step.network_file);
  ASSERT_EQ(poly->GetNumberOfPoints(), 3);
  ASSERT_EQ(poly->GetNumberOfLines(), 2);
  vtkNew<vtkIdList> ids;
  poly->GetCellPoints(1, ids);
  EXPECT_EQ(ids->GetId(0), 1);
  EXPECT_EQ(ids->GetId(1), 2);
  vtkCellData* cd = poly->GetCellData();
  EXPECT_EQ(value(cd, "mass_flow_kg_per_s", 0), 2.5);
  EXPECT_EQ(value(cd, "mass_flow_kg_per_s", 1), 0.8);
  EXPECT_EQ(value(cd, "velocity_m_per_s", 0), 0.32);
  EXPECT_EQ(value(cd, "length_m", 1), 40.0);
  EXPECT_EQ(cd->GetArray("twin_index"), nullptr);
  EXPECT_EQ(string_value(cd->GetAbstractArray("pipe_id"), 1), "P2");
  vtkPointData* pd = poly->GetPointData();
  EXPECT_EQ(value(pd, "pressure_bar", 0), 6.0);
  EXPECT_EQ(value(pd, "pressure_bar", 2), 4.0);
  EXPECT_EQ(value(pd, "t_supply_c", 1), 79.0);
  EXPECT_EQ(value(pd, "elevation_m", 1), 85.0);
  double p[3];
  poly->GetPoint(2, p);
  EXPECT_EQ(p[0], X0 + 50.0);
  EXPECT_EQ(p[1], Y0 + 40.0);
}

TEST_F(VtkExportTest, PvdListsEveryYearWithItsParts) {
  const twin::Twin t = tiny_twin();
  const std::string results = (dir_ / "results.h5").string();
  write_results(results, {2030, 2025});
  const fs::path out = dir_ / "vtk";
  const viz::VtkExportReport report = viz::export_vtk(t, results, out);
  ASSERT_EQ(report.steps.size(), 2u);
  ASSERT_EQ(report.pvd_files.size(), 1u);
  EXPECT_EQ(report.pvd_files[0], out / "base.pvd");
  std::stringstream text;
  text << std::ifstream(report.pvd_files[0]).rdbuf();
  const std::string pvd = text.str();
  const std::regex entry(R"re(<DataSet timestep="(\d+)" group="base" part="(\d)" name="(\w+)" file="([^"]+)"/>)re");
  std::vector<std::string> seen;
  for (auto it = std::sregex_iterator(pvd.begin(), pvd.end(), entry); it != std::sregex_iterator(); ++it) {
    const std::string year = (*it)[1], file = (*it)[4];
    seen.push_back(year + "/" + std::string((*it)[3]));
    ASSERT_TRUE(fs::exists(out / file)) << file;
    if (file.ends_with(".vtu")) {
      EXPECT_EQ(read_vtu(out / file)->GetNumberOfCells(), 5);
      const double heating = value(read_vtu(out / file)->GetCellData(), "annual_heating_kwh", 0);
      EXPECT_EQ(heating, heating_kwh(0, std::stoi(year))) << file;
    } else if (std::string((*it)[3]) == "grid") {
      EXPECT_EQ(read_vtp(out / file)->GetNumberOfCells(), 2);
    } else {
      EXPECT_EQ(read_vtp(out / file)->GetNumberOfLines(), 2);
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"2025/buildings", "2025/grid", "2025/network", "2030/buildings",
                                            "2030/grid", "2030/network"}));
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();  // no temporaries left
  }
}

TEST_F(VtkExportTest, EachScenarioGetsItsOwnPvd) {
  const std::string results = (dir_ / "results.h5").string();
  write_results(results, {2025, 2045}, "B2", true, {"base", "fast"});
  const auto report = viz::export_vtk(tiny_twin(), results, dir_ / "vtk");
  ASSERT_EQ(report.steps.size(), 4u);
  ASSERT_EQ(report.pvd_files.size(), 2u);
  for (const char* scenario : {"base", "fast"}) {
    std::stringstream text;
    text << std::ifstream(dir_ / "vtk" / (std::string(scenario) + ".pvd")).rdbuf();
    const std::string pvd = text.str();
    for (const int year : {2025, 2045}) {
      for (const char* part : {"buildings.vtu", "grid.vtp", "network.vtp"}) {
        const std::string file = fmt::format("{}_{}_{}", scenario, year, part);
        EXPECT_NE(pvd.find(fmt::format("timestep=\"{}\" group=\"{}\"", year, scenario)), std::string::npos);
        EXPECT_NE(pvd.find("file=\"" + file + "\""), std::string::npos) << file;
        EXPECT_TRUE(fs::exists(dir_ / "vtk" / file)) << file;
      }
    }
    EXPECT_EQ(pvd.find(std::string(scenario) == "base" ? "fast_" : "base_"), std::string::npos);
  }
}

TEST_F(VtkExportTest, TwinWithoutNetworkWritesNoNetworkFile) {
  const twin::Twin t = tiny_twin(false);
  const std::string results = (dir_ / "results.h5").string();
  write_results(results, {2025}, "B2", false);
  const auto report = viz::export_vtk(t, results, dir_ / "vtk");
  ASSERT_EQ(report.steps.size(), 1u);
  EXPECT_TRUE(report.steps[0].network_file.empty());
  EXPECT_FALSE(fs::exists(dir_ / "vtk" / "base_2025_network.vtp"));
  std::stringstream text;
  text << std::ifstream(report.pvd_files[0]).rdbuf();
  EXPECT_EQ(text.str().find("network"), std::string::npos);
}

TEST_F(VtkExportTest, ResultsOfAnotherTwinAreRefusedWithoutFiles) {
  const twin::Twin t = tiny_twin();
  const std::string results = (dir_ / "results.h5").string();
  write_results(results, {2025}, "B7");
  try {
    (void)viz::export_vtk(t, results, dir_ / "vtk");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'B7'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("another twin"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir_ / "vtk"));
  // Network results for a twin without a network.
  write_results(results, {2025});
  EXPECT_THROW((void)viz::export_vtk(tiny_twin(false), results, dir_ / "vtk2"), InputError);
}

TEST_F(VtkExportTest, MalformedGridCellIdIsNamed) {
  const twin::Twin t = tiny_twin();
  write_results((dir_ / "results.h5").string(), {2025});
  viz::Results r = viz::read_results((dir_ / "results.h5").string());
  r.grid.id[1] = "CRS3035RES100mN3265800X4430100";
  try {
    (void)viz::write_vtk_step(t, r, dir_);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("CRS3035RES100mN3265800X4430100"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir_ / "base_2025_grid.vtp"));
}

}  // namespace
