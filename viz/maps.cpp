#include "viz/maps.hpp"

#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"
#include "twin/log.hpp"
#include "viz/report.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

namespace heattwin::viz {
namespace {

using Rgb = std::array<std::uint8_t, 3>;
using twin::last_gdal_error;

/// A 5 × 7 pixel font for printable ASCII (32–126), drawn for this program; one byte per row,
/// top row first, bit 4 = leftmost column. Characters without a glyph show as '?'.
constexpr std::uint8_t FONT_5X7[95][7] = {
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},  // ' '
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '!'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '"'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '#'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '$'
    {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03},  // '%'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '&'
    {0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00},  // "'"
    {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02},  // '('
    {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08},  // ')'
    {0x00, 0x04, 0x04, 0x0e, 0x04, 0x04, 0x00},  // '*'
    {0x00, 0x04, 0x04, 0x1f, 0x04, 0x04, 0x00},  // '+'
    {0x00, 0x00, 0x00, 0x00, 0x0c, 0x04, 0x08},  // ','
    {0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00},  // '-'
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x0c},  // '.'
    {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00},  // '/'
    {0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e},  // '0'
    {0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e},  // '1'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f},  // '2'
    {0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e},  // '3'
    {0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02},  // '4'
    {0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e},  // '5'
    {0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e},  // '6'
    {0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},  // '7'
    {0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e},  // '8'
    {0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c},  // '9'
    {0x00, 0x0c, 0x0c, 0x00, 0x0c, 0x0c, 0x00},  // ':'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // ';'
    {0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02},  // '<'
    {0x00, 0x00, 0x1f, 0x00, 0x1f, 0x00, 0x00},  // '='
    {0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08},  // '>'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '?'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '@'
    {0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11},  // 'A'
    {0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e},  // 'B'
    {0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e},  // 'C'
    {0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c},  // 'D'
    {0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f},  // 'E'
    {0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10},  // 'F'
    {0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f},  // 'G'
    {0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11},  // 'H'
    {0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e},  // 'I'
    {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c},  // 'J'
    {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11},  // 'K'
    {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f},  // 'L'
    {0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11},  // 'M'
    {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11},  // 'N'
    {0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e},  // 'O'
    {0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10},  // 'P'
    {0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d},  // 'Q'
    {0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11},  // 'R'
    {0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e},  // 'S'
    {0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04},  // 'T'
    {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e},  // 'U'
    {0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04},  // 'V'
    {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a},  // 'W'
    {0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11},  // 'X'
    {0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04},  // 'Y'
    {0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f},  // 'Z'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '['
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '\\'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // ']'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '^'
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1f},  // '_'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '`'
    {0x00, 0x00, 0x0e, 0x01, 0x0f, 0x11, 0x0f},  // 'a'
    {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1e},  // 'b'
    {0x00, 0x00, 0x0e, 0x10, 0x10, 0x11, 0x0e},  // 'c'
    {0x01, 0x01, 0x0d, 0x13, 0x11, 0x11, 0x0f},  // 'd'
    {0x00, 0x00, 0x0e, 0x11, 0x1f, 0x10, 0x0e},  // 'e'
    {0x06, 0x09, 0x08, 0x1c, 0x08, 0x08, 0x08},  // 'f'
    {0x00, 0x0f, 0x11, 0x11, 0x0f, 0x01, 0x0e},  // 'g'
    {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11},  // 'h'
    {0x04, 0x00, 0x0c, 0x04, 0x04, 0x04, 0x0e},  // 'i'
    {0x02, 0x00, 0x06, 0x02, 0x02, 0x12, 0x0c},  // 'j'
    {0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12},  // 'k'
    {0x0c, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e},  // 'l'
    {0x00, 0x00, 0x1a, 0x15, 0x15, 0x11, 0x11},  // 'm'
    {0x00, 0x00, 0x16, 0x19, 0x11, 0x11, 0x11},  // 'n'
    {0x00, 0x00, 0x0e, 0x11, 0x11, 0x11, 0x0e},  // 'o'
    {0x00, 0x00, 0x1e, 0x11, 0x1e, 0x10, 0x10},  // 'p'
    {0x00, 0x00, 0x0d, 0x13, 0x0f, 0x01, 0x01},  // 'q'
    {0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10},  // 'r'
    {0x00, 0x00, 0x0e, 0x10, 0x0e, 0x01, 0x1e},  // 's'
    {0x08, 0x08, 0x1c, 0x08, 0x08, 0x09, 0x06},  // 't'
    {0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0d},  // 'u'
    {0x00, 0x00, 0x11, 0x11, 0x11, 0x0a, 0x04},  // 'v'
    {0x00, 0x00, 0x11, 0x11, 0x15, 0x15, 0x0a},  // 'w'
    {0x00, 0x00, 0x11, 0x0a, 0x04, 0x0a, 0x11},  // 'x'
    {0x00, 0x00, 0x11, 0x11, 0x0f, 0x01, 0x0e},  // 'y'
    {0x00, 0x00, 0x1f, 0x02, 0x04, 0x08, 0x1f},  // 'z'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '{'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '|'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '}'
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04},  // '~'
};

