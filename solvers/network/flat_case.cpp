#include "solvers/network/flat_case.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <sstream>
#include <unordered_map>

namespace heattwin::solvers::network {

namespace {

using twin::CsvTable;

std::string where(const CsvTable& t, std::size_t row) { return fmt::format("{}:{}", t.path, t.line_of_row[row]); }

double number(const CsvTable& t, std::size_t row, std::string_view column) {
  return twin::parse_double(t.rows[row][t.column(column)], where(t, row), column);
}

/// Optional numeric cell: empty → NaN; missing column → NaN.
double optional_number(const CsvTable& t, std::size_t row, std::string_view column) {
  const auto c = t.find_column(column);
  if (!c || t.rows[row][*c].empty()) return NOT_SET;
  return twin::parse_double(t.rows[row][*c], where(t, row), column);
}

bool flag(const CsvTable& t, std::size_t row, std::string_view column, bool fallback) {
  const auto c = t.find_column(column);
  if (!c || t.rows[row][*c].empty()) return fallback;
  const std::string& v = t.rows[row][*c];
  if (v == "True" || v == "true" || v == "1") return true;
  if (v == "False" || v == "false" || v == "0") return false;
  throw InputError(fmt::format("{}: column '{}' must be True or False, found '{}'", where(t, row), column, v));
}

std::int64_t index(const CsvTable& t, std::size_t row, std::string_view column) {
  return twin::parse_int(t.rows[row][t.column(column)], where(t, row), column);
}

std::optional<CsvTable> read_optional(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return std::nullopt;
  return twin::read_csv(file.string());
}

FluidProperties read_fluid(const std::filesystem::path& file) {
  const CsvTable t = twin::read_csv(file.string());
  std::map<std::string, double> values;
  std::string name;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& property = t.rows[r][t.column("property")];
    const std::string& model = t.rows[r][t.column("model")];
    name = t.rows[r][t.column("fluid_name")];
    if (property != "density" && property != "viscosity" && property != "heat_capacity") continue;
    HEATTWIN_CHECK(model == "FluidPropertyConstant",
                   "{}: fluid property '{}' uses the model '{}'; only FluidPropertyConstant is supported in case files "
                   "(omit fluid.csv to use the built-in temperature-dependent water)",
                   where(t, r), property, model);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(t.rows[r][t.column("value")]);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(fmt::format("{}: value of '{}' is not valid JSON ({})", where(t, r), property, e.what()));
    }
    HEATTWIN_CHECK(j.is_object() && j.contains("value") && j["value"].is_number(),
                   "{}: value of '{}' must look like {{\"value\": <number>}}", where(t, r), property);
    values[property] = j["value"].get<double>();
  }
  for (const char* needed : {"density", "viscosity", "heat_capacity"}) {
    HEATTWIN_CHECK(values.count(needed) == 1, "{}: the fluid has no '{}' row", file.string(), needed);
  }
  double cp = values["heat_capacity"];
  // Some case files give c_p in kJ/(kg·K) (STANET water: 4.1868); convert plausible kJ values.
  if (cp < 100.0) {
    logger("network")->debug("{}: heat capacity {} read as kJ/(kg·K) and converted to {} J/(kg·K)", file.string(), cp,
                             cp * 1000.0);
    cp *= 1000.0;
  }
  return FluidProperties::constant(name, values["density"], values["viscosity"], cp);
}

std::vector<double> parse_curve(const std::string& text, const std::string& place) {
  std::vector<double> coefficients;
  std::istringstream in(text);
  std::string token;
  while (in >> token) coefficients.push_back(twin::parse_double(token, place, "pump curve coefficient"));
  HEATTWIN_CHECK(!coefficients.empty(), "{}: the pump has no curve coefficients", place);
  return coefficients;
}

}  // namespace

std::optional<FrictionModel> friction_model_of_case(const std::filesystem::path& folder) {
  const std::string full = folder.lexically_normal().string();
  const std::string name = folder.lexically_normal().filename().empty()
                               ? folder.lexically_normal().parent_path().filename().string()
                               : folder.lexically_normal().filename().string();
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("_N")) return FrictionModel::nikuradse;
  if (ends_with("_PC")) return FrictionModel::colebrook;
  if (full.find("swamee-jain") != std::string::npos) return FrictionModel::swamee_jain;
  if (full.find("colebrook") != std::string::npos) return FrictionModel::colebrook;
  return std::nullopt;
}

