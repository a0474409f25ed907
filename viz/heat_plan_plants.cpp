#include "viz/heat_plan_plants.hpp"

#include "viz/results_file.hpp"

#include <fmt/format.h>

#include <cmath>

namespace heattwin::viz {

namespace {

double value(const ResultsTable& t, const char* column, std::size_t row) {
  const auto it = t.columns.find(column);
  return it != t.columns.end() && row < it->second.size() ? it->second[row] : PlanPlant::NaN;
}

std::string text(const ResultsTable& t, const char* column, std::size_t row) {
  const auto it = t.text.find(column);
  return it != t.text.end() && row < it->second.size() ? it->second[row] : std::string();
}

const char* kind_text(const std::string& kind, Lang lang) {
  if (kind == "heat_pump") return tr(lang, "Großwärmepumpe", "large heat pump");
  if (kind == "chp") return tr(lang, "KWK-Anlage", "CHP");
  if (kind == "boiler") return tr(lang, "Kessel", "boiler");
  if (kind == "solar_thermal") return tr(lang, "Solarthermie", "solar thermal");
  if (kind == "waste_heat") return tr(lang, "unvermeidbare Abwärme", "unavoidable waste heat");
  if (kind == "waste_water") return tr(lang, "Abwasser", "waste water");
  if (kind == "surface_water") return tr(lang, "Oberflächengewässer", "surface water");
  return "–";
}

/// The reason a potential is not drawn on, in the report's language (scenarios/network_plants.cpp
/// writes it in English with its numbers).
std::string reason_text(const std::string& reason, Lang lang) {
  if (lang == Lang::en) return reason;
  const auto starts = [&](const char* prefix) { return reason.rfind(prefix, 0) == 0; };
  if (starts("too far")) return "zu weit vom Netz entfernt (" + reason + ")";
  if (starts("too small")) return "keine Jahresenergie angegeben";
  if (starts("no temperature")) return "ohne Temperaturangabe";
  if (starts("too cold")) return "zu kalt als Wärmequelle einer Wärmepumpe (" + reason + ")";
  if (starts("not dispatched")) return "nicht eingesetzt: teurer als die übrigen Anlagen";
  return reason;
}

}  // namespace

PlanPlants read_plan_plants(const Results& r) {
  PlanPlants out;
  const auto plants = r.network.find("plants");
  if (plants == r.network.end()) return out;
  const ResultsTable& t = plants->second;
  double total = 0.0;
  for (std::size_t k = 0; k < t.rows(); ++k) {
    PlanPlant p;
    p.id = t.id[k];
    p.kind = text(t, "kind", k);
    p.potential = text(t, "potential", k);
    p.potential_kind = text(t, "potential_kind", k);
    p.junction_id = text(t, "junction_id", k);
    p.capacity_kw = value(t, "capacity_kw", k);
    p.heat_mwh = value(t, "heat_mwh", k);
    p.fed_in_mwh = value(t, "fed_in_mwh", k);
    p.holds_pressure = value(t, "holds_pressure", k) > 0.5;
    if (std::isfinite(p.heat_mwh)) total += p.heat_mwh;
    out.plants.push_back(std::move(p));
  }
  for (PlanPlant& p : out.plants) p.share = total > 0.0 ? p.heat_mwh / total : PlanPlant::NaN;
  if (const auto c = r.network.find("potential_plants"); c != r.network.end()) {
    for (std::size_t k = 0; k < c->second.rows(); ++k) {
      const std::string reason = text(c->second, "reason", k);
      if (!reason.empty()) out.unused.push_back({c->second.id[k], text(c->second, "kind", k), reason});
    }
  }
  return out;
}

void plants_table_html(std::back_insert_iterator<std::string> out, const PlanPlants& p, int year, Lang lang) {
  if (p.plants.empty()) return;
  fmt::format_to(out,
                 "<h3>{} {}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th "
                 "class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                 tr(lang, "Erzeugungsanlagen des Wärmenetzes", "Plants of the heat network"), year,
                 tr(lang, "Anlage", "plant"), tr(lang, "Art", "kind"),
                 tr(lang, "Quelle (Potenzial)", "source (potential)"), tr(lang, "Einspeisung", "feeds at"),
                 tr(lang, "Leistung (kW)", "capacity (kW)"), tr(lang, "Wärme (MWh/a)", "heat (MWh/a)"),
                 tr(lang, "Anteil", "share"));
  for (const PlanPlant& q : p.plants) {
    const std::string source =
        q.potential.empty() ? std::string("–")
                            : fmt::format("{} ({})", html_escape(q.potential), kind_text(q.potential_kind, lang));
    const std::string feeds =
        q.holds_pressure        ? tr(lang, "Heizzentrale (hält den Druck)", "plant junction (holds the pressure)")
        : q.junction_id.empty() ? tr(lang, "Heizzentrale", "plant junction")
                                : fmt::format("{} {}", tr(lang, "Knoten", "junction"), html_escape(q.junction_id));
    fmt::format_to(out,
                   "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                   "class=\"n\">{}</td></tr>\n",
                   html_escape(q.id), kind_text(q.kind, lang), source, feeds, format_number(q.capacity_kw, 0, lang),
                   format_number(q.heat_mwh, 1, lang),
                   std::isfinite(q.share) ? format_number(100.0 * q.share, 1, lang) + " %" : std::string("–"));
  }
  fmt::format_to(out, "</tbody></table>\n");
  if (p.unused.empty()) return;
  fmt::format_to(
      out, "<p>{}</p><ul>\n",
      tr(lang, "Punktpotenziale, die das Netz nicht nutzt:", "Point potentials the network does not draw on:"));
  for (const PlanUnusedPotential& u : p.unused)
    fmt::format_to(out, "<li>{} ({}): {}</li>\n", html_escape(u.id), kind_text(u.kind, lang),
                   html_escape(reason_text(u.reason, lang)));
  fmt::format_to(out, "</ul>\n");
}

}  // namespace heattwin::viz
