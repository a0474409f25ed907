#include "scenarios/sweep.hpp"

#include "solvers/economics/carriers.hpp"
#include "solvers/supply/individual.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/log.hpp"
#include "twin/output_path.hpp"
#include "twin/random.hpp"
#include "twin/results_format.hpp"
#include "twin/twin_store.hpp"

#include <heattwin/version_info.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <set>
#include <sstream>

namespace heattwin::scenarios {
namespace {

namespace fs = std::filesystem;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

std::string at_line(const std::string& path, const toml::node& node) {
  return fmt::format("{}:{}", path, node.source().begin.line);
}

void only_keys(const std::string& path, const toml::table& t, std::string_view section,
               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, node] : t) {
    bool ok = false;
    for (const auto a : allowed) ok = ok || key.str() == a;
    HEATTWIN_CHECK(ok, "{}: unknown key '{}' in [{}] (allowed: {})", at_line(path, node), key.str(), section,
                   fmt::join(allowed, ", "));
  }
}

double number(const std::string& path, const toml::table& t, std::string_view key, std::string_view what) {
  const toml::node* node = t.get(key);
  HEATTWIN_CHECK(node != nullptr, "{}: {} needs '{}'", path, what, key);
  const auto v = node->value<double>();
  HEATTWIN_CHECK(v.has_value() && std::isfinite(*v), "{}: {} '{}' must be a number", at_line(path, *node), what, key);
  return *v;
}

std::map<int, double> year_table(const std::string& path, const toml::table& t, std::string_view key,
                                 std::string_view what) {
  const toml::node* node = t.get(key);
  HEATTWIN_CHECK(node != nullptr && node->is_table(), "{}: {} needs '{}' as a table of year = value", path, what, key);
  std::map<int, double> out;
  for (const auto& [year, value] : *node->as_table()) {
    const int y = std::atoi(std::string(year.str()).c_str());
    const auto v = value.value<double>();
    HEATTWIN_CHECK(y >= 1990 && y <= 2100 && v.has_value() && std::isfinite(*v),
                   "{}: {} {}: '{}' must be a year 1990–2100 with a number", at_line(path, value), what, key,
                   year.str());
    out[y] = *v;
  }
  return out;
}

/// A value as exact text (hexadecimal floating point: the same bits after a round trip).
std::string exact(double v) { return fmt::format("{:a}", v); }

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Renewable carriers of the renewable share: biomass, ambient heat (heat pumps), solar thermal,
/// waste heat. Electricity and district heat count as not renewable (their mix is not modelled
/// per run; docs/SWEEPS.md).
constexpr std::array<std::string_view, 4> RENEWABLE = {"biomass", "ambient_heat", "solar_thermal", "waste_heat"};

/// Cost model of one worker, CPU seconds (docs/SWEEPS.md), fitted on 2026-12-07 to the 1,002-run
/// price/COP sweep of the demo (730 buildings, hourly: 0.104 s per run) and a refurbishment sweep
/// of a generated 10,000-building municipality (monthly: 0.27 s per run): per year of a run (the
/// supply model's COP tables, the in-memory results), per building and year of a run (supply,
/// consumption, supply areas), per building and year of a demand solve, per building loaded.
constexpr double RUN_S_PER_YEAR = 0.018;
constexpr double RUN_S_PER_BUILDING_YEAR = 3.0e-6;
constexpr double HOURLY_S_PER_BUILDING_YEAR = 2.0e-4;
constexpr double MONTHLY_S_PER_BUILDING_YEAR = 5.0e-7;
constexpr double LOAD_S_PER_BUILDING = 2.0e-5;

/// One run's result as text: "ok <seconds> <values…>" or "failed <seconds> <message>" (values
/// exact, see exact()).
std::string encode(const SweepRunRecord& r) {
  std::string out = fmt::format("{} {}", r.ok ? "ok" : "failed", exact(r.seconds));
  if (r.ok) {
    for (const double v : r.indicators) out += " " + exact(v);
  } else {
    std::string m = r.message;
    for (char& c : m) {
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    }
    out += " " + m;
  }
  return out;
}

