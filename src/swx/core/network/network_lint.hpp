#pragma once
/// @file network_lint.hpp
/// Plausibility checks on a valid network (`swxrisk info`): values that are legal but suspicious.

#include <swx/core/network/network.hpp>
#include <swx/core/base/problems.hpp>

#include <optional>
#include <vector>

namespace swx {

/// Limits used by lint_network (documented in docs/grid-format.md).
struct LintLimits {
    double grounding_min_ohm = 0.01;
    double grounding_max_ohm = 10.0;
    /// One length limit for every line, km; unset = typical_max_line_km(kv) of each line's voltage.
    std::optional<double> max_line_km;
    double r_per_km_factor = 4.0;  ///< flag lines whose ohm/km differs from typical by more than this factor
};

/// The length above which `lint_network` reports a line of nominal voltage `kv` as `long_line`:
/// 1 km per kV, at least 100 km (69 kV: 100 km, 138 kV: 138 km, 345 kV: 345 km, 500 kV: 500 km). A
/// screening heuristic, not a standard (reasoning in docs/grid-format.md): an uncompensated line's
/// loadability falls with length (St. Clair curve) while its surge-impedance loading grows with kV², so
/// long single sections are built only at high voltage. 100 km when `kv` is not a positive number.
[[nodiscard]] double typical_max_line_km(double kv);

/// Typical DC resistance per phase per km of an overhead line of nominal voltage `kv` (bundled ACSR
/// conductors; NERC GIC Application Guide 2013 typical values, interpolated by voltage class).
[[nodiscard]] double typical_line_r_ohm_per_km(double kv);

/// Reports, as warnings: grounding resistance out of range, line resistance per km implausible for
/// its voltage, lines longer than the limit, substations without coordinates, transformers whose
/// buses are in different substations. `length_km` holds one route length per line.
void lint_network(const Network& network, const std::vector<double>& length_km, ProblemSink& problems,
                  const LintLimits& limits = {});

}  // namespace swx
