#include <swx/core/gic/gic_timeseries.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/network/qloss.hpp>

#include <algorithm>
#include <cmath>

namespace swx {

namespace {

void check_inputs(std::size_t n_lines, const std::vector<LineCoupling>& couplings, const FieldSources& fields) {
    const std::size_t n_steps = fields.steps();
    if (couplings.size() != n_lines) {
        throw Error("gic: internal error (bug): one coupling per line expected");
    }
    for (std::size_t k = 0; k < fields.e_north_v_per_km.size(); ++k) {
        if (fields.e_north_v_per_km[k].size() != n_steps || fields.e_east_v_per_km[k].size() != n_steps) {
            throw Error("gic: internal error (bug): field sources differ in length");
        }
    }
    for (const auto& c : couplings) {
        for (const auto& p : c.parts) {
            if (p.source >= fields.e_north_v_per_km.size()) {
                throw Error("gic: internal error (bug): a line refers to an unknown field source");
            }
        }
    }
}

/// Line EMFs (lines × cols) for steps first .. first + cols − 1: V_l = Σ_parts L_N·E_N,k + L_E·E_E,k.
void assemble_emf_block(const std::vector<LineCoupling>& couplings, const FieldSources& fields, std::size_t first,
                        std::size_t cols, Eigen::MatrixXd& emf) {
    emf.setZero(static_cast<Eigen::Index>(couplings.size()), static_cast<Eigen::Index>(cols));
    for (std::size_t l = 0; l < couplings.size(); ++l) {
        const auto row = static_cast<Eigen::Index>(l);
        for (const auto& part : couplings[l].parts) {
            const double* en = fields.e_north_v_per_km[part.source].data() + first;
            const double* ee = fields.e_east_v_per_km[part.source].data() + first;
            for (std::size_t c = 0; c < cols; ++c) {
                emf(row, static_cast<Eigen::Index>(c)) += part.d.north_km * en[c] + part.d.east_km * ee[c];
            }
        }
    }
}

/// The columns [c_begin, c_end) of a block starting at step `first` that lie outside the edge zone.
struct Window {
    std::size_t first = 0;
    Eigen::Index c_begin = 0;
    Eigen::Index c_end = 0;
    [[nodiscard]] bool empty() const { return c_begin >= c_end; }
};

Window window_of(std::size_t first, std::size_t cols, const FieldSources& fields) {
    const std::size_t n_steps = fields.steps();
    const std::size_t lo = std::max(first, fields.edge_steps);
    const std::size_t hi = std::min(first + cols, n_steps - std::min(n_steps, fields.edge_steps));
    if (lo >= hi) {
        return {first, 0, 0};
    }
    return {first, static_cast<Eigen::Index>(lo - first), static_cast<Eigen::Index>(hi - first)};
}

using ConstRef = Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

/// Effective GIC rows row0 .. of a block (|Ieff| already): peaks, their steps, time above the
/// threshold and the Mvar·h integral. Column by column, so the inner loop runs down contiguous rows.
void fold_ieff(const ConstRef& ieff, std::size_t row0, const Window& w, const Eigen::VectorXd& mvar_per_a, double dt_s,
               GicTimeSeriesStats& stats) {
    const Eigen::Index nr = ieff.rows();
    double* peak = stats.ieff_peak_a.data() + row0;
    std::size_t* when = stats.ieff_peak_step.data() + row0;
    Eigen::VectorXd above = Eigen::VectorXd::Zero(nr), sum = Eigen::VectorXd::Zero(nr);
    for (Eigen::Index c = w.c_begin; c < w.c_end; ++c) {
        const double* col = ieff.col(c).data();
        const std::size_t step = w.first + static_cast<std::size_t>(c);
        for (Eigen::Index t = 0; t < nr; ++t) {
            const double v = col[t];
            if (v > peak[t]) {
                peak[t] = v;
                when[t] = step;
            }
            above(t) += v > stats.threshold_a ? 1.0 : 0.0;
            sum(t) += v;
        }
    }
    for (Eigen::Index t = 0; t < nr; ++t) {
        const std::size_t ti = row0 + static_cast<std::size_t>(t);
        stats.time_above_threshold_s[ti] += above(t) * dt_s;
        stats.qloss_integral_mvar_h[ti] += mvar_per_a(static_cast<Eigen::Index>(ti)) * sum(t) * dt_s / 3600.0;
    }
}

/// Max |x| over the window of rows row0 .., and the step where it occurs (if `step`).
void fold_abs_peak(const ConstRef& x, std::size_t row0, const Window& w, std::vector<double>& peak_of,
                   std::vector<std::size_t>* step_of) {
    const Eigen::Index nr = x.rows();
    double* peak = peak_of.data() + row0;
    std::size_t* when = step_of != nullptr ? step_of->data() + row0 : nullptr;
    for (Eigen::Index c = w.c_begin; c < w.c_end; ++c) {
        const double* col = x.col(c).data();
        const std::size_t step = w.first + static_cast<std::size_t>(c);
        if (when == nullptr) {
            for (Eigen::Index r = 0; r < nr; ++r) {
                peak[r] = std::max(peak[r], std::abs(col[r]));
            }
            continue;
        }
        for (Eigen::Index r = 0; r < nr; ++r) {
            const double v = std::abs(col[r]);
            if (v > peak[r]) {
                peak[r] = v;
                when[r] = step;
            }
        }
    }
}

void fold_system(const Eigen::MatrixXd& system_q, const Window& w, GicTimeSeriesStats& stats) {
    for (Eigen::Index c = w.c_begin; c < w.c_end; ++c) {
        if (system_q(0, c) > stats.system_qloss_peak_mvar) {
            stats.system_qloss_peak_mvar = system_q(0, c);
            stats.system_qloss_peak_step = w.first + static_cast<std::size_t>(c);
        }
    }
}

constexpr Eigen::Index tile_rows = 64;

/// Calls f(r0, nr) for tiles of `rows` rows, on all cores. Each tile's rows belong to it alone.
template <class F>
void for_row_tiles(Eigen::Index rows, F&& f) {
    const auto tiles = static_cast<std::size_t>((rows + tile_rows - 1) / tile_rows);
    parallel_for(tiles, [&](std::size_t i) {
        const Eigen::Index r0 = static_cast<Eigen::Index>(i) * tile_rows;
        f(r0, std::min(tile_rows, rows - r0));
    }, 0, 4);
}

/// Folds one whole block (columns = steps first ...) into the running statistics. `ieff` holds |Ieff|.
void accumulate_stats(std::size_t first, const Eigen::MatrixXd& emf, const Eigen::MatrixXd& ground,
                      const Eigen::MatrixXd& ieff, const Eigen::MatrixXd& line_gic, const Eigen::VectorXd& mvar_per_a,
                      const Eigen::MatrixXd& system_q, double dt_s, const FieldSources& fields, GicTimeSeriesStats& stats) {
    const Window w = window_of(first, static_cast<std::size_t>(ieff.cols()), fields);
    if (w.empty()) {
        return;
    }
    for_row_tiles(ieff.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        fold_ieff(ieff.middleRows(r0, nr), static_cast<std::size_t>(r0), w, mvar_per_a, dt_s, stats);
    });
    for_row_tiles(ground.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        fold_abs_peak(ground.middleRows(r0, nr), static_cast<std::size_t>(r0), w, stats.ground_peak_abs_a, &stats.ground_peak_step);
    });
    for_row_tiles(emf.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        fold_abs_peak(emf.middleRows(r0, nr), static_cast<std::size_t>(r0), w, stats.line_emf_peak_abs_v, nullptr);
        fold_abs_peak(line_gic.middleRows(r0, nr), static_cast<std::size_t>(r0), w, stats.line_gic_peak_abs_a, nullptr);
    });
    fold_system(system_q, w, stats);
}

