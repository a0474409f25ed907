#include "viz/report.hpp"

#include "heattwin/version_info.hpp"
#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/indicators.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace heattwin::viz {
namespace {

constexpr std::array<const char*, 12> MONTH_NAMES{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<int, 12> DAYS_PER_MONTH{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/// Fill colours of the five heat-density classes (ColorBrewer YlOrRd, 5 classes: sequential,
/// readable for the common colour-vision deficiencies and in greyscale print).
constexpr std::array<const char*, 5> CLASS_COLOURS{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};
constexpr const char* HEATING_COLOUR = "#c2452d";
constexpr const char* HOT_WATER_COLOUR = "#f2a65a";

/// Tables longer than this are folded (HTML <details>) so that the charts stay near the top.
constexpr std::size_t MAX_UNFOLDED_ROWS = 30;

/// Width of every chart, px; fits a 1280 px window and an A4 print.
constexpr double CHART_WIDTH_PX = 760.0;

using Out = std::back_insert_iterator<std::string>;

double finite_or_zero(double v) { return std::isfinite(v) ? v : 0.0; }

/// Row of a region in a matrix with `hours` columns, summed by calendar month (8760 or 8784 h).
std::array<double, 12> sum_by_month(const ResultsMatrix& m, std::size_t row) {
  std::array<double, 12> months{};
  std::size_t h = 0;
  for (std::size_t k = 0; k < 12; ++k) {
    const int days = DAYS_PER_MONTH[k] + (k == 1 && m.cols == 8784 ? 1 : 0);
    const std::size_t end = h + static_cast<std::size_t>(days) * 24;
    for (; h < end; ++h) months[k] += finite_or_zero(m.at(row, h));
  }
  return months;
}

/// (north, east) in 100 m units of an INSPIRE 100 m cell id "CRS3035RES100mN2689100E4337000".
std::pair<std::uint32_t, std::uint32_t> parse_cell_id(const std::string& id, const std::string& where) {
  constexpr std::string_view prefix = "CRS3035RES100mN";
  const auto bad = [&] {
    return InputError(
        fmt::format("{}: grid cell id '{}' is not an INSPIRE 100 m id (CRS3035RES100mN<m>E<m>)", where, id));
  };
  if (id.rfind(prefix, 0) != 0) throw bad();
  const char* p = id.data() + prefix.size();
  const char* end = id.data() + id.size();
  std::uint64_t north = 0, east = 0;
  auto r = std::from_chars(p, end, north);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != 'E') throw bad();
  r = std::from_chars(r.ptr + 1, end, east);
  if (r.ec != std::errc() || r.ptr != end || north % 100 != 0 || east % 100 != 0 || north / 100 > UINT32_MAX ||
      east / 100 > UINT32_MAX)
    throw bad();
  return {static_cast<std::uint32_t>(north / 100), static_cast<std::uint32_t>(east / 100)};
}

std::uint64_t cell_key(std::uint32_t north, std::uint32_t east) { return (std::uint64_t{north} << 32) | east; }

int density_class(double density) {
  int k = 0;
  while (k < static_cast<int>(HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A.size()) &&
         density >= HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A[static_cast<std::size_t>(k)])
    ++k;
  return k;
}

void add_building(InventoryRow& row, double area_m2, double heating_kwh, double hot_water_kwh) {
  ++row.buildings;
  row.heated_floor_area_m2 += finite_or_zero(area_m2);
  row.space_heating_mwh_per_a += finite_or_zero(heating_kwh) / 1000.0;
  row.hot_water_mwh_per_a += finite_or_zero(hot_water_kwh) / 1000.0;
}

/// 1, 2 or 5 × 10^k, the smallest such step with at most `max_ticks` ticks up to `max_value`.
double nice_step(double max_value, int max_ticks) {
  if (!(max_value > 0.0)) return 1.0;
  const double raw = max_value / max_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double f : {1.0, 2.0, 5.0, 10.0})
    if (f * magnitude >= raw) return f * magnitude;
  return 10.0 * magnitude;
}

int decimals_for_step(double step) { return step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9)); }

// ---------------------------------------------------------------------------------------------
// HTML pieces

