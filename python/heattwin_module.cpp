/// \file The extension module `heattwin._heattwin` (pybind11); the package python/heattwin wraps it
/// (value conversion of scenario overrides, pandas helpers) and docs/python.md shows its use.
///
/// Ownership: every numpy array this module returns is a read-only view of a column HeatTwin
/// holds (no copy). Its base is the Python object that owns the memory — the Twin or Results — so
/// the array keeps that object alive, and the object never changes its columns after it is made.
/// Strings (building ids, AGS, names) have no numpy form without a copy and come as lists.
/// Long calls (loading a twin, running a scenario, reading results) release the GIL.

#include "scenarios/demand_run.hpp"
#include "scenarios/scenario_overrides.hpp"
#include "twin/data_dir.hpp"
#include "twin/error.hpp"
#include "twin/indicators.hpp"
#include "twin/output_path.hpp"
#include "twin/summary.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"
#include "twin/types.hpp"
#include "viz/results_file.hpp"

#include <heattwin/version_info.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace py = pybind11;
namespace tw = heattwin::twin;
namespace sc = heattwin::scenarios;
namespace viz = heattwin::viz;

namespace {

/// A read-only numpy view of `count` values at `data` ([rows][cols] row-major when cols > 0),
/// kept alive by `owner`.
template <class T>
py::array view(const T* data, std::size_t count, py::handle owner, std::size_t cols = 0) {
  std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(count)};
  std::vector<py::ssize_t> strides{static_cast<py::ssize_t>(sizeof(T))};
  if (cols > 0) {
    shape = {static_cast<py::ssize_t>(count / cols), static_cast<py::ssize_t>(cols)};
    strides = {static_cast<py::ssize_t>(cols * sizeof(T)), static_cast<py::ssize_t>(sizeof(T))};
  }
  py::array a(py::dtype::of<T>(), std::move(shape), std::move(strides), data, owner);
  a.attr("flags").attr("writeable") = false;
  return a;
}

template <class T>
py::array view(const std::vector<T>& values, py::handle owner) {
  return view(values.data(), values.size(), owner);
}

/// Provenance columns as uint8 (the enumeration's underlying type; names in enum_names()).
py::array view(const std::vector<tw::Provenance>& values, py::handle owner) {
  static_assert(sizeof(tw::Provenance) == sizeof(std::uint8_t));
  return view(reinterpret_cast<const std::uint8_t*>(values.data()), values.size(), owner);
}

