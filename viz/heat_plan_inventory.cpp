#include "viz/heat_plan_inventory.hpp"

#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"
#include "twin/use_class.hpp"
#include "viz/heat_indicators.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/region_comparison.hpp"
#include "viz/results_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace heattwin::viz {
namespace {

using Out = std::back_insert_iterator<std::string>;

std::size_t type_index(const twin::BuildingSet& b, std::size_t row) {
  if (!twin::is_residential(b.use_class[row])) return 5;  // NWG
  const std::uint8_t t = b.residential_type[row];
  return t >= 1 && t <= 4 ? static_cast<std::size_t>(t - 1) : 4;  // EFH … GMH, else WG
}

std::size_t age_band(std::uint8_t age_class) {
  // TABULA age classes 1 … 12 (twin/types.hpp AGE_CLASSES) into the bands of AREA_AGE_BANDS.
  static constexpr std::array<std::uint8_t, 13> BAND{6, 0, 0, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5};
  return age_class < BAND.size() ? BAND[age_class] : 6;
}

std::size_t carrier_column(std::string_view carrier) {
  for (std::size_t k = 0; k + 1 < AREA_CARRIERS.size(); ++k)
    if (carrier == AREA_CARRIERS[k]) return k;
  return AREA_CARRIERS.size() - 1;
}

bool assumed(twin::Provenance p) { return p == twin::Provenance::imputed || p == twin::Provenance::missing; }

void sort_areas(std::vector<AreaInventory>& areas, std::uint32_t privacy_min) {
  for (auto& a : areas) a.withheld = a.buildings < privacy_min;
  std::sort(areas.begin(), areas.end(), [](const AreaInventory& a, const AreaInventory& b) {
    if (a.withheld != b.withheld) return !a.withheld;
    if (a.heat_mwh != b.heat_mwh) return a.heat_mwh > b.heat_mwh;
    return a.id < b.id;
  });
}

std::string type_label(std::size_t k, Lang lang) {
  if (k == 4) return tr(lang, "Wohngebäude (Typ unbekannt)", "residential (type unknown)");
  if (k == 5) return tr(lang, "Nichtwohngebäude", "non-residential");
  return AREA_BUILDING_TYPES[k];
}
std::string age_label(std::size_t k, Lang lang) {
  if (k == 6) return tr(lang, "unbekannt", "unknown");
  std::string s = AREA_AGE_BANDS[k];
  if (s.front() == '-') return fmt::format("{} {}", tr(lang, "bis", "to"), s.substr(1));
  if (s.back() == '-') return fmt::format("{} {}", tr(lang, "ab", "from"), s.substr(0, s.size() - 1));
  return s.replace(s.find('-'), 1, "–");
}
std::string carrier_label(std::size_t k, Lang lang) {
  if (k + 1 == AREA_CARRIERS.size()) return tr(lang, "sonstige", "other");
  return carrier_text(AREA_CARRIERS[k], lang);
}

std::string share_text(std::uint32_t part, std::uint32_t whole, Lang lang) {
  return whole > 0 ? fmt::format("{} %", format_number(100.0 * part / whole, 0, lang)) : std::string("–");
}

void area_table(Out out, const std::vector<AreaInventory>& areas, const char* id_header, Lang lang) {
  fmt::format_to(out,
                 "<div class=\"scroll\"><table class=\"inventory\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th "
                 "class=\"n\">{}</th>",
                 id_header, tr(lang, "Gebäude", "buildings"), tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"));
  for (std::size_t k = 0; k < AREA_BUILDING_TYPES.size(); ++k)
    fmt::format_to(out, "<th class=\"n\">{}</th>", html_escape(type_label(k, lang)));
  for (std::size_t k = 0; k < AREA_AGE_BANDS.size(); ++k)
    fmt::format_to(out, "<th class=\"n\">{}</th>", html_escape(age_label(k, lang)));
  for (std::size_t k = 0; k < AREA_CARRIERS.size(); ++k)
    fmt::format_to(out, "<th class=\"n\">{}</th>", html_escape(carrier_label(k, lang)));
  fmt::format_to(out, "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                 tr(lang, "Typ angenommen", "type assumed"), tr(lang, "Baujahr angenommen", "year assumed"),
                 tr(lang, "Träger imputiert", "carrier imputed"));
  std::size_t shown = 0;
  for (const auto& a : areas) {
    if (a.withheld || shown == AREA_INVENTORY_HTML_ROWS) break;
    ++shown;
    fmt::format_to(out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>", html_escape(a.id),
                   format_number(a.buildings, 0, lang), format_number(a.heat_mwh, 1, lang));
    for (const auto v : a.by_type) fmt::format_to(out, "<td class=\"n\">{}</td>", v);
    for (const auto v : a.by_age) fmt::format_to(out, "<td class=\"n\">{}</td>", v);
    for (const auto v : a.by_carrier) fmt::format_to(out, "<td class=\"n\">{}</td>", v);
    fmt::format_to(out, "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   share_text(a.type_assumed, a.buildings, lang), share_text(a.year_assumed, a.buildings, lang),
                   share_text(a.carrier_imputed, a.buildings, lang));
  }
  fmt::format_to(out, "</tbody></table></div>\n");
}

void area_level(Out out, const std::vector<AreaInventory>& areas, const char* title, const char* id_header,
                const HeatPlanOptions& o, const std::string& csv_name) {
  const Lang lang = o.lang;
  const auto published = static_cast<std::size_t>(
      std::count_if(areas.begin(), areas.end(), [](const AreaInventory& a) { return !a.withheld; }));
  std::uint64_t withheld_buildings = 0;
  for (const auto& a : areas) withheld_buildings += a.withheld ? a.buildings : 0;
  const std::size_t shown = std::min(published, AREA_INVENTORY_HTML_ROWS);
  fmt::format_to(out, "<details class=\"inventory\"><summary>{}: {} {} ({} {}, {} {}; {} {})</summary>\n", title,
                 format_number(static_cast<double>(areas.size()), 0, lang), tr(lang, "Gebiete", "areas"),
                 format_number(static_cast<double>(published), 0, lang), tr(lang, "veröffentlicht", "published"),
                 format_number(static_cast<double>(areas.size() - published), 0, lang),
                 tr(lang, "gesperrt", "withheld"), tr(lang, "hier die", "shown here: the"),
                 fmt::format("{} {}", format_number(static_cast<double>(shown), 0, lang),
                             tr(lang, "mit dem höchsten Wärmebedarf", "with the largest heat demand")));
  if (published > 0) area_table(out, areas, id_header, lang);
  fmt::format_to(
      out, "<p class=\"note\">{} {} {} {} {}.", format_number(static_cast<double>(areas.size() - published), 0, lang),
      tr(lang, "Gebiete mit zusammen", "areas with together"),
      format_number(static_cast<double>(withheld_buildings), 0, lang),
      tr(lang, "Gebäuden haben weniger als", "buildings have fewer than"),
      fmt::format("{} {}", o.privacy_min_buildings,
                  tr(lang, "Gebäude und sind gesperrt (Datenschutz)", "buildings and are withheld (data protection)")));
  if (!csv_name.empty())
    fmt::format_to(out, " {} <code>{}</code>.", tr(lang, "Alle Gebiete:", "All areas:"), html_escape(csv_name));
  fmt::format_to(out, "</p></details>\n");
}

}  // namespace

std::size_t line_density_class(double mwh_per_m_a) {
  std::size_t k = 0;
  for (std::size_t c = 0; c < LINE_DENSITY_CLASSES.size(); ++c)
    if (mwh_per_m_a >= LINE_DENSITY_CLASSES[c].lower_mwh_per_m_a) k = c;
  return k;
}

void add_plan_inventories(const Results& r, const twin::Twin& twin,
                          const std::vector<std::size_t>& plan_of_municipality, std::size_t outside_plan,
                          std::vector<HeatPlan>& plans, const HeatPlanOptions& options,
                          const twin::CoordinateTransform& to_3035) {
  const twin::BuildingSet& tb = twin.buildings;
  const std::vector<std::size_t> rows = building_twin_rows(r, twin);
  const std::vector<double> heat = building_heat_mwh_per_a(r);
  const auto carrier_it = r.buildings.text.find("final_energy_carrier");
  const auto imputed_it = r.buildings.columns.find("existing_carrier_imputed");
  const auto plan_of_row = [&](std::size_t row) {
    const std::uint32_t m = tb.municipality[row];
    return m < plan_of_municipality.size() ? plan_of_municipality[m] : outside_plan;
  };
  std::vector<std::unordered_map<std::uint32_t, std::size_t>> cell_at(plans.size()), block_at(plans.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t row = rows[i];
    const std::size_t p = plan_of_row(row);
    if (p >= plans.size()) continue;
    PlanInventoryDetail& d = plans[p].inventory;
    const std::size_t type = type_index(tb, row);
    const std::size_t age = age_band(tb.age_class[row]);
    const std::size_t carrier =
        carrier_it != r.buildings.text.end() ? carrier_column(carrier_it->second[i]) : AREA_CARRIERS.size() - 1;
    const bool type_assumed = assumed(tb.prov_use_class[row]) || (type < 5 && assumed(tb.prov_residential_type[row]));
    const bool year_assumed = tb.prov_year_of_construction[row] != twin::Provenance::measured;
    const bool carrier_imputed = imputed_it != r.buildings.columns.end() && imputed_it->second[i] > 0.5;
    const auto add = [&](std::vector<AreaInventory>& areas, std::unordered_map<std::uint32_t, std::size_t>& at,
                         std::uint32_t key, auto id_of) {
      const auto [it, inserted] = at.try_emplace(key, areas.size());
      if (inserted) {
        areas.emplace_back();
        areas.back().id = id_of();
      }
      AreaInventory& a = areas[it->second];
      ++a.buildings;
      a.heat_mwh += heat[i];
      ++a.by_type[type];
      ++a.by_age[age];
      ++a.by_carrier[carrier];
      a.type_assumed += type_assumed ? 1 : 0;
      a.year_assumed += year_assumed ? 1 : 0;
      a.carrier_imputed += carrier_imputed ? 1 : 0;
    };
    const std::uint32_t g = tb.grid_cell[row];
    if (g < twin.grid.size()) add(d.cells, cell_at[p], g, [&] { return twin.grid.cell_id(g); });
    const std::uint32_t blk = tb.block[row];
    if (blk < twin.regions.blocks.size())
      add(d.blocks, block_at[p], blk, [&] { return twin.regions.blocks[blk].id; });
    else
      ++d.buildings_without_block;
  }
  for (auto& plan : plans) {
    sort_areas(plan.inventory.cells, options.privacy_min_buildings);
    sort_areas(plan.inventory.blocks, options.privacy_min_buildings);
    plan.inventory.twin_has_streets = twin.streets.size() > 0;
  }
  if (twin.streets.size() == 0) return;

  // Heat line density of the municipality's street segments.
  const StreetHeat sh = street_heat(r, twin, STREET_MAX_DISTANCE_M, options.privacy_min_buildings);
  const twin::StreetSegments& st = twin.streets;
  for (std::size_t s = 0; s < st.size(); ++s) {
    const std::uint32_t m = st.municipality[s];
    if (m >= plan_of_municipality.size() || plan_of_municipality[m] >= plans.size()) continue;
    std::array<double, 2> xs{st.x0_m[s], st.x1_m[s]}, ys{st.y0_m[s], st.y1_m[s]};
    to_3035.transform(xs, ys);
    PlanStreet ps{
        xs[0], ys[0], xs[1], ys[1], sh.length_m[s], sh.heat_mwh_per_a[s], sh.buildings[s], sh.withheld[s] != 0};
    plans[plan_of_municipality[m]].inventory.streets.push_back(ps);
  }
  // Buildings of each plan that no segment took.
  for (auto& plan : plans) {
    std::uint64_t on_streets = 0, buildings = 0;
    for (const auto& s : plan.inventory.streets) on_streets += s.buildings;
    for (const auto& c : plan.inventory.cells) buildings += c.buildings;
    plan.inventory.buildings_far_from_streets = buildings > on_streets ? buildings - on_streets : 0;
  }
}

void area_inventory_html(Out out, const HeatPlan& plan, const HeatPlanOptions& o, const std::string& csv_name) {
  const Lang lang = o.lang;
  const PlanInventoryDetail& d = plan.inventory;
  fmt::format_to(out, "<h3>{}</h3>\n",
                 tr(lang, "Gebäude je 100-m-Zelle und je Baublock", "Buildings per 100 m cell and per building block"));
  area_level(out, d.cells, tr(lang, "100-m-Zellen", "100 m cells"), tr(lang, "Zelle (INSPIRE-ID)", "cell (INSPIRE id)"),
             o, csv_name);
  if (d.blocks.empty()) {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                   tr(lang, "Baublöcke: der Zwilling ordnet den Gebäuden keine Baublöcke zu.",
                      "Building blocks: the twin assigns no blocks to the buildings."));
  } else {
    area_level(out, d.blocks, tr(lang, "Baublöcke", "building blocks"), tr(lang, "Baublock", "block"), o, csv_name);
  }
  fmt::format_to(
      out, "<p class=\"note\"><b>{}</b> {} <b>{}</b> {}</p>\n", tr(lang, "Quelle:", "Source:"),
      tr(lang, "Zwilling (Gebäudetyp TABULA, Baualter, Block), Ergebnisdatei des Basisjahres (Heizungsträger).",
         "twin (TABULA building type, age, block), results file of the base year (heating carrier)."),
      tr(lang, "Annahmen:", "Assumptions:"),
      tr(lang,
         "„angenommen“: Nutzung bzw. Gebäudetyp imputiert oder fehlend, Baujahr nicht gemessen (aus Typologie oder "
         "Imputation); „imputiert“: Heizungsträger aus Zensus-Anteilen gezogen.",
         "“assumed”: use or building type imputed or missing, construction year not measured (typology or "
         "imputation); “imputed”: heating carrier drawn from census shares."));
}

