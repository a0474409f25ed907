#include "viz/state_plausibility.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"
#include "twin/use_class.hpp"
#include "viz/heat_indicators.hpp"
#include "viz/report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string_view>

namespace heattwin::viz {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double MWH_PER_TJ = 1e6 / 3600.0;  // 1 TJ = 10^12 J; 1 MWh = 3.6 · 10^9 J
constexpr double MWH_PER_TWH = 1e6;

/// Throws InputError naming the file and line unless `s` has one of `units`.
void require_unit(const OfficialStatistic& s, const std::string& path, std::initializer_list<std::string_view> units) {
  HEATTWIN_CHECK(std::ranges::find(units, std::string_view(s.unit)) != units.end(),
                 "{}:{}: '{}' has the unit '{}'; the plausibility check needs one of {}", path, s.line, s.key, s.unit,
                 fmt::join(units, ", "));
}

/// An energy value of the statistics in MWh.
double in_mwh(const OfficialStatistic& s, const std::string& path) {
  require_unit(s, path, {"TJ", "MWh"});
  return s.unit == "TJ" ? s.value * MWH_PER_TJ : s.value;
}

std::string sources_of(std::initializer_list<const OfficialStatistic*> rows) {
  std::vector<std::string> out;
  for (const auto* r : rows) {
    if (r != nullptr && std::ranges::find(out, r->source) == out.end()) out.push_back(r->source);
  }
  return fmt::format("{}", fmt::join(out, "; "));
}

std::string csv_field(const std::string& text, char separator) {
  if (text.find_first_of(std::string("\"\n") + separator) == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

const OfficialStatistic* OfficialStatistics::find(const std::string& key, int year) const {
  const OfficialStatistic* best = nullptr;
  for (const auto& r : rows) {
    if (r.key != key) continue;
    if (year != 0 && r.year == year) return &r;
    if (year == 0 && (best == nullptr || r.year > best->year)) best = &r;
  }
  return best;
}

std::vector<const OfficialStatistic*> OfficialStatistics::all(const std::string& key) const {
  std::vector<const OfficialStatistic*> out;
  for (const auto& r : rows) {
    if (r.key == key) out.push_back(&r);
  }
  std::ranges::sort(out, {}, [](const OfficialStatistic* r) { return r->year; });
  return out;
}

OfficialStatistics read_official_statistics(const std::string& path) {
  const twin::CsvTable csv = twin::read_csv(path);
  const std::size_t key = csv.column("key"), value = csv.column("value"), unit = csv.column("unit"),
                    year = csv.column("year"), source = csv.column("source");
  OfficialStatistics out;
  out.path = path;
  std::set<std::pair<std::string, int>> seen;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const std::string where = fmt::format("{}:{}", path, csv.line_of_row[r]);
    OfficialStatistic s;
    s.key = row[key];
    s.value = twin::parse_double(row[value], where, "value");
    s.unit = row[unit];
    s.year = static_cast<int>(twin::parse_int(row[year], where, "year"));
    s.source = row[source];
    s.line = csv.line_of_row[r];
    HEATTWIN_CHECK(std::isfinite(s.value) && s.value >= 0.0, "{}: value {} of '{}' must be a non-negative number",
                   where, row[value], s.key);
    HEATTWIN_CHECK(!s.unit.empty(), "{}: '{}' has no unit", where, s.key);
    HEATTWIN_CHECK(seen.emplace(s.key, s.year).second, "{}: '{}' of {} is given twice", where, s.key, s.year);
    out.rows.push_back(std::move(s));
  }
  return out;
}

PlausibilitySums plausibility_sums(const Results& results, const twin::Twin& twin) {
  PlausibilitySums p;
  p.year = results.year;
  p.municipalities_in_twin = twin.regions.municipalities.size();
  for (const std::uint8_t use : twin.buildings.use_class) {
    if (twin::is_residential(use)) ++p.residential_buildings_in_twin;
  }
  const auto rows = building_twin_rows(results, twin);
  const ResultsTable& b = results.buildings;
  const auto& area = b.column("heated_floor_area_m2");
  const auto& heating = b.column("annual_heating_kwh");
  const auto column_or_null = [&](const char* name) -> const std::vector<double>* {
    return b.columns.contains(name) ? &b.column(name) : nullptr;
  };
  const auto* hot_water = column_or_null("annual_hot_water_kwh");
  const auto* expected_heating = column_or_null("expected_heating_kwh");
  const auto* expected_hot_water = column_or_null("expected_hot_water_kwh");
  const auto* final_energy = column_or_null("final_energy_kwh");
  const auto* ambient = column_or_null("ambient_heat_kwh");
  p.residential_heat_is_expected = expected_heating != nullptr;
  p.has_final_energy = final_energy != nullptr && b.text.contains("final_energy_carrier");
  const std::vector<std::string>* carrier = p.has_final_energy ? &b.strings("final_energy_carrier") : nullptr;
  const auto value = [](const std::vector<double>* column, std::size_t i) {
    return column != nullptr && std::isfinite((*column)[i]) ? (*column)[i] : 0.0;
  };
  std::vector<std::uint8_t> computed(twin.regions.municipalities.size(), 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t t = rows[i];
    const std::uint32_t m = twin.buildings.municipality[t];
    if (m < computed.size()) computed[m] = 1;
    const auto use = static_cast<twin::UseClass>(twin.buildings.use_class[t]);
    const double fe_mwh = (value(final_energy, i) + value(ambient, i)) / 1000.0;
    if (twin::is_residential(use)) {
      ++p.residential_buildings_computed;
      p.residential_floor_area_m2 += std::isfinite(area[i]) ? area[i] : 0.0;
      const double standard = (value(&heating, i) + value(hot_water, i)) / 1000.0;
      p.residential_standard_heat_mwh += standard;
      p.residential_heat_mwh += p.residential_heat_is_expected
                                    ? (value(expected_heating, i) + value(expected_hot_water, i)) / 1000.0
                                    : standard;
      p.residential_final_energy_mwh += fe_mwh;
      if (carrier != nullptr && (*carrier)[i] == "district_heat") {
        p.residential_district_heat_mwh += value(final_energy, i) / 1000.0;
      }
    } else if (use != twin::UseClass::industry) {
      p.commercial_public_final_energy_mwh += fe_mwh;
    }
  }
  p.municipalities_computed = static_cast<std::size_t>(std::ranges::count(computed, std::uint8_t{1}));
  return p;
}

StatePlausibility state_plausibility(const PlausibilitySums& sums, const OfficialStatistics& statistics) {
  StatePlausibility p;
  p.statistics_path = statistics.path;
  p.year = sums.year;
  p.municipalities_computed = sums.municipalities_computed;
  if (const auto* m = statistics.find("municipalities")) {
    p.municipalities_counted = static_cast<std::size_t>(m->value);
  } else {
    p.missing.emplace_back("municipalities");
  }
  p.state_wide = p.municipalities_counted > 0 && sums.municipalities_computed >= p.municipalities_counted;
  const auto need = [&](const std::string& key) {
    const auto* s = statistics.find(key);
    if (s == nullptr) p.missing.push_back(key);
    return s;
  };
  const auto add = [&](PlausibilityRow row) {
    row.ratio = p.state_wide && row.reference > 0.0 ? row.twin / row.reference : NaN;
    p.rows.push_back(std::move(row));
  };
  const auto de = [](double v, int decimals) { return display_number(v, decimals, Lang::de); };
  const auto en = [](double v, int decimals) { return display_number(v, decimals, Lang::en); };

  if (const auto* census = need("residential_buildings")) {
    require_unit(*census, statistics.path, {"1"});
    add({"residential_buildings", "Wohngebäude", "residential buildings", "1",
         static_cast<double>(sums.residential_buildings_in_twin), census->value, census->year,
         fmt::format("Gebäude mit Wohnraum {}", census->year),
         fmt::format("buildings with living space {}", census->year), NaN, census->source,
         "Zwilling: Gebäude der Nutzung Wohnen oder Wohnen mit Gewerbe (alle, nicht nur berechnete)",
         "twin: buildings of use residential or residential_mixed (all, not only computed ones)"});
  }
  if (const auto* living = need("living_space")) {
    require_unit(*living, statistics.path, {"m2"});
    add({"residential_floor_area", "Wohnfläche / beheizte Fläche", "residential floor area", "Mio. m²",
         sums.residential_floor_area_m2 / 1e6, living->value / 1e6, living->year,
         fmt::format("Wohnfläche {}", living->year), fmt::format("living space {}", living->year), NaN, living->source,
         "verschieden definiert: Zwilling beheizte Fläche (Energiebezugsfläche der TABULA-Typologie) der berechneten "
         "Wohngebäude, Zensus Wohnfläche; die Energiebezugsfläche ist größer",
         "different definitions: the twin's heated floor area (TABULA reference area) of the computed residential "
         "buildings, the census' living space; the reference area is larger"});
  }
  const auto* households = need("households_final_energy");
  const auto* share_heating = need("household_share_space_heating");
  const auto* share_hot_water = need("household_share_hot_water");
  if (households != nullptr && share_heating != nullptr && share_hot_water != nullptr) {
    require_unit(*share_heating, statistics.path, {"1"});
    require_unit(*share_hot_water, statistics.path, {"1"});
    const double shares = share_heating->value + share_hot_water->value;
    const double reference_twh = in_mwh(*households, statistics.path) * shares / MWH_PER_TWH;
    const std::string raw_de = fmt::format("{} {} × ({} + {})", de(households->value, 0), households->unit,
                                           de(share_heating->value, 3), de(share_hot_water->value, 3));
    const std::string raw_en = fmt::format("{} {} × ({} + {})", en(households->value, 0), households->unit,
                                           en(share_heating->value, 3), en(share_hot_water->value, 3));
    const std::string sources = sources_of({households, share_heating, share_hot_water});
    add({"residential_heat",
         sums.residential_heat_is_expected ? "Wohngebäude: erwarteter Wärmeverbrauch"
                                           : "Wohngebäude: Standard-Wärmebedarf",
         sums.residential_heat_is_expected ? "residential: expected heat consumption"
                                           : "residential: standard heat demand",
         "TWh/a", sums.residential_heat_mwh / MWH_PER_TWH, reference_twh, households->year,
         fmt::format("Endenergie Haushalte {} × Anteil Raumwärme + Warmwasser: {}", households->year, raw_de),
         fmt::format("household final energy {} × share of space heating + hot water: {}", households->year, raw_en),
         NaN, sources,
         "Raumwärme und Warmwasser der berechneten Wohngebäude im Wetter des Rechenlaufs (nicht witterungsbereinigt); "
         "die Bilanz zählt Endenergie im Bilanzjahr, die Anteile stammen aus einem anderen Jahr",
         "space heating and hot water of the computed residential buildings in the run's weather (not weather-"
         "normalised); the balance counts final energy of its year, the shares are of another year"});
    if (sums.has_final_energy) {
      add({"residential_final_energy", "Wohngebäude: Endenergie für Wärme", "residential: final energy for heat",
           "TWh/a", sums.residential_final_energy_mwh / MWH_PER_TWH, reference_twh, households->year,
           fmt::format("wie oben: {}", raw_de), fmt::format("as above: {}", raw_en), NaN, sources,
           "Endenergie der Heizsysteme des Rechenlaufs einschließlich Umweltwärme der Wärmepumpen und gelieferter "
           "Fernwärme",
           "final energy of the run's heating systems, including the ambient heat of heat pumps and delivered "
           "district heat"});
    }
  }
  if (sums.has_final_energy) {
    const auto years = statistics.all("district_heat_households");
    if (years.empty()) p.missing.emplace_back("district_heat_households");
    for (const auto* s : years) {
      add({fmt::format("district_heat_households_{}", s->year), fmt::format("Fernwärme an Haushalte ({})", s->year),
           fmt::format("district heat to households ({})", s->year), "TWh/a",
           sums.residential_district_heat_mwh / MWH_PER_TWH, in_mwh(*s, statistics.path) / MWH_PER_TWH, s->year,
           fmt::format("Wärmeabgabe an Haushalte {}", s->year), fmt::format("heat sold to households {}", s->year), NaN,
           s->source, "Zwilling: Fernwärme der Wohngebäude; Statistik einschließlich Wohnungsunternehmen",
           "twin: district heat of residential buildings; statistics including housing companies"});
    }
    if (const auto* ghd = need("ghd_final_energy")) {
      add({"commercial_public_final_energy", "Gewerbe, Handel, Dienstleistungen: Endenergie",
           "commerce, trade, services: final energy", "TWh/a", sums.commercial_public_final_energy_mwh / MWH_PER_TWH,
           in_mwh(*ghd, statistics.path) / MWH_PER_TWH, ghd->year,
           fmt::format("Endenergie GHD {}, alle Anwendungen: {} {}", ghd->year, de(ghd->value, 0), ghd->unit),
           fmt::format("final energy of the GHD sector {}, all uses: {} {}", ghd->year, en(ghd->value, 0), ghd->unit),
           NaN, ghd->source,
           "Zwilling: nur Raumwärme und Warmwasser der Nichtwohngebäude außer Industrie; die Bilanz zählt alle "
           "Anwendungen (auch Strom für Licht, Kraft, IT) — ein Verhältnis deutlich unter 1 ist zu erwarten",
           "twin: only space heating and hot water of non-residential buildings except industry; the balance counts "
           "every use (also electricity for light, power, IT) — a ratio well below 1 is expected"});
    }
  }
  return p;
}

std::string plausibility_csv(const StatePlausibility& p, Lang lang) {
  const bool de = lang == Lang::de;
  const char sep = de ? ';' : ',';
  std::string out =
      de ? fmt::format(
               "Kennzahl;Einheit;Zwilling {};Statistik;Statistikjahr;Verhältnis;Bezug;Quellen;"
               "Hinweis\n",
               p.year)
         : fmt::format("key,unit,twin_{},reference,reference_year,ratio,reference_formed,sources,caveat\n", p.year);
  for (const auto& r : p.rows) {
    const int decimals = r.unit == "1" ? 0 : 3;
    const std::vector<std::string> fields{de ? r.label_de : r.key,
                                          r.unit,
                                          csv_number(r.twin, decimals, lang),
                                          csv_number(r.reference, decimals, lang),
                                          std::to_string(r.reference_year),
                                          csv_number(r.ratio, 3, lang),
                                          de ? r.reference_de : r.reference_en,
                                          r.sources,
                                          de ? r.caveat_de : r.caveat_en};
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (k > 0) out += sep;
      out += csv_field(fields[k], sep);
    }
    out += '\n';
  }
  return out;
}

std::string plausibility_html(const StatePlausibility& p, Lang lang) {
  const bool de = lang == Lang::de;
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(
      o, "<h2>{}</h2>\n",
      de ? "Plausibilität: Landessummen und amtliche Statistik" : "Plausibility: state totals and official statistics");
  std::string note =
      de ? fmt::format(
               "Eine Gegenüberstellung, keine Kalibrierung: die Ergebnisse bleiben, wie sie sind. Rechenjahr "
               "{}; Statistik aus {}.",
               p.year, p.statistics_path)
         : fmt::format(
               "A comparison, not a calibration: the results stay as they are. Results year {}; statistics "
               "from {}.",
               p.year, p.statistics_path);
  if (!p.state_wide) {
    note += de ? fmt::format(
                     " Die Ergebnisse decken {} von {} Gemeinden ab; Verhältnisse werden nur landesweit "
                     "gebildet.",
                     p.municipalities_computed, p.municipalities_counted)
               : fmt::format(" The results cover {} of {} municipalities; ratios are only formed state-wide.",
                             p.municipalities_computed, p.municipalities_counted);
  }
  if (!p.missing.empty()) {
    note +=
        fmt::format(" {}: {}.", de ? "Nicht in der Statistik" : "Not in the statistics", fmt::join(p.missing, ", "));
  }
  fmt::format_to(o, "<p class=\"note\">{}</p>\n", html_escape(note));
  fmt::format_to(o,
                 "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{} {}</th><th class=\"n\">{}</th>"
                 "<th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                 de ? "Kennzahl" : "quantity", de ? "Einheit" : "unit", de ? "Zwilling" : "twin", p.year,
                 de ? "Statistik" : "statistics", de ? "Verhältnis" : "ratio", de ? "Bezug und Quelle" : "reference",
                 de ? "Hinweis" : "caveat");
  for (const auto& r : p.rows) {
    const int decimals = r.unit == "1" ? 0 : 2;
    fmt::format_to(o,
                   "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                   "<td>{}<br><small>{}</small></td><td><small>{}</small></td></tr>\n",
                   html_escape(de ? r.label_de : r.label_en), html_escape(r.unit),
                   display_number(r.twin, decimals, lang), display_number(r.reference, decimals, lang),
                   display_number(r.ratio, 2, lang), html_escape(de ? r.reference_de : r.reference_en),
                   html_escape(r.sources), html_escape(de ? r.caveat_de : r.caveat_en));
  }
  fmt::format_to(o, "</tbody></table>\n");
  return out;
}

std::string plausibility_json(const StatePlausibility& p) {
  const auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json j;
  j["statistics"] = p.statistics_path;
  j["year"] = p.year;
  j["municipalities_computed"] = p.municipalities_computed;
  j["municipalities_counted"] = p.municipalities_counted;
  j["state_wide"] = p.state_wide;
  j["missing"] = p.missing;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : p.rows) {
    rows.push_back({{"key", r.key},
                    {"unit", r.unit},
                    {"twin", number(r.twin)},
                    {"reference", number(r.reference)},
                    {"reference_year", r.reference_year},
                    {"reference_formed", r.reference_en},
                    {"ratio", number(r.ratio)},
                    {"sources", r.sources},
                    {"caveat", r.caveat_en}});
  }
  j["rows"] = rows;
  return j.dump(2);
}

}  // namespace heattwin::viz
