#include "viz/solar_potential.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iterator>
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
    for (std::size_t k = 0; k < n; ++k) {
      if (ids[k] != ags) continue;
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
  row("geeignete Dachfläche", "usable roof area", p->usable_area_m2, 0, "m²");
  row("PV-Leistung", "PV peak power", p->pv_peak_kw / 1000.0, 2, "MWp");
  row("PV-Stromertrag", "PV electricity yield", p->pv_yield_mwh_per_a, 1, "MWh/a");
  row("Solarthermie-Kollektorertrag", "solar-thermal collector yield", p->solar_thermal_yield_mwh_per_a, 1, "MWh/a");
  fmt::format_to(out, "</tbody></table>\n");
  const std::string basis =
      p->roof_basis == "lod2"
          ? (de ? "Dachflächen aus LoD2" : "roof surfaces from LoD2")
          : (de ? "Dachform aus Grundriss und Höhe abgeleitet (Satteldach bei Wohngebäuden, sonst Flachdach)"
                : "roof shape derived from footprint and height (gable roofs on residential buildings, else flat)");
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