constexpr int GLYPH_W = 5, GLYPH_H = 7, GLYPH_ADVANCE = 6;
constexpr int TEXT_SCALE = 2;  // legend text is drawn at 2 × 2 px per font pixel
constexpr int LINE_PX = (GLYPH_H + 3) * TEXT_SCALE;
constexpr int LEGEND_W_PX = 300;     // legend panel right of the map
constexpr int MIN_HEIGHT_PX = 360;   // the legend's height
constexpr double MIN_PIXEL_M = 2.5;  // at most 40 px per 100 m cell (small towns fill the map)
constexpr double MARGIN_M = 100.0;   // one cell around the data

using twin::GdalDatasetPtr;

/// An RGB image as three planes (the layout GDAL bands read and write).
struct Image {
  int w = 0, h = 0;
  std::array<std::vector<std::uint8_t>, 3> planes;

  Image(int width, int height, Rgb background) : w(width), h(height) {
    for (int c = 0; c < 3; ++c)
      planes[c].assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), background[c]);
  }
  void set(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const auto i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
    for (int k = 0; k < 3; ++k) planes[k][i] = c[k];
  }
  void fill_rect(int x, int y, int rw, int rh, Rgb c) {
    for (int j = y; j < y + rh; ++j)
      for (int i = x; i < x + rw; ++i) set(i, j, c);
  }
  void frame_rect(int x, int y, int rw, int rh, Rgb c) {
    fill_rect(x, y, rw, 1, c);
    fill_rect(x, y + rh - 1, rw, 1, c);
    fill_rect(x, y, 1, rh, c);
    fill_rect(x + rw - 1, y, 1, rh, c);
  }
  /// Draws `text` with its top-left corner at (x, y); returns the width drawn, px.
  int text(int x, int y, std::string_view s, Rgb c, int scale = TEXT_SCALE) {
    int cx = x;
    for (const char ch : s) {
      const int code = static_cast<unsigned char>(ch);
      const std::uint8_t* glyph = FONT_5X7[(code >= 32 && code < 127 ? code : '?') - 32];
      for (int row = 0; row < GLYPH_H; ++row)
        for (int col = 0; col < GLYPH_W; ++col)
          if ((glyph[row] >> (GLYPH_W - 1 - col)) & 1) fill_rect(cx + col * scale, y + row * scale, scale, scale, c);
      cx += GLYPH_ADVANCE * scale;
    }
    return cx - x;
  }
};

/// Writes `image` (with an optional geotransform and CRS) as PNG to `path` atomically; with a
/// geotransform also the world file (.wld) beside it.
void write_png(const Image& image, const std::string& path, const double* geotransform) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (mem == nullptr || png == nullptr) throw IoError(fmt::format("{}: GDAL has no MEM or PNG driver", path));
  GdalDatasetPtr ds(mem->Create("", image.w, image.h, 3, GDT_Byte, nullptr));
  if (!ds) throw IoError(fmt::format("{}: cannot create an in-memory image ({})", path, last_gdal_error()));
  for (int b = 0; b < 3; ++b) {
    if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, image.w, image.h,
                                           const_cast<std::uint8_t*>(image.planes[static_cast<std::size_t>(b)].data()),
                                           image.w, image.h, GDT_Byte, 0, 0, nullptr) != CE_None)
      throw IoError(fmt::format("{}: cannot fill the image ({})", path, last_gdal_error()));
  }
  if (geotransform != nullptr) ds->SetGeoTransform(const_cast<double*>(geotransform));
  namespace fs = std::filesystem;
  twin::AtomicFile temp(path, ".png");
  // GDAL names the world file after the temporary PNG.
  const std::string world = fs::path(path).replace_extension(".wld").string();
  twin::AtomicFile temp_world =
      twin::AtomicFile::with_temp_path(world, fs::path(temp.temp_path()).replace_extension(".wld").string());
  const char* options[] = {geotransform != nullptr ? "WORLDFILE=YES" : "WORLDFILE=NO", nullptr};
  CPLErrorReset();
  GdalDatasetPtr out(
      png->CreateCopy(temp.temp_path().c_str(), ds.get(), FALSE, const_cast<char**>(options), nullptr, nullptr));
  const bool ok = out != nullptr;
  out.reset();
  std::remove((temp.temp_path() + ".aux.xml").c_str());  // GDAL's side file; the world file places the image
  if (!ok)
    throw IoError(fmt::format("{}: cannot write the PNG ({}); is the folder writable?", path, last_gdal_error()));
  if (geotransform != nullptr) {
    temp_world.commit();
  } else {
    std::error_code ec;
    fs::remove(world, ec);  // a stale world file would misplace the new image
    if (ec) throw IoError(fmt::format("{}: cannot remove the old world file {} ({})", path, world, ec.message()));
  }
  temp.commit();
}

