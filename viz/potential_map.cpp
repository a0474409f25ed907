#include "viz/potential_map.hpp"

#include "twin/crs.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/potential_layer_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

namespace heattwin::viz {

namespace {

/// The kinds in legend order with their symbol colours (colour-blind-safe qualitative set).
struct KindStyle {
  std::string_view kind;
  const char* colour;
};
constexpr std::array<KindStyle, 6> KIND_STYLES{{{"waste_heat", "#d95f02"},
                                                {"waste_water", "#7f5539"},
                                                {"surface_water", "#1f78b4"},
                                                {"ground_source", "#7570b3"},
                                                {"solar_thermal", "#e6ab02"},
                                                {"biomass", "#1b9e77"}}};
constexpr const char* OTHER_KIND_COLOUR = "#666666";

const char* kind_colour(std::string_view kind) {
  for (const auto& k : KIND_STYLES)
    if (k.kind == kind) return k.colour;
  return OTHER_KIND_COLOUR;
}

/// Map size (px) as the other maps of the heat plan report, and the symbol radii (px): the largest
/// potential of the map gets MAX_RADIUS, the others an area in proportion, at least MIN_RADIUS.
constexpr double MAP_WIDTH_PX = 720.0, MAP_MAX_HEIGHT_PX = 560.0;
constexpr double MAX_RADIUS_PX = 16.0, MIN_RADIUS_PX = 3.0;
/// A plan without a boundary takes the potentials within this distance of its cells.
constexpr double NEAR_CELLS_M = 1000.0;

/// Even-odd test of (x, y) against the rings (holes count as rings).
bool inside_rings(const std::vector<std::vector<std::array<double, 2>>>& rings, double x, double y) {
  bool inside = false;
  for (const auto& ring : rings) {
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const double xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) inside = !inside;
    }
  }
  return inside;
}

bool near_cells(const PlanYear& y, double x, double yv) {
  for (const auto& c : y.cells) {
    const double cx0 = c.east_100m * 100.0, cy0 = c.north_100m * 100.0;
    const double dx = std::max({cx0 - x, 0.0, x - (cx0 + 100.0)});
    const double dy = std::max({cy0 - yv, 0.0, yv - (cy0 + 100.0)});
    if (dx * dx + dy * dy <= NEAR_CELLS_M * NEAR_CELLS_M) return true;
  }
  return false;
}

}  // namespace

void add_plan_potential_sites(const std::string& results_path, const std::string& scenario, int year,
                              std::vector<HeatPlan>& plans, const twin::CoordinateTransform& to_3035) {
  const auto layer = read_layer_potentials(results_path, scenario, year);
  if (!layer) return;
  const std::size_t n = layer->feature_id.size();
  std::vector<double> xs(n, std::numeric_limits<double>::quiet_NaN()), ys = xs;
  if (layer->feature_x_m.size() == n && layer->feature_y_m.size() == n) {
    xs = layer->feature_x_m;
    ys = layer->feature_y_m;
    to_3035.transform(xs, ys);
  }
  std::size_t without_location = 0;
  for (std::size_t f = 0; f < n; ++f)
    if (!std::isfinite(xs[f]) || !std::isfinite(ys[f])) ++without_location;
  for (HeatPlan& plan : plans) {
    plan.potentials.has_layer = true;
    plan.potentials.without_location = without_location;
    for (std::size_t f = 0; f < n; ++f) {
      if (!std::isfinite(xs[f]) || !std::isfinite(ys[f])) continue;
      const bool in_plan = plan.boundary.empty() ? (!plan.years.empty() && near_cells(plan.years.front(), xs[f], ys[f]))
                                                 : inside_rings(plan.boundary, xs[f], ys[f]);
      if (!in_plan) continue;
      const double area = layer->feature_area_m2.size() == n ? layer->feature_area_m2[f] : 0.0;
      plan.potentials.sites.push_back({layer->feature_id[f], layer->feature_kind[f],
                                       layer->feature_capacity_mwh_per_a[f], std::isfinite(area) ? area : 0.0, xs[f],
                                       ys[f]});
    }
  }
}

