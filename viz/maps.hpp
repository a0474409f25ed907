#pragma once
/// \file PNG maps for a council report, drawn without a display: the heat demand density of the
/// 100 m census cells in the KEA-BW bands (viz/heat_indicators.hpp HEAT_DENSITY_CLASSES), with
/// the twin's heat-network pipes on top when there are any, and a map of the network itself by
/// pipe diameter; each with a legend and a scale bar. Cells are
/// rasterised with GDAL (MEM dataset, GDALRasterizeGeometries) in EPSG:3035, where they are
/// squares; the PNG is written by GDAL's PNG driver with a world file (.wld) so GIS tools can
/// place it.

#include "twin/twin.hpp"
#include "viz/heat_indicators.hpp"
#include "viz/results_file.hpp"

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace heattwin::viz {

/// Settings of write_heat_density_png().
struct MapOptions {
  /// Longest side of the whole image (map + legend), px; the map scale follows from it
  /// (at most 40 px per 100 m cell).
  int max_size_px = 2000;
  /// Cells with fewer computed buildings are drawn in the "withheld" grey, not in their band.
  std::size_t privacy_min_buildings = DEFAULT_PRIVACY_MIN_BUILDINGS;
  /// Draw the twin's network pipes (when it has some).
  bool network = true;
};

/// What write_heat_density_png() drew; the geotransform maps pixel (col, row) to EPSG:3035 as
/// x = origin_x + col·pixel_m, y = origin_y − row·pixel_m (the top-left corner of the pixel).
struct MapReport {
  int width_px = 0, height_px = 0;
  double origin_x_m = 0.0, origin_y_m = 0.0, pixel_m = 0.0;  ///< 0 pixel size: no map (no data)
  std::size_t cells = 0, cells_withheld = 0, pipes = 0;
  bool no_data = false;  ///< the grid was empty: the image only says so
};

/// The map's colours (RGB): background, withheld cells, pipes, text.
inline constexpr std::array<std::uint8_t, 3> MAP_BACKGROUND_RGB{255, 255, 255};
inline constexpr std::array<std::uint8_t, 3> MAP_WITHHELD_RGB{200, 200, 200};
inline constexpr std::array<std::uint8_t, 3> MAP_PIPE_RGB{0, 90, 200};
inline constexpr std::array<std::uint8_t, 3> MAP_TEXT_RGB{0, 0, 0};
inline constexpr std::array<std::uint8_t, 3> MAP_PLANT_RGB{220, 0, 0};

/// A class of pipe inner diameters on the network map.
struct PipeDiameterClass {
  double lower_mm;  ///< inclusive lower bound of the inner diameter
  const char* label;
  std::array<std::uint8_t, 3> rgb;
};

/// Diameter classes of the network map (roughly service pipes, small and large distribution
/// pipes, mains, transmission); colours ColorBrewer Blues/Purples, dark = large.
inline constexpr std::array<PipeDiameterClass, 5> PIPE_DIAMETER_CLASSES{{
    {0.0, "<50", {158, 202, 225}},
    {50.0, "50-100", {66, 146, 198}},
    {100.0, "100-200", {33, 113, 181}},
    {200.0, "200-400", {8, 69, 148}},
    {400.0, ">=400", {63, 0, 125}},
}};

/// Index into PIPE_DIAMETER_CLASSES of an inner diameter in m (NaN: class 0).
std::size_t pipe_diameter_class(double inner_diameter_m);

/// Writes the heat density map of one (scenario, year) to `path` (PNG, RGB; written to a
/// temporary name and renamed when complete; a world file `path` with .wld beside it). An
/// empty grid gives a small image that says "no data" (no world file). Throws InputError for
/// results of another twin or options out of range, IoError if GDAL cannot write.
/// Complexity O(C + P + W·H) for C cells, P pipes and the image size; ≈ 0.1 s for 2000 × 2000 px.
MapReport write_heat_density_png(const Results& results, const twin::Twin& twin, const std::string& path,
                                 const MapOptions& options = {});

/// Writes the map of the twin's heat network to `path` (PNG with world file, as above): pipes
/// coloured and sized by inner diameter class (PIPE_DIAMETER_CLASSES), heat sources as red
/// squares, the published heat density cells as a pale underlay (withheld cells left out), a
/// legend and a scale bar; the extent is the network's. MapReport::pipes counts the pipes drawn.
/// Throws InputError if the twin has no pipes or the results belong to another twin, IoError if
/// GDAL cannot write. Complexity O(P + C + W·H).
MapReport write_network_png(const Results& results, const twin::Twin& twin, const std::string& path,
                            const MapOptions& options = {});

/// Municipality boundaries of a twin for SVG maps (the state report of `heattwin compare`):
/// rings in the twin CRS (metres), thinned so that kept vertices lie at least `min_spacing_m`
/// apart (the report stays small; 218 municipalities ≈ 30,000 vertices at 250 m).
struct RegionShapes {
  /// Per municipality of the twin (regions order): its rings, each as x, y pairs; empty = no boundary.
  std::vector<std::vector<std::vector<std::array<double, 2>>>> municipality_rings;
  double min_x_m = 0.0, min_y_m = 0.0, max_x_m = 0.0, max_y_m = 0.0;  ///< extent of all rings
  /// True if at least one municipality has a boundary.
  bool has_boundaries() const { return max_x_m > min_x_m && max_y_m > min_y_m; }
};

/// The boundaries of `twin.regions.municipality_boundaries`, thinned. O(vertices).
RegionShapes region_shapes(const twin::Twin& twin, double min_spacing_m = 250.0);

/// A choropleth of the municipalities: one value per municipality of RegionShapes (NaN: no value,
/// drawn grey, e.g. withheld); a Kreis map gives each municipality its Kreis's value and sets
/// `municipality_borders` false (no inner borders: the Kreise show as areas of one colour).
struct ChoroplethMap {
  std::string title;                          ///< aria-label and caption
  std::vector<double> value;                  ///< per municipality
  std::vector<std::string> tooltip;           ///< per municipality (<title> of its path); may be empty
  std::function<std::string(double)> format;  ///< legend numbers (e.g. German "1.234,5")
  std::string no_value_label = "keine Angabe";
  std::string unit;
  bool municipality_borders = true;
  int classes = 5;  ///< quantile classes (fewer when the values have fewer distinct breaks)
};

/// Class breaks at the quantiles 1/k … (k−1)/k of the finite `values` (numpy's linear
/// interpolation), duplicates removed; a value v is in class (number of breaks ≤ v). Empty for
/// fewer than two distinct finite values.
std::vector<double> quantile_breaks(std::span<const double> values, int classes);

/// Colours of the classes (ColorBrewer YlOrRd, light = low), and of "no value".
inline constexpr std::array<const char*, 5> CHOROPLETH_COLOURS{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};
inline constexpr const char* CHOROPLETH_NO_VALUE = "#d0d0d0";

/// An inline SVG (north up, `width_px` wide) of the municipalities coloured by class, with a
/// legend of the class ranges and "no value", and a caption. Every municipality with a boundary is
/// one path (class `region`, `data-v` = value). Throws InputError when `map.value` does not have
/// one value per municipality of `shapes`. O(vertices).
std::string choropleth_svg(const RegionShapes& shapes, const ChoroplethMap& map, double width_px = 560.0);

}  // namespace heattwin::viz
