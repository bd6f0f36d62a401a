#pragma once
/// @file gic_study.hpp
/// A GIC study of a network under a uniform geoelectric field: one direction, and optionally the
/// sweep over every direction; and the result tables written by `swxrisk gic`.

#include <swx/core/network/gic_solver.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/base/table.hpp>

#include <optional>
#include <vector>

namespace swx {

struct UniformGicStudy {
    UniformField field;
    double e_v_per_km = 0.0;
    double azimuth_deg = 0.0;
    GicResult result;              ///< currents for `field`
    std::optional<GicSweep> sweep; ///< worst direction per transformer at |E| = e_v_per_km
};

/// Solves the network for a field of `e_v_per_km` towards `azimuth_deg`; with `sweep`, also the two
/// unit-field solves that give every direction. `displacements` has one entry per line.
[[nodiscard]] UniformGicStudy run_uniform_gic(const Network& network, const std::vector<Displacement>& displacements,
                                              const GicSolver& solver, double e_v_per_km, double azimuth_deg, bool sweep);

/// Result tables (columns documented in docs/output-formats.md): substations, buses, transformers, lines.
[[nodiscard]] FeatureTable substations_table(const Network& network, const GicResult& result);
/// bus_id, substation_id, dc_voltage_v (a point at the bus's substation).
[[nodiscard]] FeatureTable buses_table(const Network& network, const GicResult& result);
/// transformers: ids, type, winding currents, ieff_a, qloss_mvar (qloss.hpp); with a sweep also ieff_max_a,
/// worst_azimuth_deg and qloss_max_mvar; then neutral_blocked, k_factor (used) and k_assumed (1 = default K).
[[nodiscard]] FeatureTable transformers_table(const Network& network, const GicResult& result,
                                              const std::optional<GicSweep>& sweep);
[[nodiscard]] FeatureTable lines_table(const Network& network, const GicResult& result,
                                       const std::vector<double>& length_km);

}  // namespace swx
