// swxrisk-measure-public-grid: how good is a grid built from a public line map? Reads a full model,
// strips it to what a public map holds (public_map_of), builds the approximate grid (build_grid) and
// solves both under 1 V/km eastward and under the NERC TPL-007 benchmark (worst direction), then
// compares substation ground GIC (Spearman of |GIC|) and transformer Ieff (median and 90th-percentile
// relative error, grouped by substation and voltage levels). Run by scripts/measure-public-grid.
//
// usage: swxrisk-measure-public-grid (--grid PATH [--gic GIC] | --synthetic N) [--earth-model QUE]
//                                    [--defaults TOML] [--step-down]
#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/gic/scenario_gic.hpp>
#include <swx/core/network/grid_build.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/matpower_reader.hpp>
#include <swx/io/psse_reader.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/public_grid_reader.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Solved {
    std::vector<double> ground_a;
    std::vector<double> ieff_a;
};

/// 1 V/km towards azimuth 90 (east): ground GIC and Ieff at that direction.
Solved uniform_east(const swx::Network& net) {
    swx::ProblemSink problems;
    const swx::GicSolver solver(net, problems);
    const auto disp = swx::line_displacements(net, swx::DistanceMethod::geodesic);
    const swx::UniformGicStudy s = swx::run_uniform_gic(net, disp, solver, 1.0, 90.0, false);
    return {s.result.ground_gic_a, s.result.ieff_a};
}

/// NERC benchmark: ground GIC with the field eastward, Ieff in the worst direction per transformer.
Solved nerc_benchmark(const swx::Network& net, const std::string& earth_model) {
    swx::ProblemSink problems;
    const swx::GicSolver solver(net, problems);
    const swx::Ground ground = swx::io::load_ground("", earth_model, "", problems);
    const swx::BetaResolver betas = swx::io::load_beta_resolver(swx::NercEvent::benchmark, ground, "");
    const swx::ScenarioGic s = swx::run_scenario_gic(net, solver, ground, betas, swx::dipole_coefficients(2025.0), 90.0);
    return {s.study.result.ground_gic_a, s.study.sweep ? s.study.sweep->ieff_max_a : s.study.result.ieff_a};
}

void print(const char* label, const swx::GridQuality& q) {
    std::printf("%-22s substations %5zu  spearman_ground_gic %7.3f  transformer_groups %5zu (missing %zu, extra %zu)  "
                "ieff_rel_error median %6.3f p90 %6.3f\n",
                label, q.substations_compared, q.spearman_ground_gic, q.transformer_keys, q.keys_missing, q.keys_extra,
                q.ieff_median_rel_error, q.ieff_p90_rel_error);
}

}  // namespace

int main(int argc, char** argv) {
    std::string grid, gic, earth_model = "QUE", defaults;
    std::size_t synthetic = 0;
    bool step_down = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "swxrisk-measure-public-grid: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--grid") {
            grid = value();
        } else if (a == "--gic") {
            gic = value();
        } else if (a == "--synthetic") {
            synthetic = std::strtoul(value().c_str(), nullptr, 10);
        } else if (a == "--earth-model") {
            earth_model = value();
        } else if (a == "--defaults") {
            defaults = value();
        } else if (a == "--step-down") {
            step_down = true;
        } else {
            std::fprintf(stderr,
                         "usage: swxrisk-measure-public-grid (--grid PATH [--gic GIC] | --synthetic N) [--earth-model QUE] "
                         "[--defaults TOML] [--step-down]\n");
            return 2;
        }
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        swx::Network full;
        if (synthetic > 0) {
            swx::SyntheticGridOptions o;
            o.substations = synthetic;
            full = swx::make_synthetic_grid(o);
            grid = "synthetic(" + std::to_string(synthetic) + ")";
        } else {
            swx::ProblemSink problems;
            const bool m_file = grid.size() > 2 && grid.compare(grid.size() - 2, 2, ".m") == 0;
            full = !gic.empty() ? swx::io::read_psse(grid, gic, problems).network
                   : m_file     ? swx::io::read_matpower(grid, problems).network
                                : swx::io::read_grid(grid, problems).network;
        }
        swx::GridBuildOptions options;
        if (!defaults.empty()) {
            options.defaults = swx::io::read_grid_defaults(defaults);
        }
        options.defaults.single_level_step_down = step_down || options.defaults.single_level_step_down;
        swx::ProblemSink problems;
        swx::GridBuildReport report;
        const swx::Network approx = swx::build_grid(swx::public_map_of(full), options, problems, &report);
        swx::validate_network(approx, {});
        std::printf("%s: full %zu substations, %zu buses, %zu transformers, %zu lines; approximate %zu substations, %zu buses, "
                    "%zu transformers, %zu lines (single-level step-down %s)\n",
                    grid.c_str(), full.substations.size(), full.buses.size(), full.transformers.size(), full.lines.size(),
                    approx.substations.size(), approx.buses.size(), approx.transformers.size(), approx.lines.size(),
                    step_down ? "on" : "off");
        const Solved fu = uniform_east(full);
        const Solved au = uniform_east(approx);
        print("1 V/km east", swx::compare_grids(full, fu.ground_a, fu.ieff_a, approx, au.ground_a, au.ieff_a));
        const Solved fn = nerc_benchmark(full, earth_model);
        const Solved an = nerc_benchmark(approx, earth_model);
        print(("NERC benchmark " + earth_model).c_str(), swx::compare_grids(full, fn.ground_a, fn.ieff_a, approx, an.ground_a, an.ieff_a));
        std::printf("total %.2f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ERROR: %s\n", e.what());
        return 2;
    }
    return 0;
}