void heat_line_density_map_svg(Out out, const HeatPlan& plan, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  const PlanInventoryDetail& d = plan.inventory;
  const std::string caption = fmt::format(
      "{} {} · MWh/(m·a)", tr(lang, "Wärmeliniendichte je Straßenabschnitt", "heat line density per street segment"),
      plan.years.empty() ? 0 : plan.years.front().year);
  if (!d.twin_has_streets || d.streets.empty()) {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                   tr(lang,
                      "Wärmeliniendichte: der Zwilling enthält keine Straßenabschnitte dieser Gemeinde (heattwin "
                      "import --streets).",
                      "Heat line density: the twin holds no street segments of this municipality (heattwin import "
                      "--streets)."));
    return;
  }
  // Extent: the streets', or the boundary's when the streets cover at least a tenth of it in each
  // direction (as the heat density map), so that a small town in a large municipality stays readable.
  std::array<double, 4> data{1e300, 1e300, -1e300, -1e300};
  const auto grow = [](std::array<double, 4>& e, double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    e = {std::min(e[0], x), std::min(e[1], y), std::max(e[2], x), std::max(e[3], y)};
  };
  for (const auto& s : d.streets) grow(data, s.x0, s.y0), grow(data, s.x1, s.y1);
  std::array<double, 4> all = data;
  for (const auto& ring : plan.boundary)
    for (const auto& v : ring) grow(all, v[0], v[1]);
  if (data[2] < data[0] || data[3] < data[1]) return;  // no finite coordinate
  const bool use_boundary =
      (data[2] - data[0]) > 0.1 * (all[2] - all[0]) && (data[3] - data[1]) > 0.1 * (all[3] - all[1]);
  auto [x0, y0, x1, y1] = use_boundary ? all : data;
  const double pad = 0.03 * std::max(x1 - x0, y1 - y0) + 50.0;
  x0 -= pad, y0 -= pad, x1 += pad, y1 += pad;
  constexpr double MAX_W = 720.0, MAX_H = 560.0, LEGEND_H = 96.0;
  const double scale = std::min(MAX_W / (x1 - x0), MAX_H / (y1 - y0));
  const double w = (x1 - x0) * scale, h = (y1 - y0) * scale;
  // Coordinates in tenths of a pixel, so that each vertex is a short integer pair (≈ 0.1 px, well
  // below what a reader sees); one path per class.
  const auto px = [&](double x) { return static_cast<long>(std::lround((x - x0) * scale * 10.0)); };
  const auto py = [&](double y) { return static_cast<long>(std::lround((y1 - y) * scale * 10.0)); };
  std::array<std::string, LINE_DENSITY_CLASSES.size()> paths;
  std::string withheld;
  for (const auto& s : d.streets) {
    std::string& path = s.withheld ? withheld : paths[line_density_class(s.density_mwh_per_m_a())];
    fmt::format_to(std::back_inserter(path), "M{} {}L{} {}", px(s.x0), py(s.y0), px(s.x1), py(s.y1));
  }
  fmt::format_to(out,
                 "<figure><svg role=\"img\" aria-label=\"{0}\" class=\"map\" width=\"{1:.0f}\" height=\"{2:.0f}\" "
                 "viewBox=\"0 0 {1:.1f} {2:.1f}\"><title>{0}</title>\n"
                 "<rect x=\"0\" y=\"0\" width=\"{1:.1f}\" height=\"{3:.1f}\" fill=\"#f7f7f7\" stroke=\"#ccc\"/>\n"
                 "<g transform=\"scale(0.1)\" fill=\"none\" stroke-linecap=\"round\">\n",
                 html_escape(caption), std::max(w, 660.0), h + LEGEND_H, h);
  if (!withheld.empty())
    fmt::format_to(out, "<path class=\"streets-withheld\" stroke=\"#bdbdbd\" stroke-width=\"10\" d=\"{}\"/>\n",
                   withheld);
  for (std::size_t k = 0; k < paths.size(); ++k)
    if (!paths[k].empty())
      fmt::format_to(out, "<path class=\"line-density\" stroke=\"{}\" stroke-width=\"{:.0f}\" d=\"{}\"/>\n",
                     LINE_DENSITY_CLASSES[k].colour, 10.0 * LINE_DENSITY_CLASSES[k].stroke_px, paths[k]);
  fmt::format_to(out, "</g>\n");
  svg_boundary_path(
      out, plan.boundary, [&](double x) { return (x - x0) * scale; }, [&](double y) { return (y1 - y) * scale; });
  // Legend, boundary, scale bar.
  double lx = 6.0;
  const double ly = h + 10.0;
  const auto legend = [&](const char* colour, double stroke, const std::string& label) {
    fmt::format_to(out,
                   "<path d=\"M{0:.1f} {1:.1f}h18\" stroke=\"{2}\" stroke-width=\"{3:.1f}\"/>"
                   "<text x=\"{4:.1f}\" y=\"{5:.1f}\" font-size=\"11\">{6}</text>\n",
                   lx, ly + 7, colour, stroke + 1.0, lx + 22, ly + 11, html_escape(label));
    lx += 30.0 + 6.2 * static_cast<double>(label.size());
  };
  for (const auto& c : LINE_DENSITY_CLASSES) {
    std::string label = c.label;
    if (lang == Lang::en) std::replace(label.begin(), label.end(), ',', '.');
    legend(c.colour, c.stroke_px, label);
  }
  legend("#bdbdbd", 1.0, tr(lang, "gesperrt", "withheld"));
  const double ly2 = ly + 24.0;
  fmt::format_to(out, "{}", svg_boundary_legend(ly2, !plan.boundary.empty(), lang));
  fmt::format_to(out, "{}", svg_scale_bar(ly2 + 26.0, scale, "MWh/(m·a)", lang));
  fmt::format_to(out, "</svg><figcaption>{}</figcaption></figure>\n", html_escape(caption));
  fmt::format_to(
      out, "<p class=\"note\"><b>{}</b> {} <b>{}</b> {}</p>\n", tr(lang, "Quelle:", "Source:"),
      tr(lang,
         "HeatTwin: Wärmebedarf (Raumwärme + Warmwasser) der Gebäude des Basisjahres, jedem Gebäude der nächste "
         "Straßenabschnitt zugeordnet, geteilt durch dessen Länge.",
         "HeatTwin: heat demand (space heating + hot water) of the base year's buildings, each building assigned to "
         "its nearest street segment, divided by the segment's length."),
      tr(lang, "Annahmen:", "Assumptions:"),
      fmt::format("{} {} {} ({} {}); {} {} {}",
                  tr(lang,
                     "Klassen: unter 0,7 MWh/(m·a) für Wärmenetze ungeeignet, ab 1,5 im Bestand geeignet (Faustwerte, "
                     "docs/SUPPLY.md); Gebäude weiter als",
                     "classes: below 0.7 MWh/(m·a) unsuitable for heat networks, from 1.5 suitable in existing stock "
                     "(rules of thumb, docs/SUPPLY.md); buildings farther than"),
                  format_number(STREET_MAX_DISTANCE_M, 0, lang),
                  tr(lang, "m von jeder Straße zählen zu keinem Abschnitt", "m from every street count towards none"),
                  format_number(static_cast<double>(d.buildings_far_from_streets), 0, lang),
                  tr(lang, "Gebäude", "buildings"), tr(lang, "Abschnitte mit 1 bis", "segments with 1 to"),
                  o.privacy_min_buildings - 1, tr(lang, "Gebäuden gesperrt (grau).", "buildings withheld (grey).")));
}

