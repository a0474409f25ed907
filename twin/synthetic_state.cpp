#include "twin/synthetic_state.hpp"

#include "twin/crs.hpp"
#include "twin/data_dir.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"
#include "twin/grid.hpp"
#include "twin/log.hpp"
#include "twin/parallel_errors.hpp"
#include "twin/random.hpp"

#include <fmt/ranges.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <numbers>
#include <unordered_map>
#include <unordered_set>

namespace heattwin::twin {
namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers: xoshiro256** streams seeded by splitmix64 (twin/random.hpp) and own
// distributions, so that the twin is the same with every standard library, not only every
// thread count.

/// xoshiro256** (Blackman & Vigna 2018), seeded from splitmix64 of (seed, stream).
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t s = seed ^ (0xd1b54a32d192ed03ULL * (stream + 1));
    for (auto& word : s_) word = splitmix64(s);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [0, 1).
  double uniform() { return unit_interval(next()); }
  /// Uniform in [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  /// Log-uniform in [a, b), a > 0.
  double log_uniform(double a, double b) { return a * std::exp(std::log(b / a) * uniform()); }
  /// Uniform integer in [a, b].
  int integer(int a, int b) { return a + static_cast<int>(uniform() * static_cast<double>(b - a + 1)); }
  bool chance(double p) { return uniform() < p; }
  /// Index drawn from unnormalised weights.
  template <std::size_t N>
  std::size_t pick(const std::array<double, N>& weights) {
    double total = 0.0;
    for (double w : weights) total += w;
    double u = uniform() * total;
    for (std::size_t k = 0; k < N; ++k) {
      if (u < weights[k]) return k;
      u -= weights[k];
    }
    return N - 1;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// ---------------------------------------------------------------------------------------------
// The building kinds the generator draws. Shares are fractions of all building objects; sources
// and assumptions in data/statistics/PROVENANCE.md. ALKIS codes and their heat-use class follow
// data/alkis/gebaeudefunktion.csv (AdV GeoInfoDok AX_Gebaeudefunktion).

enum class Kind : std::uint8_t {
  efh,
  rh,
  mfh,
  mixed,
  gmh,
  office,
  retail,
  school,
  hospital,
  hotel_restaurant,
  industry,
  sports,
  culture,
  public_other,
  storage,
  agriculture,
  garage,
  shed,
  garden_house,
  barn,
  count_
};
constexpr std::size_t KIND_COUNT = static_cast<std::size_t>(Kind::count_);

/// Where in a settlement a kind is built: centre outwards.
enum class Zone : std::uint8_t { core = 0, inner = 1, residential = 2, edge = 3 };

struct KindSpec {
  Kind kind;
  std::array<std::uint16_t, 3> alkis_functions;  ///< drawn with equal probability; 0 = unused slot
  UseClass use_class;
  ResidentialType residential_type;
  double share;  ///< fraction of all building objects (see PROVENANCE.md)
  Zone zone;
  bool back_line;  ///< small outbuilding behind the houses
  bool attached;   ///< built in rows sharing side walls (terraces, perimeter blocks)
  double urban_a;  ///< weight in a municipality ∝ max(0.02, urban_a + urban_b · urbanity)
  double urban_b;
};

constexpr double RES = synthetic_targets::RESIDENTIAL_SHARE;
/// Mixed-use buildings (Wohn- und Geschäftshaus) among residential ones. Assumption: 3 % (town
/// centres); counted as MFH type.
constexpr double MIXED_OF_RESIDENTIAL = 0.03;
// Heated non-residential shares of all objects. Assumption: ≈ 4.7 % of objects ≈ 56,000
// buildings, i.e. ≈ one per ten residential buildings as in IWU's dataNWG estimate for Germany
// (≈ 2 M non-residential vs ≈ 19 M residential buildings); split by plausibility.
// Storage 2 % and agriculture 3.5 % (low-heated halls and stables, a rural state): assumption.
// Unheated outbuildings (garages 22 %, sheds 11 %, garden houses 3 %, barns = remainder ≈ 4.3 %):
// assumption, chosen so that residential buildings are ≈ 49.5 % of 1.2 M ALKIS/LoD2 objects.
constexpr double NONRES_HEATED = 0.008 + 0.009 + 0.0015 + 0.0005 + 0.004 + 0.016 + 0.002 + 0.0035 + 0.0025;
constexpr double BARN_SHARE = 1.0 - RES - NONRES_HEATED - 0.02 - 0.035 - 0.22 - 0.11 - 0.03;

using enum Kind;
constexpr std::array<KindSpec, KIND_COUNT> KINDS{{
    {efh,
     {1010, 0, 0},
     UseClass::residential,
     ResidentialType::efh,
     RES* synthetic_targets::EFH_SHARE,
     Zone::residential,
     false,
     false,
     1.6,
     -1.3},
    {rh,
     {1010, 0, 0},
     UseClass::residential,
     ResidentialType::rh,
     RES* synthetic_targets::RH_SHARE,
     Zone::residential,
     false,
     true,
     0.8,
     0.6},
    {mfh,
     {1010, 0, 0},
     UseClass::residential,
     ResidentialType::mfh,
     RES*(synthetic_targets::MFH_SHARE - MIXED_OF_RESIDENTIAL),
     Zone::inner,
     false,
     false,
     0.3,
     2.5},
    {mixed,
     {1123, 1120, 0},
     UseClass::residential_mixed,
     ResidentialType::mfh,
     RES* MIXED_OF_RESIDENTIAL,
     Zone::core,
     false,
     true,
     0.2,
     2.5},
    {gmh,
     {1010, 0, 0},
     UseClass::residential,
     ResidentialType::gmh,
     RES* synthetic_targets::GMH_SHARE,
     Zone::inner,
     false,
     false,
     0.05,
     4.0},
    {office, {2020, 3010, 3012}, UseClass::office, ResidentialType::none, 0.008, Zone::core, false, false, 0.4, 1.6},
    {retail, {2050, 2054, 2056}, UseClass::retail, ResidentialType::none, 0.009, Zone::core, false, false, 0.5, 1.2},
    {school, {3021, 3022, 0}, UseClass::school, ResidentialType::none, 0.0015, Zone::inner, false, false, 1.0, 0.0},
    {hospital, {3051, 0, 0}, UseClass::hospital, ResidentialType::none, 0.0005, Zone::inner, false, false, 0.5, 1.5},
    {hotel_restaurant,
     {2071, 2081, 0},
     UseClass::hotel_restaurant,
     ResidentialType::none,
     0.004,
     Zone::core,
     false,
     false,
     0.7,
     0.6},
    {industry,
     {2111, 2112, 2120},
     UseClass::industry,
     ResidentialType::none,
     0.016,
     Zone::edge,
     false,
     false,
     1.0,
     0.0},
    {sports, {3211, 3212, 0}, UseClass::sports, ResidentialType::none, 0.002, Zone::inner, false, false, 1.0, 0.0},
    {culture, {3041, 3030, 3044}, UseClass::culture, ResidentialType::none, 0.0035, Zone::core, false, false, 1.0, 0.0},
    {public_other,
     {3072, 3080, 0},
     UseClass::public_other,
     ResidentialType::none,
     0.0025,
     Zone::core,
     false,
     false,
     1.0,
     0.0},
    {storage, {2143, 2140, 0}, UseClass::storage, ResidentialType::none, 0.02, Zone::edge, false, false, 1.0, 0.0},
    {agriculture,
     {2724, 2720, 2729},
     UseClass::agriculture,
     ResidentialType::none,
     0.035,
     Zone::edge,
     false,
     false,
     1.9,
     -1.8},
    {garage, {2463, 0, 0}, UseClass::unheated, ResidentialType::none, 0.22, Zone::residential, true, false, 1.1, -0.3},
    {shed, {2723, 0, 0}, UseClass::unheated, ResidentialType::none, 0.11, Zone::residential, true, false, 1.3, -0.8},
    {garden_house,
     {1313, 0, 0},
     UseClass::unheated,
     ResidentialType::none,
     0.03,
     Zone::residential,
     true,
     false,
     1.0,
     0.0},
    {barn, {2721, 0, 0}, UseClass::unheated, ResidentialType::none, BARN_SHARE, Zone::edge, false, false, 1.9, -1.8},
}};
static_assert(BARN_SHARE > 0.0);

constexpr const KindSpec& spec(Kind k) { return KINDS[static_cast<std::size_t>(k)]; }
constexpr bool is_residential(Kind k) { return spec(k).residential_type != ResidentialType::none; }

// ---------------------------------------------------------------------------------------------
// Construction years. Seven bins; the residential margins are Zensus 2022 where cited
// (before 1950: 51.5 %, 2016 or later: 2.8 %) and an assumption in between.

constexpr std::size_t YEAR_BINS = 7;
struct YearBin {
  int from;
  int to;
};
constexpr std::array<YearBin, YEAR_BINS> YEAR_BIN_RANGES{
    {{1820, 1918}, {1919, 1949}, {1950, 1978}, {1979, 1990}, {1991, 2000}, {2001, 2015}, {2016, 2023}}};
/// Residential margins: ≤1918 30 % and 1919–1949 21.5 % (sum 51.5 % cited; split assumed),
/// 1950–78 16 %, 1979–90 8 %, 1991–2000 14 %, 2001–15 7.7 % (assumptions: GDR housing, post-1990
/// single-family boom), 2016+ 2.8 % (cited).
constexpr std::array<double, YEAR_BINS> RESIDENTIAL_YEAR_MARGIN{0.30, 0.215, 0.16, 0.08, 0.14, 0.077, 0.028};
/// Relative preference of each residential kind for each bin (assumption: GDR large-panel estates
/// 1960–1990, old-town mixed use before 1919, single-family houses after 1990); raked to the
/// margins above by iterative proportional fitting.
constexpr std::array<std::array<double, YEAR_BINS>, 5> RESIDENTIAL_YEAR_PREFERENCE{{
    {1.0, 1.0, 1.0, 0.5, 1.6, 1.4, 1.4},   // efh
    {1.0, 1.3, 0.8, 0.6, 1.3, 1.2, 1.0},   // rh
    {1.3, 1.0, 1.0, 1.0, 0.6, 0.5, 0.7},   // mfh
    {2.5, 1.0, 0.5, 0.3, 0.5, 0.5, 0.5},   // mixed
    {0.05, 0.1, 2.0, 4.0, 0.3, 0.2, 0.5},  // gmh
}};
/// Assumptions for non-residential buildings and outbuildings.
constexpr std::array<double, YEAR_BINS> NONRES_YEARS{0.18, 0.12, 0.25, 0.17, 0.15, 0.10, 0.03};
constexpr std::array<double, YEAR_BINS> OUTBUILDING_YEARS{0.05, 0.10, 0.30, 0.25, 0.18, 0.09, 0.03};
constexpr std::array<double, YEAR_BINS> FARM_YEARS{0.35, 0.25, 0.25, 0.08, 0.04, 0.02, 0.01};

/// Iterative proportional fitting: scales m (rows × cols, row-major) to the given row and column sums.
void rake(std::vector<double>& m, std::size_t rows, std::size_t cols, const std::vector<double>& row_sum,
          const std::vector<double>& col_sum, int iterations) {
  for (int it = 0; it < iterations; ++it) {
    for (std::size_t r = 0; r < rows; ++r) {
      double s = 0.0;
      for (std::size_t c = 0; c < cols; ++c) s += m[r * cols + c];
      if (s > 0.0)
        for (std::size_t c = 0; c < cols; ++c) m[r * cols + c] *= row_sum[r] / s;
    }
    for (std::size_t c = 0; c < cols; ++c) {
      double s = 0.0;
      for (std::size_t r = 0; r < rows; ++r) s += m[r * cols + c];
      if (s > 0.0)
        for (std::size_t r = 0; r < rows; ++r) m[r * cols + c] *= col_sum[c] / s;
    }
  }
}

/// Year distribution (7 bins) of each kind.
std::array<std::array<double, YEAR_BINS>, KIND_COUNT> year_tables() {
  constexpr std::array<Kind, 5> residential{efh, rh, mfh, mixed, gmh};
  std::vector<double> m(5 * YEAR_BINS);
  std::vector<double> rows(5);
  for (std::size_t r = 0; r < 5; ++r) {
    rows[r] = spec(residential[r]).share;
    for (std::size_t c = 0; c < YEAR_BINS; ++c) m[r * YEAR_BINS + c] = rows[r] * RESIDENTIAL_YEAR_PREFERENCE[r][c];
  }
  std::vector<double> cols(RESIDENTIAL_YEAR_MARGIN.begin(), RESIDENTIAL_YEAR_MARGIN.end());
  for (auto& c : cols) c *= RES;
  rake(m, 5, YEAR_BINS, rows, cols, 200);
  std::array<std::array<double, YEAR_BINS>, KIND_COUNT> table{};
  for (std::size_t k = 0; k < KIND_COUNT; ++k) {
    const Kind kind = static_cast<Kind>(k);
    if (kind == agriculture || kind == barn)
      table[k] = FARM_YEARS;
    else if (spec(kind).back_line)
      table[k] = OUTBUILDING_YEARS;
    else
      table[k] = NONRES_YEARS;
  }
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t c = 0; c < YEAR_BINS; ++c)
      table[static_cast<std::size_t>(residential[r])][c] = m[r * YEAR_BINS + c];
  return table;
}

// ---------------------------------------------------------------------------------------------
// Integer apportionment (largest remainder, ties by index): deterministic and sums exactly.

std::vector<std::size_t> apportion(std::size_t total, const std::vector<double>& weights) {
  std::vector<std::size_t> out(weights.size(), 0);
  double sum = 0.0;
  for (double w : weights) sum += std::max(w, 0.0);
  if (total == 0 || weights.empty()) return out;
  if (sum <= 0.0) {
    out[0] = total;
    return out;
  }
  std::size_t assigned = 0;
  std::vector<std::pair<double, std::size_t>> rest(weights.size());
  for (std::size_t k = 0; k < weights.size(); ++k) {
    const double exact = static_cast<double>(total) * std::max(weights[k], 0.0) / sum;
    out[k] = static_cast<std::size_t>(std::floor(exact));
    assigned += out[k];
    rest[k] = {exact - std::floor(exact), k};
  }
  std::sort(rest.begin(), rest.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (std::size_t k = 0; assigned < total; ++k, ++assigned) out[rest[k % rest.size()].second] += 1;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Expected residential draws (issue 23): the generator's dwelling counts and living space in
// expectation, and the two values derived from the census totals. Shares are those of KINDS;
// the uniform size factors of draw_shape() have mean 1.

namespace derived {

using namespace synthetic_targets;
constexpr double RESIDENTIAL = EFH_SHARE + RH_SHARE + MFH_SHARE + GMH_SHARE;
/// Share of two-dwelling houses among the 1–2-dwelling houses (EFH and RH kinds).
constexpr double TWO_DWELLING_OF_SMALL = 1.0 - ONE_DWELLING_SHARE / (EFH_SHARE + RH_SHARE);
/// 3–12 dwellings: 3–6 (uniform, mean 4.5) with probability 0.09 / 0.145, else 7–12 (mean 9.5).
constexpr double MFH_DWELLINGS = 0.09 / 0.145 * 4.5 + (1.0 - 0.09 / 0.145) * 9.5;
/// Mixed use: 3–8 dwellings (uniform, mean 5.5).
constexpr double MIXED_DWELLINGS = 5.5;
constexpr double MFH_KIND_SHARE = MFH_SHARE - MIXED_OF_RESIDENTIAL;
/// Σ share × dwellings of the types other than 13+.
constexpr double SMALL_AND_MFH_DWELLINGS = (EFH_SHARE + RH_SHARE) * (1.0 + TWO_DWELLING_OF_SMALL) +
                                           MFH_KIND_SHARE * MFH_DWELLINGS + MIXED_OF_RESIDENTIAL * MIXED_DWELLINGS;
/// Census dwellings per residential building (1,263,371 / 593,737 = 2.128).
constexpr double DWELLINGS_PER_BUILDING = DWELLINGS_2022 / RESIDENTIAL_BUILDINGS_2022;

}  // namespace derived

}  // namespace

double dwellings_13_plus_mean() {
  using namespace derived;
  return (DWELLINGS_PER_BUILDING * RESIDENTIAL - SMALL_AND_MFH_DWELLINGS) / GMH_SHARE;
}

double living_space_two_dwelling_m2() {
  using namespace derived;
  // Σ share × living = 84.0 m² × Σ share × dwellings; only the two-dwelling houses' size is free.
  const double dwellings = DWELLINGS_PER_BUILDING * RESIDENTIAL;
  const double fixed =
      (EFH_SHARE * LIVING_SPACE_DETACHED_M2 + RH_SHARE * LIVING_SPACE_TERRACED_M2) * (1.0 - TWO_DWELLING_OF_SMALL) +
      (MFH_KIND_SHARE * MFH_DWELLINGS + MIXED_OF_RESIDENTIAL * MIXED_DWELLINGS) * LIVING_SPACE_3_TO_12_M2 +
      GMH_SHARE * dwellings_13_plus_mean() * LIVING_SPACE_13_PLUS_M2;
  const double two_dwelling_houses = (EFH_SHARE + RH_SHARE) * TWO_DWELLING_OF_SMALL;
  return (LIVING_SPACE_MEAN_M2 * dwellings - fixed) / (2.0 * two_dwelling_houses);
}

ResidentialDraws expected_residential_draws(ResidentialType type) {
  using namespace derived;
  const double two = TWO_DWELLING_OF_SMALL;
  const double two_living = 2.0 * living_space_two_dwelling_m2();
  const ResidentialDraws efh{EFH_SHARE / RESIDENTIAL, 1.0 + two,
                             (1.0 - two) * LIVING_SPACE_DETACHED_M2 + two * two_living};
  const ResidentialDraws rh{RH_SHARE / RESIDENTIAL, 1.0 + two,
                            (1.0 - two) * LIVING_SPACE_TERRACED_M2 + two * two_living};
  const double mfh_dwellings =
      (MFH_KIND_SHARE * MFH_DWELLINGS + MIXED_OF_RESIDENTIAL * MIXED_DWELLINGS) / MFH_SHARE;  // incl. mixed use
  const ResidentialDraws mfh{MFH_SHARE / RESIDENTIAL, mfh_dwellings, mfh_dwellings * LIVING_SPACE_3_TO_12_M2};
  const ResidentialDraws gmh{GMH_SHARE / RESIDENTIAL, dwellings_13_plus_mean(),
                             dwellings_13_plus_mean() * LIVING_SPACE_13_PLUS_M2};
  switch (type) {
    case ResidentialType::efh:
      return efh;
    case ResidentialType::rh:
      return rh;
    case ResidentialType::mfh:
      return mfh;
    case ResidentialType::gmh:
      return gmh;
    case ResidentialType::none:
      break;
  }
  ResidentialDraws all{1.0, 0.0, 0.0};
  for (const auto& t : {efh, rh, mfh, gmh}) {
    all.dwellings += t.share * t.dwellings;
    all.living_space_m2 += t.share * t.living_space_m2;
  }
  return all;
}

namespace {

/// Scale of the geometric tail of the 13+ dwelling counts: 13 + ⌊Exp(scale)⌋ has the mean
/// 13 + 1 / (e^{1/scale} − 1) = dwellings_13_plus_mean() (the cap at 120 is reached with
/// probability < 1e-6 and ignored).
double gmh_tail_scale() {
  static const double scale = 1.0 / std::log1p(1.0 / (dwellings_13_plus_mean() - 13.0));
  return scale;
}

// ---------------------------------------------------------------------------------------------
// Shapes.

struct Shape {
  double w = 0.0;  ///< width along the street, m
  double d = 0.0;  ///< depth, m
  double height = 0.0;
  /// Height of the heated volume V_e when it is lower than the LoD1 box (0: the box): multi-family
  /// houses have an unheated attic under their pitched roof, which GEG's V_e (and so
  /// A_N = 0.32 · V_e) does not include (issue 23: their A_N was 1.46 × the living space).
  double heated_height = 0.0;
  int storeys = 1;
};

/// Ratio of living space to gross floor area. Assumption: 0.75 (walls, stairs, services; typical
/// DIN 277 ratio for residential buildings).
constexpr double LIVING_TO_GROSS = 0.75;
/// Share of the roof height (eaves to ridge) in the LoD1 height of pitched-roof houses. The
/// generated buildings are boxes, and their volume footprint × height is what the GEG/EnEV rule
/// A_N = 0.32 · V_e turns into heated floor area. A gabled roof over the footprint holds half the
/// box of its height, so the volume-preserving box height is eaves + ½ roof height (the LoD1
/// "mean height" that gives a LoD2 model's volume). Until issue 23 the box reached the ridge,
/// which overstated V and A_N by 15–25 % (docs/DEMAND.md, "Heated floor area").
constexpr double ROOF_VOLUME_SHARE = 0.5;
constexpr double LIVING_SPACE_MFH_M2 = synthetic_targets::LIVING_SPACE_3_TO_12_M2;
/// Largest front-line building: depth within the 28 m building strip, width within the block.
constexpr double MAX_FRONT_DEPTH_M = 28.0;
constexpr double MAX_WIDTH_M = 60.0;
constexpr double MAX_BACK_DEPTH_M = 8.0;

Shape rectangle(Rng& rng, double area, double aspect_lo, double aspect_hi, double max_depth) {
  const double aspect = rng.uniform(aspect_lo, aspect_hi);  // width / depth
  Shape s;
  s.d = std::min(std::sqrt(area / aspect), max_depth);
  s.w = std::min(area / s.d, MAX_WIDTH_M);
  return s;
}

Shape draw_shape(Kind kind, Rng& rng) {
  using namespace synthetic_targets;
  Shape s;
  switch (kind) {
    case efh: {
      // 74 of 84 % of 1–2-dwelling buildings have one dwelling (Zensus 2022; two-dwelling share assumed).
      const int dwellings = rng.chance(ONE_DWELLING_SHARE / (EFH_SHARE + RH_SHARE)) ? 1 : 2;
      // Two-dwelling houses: the derived census size per dwelling (issue 23), not 2 × a detached house.
      const double living =
          (dwellings == 1 ? LIVING_SPACE_DETACHED_M2 : 2.0 * living_space_two_dwelling_m2()) * rng.uniform(0.75, 1.25);
      const int storeys = rng.chance(0.35) ? 1 : 2;  // assumption: 1-storey houses with a used attic, 35 %
      const double effective = storeys + 0.5;        // the attic under a pitched roof is half a storey
      s = rectangle(rng, living / (LIVING_TO_GROSS * effective), 1.0, 1.5, MAX_FRONT_DEPTH_M);
      s.storeys = storeys;
      // LoD1 height = eaves + half the roof height (ROOF_VOLUME_SHARE).
      s.height = s.storeys * rng.uniform(2.8, 3.0) + ROOF_VOLUME_SHARE * rng.uniform(1.5, 4.0);
      break;
    }
    case rh: {
      const int dwellings = rng.chance(ONE_DWELLING_SHARE / (EFH_SHARE + RH_SHARE)) ? 1 : 2;
      const double living =
          (dwellings == 1 ? LIVING_SPACE_TERRACED_M2 : 2.0 * living_space_two_dwelling_m2()) * rng.uniform(0.8, 1.2);
      s.storeys = rng.chance(0.8) ? 2 : 3;
      s.d = 10.0;  // one depth per row, so that neighbours share whole side walls
      s.w = std::max(5.0, living / (LIVING_TO_GROSS * (s.storeys + 0.5)) / s.d);
      s.height = s.storeys * 2.9 + ROOF_VOLUME_SHARE * rng.uniform(1.5, 3.5);
      break;
    }
    case mfh: {
      // 3–6 dwellings: 9 %, 7–12: 5.5 % of residential buildings (7 % > 6 incl. GMH).
      const int dwellings = rng.chance(0.09 / 0.145) ? rng.integer(3, 6) : rng.integer(7, 12);
      const double living = dwellings * LIVING_SPACE_MFH_M2 * rng.uniform(0.8, 1.2);
      const int storeys = std::clamp(static_cast<int>(2.0 + dwellings / 3.0 + rng.uniform()), 2, 5);
      s = rectangle(rng, living / (LIVING_TO_GROSS * storeys), 1.2, 2.0, MAX_FRONT_DEPTH_M);
      s.storeys = storeys;
      s.height = storeys * 2.9 + ROOF_VOLUME_SHARE * rng.uniform(1.0, 3.0);
      s.heated_height = storeys * 2.9;  // unheated attic (the living space is the full storeys)
      break;
    }
    case mixed: {
      const int dwellings = rng.integer(3, 8);
      const double living = dwellings * LIVING_SPACE_MFH_M2 * rng.uniform(0.8, 1.2);
      s.storeys = rng.integer(3, 5);
      s.d = 14.0;  // perimeter-block depth, shared by the row
      // Ground floor: shop; dwellings above.
      s.w = std::clamp(living / (LIVING_TO_GROSS * (s.storeys - 1)) / s.d, 6.0, MAX_WIDTH_M);
      s.height = s.storeys * 3.1 + ROOF_VOLUME_SHARE * rng.uniform(1.0, 3.0);
      s.heated_height = s.storeys * 3.1;  // unheated attic; the heated shop floor counts
      break;
    }
    case gmh: {
      // 13+ dwellings: 13 + a geometric tail whose mean is derived from the census dwellings per
      // building (dwellings_13_plus_mean(), ≈ 19; a census building is one entrance/address, so a
      // GDR large-panel block of several entrances counts as several); 5/6/11 storeys (assumption).
      const int dwellings = std::min(13 + static_cast<int>(-gmh_tail_scale() * std::log(1.0 - rng.uniform())), 120);
      const double living = dwellings * LIVING_SPACE_13_PLUS_M2 * rng.uniform(0.85, 1.15);
      const std::array<double, 3> p{0.5, 0.3, 0.2};
      constexpr std::array<int, 3> storeys{5, 6, 11};
      s.storeys = storeys[rng.pick(p)];
      s.d = 12.0;
      s.w = std::clamp(living / (LIVING_TO_GROSS * s.storeys) / s.d, 15.0, MAX_WIDTH_M);
      s.height = s.storeys * 2.8 + 0.6;
      break;
    }
    default: {
      // Non-residential and outbuildings (assumption: log-uniform footprints in typical ranges).
      struct Range {
        double a_lo, a_hi;
        int s_lo, s_hi;
        double h_lo, h_hi;  ///< storey height (or hall height for 1-storey halls), m
        double depth_max;
      };
      Range r{};
      switch (kind) {
        case office:
          r = {120, 1500, 2, 5, 3.3, 3.6, MAX_FRONT_DEPTH_M};
          break;
        case retail:
          r = {60, 1500, 1, 2, 3.5, 4.5, MAX_FRONT_DEPTH_M};
          break;
        case school:
          r = {600, 1680, 2, 4, 3.4, 3.8, MAX_FRONT_DEPTH_M};
          break;
        case hospital:
          r = {800, 1680, 3, 6, 3.4, 3.8, MAX_FRONT_DEPTH_M};
          break;
        case hotel_restaurant:
          r = {120, 800, 2, 4, 3.0, 3.3, MAX_FRONT_DEPTH_M};
          break;
        case industry:
          r = {300, 1680, 1, 2, 4.5, 8.0, MAX_FRONT_DEPTH_M};
          break;
        case sports:
          r = {400, 1500, 1, 1, 7.0, 10.0, MAX_FRONT_DEPTH_M};
          break;
        case culture:
          r = {150, 900, 1, 2, 8.0, 16.0, MAX_FRONT_DEPTH_M};
          break;
        case public_other:
          r = {100, 600, 1, 2, 3.5, 4.5, MAX_FRONT_DEPTH_M};
          break;
        case storage:
          r = {200, 1500, 1, 1, 5.0, 10.0, MAX_FRONT_DEPTH_M};
          break;
        case agriculture:
          r = {150, 1200, 1, 1, 4.0, 8.0, MAX_FRONT_DEPTH_M};
          break;
        case barn:
          r = {80, 500, 1, 1, 6.0, 10.0, MAX_FRONT_DEPTH_M};
          break;
        case garage:
          r = {15, 40, 1, 1, 2.4, 3.0, 6.0};
          break;
        case shed:
          r = {6, 25, 1, 1, 2.2, 3.0, 6.0};
          break;
        case garden_house:
          r = {6, 20, 1, 1, 2.2, 2.8, 5.0};
          break;
        default:
          r = {50, 200, 1, 1, 3.0, 3.0, MAX_FRONT_DEPTH_M};
          break;
      }
      const int storeys = rng.integer(r.s_lo, r.s_hi);
      s = rectangle(rng, rng.log_uniform(r.a_lo, r.a_hi), 1.0, 2.5, std::min(r.depth_max, MAX_BACK_DEPTH_M * 4));
      s.storeys = storeys;
      s.height = storeys * rng.uniform(r.h_lo, r.h_hi) + (storeys > 1 ? 0.5 : 0.0);
      break;
    }
  }
  return s;
}

/// Gap before a building on its line when it does not continue an attached row, m.
double draw_gap(Kind kind, Rng& rng) {
  switch (kind) {
    case efh:
      return rng.uniform(5.0, 12.0);
    case rh:
      return rng.uniform(4.0, 8.0);
    case mfh:
      return rng.uniform(6.0, 14.0);
    case mixed:
      return rng.uniform(3.0, 6.0);
    case gmh:
      return rng.uniform(12.0, 25.0);
    case garage:
      return rng.uniform(1.0, 6.0);
    case shed:
      return rng.uniform(3.0, 10.0);
    case garden_house:
      return rng.uniform(3.0, 12.0);
    default:
      return rng.uniform(5.0, 15.0);
  }
}

// ---------------------------------------------------------------------------------------------
// Layout: settlements as street lattices. A lattice cell is a block of BLOCK_LENGTH × BLOCK_DEPTH
// plus half a street on each side. Each block has two rows (north, south) facing the streets; a
// row has a front line (houses, halls) and a back line (garages, sheds).

constexpr double STREET_WIDTH_M = 12.0;
constexpr double BLOCK_LENGTH_M = 140.0;
constexpr double BLOCK_DEPTH_M = 90.0;
constexpr double PITCH_X_M = BLOCK_LENGTH_M + STREET_WIDTH_M;
constexpr double PITCH_Y_M = BLOCK_DEPTH_M + STREET_WIDTH_M;
constexpr double SETBACK_M = 3.0;
constexpr double BLOCK_END_MARGIN_M = 2.0;
constexpr double BACK_LINE_OFFSET_M = 12.0;  ///< distance of the back line's outer edge from the block axis

/// Lattice offsets sorted by distance from the centre (ties by coordinates): settlements grow in rings.
std::vector<std::array<int, 2>> spiral_offsets(std::size_t count) {
  const int radius = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count) / std::numbers::pi))) + 2;
  std::vector<std::array<int, 2>> cells;
  for (int i = -radius; i <= radius; ++i)
    for (int j = -radius; j <= radius; ++j)
      if (i * i + j * j <= radius * radius) cells.push_back({i, j});
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    const int da = a[0] * a[0] + a[1] * a[1];
    const int db = b[0] * b[0] + b[1] * b[1];
    return da != db ? da < db : a < b;
  });
  return cells;
}