SweepRunRecord decode(std::string_view text, std::size_t columns) {
  SweepRunRecord r;
  r.done = true;
  std::istringstream in{std::string(text)};
  std::string status, seconds;
  in >> status >> seconds;
  HEATTWIN_CHECK(status == "ok" || status == "failed", "sweep: a run result starts with '{}'", status);
  r.ok = status == "ok";
  r.seconds = std::strtod(seconds.c_str(), nullptr);
  if (r.ok) {
    std::string v;
    while (in >> v) r.indicators.push_back(std::strtod(v.c_str(), nullptr));
    HEATTWIN_CHECK(r.indicators.size() == columns, "sweep: a run result has {} values, expected {}",
                   r.indicators.size(), columns);
  } else {
    std::getline(in >> std::ws, r.message);
    r.indicators.assign(columns, NaN);
  }
  return r;
}

/// The journal: a header naming the sweep (fingerprint of the sweep file, base scenario and
/// design), then one line per finished run: "<run>\t<result>\t<fnv1a64 of both, hex>".
/// A torn last line (kill -9 while writing) fails its check and is cut off.
class Journal {
 public:
  Journal(std::string path, std::string header) : path_(std::move(path)), header_(std::move(header)) {}

  /// Reads the finished runs (first record of a run wins); returns the valid length in bytes.
  std::map<std::size_t, std::string> read(std::size_t& valid_bytes) const {
    std::ifstream in(path_, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::map<std::size_t, std::string> runs;
    valid_bytes = 0;
    std::size_t pos = 0;
    bool first = true;
    while (pos < text.size()) {
      const std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) break;  // torn line
      const std::string_view line(text.data() + pos, end - pos);
      if (first) {
        HEATTWIN_CHECK(line == header_,
                       "{}: this journal belongs to another sweep (the sweep file, its base scenario or its design "
                       "changed); delete it to start again",
                       path_);
        first = false;
      } else {
        const auto t1 = line.find('\t'), t2 = line.rfind('\t');
        if (t1 == std::string_view::npos || t2 == t1) break;
        const std::string_view body = line.substr(0, t2);
        if (fmt::format("{:016x}", twin::fnv1a64(body)) != line.substr(t2 + 1)) break;
        const std::size_t run = std::strtoull(std::string(line.substr(0, t1)).c_str(), nullptr, 10);
        runs.emplace(run, std::string(line.substr(t1 + 1, t2 - t1 - 1)));
      }
      valid_bytes = end + 1;
      pos = end + 1;
    }
    return runs;
  }

  /// Opens for appending: a new journal with its header, or an existing one cut to `valid_bytes`.
  void open(bool existing, std::size_t valid_bytes) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | (existing ? 0 : O_TRUNC), 0644);
    HEATTWIN_CHECK(fd_ >= 0, "{}: cannot write the sweep journal", path_);
    if (existing) {
      HEATTWIN_CHECK(::ftruncate(fd_, static_cast<off_t>(valid_bytes)) == 0, "{}: cannot truncate the journal", path_);
      ::lseek(fd_, 0, SEEK_END);
    } else {
      append_raw(header_ + "\n");
    }
  }
  /// Appends one run and makes it durable (fdatasync) before returning.
  void append(std::size_t run, const std::string& result) {
    const std::string body = fmt::format("{}\t{}", run, result);
    append_raw(fmt::format("{}\t{:016x}\n", body, twin::fnv1a64(body)));
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  ~Journal() { close(); }
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

 private:
  void append_raw(const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
      if (n < 0) throw IoError(fmt::format("{}: cannot append to the sweep journal", path_));
      written += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd_) != 0) throw IoError(fmt::format("{}: cannot sync the sweep journal", path_));
  }
  std::string path_, header_;
  int fd_ = -1;
};

std::string design_name(SweepDesignKind k) {
  switch (k) {
    case SweepDesignKind::grid:
      return "grid";
    case SweepDesignKind::lhs:
      return "lhs";
    case SweepDesignKind::saltelli:
      return "saltelli";
  }
  return "?";
}