/// Burns `geometries` (EPSG:3035) into the dataset's three bands, one colour per geometry.
void rasterize(GDALDataset& ds, const std::vector<std::unique_ptr<OGRGeometry>>& geometries,
               const std::vector<Rgb>& colours, bool all_touched, const std::string& path) {
  if (geometries.empty()) return;
  std::vector<OGRGeometryH> handles;
  std::vector<double> burn;
  handles.reserve(geometries.size());
  burn.reserve(3 * geometries.size());
  for (std::size_t i = 0; i < geometries.size(); ++i) {
    handles.push_back(OGRGeometry::ToHandle(geometries[i].get()));
    for (const std::uint8_t c : colours[i]) burn.push_back(c);
  }
  const int bands[] = {1, 2, 3};
  const char* options[] = {all_touched ? "ALL_TOUCHED=TRUE" : "ALL_TOUCHED=FALSE", nullptr};
  CPLErrorReset();
  if (GDALRasterizeGeometries(GDALDataset::ToHandle(&ds), 3, bands, static_cast<int>(handles.size()), handles.data(),
                              nullptr, nullptr, burn.data(), const_cast<char**>(options), nullptr, nullptr) != CE_None)
    throw IoError(fmt::format("{}: rasterising failed ({})", path, last_gdal_error()));
}

/// A scale bar length with a round value that fits in `max_m`.
double scale_bar_m(double max_m) {
  double best = 100.0;
  for (double decade = 100.0; decade <= 1e6; decade *= 10.0)
    for (const double f : {1.0, 2.0, 5.0})
      if (f * decade <= max_m) best = f * decade;
  return best;
}

/// A map area in EPSG:3035 at a fixed scale, as a GDAL MEM dataset to rasterise into, with the
/// legend panel to its right.
struct Canvas {
  int map_w = 0, map_h = 0, width = 0, height = 0;
  double pixel_m = 0.0;
  std::array<double, 6> geotransform{};
  GdalDatasetPtr ds;
};

struct Extent {
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  void add(double x0, double y0, double x1, double y1) {
    min_x = std::min(min_x, x0);
    min_y = std::min(min_y, y0);
    max_x = std::max(max_x, x1);
    max_y = std::max(max_y, y1);
  }
};

Canvas make_canvas(Extent e, const MapOptions& options, const std::string& path) {
  e.add(e.min_x - MARGIN_M, e.min_y - MARGIN_M, e.max_x + MARGIN_M, e.max_y + MARGIN_M);
  Canvas c;
  const int max_map_w = options.max_size_px - LEGEND_W_PX;
  c.pixel_m = std::max({(e.max_x - e.min_x) / max_map_w, (e.max_y - e.min_y) / options.max_size_px, MIN_PIXEL_M});
  c.map_w = std::min(max_map_w, static_cast<int>(std::ceil((e.max_x - e.min_x) / c.pixel_m)));
  c.map_h = std::min(options.max_size_px, static_cast<int>(std::ceil((e.max_y - e.min_y) / c.pixel_m)));
  c.width = c.map_w + LEGEND_W_PX;
  c.height = std::max(c.map_h, MIN_HEIGHT_PX);
  c.geotransform = {e.min_x, c.pixel_m, 0.0, e.max_y, 0.0, -c.pixel_m};
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (mem == nullptr) throw IoError(fmt::format("{}: GDAL has no MEM driver", path));
  c.ds.reset(mem->Create("", c.map_w, c.map_h, 3, GDT_Byte, nullptr));
  if (!c.ds) throw IoError(fmt::format("{}: cannot create an in-memory image ({})", path, last_gdal_error()));
  c.ds->SetGeoTransform(c.geotransform.data());
  for (int b = 0; b < 3; ++b) c.ds->GetRasterBand(b + 1)->Fill(MAP_BACKGROUND_RGB[static_cast<std::size_t>(b)]);
  return c;
}