/// Sector 0…7 of a horizontal direction (dx east, dy north).
int sector_of_direction(double dx, double dy) {
  double az = std::atan2(dx, dy) * 180.0 / std::numbers::pi;
  if (az < 0.0) az += 360.0;
  return static_cast<int>(std::floor((az + 22.5) / 45.0)) % 8;
}

struct Settlement {
  double x0 = 0.0, y0 = 0.0;  ///< origin in the twin CRS
  double cos_t = 1.0, sin_t = 0.0;
  std::array<int, 4> sector{};  ///< sectors of the outward normals +u, −u, +v, −v
};

/// One placed building before it is written to the columns.
struct Placed {
  double x = 0.0, y = 0.0;  ///< centre, twin CRS
  double w = 0.0, d = 0.0, height = 0.0;
  double shared_lo = 0.0, shared_hi = 0.0;  ///< shared side edge length on the −u / +u side, m
  std::uint32_t block = 0;                  ///< municipality-local block index
  std::uint16_t settlement = 0;
  std::uint16_t alkis = 0;
  std::uint16_t storeys = 0;
  std::int16_t year = 0;
  Kind kind = efh;
  double heated_height = 0.0;  ///< Shape::heated_height
};

struct MunicipalityResult {
  std::vector<Placed> buildings;
  std::vector<Settlement> settlements;
  std::vector<std::array<double, 4>> streets;
  std::uint32_t block_count = 0;
};

