#include "solvers/demand/bestest.hpp"

#include "solvers/demand/glazing.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/demand/solar.hpp"
#include "solvers/demand/weather.hpp"
#include "twin/error.hpp"
#include "twin/input_file.hpp"
#include "twin/physical_constants.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <numbers>
#include <regex>

namespace heattwin::solvers::demand {
namespace {

using Json = nlohmann::ordered_json;
constexpr double DEG = std::numbers::pi / 180.0;
/// Specific heat of air, J/(kg K), and density of "standard" air (20 °C, 101.325 kPa), kg/m³.
constexpr double AIR_HEAT_CAPACITY_J_PER_KGK = 1006.0;
constexpr double STANDARD_AIR_DENSITY_KG_PER_M3 = 1.204;
/// ISO 13786 simplified effective thickness: layers from the inside count up to 10 cm, half the
/// element, or the first insulation layer (conductivity at most this value), whichever is first.
constexpr double MAX_EFFECTIVE_THICKNESS_M = 0.10;
constexpr double INSULATION_CONDUCTIVITY_W_PER_MK = 0.08;
/// Ground reflectance when the case file gives none (the usual 0.2).
constexpr double DEFAULT_GROUND_REFLECTANCE = 0.2;

struct Context {
  std::filesystem::path file;
  const Json* root = nullptr;
};

const Json& at(const Json& j, const std::string& key, const Context& ctx, const std::string& where) {
  HEATTWIN_CHECK(j.is_object() && j.contains(key), "{}: {} has no key '{}'", ctx.file.string(), where, key);
  return j.at(key);
}

/// The plausible range of a case-file number, from its key (issue 20, class 6): the keys carry
/// their unit, so one table covers every geometry, material and site value. Generous physical
/// limits that no real building exceeds, not typical values.
std::pair<double, double> plausible_range(std::string_view key) {
  if (key == "latitude_deg") return {-90.0, 90.0};
  if (key == "longitude_deg") return {-180.0, 180.0};
  if (key == "time_zone_h") return {-12.0, 14.0};
  if (key == "elevation_m") return {-500.0, 9000.0};
  if (key.ends_with("_deg")) return {-360.0, 360.0};
  if (key.ends_with("_C")) return {-100.0, 100.0};
  if (key == "panes") return {1.0, 4.0};
  if (key.find("fraction") != std::string_view::npos || key.find("absorptance") != std::string_view::npos ||
      key.find("emissivity") != std::string_view::npos || key.find("transmittance") != std::string_view::npos ||
      key.find("reflectance") != std::string_view::npos)
    return {0.0, 1.0};
  if (key == "width_m" || key == "height_m" || key == "thickness_m" || key == "glass_thickness_m" ||
      key == "gap_thickness_m" || key == "floor_area_m2" || key == "volume_m3" || key == "conductivity_W_mK" ||
      key == "glass_conductivity_W_mK")
    return {std::numeric_limits<double>::min(), 1e6};  // strictly positive (massless layers: density 0)
  return {0.0, 1e7};  // lengths, areas, flows, gains, U values: non-negative and finite
}

double num(const Json& j, const std::string& key, const Context& ctx, const std::string& where) {
  const Json& v = at(j, key, ctx, where);
  HEATTWIN_CHECK(v.is_number(), "{}: {}.{} must be a number, found {}", ctx.file.string(), where, key, v.dump());
  const double value = v.get<double>();
  const auto [lo, hi] = plausible_range(key);
  HEATTWIN_CHECK(std::isfinite(value) && value >= lo && value <= hi,
                 "{}: {}.{} is {}, outside the plausible range {}{} … {:g}; correct the case file", ctx.file.string(),
                 where, key, value, lo > 0.0 ? "> " : "", lo > 0.0 ? 0.0 : lo, hi);
  return value;
}

std::string text(const Json& j, const std::string& key, const Context& ctx, const std::string& where) {
  const Json& v = at(j, key, ctx, where);
  HEATTWIN_CHECK(v.is_string(), "{}: {}.{} must be a string, found {}", ctx.file.string(), where, key, v.dump());
  return v.get<std::string>();
}

/// A layered construction: U value with the given surface resistances and the areal heat
/// capacity κ of ISO 13786's simplified method.
struct Construction {
  double u_w_per_m2k = 0.0;
  double kappa_j_per_m2k = 0.0;
};

Construction construction(const Json& element, double r_si, double r_se, const Context& ctx, const std::string& where) {
  const Json& layers = at(element, "layers_outside_to_inside", ctx, where);
  HEATTWIN_CHECK(layers.is_array() && !layers.empty(), "{}: {}.layers_outside_to_inside must be a non-empty list",
                 ctx.file.string(), where);
  double resistance = r_si + r_se;
  double total_thickness = 0.0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string w = fmt::format("{}.layers_outside_to_inside[{}]", where, i);
    const double d = num(layers[i], "thickness_m", ctx, w);
    const double k = num(layers[i], "conductivity_W_mK", ctx, w);
    HEATTWIN_CHECK(d > 0.0 && k > 0.0, "{}: {} thickness {} m and conductivity {} W/mK must be positive",
                   ctx.file.string(), w, d, k);
    resistance += d / k;
    total_thickness += d;
  }
  Construction c;
  c.u_w_per_m2k = 1.0 / resistance;
  double depth = 0.0;
  const double limit = std::min(MAX_EFFECTIVE_THICKNESS_M, 0.5 * total_thickness);
  for (std::size_t i = layers.size(); i-- > 0;) {  // from the inside
    const std::string w = fmt::format("{}.layers_outside_to_inside[{}]", where, i);
    const double d = num(layers[i], "thickness_m", ctx, w);
    const double k = num(layers[i], "conductivity_W_mK", ctx, w);
    const double rho = num(layers[i], "density_kg_m3", ctx, w);
    const double cp = num(layers[i], "specific_heat_J_kgK", ctx, w);
    if (k <= INSULATION_CONDUCTIVITY_W_PER_MK || depth >= limit) {
      break;
    }
    const double counted = std::min(d, limit - depth);
    c.kappa_j_per_m2k += rho * cp * counted;
    depth += counted;
  }
  return c;
}

/// Hours of the day [0, 24) inside a "HH:MM-HH:MM" window (wrapping midnight); whole hours only.
std::array<bool, 24> hours_in_window(const std::string& s, const Context& ctx, const std::string& where) {
  static const std::regex window(R"((\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2}))");
  std::smatch m;
  HEATTWIN_CHECK(std::regex_search(s, m, window), "{}: {} '{}' has no time window HH:MM-HH:MM", ctx.file.string(),
                 where, s);
  const int from = std::stoi(m[1].str());
  const int to = std::stoi(m[3].str());
  HEATTWIN_CHECK(m[2].str() == "00" && m[4].str() == "00" && from <= 24 && to <= 24,
                 "{}: {} '{}': only whole-hour windows are representable hourly", ctx.file.string(), where, s);
  std::array<bool, 24> on{};
  for (int h = 0; h < 24; ++h) {
    on[static_cast<std::size_t>(h)] = from <= to ? (h >= from && h < to) : (h >= from || h < to);
  }
  return on;
}

/// Fraction of a window's area in the shadow of a horizontal overhang for one sun direction
/// (wall frame: u along the wall, v up, w out of the wall). The overhang's outer edge projects
/// onto the wall as a shifted copy of its wall line; the shadow is the parallelogram between.
struct Rect {
  double u0, u1, v0, v1;
};
struct Overhang {
  double u0, u1, height, depth;
};

double clipped_area(std::vector<std::array<double, 2>> poly, const Rect& r) {
  auto clip = [&](int axis, double bound, bool keep_greater) {
    std::vector<std::array<double, 2>> out;
    const std::size_t n = poly.size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& a = poly[i];
      const auto& b = poly[(i + 1) % n];
      const bool a_in = keep_greater ? a[axis] >= bound : a[axis] <= bound;
      const bool b_in = keep_greater ? b[axis] >= bound : b[axis] <= bound;
      if (a_in) {
        out.push_back(a);
      }
      if (a_in != b_in) {
        const double t = (bound - a[axis]) / (b[axis] - a[axis]);
        out.push_back({a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
      }
    }
    poly = std::move(out);
  };
  clip(0, r.u0, true);
  if (!poly.empty()) clip(0, r.u1, false);
  if (!poly.empty()) clip(1, r.v0, true);
  if (!poly.empty()) clip(1, r.v1, false);
  double area = 0.0;
  for (std::size_t i = 0; i < poly.size(); ++i) {
    const auto& a = poly[i];
    const auto& b = poly[(i + 1) % poly.size()];
    area += a[0] * b[1] - b[0] * a[1];
  }
  return 0.5 * std::abs(area);
}

double shaded_fraction(const Rect& window, const Overhang& o, double s_u, double s_v, double s_w) {
  if (s_w <= 1e-9) {
    return 0.0;  // sun behind the wall: no beam to shade
  }
  const double du = -o.depth * s_u / s_w;
  const double dv = -o.depth * s_v / s_w;
  const std::vector<std::array<double, 2>> shadow = {
      {o.u0, o.height}, {o.u1, o.height}, {o.u1 + du, o.height + dv}, {o.u0 + du, o.height + dv}};
  const double window_area = (window.u1 - window.u0) * (window.v1 - window.v0);
  return std::clamp(clipped_area(shadow, window) / window_area, 0.0, 1.0);
}

/// Share of the isotropic sky diffuse that reaches the window past the overhang: cosine-weighted
/// integral over the sky half of the window's view, averaged over points of the window.
double sky_view_unshaded_fraction(const Rect& window, const Overhang& o) {
  constexpr int points = 6, polar_steps = 90, azimuth_steps = 180;
  double seen = 0.0, total = 0.0;
  for (int pu = 0; pu < points; ++pu) {
    for (int pv = 0; pv < points; ++pv) {
      const double u = window.u0 + (pu + 0.5) / points * (window.u1 - window.u0);
      const double v = window.v0 + (pv + 0.5) / points * (window.v1 - window.v0);
      for (int i = 0; i < polar_steps; ++i) {  // angle from the window normal
        const double theta = (i + 0.5) / polar_steps * 0.5 * std::numbers::pi;
        for (int k = 0; k < azimuth_steps; ++k) {
          const double phi = (k + 0.5) / azimuth_steps * 2.0 * std::numbers::pi;
          const double s_w = std::cos(theta);
          const double s_u = std::sin(theta) * std::cos(phi);
          const double s_v = std::sin(theta) * std::sin(phi);
          if (s_v <= 0.0) {
            continue;  // ground half: not sky
          }
          const double weight = std::cos(theta) * std::sin(theta);
          total += weight;
          // The ray hits the overhang plane v = height at w = (height - v) s_w / s_v.
          const double w_hit = (o.height - v) * s_w / s_v;
          const double u_hit = u + (o.height - v) * s_u / s_v;
          const bool blocked = w_hit <= o.depth && u_hit >= o.u0 && u_hit <= o.u1;
          if (!blocked) {
            seen += weight;
          }
        }
      }
    }
  }
  return total > 0.0 ? seen / total : 1.0;
}

struct Surface {
  std::string name;
  double tilt_deg;
  double azimuth_deg;
  double area_m2;
  double u_w_per_m2k;
  double kappa_j_per_m2k;
  bool to_ground;
  double sky_view_factor;  // for long-wave exchange with the sky
};

double facade_azimuth(const std::string& facade, const Context& ctx) {
  static const std::map<std::string, double> azimuths = {{"N", 0.0}, {"E", 90.0}, {"S", 180.0}, {"W", 270.0}};
  const auto it = azimuths.find(facade);
  HEATTWIN_CHECK(it != azimuths.end(), "{}: facade '{}' is not one of N, E, S, W", ctx.file.string(), facade);
  return it->second;
}

Json read_case_file(const std::filesystem::path& cases_json) {
  twin::check_input_file(cases_json, "the BESTEST case file");
  std::ifstream in(cases_json);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the BESTEST case file", cases_json.string());
  try {
    return Json::parse(in);
  } catch (const Json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", cases_json.string(), e.what()));
  }
}

}  // namespace

std::vector<std::string> bestest_case_ids(const std::filesystem::path& cases_json) {
  const Json root = read_case_file(cases_json);
  std::vector<std::string> ids;
  HEATTWIN_CHECK(root.contains("cases") && root.at("cases").is_object(), "{}: no 'cases' object", cases_json.string());
  for (const auto& [id, _] : root.at("cases").items()) {
    ids.push_back(id);
  }
  return ids;
}

BestestResult run_bestest_case(const std::filesystem::path& cases_json, const std::string& case_id,
                               const std::string& spec) {
  const Json root = read_case_file(cases_json);
  const Context ctx{cases_json, &root};
  const Json& versions = at(root, "spec_versions", ctx, "file");
  HEATTWIN_CHECK(versions.contains(spec), "{}: spec version '{}' not found (the file has: {})", cases_json.string(),
                 spec, [&] {
                   std::string keys;
                   for (const auto& [k, _] : versions.items()) keys += (keys.empty() ? "" : ", ") + k;
                   return keys;
                 }());
  const Json& version = versions.at(spec);
  const Json& common = at(root, "common", ctx, "file");
  const Json& cases = at(root, "cases", ctx, "file");
  HEATTWIN_CHECK(cases.contains(case_id), "{}: case '{}' not found", cases_json.string(), case_id);
  const Json& c = cases.at(case_id);
  const std::string where = "cases." + case_id;
  HEATTWIN_CHECK(!(c.contains("two_zone") && c["two_zone"].is_boolean() && c["two_zone"].get<bool>()),
                 "case {} has two thermal zones (e.g. a sunspace and a conditioned zone coupled by a common wall); "
                 "the 5R1C model represents one zone per building, so this case cannot be represented",
                 case_id);

  BestestResult result;
  result.case_id = case_id;
  result.spec = spec;
  // Weather and site.
  const std::filesystem::path weather_path =
      cases_json.parent_path() / text(version, "weather_file", ctx, "spec_versions." + spec);
  result.weather_file = weather_path.string();
  const HourlyWeather weather = read_weather(weather_path);
  WeatherSite site = weather.site;
  if (version.contains("site")) {
    const Json& s = version["site"];
    site.latitude_deg = num(s, "latitude_deg", ctx, "site");
    site.longitude_deg = num(s, "longitude_deg", ctx, "site");
    site.time_zone_h = num(s, "time_zone_h", ctx, "site");
    site.elevation_m = num(s, "elevation_m", ctx, "site");
  }
  const SunPositions sun = hourly_sun_positions(site);
  double ground_reflectance = DEFAULT_GROUND_REFLECTANCE;
  if (common.contains("ground_reflectance") && common["ground_reflectance"].contains("value") &&
      common["ground_reflectance"]["value"].is_number()) {
    ground_reflectance = common["ground_reflectance"]["value"].get<double>();
  }

  // Geometry.
  const Json& geometry = at(common, "geometry", ctx, "common");
  const double floor_area = num(geometry, "floor_area_m2", ctx, "common.geometry");
  const double volume = num(geometry, "volume_m3", ctx, "common.geometry");
  const double roof_area = num(geometry, "roof_area_m2", ctx, "common.geometry");
  const double exposed_floor = num(geometry, "floor_area_exposed_m2", ctx, "common.geometry");
  const Json& gross_walls = at(geometry, "gross_wall_areas_m2", ctx, "common.geometry");

  // Constructions by mass class; a heavy class without its own roof keeps the light roof.
  const std::string mass = text(c, "mass", ctx, where);
  const Json& constructions = at(common, "constructions", ctx, "common");
  HEATTWIN_CHECK(constructions.contains(mass), "{}: {}.mass '{}' has no construction set", cases_json.string(), where,
                 mass);
  const Json& set = constructions.at(mass);
  const std::string floor_type =
      text(at(version, "floor_boundary", ctx, "spec_versions." + spec), "type", ctx, "floor_boundary");
  bool floor_to_ground = false;
  double ground_temperature = 0.0;
  {
    static const std::regex constant(R"(constant\s+(-?[0-9.]+)\s*degC)");
    std::smatch m;
    if (std::regex_search(floor_type, m, constant)) {
      floor_to_ground = true;
      ground_temperature = std::stod(m[1].str());
    } else {
      HEATTWIN_CHECK(floor_type.find("outdoor") != std::string::npos,
                     "{}: floor boundary '{}' is neither ground at a constant temperature nor outdoor air",
                     cases_json.string(), floor_type);
    }
  }
  const Construction wall = construction(at(set, "wall", ctx, "constructions." + mass), R_SI_HORIZONTAL_FLOW_M2K_PER_W,
                                         R_SE_M2K_PER_W, ctx, "constructions." + mass + ".wall");
  const Json& roof_json =
      set.contains("roof") ? set.at("roof")
                           : at(at(constructions, "light", ctx, "constructions"), "roof", ctx, "constructions.light");
  const Construction roof =
      construction(roof_json, R_SI_UPWARD_FLOW_M2K_PER_W, R_SE_M2K_PER_W, ctx, "constructions." + mass + ".roof");
  const Construction floor =
      construction(at(set, "floor", ctx, "constructions." + mass), R_SI_DOWNWARD_FLOW_M2K_PER_W,
                   floor_to_ground ? 0.0 : R_SE_M2K_PER_W, ctx, "constructions." + mass + ".floor");

  // Glazing.
  const Json& glazing_json = at(version, "window_glazing", ctx, "spec_versions." + spec);
  GlazingSystem glazing;
  const int panes = static_cast<int>(num(glazing_json, "panes", ctx, "window_glazing"));
  for (int i = 0; i < panes; ++i) {
    GlassPane p;
    p.thickness_m = num(glazing_json, "glass_thickness_m", ctx, "window_glazing");
    p.conductivity_w_per_mk = num(glazing_json, "glass_conductivity_W_mK", ctx, "window_glazing");
    p.solar_transmittance_normal = num(glazing_json, "solar_transmittance_normal_per_pane", ctx, "window_glazing");
    p.solar_reflectance_normal = num(glazing_json, "solar_reflectance_per_pane", ctx, "window_glazing");
    p.ir_emissivity =
        glazing_json.contains("ir_emissivity") ? num(glazing_json, "ir_emissivity", ctx, "window_glazing") : 0.84;
    glazing.panes.push_back(p);
  }
  glazing.gap_thickness_m = panes > 1 ? num(glazing_json, "gap_thickness_m", ctx, "window_glazing") : 0.0;
  glazing.u_value_w_per_m2k = glazing_json.contains("U_W_m2K_incl_films")
                                  ? num(glazing_json, "U_W_m2K_incl_films", ctx, "window_glazing")
                                  : std::numeric_limits<double>::quiet_NaN();
  const GlazingOptics optics(glazing);

  // Windows, their shading and the net opaque walls.
  std::map<std::string, double> window_area_by_facade;
  const Json& windows = at(c, "windows", ctx, where);
  const Json* shading = c.contains("shading") && c["shading"].is_object() ? &c["shading"] : nullptr;
  if (shading != nullptr) {
    HEATTWIN_CHECK(text(*shading, "type", ctx, where + ".shading") == "horizontal_overhang",
                   "{}: {}.shading type '{}' is not representable (only horizontal_overhang)", cases_json.string(),
                   where, text(*shading, "type", ctx, where + ".shading"));
  }
  const double opaque_absorptance =
      num(at(common, "opaque_surfaces", ctx, "common"), "exterior_solar_absorptance", ctx, "common.opaque_surfaces");
  const double opaque_emissivity =
      num(at(common, "opaque_surfaces", ctx, "common"), "exterior_ir_emissivity", ctx, "common.opaque_surfaces");

  Rc5Zone zone;
  Rc5Climate climate;
  climate.outdoor_c = weather.dry_bulb_c;
  climate.ground_c.assign(HOURS_PER_YEAR, floor_to_ground ? ground_temperature : 0.0);
  if (!floor_to_ground) {
    climate.ground_c = weather.dry_bulb_c;
  }
  climate.month = weather.month;
  double window_solar_kwh = 0.0;
  double window_h = 0.0;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const std::string w = fmt::format("{}.windows[{}]", where, i);
    const Json& win = windows[i];
    const double width = num(win, "width_m", ctx, w);
    const double win_height = num(win, "height_m", ctx, w);
    const double area = width * win_height;
    const double azimuth = num(win, "azimuth_deg", ctx, w);
    window_area_by_facade[text(win, "facade", ctx, w)] += area;
    window_h += optics.u_value_w_per_m2k() * area;
    double sky_unshaded = 1.0;
    Rect rect{};
    Overhang overhang{};
    if (shading != nullptr) {
      HEATTWIN_CHECK(win.contains("sill_height_m") && win.contains("x_from_west_end_m"),
                     "{}: {} needs sill_height_m and x_from_west_end_m to be shaded by the overhang",
                     cases_json.string(), w);
      const double x = num(win, "x_from_west_end_m", ctx, w);
      const double sill = num(win, "sill_height_m", ctx, w);
      rect = {x, x + width, sill, sill + win_height};
      const double extension = num(*shading, "extends_beyond_window_edges_m", ctx, where + ".shading");
      overhang = {x - extension, x + width + extension, num(*shading, "height_of_overhang_m", ctx, where + ".shading"),
                  num(*shading, "depth_m", ctx, where + ".shading")};
      sky_unshaded = sky_view_unshaded_fraction(rect, overhang);
    }
    const SurfaceIrradiance irr = irradiance_on_surface(weather, sun, 90.0, azimuth, ground_reflectance);
    const auto n = surface_normal(90.0, azimuth);
    const std::array<double, 3> along = {-n[1], n[0], 0.0};  // horizontal, along the wall
    std::vector<double> gain(HOURS_PER_YEAR, 0.0);
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
      double sunlit = 1.0;
      if (shading != nullptr && sun.sun_z[h] > 0.0) {
        const double s_w = n[0] * sun.sun_x[h] + n[1] * sun.sun_y[h];
        const double s_u = along[0] * sun.sun_x[h] + along[1] * sun.sun_y[h];
        sunlit = 1.0 - shaded_fraction(rect, overhang, s_u, sun.sun_z[h], s_w);
      }
      const double direct = (irr.beam_w_per_m2[h] + irr.circumsolar_w_per_m2[h]) * sunlit;
      gain[h] = optics.beam_gain_factor(irr.cos_incidence[h]) * direct +
                optics.diffuse_gain_factor() *
                    (irr.sky_diffuse_w_per_m2[h] * sky_unshaded + irr.ground_reflected_w_per_m2[h]);
      window_solar_kwh += gain[h] * area / 1000.0;
    }
    climate.solar_w_per_m2.push_back(std::move(gain));
    zone.solar_aperture_m2.push_back(area);
  }

  // Opaque surfaces: walls net of windows, roof, floor.
  std::vector<Surface> surfaces;
  for (const auto& [facade, gross] : gross_walls.items()) {
    HEATTWIN_CHECK(gross.is_number(), "{}: gross wall area of facade {} must be a number", cases_json.string(), facade);
    const double net = gross.get<double>() - window_area_by_facade[facade];
    HEATTWIN_CHECK(net >= 0.0, "{}: windows on facade {} ({} m2) exceed its gross area {} m2", cases_json.string(),
                   facade, window_area_by_facade[facade], gross.get<double>());
    surfaces.push_back(
        {"wall " + facade, 90.0, facade_azimuth(facade, ctx), net, wall.u_w_per_m2k, wall.kappa_j_per_m2k, false, 0.5});
  }
  for (const auto& [facade, area] : window_area_by_facade) {
    HEATTWIN_CHECK(gross_walls.contains(facade), "{}: {} has windows on facade {} which has no wall",
                   cases_json.string(), where, facade);
  }
  surfaces.push_back({"roof", 0.0, 180.0, roof_area, roof.u_w_per_m2k, roof.kappa_j_per_m2k, false, 1.0});
  surfaces.push_back(
      {"floor", 180.0, 0.0, exposed_floor, floor.u_w_per_m2k, floor.kappa_j_per_m2k, floor_to_ground, 0.0});

  double heat_capacity = 0.0, kappa_squared_area = 0.0, opaque_h = 0.0, ground_h = 0.0, internal_area = 0.0;
  for (const auto& s : surfaces) {
    heat_capacity += s.kappa_j_per_m2k * s.area_m2;
    kappa_squared_area += s.kappa_j_per_m2k * s.kappa_j_per_m2k * s.area_m2;
    opaque_h += s.u_w_per_m2k * s.area_m2;
    internal_area += s.area_m2;
    if (s.to_ground) {
      ground_h += s.u_w_per_m2k * s.area_m2;
      continue;
    }
    if (s.tilt_deg > 90.0) {
      continue;  // a floor over outdoor air: no sun, no sky view (raised floor)
    }
    // Sol-air (ISO 13790 11.3.4/11.3.5): absorbed sun minus long-wave loss to the sky, through
    // the element's external surface resistance into its U value. The sky term uses the
    // weather's long-wave radiation instead of the standard's fixed 11 K.
    const SurfaceIrradiance irr = irradiance_on_surface(weather, sun, s.tilt_deg, s.azimuth_deg, ground_reflectance);
    std::vector<double> channel(HOURS_PER_YEAR);
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
      const double te_k = weather.dry_bulb_c[h] + twin::ZERO_CELSIUS_K;
      const double sky_loss =
          opaque_emissivity * s.sky_view_factor *
          (twin::STEFAN_BOLTZMANN_W_PER_M2K4 * te_k * te_k * te_k * te_k - weather.horizontal_infrared_w_per_m2[h]);
      channel[h] = opaque_absorptance * irr.total(h) - sky_loss;
    }
    climate.solar_w_per_m2.push_back(std::move(channel));
    zone.solar_aperture_m2.push_back(R_SE_M2K_PER_W * s.u_w_per_m2k * s.area_m2);
  }
  for (const auto& [facade, area] : window_area_by_facade) {
    internal_area += area;
  }

  // Air exchange: infiltration at site density (standard atmosphere at the site's elevation,
  // the weather's mean outdoor temperature); scheduled mechanical ventilation at standard density.
  const Json& infiltration = at(version, "infiltration", ctx, "spec_versions." + spec);
  const double ach = num(infiltration, "ach", ctx, "infiltration");
  double mean_outdoor_c = 0.0;
  for (const double t : weather.dry_bulb_c) mean_outdoor_c += t / static_cast<double>(HOURS_PER_YEAR);
  const double site_pressure_pa = 101325.0 * std::pow(1.0 - 2.25577e-5 * site.elevation_m, 5.25588);
  const double site_density = site_pressure_pa / (287.05 * (mean_outdoor_c + twin::ZERO_CELSIUS_K));
  zone.ventilation_h_w_per_k = ach * volume / twin::SECONDS_PER_HOUR * site_density * AIR_HEAT_CAPACITY_J_PER_KGK;
  std::vector<double> ventilation_fraction(HOURS_PER_YEAR, 0.0);
  if (c.contains("ventilation") && c["ventilation"].is_string()) {
    const std::string key = c["ventilation"].get<std::string>();
    const Json& vent = at(version, key, ctx, "spec_versions." + spec);
    const double flow_standard_m3_h = num(vent, "flow_standard_m3_h", ctx, key);
    zone.scheduled_ventilation_h_w_per_k =
        flow_standard_m3_h / twin::SECONDS_PER_HOUR * STANDARD_AIR_DENSITY_KG_PER_M3 * AIR_HEAT_CAPACITY_J_PER_KGK;
    const auto on = hours_in_window(text(vent, "schedule", ctx, key), ctx, key + ".schedule");
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) ventilation_fraction[h] = on[h % 24] ? 1.0 : 0.0;
  }

  // Internal gains.
  if (c.contains("internal_gains") && c["internal_gains"].is_string()) {
    const std::string key = c["internal_gains"].get<std::string>();
    const Json& g = at(at(common, "internal_gains", ctx, "common"), key, ctx, "common.internal_gains");
    zone.internal_gains_w = num(g, "total_W", ctx, key);
    zone.internal_convective_fraction = num(g, "convective_fraction", ctx, key);
  }

  // Thermostat.
  constexpr double off = std::numeric_limits<double>::infinity();
  std::vector<double> heating(HOURS_PER_YEAR, -off), cooling(HOURS_PER_YEAR, off);
  result.free_floating =
      c.contains("free_floating") && c["free_floating"].is_boolean() && c["free_floating"].get<bool>();
  if (!result.free_floating) {
    const std::string key = text(c, "thermostat", ctx, where);
    const Json& t = at(at(common, "thermostats", ctx, "common"), key, ctx, "common.thermostats");
    std::array<double, 24> heat_day{}, cool_day{};
    heat_day.fill(-off);
    cool_day.fill(off);
    if (t.contains("heating_setpoint_C") && t["heating_setpoint_C"].is_number()) {
      heat_day.fill(t["heating_setpoint_C"].get<double>());
    } else if (t.contains("heating_setpoint_C") && t["heating_setpoint_C"].is_array()) {
      for (const auto& period : t["heating_setpoint_C"]) {
        HEATTWIN_CHECK(period.is_array() && period.size() == 2 && period[0].is_string(),
                       "{}: thermostat {} heating periods must be [\"HH:MM-HH:MM\", value]", cases_json.string(), key);
        const auto on = hours_in_window(period[0].get<std::string>(), ctx, "thermostat " + key);
        double value = 0.0;
        if (period[1].is_number()) {
          value = period[1].get<double>();
        } else {
          // A transition described by the spec version: a step to the day value at the start of
          // the window, or a linear ramp across it (its hourly mean).
          const std::string how = text(version, "thermostat_640_morning", ctx, "spec_versions." + spec);
          static const std::regex from_to(R"(([0-9.]+)\s*(?:->|to)\s*([0-9.]+))");
          std::smatch m;
          HEATTWIN_CHECK(std::regex_search(how, m, from_to), "{}: cannot read the set points from '{}'",
                         cases_json.string(), how);
          const double low = std::stod(m[1].str()), high = std::stod(m[2].str());
          if (how.find("ramp") != std::string::npos) {
            value = 0.5 * (low + high);
          } else {
            HEATTWIN_CHECK(how.find("step") != std::string::npos,
                           "{}: set-point transition '{}' is neither a step nor a ramp", cases_json.string(), how);
            value = high;
          }
        }
        for (std::size_t h = 0; h < 24; ++h) {
          if (on[h]) heat_day[h] = value;
        }
      }
    } else if (t.contains("heating")) {
      HEATTWIN_CHECK(text(t, "heating", ctx, key).find("off") != std::string::npos,
                     "{}: thermostat {} heating '{}' not understood", cases_json.string(), key,
                     text(t, "heating", ctx, key));
    }
    if (t.contains("cooling_setpoint_C")) {
      cool_day.fill(num(t, "cooling_setpoint_C", ctx, "thermostat " + key));
    }
    if (t.contains("cooling_available")) {
      const auto on = hours_in_window(text(t, "cooling_available", ctx, key), ctx, "thermostat " + key);
      for (std::size_t h = 0; h < 24; ++h) {
        if (!on[h]) cool_day[h] = off;
      }
    }
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
      heating[h] = heat_day[h % 24];
      cooling[h] = cool_day[h % 24];
    }
  }

  zone.floor_area_m2 = floor_area;
  zone.internal_surface_area_m2 = internal_area;
  zone.heat_capacity_j_per_k = heat_capacity;
  zone.effective_mass_area_m2 = heat_capacity * heat_capacity / kappa_squared_area;
  zone.window_h_w_per_k = window_h;
  zone.opaque_h_w_per_k = opaque_h;
  zone.ground_h_w_per_k = ground_h;

  Rc5Buildings buildings;
  buildings.append(zone, "BESTEST case " + case_id);
  Rc5Schedules schedules;
  schedules.heating_setpoint_c.push_back(std::move(heating));
  schedules.cooling_setpoint_c.push_back(std::move(cooling));
  schedules.internal_gain_fraction.emplace_back(HOURS_PER_YEAR, 1.0);
  schedules.ventilation_fraction.push_back(std::move(ventilation_fraction));
  Rc5Options options;
  options.warmup_days = 60;  // start the year from a settled state, as the reference programs do
  const Rc5Results r = simulate_5r1c(buildings, schedules, climate, options);

  result.annual_heating_mwh = r.annual_heating_kwh[0] / 1000.0;
  result.annual_cooling_mwh = r.annual_cooling_kwh[0] / 1000.0;
  result.peak_heating_kw = r.peak_heating_w[0] / 1000.0;
  result.peak_cooling_kw = r.peak_cooling_w[0] / 1000.0;
  result.min_air_c = r.min_air_c[0];
  result.mean_air_c = r.mean_air_c[0];
  result.max_air_c = r.max_air_c[0];
  result.model.floor_area_m2 = floor_area;
  result.model.opaque_h_w_per_k = opaque_h;
  result.model.window_h_w_per_k = window_h;
  result.model.ventilation_h_w_per_k = zone.ventilation_h_w_per_k;
  result.model.heat_capacity_j_per_k = heat_capacity;
  result.model.effective_mass_area_m2 = zone.effective_mass_area_m2;
  result.model.window_normal_gain_factor = optics.beam_gain_factor(1.0);
  result.model.annual_window_solar_gain_kwh = window_solar_kwh;
  return result;
}

}  // namespace heattwin::solvers::demand