const char* const STYLE = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1100px;
padding:16px 24px;color:#1d1d1f;background:#fff;line-height:1.4}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid #c2452d;padding-bottom:3px;margin-top:1.6em}
h3{margin-bottom:.3em}
.meta{color:#555;font-size:.9em}
nav a{margin-right:1em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}
th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
td:first-child{white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:bold;border-top:2px solid #888}
.kpi{display:flex;flex-wrap:wrap;gap:12px;margin:.5em 0}
.kpi div{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:150px}
.kpi b{display:block;font-size:1.3em}
.note{color:#555;font-size:.88em}
svg{display:block;margin:.4em 0}svg text{font-family:inherit}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:.85em}
code{font-size:.9em}
)";

void td_number(Out out, double value, int decimals) {
  fmt::format_to(out, "<td class=\"n\">{}</td>", format_number(value, decimals));
}

double specific_kwh_per_m2a(const InventoryRow& row) {
  return twin::specific_demand_kwh_per_m2a(row.space_heating_mwh_per_a, row.hot_water_mwh_per_a,
                                           row.heated_floor_area_m2);
}

void inventory_table(Out out, std::string_view first_header, bool with_label, const std::vector<InventoryRow>& rows,
                     const InventoryRow& total) {
  fmt::format_to(out, "<table><thead><tr><th>{}</th>", first_header);
  if (with_label) fmt::format_to(out, "<th>name</th>");
  fmt::format_to(
      out,
      "<th class=\"n\">buildings</th><th class=\"n\">heated floor area (m²)</th>"
      "<th class=\"n\">space heating (MWh/a)</th><th class=\"n\">hot water (MWh/a)</th>"
      "<th class=\"n\">heat demand (MWh/a)</th><th class=\"n\">specific (kWh/(m²·a))</th></tr></thead><tbody>\n");
  const auto row_cells = [&](const InventoryRow& r) {
    fmt::format_to(out, "<td class=\"n\">{}</td>", format_number(static_cast<double>(r.buildings), 0));
    td_number(out, r.heated_floor_area_m2, 0);
    td_number(out, r.space_heating_mwh_per_a, 1);
    td_number(out, r.hot_water_mwh_per_a, 1);
    td_number(out, r.total_mwh_per_a(), 1);
    td_number(out, specific_kwh_per_m2a(r), 1);
  };
  for (const auto& r : rows) {
    fmt::format_to(out, "<tr><td>{}</td>", r.key.empty() ? "<i>outside every municipality</i>" : html_escape(r.key));
    if (with_label) fmt::format_to(out, "<td>{}</td>", html_escape(r.label));
    row_cells(r);
    fmt::format_to(out, "</tr>\n");
  }
  fmt::format_to(out, "<tr class=\"total\"><td>total</td>");
  if (with_label) fmt::format_to(out, "<td></td>");
  row_cells(total);
  fmt::format_to(out, "</tr></tbody></table>\n");
}

void legend_heating_hot_water(Out out, double x, double y) {
  fmt::format_to(out,
                 "<rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"12\" height=\"12\" fill=\"{2}\"/>"
                 "<text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"12\">space heating</text>"
                 "<rect x=\"{5:.1f}\" y=\"{1:.1f}\" width=\"12\" height=\"12\" fill=\"{6}\"/>"
                 "<text x=\"{7:.1f}\" y=\"{4:.1f}\" font-size=\"12\">hot water</text>\n",
                 x, y, HEATING_COLOUR, x + 16, y + 10, x + 120, HOT_WATER_COLOUR, x + 136);
}

/// Horizontal stacked bars (space heating + hot water) per row, MWh/a.
void bar_chart(Out out, std::string_view label, const std::vector<InventoryRow>& rows) {
  constexpr double left = 170.0, right = 90.0, top = 28.0, bottom = 28.0, row_h = 22.0;
  const double plot_w = CHART_WIDTH_PX - left - right;
  const double height = top + bottom + row_h * static_cast<double>(std::max<std::size_t>(rows.size(), 1));
  double max_value = 0.0;
  for (const auto& r : rows) max_value = std::max(max_value, r.total_mwh_per_a());
  const double step = nice_step(max_value, 6);
  const double axis_max = max_value > 0.0 ? std::ceil(max_value / step) * step : 1.0;
  const double scale = plot_w / axis_max;
  fmt::format_to(
      out,
      "<svg role=\"img\" aria-label=\"{0}\" width=\"{1:.0f}\" height=\"{2:.0f}\" viewBox=\"0 0 {1:.0f} {2:.0f}\">"
      "<title>{0}</title>\n",
      html_escape(label), CHART_WIDTH_PX, height);
  legend_heating_hot_water(out, left, 6.0);
  const int decimals = decimals_for_step(step);
  for (double v = 0.0; v <= axis_max * (1 + 1e-9); v += step) {
    const double x = left + v * scale;
    fmt::format_to(out,
                   "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>"
                   "<text x=\"{0:.1f}\" y=\"{3:.1f}\" font-size=\"11\" text-anchor=\"middle\">{4}</text>\n",
                   x, top - 2, height - bottom, height - bottom + 14, format_number(v, decimals));
  }
  fmt::format_to(out, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">MWh/a</text>\n",
                 CHART_WIDTH_PX - 4, height - bottom + 14);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    const double y = top + row_h * static_cast<double>(k);
    const double w_heat = r.space_heating_mwh_per_a * scale, w_dhw = r.hot_water_mwh_per_a * scale;
    fmt::format_to(out,
                   "<text x=\"{0:.1f}\" y=\"{1:.1f}\" font-size=\"12\" text-anchor=\"end\">{2}</text>"
                   "<rect x=\"{3:.1f}\" y=\"{4:.1f}\" width=\"{5:.2f}\" height=\"{6:.1f}\" fill=\"{7}\"/>"
                   "<rect x=\"{8:.2f}\" y=\"{4:.1f}\" width=\"{9:.2f}\" height=\"{6:.1f}\" fill=\"{10}\"/>"
                   "<text x=\"{11:.1f}\" y=\"{1:.1f}\" font-size=\"11\">{12}</text>\n",
                   left - 6, y + 15, html_escape(r.key.empty() ? std::string("unknown") : r.key), left, y + 3, w_heat,
                   row_h - 6, HEATING_COLOUR, left + w_heat, w_dhw, HOT_WATER_COLOUR, left + w_heat + w_dhw + 4,
                   format_number(r.total_mwh_per_a(), 0));
  }
  fmt::format_to(out, "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#333\"/></svg>\n",
                 left, top - 2, height - bottom);
}

/// Frame of a vertical-axis chart: grid lines and labels of the y axis from 0 to axis_max.
struct YAxis {
  double left = 70.0, right = 20.0, top = 30.0, bottom = 40.0, height = 320.0;
  double axis_max = 1.0, step = 1.0;
  double plot_w() const { return CHART_WIDTH_PX - left - right; }
  double plot_h() const { return height - top - bottom; }
  double y(double v) const { return top + plot_h() * (1.0 - v / axis_max); }
};

YAxis draw_y_axis(Out out, double max_value, std::string_view unit, double height) {
  YAxis a;
  a.height = height;
  a.step = nice_step(max_value, 6);
  a.axis_max = max_value > 0.0 ? std::ceil(max_value / a.step) * a.step : 1.0;
  const int decimals = decimals_for_step(a.step);
  for (double v = 0.0; v <= a.axis_max * (1 + 1e-9); v += a.step) {
    fmt::format_to(out,
                   "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#ddd\"/>"
                   "<text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"11\" text-anchor=\"end\">{5}</text>\n",
                   a.left, a.y(v), CHART_WIDTH_PX - a.right, a.left - 6, a.y(v) + 4, format_number(v, decimals));
  }
  fmt::format_to(out, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", a.left - 6,
                 a.top - 12, unit);
  fmt::format_to(out,
                 "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#333\"/>"
                 "<line x1=\"{0:.1f}\" y1=\"{2:.1f}\" x2=\"{3:.1f}\" y2=\"{2:.1f}\" stroke=\"#333\"/>\n",
                 a.left, a.top, a.y(0.0), CHART_WIDTH_PX - a.right);
  return a;
}

void monthly_chart(Out out, const ReportData& d) {
  double max_value = 0.0;
  for (std::size_t m = 0; m < 12; ++m)
    max_value = std::max(max_value, d.monthly_space_heating_mwh[m] + d.monthly_hot_water_mwh[m]);
  constexpr double height = 320.0;
  fmt::format_to(out,
                 "<svg role=\"img\" aria-label=\"monthly heat demand\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
                 "viewBox=\"0 0 {0:.0f} {1:.0f}\"><title>monthly heat demand (MWh)</title>\n",
                 CHART_WIDTH_PX, height);
  const YAxis a = draw_y_axis(out, max_value, "MWh", height);
  legend_heating_hot_water(out, a.left + 10, 4.0);
  const double slot = a.plot_w() / 12.0;
  for (std::size_t m = 0; m < 12; ++m) {
    const double x = a.left + slot * static_cast<double>(m) + slot * 0.15;
    const double heat = d.monthly_space_heating_mwh[m], dhw = d.monthly_hot_water_mwh[m];
    fmt::format_to(
        out,
        "<rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"{2:.1f}\" height=\"{3:.2f}\" fill=\"{4}\"><title>{5}: space "
        "heating {6} MWh</title></rect>"
        "<rect x=\"{0:.1f}\" y=\"{7:.1f}\" width=\"{2:.1f}\" height=\"{8:.2f}\" fill=\"{9}\"><title>{5}: hot "
        "water {10} MWh</title></rect>"
        "<text x=\"{11:.1f}\" y=\"{12:.1f}\" font-size=\"11\" text-anchor=\"middle\">{5}</text>\n",
        x, a.y(heat), slot * 0.7, a.y(0.0) - a.y(heat), HEATING_COLOUR, MONTH_NAMES[m], format_number(heat, 1),
        a.y(heat + dhw), a.y(heat) - a.y(heat + dhw), HOT_WATER_COLOUR, format_number(dhw, 1), x + slot * 0.35,
        a.y(0.0) + 16);
  }
  fmt::format_to(out, "</svg>\n");
}