struct MunicipalityInput {
  std::uint32_t index;
  std::array<std::size_t, KIND_COUNT> counts;
  double x_m, y_m;  ///< centre of the main settlement
  double radius_m;  ///< radius of a circle with the municipality's area
  double urbanity;  ///< 0 rural … 1 city
};

/// Lays out one settlement's buildings (already in zone order) on its lattice.
void lay_out_settlement(std::vector<Placed>& out, std::span<const Kind> kinds, std::uint16_t settlement_index,
                        const Settlement& st, const std::vector<std::array<int, 2>>& cells, Rng& rng,
                        const std::array<std::array<double, YEAR_BINS>, KIND_COUNT>& years,
                        MunicipalityResult& result) {
  struct Line {
    double cursor = -BLOCK_LENGTH_M / 2 + BLOCK_END_MARGIN_M;
    std::size_t last = SIZE_MAX;  ///< index in out of the last building on the line
    int run = 0;                  ///< length of the current attached run
    int run_max = 0;
  };
  std::size_t cell = 0;
  bool open = false;
  Zone zone = Zone::core;
  int row = 0;
  std::array<Line, 2> line{};  // front, back
  std::uint32_t block = 0;
  std::vector<std::array<int, 2>> used;

  auto open_block = [&](Zone z) {
    HEATTWIN_ASSERT(cell < cells.size());
    used.push_back(cells[cell++]);
    block = result.block_count++;
    zone = z;
    row = 0;
    line = {};
    open = true;
  };
  for (const Kind kind : kinds) {
    const KindSpec& sp = spec(kind);
    Shape shape = draw_shape(kind, rng);
    if (sp.back_line) shape.d = std::min(shape.d, MAX_BACK_DEPTH_M);
    if (open && sp.zone != zone) open = false;
    for (;;) {
      if (!open) open_block(sp.zone);
      Line& ln = line[sp.back_line ? 1 : 0];
      const bool continues = sp.attached && ln.last != SIZE_MAX && out[ln.last].kind == kind && ln.run < ln.run_max;
      const double gap = ln.last == SIZE_MAX ? 0.0 : (continues ? 0.0 : draw_gap(kind, rng));
      if (ln.cursor + gap + shape.w <= BLOCK_LENGTH_M / 2 - BLOCK_END_MARGIN_M) {
        const double u = ln.cursor + gap + shape.w / 2;
        ln.cursor += gap + shape.w;
        double v = 0.0;
        const double front = BLOCK_DEPTH_M / 2 - SETBACK_M;
        if (!sp.back_line)
          v = row == 0 ? front - shape.d / 2 : -front + shape.d / 2;
        else
          v = row == 0 ? BACK_LINE_OFFSET_M - shape.d / 2 : -BACK_LINE_OFFSET_M + shape.d / 2;
        const auto& c = used.back();
        const double lx = c[0] * PITCH_X_M + u;
        const double ly = c[1] * PITCH_Y_M + v;
        Placed p;
        p.x = st.x0 + st.cos_t * lx - st.sin_t * ly;
        p.y = st.y0 + st.sin_t * lx + st.cos_t * ly;
        p.w = shape.w;
        p.d = shape.d;
        p.height = shape.height;
        p.heated_height = shape.heated_height;
        p.storeys = static_cast<std::uint16_t>(shape.storeys);
        p.block = block;
        p.settlement = settlement_index;
        p.kind = kind;
        std::size_t n_codes = 0;
        while (n_codes < sp.alkis_functions.size() && sp.alkis_functions[n_codes] != 0) ++n_codes;
        p.alkis = sp.alkis_functions[static_cast<std::size_t>(rng.integer(0, static_cast<int>(n_codes) - 1))];
        const auto& bin = YEAR_BIN_RANGES[rng.pick(years[static_cast<std::size_t>(kind)])];
        p.year = static_cast<std::int16_t>(rng.integer(bin.from, bin.to));
        if (continues) {
          out[ln.last].shared_hi += shape.d;
          p.shared_lo += shape.d;
          ++ln.run;
        } else {
          ln.run = 1;
          ln.run_max = kind == rh ? rng.integer(2, 6) : rng.integer(3, 10);
        }
        ln.last = out.size();
        out.push_back(p);
        break;
      }
      // The line is full: next row, or next block after the second row.
      if (++row == 2) {
        open = false;
      } else {
        line = {};
      }
    }
  }
  // Streets: each used cell contributes its south and west edges, and its north/east edge where the
  // neighbour is not used, so that each street segment appears once.
  std::unordered_set<std::uint64_t> used_set;
  auto key = [](int i, int j) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(i)) << 32) | static_cast<std::uint32_t>(j);
  };
  for (const auto& c : used) used_set.insert(key(c[0], c[1]));
  auto world = [&](double lx, double ly) {
    return std::array<double, 2>{st.x0 + st.cos_t * lx - st.sin_t * ly, st.y0 + st.sin_t * lx + st.cos_t * ly};
  };
  auto add = [&](double ax, double ay, double bx, double by) {
    const auto a = world(ax, ay);
    const auto b = world(bx, by);
    result.streets.push_back({a[0], a[1], b[0], b[1]});
  };
  for (const auto& c : used) {
    const double x_lo = (c[0] - 0.5) * PITCH_X_M, x_hi = (c[0] + 0.5) * PITCH_X_M;
    const double y_lo = (c[1] - 0.5) * PITCH_Y_M, y_hi = (c[1] + 0.5) * PITCH_Y_M;
    add(x_lo, y_lo, x_hi, y_lo);
    add(x_lo, y_lo, x_lo, y_hi);
    if (!used_set.contains(key(c[0], c[1] + 1))) add(x_lo, y_hi, x_hi, y_hi);
    if (!used_set.contains(key(c[0] + 1, c[1]))) add(x_hi, y_lo, x_hi, y_hi);
  }
}

