#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/qloss.hpp>
#include <swx/core/network/synthetic_grid.hpp>

#include <catch2/catch.hpp>

#include "support/two_gsu_network.hpp"

#include <cmath>

using namespace swx;

TEST_CASE("GIC time series: each step equals a single solve, blocks do not matter", "[core][gic]") {
    SyntheticGridOptions o;
    o.substations = 200;
    const Network net = make_synthetic_grid(o);
    ProblemSink problems;
    const GicSolver solver(net, problems);
    // Two field sources; line l takes its northward displacement from source (l % 2).
    std::vector<LineCoupling> couplings(net.lines.size());
    std::vector<Displacement> disp(net.lines.size());
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        const auto route = net.route(net.lines[l]);
        disp[l] = nerc_displacement(route.front(), route.back());
        couplings[l].parts.push_back({l % 2, {disp[l].north_km, 0.0}});
        couplings[l].parts.push_back({(l + 1) % 2, {0.0, disp[l].east_km}});
    }
    FieldSources fields;
    const std::size_t steps = 37;
    fields.e_north_v_per_km.assign(2, std::vector<double>(steps));
    fields.e_east_v_per_km.assign(2, std::vector<double>(steps));
    for (std::size_t t = 0; t < steps; ++t) {
        for (std::size_t k = 0; k < 2; ++k) {
            fields.e_north_v_per_km[k][t] = std::sin(0.3 * static_cast<double>(t) + static_cast<double>(k));
            fields.e_east_v_per_km[k][t] = 2.0 * std::cos(0.2 * static_cast<double>(t) * static_cast<double>(k + 1));
        }
    }
    std::vector<std::vector<double>> ieff_by_step(steps);
    const auto stats = run_gic_timeseries(net, solver, couplings, fields, 60.0, 5.0,
                                          [&](const GicBlock& b) {
                                              for (Eigen::Index c = 0; c < b.ieff_a->cols(); ++c) {
                                                  const auto col = b.ieff_a->col(c);
                                                  ieff_by_step[b.first_step + static_cast<std::size_t>(c)].assign(col.data(), col.data() + col.size());
                                              }
                                          },
                                          8);
    const auto stats_one_block = run_gic_timeseries(net, solver, couplings, fields, 60.0, 5.0, {}, 1000);
    for (std::size_t t : {0ul, 7ul, 8ul, 36ul}) {
        std::vector<double> emf(net.lines.size());
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            emf[l] = disp[l].north_km * fields.e_north_v_per_km[l % 2][t] + disp[l].east_km * fields.e_east_v_per_km[(l + 1) % 2][t];
        }
        const GicResult r = solver.solve(emf);
        for (std::size_t i = 0; i < net.transformers.size(); ++i) {
            CHECK_THAT(ieff_by_step[t][i], Catch::Matchers::WithinAbs(r.ieff_a[i], 1e-9 * (1.0 + r.ieff_a[i])));
        }
    }
    double above = 0.0;
    for (std::size_t i = 0; i < net.transformers.size(); ++i) {
        double peak = 0.0;
        std::size_t when = 0;
        double secs = 0.0;
        for (std::size_t t = 0; t < steps; ++t) {
            if (ieff_by_step[t][i] > peak) {
                peak = ieff_by_step[t][i];
                when = t;
            }
            secs += ieff_by_step[t][i] > 5.0 ? 60.0 : 0.0;
        }
        CHECK(stats.ieff_peak_a[i] == Approx(peak));
        CHECK(stats.ieff_peak_step[i] == when);
        CHECK(stats.time_above_threshold_s[i] == Approx(secs));
        CHECK(stats_one_block.ieff_peak_a[i] == Approx(peak));
        CHECK(stats_one_block.time_above_threshold_s[i] == Approx(secs));
        above += secs;
    }
    CHECK(above > 0.0);  // the threshold is crossed somewhere, so the count is exercised
}

TEST_CASE("GIC time series: Mvar loss over time, its peak, time integral and system total", "[core][gic]") {
    // Two grounded 500 kV GSUs joined by one 100 km north-south line; per phase loop 3·0.5 + 0.1 + 2 + 0.1 + 3·0.5 = 5.2 ohm,
    // so a northward field E gives Ieff = 100·E/5.2 A in both units.
    Network net = swx::test::two_gsu_network();
    net.buses[0].vm_pu = 1.03;
    net.transformers[1].k_factor = 0.9;
    ProblemSink problems;
    const GicSolver solver(net, problems);
    std::vector<LineCoupling> couplings(1);
    couplings[0].parts.push_back({0, {100.0, 0.0}});
    // E_N(t) = 0.1·t V/km for t = 0..19, one-minute steps; steps 0, 1 and 18, 19 are the edge zone.
    FieldSources fields;
    const std::size_t steps = 20;
    fields.e_north_v_per_km.assign(1, std::vector<double>(steps));
    fields.e_east_v_per_km.assign(1, std::vector<double>(steps, 0.0));
    for (std::size_t t = 0; t < steps; ++t) {
        fields.e_north_v_per_km[0][t] = 0.1 * static_cast<double>(t);
    }
    fields.edge_steps = 2;
    Eigen::MatrixXd q_series(2, static_cast<Eigen::Index>(steps)), total(1, static_cast<Eigen::Index>(steps));
    const auto stats = run_gic_timeseries(net, solver, couplings, fields, 60.0, 75.0,
                                          [&](const GicBlock& b) {
                                              q_series.middleCols(static_cast<Eigen::Index>(b.first_step), b.qloss_mvar->cols()) =
                                                  *b.qloss_mvar;
                                              total.middleCols(static_cast<Eigen::Index>(b.first_step), b.system_qloss_mvar->cols()) =
                                                  *b.system_qloss_mvar;
                                          },
                                          7);
    const double per_a[2] = {1.80 * 1.03 * std::sqrt(1.5) * 0.5, 0.9 * 1.0 * std::sqrt(1.5) * 0.5};  // Mvar per A
    const double i_per_step = 100.0 * 0.1 / 5.2;                                                     // A per step index
    using Catch::Matchers::WithinAbs;
    for (std::size_t t = 0; t < steps; ++t) {
        const double i = i_per_step * static_cast<double>(t);
        CHECK_THAT(q_series(0, static_cast<Eigen::Index>(t)), WithinAbs(per_a[0] * i, 1e-9));
        CHECK_THAT(q_series(1, static_cast<Eigen::Index>(t)), WithinAbs(per_a[1] * i, 1e-9));
        CHECK_THAT(total(0, static_cast<Eigen::Index>(t)), WithinAbs((per_a[0] + per_a[1]) * i, 1e-9));
    }
    // Outside the edge zone: steps 2..17. Peak at step 17; integral = per_a·i_per_step·(2 + ... + 17)·60 s / 3600.
    const double sum_t = (2.0 + 17.0) * 16.0 / 2.0;
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK_THAT(stats.qloss_peak_mvar[k], WithinAbs(per_a[k] * i_per_step * 17.0, 1e-9));
        CHECK_THAT(stats.qloss_integral_mvar_h[k], WithinAbs(per_a[k] * i_per_step * sum_t / 60.0, 1e-9));
    }
    CHECK_THAT(stats.system_qloss_peak_mvar, WithinAbs((per_a[0] + per_a[1]) * i_per_step * 17.0, 1e-9));
    CHECK(stats.system_qloss_peak_step == 17);
}
