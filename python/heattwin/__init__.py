"""HeatTwin from Python: twins, scenario runs and results as numpy arrays (docs/python.md).

    import heattwin
    twin = heattwin.open_twin("out/demo/twin.h5")
    area = twin.column("heated_floor_area_m2")        # numpy view of the twin's column, no copy
    summary = heattwin.run_scenario("data/scenarios/demo_demand.toml",
                                    overrides={"demand.heating_setpoint_c": 21.0})
    results = heattwin.read_results(summary["results"])
    heating = results.buildings.column("annual_heating_kwh")

Arrays are read-only views of memory the Twin / Results object owns; they keep it alive. The
extension module is heattwin._heattwin (python/heattwin_module.cpp).
"""

from __future__ import annotations

import json
import math
import numbers
import os
from collections.abc import Mapping
from pathlib import Path

# An installed package (<prefix>/lib/python3/dist-packages/heattwin) finds the shipped tables in
# <prefix>/share/heattwin, as the installed program does, unless HEATTWIN_DATA_DIR says otherwise.
_INSTALLED_DATA = Path(__file__).resolve().parents[4] / "share" / "heattwin"
if "HEATTWIN_DATA_DIR" not in os.environ and (_INSTALLED_DATA / "regions").is_dir():
    os.environ["HEATTWIN_DATA_DIR"] = str(_INSTALLED_DATA)

from ._heattwin import (  # noqa: F401  (re-exported)
    DataError,
    Error,
    InputError,
    IoError,
    Results,
    ResultsTable,
    SolverError,
    Twin,
    __version__,
    default_data_dir,
    enum_names,
    git_sha,
    set_log_level,
)
from . import _heattwin


def open_twin(path) -> Twin:
    """Loads a twin file (written by `heattwin import` / `generate`). Its building columns are
    numpy views: twin.column("heated_floor_area_m2"), twin.columns(), twin.ids()."""
    return _heattwin.open_twin(os.fspath(path))


def generate_twin(path, buildings: int = 2000, seed: int = 1, municipality_table=None, boundaries=None) -> Twin:
    """Generates the seeded synthetic Sachsen-Anhalt state (as `heattwin generate`), writes it to
    `path` and returns it. Same seed and count, same twin."""
    return _heattwin.generate_twin(os.fspath(path), buildings, seed,
                                   os.fspath(municipality_table) if municipality_table else "",
                                   os.fspath(boundaries) if boundaries else "")


def list_results(path) -> list:
    """The (scenario, year) pairs of a results file."""
    return _heattwin.list_results(os.fspath(path))


def read_results(path, scenario: str = "", year: int = 0) -> Results:
    """One (scenario, year) of a results file (default: the first): .buildings, .regions, .grid,
    .network, .supply_areas tables whose columns are numpy views; .meta; .building_twin_index."""
    return _heattwin.read_results(os.fspath(path), scenario, year)

__all__ = [
    "DataError", "Error", "InputError", "IoError", "Results", "ResultsTable", "SolverError", "Twin",
    "default_data_dir", "enum_names", "generate_twin", "list_results", "load_scenario", "open_twin",
    "read_results", "run_scenario", "set_log_level", "toml_value",
]


def toml_value(value) -> str:
    """The TOML text of a Python value: bool, int, float, str / os.PathLike, list / tuple, dict
    (an inline table). Raises TypeError for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            return "nan"
        return repr(v)  # shortest round-trip form; "inf" / "-inf" are TOML too
    if isinstance(value, (str, os.PathLike)):
        # A JSON string without ASCII escaping is a TOML basic string.
        return json.dumps(os.fspath(value), ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"a scenario value must be bool, int, float, str, list or dict, not {type(value).__name__}")


def _override_pairs(overrides, prefix=""):
    """(dotted key, TOML text) pairs of a dict of overrides; nested dicts are tables."""
    pairs = []
    for key, value in (overrides or {}).items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            pairs.extend(_override_pairs(value, dotted + "."))
        else:
            pairs.append((dotted, toml_value(value)))
    return pairs


def load_scenario(path, overrides: Mapping | None = None, data_dir=None) -> dict:
    """Parses and checks scenario file `path` with `overrides` set in it; returns its main
    settings (name, years, method, twin, weather, out, …) without running it."""
    return _heattwin.load_scenario(os.fspath(path), _override_pairs(overrides),
                                   os.fspath(data_dir) if data_dir else "")


def run_scenario(path, overrides: Mapping | None = None, data_dir=None) -> dict:
    """Runs scenario file `path` (TOML, docs/SCENARIOS.md) and writes its results file.

    `overrides` sets values of the file before it is checked: {"demand.heating_setpoint_c": 21.0,
    "run.out": "/tmp/r.h5"} or nested {"demand": {"heating_setpoint_c": 21.0}}. Values are Python
    values (bool, int, float, str, list, dict); relative paths are relative to the scenario file,
    as in it. `data_dir` locates the shipped tables (default: default_data_dir()).

    Returns the run's totals: heating_mwh, hot_water_mwh, buildings_computed, …, "years" (one dict
    per scenario year) and "results" (the results file; read it with read_results)."""
    return _heattwin.run_scenario(os.fspath(path), _override_pairs(overrides),
                                  os.fspath(data_dir) if data_dir else "")


def _table_to_pandas(self):
    """The table's 1-D columns as a pandas.DataFrame indexed by the row ids (pandas copies)."""
    import pandas as pd  # optional dependency

    return pd.DataFrame(dict(self.columns), index=pd.Index(self.id, name="id"))


def _twin_to_pandas(self, columns=None):
    """Building columns (all, or the names given) as a pandas.DataFrame indexed by building id."""
    import pandas as pd  # optional dependency

    names = self.column_names if columns is None else list(columns)
    return pd.DataFrame({n: self.column(n) for n in names}, index=pd.Index(self.ids(), name="id"))


ResultsTable.to_pandas = _table_to_pandas
Twin.to_pandas = _twin_to_pandas