MunicipalityResult generate_municipality(const MunicipalityInput& in, std::uint64_t seed,
                                         const std::vector<std::array<int, 2>>& cells,
                                         const std::array<std::array<double, YEAR_BINS>, KIND_COUNT>& years) {
  Rng rng(seed, in.index);
  MunicipalityResult result;
  std::size_t n = 0;
  for (auto c : in.counts) n += c;
  if (n == 0) return result;

  // The buildings as a list of kinds with random keys; the core zone goes to the main settlement.
  struct Item {
    double key;
    std::uint32_t order;
    Kind kind;
  };
  std::vector<Item> items;
  items.reserve(n);
  for (std::size_t k = 0; k < KIND_COUNT; ++k)
    for (std::size_t c = 0; c < in.counts[k]; ++c) {
      const Kind kind = static_cast<Kind>(k);
      items.push_back(
          {spec(kind).zone == Zone::core ? -1.0 : rng.uniform(), static_cast<std::uint32_t>(items.size()), kind});
    }
  auto by_key = [](const Item& a, const Item& b) { return a.key != b.key ? a.key < b.key : a.order < b.order; };
  std::sort(items.begin(), items.end(), by_key);

  // Settlements: a main town and villages (Ortsteile). Assumption: one village per ≈ 400 rural
  // buildings, at most one per 12 km² and 30 in all; the main town holds 35 % (rural) … 95 % (city).
  const auto by_size = static_cast<std::size_t>(static_cast<double>(n) * (1.0 - in.urbanity) / 400.0);
  const auto by_area = static_cast<std::size_t>(in.radius_m * in.radius_m * std::numbers::pi / 12.0e6);
  const std::size_t villages = std::min({by_size, by_area, std::size_t{30}});
  std::size_t core = 0;
  while (core < n && items[core].key < 0.0) ++core;
  const std::size_t n_main =
      villages == 0
          ? n
          : std::max(core, static_cast<std::size_t>(std::lround((0.35 + 0.6 * in.urbanity) * static_cast<double>(n))));
  std::vector<std::size_t> bounds{0, std::min(n_main, n)};
  for (std::size_t v = 1; v <= villages; ++v) bounds.push_back(n_main + (n - n_main) * v / villages);

  const double main_radius = std::sqrt(static_cast<double>(n_main) / 12.0 * PITCH_X_M * PITCH_Y_M / std::numbers::pi);
  result.buildings.reserve(n);
  for (std::size_t s = 0; s + 1 < bounds.size(); ++s) {
    if (bounds[s + 1] == bounds[s]) continue;
    Settlement st;
    if (s == 0) {
      st.x0 = in.x_m;
      st.y0 = in.y_m;
    } else {
      const double angle = rng.uniform(0.0, 2.0 * std::numbers::pi);
      const double dist = main_radius + 600.0 + rng.uniform() * std::max(in.radius_m * 0.7, 500.0);
      st.x0 = in.x_m + dist * std::cos(angle);
      st.y0 = in.y_m + dist * std::sin(angle);
    }
    const double theta = rng.uniform(0.0, std::numbers::pi / 2);
    st.cos_t = std::cos(theta);
    st.sin_t = std::sin(theta);
    st.sector = {sector_of_direction(st.cos_t, st.sin_t), sector_of_direction(-st.cos_t, -st.sin_t),
                 sector_of_direction(-st.sin_t, st.cos_t), sector_of_direction(st.sin_t, -st.cos_t)};
    // Within a settlement: centre outwards by zone, random order within a zone.
    std::vector<Item> part(items.begin() + static_cast<std::ptrdiff_t>(bounds[s]),
                           items.begin() + static_cast<std::ptrdiff_t>(bounds[s + 1]));
    // Attached kinds come in groups (terraces of 2–6, perimeter rows of 3–10) that share one key,
    // so that they stand side by side and share walls.
    std::array<double, KIND_COUNT> group_key{};
    std::array<int, KIND_COUNT> group_left{};
    for (auto& it : part) {
      const auto k = static_cast<std::size_t>(it.kind);
      const double zone_rank = static_cast<double>(spec(it.kind).zone);
      if (!spec(it.kind).attached) {
        it.key = zone_rank + rng.uniform();
        continue;
      }
      if (group_left[k] == 0) {
        group_key[k] = zone_rank + rng.uniform();
        group_left[k] = it.kind == rh ? rng.integer(2, 6) : rng.integer(3, 10);
      }
      it.key = group_key[k];
      --group_left[k];
    }
    std::sort(part.begin(), part.end(), by_key);
    std::vector<Kind> kinds(part.size());
    for (std::size_t k = 0; k < part.size(); ++k) kinds[k] = part[k].kind;
    lay_out_settlement(result.buildings, kinds, static_cast<std::uint16_t>(result.settlements.size()), st, cells, rng,
                       years, result);
    result.settlements.push_back(st);
  }
  return result;
}

