#pragma once
/// @file network_lint.hpp
/// Plausibility checks on a valid network (`swxrisk info`): values that are legal but suspicious.

#include <swx/core/network/network.hpp>
#include <swx/core/base/problems.hpp>

#include <vector>

namespace swx {

/// Limits used by lint_network (documented in docs/grid-format.md).
struct LintLimits {
    double grounding_min_ohm = 0.01;
    double grounding_max_ohm = 10.0;
    double max_line_km = 160.0;
    double r_per_km_factor = 4.0;  ///< flag lines whose ohm/km differs from typical by more than this factor
};

/// Typical DC resistance per phase per km of an overhead line of nominal voltage `kv` (bundled ACSR
/// conductors; NERC GIC Application Guide 2013 typical values, interpolated by voltage class).
[[nodiscard]] double typical_line_r_ohm_per_km(double kv);

/// Reports, as warnings: grounding resistance out of range, line resistance per km implausible for
/// its voltage, lines longer than the limit, substations without coordinates, transformers whose
/// buses are in different substations. `length_km` holds one route length per line.
void lint_network(const Network& network, const std::vector<double>& length_km, ProblemSink& problems,
                  const LintLimits& limits = {});

}  // namespace swx