/// The rasterised map framed at the left of an image with room for the legend.
Image compose(const Canvas& c, const std::string& path) {
  Image image(c.width, c.height, MAP_BACKGROUND_RGB);
  std::vector<std::uint8_t> plane(static_cast<std::size_t>(c.map_w) * static_cast<std::size_t>(c.map_h));
  for (int b = 0; b < 3; ++b) {
    if (c.ds->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, c.map_w, c.map_h, plane.data(), c.map_w, c.map_h, GDT_Byte,
                                             0, 0, nullptr) != CE_None)
      throw IoError(fmt::format("{}: cannot read the rasterised map ({})", path, last_gdal_error()));
    for (int y = 0; y < c.map_h; ++y)
      std::copy_n(plane.begin() + static_cast<std::ptrdiff_t>(y) * c.map_w, c.map_w,
                  image.planes[static_cast<std::size_t>(b)].begin() + static_cast<std::ptrdiff_t>(y) * c.width);
  }
  image.frame_rect(0, 0, c.map_w, c.map_h, MAP_TEXT_RGB);
  return image;
}

/// The legend panel: title lines, then rows added by the caller, then the scale bar.
struct Legend {
  Image& image;
  int x, y;
  Legend(Image& im, int map_w, std::string_view title, std::string_view subtitle, std::string_view run)
      : image(im), x(map_w + 16), y(16) {
    image.text(x, y, title, MAP_TEXT_RGB);
    y += LINE_PX;
    image.text(x, y, subtitle, MAP_TEXT_RGB, 1);
    y += LINE_PX / 2 + 4;
    image.text(x, y, run.size() > 23 ? run.substr(0, 23) : run, MAP_TEXT_RGB);
    y += LINE_PX + 12;
  }
  void box(Rgb colour, std::string_view label) {
    image.fill_rect(x, y, 28, 16, colour);
    image.frame_rect(x, y, 28, 16, MAP_TEXT_RGB);
    image.text(x + 40, y + 1, label, MAP_TEXT_RGB);
    y += 26;
  }
  void line(Rgb colour, int thickness_px, std::string_view label) {
    image.fill_rect(x, y + 8 - thickness_px / 2, 28, thickness_px, colour);
    image.text(x + 40, y + 1, label, MAP_TEXT_RGB);
    y += 26;
  }
  void scale_bar(double pixel_m) {
    y += 12;
    const double bar_m = scale_bar_m((LEGEND_W_PX - 40) * pixel_m);
    const int bar_px = static_cast<int>(std::lround(bar_m / pixel_m));
    image.fill_rect(x, y, bar_px, 6, MAP_TEXT_RGB);
    image.fill_rect(x, y - 4, 2, 14, MAP_TEXT_RGB);
    image.fill_rect(x + bar_px - 2, y - 4, 2, 14, MAP_TEXT_RGB);
    y += 16;
    image.text(x, y, bar_m >= 1000.0 ? fmt::format("{:g} km", bar_m / 1000.0) : fmt::format("{:g} m", bar_m),
               MAP_TEXT_RGB);
    y += LINE_PX;
    image.text(x, y, "EPSG:3035, 100 m census cells", MAP_TEXT_RGB, 1);
  }
};

void check_options(const MapOptions& options, const std::string& path) {
  HEATTWIN_CHECK(options.max_size_px >= LEGEND_W_PX + 100 && options.max_size_px <= 20000,
                 "{}: map size {} px is out of range ({} … 20000)", path, options.max_size_px, LEGEND_W_PX + 100);
  HEATTWIN_CHECK(options.privacy_min_buildings >= 1, "{}: the privacy minimum must be at least 1 building", path);
}

/// The transformation from the twin CRS to EPSG:3035 (x = easting); throws for an unknown CRS.
std::unique_ptr<OGRCoordinateTransformation> twin_to_3035(const twin::Twin& twin, const std::string& path) {
  OGRSpatialReference from, to;
  twin::set_srs(from, twin.crs, fmt::format("{} (the twin's CRS)", path));
  twin::set_srs(to, "EPSG:3035");
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&from, &to));
  if (!transform)
    throw IoError(fmt::format("{}: no transformation {} → EPSG:3035 ({})", path, twin.crs, last_gdal_error()));
  return transform;
}

/// Writes the composed image with the canvas' georeference and fills the report's image fields.
void finish(const Image& image, const Canvas& canvas, const std::string& path, MapReport& report) {
  write_png(image, path, canvas.geotransform.data());
  report.width_px = canvas.width;
  report.height_px = canvas.height;
  report.origin_x_m = canvas.geotransform[0];
  report.origin_y_m = canvas.geotransform[3];
  report.pixel_m = canvas.pixel_m;
}

