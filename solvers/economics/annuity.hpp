#pragma once
/// \file The annuity method of VDI 2067 Blatt 1 (2012): capital-related costs with replacements
/// and residual value, demand-related (energy), operation-related (operation and maintenance)
/// costs and revenues, each turned into a constant annual amount over the observation period.
///
/// With q = 1 + i (i interest rate), T the observation period and T_N a component's lifetime:
///   annuity factor          a = (q − 1) / (1 − q^−T)                 (a = 1/T for i = 0)
///   price-change factor     b(r) = (1 − (r/q)^T) / (q − r)           (b = T/q for r = q)
///   replacements            n = ⌈T / T_N⌉ − 1, A_k = A_0 · r^(k·T_N) / q^(k·T_N)
///   residual value          R_W = A_0 · r^(n·T_N) · ((n+1)·T_N − T) / T_N · q^−T
///   capital-related         A_N,K = (A_0 + Σ A_k − R_W) · a
///   demand-related          A_N,V = A_V1 · a · b_V
///   operation-related       A_N,B = A_B1 · a · b_B + A_0 · f_IN · a · b_IN
///   revenues                A_N,E = E_1 · a · b_E
/// Costs are reported positive; the total is A_N,K + A_N,V + A_N,B − A_N,E.

#include <span>

namespace heattwin::solvers::economics {

/// Parameters of the annuity calculation. Price changes are factors per year (1.02 = +2 %/a).
/// Defaults: 3 % interest and 20 years are HeatTwin assumptions (real terms; VDI 2067 leaves
/// both to the user), no price change (prices of the evaluated year held constant).
struct AnnuityParameters {
  double interest_rate = 0.03;            ///< i, per year (q = 1 + i); ≥ 0
  int period_a = 20;                      ///< observation period T in years; ≥ 1
  double capital_price_change = 1.0;      ///< r for replacement investments
  double demand_price_change = 1.0;       ///< r_V for energy
  double operation_price_change = 1.0;    ///< r_B for operation
  double maintenance_price_change = 1.0;  ///< r_IN for maintenance
  double revenue_price_change = 1.0;      ///< r_E for revenues
};

/// Annuity factor a for interest rate i and period T (years). Throws InputError for i < 0 or
/// T < 1. O(1).
double annuity_factor(double interest_rate, int period_a);
/// Price-dynamic present value factor b for a price-change factor r (> 0). O(1).
double price_change_factor(double price_change, double interest_rate, int period_a);

/// One investment: initial cost A_0, lifetime T_N, yearly maintenance and repair as a share
/// f_IN of A_0 (VDI 2067: f_Inst + f_W+Insp).
struct Investment {
  double capex_eur = 0.0;
  int lifetime_a = 20;
  double maintenance_share_per_a = 0.0;
};

/// Capital-related annuity of one investment with its parts.
struct CapitalAnnuity {
  double annuity_eur_per_a = 0.0;               ///< A_N,K
  int replacements = 0;                         ///< n
  double replacements_present_value_eur = 0.0;  ///< Σ A_k
  double residual_value_eur = 0.0;              ///< R_W (present value)
  double maintenance_eur_per_a = 0.0;           ///< A_0 · f_IN · a · b_IN (operation-related)
};
/// Capital annuity (and maintenance annuity) of an investment. Throws InputError for a
/// negative cost, a lifetime < 1 or a share outside [0, 1]. O(T / T_N).
CapitalAnnuity capital_annuity(const Investment& investment, const AnnuityParameters& parameters);

/// First-year amounts of the cost groups that recur every year.
struct AnnualCashFlows {
  double energy_first_year_eur = 0.0;  ///< A_V1: energy (fuel, electricity)
  /// Demand-related annuity given directly (€/a), e.g. energy at levelised prices of a price
  /// path (levelised_price_eur_per_mwh); added to A_V1 · a · b_V.
  double energy_annuity_eur_per_a = 0.0;
  double operation_first_year_eur = 0.0;  ///< A_B1: operation (staff, metering, …)
  double revenue_first_year_eur = 0.0;    ///< E_1: revenues (e.g. CHP electricity)
};

/// The annuities of a whole system (€/a), costs positive.
struct AnnuityBreakdown {
  double capital_eur_per_a = 0.0;
  double demand_eur_per_a = 0.0;
  double operation_eur_per_a = 0.0;  ///< operation plus maintenance of the investments
  double revenue_eur_per_a = 0.0;
  double total_eur_per_a = 0.0;  ///< capital + demand + operation − revenue
};
/// VDI 2067 annuity of the investments and recurring flows. O(Σ T / T_N).
AnnuityBreakdown vdi2067_annuity(std::span<const Investment> investments, const AnnualCashFlows& flows,
                                 const AnnuityParameters& parameters);

/// Capital plus maintenance annuity per € invested for a lifetime and maintenance share: the
/// annuity is linear in A_0, so callers evaluating many buildings multiply by their A_0. O(T/T_N).
double annuity_per_eur_invested(int lifetime_a, double maintenance_share_per_a, const AnnuityParameters& parameters);

}  // namespace heattwin::solvers::economics