/// Reads municipality centroids (and largest boundary parts) in the twin CRS.
struct Placement {
  std::vector<std::array<double, 2>> centre;
  PolygonSet boundaries;
};

std::optional<Placement> read_boundaries(const std::string& path, const RegionHierarchy& regions) {
  const GdalDatasetPtr ds =
      open_vector_file(path, "municipality boundaries", "; give a GeoJSON/GeoPackage with an 'ags' field");
  HEATTWIN_CHECK(ds->GetLayerCount() > 0, "{}: no layer", path);
  OGRLayer* layer = ds->GetLayer(0);
  const int f_ags = layer->GetLayerDefn()->GetFieldIndex("ags");
  HEATTWIN_CHECK(f_ags >= 0, "{}: no 'ags' field; expected the Gemeinden layer of data/regions", path);
  std::unordered_map<std::string, std::vector<std::vector<std::array<double, 2>>>> rings_of;
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr) continue;
    // The largest polygon part (VG5000 parts are islands/exclaves; the main part carries the town).
    const OGRPolygon* best = nullptr;
    double best_area = -1.0;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
      best = g->toPolygon();
    } else if (type == wkbMultiPolygon) {
      for (const OGRPolygon* p : *g->toMultiPolygon()) {
        const double a = p->get_Area();
        if (a > best_area) {
          best_area = a;
          best = p;
        }
      }
    }
    if (best == nullptr) continue;
    std::vector<std::vector<std::array<double, 2>>> rings;
    for (const OGRLinearRing* ring : *best) {
      std::vector<std::array<double, 2>> r;
      for (const auto& pt : *ring) r.push_back({pt.getX(), pt.getY()});
      rings.push_back(std::move(r));
    }
    rings_of[feature->GetFieldAsString(f_ags)] = std::move(rings);
  }
  Placement placement;
  CoordinateTransform to_twin("EPSG:4326", DEFAULT_TWIN_CRS);
  for (const auto& m : regions.municipalities) {
    auto it = rings_of.find(m.ags);
    if (it == rings_of.end() || it->second.empty()) {
      logger("twin.synthetic")
          ->warn("{}: no boundary for municipality {} ({}); using the seeded layout", path, m.ags, m.name);
      return std::nullopt;
    }
    auto& rings = it->second;
    for (auto& ring : rings) {
      std::vector<double> x(ring.size()), y(ring.size());
      for (std::size_t k = 0; k < ring.size(); ++k) {
        x[k] = ring[k][0];
        y[k] = ring[k][1];
      }
      to_twin.transform(x, y);
      for (std::size_t k = 0; k < ring.size(); ++k) ring[k] = {x[k], y[k]};
    }
    // Area centroid of the outer ring (shoelace), in metres.
    const auto& outer = rings.front();
    double a2 = 0.0, cx = 0.0, cy = 0.0;
    const double ox = outer[0][0], oy = outer[0][1];
    for (std::size_t k = 0; k < outer.size(); ++k) {
      const auto& p = outer[k];
      const auto& q = outer[(k + 1) % outer.size()];
      const double cross = (p[0] - ox) * (q[1] - oy) - (q[0] - ox) * (p[1] - oy);
      a2 += cross;
      cx += (p[0] - ox + q[0] - ox) * cross;
      cy += (p[1] - oy + q[1] - oy) * cross;
    }
    HEATTWIN_CHECK(std::abs(a2) > 0.0 && std::isfinite(a2), "{}: boundary of {} has zero area", path, m.ags);
    placement.centre.push_back({ox + cx / (3.0 * a2), oy + cy / (3.0 * a2)});
    placement.boundaries.append_polygon(rings);
  }
  return placement;
}