/// The twin's pipes as lines in EPSG:3035, with the pipe row of each.
std::vector<std::pair<std::unique_ptr<OGRGeometry>, std::size_t>> pipes_in_3035(const twin::Twin& twin,
                                                                                const std::string& path) {
  std::vector<std::pair<std::unique_ptr<OGRGeometry>, std::size_t>> lines;
  const auto& net = twin.networks;
  if (net.pipes.size() == 0) return lines;
  const auto transform = twin_to_3035(twin, path);
  for (std::size_t p = 0; p < net.pipes.size(); ++p) {
    const std::uint32_t a = net.pipes.from_junction[p], b = net.pipes.to_junction[p];
    HEATTWIN_CHECK(a < net.junctions.size() && b < net.junctions.size(),
                   "twin: pipe '{}' names junctions {} and {}, but there are {}", net.pipes.id[p], a, b,
                   net.junctions.size());
    double x[2] = {net.junctions.x_m[a], net.junctions.x_m[b]};
    double y[2] = {net.junctions.y_m[a], net.junctions.y_m[b]};
    if (!transform->Transform(2, x, y)) continue;
    auto line = std::make_unique<OGRLineString>();
    line->addPoint(x[0], y[0]);
    line->addPoint(x[1], y[1]);
    lines.emplace_back(std::move(line), p);
  }
  return lines;
}

/// Burns lines `thickness_px` wide (copies shifted by whole pixels; 1 = the line itself).
void rasterize_lines(Canvas& c, const std::vector<const OGRGeometry*>& lines, const std::vector<Rgb>& colours,
                     int thickness_px, const std::string& path) {
  std::vector<std::unique_ptr<OGRGeometry>> copies;
  std::vector<Rgb> copy_colours;
  const int r = (thickness_px - 1) / 2;
  for (int dy = -r; dy <= r; ++dy) {
    for (int dx = -r; dx <= r; ++dx) {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::unique_ptr<OGRGeometry> g(lines[i]->clone());
        auto* line = g->toLineString();
        for (int k = 0; k < line->getNumPoints(); ++k)
          line->setPoint(k, line->getX(k) + dx * c.pixel_m, line->getY(k) + dy * c.pixel_m);
        copies.push_back(std::move(g));
        copy_colours.push_back(colours[i]);
      }
    }
  }
  rasterize(*c.ds, copies, copy_colours, true, path);
}

/// Cells as 100 m squares in EPSG:3035, in the given order.
std::vector<std::unique_ptr<OGRGeometry>> cell_squares(const GridHeat& g, const std::vector<std::size_t>& order) {
  std::vector<std::unique_ptr<OGRGeometry>> cells;
  cells.reserve(order.size());
  for (const std::size_t k : order) {
    cells.push_back(twin::cell_square(g.east_m[k], g.north_m[k]));
  }
  return cells;
}

/// The grid's extent in EPSG:3035.
Extent grid_extent(const GridHeat& g) {
  Extent e;
  for (std::size_t k = 0; k < g.size(); ++k)
    e.add(g.east_m[k], g.north_m[k], g.east_m[k] + 100.0, g.north_m[k] + 100.0);
  return e;
}

Rgb lighten(Rgb c, double share_of_white) {
  Rgb out{};
  for (std::size_t k = 0; k < 3; ++k)
    out[k] = static_cast<std::uint8_t>(std::lround(c[k] + share_of_white * (255.0 - c[k])));
  return out;
}

}  // namespace

std::size_t pipe_diameter_class(double inner_diameter_m) {
  std::size_t k = 0;
  while (k + 1 < PIPE_DIAMETER_CLASSES.size() && inner_diameter_m * 1000.0 >= PIPE_DIAMETER_CLASSES[k + 1].lower_mm)
    ++k;
  return k;
}

