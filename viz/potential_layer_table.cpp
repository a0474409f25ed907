#include "viz/potential_layer_table.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iterator>
#include <string_view>
#include <utility>

namespace heattwin::viz {

std::string_view potential_kind_text(std::string_view kind, Lang lang) {
  const bool de = lang == Lang::de;
  if (kind == "waste_heat") return de ? "Abwärme (Industrie, Gewerbe)" : "waste heat (industry, commerce)";
  if (kind == "waste_water") return de ? "Abwasser" : "waste water";
  if (kind == "surface_water") return de ? "Oberflächengewässer" : "surface water";
  if (kind == "ground_source") return de ? "Erdwärme (Flächen)" : "ground source (areas)";
  if (kind == "solar_thermal") return de ? "Solarthermie-Freiflächen" : "solar-thermal open space";
  if (kind == "biomass") return de ? "Biomasse" : "biomass";
  return kind;
}

std::optional<LayerPotentials> read_layer_potentials(const std::string& results_path, const std::string& scenario,
                                                     int year) {
  if (results_path.empty() || !std::filesystem::exists(results_path)) return std::nullopt;
  try {
    const h5::File file = h5::File::open_checked(results_path, twin::RESULTS_FILE);
    h5::Group g = file.root();
    for (const std::string& part :
         {std::string("results"), scenario, std::to_string(year), std::string("potentials")}) {
      if (!g.has(part) || !g.is_group(part)) return std::nullopt;
      g = g.open_group(part);
    }
    LayerPotentials p;
    p.source = g.string_attribute("source");
    p.feature_id = g.read_strings("id");
    p.feature_kind = g.read_strings("kind");
    p.feature_capacity_mwh_per_a = g.read<double>("capacity_mwh_per_a");
    p.feature_temperature_c = g.read<double>("temperature_c");
    const std::size_t n = p.feature_id.size();
    for (auto [name, column] : {std::pair{"x_m", &p.feature_x_m}, std::pair{"y_m", &p.feature_y_m},
                                std::pair{"area_m2", &p.feature_area_m2}}) {
      if (g.has(name)) *column = g.read<double>(name);
      HEATTWIN_CHECK(column->empty() || column->size() == n, "{}: {}/{}: {} values for {} potentials", results_path,
                     g.path(), name, column->size(), n);
    }
    HEATTWIN_CHECK(
        p.feature_kind.size() == n && p.feature_capacity_mwh_per_a.size() == n && p.feature_temperature_c.size() == n,
        "{}: {}: columns differ in length", results_path, g.path());
    const h5::Group k = g.open_group("by_kind");
    p.kind = k.read_strings("id");
    p.potential_mwh_per_a = k.read<double>("potential_mwh_per_a");
    p.used_mwh_per_a = k.read<double>("used_mwh_per_a");
    HEATTWIN_CHECK(p.potential_mwh_per_a.size() == p.kind.size() && p.used_mwh_per_a.size() == p.kind.size(),
                   "{}: {}: columns differ in length", results_path, k.path());
    return p;
  } catch (const IoError& e) {
    throw InputError(e.what());
  }
}

std::string potential_layer_table_html(const std::string& results_path, const std::string& scenario, int base_year,
                                       int target_year, Lang lang) {
  const auto base = read_layer_potentials(results_path, scenario, base_year);
  if (!base) return {};
  const auto target = read_layer_potentials(results_path, scenario, target_year);
  const bool de = lang == Lang::de;
  const auto used = [&](const std::optional<LayerPotentials>& p, std::size_t k) {
    if (!p || k >= p->used_mwh_per_a.size()) return std::string("–");
    const double v = p->used_mwh_per_a[k];
    return std::isfinite(v) ? format_number(v, 1, lang) : std::string(de ? "nicht genutzt" : "not drawn on");
  };
  std::string html;
  auto out = std::back_inserter(html);
  fmt::format_to(out, "<h3>{}</h3>\n", de ? "Potenziale der Planungsdaten" : "Potentials of the planning data");
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th class=\"n\">{} (MWh/a)</th><th class=\"n\">{} {} "
                 "(MWh/a)</th><th class=\"n\">{} {} (MWh/a)</th></tr></thead><tbody>\n",
                 de ? "Art" : "kind", de ? "Potenzial" : "potential", de ? "genutzt" : "used", base_year,
                 de ? "genutzt" : "used", target_year);
  for (std::size_t k = 0; k < base->kind.size(); ++k) {
    fmt::format_to(out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   html_escape(std::string(potential_kind_text(base->kind[k], lang))),
                   format_number(base->potential_mwh_per_a[k], 1, lang), used(base, k), used(target, k));
  }
  fmt::format_to(out, "</tbody></table>\n");
  fmt::format_to(out,
                 "<details><summary>{} ({})</summary>\n<table><thead><tr><th>{}</th><th>{}</th><th "
                 "class=\"n\">{} (MWh/a)</th><th class=\"n\">{} (°C)</th></tr></thead><tbody>\n",
                 de ? "Einzelne Potenziale der Schicht" : "the layer's potentials", base->feature_id.size(),
                 de ? "Kennung" : "id", de ? "Art" : "kind", de ? "Potenzial" : "potential",
                 de ? "Temperatur" : "temperature");
  for (std::size_t f = 0; f < base->feature_id.size(); ++f) {
    const double t = base->feature_temperature_c[f];
    fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   html_escape(base->feature_id[f]),
                   html_escape(std::string(potential_kind_text(base->feature_kind[f], lang))),
                   format_number(base->feature_capacity_mwh_per_a[f], 1, lang),
                   std::isfinite(t) ? format_number(t, 0, lang) : std::string("–"));
  }
  fmt::format_to(out, "</tbody></table></details>\n");
  fmt::format_to(
      out, "<p class=\"source\">{}: <code>{}</code>. {}</p>\n", de ? "Quelle" : "Source", html_escape(base->source),
      de ? "Genutzt: Endenergie, die die Versorgung des Jahres aus der Art bezog (Biomasse: Kessel der "
           "Gebäude); „nicht genutzt“: das Modell greift auf diese Art noch nicht zu. Lage der Potenziale: "
           "Karte unten und Ergebnisdatei (x_m, y_m)."
         : "Used: final energy the year's supply drew from the kind (biomass: the buildings' boilers); "
           "\"not drawn on\": the model does not use this kind yet. Locations: the map below and the results file "
           "(x_m, y_m).");
  return html;
}

}  // namespace heattwin::viz