std::string distribution_name(SweepDistribution d) {
  switch (d) {
    case SweepDistribution::uniform:
      return "uniform";
    case SweepDistribution::normal:
      return "normal";
    case SweepDistribution::triangular:
      return "triangular";
    case SweepDistribution::discrete:
      return "discrete";
    case SweepDistribution::path:
      return "path";
  }
  return "?";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

SweepStage sweep_stage_of(const std::string& key) {
  const std::string head = key.substr(0, key.find('.'));
  if (head == "prices" || head == "co2_factors" || head == "technology" || head == "supply" || head == "supply_areas" ||
      head == "network" || key == "run.name" || key == "run.out") {
    return SweepStage::price;
  }
  if (head == "refurbishment" || head == "outputs" || key == "run.years" || key == "run.year") {
    return SweepStage::demand;
  }
  return SweepStage::inputs;
}

std::string sweep_journal_path(const SweepConfig& config) { return config.out_path + ".journal"; }

SweepConfig load_sweep_config(const std::string& path) {
  HEATTWIN_CHECK(fs::exists(path), "{}: the sweep file does not exist", path);
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  only_keys(path, doc, "top level", {"sweep", "parameters"});
  SweepConfig c;
  c.source = path;
  c.text = read_text(path);
  const fs::path dir = fs::path(path).parent_path();
  const auto relative = [&](const std::string& p) { return fs::path(p).is_absolute() ? p : (dir / p).string(); };
  const toml::table* sweep = doc["sweep"].as_table();
  HEATTWIN_CHECK(sweep != nullptr, "{}: the sweep file needs a [sweep] table with scenario and out", path);
  only_keys(path, *sweep, "sweep",
            {"scenario", "design", "samples", "seed", "out", "indices", "bootstrap", "confidence_level", "set"});
  const auto text = [&](std::string_view key, bool required) -> std::string {
    const toml::node* node = sweep->get(key);
    if (node == nullptr) {
      HEATTWIN_CHECK(!required, "{}: [sweep] needs '{}'", path, key);
      return {};
    }
    const auto v = node->value<std::string>();
    HEATTWIN_CHECK(v.has_value() && !v->empty(), "{}: [sweep] {} must be a non-empty string", at_line(path, *node),
                   key);
    return *v;
  };
  c.scenario_path = relative(text("scenario", true));
  HEATTWIN_CHECK(fs::exists(c.scenario_path), "{}: [sweep] scenario '{}' does not exist", path, c.scenario_path);
  c.out_path = relative(text("out", true));
  c.csv_path = (fs::path(c.out_path).parent_path() / fs::path(c.out_path).stem()).string() + ".csv";
  const std::string design = text("design", false);
  if (design.empty() || design == "grid") {
    c.design = SweepDesignKind::grid;
  } else if (design == "lhs") {
    c.design = SweepDesignKind::lhs;
  } else if (design == "saltelli") {
    c.design = SweepDesignKind::saltelli;
  } else {
    throw InputError(fmt::format("{}: [sweep] design '{}' is not one of grid, lhs, saltelli",
                                 at_line(path, *sweep->get("design")), design));
  }
  const auto integer = [&](std::string_view key, std::int64_t fallback, std::int64_t min) {
    const toml::node* node = sweep->get(key);
    if (node == nullptr) return fallback;
    const auto v = node->value<std::int64_t>();
    HEATTWIN_CHECK(v.has_value() && *v >= min, "{}: [sweep] {} must be an integer >= {}", at_line(path, *node), key,
                   min);
    return *v;
  };
  c.samples = static_cast<std::size_t>(integer("samples", 0, 0));
  HEATTWIN_CHECK(c.design == SweepDesignKind::grid || c.samples > 0, "{}: [sweep] design '{}' needs samples >= 1", path,
                 design);
  c.seed = static_cast<std::uint64_t>(integer("seed", 1, 0));
  c.bootstrap = static_cast<std::size_t>(integer("bootstrap", 200, 2));
  if (const toml::node* node = sweep->get("confidence_level")) {
    const auto v = node->value<double>();
    HEATTWIN_CHECK(v.has_value() && *v > 0.0 && *v < 1.0, "{}: [sweep] confidence_level must be in (0, 1)",
                   at_line(path, *node));
    c.confidence_level = *v;
  }
  if (const toml::node* node = sweep->get("indices")) {
    const toml::array* a = node->as_array();
    HEATTWIN_CHECK(a != nullptr, "{}: [sweep] indices must be a list of run-table columns", at_line(path, *node));
    for (const auto& item : *a) {
      const auto v = item.value<std::string>();
      HEATTWIN_CHECK(v.has_value(), "{}: [sweep] indices must be strings", at_line(path, item));
      c.indices.push_back(*v);
    }
  }
  if (const toml::node* node = sweep->get("set")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: [sweep.set] must be a table of \"key\" = value", at_line(path, *node));
    for (const auto& [key, value] : *t) {
      std::ostringstream v;  // the value as TOML text, as `run --set` takes it
      value.visit([&](const auto& concrete) { v << concrete; });
      c.fixed.push_back({std::string(key.str()), v.str()});
    }
  }
  const toml::table* parameters = doc["parameters"].as_table();
  HEATTWIN_CHECK(parameters != nullptr && !parameters->empty(),
                 "{}: the sweep file needs [parameters.\"<scenario key>\"] tables (at least one)", path);
  std::set<std::string> keys;
  for (const auto& [name, node] : *parameters) {
    const toml::table* t = node.as_table();
    const std::string what = fmt::format("[parameters.\"{}\"]", name.str());
    HEATTWIN_CHECK(t != nullptr, "{}: {} must be a table", at_line(path, node), what);
    only_keys(path, *t, what,
              {"key", "distribution", "min", "max", "mode", "mean", "sd", "values", "low", "high", "levels"});
    SweepParameter p;
    p.name = std::string(name.str());
    p.key = t->contains("key") ? t->get("key")->value_or(std::string()) : p.name;
    HEATTWIN_CHECK(!p.key.empty(), "{}: {} key must be a dotted scenario key", at_line(path, node), what);
    HEATTWIN_CHECK(keys.insert(p.key).second, "{}: {} varies the key '{}' a second time", at_line(path, node), what,
                   p.key);
    const std::string distribution = t->contains("distribution") ? t->get("distribution")->value_or(std::string()) : "";
    if (distribution == "uniform") {
      p.distribution = SweepDistribution::uniform;
      p.min = number(path, *t, "min", what);
      p.max = number(path, *t, "max", what);
    } else if (distribution == "normal") {
      p.distribution = SweepDistribution::normal;
      p.mean = number(path, *t, "mean", what);
      p.sd = number(path, *t, "sd", what);
    } else if (distribution == "triangular") {
      p.distribution = SweepDistribution::triangular;
      p.min = number(path, *t, "min", what);
      p.mode = number(path, *t, "mode", what);
      p.max = number(path, *t, "max", what);
    } else if (distribution == "discrete") {
      p.distribution = SweepDistribution::discrete;
      const toml::array* a = t->get("values") ? t->get("values")->as_array() : nullptr;
      HEATTWIN_CHECK(a != nullptr && !a->empty(), "{}: {} discrete needs values = [ … ]", at_line(path, node), what);
      for (const auto& item : *a) {
        const auto v = item.value<double>();
        HEATTWIN_CHECK(v.has_value() && std::isfinite(*v), "{}: {} values must be numbers", at_line(path, item), what);
        p.values.push_back(*v);
      }
    } else if (distribution == "path") {
      p.distribution = SweepDistribution::path;
      p.low = year_table(path, *t, "low", what);
      p.high = year_table(path, *t, "high", what);
    } else {
      throw InputError(fmt::format("{}: {} distribution '{}' is not one of uniform, normal, triangular, discrete, path",
                                   at_line(path, node), what, distribution));
    }
    if (const toml::node* levels = t->get("levels")) {
      const auto v = levels->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 2 && *v <= 1000, "{}: {} levels must be an integer 2–1000",
                     at_line(path, *levels), what);
      p.levels = static_cast<std::size_t>(*v);
    }
    c.parameters.push_back(std::move(p));
  }
  return c;
}