FlatCase read_flat_case(const std::filesystem::path& folder) {
  HEATTWIN_CHECK(std::filesystem::is_directory(folder), "network case '{}' is not a folder", folder.string());
  HEATTWIN_CHECK(std::filesystem::exists(folder / "junctions.csv"),
                 "network case '{}' has no junctions.csv (expected the flat CSV format: junctions.csv, pipes.csv, "
                 "ext_grids.csv, sinks.csv, …)",
                 folder.string());
  FlatCase c;
  c.folder = folder;
  PipeNetwork& n = c.network;
  if (std::filesystem::exists(folder / "fluid.csv")) n.fluid = read_fluid(folder / "fluid.csv");

  const CsvTable junctions = twin::read_csv((folder / "junctions.csv").string());
  std::unordered_map<std::int64_t, std::uint32_t> junction_of_idx;
  std::vector<std::uint8_t> junction_in_service;
  for (std::size_t r = 0; r < junctions.rows.size(); ++r) {
    const std::int64_t idx = index(junctions, r, "idx");
    HEATTWIN_CHECK(junction_of_idx.count(idx) == 0, "{}: junction idx {} appears twice", where(junctions, r), idx);
    const auto name_col = junctions.find_column("name");
    std::string id =
        name_col && !junctions.rows[r][*name_col].empty() ? junctions.rows[r][*name_col] : std::to_string(idx);
    const double t_init = optional_number(junctions, r, "tfluid_init_k");
    const std::uint32_t j =
        n.add_junction(std::move(id), number(junctions, r, "height_m"), std::isnan(t_init) ? 283.15 : t_init);
    junction_of_idx[idx] = j;
    junction_in_service.push_back(flag(junctions, r, "in_service", true) ? 1 : 0);
    c.junction_idx.push_back(idx);
    c.p_ref_bar.push_back(optional_number(junctions, r, "p_ref_bar"));
  }
  auto junction = [&](const CsvTable& t, std::size_t r, std::string_view column) {
    const std::int64_t idx = index(t, r, column);
    const auto it = junction_of_idx.find(idx);
    HEATTWIN_CHECK(it != junction_of_idx.end(), "{}: {} {} is not a junction idx of junctions.csv", where(t, r), column,
                   idx);
    return it->second;
  };
  auto add_reference = [&](double v_ref, double dp_ref, std::int64_t idx) {
    c.branch_idx.push_back(idx);
    c.v_ref_m_per_s.push_back(v_ref);
    c.dp_ref_bar.push_back(dp_ref);
    c.section_t_ref_k.emplace_back();
  };
  auto usable = [&](const CsvTable& t, std::size_t r, std::uint32_t a, std::uint32_t b) {
    if (!flag(t, r, "in_service", true) || !junction_in_service[a] || !junction_in_service[b]) {
      ++c.out_of_service_count;
      return false;
    }
    return true;
  };

  std::map<std::int64_t, std::uint32_t> pipe_branch_of_idx;
  if (auto pipes = read_optional(folder / "pipes.csv")) {
    for (std::size_t r = 0; r < pipes->rows.size(); ++r) {
      const std::uint32_t from = junction(*pipes, r, "from_junction");
      const std::uint32_t to = junction(*pipes, r, "to_junction");
      if (!usable(*pipes, r, from, to)) continue;
      const std::int64_t idx = index(*pipes, r, "idx");
      const auto name_col = pipes->find_column("name");
      std::string id =
          name_col && !pipes->rows[r][*name_col].empty() ? pipes->rows[r][*name_col] : fmt::format("pipe {}", idx);
      const double sections = optional_number(*pipes, r, "sections");
      const double alpha = optional_number(*pipes, r, "alpha_w_per_m2k");
      const double t_ext = optional_number(*pipes, r, "text_k");
      const double zeta = optional_number(*pipes, r, "loss_coefficient");
      HEATTWIN_CHECK(std::isnan(sections) || (sections >= 1 && sections < 1e6), "{}: sections {} must be ≥ 1",
                     where(*pipes, r), sections);
      pipe_branch_of_idx[idx] = n.add_pipe(
          std::move(id), from, to, number(*pipes, r, "length_m"), number(*pipes, r, "diameter_m"),
          number(*pipes, r, "k_mm") / 1000.0, std::isnan(zeta) ? 0.0 : zeta, std::isnan(alpha) ? 0.0 : alpha,
          std::isnan(t_ext) ? 293.15 : t_ext, std::isnan(sections) ? 1U : static_cast<std::uint32_t>(sections));
      add_reference(optional_number(*pipes, r, "v_ref_mean_m_per_s"), NOT_SET, idx);
    }
  }
  if (auto valves = read_optional(folder / "valves.csv")) {
    for (std::size_t r = 0; r < valves->rows.size(); ++r) {
      const std::uint32_t from = junction(*valves, r, "from_junction");
      const std::uint32_t to = junction(*valves, r, "to_junction");
      if (!usable(*valves, r, from, to)) continue;
      if (!flag(*valves, r, "opened", true)) {
        ++c.closed_valve_count;
        continue;
      }
      const std::int64_t idx = index(*valves, r, "idx");
      const double zeta = optional_number(*valves, r, "loss_coefficient");
      n.add_valve(fmt::format("valve {}", idx), from, to, number(*valves, r, "diameter_m"),
                  std::isnan(zeta) ? 0.0 : zeta);
      add_reference(optional_number(*valves, r, "v_ref_mean_m_per_s"), NOT_SET, idx);
    }
  }
  if (auto pumps = read_optional(folder / "pumps.csv")) {
    for (std::size_t r = 0; r < pumps->rows.size(); ++r) {
      const std::uint32_t from = junction(*pumps, r, "from_junction");
      const std::uint32_t to = junction(*pumps, r, "to_junction");
      if (!usable(*pumps, r, from, to)) continue;
      const std::int64_t idx = index(*pumps, r, "idx");
      n.add_pump(
          fmt::format("pump {}", idx), from, to,
          parse_curve(pumps->rows[r][pumps->column("curve_coeffs_highest_first_pbar_vs_Qm3ph")], where(*pumps, r)));
      add_reference(NOT_SET, optional_number(*pumps, r, "dp_ref_bar"), idx);
    }
  }
  // Without any branch every junction would be reported as disconnected: name the missing file.
  HEATTWIN_CHECK(n.branch_count() > 0,
                 "network case '{}' has no pipes, valves or pumps: pipes.csv is missing or has no in-service rows "
                 "(expected the flat CSV format: junctions.csv, pipes.csv, ext_grids.csv, sinks.csv, …)",
                 folder.string());
  if (auto grids = read_optional(folder / "ext_grids.csv")) {
    for (std::size_t r = 0; r < grids->rows.size(); ++r) {
      const std::uint32_t j = junction(*grids, r, "junction");
      if (!flag(*grids, r, "in_service", true)) {
        ++c.out_of_service_count;
        continue;
      }
      const auto type_col = grids->find_column("type");
      const std::string type = type_col ? grids->rows[r][*type_col] : "pt";
      HEATTWIN_CHECK(type == "pt" || type == "p" || type == "t" || type == "tp",
                     "{}: ext grid type '{}' is not one of pt, p, t", where(*grids, r), type);
      if (type.find('p') != std::string::npos) n.fixed_pressure_bar[j] = number(*grids, r, "p_bar");
      if (type.find('t') != std::string::npos) n.fixed_t_k[j] = number(*grids, r, "t_k");
    }
  }
  for (const char* file : {"sinks.csv", "sources.csv"}) {
    auto table = read_optional(folder / file);
    if (!table) continue;
    const bool sink = std::string_view(file) == "sinks.csv";
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
      const std::uint32_t j = junction(*table, r, "junction");
      if (!flag(*table, r, "in_service", true) || !junction_in_service[j]) {
        ++c.out_of_service_count;
        continue;
      }
      const double scaling = optional_number(*table, r, "scaling");
      const double mdot = number(*table, r, "mdot_kg_per_s") * (std::isnan(scaling) ? 1.0 : scaling);
      HEATTWIN_CHECK(mdot >= 0.0, "{}: mdot_kg_per_s {} must be ≥ 0", where(*table, r), mdot);
      (sink ? n.withdrawal_kg_per_s : n.injection_kg_per_s)[j] += mdot;
    }
  }
  if (auto sections = read_optional(folder / "pipe_sections_ref.csv")) {
    for (std::size_t r = 0; r < sections->rows.size(); ++r) {
      const std::int64_t idx = index(*sections, r, "pipe_idx");
      const auto it = pipe_branch_of_idx.find(idx);
      HEATTWIN_CHECK(it != pipe_branch_of_idx.end(), "{}: pipe_idx {} is not a pipe of pipes.csv", where(*sections, r),
                     idx);
      const std::int64_t section = index(*sections, r, "section");
      auto& list = c.section_t_ref_k[it->second];
      HEATTWIN_CHECK(section == static_cast<std::int64_t>(list.size()) + 1,
                     "{}: sections of pipe {} must be listed in order 1, 2, …", where(*sections, r), idx);
      list.push_back(number(*sections, r, "T_ref_k"));
    }
  }
  check_network(n);
  return c;
}

}  // namespace heattwin::solvers::network