/// The 2K field components of steps first .. first + cols − 1: row 2k = E_N of source k, 2k + 1 = E_E.
void field_block(const FieldSources& fields, std::size_t first, std::size_t cols, Eigen::MatrixXd& e) {
    const std::size_t k = fields.e_north_v_per_km.size();
    e.resize(static_cast<Eigen::Index>(2 * k), static_cast<Eigen::Index>(cols));
    for (std::size_t c = 0; c < cols; ++c) {
        for (std::size_t s = 0; s < k; ++s) {
            e(static_cast<Eigen::Index>(2 * s), static_cast<Eigen::Index>(c)) = fields.e_north_v_per_km[s][first + c];
            e(static_cast<Eigen::Index>(2 * s + 1), static_cast<Eigen::Index>(c)) = fields.e_east_v_per_km[s][first + c];
        }
    }
}

/// Responses of every output to a unit field component (columns 2k, 2k + 1: 1 V/km north, east of source k).
struct UnitResponses {
    Eigen::MatrixXd emf, ground, ieff, line_gic, hv, lv;
};

UnitResponses unit_responses(const GicSolver& solver, const std::vector<LineCoupling>& couplings, std::size_t n_sources,
                             bool windings) {
    UnitResponses r;
    r.emf.setZero(static_cast<Eigen::Index>(couplings.size()), static_cast<Eigen::Index>(2 * n_sources));
    for (std::size_t l = 0; l < couplings.size(); ++l) {
        for (const auto& part : couplings[l].parts) {
            r.emf(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(2 * part.source)) += part.d.north_km;
            r.emf(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(2 * part.source + 1)) += part.d.east_km;
        }
    }
    solver.solve_many(r.emf, &r.ground, &r.ieff, &r.line_gic, windings ? &r.hv : nullptr, windings ? &r.lv : nullptr);
    return r;
}