std::vector<ScenarioOverride> SweepPlan::overrides(std::size_t run) const {
  // Sweeps do not need the hourly 100 m grid sums (the file's own setting or [sweep.set] wins).
  std::vector<ScenarioOverride> out{{"outputs.hourly_grid", "false"}};
  out.insert(out.end(), config.fixed.begin(), config.fixed.end());
  for (std::size_t j = 0; j < config.parameters.size(); ++j) {
    for (const auto& [key, value] : config.parameters[j].assignments(design.values[run * design.parameters + j])) {
      out.push_back({key, fmt::format("{}", value)});  // shortest text that reads back to the same double
    }
  }
  return out;
}

std::string SweepPlan::inputs_key(std::size_t run) const {
  std::string key;
  for (std::size_t j = 0; j < config.parameters.size(); ++j) {
    if (sweep_stage_of(config.parameters[j].key) == SweepStage::inputs)
      key += config.parameters[j].key + "=" + exact(design.values[run * design.parameters + j]) + ";";
  }
  return key;
}

std::string SweepPlan::demand_key(std::size_t run) const {
  std::string key;
  for (std::size_t j = 0; j < config.parameters.size(); ++j) {
    if (sweep_stage_of(config.parameters[j].key) != SweepStage::price)
      key += config.parameters[j].key + "=" + exact(design.values[run * design.parameters + j]) + ";";
  }
  return key;
}