/// Seeded layout without boundaries: municipalities on a jittered lattice over the state's extent
/// in EPSG:25832 (≈ 610–790 km E, 5640–5880 km N), in table order.
Placement seeded_placement(const RegionHierarchy& regions, std::uint64_t seed) {
  Placement placement;
  const std::size_t m = regions.municipalities.size();
  const auto cols = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(m) * 180.0 / 240.0)));
  const std::size_t rows = (m + cols - 1) / std::max<std::size_t>(cols, 1);
  Rng rng(seed, 0xFFFFFFFFULL);
  for (std::size_t k = 0; k < m; ++k) {
    const double dx = 180'000.0 / static_cast<double>(cols), dy = 240'000.0 / static_cast<double>(rows);
    placement.centre.push_back({610'000.0 + (static_cast<double>(k % cols) + rng.uniform(0.3, 0.7)) * dx,
                                5'640'000.0 + (static_cast<double>(k / cols) + rng.uniform(0.3, 0.7)) * dy});
  }
  return placement;
}

/// 0 (rural, ≤ 40 inhabitants/km²) … 1 (city, ≥ 1500/km²), logarithmic in population density.
double urbanity(const Municipality& m) {
  if (m.population <= 0 || m.area_km2 <= 0.0) return 0.3;
  const double density = static_cast<double>(m.population) / m.area_km2;
  return std::clamp(std::log(density / 40.0) / std::log(1500.0 / 40.0), 0.0, 1.0);
}

}  // namespace