MapReport write_heat_density_png(const Results& results, const twin::Twin& twin, const std::string& path,
                                 const MapOptions& options) {
  twin::ensure_gdal_initialised();
  auto log = heattwin::logger("viz.maps");
  check_options(options, path);
  const GridHeat g = grid_heat(results, twin, options.privacy_min_buildings);
  MapReport report;
  report.cells = g.size();
  const std::string title = fmt::format("{} {}", results.scenario, results.year);
  if (g.size() == 0) {
    Image image(560, 90, MAP_BACKGROUND_RGB);
    image.text(16, 16, "No data: no 100 m cells with heat demand", MAP_TEXT_RGB);
    image.text(16, 16 + LINE_PX + 8, title, MAP_TEXT_RGB);
    write_png(image, path, nullptr);
    report.width_px = image.w;
    report.height_px = image.h;
    report.no_data = true;
    log->warn("{}: the results hold no grid cells; the map says 'no data'", path);
    return report;
  }
  std::vector<std::unique_ptr<OGRGeometry>> pipe_lines;
  if (options.network)
    for (auto& [line, row] : pipes_in_3035(twin, path)) pipe_lines.push_back(std::move(line));
  report.pipes = pipe_lines.size();
  Extent extent = grid_extent(g);
  for (const auto& line : pipe_lines) {
    OGREnvelope env;
    line->getEnvelope(&env);
    extent.add(env.MinX, env.MinY, env.MaxX, env.MaxY);
  }
  Canvas canvas = make_canvas(extent, options, path);

  // Cells, withheld first and then by density, so at coarse scales the densest cell of a
  // pixel is the one seen.
  std::vector<std::size_t> order(g.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) {
    if (g.withheld[a] != g.withheld[b]) return g.withheld[a] > g.withheld[b];
    return g.density_mwh_per_ha_a(a) < g.density_mwh_per_ha_a(b);
  });
  std::vector<Rgb> colours;
  colours.reserve(g.size());
  for (const std::size_t k : order) {
    if (g.withheld[k] != 0) {
      colours.push_back(MAP_WITHHELD_RGB);
      ++report.cells_withheld;
    } else {
      colours.push_back(HEAT_DENSITY_CLASSES[heat_density_class(g.density_mwh_per_ha_a(k))].rgb);
    }
  }
  // Cells coarser than a pixel would be skipped by the pixel-centre rule: burn every pixel touched.
  rasterize(*canvas.ds, cell_squares(g, order), colours, canvas.pixel_m > 50.0, path);
  rasterize(*canvas.ds, pipe_lines, std::vector<Rgb>(pipe_lines.size(), MAP_PIPE_RGB), true, path);

  Image image = compose(canvas, path);
  Legend legend(image, canvas.map_w, "Heat demand density", "MWh/(ha a), KEA-BW bands", title);
  for (auto it = HEAT_DENSITY_CLASSES.rbegin(); it != HEAT_DENSITY_CLASSES.rend(); ++it) legend.box(it->rgb, it->label);
  legend.box(MAP_WITHHELD_RGB, fmt::format("withheld (<{} bldg.)", options.privacy_min_buildings));
  if (!pipe_lines.empty()) legend.line(MAP_PIPE_RGB, 4, "heat network");
  legend.scale_bar(canvas.pixel_m);

  finish(image, canvas, path, report);
  log->info("wrote {} ({} × {} px, {:.1f} m per px, {} cells, {} withheld, {} pipes)", path, canvas.width,
            canvas.height, canvas.pixel_m, report.cells, report.cells_withheld, report.pipes);
  return report;
}