/// out = rows r0 .. r0 + nr − 1 of R, times E. For few components (2K ≤ 16) a coefficient-wise product
/// (vectorised down the rows) beats Eigen's GEMM, whose packing does not pay for an inner size of 2.
template <class Out>
void product_rows(const Eigen::MatrixXd& r, Eigen::Index r0, Eigen::Index nr, const Eigen::MatrixXd& e, Out&& out) {
    if (e.rows() <= 16) {
        out.noalias() = r.middleRows(r0, nr).lazyProduct(e);
    } else {
        out.noalias() = r.middleRows(r0, nr) * e;
    }
}

/// Superposition with a sink: every output of the block, R·E, row tile by row tile, and while a tile is in
/// cache its |Ieff|, its Mvar loss and its statistics (the same operations, in the same order, as forming
/// each whole matrix first and folding it afterwards: the same values to the bit, with one pass over memory
/// instead of four). The system loss is left to the caller.
void superpose_block(const UnitResponses& r, const Eigen::MatrixXd& e, const Window& w, const Eigen::VectorXd& mvar_per_a, double dt_s,
                     GicTimeSeriesStats& stats, Eigen::MatrixXd& emf, Eigen::MatrixXd& ground, Eigen::MatrixXd& ieff,
                     Eigen::MatrixXd& line_gic, Eigen::MatrixXd& hv, Eigen::MatrixXd& lv, Eigen::MatrixXd& qloss) {
    const Eigen::Index cols = e.cols();
    ieff.resize(r.ieff.rows(), cols);
    qloss.resize(r.ieff.rows(), cols);
    hv.resize(r.hv.rows(), cols);
    lv.resize(r.lv.rows(), cols);
    for_row_tiles(r.ieff.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        auto t = ieff.middleRows(r0, nr);
        product_rows(r.ieff, r0, nr, e, t);
        t = t.cwiseAbs();
        qloss.middleRows(r0, nr).noalias() = mvar_per_a.segment(r0, nr).asDiagonal() * t;
        product_rows(r.hv, r0, nr, e, hv.middleRows(r0, nr));
        product_rows(r.lv, r0, nr, e, lv.middleRows(r0, nr));
        if (!w.empty()) {
            fold_ieff(t, static_cast<std::size_t>(r0), w, mvar_per_a, dt_s, stats);
        }
    });
    ground.resize(r.ground.rows(), cols);
    for_row_tiles(r.ground.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        product_rows(r.ground, r0, nr, e, ground.middleRows(r0, nr));
        if (!w.empty()) {
            fold_abs_peak(ground.middleRows(r0, nr), static_cast<std::size_t>(r0), w, stats.ground_peak_abs_a, &stats.ground_peak_step);
        }
    });
    emf.resize(r.emf.rows(), cols);
    line_gic.resize(r.line_gic.rows(), cols);
    for_row_tiles(r.emf.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        product_rows(r.emf, r0, nr, e, emf.middleRows(r0, nr));
        product_rows(r.line_gic, r0, nr, e, line_gic.middleRows(r0, nr));
        if (!w.empty()) {
            fold_abs_peak(emf.middleRows(r0, nr), static_cast<std::size_t>(r0), w, stats.line_emf_peak_abs_v, nullptr);
            fold_abs_peak(line_gic.middleRows(r0, nr), static_cast<std::size_t>(r0), w, stats.line_gic_peak_abs_a, nullptr);
        }
    });
}