py::object json_to_python(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

std::vector<std::string> to_strings(const tw::StringColumn& column) {
  std::vector<std::string> out;
  out.reserve(column.size());
  for (std::size_t k = 0; k < column.size(); ++k) out.emplace_back(column[k]);
  return out;
}

// ---------------------------------------------------------------- twin

/// A twin loaded (or generated) from a file; immutable once made.
struct PyTwin {
  tw::Twin twin;
  std::string path;
};

/// The building column `name` (value column or prov_<attribute>) as a view, or None.
py::object building_column(const tw::BuildingSet& b, std::string_view name, py::handle owner) {
  py::object found = py::none();
  b.for_each_value_column([&](std::string_view n, std::string_view, std::string_view, const auto& column) {
    if (n == name) found = view(column, owner);
  });
  b.for_each_provenance_column([&](std::string_view n, std::string_view, const auto& column) {
    if (name.starts_with("prov_") && name.substr(5) == n) found = view(column, owner);
  });
  return found;
}

std::vector<std::string> building_column_names(const tw::BuildingSet& b) {
  std::vector<std::string> names;
  b.for_each_value_column(
      [&](std::string_view n, std::string_view, std::string_view, const auto&) { names.emplace_back(n); });
  b.for_each_provenance_column(
      [&](std::string_view n, std::string_view, const auto&) { names.push_back("prov_" + std::string(n)); });
  return names;
}

py::dict building_column_docs(const tw::BuildingSet& b, bool units) {
  py::dict out;
  b.for_each_value_column([&](std::string_view n, std::string_view unit, std::string_view doc, const auto&) {
    out[py::str(std::string(n))] = std::string(units ? unit : doc);
  });
  b.for_each_provenance_column([&](std::string_view n, std::string_view doc, const auto&) {
    out[py::str("prov_" + std::string(n))] = units ? std::string("1") : "provenance of " + std::string(doc);
  });
  return out;
}

std::unique_ptr<PyTwin> open_twin(const std::string& path) {
  auto t = std::make_unique<PyTwin>();
  t->path = path;
  py::gil_scoped_release release;
  t->twin = tw::load_twin(path);
  return t;
}

std::unique_ptr<PyTwin> generate_twin(const std::string& path, std::size_t buildings, std::uint64_t seed,
                                      const std::string& municipality_table, const std::string& boundaries) {
  HEATTWIN_CHECK(buildings > 0, "generate_twin: buildings must be positive (got {})", buildings);
  // The same refusals as `heattwin generate --out` (issue 20, class 4): never over the tables
  // read, a directory, a device or a file of another kind.
  const std::vector<std::filesystem::path> tables{municipality_table, boundaries};
  tw::check_output_path(path, tables, "generate_twin: path", tw::OutputKind::hdf5);
  auto t = std::make_unique<PyTwin>();
  t->path = path;
  tw::SyntheticStateOptions options;
  options.seed = seed;
  options.building_count = buildings;
  options.municipality_table = municipality_table;
  options.boundaries = boundaries;
  py::gil_scoped_release release;
  t->twin = tw::generate_synthetic_state(options);
  tw::save_twin(t->twin, path);
  return t;
}

// ---------------------------------------------------------------- scenarios

std::vector<sc::ScenarioOverride> to_overrides(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<sc::ScenarioOverride> out;
  out.reserve(pairs.size());
  for (const auto& [key, value] : pairs) out.push_back({key, value});
  return out;
}

sc::DemandScenario load_scenario(const std::string& path,
                                 const std::vector<std::pair<std::string, std::string>>& overrides,
                                 const std::string& data_dir) {
  const auto o = to_overrides(overrides);
  return sc::load_demand_scenario(path, data_dir.empty() ? tw::default_data_dir() : data_dir, o);
}

py::dict scenario_dict(const sc::DemandScenario& s) {
  py::dict d;
  d["source"] = s.source;
  d["name"] = s.name;
  d["years"] = s.years;
  d["method"] = std::string(sc::demand_method_name(s.method));
  d["twin"] = s.twin_path;
  d["weather"] = s.weather_path;
  d["out"] = s.out_path;
  d["municipalities"] = s.municipalities;
  d["heating_setpoint_c"] = s.settings.heating_setpoint_c;
  d["network"] = s.network.enabled;
  std::vector<std::string> overrides;
  for (const auto& o : s.overrides) overrides.push_back(sc::to_string(o));
  d["overrides"] = overrides;
  return d;
}

py::dict year_dict(const sc::YearSummary& y) {
  py::dict d;
  d["year"] = y.year;
  d["buildings_computed"] = y.buildings_computed;
  d["refurbished_buildings"] = y.refurbished_buildings;
  d["refurbished_envelope_changed"] = y.refurbished_envelope_changed;
  d["heating_mwh"] = y.heating_mwh;
  d["hot_water_mwh"] = y.hot_water_mwh;
  d["cooling_mwh"] = y.cooling_mwh;
  d["peak_heating_mw"] = y.peak_heating_mw;
  d["peak_load_mw"] = y.peak_load_mw;
  d["heated_floor_area_m2"] = y.heated_floor_area_m2;
  d["specific_demand_kwh_per_m2a"] =
      heattwin::twin::specific_demand_kwh_per_m2a(y.heating_mwh, y.hot_water_mwh, y.heated_floor_area_m2);
  d["final_energy_mwh"] = y.final_energy_mwh;
  d["renewable_share"] = y.renewable_share;
  d["final_energy_mwh_by_carrier"] = y.final_energy_mwh_by_carrier;
  d["co2_t"] = y.co2_t;
  d["supply_replaced"] = y.supply_replaced;
  d["network_supplied_buildings"] = y.network_supplied_buildings;
  d["buildings_by_option"] = y.buildings_by_option;
  d["supply_areas_by_type"] = y.supply_areas_by_type;
  d["hourly_grid"] = y.hourly_grid;
  // Design and target problems of the year, as the objects of `run --json` (one definition:
  // scenarios::warning_json).
  const py::object loads = py::module_::import("json").attr("loads");
  py::list warnings;
  for (const auto& w : y.warnings) warnings.append(loads(sc::warning_json(w).dump()));
  d["warnings"] = warnings;
  return d;
}

/// The run's totals as plain Python values (the fields of scenarios::DemandSummary).
py::dict summary_dict(const sc::DemandScenario& s, const sc::DemandSummary& r) {
  py::dict d;
  d["scenario"] = scenario_dict(s);
  d["results"] = s.out_path;
  d["method"] = r.method;
  d["weather_site"] = r.weather_site;
  d["buildings_in_twin"] = r.buildings_in_twin;
  d["buildings_computed"] = r.buildings_computed;
  d["skipped_unheated"] = r.skipped_unheated;
  d["skipped_no_envelope"] = r.skipped_no_envelope;
  d["enriched_from_typology"] = r.enriched_from_typology;
  d["heating_mwh"] = r.heating_mwh;
  d["hot_water_mwh"] = r.hot_water_mwh;
  d["cooling_mwh"] = r.cooling_mwh;
  d["hot_water_buildings"] = r.hot_water_buildings;
  d["peak_heating_mw"] = r.peak_heating_mw;
  d["peak_load_mw"] = r.peak_load_mw;
  d["heated_floor_area_m2"] = r.heated_floor_area_m2;
  d["specific_demand_kwh_per_m2a"] =
      heattwin::twin::specific_demand_kwh_per_m2a(r.heating_mwh, r.hot_water_mwh, r.heated_floor_area_m2);
  d["heating_mwh_by_use"] = r.heating_mwh_by_use;
  d["heating_mwh_by_age_class"] = r.heating_mwh_by_age_class;
  d["calibrated_buildings"] = r.calibrated_buildings;
  d["seconds"] = r.seconds;
  py::list years;
  for (const auto& y : r.years) years.append(year_dict(y));
  d["years"] = years;
  return d;
}

py::dict run_scenario(const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides,
                      const std::string& data_dir) {
  const sc::DemandScenario s = load_scenario(path, overrides, data_dir);
  sc::DemandSummary r;
  {
    py::gil_scoped_release release;
    r = sc::run_demand_scenario(s);
  }
  return summary_dict(s, r);
}

// ---------------------------------------------------------------- results

/// One table of a Results object; `owner` (the Python Results) keeps its columns alive.
struct PyResultsTable {
  py::object owner;
  const viz::ResultsTable* table = nullptr;
};

py::dict table_columns(const PyResultsTable& t) {
  py::dict out;
  for (const auto& [name, values] : t.table->columns) out[py::str(name)] = view(values, t.owner);
  return out;
}

py::dict table_matrices(const PyResultsTable& t) {
  py::dict out;
  for (const auto& [name, m] : t.table->matrices)
    out[py::str(name)] = view(m.values.data(), m.values.size(), t.owner, m.cols);
  return out;
}

py::object table_column(const PyResultsTable& t, const std::string& name) {
  if (t.table->columns.contains(name)) return view(t.table->column(name), t.owner);
  const auto& m = t.table->matrix(name);  // throws InputError naming the file and group
  return view(m.values.data(), m.values.size(), t.owner, m.cols);
}

std::unique_ptr<viz::Results> read_results(const std::string& path, const std::string& scenario, int year) {
  auto r = std::make_unique<viz::Results>();
  py::gil_scoped_release release;
  *r = viz::read_results(path, scenario, year);
  return r;
}

py::dict meta_dict(const viz::ResultsMeta& m) {
  py::dict d;
  d["schema_version"] = m.schema_version;
  d["heattwin_version"] = m.heattwin_version;
  d["git_sha"] = m.git_sha;
  d["started_utc"] = m.started_utc;
  d["finished_utc"] = m.finished_utc;
  d["scenario_toml"] = m.scenario_toml;
  d["scenario_overrides"] = m.scenario_overrides;
  d["inputs"] = m.inputs;
  d["input_sha256"] = m.input_sha256;
  return d;
}

template <class Names>
std::vector<std::string> names_of(const Names& names) {
  return {names.begin(), names.end()};
}

}  // namespace

