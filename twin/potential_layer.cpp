#include "twin/potential_layer.hpp"

#include "twin/crs.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

namespace heattwin::twin {

namespace {

constexpr std::array<std::string_view, POTENTIAL_KIND_COUNT> KIND_NAMES = {
    "waste_heat", "waste_water", "surface_water", "ground_source", "solar_thermal", "biomass"};

/// A numeric attribute: nullopt if the field is missing or the value null/empty; throws if the
/// value is not a number.
std::optional<double> number_field(const OGRFeature& f, int field, const std::string& where, std::string_view name) {
  if (field < 0 || !f.IsFieldSetAndNotNull(field)) return std::nullopt;
  const OGRFieldType type = f.GetFieldDefnRef(field)->GetType();
  if (type == OFTReal || type == OFTInteger || type == OFTInteger64) return f.GetFieldAsDouble(field);
  const std::string text = f.GetFieldAsString(field);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  HEATTWIN_CHECK(end != nullptr && *end == '\0' && std::isfinite(v), "{}: {} '{}' is not a number", where, name, text);
  return v;
}

/// Area of a ring (shoelace), m², for open or closed rings.
double ring_area_m2(const std::vector<double>& x, const std::vector<double>& y) {
  double twice = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t j = (i + 1) % x.size();
    twice += x[i] * y[j] - x[j] * y[i];
  }
  return std::abs(twice) / 2.0;
}

}  // namespace

std::string_view potential_kind_name(PotentialKind kind) { return KIND_NAMES.at(static_cast<std::size_t>(kind)); }

std::optional<PotentialKind> potential_kind_from_name(std::string_view name) {
  for (std::size_t k = 0; k < KIND_NAMES.size(); ++k)
    if (KIND_NAMES[k] == name) return static_cast<PotentialKind>(k);
  return std::nullopt;
}

std::array<double, POTENTIAL_KIND_COUNT> PotentialSet::capacity_by_kind_mwh_per_a() const {
  std::array<double, POTENTIAL_KIND_COUNT> sum{};
  for (std::size_t i = 0; i < size(); ++i) sum.at(kind[i]) += capacity_mwh_per_a[i];
  return sum;
}

bool PotentialSet::has_kind(PotentialKind k) const {
  return std::find(kind.begin(), kind.end(), static_cast<std::uint8_t>(k)) != kind.end();
}

void load_default_area_yields(const std::string& path, PotentialAreaYields& yields) {
  const CsvTable t = read_csv(path);
  const std::size_t c_kind = t.column("kind"), c_yield = t.column("yield_kwh_per_m2a"), c_source = t.column("source");
  bool seen_ground = false, seen_solar = false;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string where = fmt::format("{}:{}", path, t.line_of_row[r]);
    const double v = parse_double(row[c_yield], where, "yield_kwh_per_m2a");
    HEATTWIN_CHECK(std::isfinite(v) && v >= 0.0 && v <= 5000.0,
                   "{}: yield_kwh_per_m2a {} is outside [0, 5000] kWh per m² of land and year", where, v);
    HEATTWIN_CHECK(!row[c_source].empty(), "{}: the row has no source (every default yield is cited)", where);
    if (row[c_kind] == "ground_source") {
      HEATTWIN_CHECK(!seen_ground, "{}: ground_source appears twice", where);
      seen_ground = true;
      yields.ground_source_default_kwh_per_m2a = v;
    } else if (row[c_kind] == "solar_thermal") {
      HEATTWIN_CHECK(!seen_solar, "{}: solar_thermal appears twice", where);
      seen_solar = true;
      yields.solar_thermal_default_kwh_per_m2a = v;
    } else {
      throw InputError(
          fmt::format("{}: kind '{}' has no area yield (use ground_source or solar_thermal)", where, row[c_kind]));
    }
  }
}