/// Calls fold(c, v) for each column c of the window, v = rows r0 .. r0 + nr − 1 of R times column c of E
/// (nr ≤ tile_rows values, in L1): the product is consumed as it is made and never stored.
template <class Fold>
void fused_rows(const Eigen::MatrixXd& r, Eigen::Index r0, Eigen::Index nr, const Eigen::MatrixXd& e, const Window& w, Fold&& fold) {
    double v[tile_rows];
    const Eigen::Index k2 = e.rows();
    for (Eigen::Index c = w.c_begin; c < w.c_end; ++c) {
        const double* rc = r.col(0).data() + r0;
        const double e0 = e(0, c);
        for (Eigen::Index i = 0; i < nr; ++i) {
            v[i] = rc[i] * e0;
        }
        for (Eigen::Index j = 1; j < k2; ++j) {
            const double* rj = r.col(j).data() + r0;
            const double ej = e(j, c);
            for (Eigen::Index i = 0; i < nr; ++i) {
                v[i] += rj[i] * ej;
            }
        }
        fold(c, v);
    }
}

/// Superposition without a sink: each tile of rows of R·E is folded into the statistics column by column
/// while in L1, so nothing of size elements × steps is ever held or written.
void superpose_stats_only(const UnitResponses& r, const Eigen::MatrixXd& e, std::size_t first, const Eigen::VectorXd& mvar_per_a,
                          double dt_s, const FieldSources& fields, GicTimeSeriesStats& stats) {
    const Window w = window_of(first, static_cast<std::size_t>(e.cols()), fields);
    if (w.empty()) {
        return;
    }
    // The running peaks of a tile are copied into local arrays (no aliasing with v: the loops vectorise,
    // with selects instead of branches) and back at the end.
    const auto peak_of = [&](const Eigen::MatrixXd& resp, std::vector<double>& peak_all, std::vector<std::size_t>* step_all) {
        for_row_tiles(resp.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
            double peak[tile_rows];
            std::size_t when[tile_rows];
            std::copy_n(peak_all.data() + r0, nr, peak);
            if (step_all == nullptr) {
                fused_rows(resp, r0, nr, e, w, [&](Eigen::Index, const double* v) {
                    for (Eigen::Index i = 0; i < nr; ++i) {
                        peak[i] = std::max(peak[i], std::abs(v[i]));
                    }
                });
            } else {
                std::copy_n(step_all->data() + r0, nr, when);
                fused_rows(resp, r0, nr, e, w, [&](Eigen::Index c, const double* v) {
                    const std::size_t step = w.first + static_cast<std::size_t>(c);
                    for (Eigen::Index i = 0; i < nr; ++i) {
                        const double a = std::abs(v[i]);
                        const bool higher = a > peak[i];
                        peak[i] = higher ? a : peak[i];
                        when[i] = higher ? step : when[i];
                    }
                });
                std::copy_n(when, nr, step_all->data() + r0);
            }
            std::copy_n(peak, nr, peak_all.data() + r0);
        });
    };
    peak_of(r.emf, stats.line_emf_peak_abs_v, nullptr);
    peak_of(r.line_gic, stats.line_gic_peak_abs_a, nullptr);
    peak_of(r.ground, stats.ground_peak_abs_a, &stats.ground_peak_step);
    // Effective GIC; the system loss as the column sums of each tile, added in tile order (the same for
    // any number of threads).
    const Eigen::Index n_tiles = (r.ieff.rows() + tile_rows - 1) / tile_rows;
    Eigen::MatrixXd tile_q = Eigen::MatrixXd::Zero(std::max<Eigen::Index>(1, n_tiles), e.cols());
    for_row_tiles(r.ieff.rows(), [&](Eigen::Index r0, Eigen::Index nr) {
        double peak[tile_rows], above[tile_rows] = {}, sum[tile_rows] = {}, mvar[tile_rows];
        std::size_t when[tile_rows];
        std::copy_n(stats.ieff_peak_a.data() + r0, nr, peak);
        std::copy_n(stats.ieff_peak_step.data() + r0, nr, when);
        std::copy_n(mvar_per_a.data() + r0, nr, mvar);
        const double threshold = stats.threshold_a;
        fused_rows(r.ieff, r0, nr, e, w, [&](Eigen::Index c, const double* v) {
            const std::size_t step = w.first + static_cast<std::size_t>(c);
            double q = 0.0;
            for (Eigen::Index i = 0; i < nr; ++i) {
                const double a = std::abs(v[i]);
                const bool higher = a > peak[i];
                peak[i] = higher ? a : peak[i];
                when[i] = higher ? step : when[i];
                above[i] += a > threshold ? 1.0 : 0.0;
                sum[i] += a;
                q += mvar[i] * a;
            }
            tile_q(r0 / tile_rows, c) = q;
        });
        std::copy_n(peak, nr, stats.ieff_peak_a.data() + r0);
        std::copy_n(when, nr, stats.ieff_peak_step.data() + r0);
        for (Eigen::Index i = 0; i < nr; ++i) {
            stats.time_above_threshold_s[static_cast<std::size_t>(r0 + i)] += above[i] * dt_s;
            stats.qloss_integral_mvar_h[static_cast<std::size_t>(r0 + i)] += mvar[i] * sum[i] * dt_s / 3600.0;
        }
    });
    const Eigen::MatrixXd system_q = tile_q.colwise().sum();
    fold_system(system_q, w, stats);
}

}  // namespace

