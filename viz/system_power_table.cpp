#include "viz/system_power_table.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iterator>
#include <vector>

namespace heattwin::viz {

std::optional<SystemPowerCounts> read_system_power_counts(const std::string& results_path, const std::string& scenario,
                                                          int year, const std::string& ags) {
  if (results_path.empty() || !std::filesystem::exists(results_path)) return std::nullopt;
  try {
    const h5::File file = h5::File::open_checked(results_path, twin::RESULTS_FILE);
    h5::Group g = file.root();
    for (const std::string& part : {std::string("results"), scenario, std::to_string(year), std::string("regions")}) {
      if (!g.has(part) || !g.is_group(part)) return std::nullopt;
      g = g.open_group(part);
    }
    if (!g.has("system_power_measured_buildings")) return std::nullopt;
    const auto ids = g.read_strings("ags");
    const auto measured = g.read<std::uint64_t>("system_power_measured_buildings");
    const auto estimated = g.read<std::uint64_t>("system_power_estimated_buildings");
    HEATTWIN_CHECK(measured.size() == ids.size() && estimated.size() == ids.size(),
                   "{}: {}: system_power_* and ags differ in length", results_path, g.path());
    SystemPowerCounts c;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (ids[k] != ags) continue;
      c.measured += measured[k];
      c.estimated += estimated[k];
    }
    return c;
  } catch (const IoError& e) {
    throw InputError(e.what());
  }
}

std::string system_power_table_html(const std::string& results_path, const std::string& scenario, int year,
                                    const std::string& ags, Lang lang) {
  const auto c = read_system_power_counts(results_path, scenario, year, ags);
  if (!c) return {};
  const double total = static_cast<double>(c->measured + c->estimated);
  const auto share = [&](std::uint64_t part) {
    return total > 0.0 ? format_number(100.0 * static_cast<double>(part) / total, 1, lang) + " %" : std::string("–");
  };
  std::string html;
  auto out = std::back_inserter(html);
  fmt::format_to(out, "<h3>{}</h3>\n",
                 tr(lang, "Nennleistung der Heizungen: gemessen und geschätzt",
                    "Nominal power of the heating systems: measured and estimated"));
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                 tr(lang, "Auslegung der Anlage", "system sized by"), tr(lang, "Gebäude", "buildings"),
                 tr(lang, "Anteil", "share"));
  fmt::format_to(out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                 tr(lang, "gemessene Nennleistung (Planungsdaten)", "measured nominal power (planning data)"),
                 format_number(static_cast<double>(c->measured), 0, lang), share(c->measured));
  fmt::format_to(out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                 tr(lang, "geschätzte Heizlast (Gebäudemodell)", "estimated design load (building model)"),
                 format_number(static_cast<double>(c->estimated), 0, lang), share(c->estimated));
  fmt::format_to(out, "</tbody></table>\n");
  fmt::format_to(
      out, "<p class=\"note\"><b>{}</b> {}</p>\n", tr(lang, "Quelle:", "Source:"),
      tr(lang,
         "Nennleistung aus der Gebäudezuordnung des Zwillings (Feld heating_power_kw, z. B. Kehrbuchdaten); sonst die "
         "vom Gebäudemodell geschätzte Heizlast (Normbedarf). Die Anlagengröße bestimmt Investition und Wartung "
         "der Heizungen; nach einer Sanierung gilt die geschätzte Heizlast.",
         "nominal power from the twin's building mapping (field heating_power_kw, e.g. chimney-sweep records); "
         "otherwise the design load estimated by the building model (standard demand). The system size sets the "
         "investment and "
         "maintenance of the heating systems; after a refurbishment the estimated design load applies."));
  return html;
}

}  // namespace heattwin::viz
