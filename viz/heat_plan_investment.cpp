#include "viz/heat_plan_investment.hpp"

#include "twin/h5.hpp"
#include "twin/results_format.hpp"
#include "twin/twin.hpp"
#include "viz/heat_indicators.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/results_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>

namespace heattwin::viz {
namespace {

double run_value(const ResultsTable& t, const char* measure) {
  const auto eur = t.columns.find("eur");
  if (eur == t.columns.end()) return PlanYearInvestment::NaN;
  const auto it = std::find(t.id.begin(), t.id.end(), measure);
  return it != t.id.end() ? eur->second[static_cast<std::size_t>(it - t.id.begin())] : PlanYearInvestment::NaN;
}

double zero_if_nan(double v) { return std::isfinite(v) ? v : 0.0; }

/// Network measures (plants, pipes, connections) per AGS of /…/investment/by_municipality
/// (scenarios/investment_results.hpp); empty for files without it.
std::map<std::string, std::array<double, 3>> network_investment_by_ags(const Results& r) {
  std::map<std::string, std::array<double, 3>> out;
  const h5::File file = h5::File::open_checked(r.path, twin::RESULTS_FILE);
  const h5::Group year = file.root().open_group("results").open_group(r.scenario).open_group(std::to_string(r.year));
  if (!year.is_group("investment") || !year.open_group("investment").is_group("by_municipality")) return out;
  const h5::Group g = year.open_group("investment").open_group("by_municipality");
  const auto ags = g.read_strings("ags");
  const auto measure = g.read_strings("measure");
  const auto eur = g.read_flat_doubles("eur");
  if (eur.size() != ags.size() * measure.size()) return out;
  static constexpr std::array<const char*, 3> NETWORK{"heat_network_plants", "heat_network_pipes",
                                                      "heat_network_connections"};
  for (std::size_t row = 0; row < ags.size(); ++row) {
    std::array<double, 3> v{PlanYearInvestment::NaN, PlanYearInvestment::NaN, PlanYearInvestment::NaN};
    for (std::size_t k = 0; k < measure.size(); ++k) {
      for (std::size_t n = 0; n < NETWORK.size(); ++n) {
        if (measure[k] == NETWORK[n]) v[n] = eur[row * measure.size() + k];
      }
    }
    out[ags[row]] = v;
  }
  return out;
}

}  // namespace

void add_year_investment(const Results& r, const twin::Twin& twin, const std::vector<std::size_t>& plan_of_municipality,
                         std::size_t outside_plan, std::vector<HeatPlan>& plans) {
  if (r.investment.rows() == 0) return;
  const auto building_eur = r.buildings.columns.find("investment_eur");
  if (building_eur != r.buildings.columns.end()) {
    const std::vector<std::size_t> rows = building_twin_rows(r, twin);
    for (auto& p : plans) p.years.back().investment.individual_systems_eur = 0.0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t m = twin.buildings.municipality[rows[i]];
      const std::size_t p = m < plan_of_municipality.size() ? plan_of_municipality[m] : outside_plan;
      if (p < plans.size())
        plans[p].years.back().investment.individual_systems_eur += zero_if_nan(building_eur->second[i]);
    }
  }
  // The municipality's own share of the networks when the file has it (networks per municipality;
  // a single network split by connected load), else the run's whole network.
  const auto by_ags = network_investment_by_ags(r);
  for (auto& p : plans) {
    PlanYearInvestment& inv = p.years.back().investment;
    inv.in_file = true;
    inv.refurbishment_eur = run_value(r.investment, "refurbishment");
    if (!p.years.back().networks.empty()) {
      inv.network_plants_eur = run_value(r.investment, "heat_network_plants");
      inv.network_pipes_eur = run_value(r.investment, "heat_network_pipes");
      inv.network_connections_eur = run_value(r.investment, "heat_network_connections");
      if (const auto it = by_ags.find(p.ags); it != by_ags.end()) {
        inv.network_plants_eur = it->second[0];
        inv.network_pipes_eur = it->second[1];
        inv.network_connections_eur = it->second[2];
      }
    }
  }
}