GicSeriesPlan plan_gic_timeseries(const Network& network, const GicSolver& solver, const std::vector<LineCoupling>& couplings,
                                  const FieldSources& fields, bool with_sink, std::size_t block_steps, GicSeriesMethod method) {
    const auto n_lines = static_cast<double>(network.lines.size());
    const auto n_subs = static_cast<double>(network.substations.size());
    const auto n_tr = static_cast<double>(network.transformers.size());
    const auto n_nodes = static_cast<double>(solver.node_count());
    const auto f = static_cast<double>(solver.nonzeros_in_factor());
    double parts = 0.0;
    for (const auto& c : couplings) {
        parts += static_cast<double>(c.parts.size());
    }
    const auto n = static_cast<double>(fields.steps());
    const double k2 = 2.0 * static_cast<double>(fields.e_north_v_per_km.size());
    const double post = 2.0 * n_subs + 10.0 * n_tr + 4.0 * n_lines;
    // An operation of the sparse triangular solves (indirect addressing, one column at a time) costs about
    // seven times one of the dense products on the benchmark machine (docs/gic-model.md); counted 4×.
    constexpr double sparse_weight = 4.0;
    const double solve = sparse_weight * (4.0 * f + 2.0 * n_nodes) + post;
    const double rows = 2.0 * n_lines + n_subs + n_tr + (with_sink ? 2.0 * n_tr : 0.0);
    GicSeriesPlan plan;
    plan.per_step_flops = n * (solve + 2.0 * parts);
    plan.superposition_flops = k2 * solve + n * 2.0 * rows * k2;
    plan.response_bytes = 8.0 * k2 * rows;
    constexpr double budget_bytes = 256.0 * 1024.0 * 1024.0;
    if (method == GicSeriesMethod::automatic) {
        const bool cheaper = plan.superposition_flops < plan.per_step_flops && k2 < n && plan.response_bytes <= budget_bytes;
        method = cheaper ? GicSeriesMethod::superposition : GicSeriesMethod::per_step;
    }
    plan.method = method;
    if (block_steps == 0) {
        // Bytes per step held by a block: the output matrices (with a sink: EMF, ground, Ieff, line GIC,
        // the windings, Q), and for per-step solves the nodal voltages and the EMF copy of solve_many.
        double per_step_bytes = 0.0;
        if (with_sink || method == GicSeriesMethod::per_step) {
            per_step_bytes = 8.0 * (2.0 * n_lines + n_subs + n_tr + (with_sink ? 3.0 * n_tr : 0.0));
        }
        if (method == GicSeriesMethod::per_step) {
            per_step_bytes += 8.0 * (n_nodes + n_lines);
        }
        // Superposition: blocks small enough to stay in cache from the product to the sink (32 MiB); per-step
        // solves: as large as the budget allows (each block walks the factor once).
        const double block_budget = method == GicSeriesMethod::superposition ? 32.0 * 1024.0 * 1024.0 : budget_bytes;
        const double fit = per_step_bytes > 0.0 ? block_budget / per_step_bytes : 256.0;
        const auto multiple = static_cast<std::size_t>(std::clamp(fit / static_cast<double>(gic_block_step_multiple), 1.0, 8.0));
        block_steps = multiple * gic_block_step_multiple;
    }
    plan.block_steps = std::max<std::size_t>(1, block_steps);
    return plan;
}