namespace {

/// The per-municipality columns of the run table (issue 17 §2) when the twin has buildings in
/// several municipalities; returns the twin's building count.
std::size_t add_municipality_columns(SweepPlan& plan, const twin::Twin& twin) {
  std::set<std::string> used;
  for (const std::uint32_t m : twin.buildings.municipality)
    if (m < twin.regions.municipalities.size()) used.insert(twin.regions.municipalities[m].ags);
  if (used.size() > 1) {
    plan.municipality_columns.assign(used.begin(), used.end());
    for (const int year : plan.base.years)
      for (const auto& ags : plan.municipality_columns)
        for (const auto& [name, unit] :
             {std::pair{"heating_mwh", "MWh/a"}, std::pair{"final_energy_mwh", "MWh/a"}, std::pair{"co2_t", "t/a"}}) {
          plan.indicator_names.push_back(fmt::format("{}_{}_{}", name, year, ags));
          plan.indicator_units.emplace_back(unit);
        }
  }
  return twin.buildings.size();
}

/// A run's values of the per-municipality columns, in the order of add_municipality_columns.
void append_municipality_indicators(const SweepPlan& plan, const DemandSummary& summary, std::vector<double>& out) {
  for (const YearSummary& y : summary.years)
    for (const auto& ags : plan.municipality_columns) {
      const auto it = y.by_municipality.find(ags);
      const MunicipalityYear m = it != y.by_municipality.end() ? it->second : MunicipalityYear{};
      out.insert(out.end(), {m.heating_mwh, m.final_energy_mwh, m.co2_t});
    }
}

}  // namespace

