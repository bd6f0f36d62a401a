#include <swx/core/gic/gic_timeseries.hpp>

#include <swx/core/base/error.hpp>
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

/// Folds one block (columns = steps first ...) into the running peaks and times above the threshold,
/// leaving out the columns in the edge zone. `ieff` holds |Ieff| already.
void accumulate_stats(std::size_t first, const Eigen::MatrixXd& emf, const Eigen::MatrixXd& ground,
                      const Eigen::MatrixXd& ieff, const Eigen::MatrixXd& line_gic, const Eigen::VectorXd& mvar_per_a,
                      const Eigen::MatrixXd& system_q, double dt_s, const FieldSources& fields, GicTimeSeriesStats& stats) {
    // Columns [c_begin, c_end) of this block are outside the edge zone.
    const std::size_t n_steps = fields.steps();
    const std::size_t lo = std::max(first, fields.edge_steps);
    const std::size_t hi = std::min(first + static_cast<std::size_t>(ieff.cols()), n_steps - std::min(n_steps, fields.edge_steps));
    if (lo >= hi) {
        return;
    }
    const auto c_begin = static_cast<Eigen::Index>(lo - first);
    const auto c_end = static_cast<Eigen::Index>(hi - first);
    for (Eigen::Index t = 0; t < ieff.rows(); ++t) {
        const auto ti = static_cast<std::size_t>(t);
        for (Eigen::Index c = c_begin; c < c_end; ++c) {
            const double v = ieff(t, c);
            if (v > stats.ieff_peak_a[ti]) {
                stats.ieff_peak_a[ti] = v;
                stats.ieff_peak_step[ti] = first + static_cast<std::size_t>(c);
            }
            if (v > stats.threshold_a) {
                stats.time_above_threshold_s[ti] += dt_s;
            }
        }
        stats.qloss_integral_mvar_h[ti] += mvar_per_a(t) * ieff.row(t).segment(c_begin, c_end - c_begin).sum() * dt_s / 3600.0;
    }
    for (Eigen::Index c = c_begin; c < c_end; ++c) {
        if (system_q(0, c) > stats.system_qloss_peak_mvar) {
            stats.system_qloss_peak_mvar = system_q(0, c);
            stats.system_qloss_peak_step = first + static_cast<std::size_t>(c);
        }
    }
    for (Eigen::Index s = 0; s < ground.rows(); ++s) {
        const auto si = static_cast<std::size_t>(s);
        for (Eigen::Index c = c_begin; c < c_end; ++c) {
            const double v = std::abs(ground(s, c));
            if (v > stats.ground_peak_abs_a[si]) {
                stats.ground_peak_abs_a[si] = v;
                stats.ground_peak_step[si] = first + static_cast<std::size_t>(c);
            }
        }
    }
    for (Eigen::Index l = 0; l < emf.rows(); ++l) {
        const auto li = static_cast<std::size_t>(l);
        const Eigen::Index width = c_end - c_begin;
        stats.line_emf_peak_abs_v[li] =
            std::max(stats.line_emf_peak_abs_v[li], emf.row(l).segment(c_begin, width).cwiseAbs().maxCoeff());
        stats.line_gic_peak_abs_a[li] =
            std::max(stats.line_gic_peak_abs_a[li], line_gic.row(l).segment(c_begin, width).cwiseAbs().maxCoeff());
    }
}

}  // namespace

GicTimeSeriesStats run_gic_timeseries(const Network& network, const GicSolver& solver,
                                      const std::vector<LineCoupling>& couplings, const FieldSources& fields, double dt_s,
                                      double threshold_a, const std::function<void(const GicBlock&)>& sink,
                                      std::size_t block_steps) {
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
    block_steps = std::max<std::size_t>(1, block_steps);
    Eigen::MatrixXd emf, ground, ieff, line_gic, i_hv, i_lv, qloss, system_q;
    for (std::size_t first = 0; first < n_steps; first += block_steps) {
        const std::size_t cols = std::min(block_steps, n_steps - first);
        assemble_emf_block(couplings, fields, first, cols, emf);
        solver.solve_many(emf, &ground, &ieff, &line_gic, sink ? &i_hv : nullptr, sink ? &i_lv : nullptr);
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
