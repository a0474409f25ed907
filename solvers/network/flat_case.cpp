#include "solvers/network/flat_case.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace heattwin::solvers::network {

namespace {

using twin::CsvView;

// The tables are read as views of one buffer per file, with every column looked up once per
// table and the place of a row ("<file>:<line>") formatted only for a message: at 99,904 pipes
// formatting it for every cell cost more than the solve.

/// A column the rows need: looked up when first used (a table without rows, or whose rows are
/// all out of service, may lack it, as before).
class RequiredColumn {
 public:
  RequiredColumn(const CsvView& t, std::string_view name) : table_(t), name_(name) {}
  std::size_t index() const {
    if (!column_) column_ = table_.column(name_);
    return *column_;
  }
  double number(std::size_t row) const { return table_.number(row, index()); }
  std::int64_t integer(std::size_t row) const { return table_.integer(row, index()); }
  std::string_view cell(std::size_t row) const { return table_.cell(row, index()); }
  const CsvView& table() const { return table_; }
  std::string_view name() const { return name_; }

 private:
  const CsvView& table_;
  std::string_view name_;
  mutable std::optional<std::size_t> column_;
};

/// An optional column: empty cells and a missing column read as `NOT_SET` (NaN).
struct OptionalColumn {
  const CsvView& table;
  std::optional<std::size_t> column;
  OptionalColumn(const CsvView& t, std::string_view name) : table(t), column(t.find_column(name)) {}
  double at(std::size_t row) const {
    if (!column || table.cell(row, *column).empty()) return NOT_SET;
    return table.number(row, *column);
  }
};

/// A True/False column (True, true, 1 / False, false, 0); empty cells and a missing column give
/// the fallback.
struct FlagColumn {
  const CsvView& table;
  std::optional<std::size_t> column;
  bool fallback;
  FlagColumn(const CsvView& t, std::string_view name, bool fallback_value)
      : table(t), column(t.find_column(name)), fallback(fallback_value) {}
  bool at(std::size_t row) const {
    if (!column) return fallback;
    const std::string_view v = table.cell(row, *column);
    if (v.empty()) return fallback;
    if (v == "True" || v == "true" || v == "1") return true;
    if (v == "False" || v == "false" || v == "0") return false;
    throw InputError(
        fmt::format("{}: column '{}' must be True or False, found '{}'", table.where(row), table.header()[*column], v));
  }
};

/// The id of a row: its `name` cell, else the fallback.
std::string name_or(const CsvView& t, std::optional<std::size_t> name_column, std::size_t row, std::string fallback) {
  if (name_column && !t.cell(row, *name_column).empty()) return std::string(t.cell(row, *name_column));
  return fallback;
}

std::optional<CsvView> read_optional(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return std::nullopt;
  return twin::read_csv_view(file.string());
}

std::string where(const twin::CsvTable& t, std::size_t row) { return fmt::format("{}:{}", t.path, t.line_of_row[row]); }

FluidProperties read_fluid(const std::filesystem::path& file) {
  const twin::CsvTable t = twin::read_csv(file.string());
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

  const CsvView junctions = twin::read_csv_view((folder / "junctions.csv").string());
  std::unordered_map<std::int64_t, std::uint32_t> junction_of_idx;
  junction_of_idx.reserve(junctions.row_count());
  std::vector<std::uint8_t> junction_in_service;
  {
    const RequiredColumn idx(junctions, "idx"), height(junctions, "height_m");
    const auto name = junctions.find_column("name");
    const OptionalColumn t_init(junctions, "tfluid_init_k"), p_ref(junctions, "p_ref_bar");
    const FlagColumn in_service(junctions, "in_service", true);
    for (std::size_t r = 0; r < junctions.row_count(); ++r) {
      const std::int64_t junction_idx = idx.integer(r);
      const auto [it, inserted] = junction_of_idx.try_emplace(junction_idx, 0U);
      HEATTWIN_CHECK(inserted, "{}: junction idx {} appears twice", junctions.where(r), junction_idx);
      const double t_init_k = t_init.at(r);
      it->second = n.add_junction(name_or(junctions, name, r, std::to_string(junction_idx)), height.number(r),
                                  std::isnan(t_init_k) ? 283.15 : t_init_k);
      junction_in_service.push_back(in_service.at(r) ? 1 : 0);
      c.junction_idx.push_back(junction_idx);
      c.p_ref_bar.push_back(p_ref.at(r));
    }
  }
  auto junction = [&](const RequiredColumn& column, std::size_t r) {
    const std::int64_t idx = column.integer(r);
    const auto it = junction_of_idx.find(idx);
    HEATTWIN_CHECK(it != junction_of_idx.end(), "{}: {} {} is not a junction idx of junctions.csv",
                   column.table().where(r), column.name(), idx);
    return it->second;
  };
  auto add_reference = [&](double v_ref, double dp_ref, std::int64_t idx) {
    c.branch_idx.push_back(idx);
    c.v_ref_m_per_s.push_back(v_ref);
    c.dp_ref_bar.push_back(dp_ref);
    c.section_t_ref_k.emplace_back();
  };
  auto usable = [&](const FlagColumn& in_service, std::size_t r, std::uint32_t a, std::uint32_t b) {
    if (!in_service.at(r) || !junction_in_service[a] || !junction_in_service[b]) {
      ++c.out_of_service_count;
      return false;
    }
    return true;
  };

  std::unordered_map<std::int64_t, std::uint32_t> pipe_branch_of_idx;
  if (auto pipes = read_optional(folder / "pipes.csv")) {
    const CsvView& t = *pipes;
    const RequiredColumn from_junction(t, "from_junction"), to_junction(t, "to_junction"), idx(t, "idx"),
        length(t, "length_m"), diameter(t, "diameter_m"), k(t, "k_mm");
    const auto name = t.find_column("name");
    const FlagColumn in_service(t, "in_service", true);
    const OptionalColumn sections_column(t, "sections"), alpha_column(t, "alpha_w_per_m2k"), t_ext_column(t, "text_k"),
        zeta_column(t, "loss_coefficient"), v_ref(t, "v_ref_mean_m_per_s");
    pipe_branch_of_idx.reserve(t.row_count());
    for (std::size_t r = 0; r < t.row_count(); ++r) {
      const std::uint32_t from = junction(from_junction, r);
      const std::uint32_t to = junction(to_junction, r);
      if (!usable(in_service, r, from, to)) continue;
      const std::int64_t pipe_idx = idx.integer(r);
      std::string id = name_or(t, name, r, "pipe " + std::to_string(pipe_idx));
      const double sections = sections_column.at(r);
      const double alpha = alpha_column.at(r);
      const double t_ext = t_ext_column.at(r);
      const double zeta = zeta_column.at(r);
      HEATTWIN_CHECK(std::isnan(sections) || (sections >= 1 && sections < 1e6), "{}: sections {} must be ≥ 1",
                     t.where(r), sections);
      const double length_m = length.number(r);
      const double diameter_m = diameter.number(r);
      const double k_mm = k.number(r);
      pipe_branch_of_idx[pipe_idx] =
          n.add_pipe(std::move(id), from, to, length_m, diameter_m, k_mm / 1000.0, std::isnan(zeta) ? 0.0 : zeta,
                     std::isnan(alpha) ? 0.0 : alpha, std::isnan(t_ext) ? 293.15 : t_ext,
                     std::isnan(sections) ? 1U : static_cast<std::uint32_t>(sections));
      add_reference(v_ref.at(r), NOT_SET, pipe_idx);
    }
  }
  if (auto valves = read_optional(folder / "valves.csv")) {
    const CsvView& t = *valves;
    const RequiredColumn from_junction(t, "from_junction"), to_junction(t, "to_junction"), idx(t, "idx"),
        diameter(t, "diameter_m");
    const FlagColumn in_service(t, "in_service", true), opened(t, "opened", true);
    const OptionalColumn zeta_column(t, "loss_coefficient"), v_ref(t, "v_ref_mean_m_per_s");
    for (std::size_t r = 0; r < t.row_count(); ++r) {
      const std::uint32_t from = junction(from_junction, r);
      const std::uint32_t to = junction(to_junction, r);
      if (!usable(in_service, r, from, to)) continue;
      if (!opened.at(r)) {
        ++c.closed_valve_count;
        continue;
      }
      const std::int64_t valve_idx = idx.integer(r);
      const double zeta = zeta_column.at(r);
      n.add_valve("valve " + std::to_string(valve_idx), from, to, diameter.number(r), std::isnan(zeta) ? 0.0 : zeta);
      add_reference(v_ref.at(r), NOT_SET, valve_idx);
    }
  }
  if (auto pumps = read_optional(folder / "pumps.csv")) {
    const CsvView& t = *pumps;
    const RequiredColumn from_junction(t, "from_junction"), to_junction(t, "to_junction"), idx(t, "idx"),
        curve(t, "curve_coeffs_highest_first_pbar_vs_Qm3ph");
    const FlagColumn in_service(t, "in_service", true);
    const OptionalColumn dp_ref(t, "dp_ref_bar");
    for (std::size_t r = 0; r < t.row_count(); ++r) {
      const std::uint32_t from = junction(from_junction, r);
      const std::uint32_t to = junction(to_junction, r);
      if (!usable(in_service, r, from, to)) continue;
      const std::int64_t pump_idx = idx.integer(r);
      n.add_pump("pump " + std::to_string(pump_idx), from, to, parse_curve(std::string(curve.cell(r)), t.where(r)));
      add_reference(NOT_SET, dp_ref.at(r), pump_idx);
    }
  }
  // Without any branch every junction would be reported as disconnected: name the missing file.
  HEATTWIN_CHECK(n.branch_count() > 0,
                 "network case '{}' has no pipes, valves or pumps: pipes.csv is missing or has no in-service rows "
                 "(expected the flat CSV format: junctions.csv, pipes.csv, ext_grids.csv, sinks.csv, …)",
                 folder.string());
  if (auto grids = read_optional(folder / "ext_grids.csv")) {
    const CsvView& t = *grids;
    const RequiredColumn junction_column(t, "junction"), p_bar(t, "p_bar"), t_k(t, "t_k");
    const FlagColumn in_service(t, "in_service", true);
    const auto type_column = t.find_column("type");
    for (std::size_t r = 0; r < t.row_count(); ++r) {
      const std::uint32_t j = junction(junction_column, r);
      if (!in_service.at(r)) {
        ++c.out_of_service_count;
        continue;
      }
      const std::string_view type = type_column ? t.cell(r, *type_column) : "pt";
      HEATTWIN_CHECK(type == "pt" || type == "p" || type == "t" || type == "tp",
                     "{}: ext grid type '{}' is not one of pt, p, t", t.where(r), type);
      if (type.find('p') != std::string_view::npos) n.fixed_pressure_bar[j] = p_bar.number(r);
      if (type.find('t') != std::string_view::npos) n.fixed_t_k[j] = t_k.number(r);
    }
  }
  for (const char* file : {"sinks.csv", "sources.csv"}) {
    auto table = read_optional(folder / file);
    if (!table) continue;
    const CsvView& t = *table;
    const bool sink = std::string_view(file) == "sinks.csv";
    const RequiredColumn junction_column(t, "junction"), mdot_column(t, "mdot_kg_per_s");
    const FlagColumn in_service(t, "in_service", true);
    const OptionalColumn scaling_column(t, "scaling");
    for (std::size_t r = 0; r < t.row_count(); ++r) {
      const std::uint32_t j = junction(junction_column, r);
      if (!in_service.at(r) || !junction_in_service[j]) {
        ++c.out_of_service_count;
        continue;
      }
      const double scaling = scaling_column.at(r);
      const double mdot = mdot_column.number(r) * (std::isnan(scaling) ? 1.0 : scaling);
      HEATTWIN_CHECK(mdot >= 0.0, "{}: mdot_kg_per_s {} must be ≥ 0", t.where(r), mdot);
      (sink ? n.withdrawal_kg_per_s : n.injection_kg_per_s)[j] += mdot;
    }
  }
  if (auto sections = read_optional(folder / "pipe_sections_ref.csv")) {
    const CsvView& t = *sections;
    const RequiredColumn pipe_idx(t, "pipe_idx"), section_column(t, "section"), t_ref(t, "T_ref_k");
    for (std::size_t r = 0; r < t.row_count(); ++r) {
      const std::int64_t idx = pipe_idx.integer(r);
      const auto it = pipe_branch_of_idx.find(idx);
      HEATTWIN_CHECK(it != pipe_branch_of_idx.end(), "{}: pipe_idx {} is not a pipe of pipes.csv", t.where(r), idx);
      const std::int64_t section = section_column.integer(r);
      auto& list = c.section_t_ref_k[it->second];
      HEATTWIN_CHECK(section == static_cast<std::int64_t>(list.size()) + 1,
                     "{}: sections of pipe {} must be listed in order 1, 2, …", t.where(r), idx);
      list.push_back(t_ref.number(r));
    }
  }
  check_network(n);
  return c;
}

}  // namespace heattwin::solvers::network
