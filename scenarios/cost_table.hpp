#pragma once
/// \file The technology catalogue a run used, written into its results file (`/meta/technology`,
/// docs/results-schema.md) with every value's source and whether it was checked against that
/// source, so that a report can show which costs are cited and which are assumptions.

#include "solvers/economics/technology.hpp"
#include "twin/h5.hpp"

#include <cstddef>

namespace heattwin::scenarios {

/// Price basis of the catalogue's money values (and of data/technology/prices.csv): the DEA rows are
/// converted from 2015 € to this year's €, data/technology/PROVENANCE.md. Written as the attribute
/// `price_year` of /meta/technology.
inline constexpr int CATALOGUE_PRICE_YEAR = 2025;

/// Counts of a catalogue's values by their `verified` flag.
struct CostTableCounts {
  std::size_t verified = 0, unverified = 0;
};

/// Writes group `technology` under `meta`: one row per (technology, parameter) in name order with
/// the datasets technology, parameter, value, unit, source, verified (1: checked against the
/// cited source, 0: an assumption or unchecked) and the attributes origin and price_year
/// (CATALOGUE_PRICE_YEAR). Returns the counts. O(rows).
CostTableCounts write_cost_table(const h5::Group& meta, const solvers::economics::TechnologyCatalogue& catalogue);

}  // namespace heattwin::scenarios