PYBIND11_MODULE(_heattwin, m) {
  m.doc() = "HeatTwin: twins, scenario runs and results as numpy arrays (docs/python.md)";
  m.attr("__version__") = heattwin::VERSION;
  m.attr("git_sha") = heattwin::GIT_SHA;

  // Errors: heattwin.Error (a RuntimeError) and its subclasses, as in twin/error.hpp. Registered
  // base first: pybind11 tries the translators of later registrations first.
  auto error = py::register_exception<heattwin::Error>(m, "Error", PyExc_RuntimeError);
  auto input_error = py::register_exception<heattwin::InputError>(m, "InputError", error.ptr());
  py::register_exception<heattwin::DataError>(m, "DataError", input_error.ptr());
  py::register_exception<heattwin::SolverError>(m, "SolverError", error.ptr());
  py::register_exception<heattwin::IoError>(m, "IoError", error.ptr());

  // The libraries log through spdlog to stderr; a Python session wants warnings only by default.
  spdlog::set_level(spdlog::level::warn);
  m.def(
      "set_log_level",
      [](const std::string& level) {
        const auto l = spdlog::level::from_str(level);
        HEATTWIN_CHECK(l != spdlog::level::off || level == "off",
                       "log level '{}' is not one of trace, debug, info, warning, error, critical, off", level);
        spdlog::set_level(l);
      },
      py::arg("level"),
      "Level of HeatTwin's log messages on stderr: trace, debug, info, warning (default), error, off.");
  m.def("default_data_dir", &tw::default_data_dir,
        "The shipped data folder: $HEATTWIN_DATA_DIR, the installed share/heattwin or the source tree's data/.");
  m.def(
      "enum_names",
      [] {
        py::dict d;
        d["use_class"] = names_of(tw::USE_CLASS_NAMES);
        d["residential_type"] = names_of(tw::RESIDENTIAL_TYPE_NAMES);
        d["heating_carrier"] = names_of(tw::CARRIER_NAMES);
        d["provenance"] = names_of(tw::PROVENANCE_NAMES);
        return d;
      },
      "Names of the codes of the enumeration columns (use_class, residential_type, heating_carrier, prov_*), by code.");

  py::class_<PyTwin>(m, "Twin", "A twin (buildings, regions, grid) read from a twin file; immutable.")
      .def_property_readonly("path", [](const PyTwin& t) { return t.path; })
      .def_property_readonly("crs", [](const PyTwin& t) { return t.twin.crs; })
      .def_property_readonly("source", [](const PyTwin& t) { return t.twin.source; })
      .def_property_readonly("building_count", [](const PyTwin& t) { return t.twin.buildings.size(); })
      .def("__len__", [](const PyTwin& t) { return t.twin.buildings.size(); })
      .def_property_readonly(
          "column_names", [](const PyTwin& t) { return building_column_names(t.twin.buildings); },
          "Names of the building columns: value columns, then prov_<attribute>.")
      .def_property_readonly("units", [](const PyTwin& t) { return building_column_docs(t.twin.buildings, true); })
      .def_property_readonly("descriptions",
                             [](const PyTwin& t) { return building_column_docs(t.twin.buildings, false); })
      .def(
          "column",
          [](py::object self, const std::string& name) {
            const auto& t = self.cast<const PyTwin&>();
            py::object c = building_column(t.twin.buildings, name, self);
            if (c.is_none())
              throw py::key_error(
                  fmt::format("'{}' is not a building column of {} (column_names lists them)", name, t.path));
            return c;
          },
          py::arg("name"), "Building column `name` as a read-only numpy view (no copy; keeps the twin alive).")
      .def(
          "columns",
          [](py::object self) {
            const auto& t = self.cast<const PyTwin&>();
            py::dict out;
            for (const auto& name : building_column_names(t.twin.buildings))
              out[py::str(name)] = building_column(t.twin.buildings, name, self);
            return out;
          },
          "Every building column by name, as read-only numpy views (no copies).")
      .def(
          "ids", [](const PyTwin& t) { return to_strings(t.twin.buildings.id); },
          "External building ids (a list of str: strings are copied).")
      .def(
          "municipalities",
          [](const PyTwin& t) {
            py::dict d;
            std::vector<std::string> ags, name;
            std::vector<std::int64_t> population;
            std::vector<double> area;
            for (const auto& mu : t.twin.regions.municipalities) {
              ags.push_back(mu.ags);
              name.push_back(mu.name);
              population.push_back(mu.population);
              area.push_back(mu.area_km2);
            }
            d["ags"] = ags;
            d["name"] = name;
            d["population"] = population;
            d["area_km2"] = area;
            return d;
          },
          "The municipalities (index = the `municipality` column): ags, name, population, area_km2.")
      .def(
          "summary", [](const PyTwin& t) { return json_to_python(tw::twin_summary_json(t.twin).dump()); },
          "Inventory and data quality, as `heattwin info --json` prints it.")
      .def("__repr__", [](const PyTwin& t) {
        return fmt::format("<heattwin.Twin {} ({} buildings, {})>", t.path, t.twin.buildings.size(), t.twin.crs);
      });

  m.def("open_twin", &open_twin, py::arg("path"), "Loads a twin file (written by heattwin import / generate).");
  m.def("generate_twin", &generate_twin, py::arg("path"), py::arg("buildings") = 2000, py::arg("seed") = 1,
        py::arg("municipality_table") = "", py::arg("boundaries") = "",
        "Generates the seeded synthetic Sachsen-Anhalt state (as `heattwin generate`), writes it to `path` and "
        "returns it.");

  m.def(
      "load_scenario",
      [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides,
         const std::string& data_dir) { return scenario_dict(load_scenario(path, overrides, data_dir)); },
      py::arg("path"), py::arg("overrides") = std::vector<std::pair<std::string, std::string>>{},
      py::arg("data_dir") = "",
      "Parses and checks a scenario file with overrides ((dotted key, TOML value text) pairs); returns its "
      "main settings.");
  m.def("run_scenario", &run_scenario, py::arg("path"),
        py::arg("overrides") = std::vector<std::pair<std::string, std::string>>{}, py::arg("data_dir") = "",
        "Runs a scenario file with overrides ((dotted key, TOML value text) pairs), writes its results file and "
        "returns the run's totals.");

  py::class_<PyResultsTable>(m, "ResultsTable", "One table of a results file (buildings, regions, grid, …).")
      .def_property_readonly("rows", [](const PyResultsTable& t) { return t.table->rows(); })
      .def("__len__", [](const PyResultsTable& t) { return t.table->rows(); })
      .def_property_readonly(
          "id", [](const PyResultsTable& t) { return t.table->id; }, "Row ids (list of str).")
      .def_property_readonly("where", [](const PyResultsTable& t) { return t.table->where; })
      .def_property_readonly("units", [](const PyResultsTable& t) { return t.table->units; })
      .def_property_readonly("text", [](const PyResultsTable& t) { return t.table->text; })
      .def_property_readonly("columns", &table_columns, "1-D datasets by name: read-only numpy views (no copies).")
      .def_property_readonly("matrices", &table_matrices, "2-D datasets [rows][k] by name: read-only numpy views.")
      .def("column", &table_column, py::arg("name"), "Dataset `name` (1-D or 2-D) as a read-only numpy view.")
      .def("__contains__", [](const PyResultsTable& t, const std::string& name) { return t.table->has(name); })
      .def("__repr__", [](const PyResultsTable& t) {
        return fmt::format("<heattwin.ResultsTable {} ({} rows, {} columns)>", t.table->where, t.table->rows(),
                           t.table->columns.size() + t.table->matrices.size());
      });

  const auto table = [](const viz::ResultsTable viz::Results::*member) {
    return [member](py::object self) { return PyResultsTable{self, &(self.cast<const viz::Results&>().*member)}; };
  };
  py::class_<viz::Results>(m, "Results", "One (scenario, year) of a results file, read whole; immutable.")
      .def_readonly("path", &viz::Results::path)
      .def_readonly("scenario", &viz::Results::scenario)
      .def_readonly("year", &viz::Results::year)
      .def_readonly("method", &viz::Results::method)
      .def_readonly("twin_crs", &viz::Results::twin_crs)
      .def_property_readonly("meta", [](const viz::Results& r) { return meta_dict(r.meta); })
      .def_property_readonly("twin_summary", [](const viz::Results& r) { return json_to_python(r.twin_summary_json); })
      .def_property_readonly(
          "building_twin_index",
          [](py::object self) { return view(self.cast<const viz::Results&>().building_twin_index, self); },
          "Row of each result building in the twin's building columns (read-only numpy view).")
      .def_property_readonly("buildings", table(&viz::Results::buildings))
      .def_property_readonly("regions", table(&viz::Results::regions))
      .def_property_readonly("grid", table(&viz::Results::grid))
      .def_property_readonly("supply_areas", table(&viz::Results::supply_areas))
      .def_property_readonly("supply_area_clusters", table(&viz::Results::supply_area_clusters))
      .def_property_readonly(
          "network",
          [](py::object self) {
            py::dict out;
            for (const auto& [name, t] : self.cast<const viz::Results&>().network)
              out[py::str(name)] = PyResultsTable{self, &t};
            return out;
          },
          "District-heating tables (networks, pipes, junctions) by name; empty without a network.")
      .def("__repr__", [](const viz::Results& r) {
        return fmt::format("<heattwin.Results {} /results/{}/{} ({} buildings)>", r.path, r.scenario, r.year,
                           r.buildings.rows());
      });

  m.def("list_results", &viz::list_results, py::arg("path"), "The (scenario, year) pairs of a results file.");
  m.def("read_results", &read_results, py::arg("path"), py::arg("scenario") = "", py::arg("year") = 0,
        "Reads one (scenario, year) of a results file (default: the first).");
}
