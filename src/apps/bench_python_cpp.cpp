// swxrisk-bench-python-cpp: the C++ side of scripts/bench-python (same work as python_overhead.py).
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/io/grid_reader.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    const std::string horton = argc > 1 ? argv[1] : "datasets/horton2012";
    swx::ProblemSink problems;
    const auto grid = swx::io::read_grid(horton, problems);
    const swx::GicSolver solver(grid.network, problems);
    const int n = 2000;
    auto t0 = std::chrono::steady_clock::now();
    double checksum = 0.0;
    for (int i = 0; i < n; ++i) {
        const auto d = swx::line_displacements(grid.network, swx::DistanceMethod::nerc);
        checksum += swx::run_uniform_gic(grid.network, d, solver, 1.0, 90.0, false).result.ground_gic_a[5];
    }
    const double horton_us = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / n * 1e6;

    swx::SyntheticGridOptions o;
    o.substations = 10000;
    const swx::Network net = swx::make_synthetic_grid(o);
    const swx::GicSolver big(net, problems);
    const auto disp = swx::line_displacements(net, swx::DistanceMethod::geodesic);
    std::vector<swx::LineCoupling> couplings(net.lines.size());
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        couplings[l].parts.push_back({0, disp[l]});
    }
    swx::FieldSources fields;
    fields.e_north_v_per_km.assign(1, std::vector<double>(1440));
    fields.e_east_v_per_km.assign(1, std::vector<double>(1440));
    for (int i = 0; i < 1440; ++i) {
        fields.e_north_v_per_km[0][static_cast<std::size_t>(i)] = 0.5 * std::sin(i * 60.0 / 900.0);
        fields.e_east_v_per_km[0][static_cast<std::size_t>(i)] = 0.3 * std::cos(i * 60.0 / 1300.0);
    }
    t0 = std::chrono::steady_clock::now();
    const auto stats = swx::run_gic_timeseries(net, big, couplings, fields, 60.0, 75.0);
    const double series_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%.3f %.4f %g\n", horton_us, series_s, checksum + stats.ieff_peak_a[0]);
    return 0;
}
