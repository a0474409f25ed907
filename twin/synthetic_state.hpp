#pragma once
/// \file The seeded synthetic state: a plausible state-scale twin of Sachsen-Anhalt (the real
/// 14 Kreise and 218 Gemeinden, ≈1.2 M buildings on street grids) for benchmarks, sweeps and demos.
///
/// Same options (seed, building count, tables) → identical twin, at any thread count: every
/// municipality draws from its own random stream seeded from (seed, municipality index), and
/// writes a range of the building columns that is fixed before the parallel loop starts.
/// The distributions and their sources are documented in data/statistics/PROVENANCE.md.

#include "twin/twin.hpp"

#include "twin/progress.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace heattwin::twin {

/// Settings of generate_synthetic_state(). Plain values; copy freely.
struct SyntheticStateOptions {
  /// Seed of all random streams. Same seed and count → identical twin.
  std::uint64_t seed = 1;
  /// Number of building objects (residential, non-residential and unheated outbuildings).
  std::size_t building_count = 1'200'000;
  /// Gemeinden table (CSV with ags, name, kreis_ags, kreis_name, population, area_km2).
  /// Empty: default_municipality_table_path().
  std::string municipality_table;
  /// Gemeinde boundaries (GeoJSON/any OGR source in EPSG:4326 with an `ags` attribute). Their
  /// centroids place the settlements; the largest part of each becomes the municipality boundary.
  /// Empty: `sachsen_anhalt_gemeinden.geojson` beside the table, if it exists. "none" (or a
  /// missing default file): a seeded layout over the state's extent and no boundaries.
  std::string boundaries;
  /// Called from the calling thread as municipalities finish (may be empty).
  ProgressFn progress;
};

/// Generates the synthetic state in the twin CRS (EPSG:25832): regions, blocks, street segments,
/// buildings with rectangular footprints and LoD1 envelopes, and the 100 m census grid.
/// Fills id, municipality, block, grid_cell, centroid, footprint area, perimeter, height, storeys,
/// year_of_construction, age_class, alkis_function, use_class, residential_type, volume, heated
/// floor area, wall / shared wall / sector wall areas and roof area; U-values, windows, air change
/// and heating systems stay unknown (the typology fills them). Provenance: measured for height,
/// storeys, year, function/use class and residential type (what an ALKIS/LoD2 source carries),
/// geometry for the footprint measures, volume, heated floor area and envelope.
/// Throws InputError if a table cannot be read. Complexity O(N log N) time, ≈ 330 bytes per building.
Twin generate_synthetic_state(const SyntheticStateOptions& options);

/// The Sachsen-Anhalt Gemeinden table used when SyntheticStateOptions::municipality_table is empty:
/// regions/sachsen_anhalt_municipalities.csv in the first data folder that holds it
/// ($HEATTWIN_DATA_DIR, the installed <prefix>/share/heattwin, the source tree's data/;
/// twin/data_dir.hpp). Throws InputError naming the paths tried if none exists.
std::string default_municipality_table_path();

/// The cited statewide targets the generator is calibrated to (sources in
/// data/statistics/PROVENANCE.md). Shares are fractions of the denominator named in each comment.
namespace synthetic_targets {

/// Zensus 2022, Sachsen-Anhalt: buildings with living space.
inline constexpr double RESIDENTIAL_BUILDINGS_2022 = 593'737.0;
/// Zensus 2022: dwellings in those buildings.
inline constexpr double DWELLINGS_2022 = 1'263'371.0;
/// Building objects of the state's ALKIS/LoD2 stock the default count stands for (DESIGN.md).
inline constexpr double STATE_BUILDING_OBJECTS = 1'200'000.0;
/// Residential (with living space, incl. mixed use) share of all building objects.
inline constexpr double RESIDENTIAL_SHARE = RESIDENTIAL_BUILDINGS_2022 / STATE_BUILDING_OBJECTS;
/// Zensus 2022: share of residential buildings built before 1950.
inline constexpr double BUILT_BEFORE_1950_SHARE = 0.515;
/// Zensus 2022: share of residential buildings built 2016 or later.
inline constexpr double BUILT_2016_OR_LATER_SHARE = 0.028;
/// Zensus 2022: share of residential buildings with one dwelling (single-family houses).
inline constexpr double ONE_DWELLING_SHARE = 0.74;
/// Zensus 2022: share of residential buildings with more than six dwellings.
inline constexpr double MORE_THAN_SIX_DWELLINGS_SHARE = 0.07;
/// Zensus 2022: living space per dwelling, m², in detached single-family houses.
inline constexpr double LIVING_SPACE_DETACHED_M2 = 121.6;
/// Zensus 2022: living space per dwelling, m², in terraced houses.
inline constexpr double LIVING_SPACE_TERRACED_M2 = 108.2;
/// Zensus 2022: living space per dwelling, m², in buildings with 13 or more dwellings.
inline constexpr double LIVING_SPACE_13_PLUS_M2 = 54.6;
/// Zensus 2022: mean living space per dwelling, m².
inline constexpr double LIVING_SPACE_MEAN_M2 = 84.0;

/// Shares of residential buildings by TABULA type (EFH, RH, MFH incl. mixed use, GMH).
/// EFH+RH = buildings with 1–2 dwellings (74 % one + 10 % two: assumption for two);
/// MFH = 3–12 dwellings (9 % 3–6 + 5.5 % 7–12), GMH = 13+ (1.5 %): the > 6 share is 7 %.
inline constexpr double EFH_SHARE = 0.62;  ///< assumption: detached/semi-detached share of 1–2-dwelling buildings
inline constexpr double RH_SHARE = 0.22;   ///< assumption: terraced share
inline constexpr double MFH_SHARE = 0.145;
inline constexpr double GMH_SHARE = 0.015;
/// Living space per dwelling in 3–12-dwelling buildings (TABULA MFH and mixed use), m².
/// Assumption: 68 m², between the cited 108.2 (terraced) and 54.6 (13+).
inline constexpr double LIVING_SPACE_3_TO_12_M2 = 68.0;

}  // namespace synthetic_targets

/// What the generator draws, in expectation, per residential building (issue 23: the generated
/// living space against the Zensus 2022). Two values are derived from the census totals rather
/// than assumed, so that the generated stock reproduces them (docs/DEMAND.md "Heated floor area
/// of the synthetic state", data/statistics/PROVENANCE.md):
/// - the mean dwelling count of buildings with 13+ dwellings, from the census's 1,263,371
///   dwellings in 593,737 buildings (2.128 per building) given the other types' counts;
/// - the living space per dwelling of two-dwelling houses, from the census mean of 84.0 m² per
///   dwelling given the cited sizes of detached (121.6), terraced (108.2) and 13+ (54.6) dwellings
///   and the assumed 68 m² of 3–12-dwelling buildings.
struct ResidentialDraws {
  double share = 0.0;            ///< share of the residential buildings
  double dwellings = 0.0;        ///< expected dwellings per building
  double living_space_m2 = 0.0;  ///< expected living space per building, m²
};

/// Expected draws of the buildings of a TABULA type (efh, rh, mfh with mixed use, gmh), or of all
/// residential buildings for ResidentialType::none. O(1).
ResidentialDraws expected_residential_draws(ResidentialType type);

/// Derived: mean dwellings of a generated building with 13 or more dwellings (≈ 19).
double dwellings_13_plus_mean();

/// Derived: living space per dwelling of a generated two-dwelling house, m² (≈ 72).
double living_space_two_dwelling_m2();

}  // namespace heattwin::twin
