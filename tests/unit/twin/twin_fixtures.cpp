#include "tests/unit/twin/twin_fixtures.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <atomic>

namespace heattwin::test {

twin::Twin make_small_twin(std::size_t n) {
  twin::Twin t;
  t.source = "unit test";
  t.regions.state_name = "Sachsen-Anhalt";
  t.regions.add_kreis("15003", "Magdeburg, Landeshauptstadt");
  const auto m = t.regions.add_municipality("15003000", "Magdeburg", 235775, 201.03);
  t.regions.blocks.push_back({"B1", m});
  auto& b = t.buildings;
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = b.append_unknown(fmt::format("DEST{:08d}", k));
    const double x0 = 650000.0 + 20.0 * static_cast<double>(k);
    const double y0 = 5780000.0;
    b.append_footprint(std::vector<std::vector<std::array<double, 2>>>{
        {{x0, y0}, {x0 + 10.0, y0}, {x0 + 10.0, y0 + 8.0}, {x0, y0 + 8.0}}});
    b.municipality[i] = m;
    b.block[i] = 0;
    b.x_m[i] = x0 + 5.0;
    b.y_m[i] = y0 + 4.0;
    b.footprint_area_m2[i] = 80.0;
    b.perimeter_m[i] = 36.0;
    b.height_m[i] = 6.0;
    b.storeys[i] = 2;
    b.year_of_construction[i] = static_cast<std::int16_t>(1900 + k % 120);
    b.age_class[i] = twin::age_class_of_year(b.year_of_construction[i]);
    b.use_class[i] = static_cast<std::uint8_t>(twin::UseClass::residential);
    b.volume_m3[i] = 480.0;
    b.prov_footprint[i] = twin::Provenance::geometry;
    b.prov_height[i] = twin::Provenance::measured;
    b.prov_storeys[i] = k % 2 == 0 ? twin::Provenance::measured : twin::Provenance::imputed;
  }
  b.finish_footprints();
  t.imputations["storeys_from_height"] = n / 2;
  return t;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() / fmt::format("heattwin-test-{}-{}", ::getpid(), counter++);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace heattwin::test
