#pragma once
/// \file Darcy friction factor λ(Re, k/D) of circular pipes.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::solvers::network {

/// Friction law of the pipes.
enum class FrictionModel : std::uint8_t {
  /// Prandtl–Colebrook, 1/√λ = −2 log10(2.51/(Re √λ) + k/(3.71 D)), solved by Newton;
  /// laminar 64/Re up to Re 2000, Colebrook from Re 2320, linear blend in between.
  colebrook = 0,
  /// STANET "Nikuradse": λ = 64/Re + 1/(−2 log10(k/(3.71 D)))² at every Re (laminar term added).
  nikuradse = 1,
  /// Swamee–Jain explicit approximation of Colebrook, λ = 0.25 / log10(k/(3.7 D) + 5.74/Re^0.9)²;
  /// laminar and transition as for colebrook.
  swamee_jain = 2,
  /// Hazen–Williams (EPANET's form): head loss h = 4.727 C^-1.852 D^-4.871 L Q^1.852 in US units
  /// (ft, cfs), i.e. ≈ 10.67 C^-1.852 D^-4.871 L Q^1.852 in SI, with a C factor per pipe
  /// (PipeNetwork::hazen_williams_c). For water-supply networks (EPANET's example networks); not
  /// of the Darcy form, so friction_factor*() give NaN for it.
  hazen_williams = 3,
};

/// Parses "colebrook", "nikuradse", "swamee-jain" (also "swamee_jain"), "hazen-williams" (also
/// "hazen_williams", "H-W"); nullopt otherwise.
std::optional<FrictionModel> parse_friction_model(std::string_view name);
std::string_view friction_model_name(FrictionModel model);

/// Darcy friction factor at Reynolds number `re` (> 0) and relative roughness k/D.
double friction_factor(FrictionModel model, double re, double relative_roughness);

/// Re · dλ/dRe (dimensionless), needed for the exact Newton derivative of the pressure drop.
double friction_factor_re_slope(FrictionModel model, double re, double relative_roughness);

/// λ and Re · dλ/dRe in one evaluation (analytic derivatives; one Colebrook solve).
struct FrictionValue {
  double lambda;
  double re_slope;
};
FrictionValue friction_factor_with_slope(FrictionModel model, double re, double relative_roughness);

/// The same for repeated evaluations of one pipe (Newton iterations): `inverse_sqrt_lambda`
/// carries 1/√λ of the pipe's previous turbulent Colebrook evaluation (≤ 0: none) and is updated.
/// Colebrook's Halley iteration then starts from it instead of from Swamee–Jain and stops after
/// the first step when that step is below 1e-5·(1/√λ) (the cold start always takes two): one
/// logarithm instead of four and an exponential once the flows settle. Equal to the cold
/// evaluation to a few ulp (tested); other models and regimes ignore and keep the value.
FrictionValue friction_factor_with_slope(FrictionModel model, double re, double relative_roughness,
                                         double& inverse_sqrt_lambda);
/// The same with `transition_lambda`, the pipe's turbulent λ at the end of the transition zone
/// (Re 2320; it depends on k/D only): ≤ 0 on the first call, then computed once and kept, so that
/// pipes in the transition zone need no cold Colebrook per evaluation. Bit-identical results.
FrictionValue friction_factor_with_slope(FrictionModel model, double re, double relative_roughness,
                                         double& inverse_sqrt_lambda, double& transition_lambda);
/// Storage of friction_factors between calls (repeated evaluations then allocate nothing).
struct FrictionBatchScratch {
  std::vector<std::uint32_t> turbulent;
  std::vector<double> a, b, x, s, log_s, warm, settled;
};

/// friction_factor_with_slope(model, re[i], rr[i], inverse_sqrt_lambda[i], transition_lambda[i])
/// for every i into lambda[i] and, unless `re_slope` is empty, re_slope[i] (issue 21 §1: the
/// friction factors of a network's pipes in one call). Colebrook's turbulent evaluations run
/// together: each Halley step takes the logarithms of all pipes in one vector pass (vector_exp.hpp's
/// log_of), with each pipe's own start and stopping test, so every pipe takes the steps it takes
/// alone; only libmvec's logarithm (≤ 4 ulp) can make a result differ from the
/// per-pipe evaluation, by a few ulp (test Friction.BatchEqualsPerPipe). All spans have one size.
void friction_factors(FrictionModel model, std::span<const double> re, std::span<const double> relative_roughness,
                      std::span<double> inverse_sqrt_lambda, std::span<double> transition_lambda,
                      std::span<double> lambda, std::span<double> re_slope, FrictionBatchScratch& scratch);

}  // namespace heattwin::solvers::network
