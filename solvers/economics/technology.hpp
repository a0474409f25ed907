#pragma once
/// \file The technology catalogue: cost, lifetime and efficiency parameters of supply
/// technologies, one value per row of data/technology/technology_defaults.csv with its source
/// and whether it was checked against that source.

#include <map>
#include <string>
#include <string_view>

namespace heattwin::solvers::economics {

/// One parameter value with where it comes from.
struct TechnologyParameter {
  double value = 0.0;
  std::string unit;
  std::string source;
  bool verified = false;
  std::size_t line = 0;  ///< line in the file it was read from (0 if set in code)
};

/// Parameters by technology and name ("air_heat_pump", "capex_eur_per_kw").
class TechnologyCatalogue {
 public:
  TechnologyCatalogue() = default;
  explicit TechnologyCatalogue(std::string origin) : origin_(std::move(origin)) {}

  /// Sets or replaces a parameter (a scenario override, or a test).
  void set(const std::string& technology, const std::string& parameter, TechnologyParameter value);
  /// True if the technology has the parameter.
  bool has(std::string_view technology, std::string_view parameter) const;
  /// The value; throws InputError naming the catalogue file, the technology and the parameter
  /// (and the technology's parameters present) if missing. O(log n).
  double value(std::string_view technology, std::string_view parameter) const;
  /// The value, or `fallback` if the technology lacks the parameter.
  double value_or(std::string_view technology, std::string_view parameter, double fallback) const;
  /// The full record (throws like value()).
  const TechnologyParameter& parameter(std::string_view technology, std::string_view parameter) const;
  /// True if the catalogue knows the technology.
  bool has_technology(std::string_view technology) const;
  const std::map<std::string, std::map<std::string, TechnologyParameter, std::less<>>, std::less<>>& entries() const {
    return entries_;
  }
  const std::string& origin() const { return origin_; }

 private:
  std::string origin_ = "(technology catalogue)";
  std::map<std::string, std::map<std::string, TechnologyParameter, std::less<>>, std::less<>> entries_;
};

/// Reads a catalogue with columns `technology,parameter,value,unit,source,verified`. Errors
/// (InputError) name the file, the line and the column: an empty technology or parameter name,
/// a value that is not a finite number, a negative value, a parameter given twice, an empty unit
/// or source, a `verified` cell other than `verified`/`unverified`; and, per row, parameters
/// outside their range (lifetime_a ≥ 1, *_share*, efficiency, carnot_share in (0, 1]). O(rows).
TechnologyCatalogue load_technology_catalogue(const std::string& path);

}  // namespace heattwin::solvers::economics
