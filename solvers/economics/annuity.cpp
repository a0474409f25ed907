#include "solvers/economics/annuity.hpp"

#include "twin/error.hpp"

#include <cmath>

namespace heattwin::solvers::economics {

namespace {
void check_parameters(const AnnuityParameters& p) {
  HEATTWIN_CHECK(p.interest_rate >= 0.0 && p.interest_rate < 1.0, "annuity: interest rate must lie in [0, 1), found {}",
                 p.interest_rate);
  HEATTWIN_CHECK(p.period_a >= 1 && p.period_a <= 100, "annuity: observation period must be 1–100 years, found {}",
                 p.period_a);
}
}  // namespace

double annuity_factor(double interest_rate, int period_a) {
  HEATTWIN_CHECK(interest_rate >= 0.0, "annuity: interest rate must be ≥ 0, found {}", interest_rate);
  HEATTWIN_CHECK(period_a >= 1, "annuity: observation period must be ≥ 1 year, found {}", period_a);
  if (interest_rate == 0.0) return 1.0 / period_a;
  const double q = 1.0 + interest_rate;
  return (q - 1.0) / (1.0 - std::pow(q, -period_a));
}

double price_change_factor(double price_change, double interest_rate, int period_a) {
  HEATTWIN_CHECK(price_change > 0.0, "annuity: price-change factor must be > 0, found {}", price_change);
  const double q = 1.0 + interest_rate;
  if (std::abs(price_change - q) < 1e-12) return period_a / q;
  return (1.0 - std::pow(price_change / q, period_a)) / (q - price_change);
}

CapitalAnnuity capital_annuity(const Investment& inv, const AnnuityParameters& p) {
  check_parameters(p);
  HEATTWIN_CHECK(inv.capex_eur >= 0.0, "annuity: investment must be ≥ 0 €, found {}", inv.capex_eur);
  HEATTWIN_CHECK(inv.lifetime_a >= 1, "annuity: lifetime must be ≥ 1 year, found {}", inv.lifetime_a);
  HEATTWIN_CHECK(inv.maintenance_share_per_a >= 0.0 && inv.maintenance_share_per_a <= 1.0,
                 "annuity: maintenance share must lie in [0, 1], found {}", inv.maintenance_share_per_a);
  const double q = 1.0 + p.interest_rate;
  const double r = p.capital_price_change;
  const int t = p.period_a;
  const int tn = inv.lifetime_a;
  CapitalAnnuity out;
  out.replacements = (t + tn - 1) / tn - 1;  // ⌈T/T_N⌉ − 1
  for (int k = 1; k <= out.replacements; ++k) {
    out.replacements_present_value_eur += inv.capex_eur * std::pow(r / q, k * tn);
  }
  const int n = out.replacements;
  out.residual_value_eur = inv.capex_eur * std::pow(r, n * tn) * static_cast<double>((n + 1) * tn - t) /
                           static_cast<double>(tn) * std::pow(q, -t);
  const double a = annuity_factor(p.interest_rate, t);
  out.annuity_eur_per_a = (inv.capex_eur + out.replacements_present_value_eur - out.residual_value_eur) * a;
  out.maintenance_eur_per_a = inv.capex_eur * inv.maintenance_share_per_a * a *
                              price_change_factor(p.maintenance_price_change, p.interest_rate, t);
  return out;
}

AnnuityBreakdown vdi2067_annuity(std::span<const Investment> investments, const AnnualCashFlows& flows,
                                 const AnnuityParameters& p) {
  check_parameters(p);
  const double a = annuity_factor(p.interest_rate, p.period_a);
  AnnuityBreakdown out;
  for (const Investment& inv : investments) {
    const CapitalAnnuity c = capital_annuity(inv, p);
    out.capital_eur_per_a += c.annuity_eur_per_a;
    out.operation_eur_per_a += c.maintenance_eur_per_a;
  }
  out.demand_eur_per_a =
      flows.energy_first_year_eur * a * price_change_factor(p.demand_price_change, p.interest_rate, p.period_a) +
      flows.energy_annuity_eur_per_a;
  out.operation_eur_per_a +=
      flows.operation_first_year_eur * a * price_change_factor(p.operation_price_change, p.interest_rate, p.period_a);
  out.revenue_eur_per_a =
      flows.revenue_first_year_eur * a * price_change_factor(p.revenue_price_change, p.interest_rate, p.period_a);
  out.total_eur_per_a = out.capital_eur_per_a + out.demand_eur_per_a + out.operation_eur_per_a - out.revenue_eur_per_a;
  return out;
}

double annuity_per_eur_invested(int lifetime_a, double maintenance_share_per_a, const AnnuityParameters& p) {
  const CapitalAnnuity c = capital_annuity(Investment{1.0, lifetime_a, maintenance_share_per_a}, p);
  return c.annuity_eur_per_a + c.maintenance_eur_per_a;
}

}  // namespace heattwin::solvers::economics