void investment_table_html(std::back_insert_iterator<std::string> out, const HeatPlan& p, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  fmt::format_to(out, "<h3>{}</h3>\n", tr(lang, "Investitionen je Zeitraum", "Investment per period"));
  const bool any = std::any_of(p.years.begin() + (p.years.empty() ? 0 : 1), p.years.end(),
                               [](const PlanYear& y) { return y.investment.in_file; });
  if (!any) {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                   tr(lang,
                      "Die Ergebnisdatei enthält keine Investitionssummen (mit einer älteren HeatTwin-Version "
                      "berechnet); erneut mit heattwin run berechnen.",
                      "The results file holds no investment sums (computed by an older HeatTwin); run heattwin run "
                      "again."));
    return;
  }
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
                 "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                 tr(lang, "Zeitraum", "period"), tr(lang, "Wärmenetz: Erzeugung (EUR)", "heat network: plants (EUR)"),
                 tr(lang, "Wärmenetz: Leitungen (EUR)", "heat network: pipes (EUR)"),
                 tr(lang, "Wärmenetz: Hausanschlüsse (EUR)", "heat network: house connections (EUR)"),
                 tr(lang, "Sanierung (EUR)", "refurbishment (EUR)"),
                 tr(lang, "Einzelheizungen (EUR)", "individual systems (EUR)"),
                 tr(lang, "gesamt (EUR)", "total (EUR)"));
  std::array<double, 6> sum{};
  const auto cell = [&](double v) { return std::isfinite(v) ? format_number(v, 0, lang) : std::string("–"); };
  for (std::size_t k = 1; k < p.years.size(); ++k) {
    const PlanYearInvestment& v = p.years[k].investment;
    const std::array<double, 5> parts{v.network_plants_eur, v.network_pipes_eur, v.network_connections_eur,
                                      v.refurbishment_eur, v.individual_systems_eur};
    double total = 0.0;
    for (std::size_t m = 0; m < parts.size(); ++m) {
      total += zero_if_nan(parts[m]);
      sum[m] += zero_if_nan(parts[m]);
    }
    sum[5] += total;
    fmt::format_to(out,
                   "<tr><td>{}–{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                   "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   p.years[k - 1].year, p.years[k].year, cell(parts[0]), cell(parts[1]), cell(parts[2]), cell(parts[3]),
                   cell(parts[4]), cell(total));
  }
  fmt::format_to(out, "<tr class=\"total\"><td>{}</td>", tr(lang, "gesamt", "total"));
  for (std::size_t m = 0; m < sum.size(); ++m)
    fmt::format_to(out, "<td class=\"n\">{}</td>", m == 3 ? std::string("–") : format_number(sum[m], 0, lang));
  fmt::format_to(out, "</tr></tbody></table>\n");
  fmt::format_to(
      out, "<p class=\"note\"><b>{}</b> {} <b>{}</b> {}</p>\n", tr(lang, "Quelle:", "Source:"),
      tr(lang,
         "HeatTwin-Ergebnisdatei (/investment, buildings/investment_eur); Investitionskosten aus dem "
         "Technologiekatalog data/technology (Technikkatalog Wärmeplanung).",
         "HeatTwin results file (/investment, buildings/investment_eur); capital costs from the technology "
         "catalogue data/technology (Technikkatalog Wärmeplanung)."),
      tr(lang, "Annahmen:", "Assumptions:"),
      tr(lang,
         "Investitionen ohne Förderung und Preissteigerung, zu heutigen Katalogpreisen; ein im Szenario geplantes "
         "Wärmenetz wird im ersten Zeitraum ganz gebaut; versorgt es mehrere Gemeinden, trägt jede den Anteil ihrer "
         "Anschlussleistung; ein bestehendes Netz zählt nicht; Ersatz von Netzteilen nach ihrer Lebensdauer steckt in "
         "den "
         "Annuitäten. Einzelheizungen: Katalogpreis bei Auslegungsleistung für jede im Zeitraum neu gewählte Anlage. "
         "Sanierung: ohne Betrag (–), weil für die Bauteile der TABULA-Sanierungspakete keine vollständige "
         "zitierfähige Kostenfunktion vorliegt: die IWU-Kostenfunktionen (BBSR, Preisstand 2015) waren für "
         "Außenwand, Kellerdecke und Fenster im Ein- und Zweifamilienhaus zugänglich, nicht für Dach, oberste "
         "Geschossdecke und Fenster im Mehrfamilienhaus; eine Summe ohne das Dach wäre zu niedrig.",
         "investment without subsidies or price change, at today's catalogue prices; a heat network the scenario "
         "plans is built whole in the first period; when it supplies several municipalities, each carries the share "
         "of its connected load; an existing network does not count; replacing network parts after their lifetime is "
         "in the annuities. "
         "Individual systems: catalogue price at the design load for every system newly chosen in the period. "
         "Refurbishment: no amount (–), because no complete citable cost function is at hand for the elements of "
         "the TABULA refurbishment packages: the IWU cost functions (BBSR, prices of 2015) were available for "
         "external walls, cellar ceilings and windows of one- and two-family houses, not for roofs, top-floor "
         "ceilings and windows of multi-family houses; a sum without the roof would be too low."));
}

}  // namespace heattwin::viz