std::string default_municipality_table_path() { return find_data_file("regions/sachsen_anhalt_municipalities.csv"); }

Twin generate_synthetic_state(const SyntheticStateOptions& options) {
  auto log = logger("twin.synthetic");
  const auto t0 = std::chrono::steady_clock::now();
  const std::string table =
      options.municipality_table.empty() ? default_municipality_table_path() : options.municipality_table;

  Twin twin;
  twin.regions = load_municipality_table(table, "Sachsen-Anhalt");
  auto& regions = twin.regions;
  const std::size_t m_count = regions.municipalities.size();
  const std::size_t n = options.building_count;
  HEATTWIN_CHECK(n < (std::size_t{1} << 32) - 1, "building count {} is too large (at most 4.29e9)", n);
  twin.source =
      fmt::format("heattwin generate --seed {} --buildings {}: synthetic Sachsen-Anhalt from {} (generator 1.0)",
                  options.seed, n, std::filesystem::path(table).filename().string());

  // Placement of municipalities.
  std::optional<Placement> placement;
  std::string boundaries = options.boundaries;
  if (boundaries.empty()) {
    const auto beside = std::filesystem::path(table).parent_path() / "sachsen_anhalt_gemeinden.geojson";
    boundaries = std::filesystem::exists(beside) ? beside.string() : "none";
  }
  if (boundaries != "none") placement = read_boundaries(boundaries, regions);
  if (placement) {
    regions.municipality_boundaries = std::move(placement->boundaries);
  } else {
    log->info("no municipality boundaries: municipalities placed by the seeded layout");
    placement = seeded_placement(regions, options.seed);
  }

  // Buildings per municipality: a floor for small ones, the rest in proportion to population.
  // Assumption: buildings ∝ inhabitants (rural areas have somewhat more buildings per head).
  const std::size_t floor_count = m_count == 0 ? 0 : std::min<std::size_t>(100, n / (4 * m_count));
  std::vector<double> population(m_count);
  for (std::size_t k = 0; k < m_count; ++k)
    population[k] = static_cast<double>(std::max<std::int64_t>(regions.municipalities[k].population, 1));
  auto per_muni = apportion(n - floor_count * m_count, population);
  for (auto& c : per_muni) c += floor_count;

  // Kinds per municipality: urban/rural preference raked to the statewide shares (IPF), then
  // apportioned to integers within each municipality.
  std::vector<double> m(m_count * KIND_COUNT);
  std::vector<double> u(m_count);
  for (std::size_t k = 0; k < m_count; ++k) {
    u[k] = urbanity(regions.municipalities[k]);
    for (std::size_t c = 0; c < KIND_COUNT; ++c)
      m[k * KIND_COUNT + c] = static_cast<double>(per_muni[k]) * KINDS[c].share *
                              std::max(0.02, KINDS[c].urban_a + KINDS[c].urban_b * u[k]);
  }
  std::vector<double> row_sum(m_count), col_sum(KIND_COUNT);
  for (std::size_t k = 0; k < m_count; ++k) row_sum[k] = static_cast<double>(per_muni[k]);
  for (std::size_t c = 0; c < KIND_COUNT; ++c) col_sum[c] = static_cast<double>(n) * KINDS[c].share;
  rake(m, m_count, KIND_COUNT, row_sum, col_sum, 100);

  std::vector<MunicipalityInput> inputs(m_count);
  std::size_t max_count = 0;
  for (std::size_t k = 0; k < m_count; ++k) {
    const std::vector<double> row(m.begin() + static_cast<std::ptrdiff_t>(k * KIND_COUNT),
                                  m.begin() + static_cast<std::ptrdiff_t>((k + 1) * KIND_COUNT));
    const auto counts = apportion(per_muni[k], row);
    auto& in = inputs[k];
    in.index = static_cast<std::uint32_t>(k);
    std::copy(counts.begin(), counts.end(), in.counts.begin());
    in.x_m = placement->centre[k][0];
    in.y_m = placement->centre[k][1];
    const double area = regions.municipalities[k].area_km2 > 0 ? regions.municipalities[k].area_km2 : 50.0;
    in.radius_m = std::sqrt(area * 1.0e6 / std::numbers::pi);
    in.urbanity = u[k];
    max_count = std::max(max_count, per_muni[k]);
    HEATTWIN_CHECK(per_muni[k] < 1'000'000, "municipality {} would get {} buildings; ids allow < 1e6 per municipality",
                   regions.municipalities[k].ags, per_muni[k]);
  }
  const auto cells = spiral_offsets(max_count + 16);
  const auto years = year_tables();

  // Generate municipalities in parallel; each writes its own result (no shared state).
  std::vector<MunicipalityResult> results(m_count);
  ParallelErrors errors;
  const std::size_t batch = 16;
  std::size_t done_buildings = 0;
  for (std::size_t first = 0; first < m_count; first += batch) {
    const auto last = static_cast<std::ptrdiff_t>(std::min(first + batch, m_count));
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t k = static_cast<std::ptrdiff_t>(first); k < last; ++k) {
      errors.run(k, [&] {
        results[static_cast<std::size_t>(k)] =
            generate_municipality(inputs[static_cast<std::size_t>(k)], options.seed, cells, years);
      });
    }
    errors.rethrow_first();
    for (auto k = static_cast<std::ptrdiff_t>(first); k < last; ++k)
      done_buildings += per_muni[static_cast<std::size_t>(k)];
    if (options.progress) options.progress(done_buildings, n);
  }

  // Fixed output ranges: municipality k owns buildings [offset[k], offset[k+1]).
  std::vector<std::size_t> offset(m_count + 1, 0);
  std::vector<std::uint32_t> block_offset(m_count + 1, 0);
  for (std::size_t k = 0; k < m_count; ++k) {
    HEATTWIN_ASSERT(results[k].buildings.size() == per_muni[k]);
    offset[k + 1] = offset[k] + results[k].buildings.size();
    block_offset[k + 1] = block_offset[k] + results[k].block_count;
  }
  regions.blocks.reserve(block_offset[m_count]);
  for (std::size_t k = 0; k < m_count; ++k)
    for (std::uint32_t b = 0; b < results[k].block_count; ++b)
      regions.blocks.push_back(
          {fmt::format("SYN{}_B{:05d}", regions.municipalities[k].ags, b), static_cast<std::uint32_t>(k)});
  std::size_t street_count = 0;
  for (const auto& r : results) street_count += r.streets.size();
  auto& streets = twin.streets;
  streets.x0_m.reserve(street_count);
  streets.y0_m.reserve(street_count);
  streets.x1_m.reserve(street_count);
  streets.y1_m.reserve(street_count);
  streets.municipality.reserve(street_count);
  for (std::size_t k = 0; k < m_count; ++k)
    for (const auto& s : results[k].streets) streets.append(s[0], s[1], s[2], s[3], static_cast<std::uint32_t>(k));

  BuildingSet& b = twin.buildings;
  b.resize_columns(n);
  constexpr std::size_t ID_LENGTH = 18;  // "SYN" + 8-digit AGS + "_" + 6 digits
  std::string id_chars(n * ID_LENGTH, ' ');
  std::vector<std::uint64_t> id_offsets(n + 1);
  auto& fp = b.footprints;
  fp.ring_begin.resize(n + 1);
  fp.vertex_begin.resize(n + 1);
  fp.x_m.resize(4 * n);
  fp.y_m.resize(4 * n);
  const auto sectors = wall_sector_columns(b);

