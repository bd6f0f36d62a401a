#pragma once
/// @file gic_timeseries.hpp
/// GIC over time: piecewise-uniform geoelectric fields E_k(t) (one per earth region, or per field
/// source) drive line EMFs V_l(t) = Σ_k (L_N,lk·E_N,k(t) + L_E,lk·E_E,k(t)); the network is factored
/// once. GIC is linear in the 2K field components, so by default the network is solved once per
/// component (2K unit-field responses R) and every output over time is the dense product R·E(t),
/// computed for blocks of time steps (superposition); when that costs more operations than solving
/// every step (2K close to or above the steps, or many output rows per component) each step is solved
/// instead (per-step). Both give the same currents to rounding (docs/gic-model.md, "Time series").
/// Statistics (peak effective GIC and its time, time above a threshold) are accumulated on the fly;
/// the full series go to an optional block sink (HDF5), block by block, so memory stays bounded.

#include <swx/core/network/gic_solver.hpp>
#include <swx/core/emf/line_emf.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace swx {

/// How one line couples to the fields: its route's displacement within each field source (region).
struct LineCoupling {
    struct Part {
        std::size_t source = 0;  ///< index into the field sources
        Displacement d;          ///< km north / east of the route inside that source's area (already scaled)
    };
    std::vector<Part> parts;
};

/// Field sources over time: E_N,k(t), E_E,k(t) in V/km, all of the same length.
struct FieldSources {
    std::vector<std::vector<double>> e_north_v_per_km;
    std::vector<std::vector<double>> e_east_v_per_km;
    /// Steps at each end in the edge zone of the fields (GeoelectricSeries::edge_samples of E(t) from a
    /// storm record; 0 for a NERC waveform): solved and written, but left out of every statistic.
    std::size_t edge_steps = 0;
    [[nodiscard]] std::size_t steps() const { return e_north_v_per_km.empty() ? 0 : e_north_v_per_km.front().size(); }
    /// True if step i lies in the edge zone at either end.
    [[nodiscard]] bool in_edge_zone(std::size_t i) const { return i < edge_steps || i + edge_steps >= steps(); }
};

/// One block of results: columns are steps first_step .. first_step + cols - 1.
struct GicBlock {
    std::size_t first_step = 0;
    const Eigen::MatrixXd* line_emf_v = nullptr;     ///< lines × steps
    const Eigen::MatrixXd* ground_gic_a = nullptr;   ///< substations × steps
    const Eigen::MatrixXd* ieff_a = nullptr;         ///< transformers × steps, |I_H + I_X/a|
    const Eigen::MatrixXd* line_gic_a = nullptr;     ///< lines × steps, GIC per phase from from_bus to to_bus
    const Eigen::MatrixXd* winding_h_a = nullptr;    ///< transformers × steps, high-side (series) winding, per phase
    const Eigen::MatrixXd* winding_x_a = nullptr;    ///< transformers × steps, low-side (common) winding, per phase
    const Eigen::MatrixXd* qloss_mvar = nullptr;     ///< transformers × steps, reactive power loss (qloss.hpp), Mvar
    const Eigen::MatrixXd* system_qloss_mvar = nullptr;  ///< 1 × steps, the sum of qloss_mvar over all transformers
};

/// Statistics over the steps outside the edge zone (FieldSources::edge_steps).
struct GicTimeSeriesStats {
    std::vector<double> ieff_peak_a;             ///< per transformer
    std::vector<std::size_t> ieff_peak_step;     ///< step index of the peak
    std::vector<double> time_above_threshold_s;  ///< per transformer: samples with ieff > threshold × dt
    std::vector<double> ground_peak_abs_a;       ///< per substation, max |ground GIC|
    std::vector<std::size_t> ground_peak_step;
    std::vector<double> line_emf_peak_abs_v;     ///< per line, max |EMF|
    std::vector<double> line_gic_peak_abs_a;     ///< per line, max |GIC| per phase
    std::vector<double> qloss_peak_mvar;         ///< per transformer: Mvar loss at ieff_peak_a (qloss.hpp)
    std::vector<double> qloss_integral_mvar_h;   ///< per transformer: sum of Q(t)·dt over the steps, Mvar·h
    double system_qloss_peak_mvar = 0.0;         ///< max over the steps of the sum of Q over all transformers
    std::size_t system_qloss_peak_step = 0;
    double threshold_a = 75.0;
    std::size_t edge_steps = 0;                  ///< steps left out at each end
};

/// How the series is computed (docs/gic-model.md, "Time series").
enum class GicSeriesMethod {
    automatic,      ///< the one with fewer operations (plan_gic_timeseries)
    superposition,  ///< 2K unit-field solves, then GEMM R (rows × 2K) · E (2K × steps) per block
    per_step,       ///< one solve per step (fields that vary along lines with many sources)
};

/// Automatic blocks are a multiple of this many steps (and at most 256), so that HDF5 chunks of this
/// many steps (io/hdf5_file.hpp) are always written whole.
inline constexpr std::size_t gic_block_step_multiple = 32;

/// What run_gic_timeseries will do, and the operation counts (floating-point operations) it chose by.
struct GicSeriesPlan {
    GicSeriesMethod method = GicSeriesMethod::per_step;  ///< superposition or per_step
    std::size_t block_steps = 0;                          ///< steps per block
    double per_step_flops = 0.0;                          ///< whole series, one solve per step
    double superposition_flops = 0.0;                     ///< whole series, 2K solves + the products
    double response_bytes = 0.0;                          ///< memory of the unit responses R
};

/// Chooses the method and the block size. Operation counts, per step (N steps, K sources, n nodes, f
/// nonzeros of the factor, P nonzero coupling parts, rows = output rows per step: lines (EMF) +
/// substations + transformers + lines (GIC), + 2 × transformers (winding currents) with a sink):
/// per-step = N·(w·(4f + 2n) + 2P + post), superposition = 2K·(w·(4f + 2n) + post) + N·2·rows·2K, with
/// post = 2·substations + 10·transformers + 4·lines and w = 4, the weight of a sparse-solve operation
/// against a dense one (measured ≈ 7×; counted conservatively). Superposition is taken when it counts
/// fewer operations, 2K < N and R fits in 256 MiB. Automatic blocks keep the block matrices under 256 MiB
/// (superposition with a sink: 32 MiB, so that a block stays in cache), in multiples of 32 steps.
/// @param block_steps 0 = automatic.
[[nodiscard]] GicSeriesPlan plan_gic_timeseries(const Network& network, const GicSolver& solver,
                                                const std::vector<LineCoupling>& couplings, const FieldSources& fields,
                                                bool with_sink, std::size_t block_steps = 0,
                                                GicSeriesMethod method = GicSeriesMethod::automatic);

/// Runs the time series. `dt_s` converts sample counts to time above the threshold.
/// @param block_steps how many time steps are computed together (0: automatic, memory-bounded).
/// @param sink receives every block (may be empty). @throws Error if sizes disagree.
[[nodiscard]] GicTimeSeriesStats run_gic_timeseries(const Network& network, const GicSolver& solver,
                                                    const std::vector<LineCoupling>& couplings, const FieldSources& fields,
                                                    double dt_s, double threshold_a,
                                                    const std::function<void(const GicBlock&)>& sink = {},
                                                    std::size_t block_steps = 0,
                                                    GicSeriesMethod method = GicSeriesMethod::automatic);

}  // namespace swx