MapReport write_network_png(const Results& results, const twin::Twin& twin, const std::string& path,
                            const MapOptions& options) {
  twin::ensure_gdal_initialised();
  auto log = heattwin::logger("viz.maps");
  check_options(options, path);
  HEATTWIN_CHECK(twin.networks.pipes.size() > 0, "{}: the twin has no network pipes to map", path);
  const auto lines = pipes_in_3035(twin, path);
  const GridHeat g = grid_heat(results, twin, options.privacy_min_buildings);
  MapReport report;
  report.cells = g.size();
  report.pipes = lines.size();
  Extent extent;
  for (const auto& [line, row] : lines) {
    OGREnvelope env;
    line->getEnvelope(&env);
    extent.add(env.MinX, env.MinY, env.MaxX, env.MaxY);
  }
  HEATTWIN_CHECK(extent.min_x <= extent.max_x, "{}: no pipe of the twin could be placed in EPSG:3035", path);
  Canvas canvas = make_canvas(extent, options, path);

  // The published heat density as a pale underlay, withheld cells left out.
  std::vector<std::size_t> shown;
  std::vector<Rgb> cell_colours;
  for (std::size_t k = 0; k < g.size(); ++k) {
    if (g.withheld[k] != 0) {
      ++report.cells_withheld;
      continue;
    }
    shown.push_back(k);
    cell_colours.push_back(lighten(HEAT_DENSITY_CLASSES[heat_density_class(g.density_mwh_per_ha_a(k))].rgb, 0.6));
  }
  rasterize(*canvas.ds, cell_squares(g, shown), cell_colours, canvas.pixel_m > 50.0, path);

  // Pipes by diameter class, the largest drawn last and thickest.
  const auto& pipes = twin.networks.pipes;
  for (std::size_t cls = 0; cls < PIPE_DIAMETER_CLASSES.size(); ++cls) {
    std::vector<const OGRGeometry*> in_class;
    for (const auto& [line, row] : lines)
      if (pipe_diameter_class(pipes.inner_diameter_m[row]) == cls) in_class.push_back(line.get());
    rasterize_lines(canvas, in_class, std::vector<Rgb>(in_class.size(), PIPE_DIAMETER_CLASSES[cls].rgb),
                    cls < 2 ? 1 : 3, path);
  }
  // Plants: 9 px squares at their supply junctions.
  const auto& net = twin.networks;
  Image image = compose(canvas, path);
  const auto transform = twin_to_3035(twin, path);
  std::size_t plants = 0;
  for (std::size_t s = 0; s < net.sources.size(); ++s) {
    const std::uint32_t j = net.sources.supply_junction[s];
    if (j >= net.junctions.size()) continue;
    double x = net.junctions.x_m[j], y = net.junctions.y_m[j];
    if (!transform->Transform(1, &x, &y)) continue;
    const int px = static_cast<int>((x - canvas.geotransform[0]) / canvas.pixel_m);
    const int py = static_cast<int>((canvas.geotransform[3] - y) / canvas.pixel_m);
    image.fill_rect(px - 4, py - 4, 9, 9, MAP_PLANT_RGB);
    image.frame_rect(px - 4, py - 4, 9, 9, MAP_TEXT_RGB);
    ++plants;
  }

  Legend legend(image, canvas.map_w, "Heat network", "pipe inner diameter, mm",
                fmt::format("{} {}", results.scenario, results.year));
  for (std::size_t k = PIPE_DIAMETER_CLASSES.size(); k-- > 0;)
    legend.line(PIPE_DIAMETER_CLASSES[k].rgb, k < 2 ? 2 : 4, PIPE_DIAMETER_CLASSES[k].label);
  if (plants > 0) legend.box(MAP_PLANT_RGB, "heat source");
  legend.box(lighten(HEAT_DENSITY_CLASSES[2].rgb, 0.6), "heat density (pale)");
  legend.scale_bar(canvas.pixel_m);

  finish(image, canvas, path, report);
  log->info("wrote {} ({} × {} px, {:.1f} m per px, {} pipes, {} sources)", path, canvas.width, canvas.height,
            canvas.pixel_m, report.pipes, plants);
  return report;
}

