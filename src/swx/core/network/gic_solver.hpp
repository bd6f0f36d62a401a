#pragma once
/// @file gic_solver.hpp
/// Geomagnetically induced currents in a power network: the per-phase DC nodal admittance model
/// of Lehtinen & Pirjola (1985), as used in the Horton et al. (2012) test case.
///
/// Each bus is a node; each substation with grounded transformer neutrals has a neutral node tied
/// to remote earth through 3·R_ground (three phases share the one ground grid). Lines are their
/// per-phase resistance in series with their EMF (Norton-equivalent current sources); windings are
/// resistances by transformer type. The system Y·U = J is sparse and symmetric positive definite:
/// it is factored once (Eigen SimplicialLDLT with AMD ordering) and then solved for any number of
/// right-hand sides (field directions, time steps).
///
/// Not modelled: mutual coupling between lines, the effect of the DC currents on the AC operating
/// point, saturation, and any ground path other than the substation ground grids.

#include <swx/core/network/network.hpp>
#include <swx/core/base/problems.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace swx {

/// Currents for one right-hand side. All per phase except `ground_gic_a`.
struct GicResult {
    std::vector<double> ground_gic_a;   ///< per substation: 3-phase total, + from the neutral into earth
    std::vector<double> i_hv_a;         ///< per transformer: HV winding (auto: series), + from the bus to the neutral
    std::vector<double> i_lv_a;         ///< per transformer: LV winding (auto: common), + from the bus to the neutral
    std::vector<double> ieff_signed_a;  ///< per transformer: I_H + I_X/a with terminal currents, a = kV_H/kV_X
    std::vector<double> ieff_a;         ///< per transformer: |ieff_signed_a|
    std::vector<double> line_emf_v;     ///< per line: EMF from `from_bus` to `to_bus`
    std::vector<double> line_gic_a;     ///< per line: current from `from_bus` to `to_bus` (0 if dc_blocked)
    /// per bus: DC voltage to remote earth, V. A bus with no DC path to earth (the delta side of a GSU)
    /// is reported at its substation's neutral voltage, as PowerWorld does (docs/gic-model.md).
    std::vector<double> bus_voltage_v;
    std::vector<double> neutral_voltage_v;  ///< per substation: DC voltage of the ground node to remote earth, V (0 without one)
};

/// Worst direction of a uniform field for each transformer.
struct GicSweep {
    std::vector<double> ieff_max_a;         ///< max over all azimuths of the effective GIC, per phase
    std::vector<double> worst_azimuth_deg;  ///< azimuth in [0, 180) where it occurs (and +180°)
};

class GicSolver {
public:
    /// Assembles and factors the network. Substations with an unknown grounding resistance that need
    /// one get default_grounding_ohm and a "grounding_default" warning; parts of the network with no
    /// path to earth are reported as "island" warnings and carry no ground GIC.
    /// @pre validate_network() passed. @throws Error if the factorisation fails (internal error).
    GicSolver(const Network& network, ProblemSink& problems);
    GicSolver(const GicSolver&) = delete;
    GicSolver(GicSolver&&) noexcept;
    GicSolver& operator=(const GicSolver&) = delete;
    GicSolver& operator=(GicSolver&&) noexcept;
    ~GicSolver();

    /// Currents for one set of line EMFs (volts, one per line, in Network::lines order).
    [[nodiscard]] GicResult solve(std::span<const double> line_emf_v) const;

    /// Many right-hand sides at once: `line_emf_v` is lines × k (column j = step j).
    /// Fills the per-element matrices (rows = elements, columns = steps); pass nullptr to skip one.
    /// `i_hv_a`, `i_lv_a`: the winding currents of GicResult, transformers × k. Blocks of at least 32
    /// columns are solved on separate threads (the result does not depend on the split).
    void solve_many(const Eigen::MatrixXd& line_emf_v, Eigen::MatrixXd* ground_gic_a, Eigen::MatrixXd* ieff_signed_a,
                    Eigen::MatrixXd* line_gic_a, Eigen::MatrixXd* i_hv_a = nullptr, Eigen::MatrixXd* i_lv_a = nullptr) const;

    /// Wall-clock seconds spent building the system (assembly) and in the Cholesky factorisation.
    struct Timings {
        double assemble_s = 0.0;
        double factor_s = 0.0;
    };
    [[nodiscard]] Timings timings() const noexcept;

    [[nodiscard]] std::size_t node_count() const noexcept;
    [[nodiscard]] std::size_t nonzeros_in_factor() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Combines the results for a unit northward and a unit eastward field (1 V/km each) into the
/// worst direction for a field of magnitude `e_v_per_km`. GIC is linear in (E_N, E_E), so
/// Ieff(θ) = |A cos θ + B sin θ|·E, with maximum E·sqrt(A²+B²) at θ = atan2(B, A).
[[nodiscard]] GicSweep sweep_from_unit_fields(const GicResult& north_unit, const GicResult& east_unit,
                                              double e_v_per_km);

}  // namespace swx
