#pragma once
/// \file `heattwin validate network|bestest`: runs a solver on a reference case and prints its results.

#include "solvers/demand/bestest.hpp"

#include <string>

namespace heattwin::app {

/// `heattwin validate network <case folder | .inp>`.
struct ValidateNetworkOptions {
  std::string case_folder;
  std::string friction;           // empty: from the case folder's name, else colebrook
  std::string thermal = "exact";  // the exponential solution of each pipe; sections: finite volumes
  bool json = false;
};

/// Solves a flat-CSV case folder or an EPANET .inp file and prints the solution (text or JSON);
/// returns 1 if the hydraulic solve did not converge.
int run_validate_network(const ValidateNetworkOptions& o);

/// `heattwin validate bestest <cases.json> --case <id>`.
struct ValidateBestestOptions {
  std::string cases_json;
  std::string case_id;
  std::string spec = heattwin::solvers::demand::DEFAULT_BESTEST_SPEC;
  bool json = false;
};

/// Runs one BESTEST case through the hourly 5R1C model and prints the results (text or JSON).
int run_validate_bestest(const ValidateBestestOptions& o);

}  // namespace heattwin::app
