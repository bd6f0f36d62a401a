// Benchmark driver for scripts/bench-psse (not installed).
//
//   swxrisk-bench-psse case RAW GIC OUTDIR   read a PSS/E .raw + .gic, assemble and factor the DC network,
//                                            solve 1 V/km eastward, write substations.csv, buses.csv,
//                                            transformers.csv and lines.csv; prints each stage
//   swxrisk-bench-psse synthetic N DIR       a synthetic grid of N substations written with write_psse
//                                            into DIR, then read back and solved (time to the first solution)
//   swxrisk-bench-psse export RAW GIC FILE   the 1 V/km east Ieff per transformer (id,ieff_a) for the
//                                            numpy comparison
#include <swx/core/emf/geodesic.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/io/psse_reader.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

std::vector<double> east_emf(const swx::Network& net) {
    std::vector<double> emf;
    const swx::UniformField e = swx::field_from_azimuth(1.0, 90.0);
    for (const auto& d : swx::line_displacements(net, swx::DistanceMethod::nerc)) {
        emf.push_back(swx::emf_v(d, e));
    }
    return emf;
}

void write_csvs(const swx::Network& net, const swx::GicResult& r, const std::string& dir) {
    std::ofstream s(dir + "/substations.csv");
    s << "substation_id,ground_gic_a\n";
    for (std::size_t i = 0; i < net.substations.size(); ++i) {
        s << net.substations[i].id << ',' << r.ground_gic_a[i] << '\n';
    }
    std::ofstream t(dir + "/transformers.csv");
    t << "transformer_id,ieff_a\n";
    for (std::size_t i = 0; i < net.transformers.size(); ++i) {
        t << net.transformers[i].id << ',' << r.ieff_a[i] << '\n';
    }
    std::ofstream l(dir + "/lines.csv");
    l << "line_id,emf_v,gic_a\n";
    for (std::size_t i = 0; i < net.lines.size(); ++i) {
        l << net.lines[i].id << ',' << r.line_emf_v[i] << ',' << r.line_gic_a[i] << '\n';
    }
}

int run_case(const std::string& raw, const std::string& gic, const std::string& out) {
    const auto t0 = clock_type::now();
    swx::ProblemSink problems;
    const auto grid = swx::io::read_psse(raw, gic, problems);
    const double t_read = since(t0);
    const auto t1 = clock_type::now();
    const swx::GicSolver solver(grid.network, problems);
    const double t_factor = since(t1);
    const auto t2 = clock_type::now();
    const swx::GicResult r = solver.solve(east_emf(grid.network));
    const double t_solve = since(t2);
    const auto t3 = clock_type::now();
    write_csvs(grid.network, r, out);
    const double t_write = since(t3);
    std::printf("read .raw+.gic %.4f s (%zu substations, %zu buses, %zu lines, %zu transformers, %zu warnings); "
                "assemble+factor %.4f s; EMF+solve %.4f s; write CSVs %.4f s; total %.4f s\n",
                t_read, grid.network.substations.size(), grid.network.buses.size(), grid.network.lines.size(),
                grid.network.transformers.size(), problems.problems().size(), t_factor, t_solve, t_write, since(t0));
    return 0;
}

int run_synthetic(std::size_t n, const std::string& dir) {
    swx::SyntheticGridOptions o;
    o.substations = n;
    const auto tg = clock_type::now();
    const swx::Network net = swx::make_synthetic_grid(o);
    const double t_gen = since(tg);
    const std::string raw = dir + "/synthetic.raw", gic = dir + "/synthetic.gic";
    const auto tw = clock_type::now();
    swx::io::write_psse(net, raw, gic);
    const double t_write = since(tw);
    const auto t0 = clock_type::now();
    const std::clock_t c0 = std::clock();  // process CPU (user + sys): the machine may be loaded
    swx::ProblemSink problems;
    const auto grid = swx::io::read_psse(raw, gic, problems);
    const double t_read = since(t0);
    const double c_read = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const swx::GicSolver solver(grid.network, problems);
    const double t_factor = since(t0) - t_read;
    const swx::GicResult r = solver.solve(east_emf(grid.network));
    const double t_first = since(t0);
    const double c_first = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::ifstream a(raw, std::ios::ate), b(gic, std::ios::ate);
    std::printf("synthetic %zu substations (%zu buses, %zu lines, %zu transformers): generate %.3f s, write_psse %.3f s "
                "(%.1f + %.1f MB); read back %.3f s, assemble+factor %.3f s; first solution %.3f s after the start of "
                "reading (CPU user+sys: read back %.3f s, first solution %.3f s) (max Ieff %.1f A)\n",
                n, grid.network.buses.size(), grid.network.lines.size(), grid.network.transformers.size(), t_gen, t_write,
                static_cast<double>(a.tellg()) / 1e6, static_cast<double>(b.tellg()) / 1e6, t_read, t_factor, t_first, c_read, c_first,
                r.ieff_a.empty() ? 0.0 : *std::max_element(r.ieff_a.begin(), r.ieff_a.end()));
    return 0;
}

int run_export(const std::string& raw, const std::string& gic, const std::string& file) {
    swx::ProblemSink problems;
    const auto grid = swx::io::read_psse(raw, gic, problems);
    const swx::GicSolver solver(grid.network, problems);
    const swx::GicResult r = solver.solve(east_emf(grid.network));
    std::ofstream out(file);
    out.precision(12);
    out << "transformer_id,ieff_a\n";
    for (std::size_t i = 0; i < grid.network.transformers.size(); ++i) {
        out << grid.network.transformers[i].id << ',' << r.ieff_a[i] << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "case" && argc == 5) {
            return run_case(argv[2], argv[3], argv[4]);
        }
        if (mode == "synthetic" && argc == 4) {
            return run_synthetic(static_cast<std::size_t>(std::atol(argv[2])), argv[3]);
        }
        if (mode == "export" && argc == 5) {
            return run_export(argv[2], argv[3], argv[4]);
        }
        std::cerr << "usage: swxrisk-bench-psse case RAW GIC OUTDIR | synthetic N DIR | export RAW GIC FILE\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
