#pragma once
// Opening files with GDAL in the viz tests (the exporters' output is read back with GDAL itself).

#include <gdal_priv.h>

#include <memory>
#include <string>

namespace heattwin::test {

struct GdalCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using GdalDataset = std::unique_ptr<GDALDataset, GdalCloser>;

/// Opens `path` read-only; `kind` is GDAL_OF_VECTOR or GDAL_OF_RASTER. Null if GDAL cannot.
inline GdalDataset open_gdal(const std::string& path, unsigned kind) {
  return GdalDataset(
      static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), kind | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

}  // namespace heattwin::test