GicTimeSeriesStats run_gic_timeseries(const Network& network, const GicSolver& solver,
                                      const std::vector<LineCoupling>& couplings, const FieldSources& fields, double dt_s,
                                      double threshold_a, const std::function<void(const GicBlock&)>& sink,
                                      std::size_t block_steps, GicSeriesMethod method) {
    check_inputs(network.lines.size(), couplings, fields);
    GicTimeSeriesStats stats;
    stats.threshold_a = threshold_a;
    stats.ieff_peak_a.assign(network.transformers.size(), 0.0);
    stats.ieff_peak_step.assign(network.transformers.size(), 0);
    stats.time_above_threshold_s.assign(network.transformers.size(), 0.0);
    stats.ground_peak_abs_a.assign(network.substations.size(), 0.0);
    stats.ground_peak_step.assign(network.substations.size(), 0);
    stats.line_emf_peak_abs_v.assign(network.lines.size(), 0.0);
    stats.line_gic_peak_abs_a.assign(network.lines.size(), 0.0);
    stats.edge_steps = fields.edge_steps;
    stats.qloss_integral_mvar_h.assign(network.transformers.size(), 0.0);
    Eigen::VectorXd mvar_per_a(static_cast<Eigen::Index>(network.transformers.size()));
    for (std::size_t t = 0; t < network.transformers.size(); ++t) {
        mvar_per_a(static_cast<Eigen::Index>(t)) = qloss_mvar_per_a(network, network.transformers[t]);
    }

    const std::size_t n_steps = fields.steps();
    const GicSeriesPlan plan = plan_gic_timeseries(network, solver, couplings, fields, static_cast<bool>(sink), block_steps, method);
    block_steps = plan.block_steps;
    Eigen::MatrixXd emf, ground, ieff, line_gic, i_hv, i_lv, qloss, system_q, e;
    const bool superpose = plan.method == GicSeriesMethod::superposition && n_steps > 0;
    UnitResponses r;
    if (superpose) {
        r = unit_responses(solver, couplings, fields.e_north_v_per_km.size(), static_cast<bool>(sink));
    }
    for (std::size_t first = 0; first < n_steps; first += block_steps) {
        const std::size_t cols = std::min(block_steps, n_steps - first);
        if (superpose) {
            field_block(fields, first, cols, e);
            if (!sink) {
                superpose_stats_only(r, e, first, mvar_per_a, dt_s, fields, stats);
                continue;
            }
            const Window w = window_of(first, cols, fields);
            superpose_block(r, e, w, mvar_per_a, dt_s, stats, emf, ground, ieff, line_gic, i_hv, i_lv, qloss);
            system_q = mvar_per_a.transpose() * ieff;
            if (!w.empty()) {
                fold_system(system_q, w, stats);
            }
            sink(GicBlock{first, &emf, &ground, &ieff, &line_gic, &i_hv, &i_lv, &qloss, &system_q});
            continue;
        } else {
            assemble_emf_block(couplings, fields, first, cols, emf);
            solver.solve_many(emf, &ground, &ieff, &line_gic, sink ? &i_hv : nullptr, sink ? &i_lv : nullptr);
        }
        ieff = ieff.cwiseAbs();
        system_q = mvar_per_a.transpose() * ieff;
        accumulate_stats(first, emf, ground, ieff, line_gic, mvar_per_a, system_q, dt_s, fields, stats);
        if (sink) {
            qloss = mvar_per_a.asDiagonal() * ieff;
            sink(GicBlock{first, &emf, &ground, &ieff, &line_gic, &i_hv, &i_lv, &qloss, &system_q});
        }
    }
    stats.qloss_peak_mvar.resize(network.transformers.size());
    for (std::size_t t = 0; t < network.transformers.size(); ++t) {
        stats.qloss_peak_mvar[t] = mvar_per_a(static_cast<Eigen::Index>(t)) * stats.ieff_peak_a[t];
    }
    return stats;
}

}  // namespace swx