void load_duration_chart(Out out, const ReportData& d) {
  const auto& c = d.load_duration_mw;
  constexpr double height = 340.0;
  fmt::format_to(out,
                 "<svg role=\"img\" aria-label=\"load duration curve\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
                 "viewBox=\"0 0 {0:.0f} {1:.0f}\"><title>load duration curve (MW)</title>\n",
                 CHART_WIDTH_PX, height);
  const YAxis a = draw_y_axis(out, c.front(), "MW", height);
  const double hours = static_cast<double>(c.size());
  const auto x_of = [&](double h) { return a.left + a.plot_w() * h / hours; };
  for (double h = 0.0; h <= hours; h += 1000.0) {
    fmt::format_to(out,
                   "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#eee\"/>"
                   "<text x=\"{0:.1f}\" y=\"{3:.1f}\" font-size=\"11\" text-anchor=\"middle\">{4}</text>\n",
                   x_of(h), a.top, a.y(0.0), a.y(0.0) + 15, format_number(h, 0));
  }
  fmt::format_to(
      out,
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">hours of the year, sorted by load</text>\n",
      CHART_WIDTH_PX - a.right, a.y(0.0) + 32);
  // At most 1000 points: the values at evenly spaced ranks (first and last included), which keeps
  // the curve monotone and its peak exact.
  const std::size_t points = std::min<std::size_t>(c.size(), 1000);
  std::string path = fmt::format("M{:.1f} {:.1f}", x_of(0.0), a.y(0.0));
  auto p = std::back_inserter(path);
  for (std::size_t k = 0; k < points; ++k) {
    const std::size_t rank = points == 1 ? 0 : k * (c.size() - 1) / (points - 1);
    fmt::format_to(p, "L{:.1f} {:.1f}", x_of(static_cast<double>(rank) + (rank + 1 == c.size() ? 1.0 : 0.0)),
                   a.y(c[rank]));
  }
  fmt::format_to(p, "L{:.1f} {:.1f}Z", x_of(hours), a.y(0.0));
  fmt::format_to(out, "<path d=\"{}\" fill=\"#f6c7b8\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", path, HEATING_COLOUR);
  fmt::format_to(out, "</svg>\n");
}

void density_map(Out out, const ReportData& d) {
  const double cell_ha = d.map_cell_size_m == 1000 ? 100.0 : 1.0;
  const std::uint32_t unit = d.map_cell_size_m / 100;
  std::uint32_t min_n = UINT32_MAX, max_n = 0, min_e = UINT32_MAX, max_e = 0;
  for (const auto& c : d.map_cells) {
    min_n = std::min(min_n, c.north_100m / unit);
    max_n = std::max(max_n, c.north_100m / unit);
    min_e = std::min(min_e, c.east_100m / unit);
    max_e = std::max(max_e, c.east_100m / unit);
  }
  const double w_cells = max_e - min_e + 1.0, h_cells = max_n - min_n + 1.0;
  const double px = std::min({CHART_WIDTH_PX / w_cells, 620.0 / h_cells, 60.0});
  std::array<std::string, 5> paths;
  for (const auto& c : d.map_cells) {
    fmt::format_to(std::back_inserter(paths[static_cast<std::size_t>(c.density_class)]), "M{} {}h1v1h-1z",
                   c.east_100m / unit - min_e, max_n - c.north_100m / unit);
  }
  fmt::format_to(
      out,
      "<svg role=\"img\" aria-label=\"heat demand density map\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {} {}\" shape-rendering=\"crispEdges\" style=\"background:#f4f4f4;border:1px solid #ccc\">"
      "<title>heat density ({}) per {} m cell, MWh/(ha·a)</title>\n",
      w_cells * px, h_cells * px, w_cells, h_cells,
      d.map_basis == "expected_consumption" ? "expected consumption" : "standard demand", d.map_cell_size_m);
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (paths[k].empty()) continue;
    fmt::format_to(out, "<path fill=\"{}\" d=\"{}\"><title>{} cells</title></path>\n", CLASS_COLOURS[k], paths[k],
                   d.cells_per_class[k]);
  }
  fmt::format_to(out, "</svg>\n");
  // Legend and scale bar.
  constexpr double legend_h = 58.0;
  fmt::format_to(out,
                 "<svg role=\"img\" aria-label=\"map legend\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 "
                 "{0:.0f} {1:.0f}\">\n",
                 CHART_WIDTH_PX, legend_h);
  const auto& b = HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A;
  for (std::size_t k = 0; k < 5; ++k) {
    const std::string label = k == 0   ? fmt::format("< {}", format_number(b[0], 0))
                              : k == 4 ? fmt::format("≥ {}", format_number(b[3], 0))
                                       : fmt::format("{} – {}", format_number(b[k - 1], 0), format_number(b[k], 0));
    const double x = 4.0 + 120.0 * static_cast<double>(k);
    fmt::format_to(out,
                   "<rect x=\"{0:.1f}\" y=\"4\" width=\"16\" height=\"16\" fill=\"{1}\" stroke=\"#999\"/>"
                   "<text x=\"{2:.1f}\" y=\"16\" font-size=\"12\">{3}</text>"
                   "<text x=\"{2:.1f}\" y=\"30\" font-size=\"11\" fill=\"#555\">{4} {5}</text>\n",
                   x, CLASS_COLOURS[k], x + 20, label, format_number(static_cast<double>(d.cells_per_class[k]), 0),
                   d.cells_per_class[k] == 1 ? "cell" : "cells");
  }
  fmt::format_to(out, "<text x=\"604\" y=\"16\" font-size=\"12\">MWh/(ha·a)</text>\n");
  // Scale bar: the largest of 100 m … 50 km that is at most 200 px long.
  const double px_per_m = px / d.map_cell_size_m;
  double bar_m = 100.0;
  for (const double m : {100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 20000.0, 50000.0})
    if (m * px_per_m <= 200.0) bar_m = m;
  const double bar_px = bar_m * px_per_m;
  fmt::format_to(
      out,
      "<path d=\"M4 42v8h{0:.1f}v-8\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/>"
      "<text x=\"{1:.1f}\" y=\"50\" font-size=\"12\">{2} · north up · EPSG:3035 ({3} ha per cell)</text></svg>\n",
      bar_px, bar_px + 10, bar_m >= 1000.0 ? fmt::format("{} km", bar_m / 1000.0) : fmt::format("{} m", bar_m),
      format_number(cell_ha, 0));
}