SweepPlan plan_sweep(const std::string& path, const std::string& data_dir) {
  SweepPlan plan;
  plan.config = load_sweep_config(path);
  plan.data_dir = data_dir;
  const SweepConfig& c = plan.config;
  plan.base = load_demand_scenario(c.scenario_path, data_dir, c.fixed);
  plan.design = make_sweep_design(c.parameters, c.design, c.samples, c.seed);
  // Every run's overrides pass the scenario's own checks before anything runs: a bad range
  // fails now, naming the override, not after hours.
  for (std::size_t run = 0; run < plan.design.runs(); ++run) {
    try {
      (void)load_demand_scenario(c.scenario_path, data_dir, plan.overrides(run));
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: run {} of the design: {}", c.source, run, e.what()));
    }
  }
  // Indicator columns.
  namespace sp = solvers::supply;
  for (const int year : plan.base.years) {
    const auto add = [&](std::string name, std::string unit) {
      plan.indicator_names.push_back(fmt::format("{}_{}", name, year));
      plan.indicator_units.push_back(std::move(unit));
    };
    add("heating_mwh", "MWh/a");
    add("final_energy_mwh", "MWh/a");
    add("co2_t", "t/a");
    add("lcoh_eur_per_mwh", "EUR/MWh");
    add("renewable_share", "1");
    add("supply_cost_eur_per_a", "EUR/a");
    add("investment_eur", "EUR");
    add("refurbished_buildings", "1");
    for (std::size_t o = 0; o < sp::INDIVIDUAL_OPTION_COUNT; ++o) {
      add(fmt::format("buildings_{}", sp::option_technology(static_cast<sp::IndividualOption>(o))), "1");
    }
  }
  auto& indices = plan.config.indices;
  if (indices.empty() && c.design == SweepDesignKind::saltelli) {
    const int last = plan.base.years.back();
    for (const char* name : {"final_energy_mwh", "co2_t", "lcoh_eur_per_mwh", "renewable_share"})
      indices.push_back(fmt::format("{}_{}", name, last));
  }
  for (const auto& name : indices) {
    HEATTWIN_CHECK(
        std::find(plan.indicator_names.begin(), plan.indicator_names.end(), name) != plan.indicator_names.end(),
        "{}: [sweep] indices: '{}' is not a column of the run table (e.g. co2_t_{})", c.source, name,
        plan.base.years.back());
  }
  HEATTWIN_CHECK(indices.empty() || c.design == SweepDesignKind::saltelli,
                 "{}: [sweep] indices need design = \"saltelli\"", c.source);
  // Shared stages and the cost model.
  std::set<std::string> inputs, demand;
  for (std::size_t run = 0; run < plan.design.runs(); ++run) {
    inputs.insert(plan.inputs_key(run));
    demand.insert(plan.demand_key(run));
  }
  plan.distinct_inputs = inputs.size();
  plan.distinct_demand = demand.size();
  plan.buildings_in_twin = add_municipality_columns(plan, twin::load_twin(plan.base.twin_path));
  const double buildings = static_cast<double>(plan.buildings_in_twin);
  const double years = static_cast<double>(plan.base.years.size());
  const double solve =
      plan.base.method == DemandMethod::hourly ? HOURLY_S_PER_BUILDING_YEAR : MONTHLY_S_PER_BUILDING_YEAR;
  plan.estimated_seconds =
      static_cast<double>(plan.distinct_inputs) * LOAD_S_PER_BUILDING * buildings +
      static_cast<double>(plan.distinct_demand) * solve * buildings * years +
      static_cast<double>(plan.design.runs()) * years * (RUN_S_PER_YEAR + RUN_S_PER_BUILDING_YEAR * buildings);
  return plan;
}

