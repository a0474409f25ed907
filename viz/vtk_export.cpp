// VTK XML export (viz/vtk_export.hpp). The only translation unit of HeatTwin that includes VTK:
// the geometry is assembled in plain arrays first and handed to VTK in bulk.
#include "viz/vtk_export.hpp"

#include "viz/report.hpp"

#include "twin/atomic_file.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/imputation_rules.hpp"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCellType.h>
#include <vtkDoubleArray.h>
#include <vtkFieldData.h>
#include <vtkIdTypeArray.h>
#include <vtkIntArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkShortArray.h>
#include <vtkSmartPointer.h>
#include <vtkStringArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLPolyDataWriter.h>
#include <vtkXMLUnstructuredGridWriter.h>
#include <vtkXMLWriter.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <span>
#include <system_error>

namespace heattwin::viz {
namespace {

namespace fs = std::filesystem;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

/// 2-D results datasets with at most this many columns (monthly values) become multi-component
/// arrays; longer series (hourly) would multiply the file size and are left out.
constexpr std::size_t MAX_COMPONENTS = 12;

// ---------------------------------------------------------------------------------------------
// Footprint caps: convex rings without holes are one polygon face; anything else is triangulated
// by ear clipping after the holes are bridged into the outer ring (keyhole polygon).

struct Point2 {
  double x, y;
};

double cross(const Point2& o, const Point2& a, const Point2& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

double signed_area(std::span<const Point2> pts, std::span<const std::uint32_t> loop) {
  double a = 0.0;
  for (std::size_t i = 0, n = loop.size(); i < n; ++i) {
    const Point2& p = pts[loop[i]];
    const Point2& q = pts[loop[(i + 1) % n]];
    a += p.x * q.y - q.x * p.y;
  }
  return 0.5 * a;
}

/// True if the counter-clockwise loop turns left (strict) or goes straight (not strict) at every vertex.
bool is_convex(std::span<const Point2> pts, std::span<const std::uint32_t> loop, bool strict = false) {
  const std::size_t n = loop.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double turn = cross(pts[loop[i]], pts[loop[(i + 1) % n]], pts[loop[(i + 2) % n]]);
    if (turn < 0.0 || (strict && turn == 0.0)) return false;
  }
  return true;
}

bool same_point(const Point2& a, const Point2& b) { return a.x == b.x && a.y == b.y; }

/// True if segments ab and cd cross at a point interior to both (touching ends do not count).
bool segments_cross(const Point2& a, const Point2& b, const Point2& c, const Point2& d) {
  if (same_point(a, c) || same_point(a, d) || same_point(b, c) || same_point(b, d)) return false;
  const double d1 = cross(a, b, c), d2 = cross(a, b, d), d3 = cross(c, d, a), d4 = cross(c, d, b);
  return ((d1 > 0.0) != (d2 > 0.0)) && ((d3 > 0.0) != (d4 > 0.0)) && d1 != 0.0 && d2 != 0.0 && d3 != 0.0 && d4 != 0.0;
}

/// Merges the holes (clockwise) into the outer loop (counter-clockwise) through bridge edges.
/// Each hole is joined from its right-most vertex to the nearest loop vertex whose bridge crosses
/// no edge; holes are taken right-most first so later bridges see the earlier ones.
std::vector<std::uint32_t> bridge_holes(std::span<const Point2> pts, std::vector<std::uint32_t> loop,
                                        std::vector<std::vector<std::uint32_t>> holes) {
  std::ranges::sort(holes, [&](const auto& a, const auto& b) {
    const auto max_x = [&](const auto& h) {
      double m = -std::numeric_limits<double>::infinity();
      for (const auto v : h) m = std::max(m, pts[v].x);
      return m;
    };
    return max_x(a) > max_x(b);
  });
  for (const auto& hole : holes) {
    std::size_t hi = 0;
    for (std::size_t k = 1; k < hole.size(); ++k) {
      if (pts[hole[k]].x > pts[hole[hi]].x) hi = k;
    }
    const Point2& h = pts[hole[hi]];
    const auto crosses_any = [&](const Point2& p) {
      const auto crosses_loop = [&](std::span<const std::uint32_t> l) {
        for (std::size_t k = 0, n = l.size(); k < n; ++k) {
          if (segments_cross(h, p, pts[l[k]], pts[l[(k + 1) % n]])) return true;
        }
        return false;
      };
      if (crosses_loop(loop)) return true;
      for (const auto& other : holes) {
        if (crosses_loop(other)) return true;
      }
      return false;
    };
    std::size_t best = loop.size();
    double best_d2 = std::numeric_limits<double>::infinity();
    std::size_t nearest = 0;
    double nearest_d2 = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < loop.size(); ++k) {
      const Point2& p = pts[loop[k]];
      const double d2 = (p.x - h.x) * (p.x - h.x) + (p.y - h.y) * (p.y - h.y);
      if (d2 < nearest_d2) {
        nearest_d2 = d2;
        nearest = k;
      }
      if (d2 < best_d2 && !crosses_any(p)) {
        best_d2 = d2;
        best = k;
      }
    }
    if (best == loop.size()) best = nearest;  // no clean bridge (self-touching input): the nearest
    std::vector<std::uint32_t> merged;
    merged.reserve(loop.size() + hole.size() + 2);
    merged.insert(merged.end(), loop.begin(), loop.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    for (std::size_t k = 0; k <= hole.size(); ++k) merged.push_back(hole[(hi + k) % hole.size()]);
    merged.insert(merged.end(), loop.begin() + static_cast<std::ptrdiff_t>(best), loop.end());
    loop = std::move(merged);
  }
  return loop;
}

bool inside_triangle(const Point2& a, const Point2& b, const Point2& c, const Point2& p) {
  return cross(a, b, p) >= 0.0 && cross(b, c, p) >= 0.0 && cross(c, a, p) >= 0.0;
}

/// Ear clipping of a counter-clockwise loop (may touch itself at bridge vertices). Appends
/// triangles (counter-clockwise) as triples of point indices. O(n²) per loop; footprints are small.
void triangulate(std::span<const Point2> pts, std::vector<std::uint32_t> loop, std::vector<std::uint32_t>& triangles) {
  std::size_t guard = 0;
  std::size_t i = 0;
  while (loop.size() > 3) {
    const std::size_t n = loop.size();
    const std::uint32_t ia = loop[(i + n - 1) % n], ib = loop[i], ic = loop[(i + 1) % n];
    const Point2 &a = pts[ia], &b = pts[ib], &c = pts[ic];
    bool ear = cross(a, b, c) > 0.0;
    for (std::size_t k = 0; ear && k < n; ++k) {
      const Point2& p = pts[loop[k]];
      if (same_point(p, a) || same_point(p, b) || same_point(p, c)) continue;
      if (inside_triangle(a, b, c, p)) ear = false;
    }
    if (ear || guard > n) {  // no ear in a whole round (degenerate input): clip anyway
      triangles.insert(triangles.end(), {ia, ib, ic});
      loop.erase(loop.begin() + static_cast<std::ptrdiff_t>(i));
      guard = 0;
      if (i >= loop.size()) i = 0;
    } else {
      ++guard;
      i = (i + 1) % n;
    }
  }
  triangles.insert(triangles.end(), loop.begin(), loop.end());
}

// ---------------------------------------------------------------------------------------------
// Small helpers around VTK.

template <class ArrayT>
vtkSmartPointer<ArrayT> new_array(const char* name, std::size_t tuples, int components = 1) {
  auto a = vtkSmartPointer<ArrayT>::New();
  a->SetName(name);
  a->SetNumberOfComponents(components);
  a->SetNumberOfTuples(static_cast<vtkIdType>(tuples));
  return a;
}

vtkSmartPointer<vtkStringArray> string_array(const char* name, const std::vector<std::string>& values) {
  auto a = vtkSmartPointer<vtkStringArray>::New();
  a->SetName(name);
  a->SetNumberOfValues(static_cast<vtkIdType>(values.size()));
  for (std::size_t k = 0; k < values.size(); ++k) a->SetValue(static_cast<vtkIdType>(k), values[k]);
  return a;
}

template <std::size_t N>
vtkSmartPointer<vtkStringArray> names_array(const char* name, const std::array<std::string_view, N>& names) {
  std::vector<std::string> v(names.begin(), names.end());
  return string_array(name, v);
}

/// Field data every file carries: CRS, scenario, year (TimeValue, which ParaView reads as the
/// time of the dataset) and the unit of each array as "name: unit".
void add_field_data(vtkDataObject& data, const std::string& crs, const Results& results,
                    const std::vector<std::string>& units) {
  vtkFieldData* fd = data.GetFieldData();
  fd->AddArray(string_array("crs", {crs}));
  fd->AddArray(string_array("scenario", {results.scenario}));
  auto time = new_array<vtkDoubleArray>("TimeValue", 1);
  time->SetValue(0, results.year);
  fd->AddArray(time);
  fd->AddArray(string_array("units", units));
}

/// Copies the numeric columns of a results table into arrays of `n` tuples; row r of the table
/// goes to tuple target[r] (rows with target ≥ n are dropped), every other tuple is NaN.
void add_results_arrays(vtkDataSetAttributes& attributes, const ResultsTable& table,
                        std::span<const std::size_t> target, std::size_t n, std::vector<std::string>& units,
                        const std::vector<std::string>& skip = {}) {
  for (const auto& [name, column] : table.columns) {
    if (std::ranges::find(skip, name) != skip.end()) continue;
    auto a = new_array<vtkDoubleArray>(name.c_str(), n);
    a->Fill(NaN);
    for (std::size_t r = 0; r < column.size(); ++r) {
      if (target[r] < n) a->SetValue(static_cast<vtkIdType>(target[r]), column[r]);
    }
    attributes.AddArray(a);
    units.push_back(fmt::format("{}: {}", name, table.units.contains(name) ? table.units.at(name) : ""));
  }
  for (const auto& [name, matrix] : table.matrices) {
    if (matrix.cols > MAX_COMPONENTS || matrix.cols == 0) continue;
    auto a = new_array<vtkDoubleArray>(name.c_str(), n, static_cast<int>(matrix.cols));
    a->Fill(NaN);
    for (std::size_t r = 0; r < matrix.rows(); ++r) {
      if (target[r] >= n) continue;
      for (std::size_t c = 0; c < matrix.cols; ++c) {
        a->SetTypedComponent(static_cast<vtkIdType>(target[r]), static_cast<int>(c), matrix.at(r, c));
      }
    }
    attributes.AddArray(a);
    units.push_back(fmt::format("{}: {} ({} components)", name, table.units.contains(name) ? table.units.at(name) : "",
                                matrix.cols));
  }
}

/// Writes `data` with `writer` as appended raw binary, zlib at `level`, atomically. Ids (cell
/// connectivity, offsets, polyhedron faces) are written as 32-bit integers when `id_bound` (the
/// largest id or offset in the data) fits: less to compress, and compression is most of the time.
void write_xml(vtkXMLWriter& writer, vtkDataObject& data, const fs::path& path, int level, std::size_t id_bound) {
  twin::AtomicFile temp(path.string());
  writer.SetInputData(&data);
  writer.SetFileName(temp.temp_path().c_str());
  writer.SetDataModeToAppended();
  writer.EncodeAppendedDataOff();
  writer.SetCompressorTypeToZLib();
  writer.SetCompressionLevel(level);
  writer.SetHeaderTypeToUInt64();
  if (id_bound < static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    writer.SetIdTypeToInt32();
  } else {
    writer.SetIdTypeToInt64();
  }
  const int ok = writer.Write();
  HEATTWIN_CHECK_AS(IoError, ok == 1 && writer.GetErrorCode() == 0, "{}: VTK could not write the file (error {})",
                    path.string(), writer.GetErrorCode());
  temp.commit();
}

/// Parses "CRS3035RES100mN{north}E{east}" into metres (east, north). Throws InputError.
std::array<double, 2> parse_cell_id(const std::string& id, const std::string& where) {
  constexpr std::string_view prefix = "CRS3035RES100mN";
  const auto e = id.find('E', prefix.size());
  long long north = 0, east = 0;
  bool ok = id.starts_with(prefix) && e != std::string::npos;
  if (ok) {
    const char* first = id.data() + prefix.size();
    const auto [end_n, err_n] = std::from_chars(first, id.data() + e, north);
    const auto [end_e, err_e] = std::from_chars(id.data() + e + 1, id.data() + id.size(), east);
    ok = err_n == std::errc() && end_n == id.data() + e && err_e == std::errc() && end_e == id.data() + id.size();
  }
  HEATTWIN_CHECK(ok, "{}: grid cell id '{}' is not an INSPIRE 100 m id (CRS3035RES100mN<north>E<east>)", where, id);
  return {static_cast<double>(east), static_cast<double>(north)};
}

/// Row → element index of a results network table through its `twin_index` column.
std::vector<std::size_t> network_targets(const ResultsTable& table, std::size_t twin_count, const char* what) {
  const auto& index = table.column("twin_index");
  std::vector<std::size_t> target(index.size());
  for (std::size_t r = 0; r < index.size(); ++r) {
    const double v = index[r];
    HEATTWIN_CHECK(v >= 0.0 && v < static_cast<double>(twin_count) && v == std::floor(v),
                   "{}: row {} ('{}') has twin_index {} but the twin has {} {}: the results belong to another twin",
                   table.where, r, table.id[r], v, twin_count, what);
    target[r] = static_cast<std::size_t>(v);
  }
  return target;
}

// ---------------------------------------------------------------------------------------------

std::size_t write_buildings(const twin::Twin& twin, const Results& results, const fs::path& path,
                            const VtkExportOptions& options, VtkStep& step) {
  const twin::BuildingSet& b = twin.buildings;
  const twin::PolygonSet& fp = b.footprints;
  const std::size_t nb = b.size();
  HEATTWIN_CHECK(results.building_twin_index.size() == results.buildings.rows(), "{}: {} twin indices for {} buildings",
                 results.buildings.where, results.building_twin_index.size(), results.buildings.rows());
  std::vector<std::int64_t> row_of(nb, -1);
  for (std::size_t r = 0; r < results.building_twin_index.size(); ++r) {
    const std::int64_t t = results.building_twin_index[r];
    HEATTWIN_CHECK(
        t >= 0 && static_cast<std::size_t>(t) < nb && b.id[static_cast<std::size_t>(t)] == results.buildings.id[r],
        "{}: building '{}' (row {}) is not building {} of the twin ({} buildings): the results belong to "
        "another twin",
        results.buildings.where, results.buildings.id[r], r, t, nb);
    row_of[static_cast<std::size_t>(t)] = static_cast<std::int64_t>(r);
  }

  // Geometry: points (bottom ring vertices, then top), cell types, connectivity, and the face
  // stream of the polyhedra with its offsets (-1 for the standard cells).
  std::vector<double> xyz;
  std::vector<vtkIdType> conn_offsets{0}, connectivity, face_offsets, faces;
  std::vector<std::size_t> kept;    // twin index of each cell
  std::vector<std::uint8_t> types;  // VTK cell type of each cell
  std::vector<double> drawn_height;
  std::vector<std::uint8_t> from_default;
  xyz.reserve(fp.vertex_count() * 6);
  connectivity.reserve(fp.vertex_count() * 2);
  faces.reserve(fp.vertex_count() * 12);
  std::vector<Point2> pts;
  std::vector<std::uint32_t> outer, triangles;
  std::vector<std::vector<std::uint32_t>> holes;
  for (std::size_t k = 0; k < nb; ++k) {
    const std::size_t r0 = fp.ring_begin[k], r1 = fp.ring_begin[k + 1];
    if (r1 == r0 || fp.vertex_begin[r0 + 1] - fp.vertex_begin[r0] < 3) {
      ++step.buildings_without_footprint;
      continue;
    }
    double h = b.height_m[k];
    bool defaulted = false;
    if (!(std::isfinite(h) && h > 0.0)) {
      defaulted = true;
      h = b.storeys[k] > 0 ? b.storeys[k] * twin::storey_height_m(static_cast<twin::UseClass>(b.use_class[k]), {})
                           : options.default_height_m;
    }
    pts.clear();
    outer.clear();
    holes.clear();
    for (std::size_t r = r0; r < r1; ++r) {
      const std::size_t v0 = fp.vertex_begin[r], v1 = fp.vertex_begin[r + 1];
      if (v1 - v0 < 3) continue;  // a degenerate hole: nothing to draw
      std::vector<std::uint32_t> ring;
      for (std::size_t v = v0; v < v1; ++v) {
        ring.push_back(static_cast<std::uint32_t>(pts.size()));
        pts.push_back({fp.x_m[v], fp.y_m[v]});
      }
      const double a = signed_area(pts, ring);
      // Outer ring counter-clockwise, holes clockwise: the solid is then left of every edge.
      if ((r == r0) == (a < 0.0)) std::ranges::reverse(ring);
      if (r == r0) {
        outer = std::move(ring);
      } else {
        holes.push_back(std::move(ring));
      }
    }
    const auto n = static_cast<vtkIdType>(pts.size());
    const auto base = static_cast<vtkIdType>(xyz.size() / 3);
    for (const double z : {0.0, h}) {
      for (const Point2& p : pts) xyz.insert(xyz.end(), {p.x, p.y, z});
    }
    kept.push_back(k);
    drawn_height.push_back(h);
    from_default.push_back(defaulted ? 1 : 0);
    if (defaulted) ++step.buildings_default_height;
    if (row_of[k] < 0) ++step.buildings_without_results;
    // Strictly convex triangles and quadrilaterals without holes become standard cells (wedge,
    // hexahedron): no face stream, and every VTK filter handles them. Wedge bases are ordered
    // clockwise seen from above, hexahedron bases counter-clockwise (VTK's cell definitions).
    if (holes.empty() && (n == 3 || n == 4) && is_convex(pts, outer, true)) {
      for (const vtkIdType level : {base, base + n}) {
        if (n == 3) {
          connectivity.insert(connectivity.end(), {level + outer[2], level + outer[1], level + outer[0]});
        } else {
          for (const auto v : outer) connectivity.push_back(level + v);
        }
      }
      conn_offsets.push_back(static_cast<vtkIdType>(connectivity.size()));
      types.push_back(static_cast<std::uint8_t>(n == 3 ? VTK_WEDGE : VTK_HEXAHEDRON));
      face_offsets.push_back(-1);
      continue;
    }
    for (vtkIdType v = 0; v < 2 * n; ++v) connectivity.push_back(base + v);
    conn_offsets.push_back(static_cast<vtkIdType>(connectivity.size()));
    types.push_back(static_cast<std::uint8_t>(VTK_POLYHEDRON));

    face_offsets.push_back(static_cast<vtkIdType>(faces.size()));
    const std::size_t count_at = faces.size();
    faces.push_back(0);  // number of faces, set below
    vtkIdType face_count = 0;
    const auto cap = [&](std::span<const std::uint32_t> loop, bool top) {
      faces.push_back(static_cast<vtkIdType>(loop.size()));
      const vtkIdType offset = top ? base + n : base;
      if (top) {
        for (const auto v : loop) faces.push_back(offset + v);
      } else {
        for (auto it = loop.rbegin(); it != loop.rend(); ++it) faces.push_back(offset + *it);
      }
      ++face_count;
    };
    if (holes.empty() && is_convex(pts, outer)) {
      cap(outer, true);
      cap(outer, false);
    } else {
      triangles.clear();
      triangulate(pts, holes.empty() ? outer : bridge_holes(pts, outer, holes), triangles);
      for (const bool top : {true, false}) {
        for (std::size_t t = 0; t + 2 < triangles.size(); t += 3) cap(std::span(triangles).subspan(t, 3), top);
      }
    }
    const auto walls = [&](const std::vector<std::uint32_t>& ring) {
      for (std::size_t i = 0, m = ring.size(); i < m; ++i) {
        const vtkIdType p = ring[i], q = ring[(i + 1) % m];
        faces.insert(faces.end(), {4, base + p, base + q, base + n + q, base + n + p});
        ++face_count;
      }
    };
    walls(outer);
    for (const auto& hole : holes) walls(hole);
    faces[count_at] = face_count;
  }
  const std::size_t nc = kept.size();

  vtkNew<vtkUnstructuredGrid> grid;
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  // The VTK arrays borrow the vectors' memory (save = 1: VTK does not free it); the vectors are
  // declared before `grid`, so they outlive it. At state scale this saves a copy of the geometry.
  auto coords = vtkSmartPointer<vtkDoubleArray>::New();
  coords->SetNumberOfComponents(3);
  coords->SetArray(xyz.data(), static_cast<vtkIdType>(xyz.size()), 1);
  points->SetData(coords);
  grid->SetPoints(points);
  const auto id_array = [](std::vector<vtkIdType>& v) {
    auto a = vtkSmartPointer<vtkIdTypeArray>::New();
    a->SetArray(v.data(), static_cast<vtkIdType>(v.size()), 1);
    return a;
  };
  vtkNew<vtkCellArray> cells;
  cells->SetData(id_array(conn_offsets), id_array(connectivity));
  auto cell_types = new_array<vtkUnsignedCharArray>("types", nc);
  std::ranges::copy(types, cell_types->GetPointer(0));
  if (faces.empty()) {
    grid->SetCells(cell_types, cells);
  } else {
    grid->SetCells(cell_types, cells, id_array(face_offsets), id_array(faces));
  }

  // Cell data: results columns (NaN where not computed), derived values, twin attributes.
  std::vector<std::string> units;
  vtkCellData* cd = grid->GetCellData();
  std::vector<std::size_t> target(results.buildings.rows(), std::numeric_limits<std::size_t>::max());
  for (std::size_t c = 0; c < nc; ++c) {
    if (row_of[kept[c]] >= 0) target[static_cast<std::size_t>(row_of[kept[c]])] = c;
  }
  add_results_arrays(*cd, results.buildings, target, nc, units);
  if (results.buildings.columns.contains("annual_heating_kwh") &&
      results.buildings.columns.contains("heated_floor_area_m2")) {
    const auto& q = results.buildings.column("annual_heating_kwh");
    const auto& af = results.buildings.column("heated_floor_area_m2");
    auto a = new_array<vtkDoubleArray>("specific_heating_kwh_per_m2a", nc);
    a->Fill(NaN);
    for (std::size_t r = 0; r < target.size(); ++r) {
      if (target[r] < nc && af[r] > 0.0) a->SetValue(static_cast<vtkIdType>(target[r]), q[r] / af[r]);
    }
    cd->AddArray(a);
    units.emplace_back("specific_heating_kwh_per_m2a: kWh/(m2.a)");
  }
  const auto twin_column = [&]<class ArrayT, class T>(const char* name, const std::vector<T>& column,
                                                      const char* unit) {
    auto a = new_array<ArrayT>(name, nc);
    for (std::size_t c = 0; c < nc; ++c) a->SetValue(static_cast<vtkIdType>(c), column[kept[c]]);
    cd->AddArray(a);
    units.push_back(fmt::format("{}: {}", name, unit));
  };
  twin_column.operator()<vtkUnsignedCharArray>("use_class", b.use_class, "code, see field use_class_names");
  twin_column.operator()<vtkUnsignedCharArray>("residential_type", b.residential_type,
                                               "code, see field residential_type_names");
  twin_column.operator()<vtkUnsignedCharArray>("age_class", b.age_class, "TABULA age class 1..12, 0 unknown");
  twin_column.operator()<vtkShortArray>("year_of_construction", b.year_of_construction, "a, 0 unknown");
  twin_column.operator()<vtkUnsignedShortArray>("storeys", b.storeys, "1, 0 unknown");
  twin_column.operator()<vtkDoubleArray>("footprint_area_m2", b.footprint_area_m2, "m2");
  twin_column.operator()<vtkDoubleArray>("twin_heated_floor_area_m2", b.heated_floor_area_m2, "m2");
  twin_column.operator()<vtkUnsignedCharArray>("heating_carrier", b.heating_carrier, "code, see field carrier_names");
  auto height = new_array<vtkDoubleArray>("height_m", nc);
  std::ranges::copy(drawn_height, height->GetPointer(0));
  cd->AddArray(height);
  units.emplace_back("height_m: m (as drawn)");
  auto defaulted = new_array<vtkUnsignedCharArray>("height_from_default", nc);
  std::ranges::copy(from_default, defaulted->GetPointer(0));
  cd->AddArray(defaulted);
  units.emplace_back("height_from_default: 1 = height from storeys or the default, 0 = twin height");
  std::vector<std::string> ids(nc);
  for (std::size_t c = 0; c < nc; ++c) ids[c] = std::string(b.id[kept[c]]);
  cd->AddArray(string_array("building_id", ids));

  add_field_data(*grid, twin.crs, results, units);
  vtkFieldData* fd = grid->GetFieldData();
  fd->AddArray(names_array("use_class_names", twin::USE_CLASS_NAMES));
  fd->AddArray(names_array("residential_type_names", twin::RESIDENTIAL_TYPE_NAMES));
  fd->AddArray(names_array("carrier_names", twin::CARRIER_NAMES));

  vtkNew<vtkXMLUnstructuredGridWriter> writer;
  write_xml(*writer, *grid, path, options.compression_level,
            std::max({xyz.size(), faces.size() + face_offsets.size(), connectivity.size()}));
  return nc;
}

std::size_t write_grid(const twin::Twin& twin, const Results& results, const fs::path& path,
                       const VtkExportOptions& options) {
  const ResultsTable& table = results.grid;
  const std::size_t nc = table.rows();
  std::vector<double> x(4 * nc), y(4 * nc);
  for (std::size_t c = 0; c < nc; ++c) {
    const auto [e, n] = parse_cell_id(table.id[c], table.where);
    // Counter-clockwise seen from above: lower-left, lower-right, upper-right, upper-left.
    const std::array<double, 4> cx{e, e + 100.0, e + 100.0, e}, cy{n, n, n + 100.0, n + 100.0};
    for (std::size_t k = 0; k < 4; ++k) {
      x[4 * c + k] = cx[k];
      y[4 * c + k] = cy[k];
    }
  }
  const twin::CoordinateTransform to_twin("EPSG:3035", twin.crs);
  to_twin.transform(x, y);
  for (std::size_t k = 0; k < x.size(); ++k) {
    HEATTWIN_CHECK(std::isfinite(x[k]) && std::isfinite(y[k]), "{}: cell '{}' cannot be transformed to {}", table.where,
                   table.id[k / 4], twin.crs);
  }
  vtkNew<vtkPolyData> poly;
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(static_cast<vtkIdType>(x.size()));
  for (std::size_t k = 0; k < x.size(); ++k) points->SetPoint(static_cast<vtkIdType>(k), x[k], y[k], 0.0);
  poly->SetPoints(points);
  vtkNew<vtkCellArray> quads;
  quads->AllocateExact(static_cast<vtkIdType>(nc), static_cast<vtkIdType>(4 * nc));
  for (std::size_t c = 0; c < nc; ++c) {
    const auto p = static_cast<vtkIdType>(4 * c);
    const std::array<vtkIdType, 4> ids{p, p + 1, p + 2, p + 3};
    quads->InsertNextCell(4, ids.data());
  }
  poly->SetPolys(quads);

  std::vector<std::string> units;
  vtkCellData* cd = poly->GetCellData();
  std::vector<std::size_t> target(nc);
  for (std::size_t c = 0; c < nc; ++c) target[c] = c;
  add_results_arrays(*cd, table, target, nc, units);
  if (table.columns.contains("annual_heating_kwh")) {
    // A 100 m cell of the equal-area EPSG:3035 grid is exactly 1 ha.
    const auto& heating = table.column("annual_heating_kwh");
    const std::vector<double>* hot_water =
        table.columns.contains("annual_hot_water_kwh") ? &table.column("annual_hot_water_kwh") : nullptr;
    auto a = new_array<vtkDoubleArray>("heat_density_mwh_per_ha_a", nc);
    for (std::size_t c = 0; c < nc; ++c) {
      const double dhw = hot_water != nullptr && std::isfinite((*hot_water)[c]) ? (*hot_water)[c] : 0.0;
      a->SetValue(static_cast<vtkIdType>(c), (heating[c] + dhw) / 1000.0);
    }
    cd->AddArray(a);
    units.emplace_back("heat_density_mwh_per_ha_a: MWh/(ha.a), space heating + hot water");
  }
  cd->AddArray(string_array("cell_id", table.id));
  add_field_data(*poly, twin.crs, results, units);

  vtkNew<vtkXMLPolyDataWriter> writer;
  write_xml(*writer, *poly, path, options.compression_level, 4 * nc);
  return nc;
}

std::size_t write_network(const twin::Twin& twin, const Results& results, const fs::path& path,
                          const VtkExportOptions& options) {
  const twin::NetworkJunctions& j = twin.networks.junctions;
  const twin::NetworkPipes& p = twin.networks.pipes;
  const std::size_t nj = j.size(), np = p.size();
  vtkNew<vtkPolyData> poly;
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(static_cast<vtkIdType>(nj));
  for (std::size_t k = 0; k < nj; ++k) points->SetPoint(static_cast<vtkIdType>(k), j.x_m[k], j.y_m[k], 0.0);
  poly->SetPoints(points);
  vtkNew<vtkCellArray> lines;
  lines->AllocateExact(static_cast<vtkIdType>(np), static_cast<vtkIdType>(2 * np));
  for (std::size_t k = 0; k < np; ++k) {
    HEATTWIN_CHECK(p.from_junction[k] < nj && p.to_junction[k] < nj, "twin: pipe '{}' refers to junction {} / {} of {}",
                   p.id[k], p.from_junction[k], p.to_junction[k], nj);
    const std::array<vtkIdType, 2> ends{static_cast<vtkIdType>(p.from_junction[k]),
                                        static_cast<vtkIdType>(p.to_junction[k])};
    lines->InsertNextCell(2, ends.data());
  }
  poly->SetLines(lines);

  std::vector<std::string> units;
  vtkCellData* cd = poly->GetCellData();
  vtkPointData* pd = poly->GetPointData();
  const auto column = [&]<class ArrayT, class T>(vtkDataSetAttributes& attributes, const char* name,
                                                 const std::vector<T>& values, const char* unit) {
    auto a = new_array<ArrayT>(name, values.size());
    std::ranges::copy(values, a->GetPointer(0));
    attributes.AddArray(a);
    units.push_back(fmt::format("{}: {}", name, unit));
  };
  column.operator()<vtkDoubleArray>(*cd, "length_m", p.length_m, "m");
  column.operator()<vtkDoubleArray>(*cd, "inner_diameter_m", p.inner_diameter_m, "m");
  column.operator()<vtkDoubleArray>(*cd, "roughness_mm", p.roughness_mm, "mm");
  column.operator()<vtkDoubleArray>(*cd, "heat_loss_w_per_mk", p.heat_loss_w_per_mk, "W/(m.K)");
  column.operator()<vtkDoubleArray>(*cd, "burial_depth_m", p.burial_depth_m, "m");
  column.operator()<vtkUnsignedCharArray>(*cd, "side", p.side, "0 supply, 1 return");
  std::vector<std::uint32_t> pipe_network(np);
  for (std::size_t k = 0; k < np; ++k) pipe_network[k] = j.network[p.from_junction[k]];
  std::vector<std::string> pipe_ids(np), junction_ids(nj);
  for (std::size_t k = 0; k < np; ++k) pipe_ids[k] = std::string(p.id[k]);
  for (std::size_t k = 0; k < nj; ++k) junction_ids[k] = std::string(j.id[k]);
  const auto as_int = [](const std::vector<std::uint32_t>& v) { return std::vector<int>(v.begin(), v.end()); };
  column.operator()<vtkIntArray>(*cd, "network", as_int(pipe_network), "index into field network_names");
  cd->AddArray(string_array("pipe_id", pipe_ids));
  column.operator()<vtkDoubleArray>(*pd, "elevation_m", j.elevation_m, "m");
  column.operator()<vtkIntArray>(*pd, "network", as_int(j.network), "index into field network_names");
  pd->AddArray(string_array("junction_id", junction_ids));

  const auto it_pipes = results.network.find("pipes");
  if (it_pipes != results.network.end()) {
    const auto target = network_targets(it_pipes->second, np, "pipes");
    add_results_arrays(*cd, it_pipes->second, target, np, units, {"twin_index"});
  }
  const auto it_junctions = results.network.find("junctions");
  if (it_junctions != results.network.end()) {
    const auto target = network_targets(it_junctions->second, nj, "junctions");
    add_results_arrays(*pd, it_junctions->second, target, nj, units, {"twin_index"});
  }
  add_field_data(*poly, twin.crs, results, units);
  poly->GetFieldData()->AddArray(string_array("network_names", twin.networks.names));

  vtkNew<vtkXMLPolyDataWriter> writer;
  write_xml(*writer, *poly, path, options.compression_level, std::max(nj, 2 * np));
  return np;
}

}  // namespace

VtkStep write_vtk_step(const twin::Twin& twin, const Results& results, const fs::path& dir,
                       const VtkExportOptions& options) {
  HEATTWIN_CHECK(options.compression_level >= 1 && options.compression_level <= 9,
                 "VTK export: compression level {} is not in 1..9", options.compression_level);
  HEATTWIN_CHECK(std::isfinite(options.default_height_m) && options.default_height_m > 0.0,
                 "VTK export: default height {} m is not positive", options.default_height_m);
  HEATTWIN_CHECK(results.twin_crs.empty() || results.twin_crs == twin.crs,
                 "{}: the results are for a twin in {} but the twin is in {}: the results belong to another twin",
                 results.path, results.twin_crs, twin.crs);
  VtkStep step;
  step.scenario = results.scenario;
  step.year = results.year;
  const std::string stem = fmt::format("{}_{}", results.scenario, results.year);
  step.buildings_file = dir / (stem + "_buildings.vtu");
  step.grid_file = dir / (stem + "_grid.vtp");
  step.buildings_written = write_buildings(twin, results, step.buildings_file, options, step);
  step.grid_cells_written = write_grid(twin, results, step.grid_file, options);
  if (twin.networks.pipes.size() > 0) {
    step.network_file = dir / (stem + "_network.vtp");
    step.pipes_written = write_network(twin, results, step.network_file, options);
  } else {
    for (const char* name : {"pipes", "junctions"}) {  // rows that would need twin elements
      const auto it = results.network.find(name);
      HEATTWIN_CHECK(it == results.network.end() || it->second.rows() == 0,
                     "{}: {} network rows but the twin has no network: the results belong to another twin",
                     it->second.where, it->second.rows());
    }
  }
  return step;
}

void write_pvd(const fs::path& path, const std::vector<VtkStep>& steps) {
  std::string text =
      "<?xml version=\"1.0\"?>\n"
      "<VTKFile type=\"Collection\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">\n"
      "  <Collection>\n";
  const fs::path folder = path.parent_path();
  for (const VtkStep& s : steps) {
    const std::array<std::pair<const char*, const fs::path*>, 3> parts{
        {{"buildings", &s.buildings_file}, {"grid", &s.grid_file}, {"network", &s.network_file}}};
    for (std::size_t part = 0; part < parts.size(); ++part) {
      if (parts[part].second->empty()) continue;
      fmt::format_to(std::back_inserter(text),
                     "    <DataSet timestep=\"{}\" group=\"{}\" part=\"{}\" name=\"{}\" file=\"{}\"/>\n", s.year,
                     html_escape(s.scenario), part, parts[part].first,
                     html_escape(parts[part].second->lexically_relative(folder).generic_string()));
    }
  }
  text += "  </Collection>\n</VTKFile>\n";
  twin::write_file_atomically(path.string(), text);
}

VtkExportReport export_vtk(const twin::Twin& twin, const std::string& results_path, const fs::path& dir,
                           const VtkExportOptions& options) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  HEATTWIN_CHECK_AS(IoError, !ec, "{}: cannot create the folder: {}", dir.string(), ec.message());
  VtkExportReport report;
  std::map<std::string, std::vector<VtkStep>> by_scenario;
  std::vector<std::string> scenario_order;
  for (const auto& [scenario, year] : list_results(results_path)) {
    const Results results = read_results(results_path, scenario, year);
    report.steps.push_back(write_vtk_step(twin, results, dir, options));
    if (!by_scenario.contains(scenario)) scenario_order.push_back(scenario);
    by_scenario[scenario].push_back(report.steps.back());
  }
  for (const auto& scenario : scenario_order) {
    auto& steps = by_scenario[scenario];
    std::ranges::stable_sort(steps, {}, &VtkStep::year);
    const fs::path pvd = dir / (scenario + ".pvd");
    write_pvd(pvd, steps);
    report.pvd_files.push_back(pvd);
  }
  return report;
}

}  // namespace heattwin::viz
