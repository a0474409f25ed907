#include "viz/solar_potential.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iterator>
#include <limits>
#include <vector>

namespace heattwin::viz {

std::optional<MunicipalSolarPotential> read_municipal_solar_potential(const std::string& results_path,
                                                                      const std::string& scenario, int year,
                                                                      const std::string& ags) {
  if (results_path.empty() || !std::filesystem::exists(results_path)) return std::nullopt;
  try {
    const h5::File file = h5::File::open_checked(results_path, twin::RESULTS_FILE);
    h5::Group g = file.root();
    for (const std::string& part : {std::string("results"), scenario, std::to_string(year), std::string("solar")}) {
      if (!g.has(part) || !g.is_group(part)) return std::nullopt;
      g = g.open_group(part);
    }
    const h5::Group m = g.open_group("municipalities");
    const auto ids = m.read_strings("id");
    const auto buildings = m.read<std::uint64_t>("buildings");
    const auto area = m.read<double>("usable_area_m2");
    const auto peak = m.read<double>("pv_peak_kw");
    const auto pv = m.read<double>("pv_yield_mwh_per_a");
    const auto st = m.read<double>("solar_thermal_yield_mwh_per_a");
    const std::size_t n = ids.size();
    HEATTWIN_CHECK(buildings.size() == n && area.size() == n && peak.size() == n && pv.size() == n && st.size() == n,
                   "{}: {}/municipalities: columns differ in length", results_path, g.path());
    MunicipalSolarPotential p;
    p.roof_basis = g.string_attribute("roof_basis");
    // The roof-source split, roof area and shading loss came later: optional columns.
    const auto optional = [&]<class T>(const char* name, T) {
      std::vector<T> v;
      if (m.has(name)) v = m.read<T>(name);
      HEATTWIN_CHECK(v.empty() || v.size() == n, "{}: {}/municipalities/{} has {} entries, expected {}", results_path,
                     g.path(), name, v.size(), n);
      return v;
    };
    const auto lod2 = optional("buildings_lod2_roofs", std::uint64_t{});
    const auto derived = optional("buildings_derived_roofs", std::uint64_t{});
    const auto roof_area = optional("roof_area_m2", 0.0), shading = optional("shading_loss_share", 0.0);
    p.roof_area_m2 = roof_area.empty() ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      if (ids[k] != ags) continue;
      if (!lod2.empty() && !derived.empty()) {
        p.lod2_roof_buildings = lod2[k];
        p.derived_roof_buildings = derived[k];
      } else {
        (p.roof_basis == "lod2" ? p.lod2_roof_buildings : p.derived_roof_buildings) = buildings[k];
      }
      if (!roof_area.empty()) p.roof_area_m2 = roof_area[k];
      if (!shading.empty()) p.shading_loss_share = shading[k];
      p.buildings = buildings[k];
      p.usable_area_m2 = area[k];
      p.pv_peak_kw = peak[k];
      p.pv_yield_mwh_per_a = pv[k];
      p.solar_thermal_yield_mwh_per_a = st[k];
    }
    return p;
  } catch (const IoError& e) {
    throw InputError(e.what());
  }
}

std::string solar_potential_table_html(const std::string& results_path, const std::string& scenario, int year,
                                       const std::string& ags, Lang lang) {
  const bool de = lang == Lang::de;
  std::string html;
  auto out = std::back_inserter(html);
  fmt::format_to(out, "<h3>{}</h3>\n", de ? "Solarpotenzial Dachflächen" : "Roof solar potential");
  const auto p = read_municipal_solar_potential(results_path, scenario, year, ags);
  if (!p) {
    fmt::format_to(
        out, "<p class=\"missing\">{}</p>\n",
        de ? "Nicht berechnet (Szenario: [solar] roofs = false)." : "Not computed (scenario: [solar] roofs = false).");
    return html;
  }
  fmt::format_to(out, "<table><thead><tr><th>{}</th><th class=\"n\">{} {}</th></tr></thead><tbody>\n",
                 de ? "Größe" : "quantity", de ? "Basisjahr" : "base year", year);
  const auto row = [&](const char* label_de, const char* label_en, double value, int decimals, const char* unit) {
    fmt::format_to(out, "<tr><td>{} ({})</td><td class=\"n\">{}</td></tr>\n", de ? label_de : label_en, unit,
                   format_number(value, decimals, lang));
  };
  row("Gebäude (berechnet)", "buildings (computed)", static_cast<double>(p->buildings), 0, "1");
  row("davon mit Dachflächen aus LoD2", "of which with LoD2 roof surfaces", static_cast<double>(p->lod2_roof_buildings),
      0, "1");
  row("davon mit abgeleiteter Dachform", "of which with derived roof shape",
      static_cast<double>(p->derived_roof_buildings), 0, "1");
  if (std::isfinite(p->roof_area_m2)) row("Dachfläche (bewertet)", "roof area (evaluated)", p->roof_area_m2, 0, "m²");
  row("geeignete Dachfläche", "usable roof area", p->usable_area_m2, 0, "m²");
  row("PV-Leistung", "PV peak power", p->pv_peak_kw / 1000.0, 2, "MWp");
  row("PV-Stromertrag", "PV electricity yield", p->pv_yield_mwh_per_a, 1, "MWh/a");
  row("Solarthermie-Kollektorertrag", "solar-thermal collector yield", p->solar_thermal_yield_mwh_per_a, 1, "MWh/a");
  if (std::isfinite(p->shading_loss_share))
    row("Verschattungsverlust (Einstrahlung, flächengewichtet)", "shading loss (irradiation, area-weighted)",
        100.0 * p->shading_loss_share, 1, "%");
  fmt::format_to(out, "</tbody></table>\n");
  const std::string derived_text =
      de ? "Dachform aus Grundriss und Höhe abgeleitet (Satteldach bei Wohngebäuden, sonst Flachdach)"
         : "roof shape derived from footprint and height (gable roofs on residential buildings, else flat)";
  const std::string lod2_text =
      de ? "Dachflächen aus LoD2 (geprüft und repariert)" : "roof surfaces from LoD2 (checked and repaired)";
  const std::string basis = p->roof_basis == "lod2" ? lod2_text
                            : p->roof_basis == "derived"
                                ? derived_text
                                : lod2_text + (de ? "; ohne LoD2-Dach: " : "; without LoD2 roof: ") + derived_text;
  fmt::format_to(
      out, "<p class=\"note\"><b>{}</b> {} · <b>{}</b> {}</p>\n", de ? "Quelle:" : "Source:",
      html_escape(de ? "HeatTwin, Einstrahlung mit Verschattung durch Nachbargebäude (Perez-Himmel, Wetterjahr des "
                       "Szenarios); Flächen- und Ertragsregeln: data/solar/roof_solar_parameters.csv"
                     : "HeatTwin, irradiation with shading by neighbouring buildings (Perez sky, the scenario's "
                       "weather year); area and yield rules: data/solar/roof_solar_parameters.csv"),
      de ? "Annahmen:" : "Assumptions:",
      html_escape(basis + (de ? "; Potenzial der ganzen geeigneten Fläche je Technik (PV oder Solarthermie)"
                              : "; potential of the whole usable area per technology (PV or solar thermal)")));
  return html;
}

}  // namespace heattwin::viz