SweepOutcome run_sweep(const SweepPlan& plan, const BatchProcess& process, const SweepRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto log = logger("scenarios.sweep");
  const SweepConfig& c = plan.config;
  const std::size_t runs = plan.design.runs();
  const std::size_t columns = plan.indicator_names.size();
  SweepOutcome outcome;
  DemandRunCache cache;
  // Runs still to come per demand key: the last one releases the key's demand from the cache.
  std::map<std::string, std::size_t> demand_users;
  std::mutex demand_users_mutex;
  // One run: the scenario with the run's overrides, the shared stages from the cache, the
  // results in memory only; the indicators of every year.
  const BatchTask task = [&](std::size_t run) {
    SweepRunRecord r;
    r.done = true;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      const DemandScenario s = load_demand_scenario(c.scenario_path, plan.data_dir, plan.overrides(run));
      const std::string demand_key = plan.demand_key(run);
      const DemandSummary summary = run_demand_scenario(s, {&cache, plan.inputs_key(run), demand_key, false});
      {
        const std::lock_guard lock(demand_users_mutex);
        const auto it = demand_users.find(demand_key);
        if (it != demand_users.end() && --it->second == 0) cache.release_demand(demand_key);
      }
      for (const YearSummary& y : summary.years) {
        double renewable = 0.0;
        for (const auto carrier : RENEWABLE) {
          if (const auto it = y.final_energy_mwh_by_carrier.find(std::string(carrier));
              it != y.final_energy_mwh_by_carrier.end())
            renewable += it->second;
        }
        r.indicators.insert(r.indicators.end(),
                            {y.heating_mwh, y.final_energy_mwh, y.co2_t, y.lcoh_eur_per_mwh,
                             y.final_energy_mwh > 0.0 ? renewable / y.final_energy_mwh : NaN, y.supply_cost_eur_per_a,
                             y.investment_eur, static_cast<double>(y.refurbished_buildings)});
        namespace sp = solvers::supply;
        for (std::size_t o = 0; o < sp::INDIVIDUAL_OPTION_COUNT; ++o) {
          const auto it =
              y.buildings_by_option.find(std::string(sp::option_technology(static_cast<sp::IndividualOption>(o))));
          r.indicators.push_back(it == y.buildings_by_option.end() ? 0.0 : static_cast<double>(it->second));
        }
      }
      append_municipality_indicators(plan, summary, r.indicators);
      r.ok = r.indicators.size() == columns;
      if (!r.ok) r.message = fmt::format("{} indicator values, expected {}", r.indicators.size(), columns);
    } catch (const std::exception& e) {
      r.ok = false;
      r.message = e.what();
    }
    if (!r.ok) r.indicators.assign(columns, NaN);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return encode(r);
  };
  if (process.rank() > 0) {
    // Another rank does not know which runs come its way: it counts all of the design's, so a key
    // of one run (refurbishment sweeps) is released after it, a shared key (price sweeps) kept.
    for (std::size_t run = 0; run < runs; ++run) ++demand_users[plan.demand_key(run)];
    run_batch(process, {}, options.threads, task, [](std::size_t, const std::string&) {});
    return outcome;
  }
  {
    const std::vector<fs::path> inputs{c.source, c.scenario_path, plan.base.twin_path, plan.base.weather_path,
                                       c.csv_path};
    twin::check_output_path(c.out_path, inputs, "[sweep] out", twin::OutputKind::hdf5);
    const std::vector<fs::path> csv_inputs{c.source, c.scenario_path, plan.base.twin_path, plan.base.weather_path,
                                           c.out_path};
    twin::check_output_path(c.csv_path, csv_inputs, "[sweep] out (its CSV)", twin::OutputKind::any);
  }
  // The journal: resume from it or start it.
  std::uint64_t fingerprint = twin::fnv1a64(c.text) ^ (twin::fnv1a64(read_text(c.scenario_path)) * 31);
  for (const double v : plan.design.values) fingerprint = fingerprint * 1099511628211ULL ^ twin::fnv1a64(exact(v));
  Journal journal(sweep_journal_path(c), fmt::format("heattwin-sweep-journal 1 {:016x} runs {}", fingerprint, runs));
  outcome.runs.assign(runs, SweepRunRecord{});
  const bool existing = fs::exists(sweep_journal_path(c));
  std::size_t valid_bytes = 0;
  if (existing) {
    const auto done = journal.read(valid_bytes);
    HEATTWIN_CHECK(options.resume,
                   "{}: the journal of an interrupted sweep is there ({} of {} runs finished); pass --resume to "
                   "continue it, or delete it to start again",
                   sweep_journal_path(c), done.size(), runs);
    for (const auto& [run, text] : done) {
      HEATTWIN_CHECK(run < runs, "{}: run {} is outside the design of {} runs", sweep_journal_path(c), run, runs);
      outcome.runs[run] = decode(text, columns);
      ++outcome.resumed;
    }
    log->info("resuming {}: {} of {} runs already finished", sweep_journal_path(c), outcome.resumed, runs);
  }
  journal.open(existing, valid_bytes);
  std::vector<std::size_t> todo;
  for (std::size_t run = 0; run < runs; ++run) {
    if (!outcome.runs[run].done) todo.push_back(run);
  }
  for (const std::size_t run : todo) ++demand_users[plan.demand_key(run)];
  std::size_t finished = outcome.resumed;
  if (options.progress) options.progress(finished, runs);
  run_batch(process, todo, options.threads, task, [&](std::size_t run, const std::string& result) {
    if (outcome.runs[run].done) return;  // never counted twice
    journal.append(run, result);
    outcome.runs[run] = decode(result, columns);
    ++outcome.computed;
    ++finished;
    if (options.progress) options.progress(finished, runs);
  });
  journal.close();
  for (const auto& r : outcome.runs) outcome.failed += r.ok ? 0 : 1;
  outcome.stages = cache.counts();
  // Sobol indices.
  if (c.design == SweepDesignKind::saltelli) {
    if (outcome.failed > 0) {
      outcome.indices_note = fmt::format("{} runs failed; Sobol indices need every run", outcome.failed);
    } else {
      for (const auto& name : c.indices) {
        const auto col = static_cast<std::size_t>(
            std::find(plan.indicator_names.begin(), plan.indicator_names.end(), name) - plan.indicator_names.begin());
        std::vector<double> y(runs);
        for (std::size_t run = 0; run < runs; ++run) y[run] = outcome.runs[run].indicators[col];
        outcome.indices.emplace(name, sobol_indices(plan.design, y, c.bootstrap, c.confidence_level, c.seed));
      }
    }
  } else {
    outcome.indices_note = "no Sobol indices: the design is not saltelli";
  }
  // The sweep file (atomic).
  {
    auto file = h5::File::create(c.out_path, twin::SWEEP_FILE);
    const h5::Group root = file.root();
    const h5::Group meta = root.create_group("meta");
    meta.set_attribute("heattwin_version", VERSION);
    meta.set_attribute("git_sha", GIT_SHA);
    meta.set_attribute("created_utc", utc_now());
    meta.set_attribute("openturns_version", openturns_version());
    meta.write_strings("sweep_toml", {c.text}, {.description = "the sweep file as run"});
    meta.write_strings("scenario_toml", {read_text(c.scenario_path)}, {.description = "the base scenario file"});
    meta.set_attribute("scenario", c.scenario_path);
    const h5::Group design = root.create_group("design");
    design.set_attribute("kind", design_name(c.design));
    design.set_attribute("seed", std::array<std::int64_t, 1>{static_cast<std::int64_t>(c.seed)});
    design.set_attribute("base_samples",
                         std::array<std::int64_t, 1>{static_cast<std::int64_t>(plan.design.base_samples)});
    std::vector<std::string> names, keys, distributions;
    for (const auto& p : c.parameters) {
      names.push_back(p.name);
      keys.push_back(p.key);
      distributions.push_back(distribution_name(p.distribution));
    }
    design.write_strings("parameter", names, {.description = "columns of values"});
    design.write_strings("key", keys, {.description = "scenario key of each parameter (a path: key.<year>)"});
    design.write_strings("distribution", distributions,
                         {.description = "uniform | normal | triangular | discrete | path"});
    design.write("values", plan.design.values,
                 {.unit = "as the scenario key",
                  .description = "[run][parameter] sampled values (a path: t in [0, 1] between low and high)",
                  .columns = plan.design.parameters});
    const h5::Group table = root.create_group("runs");
    table.write_strings("indicator", plan.indicator_names, {.description = "columns of indicators"});
    table.write_strings("indicator_unit", plan.indicator_units, {.description = "unit of each indicator column"});
    std::vector<double> values;
    std::vector<std::string> status, message;
    std::vector<double> seconds;
    values.reserve(runs * columns);
    for (const auto& r : outcome.runs) {
      values.insert(values.end(), r.indicators.begin(), r.indicators.end());
      status.push_back(r.ok ? "ok" : "failed");
      message.push_back(r.message);
      seconds.push_back(r.seconds);
    }
    table.write("indicators", values,
                {.unit = "see indicator_unit", .description = "[run][indicator]; NaN: failed run", .columns = columns});
    table.write_strings("status", status, {.description = "ok | failed"});
    table.write_strings("message", message, {.description = "the error of a failed run"});
    table.write("seconds", seconds, {.unit = "s", .description = "wall time of each run (not reproducible)"});
    const h5::Group sobol = root.create_group("sobol");
    sobol.set_attribute("note", outcome.indices_note);
    for (const auto& [name, s] : outcome.indices) {
      const h5::Group g = sobol.create_group(name);
      g.set_attribute("confidence_level", fmt::format("{}", s.confidence_level));
      g.set_attribute("bootstrap_size", std::array<std::int64_t, 1>{static_cast<std::int64_t>(s.bootstrap_size)});
      if (!s.interval_note.empty()) g.set_attribute("interval_note", s.interval_note);
      g.write("first_order", s.first_order, {.unit = "1", .description = "per design parameter"});
      g.write("first_order_low", s.first_order_low, {.unit = "1", .description = "NaN: see interval_note"});
      g.write("first_order_high", s.first_order_high, {.unit = "1"});
      g.write("total_order", s.total_order, {.unit = "1"});
      g.write("total_order_low", s.total_order_low, {.unit = "1"});
      g.write("total_order_high", s.total_order_high, {.unit = "1"});
    }
    file.commit();
  }
  fs::remove(sweep_journal_path(c));
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

}  // namespace heattwin::scenarios