RegionShapes region_shapes(const twin::Twin& twin, double min_spacing_m) {
  RegionShapes s;
  const twin::PolygonSet& set = twin.regions.municipality_boundaries;
  s.municipality_rings.resize(twin.regions.municipalities.size());
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  for (std::size_t m = 0; m < s.municipality_rings.size() && m < set.polygon_count(); ++m) {
    for (std::uint64_t r = set.ring_begin[m]; r < set.ring_begin[m + 1]; ++r) {
      std::vector<std::array<double, 2>> ring;
      for (std::uint64_t v = set.vertex_begin[r]; v < set.vertex_begin[r + 1]; ++v) {
        const std::array<double, 2> p{set.x_m[v], set.y_m[v]};
        if (!std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
        const bool last = v + 1 == set.vertex_begin[r + 1];
        if (!ring.empty() && !last && std::hypot(p[0] - ring.back()[0], p[1] - ring.back()[1]) < min_spacing_m)
          continue;
        ring.push_back(p);
        min_x = std::min(min_x, p[0]);
        max_x = std::max(max_x, p[0]);
        min_y = std::min(min_y, p[1]);
        max_y = std::max(max_y, p[1]);
      }
      if (ring.size() >= 3) s.municipality_rings[m].push_back(std::move(ring));
    }
  }
  if (max_x > min_x && max_y > min_y) {
    s.min_x_m = min_x;
    s.min_y_m = min_y;
    s.max_x_m = max_x;
    s.max_y_m = max_y;
  }
  return s;
}

std::vector<double> quantile_breaks(std::span<const double> values, int classes) {
  std::vector<double> finite;
  for (const double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  std::sort(finite.begin(), finite.end());
  std::vector<double> breaks;
  if (finite.size() < 2 || finite.front() == finite.back() || classes < 2) return breaks;
  for (int k = 1; k < classes; ++k) {
    const double h = static_cast<double>(finite.size() - 1) * k / classes;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const double q = lo + 1 < finite.size() ? finite[lo] + (h - static_cast<double>(lo)) * (finite[lo + 1] - finite[lo])
                                            : finite.back();
    // A break equal to the minimum would leave the first class empty.
    if (q > finite.front() && (breaks.empty() || q > breaks.back())) breaks.push_back(q);
  }
  return breaks;
}

std::string choropleth_svg(const RegionShapes& shapes, const ChoroplethMap& map, double width_px) {
  HEATTWIN_CHECK(map.value.size() == shapes.municipality_rings.size(),
                 "choropleth '{}': {} values for {} municipalities", map.title, map.value.size(),
                 shapes.municipality_rings.size());
  const int classes = std::clamp(map.classes, 2, static_cast<int>(CHOROPLETH_COLOURS.size()));
  const std::vector<double> breaks = quantile_breaks(map.value, classes);
  const auto class_of = [&](double v) {
    return static_cast<std::size_t>(std::upper_bound(breaks.begin(), breaks.end(), v) - breaks.begin());
  };
  const double span_x = std::max(shapes.max_x_m - shapes.min_x_m, 1.0);
  const double span_y = std::max(shapes.max_y_m - shapes.min_y_m, 1.0);
  const double scale = width_px / span_x;
  const double map_h = span_y * scale;
  const double legend_h = 22.0 * static_cast<double>(breaks.size() + 3);
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o,
                 "<figure class=\"choropleth\"><svg role=\"img\" aria-label=\"{0}\" width=\"{1:.0f}\" "
                 "height=\"{2:.0f}\" viewBox=\"0 0 {1:.0f} {2:.0f}\">\n",
                 html_escape(map.title), width_px, map_h + legend_h);
  const char* stroke_width = map.municipality_borders ? "0.4" : "0.6";
  for (std::size_t m = 0; m < shapes.municipality_rings.size(); ++m) {
    const auto& rings = shapes.municipality_rings[m];
    if (rings.empty()) continue;
    const double v = map.value[m];
    const char* fill = std::isfinite(v) ? CHOROPLETH_COLOURS[std::min(class_of(v), CHOROPLETH_COLOURS.size() - 1)]
                                        : CHOROPLETH_NO_VALUE;
    std::string d;
    for (const auto& ring : rings) {
      char command = 'M';
      for (const auto& p : ring) {
        fmt::format_to(std::back_inserter(d), "{}{:.1f} {:.1f}", command, (p[0] - shapes.min_x_m) * scale,
                       (shapes.max_y_m - p[1]) * scale);
        command = 'L';
      }
      d += 'Z';
    }
    // Without inner borders the stroke has the fill's colour (it closes the seams between parts).
    fmt::format_to(o, "<path class=\"region\" d=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\" data-v=\"{}\">", d,
                   fill, map.municipality_borders ? "#555" : fill, stroke_width,
                   std::isfinite(v) ? fmt::format("{}", v) : std::string());
    if (m < map.tooltip.size()) fmt::format_to(o, "<title>{}</title>", html_escape(map.tooltip[m]));
    out += "</path>\n";
  }
  // Legend: one box per class with its range, then "no value".
  const auto label = [&](double v) { return map.format ? map.format(v) : fmt::format("{}", v); };
  double y = map_h + 16.0;
  fmt::format_to(o, "<text x=\"4\" y=\"{:.1f}\" font-size=\"12\">{}</text>\n", y,
                 html_escape(map.unit.empty() ? map.title : fmt::format("{} [{}]", map.title, map.unit)));
  const std::size_t n_classes = breaks.empty() ? 1 : breaks.size() + 1;
  for (std::size_t k = 0; k < n_classes; ++k) {
    y += 20.0;
    std::string range;
    if (breaks.empty()) {
      range = "";
    } else if (k == 0) {
      range = fmt::format("< {}", label(breaks[0]));
    } else if (k == breaks.size()) {
      range = fmt::format("≥ {}", label(breaks.back()));
    } else {
      range = fmt::format("{} – < {}", label(breaks[k - 1]), label(breaks[k]));
    }
    fmt::format_to(o,
                   "<rect x=\"4\" y=\"{:.1f}\" width=\"18\" height=\"14\" fill=\"{}\" stroke=\"#555\" "
                   "stroke-width=\"0.5\"/><text x=\"28\" y=\"{:.1f}\" font-size=\"12\">{}</text>\n",
                   y - 11.0, CHOROPLETH_COLOURS[std::min(k, CHOROPLETH_COLOURS.size() - 1)], y, html_escape(range));
  }
  y += 20.0;
  fmt::format_to(o,
                 "<rect x=\"4\" y=\"{:.1f}\" width=\"18\" height=\"14\" fill=\"{}\" stroke=\"#555\" "
                 "stroke-width=\"0.5\"/><text x=\"28\" y=\"{:.1f}\" font-size=\"12\">{}</text>\n",
                 y - 11.0, CHOROPLETH_NO_VALUE, y, html_escape(map.no_value_label));
  fmt::format_to(o, "</svg><figcaption>{}</figcaption></figure>\n", html_escape(map.title));
  return out;
}

}  // namespace heattwin::viz
