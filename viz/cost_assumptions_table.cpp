#include "viz/cost_assumptions_table.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"
#include "viz/heat_plan_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iterator>
#include <string_view>

namespace heattwin::viz {

namespace {

/// A catalogue technology in words: the individual systems as everywhere in the report, the
/// network's plants, store and pipes here.
std::string technology_text(const std::string& t, Lang lang) {
  if (t.rfind("pipe_dn", 0) == 0) return fmt::format("{} DN {}", tr(lang, "Wärmeleitung", "heat pipe"), t.substr(7));
  if (t == "large_heat_pump") return tr(lang, "Großwärmepumpe (Netz)", "large heat pump (network)");
  if (t == "chp_gas") return tr(lang, "Gas-BHKW (Netz)", "gas CHP (network)");
  if (t == "gas_boiler_large") return tr(lang, "Gaskessel (Netz)", "gas boiler (network)");
  if (t == "hydrogen_boiler_large") return tr(lang, "Wasserstoffkessel (Netz)", "hydrogen boiler (network)");
  if (t == "biomass_boiler_large") return tr(lang, "Biomassekessel (Netz)", "biomass boiler (network)");
  if (t == "waste_heat") return tr(lang, "Abwärmeeinbindung (Netz)", "waste heat connection (network)");
  if (t == "storage") return tr(lang, "Wärmespeicher (Netz)", "heat store (network)");
  return supply_option_text(t, lang);
}

/// A cost parameter in words.
std::string parameter_text(const std::string& p, Lang lang) {
  if (p == "capex_fixed_eur") return tr(lang, "Investition, fester Anteil", "investment, fixed part");
  if (p == "capex_eur_per_kw") return tr(lang, "Investition je kW", "investment per kW");
  if (p == "capex_eur_per_m2") return tr(lang, "Investition je m²", "investment per m²");
  if (p == "capex_eur_per_m3") return tr(lang, "Investition je m³", "investment per m³");
  if (p == "capex_eur_per_m") return tr(lang, "Investition je Trassenmeter", "investment per route metre");
  if (p == "lifetime_a") return tr(lang, "Nutzungsdauer", "lifetime");
  if (p == "maintenance_share_per_a") {
    return tr(lang, "Instandhaltung und Wartung (Anteil der Investition)", "maintenance (share of the investment)");
  }
  return p;
}

std::string value_text(double v, const std::string& unit, Lang lang) {
  if (unit == "1/a") return format_number(100.0 * v, 2, lang) + " %/a";
  const int decimals = v == std::round(v) ? 0 : (std::abs(v) < 1.0 ? 4 : 1);
  return format_number(v, decimals, lang);
}

bool is_money(const std::string& unit) { return unit.rfind("EUR", 0) == 0; }

}  // namespace

bool is_cost_parameter(const std::string& parameter) {
  return parameter.rfind("capex_", 0) == 0 || parameter == "lifetime_a" || parameter == "maintenance_share_per_a";
}

std::optional<CostAssumptions> read_cost_assumptions(const std::string& results_path, const std::string& scenario) {
  if (results_path.empty() || !std::filesystem::exists(results_path)) return std::nullopt;
  try {
    const h5::File file = h5::File::open_checked(results_path, twin::RESULTS_FILE);
    const h5::Group root = file.root();
    // The scenario's own copy of /meta (several scenarios per file), else /meta.
    const bool own = root.is_group("runs") && root.open_group("runs").is_group(scenario);
    if (!own && !root.is_group("meta")) return std::nullopt;
    const h5::Group meta = own ? root.open_group("runs").open_group(scenario) : root.open_group("meta");
    if (!meta.is_group("technology")) return std::nullopt;
    const h5::Group g = meta.open_group("technology");
    CostAssumptions c;
    if (g.has_attribute("origin")) c.origin = g.string_attribute("origin");
    if (g.has_attribute("price_year")) {
      const auto year = g.int_attribute("price_year");
      HEATTWIN_CHECK(year.size() == 1 && year[0] > 1900 && year[0] < 2200, "{}: {}: attribute price_year is not a year",
                     results_path, g.path());
      c.price_year = static_cast<int>(year[0]);
    }
    c.technology = g.read_strings("technology");
    c.parameter = g.read_strings("parameter");
    c.unit = g.read_strings("unit");
    c.source = g.read_strings("source");
    c.value = g.read<double>("value");
    c.verified = g.read<std::uint8_t>("verified");
    const std::size_t n = c.technology.size();
    HEATTWIN_CHECK(c.parameter.size() == n && c.unit.size() == n && c.source.size() == n && c.value.size() == n &&
                       c.verified.size() == n,
                   "{}: {}: columns differ in length", results_path, g.path());
    return c;
  } catch (const IoError& e) {
    throw InputError(e.what());
  }
}

std::string cost_assumptions_table_html(const std::string& results_path, const std::string& scenario, Lang lang) {
  std::string html;
  auto out = std::back_inserter(html);
  fmt::format_to(out, "<h3 id=\"kostenannahmen\">{}</h3>\n", tr(lang, "Kostenannahmen", "Cost assumptions"));
  const auto c = read_cost_assumptions(results_path, scenario);
  if (!c) {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                   tr(lang,
                      "Die Ergebnisdatei enthält keine Kostentabelle (/meta/technology; mit einer älteren Version "
                      "berechnet).",
                      "The results file holds no cost table (/meta/technology; computed with an older version)."));
    return html;
  }
  std::size_t cited = 0, assumed = 0;
  for (std::size_t r = 0; r < c->technology.size(); ++r) {
    if (!is_cost_parameter(c->parameter[r])) continue;
    ++(c->verified[r] != 0 ? cited : assumed);
  }
  fmt::format_to(out, "<p>{}: <b>{}</b> {}, <b>{}</b> {}. {} <code>{}</code>.</p>\n",
                 tr(lang, "Kostenwerte des Laufs", "cost values of the run"),
                 format_number(static_cast<double>(cited), 0, lang),
                 tr(lang, "mit geprüfter Quelle (zitiert)", "checked against a cited source"),
                 format_number(static_cast<double>(assumed), 0, lang),
                 tr(lang, "Annahmen oder ungeprüft", "assumptions or unchecked"), tr(lang, "Katalog:", "Catalogue:"),
                 html_escape(c->origin));
  fmt::format_to(out,
                 "<table class=\"costs\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th>"
                 "<th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                 tr(lang, "Technik", "technology"), tr(lang, "Kostengröße", "cost item"), tr(lang, "Wert", "value"),
                 tr(lang, "Einheit", "unit"), tr(lang, "Preisbasis", "price basis"), tr(lang, "Quelle", "source"),
                 tr(lang, "Status", "status"));
  for (std::size_t r = 0; r < c->technology.size(); ++r) {
    if (!is_cost_parameter(c->parameter[r])) continue;
    const std::string& unit = c->unit[r];
    const std::string price_basis =
        is_money(unit) && c->price_year > 0 ? fmt::format("{} €", c->price_year) : std::string("–");
    fmt::format_to(
        out,
        "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td>"
        "<td><small>{}</small></td><td>{}</td></tr>\n",
        html_escape(technology_text(c->technology[r], lang)), html_escape(parameter_text(c->parameter[r], lang)),
        value_text(c->value[r], unit, lang), html_escape(unit == "1/a" ? std::string("–") : unit), price_basis,
        html_escape(c->source[r]),
        c->verified[r] != 0 ? tr(lang, "zitiert (geprüft)", "cited (checked)") : tr(lang, "Annahme", "assumption"));
  }
  fmt::format_to(out, "</tbody></table>\n");
  fmt::format_to(out, "<p class=\"note\">{}</p>\n",
                 tr(lang,
                    "„Zitiert“: der Wert wurde gegen die genannte Quelle geprüft (dänischer Technologiekatalog der "
                    "Danish Energy Agency, von 2015 € auf die Preisbasis umgerechnet mit dem HICP; dänische "
                    "Marktpreise). „Annahme“: Größenordnung aus Technikkatalog Wärmeplanung oder VDI 2067, nicht "
                    "geprüft, oder ein Wert des Szenarios; vor einer Entscheidung mit dem aktuellen Technikkatalog "
                    "abgleichen (data/technology/PROVENANCE.md).",
                    "\"Cited\": the value was checked against the named source (Danish Energy Agency technology "
                    "catalogue, converted from 2015 € to the price basis with the HICP; Danish market prices). "
                    "\"Assumption\": an order of magnitude of the Technikkatalog Wärmeplanung or VDI 2067, not "
                    "checked, or a value of the scenario; check against the current Technikkatalog before a decision "
                    "(data/technology/PROVENANCE.md)."));
  return html;
}

}  // namespace heattwin::viz
