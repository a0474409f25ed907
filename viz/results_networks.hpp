#pragma once
/// \file The network geometry (junction coordinates, pipes with their ends and diameters,
/// consumers, sources) a scenario of a results file was computed on. `heattwin run` writes it as
/// /networks/<scenario> (docs/results-schema.md), so that a run need not store its designed
/// network in its input twin (`[network] store_in_twin`, false by default); export, report and
/// the maps read it from there, and from the twin for results files written before it.

#include "twin/twin.hpp"

#include <string>

namespace heattwin::viz {

/// The networks of scenario `scenario` of results file `path` (an empty `scenario`: the file's
/// first): /networks/<scenario> if the file has it, checked against `twin` (column lengths,
/// junction and building indices: twin::check_network_invariants); otherwise `twin.networks`
/// (results written before the networks were stored in them, or a scenario without [network]).
/// Throws InputError naming the file and group when the stored networks are unreadable or break
/// an invariant.
twin::NetworkSet network_geometry(const std::string& path, const std::string& scenario, const twin::Twin& twin);

/// `twin` with its networks replaced by network_geometry(path, scenario, twin): the twin every
/// reader of the results of `scenario` draws networks from.
twin::Twin with_network_geometry(twin::Twin twin, const std::string& path, const std::string& scenario);

}  // namespace heattwin::viz
