#pragma once
/// \file Small, fixed random-number building blocks shared by the seeded parts of HeatTwin
/// (synthetic state, refurbishment order, imputation of heating systems). Own generators, not
/// the standard library's distributions, so that a seed gives the same numbers with every
/// compiler and library, at any thread count. Never std::random_device, never thread ids.

#include <cstdint>
#include <string_view>

namespace heattwin::twin {

/// SplitMix64 (Steele, Lea, Flood 2014): advances `state` and returns the next 64-bit value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// FNV-1a (64 bit) of a string: a stable hash of external ids (the same on every platform,
/// unlike std::hash). O(length).
constexpr std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Uniform double in [0, 1) from the top 53 bits of a 64-bit value.
constexpr double unit_interval(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

}  // namespace heattwin::twin