std::string area_inventory_csv(const HeatPlan& plan, Lang lang) {
  const char sep = lang == Lang::de ? ';' : ',';
  std::string out;
  auto o = std::back_inserter(out);
  const auto field = [&](const std::string& s) {
    if (s.find_first_of(std::string{sep, '"', '\n'}) == std::string::npos) return s;
    std::string q = "\"";
    for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  fmt::format_to(o, "{1}{0}{2}{0}{3}{0}{4}", sep, tr(lang, "ebene", "level"), "id", tr(lang, "gebaeude", "buildings"),
                 tr(lang, "waermebedarf_mwh_a", "heat_demand_mwh_per_a"));
  for (const char* t : AREA_BUILDING_TYPES) fmt::format_to(o, "{}{}_{}", sep, tr(lang, "typ", "type"), t);
  for (const char* a : AREA_AGE_BANDS) fmt::format_to(o, "{}{}_{}", sep, tr(lang, "baualter", "age"), a);
  for (const char* c : AREA_CARRIERS) fmt::format_to(o, "{}{}_{}", sep, tr(lang, "traeger", "carrier"), c);
  fmt::format_to(o, "{0}{1}{0}{2}{0}{3}{0}{4}\n", sep, tr(lang, "typ_angenommen", "type_assumed"),
                 tr(lang, "baujahr_angenommen", "year_assumed"), tr(lang, "traeger_imputiert", "carrier_imputed"),
                 tr(lang, "gesperrt", "withheld"));
  const std::size_t values = 1 + 1 + AREA_BUILDING_TYPES.size() + AREA_AGE_BANDS.size() + AREA_CARRIERS.size() + 3;
  const auto rows = [&](const std::vector<AreaInventory>& areas, const char* level) {
    for (const auto& a : areas) {
      fmt::format_to(o, "{}{}{}", level, sep, field(a.id));
      if (a.withheld) {
        for (std::size_t k = 0; k < values; ++k) out += sep;
        fmt::format_to(o, "{}1\n", sep);
        continue;
      }
      fmt::format_to(o, "{}{}{}{}", sep, a.buildings, sep, csv_number(a.heat_mwh, 3, lang));
      for (const auto v : a.by_type) fmt::format_to(o, "{}{}", sep, v);
      for (const auto v : a.by_age) fmt::format_to(o, "{}{}", sep, v);
      for (const auto v : a.by_carrier) fmt::format_to(o, "{}{}", sep, v);
      fmt::format_to(o, "{0}{1}{0}{2}{0}{3}{0}0\n", sep, a.type_assumed, a.year_assumed, a.carrier_imputed);
    }
  };
  rows(plan.inventory.cells, tr(lang, "zelle", "cell"));
  rows(plan.inventory.blocks, tr(lang, "baublock", "block"));
  return out;
}

}  // namespace heattwin::viz