std::string json_scalar_text(const nlohmann::ordered_json& v) {
  if (v.is_string()) return html_escape(v.get<std::string>());
  if (v.is_number_integer() || v.is_number_unsigned()) return format_number(v.get<double>(), 0);
  if (v.is_number()) return format_number(v.get<double>(), 1);
  return html_escape(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void data_quality_section(Out out, const Results& r, const ReportData& d) {
  fmt::format_to(out, "<section id=\"quality\"><h2>Data quality</h2>\n");
  fmt::format_to(out,
                 "<p>The twin holds {} buildings; {} were computed (unheated buildings and buildings without envelope "
                 "values are left out of the results).</p>\n",
                 format_number(static_cast<double>(d.twin_buildings), 0),
                 format_number(static_cast<double>(d.total.buildings), 0));
  if (!d.demand_provenance.empty() && d.total.space_heating_mwh_per_a > 0.0) {
    fmt::format_to(out,
                   "<h3>Where the space-heating demand rests on assumptions</h3><p class=\"note\">Share of the "
                   "computed space-heating need by the origin of each building's "
                   "value.</p>\n<table><thead><tr><th>attribute</th>");
    for (const std::size_t k : {1, 2, 3, 4, 0})
      fmt::format_to(out, "<th class=\"n\">{}</th>", twin::PROVENANCE_NAMES[k]);
    fmt::format_to(out, "</tr></thead><tbody>\n");
    for (const auto& p : d.demand_provenance) {
      fmt::format_to(out, "<tr><td>{}</td>", html_escape(p.attribute));
      for (const std::size_t k : {1, 2, 3, 4, 0})
        fmt::format_to(out, "<td class=\"n\">{} %</td>", format_number(100.0 * p.share[k], 1));
      fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody></table>\n");
  }
  if (r.twin_summary_json.empty()) {
    fmt::format_to(out, "<p class=\"note\">The results file has no /twin/summary_json.</p></section>\n");
    return;
  }
  nlohmann::ordered_json s;
  try {
    s = nlohmann::ordered_json::parse(r.twin_summary_json);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: /twin/summary_json is not valid JSON ({})", r.path, e.what()));
  }
  HEATTWIN_CHECK(s.is_object(), "{}: /twin/summary_json is not a JSON object", r.path);
  const auto object_at = [&](const nlohmann::ordered_json& j, const char* key) -> const nlohmann::ordered_json* {
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
  };
  fmt::format_to(out, "<h3>Flags</h3><table><tbody>\n");
  if (const auto* b = object_at(s, "buildings")) {
    if (b->contains("count"))
      fmt::format_to(out, "<tr><td>buildings in the twin</td><td class=\"n\">{}</td></tr>\n",
                     json_scalar_text(b->at("count")));
    if (b->contains("without_municipality"))
      fmt::format_to(out, "<tr><td>buildings outside every municipality</td><td class=\"n\">{}</td></tr>\n",
                     json_scalar_text(b->at("without_municipality")));
  }
  std::uint64_t missing_values = 0;
  if (const auto* dq = object_at(s, "data_quality")) {
    for (const auto& [name, counts] : dq->items()) {
      if (counts.is_object() && counts.contains("missing") && counts["missing"].is_number() &&
          counts["missing"].get<double>() > 0) {
        ++missing_values;
        fmt::format_to(out,
                       "<tr><td>buildings with <code>{}</code> unknown (missing)</td><td class=\"n\">{}</td></tr>\n",
                       html_escape(name), json_scalar_text(counts["missing"]));
      }
    }
  }
  if (missing_values == 0)
    fmt::format_to(out, "<tr><td>attributes with missing values</td><td class=\"n\">none</td></tr>\n");
  fmt::format_to(out, "</tbody></table>\n");
  if (const auto* dq = object_at(s, "data_quality"); dq != nullptr && !dq->empty()) {
    // Columns: the keys of the first entry (measured, geometry, typology, imputed, missing).
    std::vector<std::string> kinds;
    for (const auto& [kind, count] : dq->begin()->items()) kinds.push_back(kind);
    fmt::format_to(out, "<h3>Origin of the twin's values (buildings)</h3><table><thead><tr><th>attribute</th>");
    for (const auto& kind : kinds) fmt::format_to(out, "<th class=\"n\">{}</th>", html_escape(kind));
    fmt::format_to(out, "</tr></thead><tbody>\n");
    for (const auto& [name, counts] : dq->items()) {
      fmt::format_to(out, "<tr><td>{}</td>", html_escape(name));
      for (const auto& kind : kinds) {
        fmt::format_to(out, "<td class=\"n\">{}</td>",
                       counts.is_object() && counts.contains(kind) ? json_scalar_text(counts[kind]) : std::string("–"));
      }
      fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody></table>\n");
  }
  fmt::format_to(out, "<h3>Imputation rules applied</h3>\n");
  const auto* rules = object_at(s, "imputation_rules");
  if (rules == nullptr || rules->empty()) {
    fmt::format_to(out, "<p>none</p>\n");
  } else {
    fmt::format_to(
        out,
        "<table><thead><tr><th>rule (docs/IMPUTATION.md)</th><th class=\"n\">buildings</th></tr></thead><tbody>\n");
    for (const auto& [rule, count] : rules->items())
      fmt::format_to(out, "<tr><td><code>{}</code></td><td class=\"n\">{}</td></tr>\n", html_escape(rule),
                     json_scalar_text(count));
    fmt::format_to(out, "</tbody></table>\n");
  }
  if (const auto it = s.find("source"); it != s.end() && it->is_string() && !it->get<std::string>().empty())
    fmt::format_to(out, "<p class=\"note\">Twin source: {}</p>\n", html_escape(it->get<std::string>()));
  fmt::format_to(out, "</section>\n");
}

void inputs_section(Out out, const Results& r) {
  fmt::format_to(out,
                 "<section "
                 "id=\"inputs\"><h2>Inputs</h2>\n<table><thead><tr><th>role</th><th>path</th><th>SHA-256</th></tr></"
                 "thead><tbody>\n");
  std::vector<std::string> roles;
  for (const auto& [role, path] : r.meta.inputs) roles.push_back(role);
  for (const auto& [role, hash] : r.meta.input_sha256)
    if (!r.meta.inputs.contains(role)) roles.push_back(role);
  for (const auto& role : roles) {
    const auto path = r.meta.inputs.find(role);
    const auto hash = r.meta.input_sha256.find(role);
    fmt::format_to(out, "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n", html_escape(role),
                   path != r.meta.inputs.end() ? html_escape(path->second) : "–",
                   hash != r.meta.input_sha256.end() ? html_escape(hash->second) : "–");
  }
  fmt::format_to(out, "</tbody></table>\n");
  if (!r.meta.scenario_toml.empty())
    fmt::format_to(out, "<details><summary>Scenario as run</summary><pre>{}</pre></details>\n",
                   html_escape(r.meta.scenario_toml));
  fmt::format_to(out, "</section>\n");
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_number(double value, int decimals) {
  if (std::isnan(value)) return "–";
  if (std::isinf(value)) return value > 0 ? "∞" : "−∞";
  std::string digits = fmt::format("{:.{}f}", std::fabs(value), std::max(decimals, 0));
  const auto dot = digits.find('.');
  const std::size_t int_end = dot == std::string::npos ? digits.size() : dot;
  std::string out;
  out.reserve(digits.size() + int_end / 3 + 1);
  // A value that rounds to zero prints without a sign.
  const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
  if (negative) out += '-';
  for (std::size_t k = 0; k < int_end; ++k) {
    if (k > 0 && (int_end - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  out.append(digits, int_end, std::string::npos);
  return out;
}

std::string format_number(double value, int decimals, Lang lang) {
  std::string s = format_number(value, decimals);
  if (lang == Lang::de) {
    for (char& ch : s) ch = ch == ',' ? '.' : ch == '.' ? ',' : ch;
  }
  return s;
}

std::string svg_boundary_legend(double y_px, bool has_boundary, Lang lang) {
  return fmt::format(
      "<path d=\"M6 {0:.1f}h22\" stroke=\"#333\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>"
      "<text x=\"34\" y=\"{1:.1f}\" font-size=\"11\">{2}</text>\n",
      y_px + 6, y_px + 10,
      has_boundary ? tr(lang, "Gemeindegrenze", "municipal boundary")
                   : tr(lang, "Gemeindegrenze: im Zwilling nicht enthalten", "municipal boundary: not in the twin"));
}

void svg_boundary_path(Out out, const std::vector<std::vector<std::array<double, 2>>>& boundary,
                       const std::function<double(double)>& px, const std::function<double(double)>& py) {
  if (boundary.empty()) return;
  std::string d;
  for (const auto& ring : boundary) {
    for (std::size_t v = 0; v < ring.size(); ++v)
      fmt::format_to(std::back_inserter(d), "{}{:.1f} {:.1f}", v == 0 ? "M" : "L", px(ring[v][0]), py(ring[v][1]));
    d += 'Z';
  }
  fmt::format_to(out,
                 "<path class=\"boundary\" d=\"{}\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" "
                 "stroke-dasharray=\"6 3\"/>\n",
                 d);
}

std::string svg_scale_bar(double y_px, double px_per_m, std::string_view suffix, Lang lang) {
  double bar_m = 10.0;
  for (const double m : {10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 20000.0, 50000.0})
    if (m * px_per_m <= 200.0) bar_m = m;
  return fmt::format(
      "<path class=\"scalebar\" d=\"M6 {0:.1f}v8h{1:.1f}v-8\" fill=\"none\" stroke=\"#333\" "
      "stroke-width=\"1.5\"/><text x=\"{2:.1f}\" y=\"{3:.1f}\" font-size=\"11\">{4} · {5} · EPSG:3035 · "
      "{6}</text>\n",
      y_px, bar_m * px_per_m, bar_m * px_per_m + 14, y_px + 9,
      bar_m >= 1000.0 ? fmt::format("{} km", format_number(bar_m / 1000.0, 0, lang))
                      : fmt::format("{} m", format_number(bar_m, 0, lang)),
      tr(lang, "Norden oben", "north up"), suffix);
}

Lang parse_lang(std::string_view text) {
  if (text == "de") return Lang::de;
  if (text == "en") return Lang::en;
  throw InputError(fmt::format("--lang '{}': unknown language (de or en)", text));
}

ReportData compute_report_data(const Results& results, const twin::Twin& twin, const ReportOptions& options) {
  ReportData d;
  const twin::BuildingSet& tb = twin.buildings;
  d.twin_buildings = tb.size();
  const std::size_t n = results.buildings.rows();
  HEATTWIN_CHECK(results.building_twin_index.size() == n,
                 "{}: the buildings table has {} rows but {} twin_index values", results.buildings.where, n,
                 results.building_twin_index.size());
  for (std::size_t r = 0; r < n; ++r) {
    const std::int64_t t = results.building_twin_index[r];
    HEATTWIN_CHECK(t >= 0 && static_cast<std::size_t>(t) < tb.size(),
                   "{}: building '{}' has twin_index {} but the twin has {} buildings; pass the twin these results "
                   "were computed for (--twin)",
                   results.buildings.where, results.buildings.id[r], t, tb.size());
    HEATTWIN_CHECK(tb.id[static_cast<std::size_t>(t)] == results.buildings.id[r],
                   "{}: building '{}' points to twin row {}, which is building '{}'; pass the twin these results "
                   "were computed for (--twin)",
                   results.buildings.where, results.buildings.id[r], t, tb.id[static_cast<std::size_t>(t)]);
  }
  const auto& heating = results.buildings.column("annual_heating_kwh");
  const auto& area = results.buildings.column("heated_floor_area_m2");
  const std::vector<double> no_values(n, 0.0);
  const auto hot_water_it = results.buildings.columns.find("annual_hot_water_kwh");
  const auto& hot_water = hot_water_it != results.buildings.columns.end() ? hot_water_it->second : no_values;
  // Expected consumption (issue 23): the standard demand × TABULA adaptation × vacancy, per building.
  if (const auto e = results.buildings.columns.find("expected_heating_kwh"); e != results.buildings.columns.end()) {
    const auto w = results.buildings.columns.find("expected_hot_water_kwh");
    double total = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      total += finite_or_zero(e->second[r]);
      if (w != results.buildings.columns.end()) total += finite_or_zero(w->second[r]);
    }
    d.expected_consumption_mwh_per_a = total / 1000.0;
  }
  // Modernisation state imputed for buildings of unknown state (issue 23, docs/IMPUTATION.md).
  if (const auto m = results.buildings.columns.find("modernised_elements"); m != results.buildings.columns.end()) {
    d.modernised_buildings = std::count_if(m->second.begin(), m->second.end(), [](double v) { return v > 0.0; });
  }

  // Municipality rows: the regions table's AGS in file order, then AGS that only buildings have.
  const auto& municipalities = twin.regions.municipalities;
  std::unordered_map<std::string, std::size_t> row_of_ags;
  const auto row_for = [&](const std::string& ags) -> std::size_t {
    const auto [it, inserted] = row_of_ags.try_emplace(ags, d.by_municipality.size());
    if (inserted) {
      InventoryRow row;
      row.key = ags;
      if (const auto m = twin.regions.find_municipality(ags)) row.label = municipalities[*m].name;
      d.by_municipality.push_back(std::move(row));
    }
    return it->second;
  };
  for (const auto& ags : results.regions.id) row_for(ags);
  std::vector<std::size_t> row_of_municipality(municipalities.size() + 1, SIZE_MAX);
  const auto municipality_row = [&](std::uint32_t m) {
    const std::size_t slot = m < municipalities.size() ? m : municipalities.size();
    if (row_of_municipality[slot] == SIZE_MAX)
      row_of_municipality[slot] = row_for(m < municipalities.size() ? municipalities[m].ags : std::string());
    return row_of_municipality[slot];
  };

  d.by_use_class.resize(twin::USE_CLASS_NAMES.size());
  d.by_age_class.resize(twin::AGE_CLASSES.size() + 1);
  std::vector<InventoryRow> municipality_from_buildings;
  const std::array<std::pair<const char*, const std::vector<twin::Provenance>*>, 4> provenance_columns{
      {{"u_values", &tb.prov_u_values},
       {"heated_floor_area", &tb.prov_heated_floor_area},
       {"year_of_construction", &tb.prov_year_of_construction},
       {"envelope", &tb.prov_envelope}}};
  std::array<std::array<double, 5>, 4> provenance_kwh{};
  std::unordered_map<std::uint64_t, std::uint32_t> buildings_in_cell;
  // The map follows the run's demand basis (twin::heat_basis_columns): with the expected
  // consumption its cells are the sums of their buildings' expected heating + hot water (the grid
  // table holds the standard demand only).
  const twin::HeatBasisColumns basis = twin::heat_basis_columns(results.demand_basis);
  const std::vector<double>* basis_heating = nullptr;
  const std::vector<double>* basis_hot_water = nullptr;
  if (basis.heating != twin::heat_basis_columns("").heating) {
    if (const auto e = results.buildings.columns.find(std::string(basis.heating));
        e != results.buildings.columns.end()) {
      basis_heating = &e->second;
      d.map_basis = results.demand_basis;
      const auto w = results.buildings.columns.find(std::string(basis.hot_water));
      if (w != results.buildings.columns.end()) basis_hot_water = &w->second;
    }
  }
  std::unordered_map<std::uint64_t, double> basis_kwh_in_cell;
  for (std::size_t r = 0; r < n; ++r) {
    const auto t = static_cast<std::size_t>(results.building_twin_index[r]);
    add_building(d.total, area[r], heating[r], hot_water[r]);
    const std::size_t mrow = municipality_row(tb.municipality[t]);
    if (municipality_from_buildings.size() <= mrow) municipality_from_buildings.resize(mrow + 1);
    add_building(municipality_from_buildings[mrow], area[r], heating[r], hot_water[r]);
    const std::size_t use = std::min<std::size_t>(tb.use_class[t], d.by_use_class.size() - 1);
    add_building(d.by_use_class[use], area[r], heating[r], hot_water[r]);
    const std::size_t age = tb.age_class[t] >= 1 && tb.age_class[t] <= twin::AGE_CLASSES.size()
                                ? tb.age_class[t] - 1u
                                : twin::AGE_CLASSES.size();
    add_building(d.by_age_class[age], area[r], heating[r], hot_water[r]);
    for (std::size_t k = 0; k < provenance_columns.size(); ++k) {
      const auto p = std::min<std::size_t>(static_cast<std::size_t>((*provenance_columns[k].second)[t]), 4);
      provenance_kwh[k][p] += finite_or_zero(heating[r]);
    }
    const std::uint32_t cell = tb.grid_cell[t];
    if (cell < twin.grid.size()) {
      const std::uint64_t key = cell_key(twin.grid.north_100m[cell], twin.grid.east_100m[cell]);
      ++buildings_in_cell[key];
      if (basis_heating != nullptr) {
        basis_kwh_in_cell[key] += finite_or_zero((*basis_heating)[r]) +
                                  (basis_hot_water != nullptr ? finite_or_zero((*basis_hot_water)[r]) : 0.0);
      }
    }
  }
  for (std::size_t k = 0; k < provenance_columns.size(); ++k) {
    DemandProvenance p{provenance_columns[k].first, {}};
    const double sum = std::accumulate(provenance_kwh[k].begin(), provenance_kwh[k].end(), 0.0);
    for (std::size_t j = 0; j < 5; ++j) p.share[j] = sum > 0.0 ? provenance_kwh[k][j] / sum : 0.0;
    d.demand_provenance.push_back(p);
  }
  for (std::size_t k = 0; k < d.by_use_class.size(); ++k) d.by_use_class[k].key = std::string(twin::USE_CLASS_NAMES[k]);
  for (std::size_t k = 0; k < d.by_age_class.size(); ++k)
    d.by_age_class[k].key =
        std::string(twin::age_class_label(static_cast<std::uint8_t>(k + 1 <= twin::AGE_CLASSES.size() ? k + 1 : 0)));
  std::erase_if(d.by_use_class, [](const InventoryRow& r) { return r.buildings == 0; });
  std::erase_if(d.by_age_class, [](const InventoryRow& r) { return r.buildings == 0; });

  // Municipality demand from the regions table (monthly space heating, hourly hot water); counts,
  // areas and rows the table lacks from the buildings.
  municipality_from_buildings.resize(d.by_municipality.size());
  for (std::size_t k = 0; k < d.by_municipality.size(); ++k) {
    auto& row = d.by_municipality[k];
    const auto& b = municipality_from_buildings[k];
    row.buildings = b.buildings;
    row.heated_floor_area_m2 = b.heated_floor_area_m2;
    row.space_heating_mwh_per_a = b.space_heating_mwh_per_a;
    row.hot_water_mwh_per_a = b.hot_water_mwh_per_a;
  }
  const auto check_hours = [&](const ResultsMatrix& m, const char* name) {
    HEATTWIN_CHECK(m.cols == 8760 || m.cols == 8784, "{}/{}: {} hourly values per region, expected 8760 or 8784",
                   results.regions.where, name, m.cols);
  };
  const ResultsMatrix* monthly = results.regions.matrices.contains("monthly_heating_kwh")
                                     ? &results.regions.matrix("monthly_heating_kwh")
                                     : nullptr;
  const ResultsMatrix* hourly_heating =
      results.regions.matrices.contains("hourly_heating_w") ? &results.regions.matrix("hourly_heating_w") : nullptr;
  const ResultsMatrix* hourly_hot_water =
      results.regions.matrices.contains("hourly_hot_water_w") ? &results.regions.matrix("hourly_hot_water_w") : nullptr;
  if (monthly != nullptr)
    HEATTWIN_CHECK(monthly->cols == 12, "{}/monthly_heating_kwh: {} columns, expected 12", results.regions.where,
                   monthly->cols);
  if (hourly_heating != nullptr) check_hours(*hourly_heating, "hourly_heating_w");
  if (hourly_hot_water != nullptr) check_hours(*hourly_hot_water, "hourly_hot_water_w");
  // The table's sums replace the buildings' (a repeated AGS adds up).
  for (const auto& ags : results.regions.id) {
    auto& row = d.by_municipality[row_of_ags.at(ags)];
    if (monthly != nullptr) row.space_heating_mwh_per_a = 0.0;
    if (hourly_hot_water != nullptr) row.hot_water_mwh_per_a = 0.0;
  }
  for (std::size_t g = 0; g < results.regions.rows(); ++g) {
    auto& row = d.by_municipality[row_of_ags.at(results.regions.id[g])];
    if (monthly != nullptr) {
      double annual = 0.0;
      for (std::size_t m = 0; m < 12; ++m) {
        const double v = finite_or_zero(monthly->at(g, m)) / 1000.0;
        d.monthly_space_heating_mwh[m] += v;
        annual += v;
      }
      row.space_heating_mwh_per_a += annual;
      d.regions_space_heating_mwh_per_a += annual;
    }
    if (hourly_hot_water != nullptr) {
      const auto months = sum_by_month(*hourly_hot_water, g);
      double annual = 0.0;
      for (std::size_t m = 0; m < 12; ++m) {
        d.monthly_hot_water_mwh[m] += months[m] / 1e6;
        annual += months[m] / 1e6;
      }
      row.hot_water_mwh_per_a += annual;
    }
  }
  if (hourly_heating != nullptr) {
    d.load_duration_mw.assign(hourly_heating->cols, 0.0);
    d.load_duration_includes_hot_water = hourly_hot_water != nullptr && hourly_hot_water->cols == hourly_heating->cols;
    std::vector<double> load_w(hourly_heating->cols, 0.0);
    for (std::size_t g = 0; g < hourly_heating->rows(); ++g) {
      for (std::size_t h = 0; h < hourly_heating->cols; ++h) {
        double w = finite_or_zero(hourly_heating->at(g, h));
        if (d.load_duration_includes_hot_water) w += finite_or_zero(hourly_hot_water->at(g, h));
        load_w[h] += w;
      }
    }
    for (std::size_t h = 0; h < load_w.size(); ++h) d.load_duration_mw[h] = load_w[h] / 1e6;
    d.peak_load_mw = twin::peak_load_mw(load_w);
    d.full_load_hours = twin::full_load_hours(load_w);
    std::sort(d.load_duration_mw.begin(), d.load_duration_mw.end(), std::greater<>());
  }

  // Map: the grid table's cells with their building counts; 1 km cells when there are many.
  const auto& cell_heating = results.grid.column("annual_heating_kwh");
  const auto cell_hot_water_it = results.grid.columns.find("annual_hot_water_kwh");
  std::vector<MapCell> cells;
  cells.reserve(results.grid.rows());
  for (std::size_t c = 0; c < results.grid.rows(); ++c) {
    const auto [north, east] = parse_cell_id(results.grid.id[c], results.grid.where);
    MapCell cell;
    cell.north_100m = north;
    cell.east_100m = east;
    const auto it = buildings_in_cell.find(cell_key(north, east));
    cell.buildings = it != buildings_in_cell.end() ? it->second : 0;
    if (basis_heating != nullptr) {
      const auto b = basis_kwh_in_cell.find(cell_key(north, east));
      cell.heat_mwh_per_a = b != basis_kwh_in_cell.end() ? b->second / 1000.0 : 0.0;
    } else {
      cell.heat_mwh_per_a = finite_or_zero(cell_heating[c]) / 1000.0;
      if (cell_hot_water_it != results.grid.columns.end())
        cell.heat_mwh_per_a += finite_or_zero(cell_hot_water_it->second[c]) / 1000.0;
    }
    cells.push_back(cell);
  }
  if (cells.size() > options.max_map_cells_100m) {
    d.map_cell_size_m = 1000;
    std::unordered_map<std::uint64_t, std::size_t> index;
    std::vector<MapCell> coarse;
    for (const auto& c : cells) {
      const std::uint32_t north = c.north_100m / 10 * 10, east = c.east_100m / 10 * 10;
      const auto [it, inserted] = index.try_emplace(cell_key(north, east), coarse.size());
      if (inserted) coarse.push_back(MapCell{north, east, 0, 0.0, 0.0, 0});
      coarse[it->second].buildings += c.buildings;
      coarse[it->second].heat_mwh_per_a += c.heat_mwh_per_a;
    }
    cells = std::move(coarse);
  }
  const double cell_ha = d.map_cell_size_m == 1000 ? 100.0 : 1.0;
  for (auto& c : cells) {
    if (c.buildings < options.min_buildings_per_cell) {
      ++d.withheld_cells;
      d.withheld_buildings += c.buildings;
      d.withheld_heat_mwh_per_a += c.heat_mwh_per_a;
      continue;
    }
    c.density_mwh_per_ha_a = c.heat_mwh_per_a / cell_ha;
    c.density_class = density_class(c.density_mwh_per_ha_a);
    ++d.cells_per_class[static_cast<std::size_t>(c.density_class)];
    d.map_cells.push_back(c);
  }
  std::sort(d.map_cells.begin(), d.map_cells.end(), [](const MapCell& a, const MapCell& b) {
    return cell_key(a.north_100m, a.east_100m) < cell_key(b.north_100m, b.east_100m);
  });
  return d;
}

std::string render_html_report(const Results& r, const ReportData& d, const ReportOptions& options) {
  std::string html;
  html.reserve(64 * 1024 + d.map_cells.size() * 24 + d.by_municipality.size() * 400);
  auto out = std::back_inserter(html);
  const std::string scenario = html_escape(r.scenario);
  fmt::format_to(
      out,
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"heattwin {} ({})\">\n"
      "<title>Heat demand report: {} {}</title>\n<style>{}</style></head>\n<body>\n",
      VERSION, GIT_SHA, scenario, r.year, STYLE);
  fmt::format_to(
      out,
      "<header><h1>Heat demand report: scenario {}, year {}</h1>\n"
      "<p class=\"meta\">Computed by heattwin {} (commit {}) from {} to {} (UTC); method {}; twin CRS {}.<br>"
      "Results file <code>{}</code>.</p></header>\n",
      scenario, r.year, html_escape(r.meta.heattwin_version), html_escape(r.meta.git_sha),
      html_escape(r.meta.started_utc), html_escape(r.meta.finished_utc),
      html_escape(r.method.empty() ? std::string("unknown") : r.method), html_escape(r.twin_crs), html_escape(r.path));
  fmt::format_to(out,
                 "<nav><a href=\"#inventory\">Inventory</a><a href=\"#map\">Heat density map</a><a href=\"#load\">Load "
                 "duration</a><a href=\"#monthly\">Monthly demand</a><a href=\"#quality\">Data quality</a><a "
                 "href=\"#inputs\">Inputs</a></nav>\n");

  // Key figures.
  const double peak_mw = d.peak_load_mw;
  fmt::format_to(out, "<section id=\"summary\"><h2>Summary</h2><div class=\"kpi\">\n");
  const auto kpi = [&](std::string_view label, const std::string& value) {
    fmt::format_to(out, "<div><b>{}</b>{}</div>\n", value, label);
  };
  kpi("computed buildings", format_number(static_cast<double>(d.total.buildings), 0));
  kpi("heated floor area (m²)", format_number(d.total.heated_floor_area_m2, 0));
  kpi("space heating (MWh/a)", format_number(d.total.space_heating_mwh_per_a, 1));
  kpi("hot water (MWh/a)", format_number(d.total.hot_water_mwh_per_a, 1));
  kpi("heat demand (MWh/a)", format_number(d.total.total_mwh_per_a(), 1));
  kpi("specific demand (kWh/(m²·a))", format_number(specific_kwh_per_m2a(d.total), 1));
  if (std::isfinite(d.expected_consumption_mwh_per_a)) {
    kpi("expected consumption (MWh/a)", format_number(d.expected_consumption_mwh_per_a, 1));
  }
  if (d.modernised_buildings >= 0) {
    kpi("buildings with imputed modernisation", format_number(static_cast<double>(d.modernised_buildings), 0));
  }
  if (!d.load_duration_mw.empty()) {
    kpi("peak load (MW)", format_number(peak_mw, 2));
    kpi("full-load hours (h/a)", format_number(d.full_load_hours, 0));
  }
  fmt::format_to(out, "</div>\n");
  fmt::format_to(out,
                 "<p class=\"note\"><b>Standard demand</b> (heat demand above and in the tables): the model's need "
                 "for space heating and hot water under standard use (20 °C, every dwelling occupied, TABULA hot "
                 "water), for comparing buildings and refurbishment. <b>Expected consumption</b>: the standard demand "
                 "× the TABULA/IWU adaptation to the typical level of measured consumption (lower for poorly "
                 "insulated buildings, the prebound effect) × the vacancy factor (Zensus 2022); non-residential "
                 "buildings keep their standard demand. Heat plans, networks and CO2 use the expected consumption "
                 "unless the scenario says <code>[demand] basis = \"standard_demand\"</code> (docs/DEMAND.md).</p>\n");
  if (d.modernised_buildings >= 0) {
    fmt::format_to(out,
                   "<p class=\"note\"><b>Imputed modernisation</b>: residential buildings whose envelope is not known "
                   "get the elements modernised since construction (walls, roofs, floors, windows) drawn from survey "
                   "shares by construction period (IWU/BEI Datenbasis Gebäudebestand 2010; <code>[typology] "
                   "modernisation</code>, docs/IMPUTATION.md); a modernised element has TABULA's usual-refurbishment "
                   "U value.</p>\n");
  }
  fmt::format_to(out, "</section>\n");

  // Inventory.
  fmt::format_to(out,
                 "<section id=\"inventory\"><h2>Inventory</h2>\n<p class=\"note\">Needs as computed (space heating and "
                 "domestic hot water, before system losses). Heat demand = space heating + hot water.</p>\n"
                 "<h3>By municipality</h3>\n");
  // State-wide runs list ≈ 220 municipalities: folded, so that the map and charts stay near the top.
  const bool fold = d.by_municipality.size() > MAX_UNFOLDED_ROWS;
  if (fold)
    fmt::format_to(out, "<details><summary>{} municipalities (open the table)</summary>\n", d.by_municipality.size());
  inventory_table(out, "AGS", true, d.by_municipality, d.total);
  if (fold) fmt::format_to(out, "</details>\n");
  if (std::fabs(d.regions_space_heating_mwh_per_a - d.total.space_heating_mwh_per_a) >
      1e-6 * std::max(1.0, d.total.space_heating_mwh_per_a))
    fmt::format_to(
        out, "<p class=\"note\">The regions table's space heating sums to {} MWh/a, the buildings' to {} MWh/a.</p>\n",
        format_number(d.regions_space_heating_mwh_per_a, 1), format_number(d.total.space_heating_mwh_per_a, 1));
  fmt::format_to(out, "<h3>By use class</h3>\n");
  inventory_table(out, "use class", false, d.by_use_class, d.total);
  bar_chart(out, "heat demand by use class (MWh/a)", d.by_use_class);
  fmt::format_to(out, "<h3>By age class (TABULA)</h3>\n");
  inventory_table(out, "age class", false, d.by_age_class, d.total);
  bar_chart(out, "heat demand by age class (MWh/a)", d.by_age_class);
  fmt::format_to(out, "</section>\n");

  // Map.
  fmt::format_to(
      out,
      "<section id=\"map\"><h2>Heat demand density</h2>\n<p class=\"note\">{}: space heating + hot water per {} "
      "census grid cell (INSPIRE, EPSG:3035), MWh/(ha·a); classes of the KEA-BW guide to municipal heat "
      "planning.{}</p>\n",
      d.map_basis == "expected_consumption"
          ? "<b>Expected consumption</b> (the run's demand basis, as heat plans, networks and CO2 use it)"
          : "<b>Standard demand</b>",
      d.map_cell_size_m == 1000 ? "1 km" : "100 m",
      d.map_cell_size_m == 1000
          ? fmt::format(" The results have more than {} cells of 100 m, so they are shown summed into 1 km cells.",
                        format_number(static_cast<double>(options.max_map_cells_100m), 0))
          : std::string());
  if (d.map_cells.empty()) {
    fmt::format_to(out, "<p><b>No cell holds {} or more computed buildings; the map is withheld.</b></p>\n",
                   options.min_buildings_per_cell);
  } else {
    density_map(out, d);
  }
  fmt::format_to(out,
                 "<p class=\"note\">Withheld for data protection: {} cells with fewer than {} computed buildings ({} "
                 "buildings, {} MWh/a); they are left blank.</p></section>\n",
                 format_number(static_cast<double>(d.withheld_cells), 0), options.min_buildings_per_cell,
                 format_number(static_cast<double>(d.withheld_buildings), 0),
                 format_number(d.withheld_heat_mwh_per_a, 1));

  // Load duration curve.
  fmt::format_to(out, "<section id=\"load\"><h2>Load duration curve</h2>\n");
  if (d.load_duration_mw.empty()) {
    fmt::format_to(out,
                   "<p>This run has no hourly space-heating series (method {}); run the hourly method for a load "
                   "duration curve.</p>\n",
                   html_escape(r.method));
  } else {
    fmt::format_to(out,
                   "<p class=\"note\">The {} hours of the year sorted by the summed heat load of all municipalities "
                   "(space heating{}), MW. Peak {} MW; {} MWh/a.</p>\n",
                   d.load_duration_mw.size(), d.load_duration_includes_hot_water ? " + hot water" : " only",
                   format_number(peak_mw, 2), format_number(d.full_load_hours * peak_mw, 1));
    load_duration_chart(out, d);
  }
  fmt::format_to(out, "</section>\n");

  fmt::format_to(out,
                 "<section id=\"monthly\"><h2>Monthly demand</h2>\n<p class=\"note\">Space heating from the regions' "
                 "monthly sums, hot water from their hourly series, MWh.</p>\n");
  monthly_chart(out, d);
  fmt::format_to(out, "</section>\n");

  data_quality_section(out, r, d);
  inputs_section(out, r);
  fmt::format_to(out,
                 "<footer class=\"note\"><p>Written by heattwin {} (commit {}) <code>export --format html</code>. "
                 "This page loads nothing from the network.</p></footer>\n</body></html>\n",
                 VERSION, GIT_SHA);
  return html;
}

void write_html_report(const Results& results, const twin::Twin& twin, const std::string& path,
                       const ReportOptions& options) {
  const std::string html = render_html_report(results, compute_report_data(results, twin, options), options);
  twin::write_file_atomically(path, html);
}

}  // namespace heattwin::viz