void potential_map_html(std::back_insert_iterator<std::string> out, const HeatPlan& plan, Lang lang) {
  const PlanPotentials& p = plan.potentials;
  if (!p.has_layer) return;  // the Potenzialanalyse says already that the run has no potentials layer
  const std::string place =
      plan.ags.empty() || plan.name == plan.ags ? plan.name : fmt::format("{} ({})", plan.name, plan.ags);
  const std::string caption = fmt::format(
      "{} {}", tr(lang, "Karte der Potenziale der Planungsdaten:", "Map of the potentials of the planning data:"),
      place);
  if (p.sites.empty()) {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                   tr(lang,
                      "Keine Potenzialkarte: keines der Potenziale der Planungsdaten liegt in der Gemeinde oder hat "
                      "eine Lage (Geometrie).",
                      "No potentials map: none of the planning data's potentials lies in the municipality or has a "
                      "location (geometry)."));
    return;
  }
  // Extent: the sites' and the base year's cells'; the boundary's when they cover at least a tenth
  // of it in each direction (as the report's other maps).
  const PlanYear* base = plan.years.empty() ? nullptr : &plan.years.front();
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  const auto add = [&](double x, double y, double& a0, double& b0, double& a1, double& b1) {
    a0 = std::min(a0, x);
    b0 = std::min(b0, y);
    a1 = std::max(a1, x);
    b1 = std::max(b1, y);
  };
  for (const auto& s : p.sites) add(s.x, s.y, x0, y0, x1, y1);
  if (base != nullptr)
    for (const auto& c : base->cells) {
      add(c.east_100m * 100.0, c.north_100m * 100.0, x0, y0, x1, y1);
      add(c.east_100m * 100.0 + 100.0, c.north_100m * 100.0 + 100.0, x0, y0, x1, y1);
    }
  double bx0 = 1e300, by0 = 1e300, bx1 = -1e300, by1 = -1e300;
  for (const auto& ring : plan.boundary)
    for (const auto& v : ring) add(v[0], v[1], bx0, by0, bx1, by1);
  if (bx1 > bx0 && (x1 - x0) > 0.1 * (bx1 - bx0) && (y1 - y0) > 0.1 * (by1 - by0)) {
    x0 = std::min(x0, bx0);
    y0 = std::min(y0, by0);
    x1 = std::max(x1, bx1);
    y1 = std::max(y1, by1);
  }
  const double pad = 0.03 * std::max(x1 - x0, y1 - y0) + 150.0;
  x0 -= pad;
  y0 -= pad;
  x1 += pad;
  y1 += pad;
  const double scale = std::min(MAP_WIDTH_PX / (x1 - x0), MAP_MAX_HEIGHT_PX / (y1 - y0));  // px per m
  const double w_px = (x1 - x0) * scale, h_px = (y1 - y0) * scale;
  const auto px = [&](double x) { return (x - x0) * scale; };
  const auto py = [&](double y) { return (y1 - y) * scale; };
  // Legend rows: the kinds present, then the symbol sizes, boundary and scale.
  std::vector<std::string_view> kinds;
  for (const auto& k : KIND_STYLES)
    if (std::any_of(p.sites.begin(), p.sites.end(), [&](const auto& s) { return s.kind == k.kind; }))
      kinds.push_back(k.kind);
  for (const auto& s : p.sites)
    if (kind_colour(s.kind) == OTHER_KIND_COLOUR && std::find(kinds.begin(), kinds.end(), s.kind) == kinds.end())
      kinds.push_back(s.kind);
  const double legend_h = 20.0 * static_cast<double>((kinds.size() + 1) / 2) + 2.0 * MAX_RADIUS_PX + 70.0;
  fmt::format_to(out,
                 "<figure><svg role=\"img\" aria-label=\"{0}\" class=\"map potentials\" width=\"{1:.0f}\" "
                 "height=\"{2:.0f}\" viewBox=\"0 0 {1:.1f} {2:.1f}\"><title>{0}</title>\n"
                 "<rect x=\"0\" y=\"0\" width=\"{1:.1f}\" height=\"{3:.1f}\" fill=\"#f7f7f7\" stroke=\"#ccc\"/>\n",
                 html_escape(caption), std::max(w_px, 660.0), h_px + legend_h, h_px);
  // The base year's cells with computed buildings, light grey, for orientation.
  if (base != nullptr && !base->cells.empty()) {
    std::string d;
    for (const auto& c : base->cells)
      fmt::format_to(std::back_inserter(d), "M{:.1f} {:.1f}h{:.2f}v{:.2f}h{:.2f}z", px(c.east_100m * 100.0),
                     py(c.north_100m * 100.0 + 100.0), 100.0 * scale, 100.0 * scale, -100.0 * scale);
    fmt::format_to(out, "<path class=\"cells\" fill=\"#dcdcdc\" stroke=\"none\" d=\"{}\"/>\n", d);
  }
  svg_boundary_path(out, plan.boundary, px, py);
  // Symbols, largest first so that small ones stay visible on top.
  double max_capacity = 0.0;
  for (const auto& s : p.sites) max_capacity = std::max(max_capacity, s.capacity_mwh_per_a);
  const auto radius = [&](double capacity) {
    if (!(max_capacity > 0.0) || !(capacity > 0.0)) return MIN_RADIUS_PX;
    return std::max(MIN_RADIUS_PX, MAX_RADIUS_PX * std::sqrt(capacity / max_capacity));
  };
  std::vector<const PlanPotentialSite*> order;
  for (const auto& s : p.sites) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->capacity_mwh_per_a > b->capacity_mwh_per_a; });
  for (const PlanPotentialSite* s : order) {
    const std::string tip =
        fmt::format("{} · {} · {} MWh/a{}", s->id, potential_kind_text(s->kind, lang),
                    format_number(s->capacity_mwh_per_a, 0, lang),
                    s->area_m2 > 0.0 ? fmt::format(" · {} m²", format_number(s->area_m2, 0, lang)) : std::string());
    fmt::format_to(out,
                   "<circle class=\"potential\" data-kind=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" "
                   "fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#222\" stroke-width=\"0.8\"><title>{}</title></circle>\n",
                   html_escape(s->kind), px(s->x), py(s->y), radius(s->capacity_mwh_per_a), kind_colour(s->kind),
                   html_escape(tip));
  }
  // Legend: kinds in two columns, the size key, boundary, scale bar.
  double ly = h_px + 12.0;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const double lx = k % 2 == 0 ? 6.0 : 340.0;
    fmt::format_to(out,
                   "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#222\" "
                   "stroke-width=\"0.8\"/><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
                   lx + 7.0, ly + 6.0, kind_colour(kinds[k]), lx + 18.0, ly + 10.0,
                   html_escape(std::string(potential_kind_text(kinds[k], lang))));
    if (k % 2 == 1 || k + 1 == kinds.size()) ly += 20.0;
  }
  const double key_y = ly + MAX_RADIUS_PX;
  double kx = 6.0;
  for (const double share : {1.0, 0.25}) {
    const double capacity = max_capacity * share;
    const double r = radius(capacity);
    fmt::format_to(
        out,
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"none\" stroke=\"#222\" stroke-width=\"0.8\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{} MWh/a</text>\n",
        kx + MAX_RADIUS_PX, key_y, r, kx + 2.0 * MAX_RADIUS_PX + 6.0, key_y + 4.0, format_number(capacity, 0, lang));
    kx += 2.0 * MAX_RADIUS_PX + 110.0;
  }
  fmt::format_to(out, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n", kx, key_y + 4.0,
                 tr(lang, "Kreisfläche ∝ Potenzial", "circle area ∝ potential"));
  const double ly2 = key_y + MAX_RADIUS_PX + 8.0;
  fmt::format_to(out, "{}", svg_boundary_legend(ly2, !plan.boundary.empty(), lang));
  fmt::format_to(out,
                 "<rect x=\"300\" y=\"{:.1f}\" width=\"14\" height=\"14\" fill=\"#dcdcdc\"/>"
                 "<text x=\"320\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
                 ly2, ly2 + 11.0,
                 tr(lang, "100-m-Zellen mit berechneten Gebäuden", "100 m cells with computed buildings"));
  fmt::format_to(out, "{}",
                 svg_scale_bar(ly2 + 26.0, scale,
                               tr(lang, "Symbol: Lage des Potenzials", "symbol: location of the potential"), lang));
  fmt::format_to(out, "</svg><figcaption>{}. {}</figcaption></figure>\n", html_escape(caption),
                 tr(lang,
                    "Lage: der Punkt bzw. der mittlere Stützpunkt der Linie oder Fläche der Planungsdaten; Kreisfläche "
                    "proportional zum Potenzial in MWh/a",
                    "location: the point, or the mean vertex of the line or area of the planning data; circle area "
                    "proportional to the potential in MWh/a"));
  if (p.without_location > 0)
    fmt::format_to(out, "<p class=\"source\">{}</p>\n",
                   fmt::format(fmt::runtime(tr(lang,
                                               "{} Potenzial(e) der Schicht ohne Lage (z. B. Biomasse aus der "
                                               "Region) stehen nur in der Tabelle.",
                                               "{} potential(s) of the layer without a location (e.g. regional "
                                               "biomass) are in the table only.")),
                               p.without_location));
}

}  // namespace heattwin::viz
