// Benchmark driver for scripts/bench-read (not installed).
//
//   swxrisk-bench-read grid PATH [N] [--ogr]  read the grid PATH into a Network (read_grid: every check, route
//                                           orientation) N times (default 1); prints the best time and counts;
//                                           --ogr: every layer through OGR features (the general path)
//   swxrisk-bench-read inputs N SITES DIR   write a synthetic grid of N substations (DIR/grid.gpkg), SITES
//                                           random point sites over the contiguous US (DIR/sites.gpkg) and a
//                                           scenario file DIR/run.toml (NERC benchmark, PT1 ground) for a
//                                           whole-process `swxrisk run DIR/run.toml`
//   swxrisk-bench-read study TOML [--no-write]  run_study + write_study in-process, each step timed
#include <swx/core/base/table.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#define SWX_IO_INTERNAL
#include <swx/io/detail/grid_read.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/study_config.hpp>
#include <swx/io/table_writer.hpp>
#include <swx/study/site_study.hpp>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

long peak_rss_kb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

int read_grid_timed(const std::string& path, int repeat, bool ogr) {
    double best = 1e300;
    double best_cpu = 1e300;
    swx::io::GridDataset grid;
    std::size_t warnings = 0;
    for (int i = 0; i < repeat; ++i) {
        grid = {};
        const auto t0 = clock_type::now();
        const double c0 = cpu_seconds();
        swx::ProblemSink problems;
        grid = swx::io::detail::read_own_grid(path, problems, !ogr);
        best = std::min(best, since(t0));
        best_cpu = std::min(best_cpu, cpu_seconds() - c0);
        warnings = problems.problems().size();
    }
    const auto& n = grid.network;
    std::printf("read_grid%s %s: best of %d %.3f s wall, %.3f s CPU (%zu substations, %zu buses, %zu transformers, %zu lines, %zu warnings); "
                "peak RSS %ld kB\n",
                ogr ? " (OGR features throughout)" : "", path.c_str(), repeat, best, best_cpu, n.substations.size(), n.buses.size(), n.transformers.size(), n.lines.size(),
                warnings, peak_rss_kb());
    return 0;
}

int write_inputs(std::size_t substations, std::size_t sites, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    swx::SyntheticGridOptions o;
    o.substations = substations;
    swx::io::write_grid(swx::make_synthetic_grid(o), (dir / "grid.gpkg").string());
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> lon(-120.0, -75.0), lat(30.0, 48.0);
    swx::FeatureTable t;
    t.name = "sites";
    t.geometry_kind = swx::GeometryKind::point;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < sites; ++i) {
        ids.push_back("site" + std::to_string(i + 1));
        t.geometry.push_back({{lon(rng), lat(rng)}});
    }
    t.add("id", std::move(ids));
    swx::io::write_gpkg({&t}, dir / "sites.gpkg");
    std::ofstream(dir / "run.toml") << "[inputs]\nsites = \"sites.gpkg\"\ngrid = \"grid.gpkg\"\nearth_model = \"PT1\"\n"
                                    << "[storm]\nscenario = \"nerc-benchmark\"\n"
                                    << "[outputs]\nfolder = \"out\"\n";
    std::printf("wrote %s/{grid.gpkg,sites.gpkg,run.toml}: %zu substations, %zu sites\n", dir.c_str(), substations, sites);
    return 0;
}

/// A site study in-process, each step timed (the writing too).
int study_timed(const std::string& toml, bool write) {
    const auto t0 = clock_type::now();
    double last = 0.0;
    std::string last_step;
    std::vector<std::pair<std::string, double>> steps;
    swx::ProblemSink problems;
    const swx::io::StudyConfig config = swx::io::load_study_config(toml);
    const auto result = swx::study::run_study(config, problems, [&](const std::string& step) {
        const double now = since(t0);
        if (!last_step.empty()) {
            steps.emplace_back(last_step, now - last);
        }
        last = now;
        last_step = step;
    });
    steps.emplace_back(last_step, since(t0) - last);
    if (write) {
        const auto tw = clock_type::now();
        swx::study::write_study(config, result, true);
        steps.emplace_back("writing the outputs", since(tw));
    }
    std::printf("study %s: %.3f s in all (%zu sites ranked); peak RSS %ld kB\n", toml.c_str(), since(t0), result.sites.size(),
                peak_rss_kb());
    for (const auto& [step, s] : steps) {
        std::printf("    %7.3f s  %s\n", s, step.substr(0, 90).c_str());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "grid" && argc >= 3) {
        const bool ogr = std::string(argv[argc - 1]) == "--ogr";
        return read_grid_timed(argv[2], argc > 3 + (ogr ? 1 : 0) ? std::atoi(argv[3]) : 1, ogr);
    }
    if (mode == "inputs" && argc == 5) {
        return write_inputs(std::strtoul(argv[2], nullptr, 10), std::strtoul(argv[3], nullptr, 10), argv[4]);
    }
    if (mode == "study" && (argc == 3 || (argc == 4 && std::string(argv[3]) == "--no-write"))) {
        return study_timed(argv[2], argc == 3);
    }
    std::fprintf(stderr, "usage: swxrisk-bench-read grid PATH [N] [--ogr] | inputs SUBSTATIONS SITES DIR | study TOML [--no-write]\n");
    return 2;
}
