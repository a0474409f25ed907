#include "twin/types.hpp"

#include <cctype>
#include <string>
#include <utility>

namespace heattwin::twin {

std::string_view age_class_label(std::uint8_t age_class) {
  static constexpr std::array<std::string_view, 13> LABELS{
      "unknown",   "..1859",    "1860-1918", "1919-1948", "1949-1957", "1958-1968", "1969-1978",
      "1979-1983", "1984-1994", "1995-2001", "2002-2009", "2010-2015", "2016.."};
  return age_class < LABELS.size() ? LABELS[age_class] : LABELS[0];
}

UseClass parse_use_class(std::string_view name) {
  for (std::size_t k = 0; k < USE_CLASS_NAMES.size(); ++k) {
    if (USE_CLASS_NAMES[k] == name) return static_cast<UseClass>(k);
  }
  return UseClass::count_;
}

std::optional<Carrier> parse_heating_carrier(std::string_view text) {
  std::string t;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // Umlauts (UTF-8 Ä Ö Ü ä ö ü ß) as ae, oe, ue, ss; ASCII lower-cased; blanks and '-' as '_'.
    if (c == 0xC3 && i + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[++i]);
      t += d == 0x84 || d == 0xA4   ? "ae"
           : d == 0x96 || d == 0xB6 ? "oe"
           : d == 0x9C || d == 0xBC ? "ue"
           : d == 0x9F              ? "ss"
                                    : "?";
    } else if (c == ' ' || c == '-') {
      t += '_';
    } else {
      t += static_cast<char>(std::tolower(c));
    }
  }
  while (!t.empty() && t.front() == '_') t.erase(t.begin());
  while (!t.empty() && t.back() == '_') t.pop_back();
  for (std::size_t k = 0; k < CARRIER_NAMES.size(); ++k) {
    if (CARRIER_NAMES[k] == t) return static_cast<Carrier>(k);
  }
  static const std::array<std::pair<std::string_view, Carrier>, 29> TERMS{{
      {"", Carrier::unknown},
      {"unbekannt", Carrier::unknown},
      {"erdgas", Carrier::gas},
      {"fluessiggas", Carrier::gas},
      {"gas_(erdgas,_fluessiggas)", Carrier::gas},
      {"heizoel", Carrier::oil},
      {"oel", Carrier::oil},
      {"fernwaerme", Carrier::district_heat},
      {"nahwaerme", Carrier::district_heat},
      {"fernheizung", Carrier::district_heat},
      {"district_heating", Carrier::district_heat},
      {"strom", Carrier::electricity},
      {"nachtspeicher", Carrier::electricity},
      {"nachtspeicherheizung", Carrier::electricity},
      {"waermepumpe", Carrier::heat_pump},
      {"solar_geothermie_waermepumpen", Carrier::heat_pump},
      {"geothermie", Carrier::heat_pump},
      {"holz", Carrier::biomass},
      {"pellets", Carrier::biomass},
      {"holzpellets", Carrier::biomass},
      {"holz_holzpellets", Carrier::biomass},
      {"biomasse", Carrier::biomass},
      {"biogas", Carrier::biomass},
      {"biomasse_biogas", Carrier::biomass},
      {"kohle", Carrier::coal},
      {"braunkohle", Carrier::coal},
      {"steinkohle", Carrier::coal},
      {"sonstige", Carrier::other},
      {"sonstiges", Carrier::other},
  }};
  for (const auto& [term, carrier] : TERMS) {
    if (term == t) return carrier;
  }
  return std::nullopt;
}

}  // namespace heattwin::twin