PotentialSet read_potential_layer(const std::string& path, const std::string& layer_name, const std::string& twin_crs,
                                  const PotentialAreaYields& yields) {
  const GdalDatasetPtr ds = open_vector_file(path, "heat potentials");
  OGRLayer* layer = layer_name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer_name.c_str());
  HEATTWIN_CHECK(layer != nullptr, "{}: no layer '{}' with heat potentials", path,
                 layer_name.empty() ? "0" : layer_name);
  const CoordinateTransform ct(layer_crs_wkt(*layer, path, "; the potentials layer needs one (e.g. EPSG:25832)"),
                               twin_crs);
  OGRFeatureDefn& defn = *layer->GetLayerDefn();
  const int f_kind = defn.GetFieldIndex("kind");
  const int f_capacity = defn.GetFieldIndex("capacity_mwh_per_a");
  const int f_temperature = defn.GetFieldIndex("temperature_c");
  const int f_yield = defn.GetFieldIndex("yield_kwh_per_m2a");
  const int f_id = defn.GetFieldIndex("id");
  HEATTWIN_CHECK(f_kind >= 0,
                 "{}: layer '{}' has no field 'kind' (each potential needs a kind: waste_heat, waste_water, "
                 "surface_water, ground_source, solar_thermal or biomass; docs/POTENTIALS.md)",
                 path, layer->GetName());
  PotentialSet out;
  out.path = path;
  std::set<std::string> seen;
  std::vector<double> xs, ys;
  layer->ResetReading();
  for (auto& feature : *layer) {
    const GIntBig fid = feature->GetFID();
    const std::string id =
        f_id >= 0 && feature->IsFieldSetAndNotNull(f_id) ? feature->GetFieldAsString(f_id) : std::to_string(fid);
    const std::string where = fmt::format("{}: potential '{}' (feature {})", path, id, fid);
    HEATTWIN_CHECK(seen.insert(id).second, "{}: the id appears twice", where);
    const std::string kind_text = feature->IsFieldSetAndNotNull(f_kind) ? feature->GetFieldAsString(f_kind) : "";
    const auto kind = potential_kind_from_name(kind_text);
    HEATTWIN_CHECK(kind.has_value(),
                   "{}: unknown kind '{}' (use waste_heat, waste_water, surface_water, ground_source, solar_thermal "
                   "or biomass)",
                   where, kind_text);
    // Geometry: transformed, its area and a representative point (mean of the vertices).
    double area_m2 = 0.0, sx = 0.0, sy = 0.0;
    std::size_t points = 0;
    bool point_geometry = false;  // a single point (a candidate network plant, docs/POTENTIALS.md)
    std::vector<std::vector<std::array<double, 2>>> rings;  // the area's rings in the twin CRS
    if (const OGRGeometry* g = feature->GetGeometryRef(); g != nullptr && !g->IsEmpty()) {
      std::vector<const OGRLineString*> lines;  // lines and rings
      std::vector<bool> is_ring, is_outer;
      const auto add_polygon = [&](const OGRPolygon* p) {
        bool outer = true;
        for (const OGRLinearRing* r : *p) {
          lines.push_back(r);
          is_ring.push_back(true);
          is_outer.push_back(outer);
          outer = false;
        }
      };
      const auto type = wkbFlatten(g->getGeometryType());
      if (type == wkbPoint) {
        xs = {g->toPoint()->getX()};
        ys = {g->toPoint()->getY()};
        ct.transform(xs, ys);
        HEATTWIN_CHECK(std::isfinite(xs[0]) && std::isfinite(ys[0]), "{}: the point cannot be transformed to {}", where,
                       twin_crs);
        sx = xs[0];
        sy = ys[0];
        points = 1;
        point_geometry = true;
      } else if (type == wkbLineString) {
        lines.push_back(g->toLineString());
        is_ring.push_back(false);
        is_outer.push_back(false);
      } else if (type == wkbMultiLineString) {
        for (const OGRLineString* l : *g->toMultiLineString()) {
          lines.push_back(l);
          is_ring.push_back(false);
          is_outer.push_back(false);
        }
      } else if (type == wkbPolygon) {
        add_polygon(g->toPolygon());
      } else if (type == wkbMultiPolygon) {
        for (const OGRPolygon* p : *g->toMultiPolygon()) add_polygon(p);
      } else {
        throw InputError(fmt::format("{}: geometry type {} is not a point, line or polygon", where,
                                     OGRGeometryTypeToName(g->getGeometryType())));
      }
      for (std::size_t l = 0; l < lines.size(); ++l) {
        transformed_line_points(*lines[l], ct, xs, ys);
        for (std::size_t i = 0; i < xs.size(); ++i) {
          HEATTWIN_CHECK(std::isfinite(xs[i]) && std::isfinite(ys[i]),
                         "{}: vertex ({}, {}) cannot be transformed to {} (is the layer's CRS right?)", where,
                         lines[l]->getX(static_cast<int>(i)), lines[l]->getY(static_cast<int>(i)), twin_crs);
          sx += xs[i];
          sy += ys[i];
          ++points;
        }
        if (is_ring[l]) {
          area_m2 += (is_outer[l] ? 1.0 : -1.0) * ring_area_m2(xs, ys);
          std::vector<std::array<double, 2>> ring;
          for (std::size_t i = 0; i < xs.size(); ++i) ring.push_back({xs[i], ys[i]});
          if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();  // rings are stored open
          if (ring.size() >= 3) rings.push_back(std::move(ring));
        }
      }
    }
    // Capacity: given, or area × yield for land potentials.
    const auto capacity = number_field(*feature, f_capacity, where, "capacity_mwh_per_a");
    const bool land = *kind == PotentialKind::ground_source || *kind == PotentialKind::solar_thermal;
    double mwh = 0.0;
    std::uint8_t from_yield = 0;
    if (capacity.has_value()) {
      HEATTWIN_CHECK(*capacity >= 0.0, "{}: capacity_mwh_per_a {} is negative", where, *capacity);
      mwh = *capacity;
    } else {
      HEATTWIN_CHECK(land && area_m2 > 0.0,
                     "{}: no capacity_mwh_per_a (only ground_source and solar_thermal areas may leave it out and "
                     "take area × yield)",
                     where);
      std::optional<double> yield = number_field(*feature, f_yield, where, "yield_kwh_per_m2a");
      from_yield = 1;
      if (!yield) {
        const bool ground = *kind == PotentialKind::ground_source;
        const double scenario = ground ? yields.ground_source_kwh_per_m2a : yields.solar_thermal_kwh_per_m2a;
        const double cited =
            ground ? yields.ground_source_default_kwh_per_m2a : yields.solar_thermal_default_kwh_per_m2a;
        if (std::isfinite(scenario)) {
          yield = scenario;
        } else if (std::isfinite(cited)) {
          yield = cited;
          from_yield = 2;
        }
      }
      HEATTWIN_CHECK(yield.has_value(),
                     "{}: an area without capacity_mwh_per_a needs yield_kwh_per_m2a (attribute, or the scenario's "
                     "[data] potentials_{}_yield_kwh_per_m2a)",
                     where, potential_kind_name(*kind));
      HEATTWIN_CHECK(*yield >= 0.0, "{}: yield_kwh_per_m2a {} is negative", where, *yield);
      mwh = area_m2 * *yield / 1000.0;
    }
    const auto temperature = number_field(*feature, f_temperature, where, "temperature_c");
    HEATTWIN_CHECK(!temperature || (*temperature >= -50.0 && *temperature <= 1000.0),
                   "{}: temperature_c {} is outside [-50, 1000] °C", where, temperature.value_or(0.0));
    out.id.push_back(id);
    out.kind.push_back(static_cast<std::uint8_t>(*kind));
    out.capacity_mwh_per_a.push_back(mwh);
    out.temperature_c.push_back(temperature.value_or(std::numeric_limits<double>::quiet_NaN()));
    out.area_m2.push_back(area_m2);
    out.is_point.push_back(point_geometry ? 1 : 0);
    out.capacity_from_yield.push_back(from_yield);
    out.areas.append_polygon(rings);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.x_m.push_back(points > 0 ? sx / static_cast<double>(points) : nan);
    out.y_m.push_back(points > 0 ? sy / static_cast<double>(points) : nan);
  }
  return out;
}

}  // namespace heattwin::twin
