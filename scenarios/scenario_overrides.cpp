#include "scenarios/scenario_overrides.hpp"

#include "scenarios/overrides_toml.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

namespace heattwin::scenarios {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

/// The dotted key's parts; throws InputError for an empty part ("demand..x", ".x", "x.").
std::vector<std::string> key_parts(const std::string& path, const ScenarioOverride& o) {
  std::vector<std::string> parts;
  std::string_view rest = o.key;
  while (true) {
    const auto dot = rest.find('.');
    const auto part = trim(rest.substr(0, dot));
    HEATTWIN_CHECK(!part.empty(), "{}: override '{}': the key must be dotted names like demand.heating_setpoint_c",
                   path, to_string(o));
    parts.emplace_back(part);
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return parts;
}

/// Inserts the override's value as `table[key]`; the new node's source names the override.
void insert_value(toml::table& table, const std::string& key, const ScenarioOverride& o) {
  const std::string source = fmt::format("override {}", to_string(o));
  const std::string_view text = trim(o.value);
  try {
    toml::table parsed = toml::parse(fmt::format("value = {}", text), std::string_view(source));
    if (toml::node* node = parsed.get("value")) {
      std::move(*node).visit([&](auto&& concrete) { table.insert_or_assign(key, std::move(concrete)); });
      return;
    }
  } catch (const toml::parse_error& e) {
    HEATTWIN_CHECK(
        !text.empty() && text.front() != '"' && text.front() != '\'' && text.front() != '[' && text.front() != '{',
        "{}: the value is not valid TOML ({}); quote strings, e.g. run.name=\"base\"", source, e.description());
  }
  // A bare word: the string it spells (`run.method=monthly`).
  table.insert_or_assign(key, std::string(text));
}

}  // namespace

ScenarioOverride parse_scenario_override(std::string_view text) {
  const auto eq = text.find('=');
  HEATTWIN_CHECK(eq != std::string_view::npos && !trim(text.substr(0, eq)).empty(),
                 "override '{}': expected key=value, e.g. demand.heating_setpoint_c=21", text);
  return {std::string(trim(text.substr(0, eq))), std::string(trim(text.substr(eq + 1)))};
}

std::string to_string(const ScenarioOverride& o) { return fmt::format("{} = {}", o.key, o.value); }

namespace detail {

void apply_overrides(const std::string& path, toml::table& doc, std::span<const ScenarioOverride> overrides) {
  for (const auto& o : overrides) {
    const auto parts = key_parts(path, o);
    toml::table* table = &doc;
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
      toml::node* next = table->get(parts[k]);
      if (next == nullptr) next = &table->insert_or_assign(parts[k], toml::table{}).first->second;
      table = next->as_table();
      HEATTWIN_CHECK(table != nullptr, "{}: override '{}': '{}' is a value, not a table", path, to_string(o),
                     fmt::join(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(k) + 1, "."));
    }
    insert_value(*table, parts.back(), o);
  }
}

}  // namespace detail
}  // namespace heattwin::scenarios