#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t kk = 0; kk < static_cast<std::ptrdiff_t>(m_count); ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const auto& res = results[k];
    const std::string& ags = regions.municipalities[k].ags;
    for (std::size_t local = 0; local < res.buildings.size(); ++local) {
      const Placed& p = res.buildings[local];
      const Settlement& st = res.settlements[p.settlement];
      const KindSpec& sp = spec(p.kind);
      const std::size_t i = offset[k] + local;
      fmt::format_to(id_chars.data() + i * ID_LENGTH, "SYN{}_{:06d}", ags, local);
      id_offsets[i + 1] = (i + 1) * ID_LENGTH;
      fp.ring_begin[i + 1] = i + 1;
      fp.vertex_begin[i + 1] = 4 * (i + 1);
      const double hu_x = p.w / 2 * st.cos_t, hu_y = p.w / 2 * st.sin_t;   // half width along u
      const double hv_x = -p.d / 2 * st.sin_t, hv_y = p.d / 2 * st.cos_t;  // half depth along v
      const std::array<double, 4> su{-1, 1, 1, -1}, sv{-1, -1, 1, 1};      // counter-clockwise
      for (int c = 0; c < 4; ++c) {
        fp.x_m[4 * i + c] = p.x + su[c] * hu_x + sv[c] * hv_x;
        fp.y_m[4 * i + c] = p.y + su[c] * hu_y + sv[c] * hv_y;
      }
      const double area = p.w * p.d;
      b.municipality[i] = static_cast<std::uint32_t>(k);
      b.block[i] = block_offset[k] + p.block;
      b.x_m[i] = p.x;
      b.y_m[i] = p.y;
      b.footprint_area_m2[i] = area;
      b.perimeter_m[i] = 2.0 * (p.w + p.d);
      b.height_m[i] = p.height;
      b.storeys[i] = p.storeys;
      b.year_of_construction[i] = p.year;
      b.age_class[i] = age_class_of_year(p.year);
      b.alkis_function[i] = p.alkis;
      b.use_class[i] = static_cast<std::uint8_t>(sp.use_class);
      b.residential_type[i] = static_cast<std::uint8_t>(sp.residential_type);
      b.volume_m3[i] = area * p.height;
      // Heated floor area. Residential: A_N = 0.32 · V_e (GEG/EnEV energy-certificate convention,
      // DOMAIN.md), V_e = footprint × the heated height (the box, or the eaves of multi-family
      // houses whose attic is unheated). Heated non-residential: net ≈ 0.85 × gross floor area (assumption, DIN 277
      // typical). Unheated outbuildings: 0.
      if (is_residential(p.kind))
        b.heated_floor_area_m2[i] = 0.32 * area * (p.heated_height > 0.0 ? p.heated_height : p.height);
      else if (sp.use_class == UseClass::unheated)
        b.heated_floor_area_m2[i] = 0.0;
      else
        b.heated_floor_area_m2[i] = 0.85 * area * p.storeys;
      b.wall_area_m2[i] = 2.0 * (p.w + p.d) * p.height;
      b.shared_wall_area_m2[i] = (p.shared_lo + p.shared_hi) * p.height;
      for (auto* col : sectors) (*col)[i] = 0.0;
      (*sectors[static_cast<std::size_t>(st.sector[0])])[i] += (p.d - p.shared_hi) * p.height;
      (*sectors[static_cast<std::size_t>(st.sector[1])])[i] += (p.d - p.shared_lo) * p.height;
      (*sectors[static_cast<std::size_t>(st.sector[2])])[i] += p.w * p.height;
      (*sectors[static_cast<std::size_t>(st.sector[3])])[i] += p.w * p.height;
      b.roof_area_m2[i] = area;  // flat-roof LoD1 convention
      b.prov_footprint[i] = Provenance::geometry;
      b.prov_height[i] = Provenance::measured;
      b.prov_storeys[i] = Provenance::measured;
      b.prov_year_of_construction[i] = Provenance::measured;
      b.prov_use_class[i] = Provenance::measured;
      b.prov_residential_type[i] = Provenance::measured;
      b.prov_volume[i] = Provenance::geometry;
      b.prov_heated_floor_area[i] = Provenance::geometry;
      b.prov_envelope[i] = Provenance::geometry;
    }
  }
  results.clear();
  results.shrink_to_fit();
  HEATTWIN_CHECK(b.id.assign_raw(std::move(id_chars), std::move(id_offsets)), "internal error: synthetic id column");

  twin.grid = build_grid_for_buildings(b, twin.crs);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log->info("generated {} buildings in {} municipalities, {} blocks, {} street segments, {} grid cells in {:.2f} s", n,
            m_count, regions.blocks.size(), twin.streets.size(), twin.grid.size(), seconds);
  return twin;
}

}  // namespace heattwin::twin
