// swxrisk-bench-exposure: times the site-exposure study (run by scripts/bench-exposure):
//  * the exposure raster over the contiguous US at 0.05° with a 10k-substation synthetic grid;
//  * ranking 100k candidate sites against that grid.
//  * return periods of the 75 A threshold for 100k sites with that grid (hazard = "return-period"),
//    with `swxrisk-bench-exposure return-period` alone (scripts/bench-return-period).
// Inputs are generated into a temporary folder and read back through the real readers.
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/efield/return_level.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/hazard_tables.hpp>
#include <swx/study/site_study.hpp>
#include <swx/io/table_writer.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace fs = std::filesystem;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void write_sites(const fs::path& path, std::size_t n) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> lon(-120.0, -75.0), lat(30.0, 48.0);
    swx::FeatureTable t;
    t.name = "sites";
    t.geometry_kind = swx::GeometryKind::point;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < n; ++i) {
        ids.push_back("site" + std::to_string(i + 1));
        t.geometry.push_back({{lon(rng), lat(rng)}});
    }
    t.add("id", std::move(ids));
    swx::io::write_gpkg({&t}, path);
}

/// Runs a study and returns (total seconds, seconds per progress step).
void run(const fs::path& toml, const char* label) {
    const auto t0 = std::chrono::steady_clock::now();
    double last = 0.0;
    std::string last_step;
    std::vector<std::pair<std::string, double>> steps;
    swx::ProblemSink problems;
    const swx::io::StudyConfig config = swx::io::load_study_config(toml);
    const auto result = swx::study::run_study(config, problems, [&](const std::string& step) {
        const double now = seconds_since(t0);
        if (!last_step.empty()) {
            steps.emplace_back(last_step, now - last);
        }
        last = now;
        last_step = step;
    });
    steps.emplace_back(last_step, seconds_since(t0) - last);
    std::printf("%s: %.3f s in all (%zu sites ranked)\n", label, seconds_since(t0), result.sites.size());
    for (const auto& [step, s] : steps) {
        std::printf("    %7.3f s  %s\n", s, step.substr(0, 90).c_str());
    }
}
/// The per-site kernel alone, as scripts/bench_return_period_numpy.py computes it: the hazard curve at the
/// profile's five return periods and the return period of E* = 75 A x E_100 / Ieff for 100k points on one
/// earth model, dip latitude = dipole latitude (as numpy), then with the IGRF-14 dip latitude; one core and all.
void kernel() {
    swx::ProblemSink problems;
    const swx::Ground ground = swx::io::load_ground("", "PT1", "", problems);
    const swx::BetaResolver betas = swx::io::load_beta_resolver(swx::NercEvent::benchmark, ground, "");
    const swx::DipoleCoefficients dipole = swx::dipole_coefficients(2025.0);
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> lon(-120.0, -75.0), lat(30.0, 48.0), ieff(5.0, 150.0);
    const std::size_t n = 100000;
    std::vector<swx::GeoPoint> p(n);
    std::vector<double> current(n);
    for (std::size_t i = 0; i < n; ++i) {
        p[i] = {lon(rng), lat(rng)};
        current[i] = ieff(rng);
    }
    for (const bool igrf : {false, true}) {
        const swx::ReturnLevelHazard h(ground, betas, dipole, igrf ? swx::io::igrf_dip_latitude(2025.0) : swx::DipLatitudeFn{},
                                       swx::DriverProfile::bundled(), swx::StormTerms::bundled(), {});
        std::vector<double> years(n);
        for (const unsigned threads : {1U, 0U}) {
            const auto t0 = std::chrono::steady_clock::now();
            swx::parallel_for(
                n,
                [&](std::size_t i) {
                    const swx::HazardCurve c = h.curve(p[i]);
                    years[i] = swx::return_period_of(c, 75.0 * c.e_at(100.0).value / current[i]).years;
                },
                threads);
            std::printf("per-site kernel, 100k sites, %s, %s: %.3f s\n", igrf ? "IGRF-14 dip latitude" : "dip latitude = dipole latitude (as numpy)",
                        threads == 1 ? "1 thread" : "all cores", seconds_since(t0));
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    const bool only_return_period = argc > 1 && std::string(argv[1]) == "return-period";
    const fs::path dir = fs::temp_directory_path() / "swxrisk-bench-exposure";
    fs::remove_all(dir);
    fs::create_directories(dir);
    swx::SyntheticGridOptions o;
    o.substations = 10000;
    swx::io::write_grid(swx::make_synthetic_grid(o), (dir / "grid.gpkg").string());
    write_sites(dir / "sites100.gpkg", 100);
    write_sites(dir / "sites100k.gpkg", 100000);
    std::ofstream(dir / "raster.toml") << "[inputs]\nsites = \"sites100.gpkg\"\ngrid = \"grid.gpkg\"\nearth_model = \"PT1\"\n"
                                       << "[storm]\nscenario = \"nerc-benchmark\"\n"
                                       << "[area]\nbbox = [-125.0, 24.0, -66.0, 50.0]\nresolution_deg = 0.05\n";
    std::ofstream(dir / "sites.toml") << "[inputs]\nsites = \"sites100k.gpkg\"\ngrid = \"grid.gpkg\"\nearth_model = \"PT1\"\n"
                                      << "[storm]\nscenario = \"nerc-benchmark\"\n";
    std::ofstream(dir / "return_period.toml") << "[inputs]\nsites = \"sites100k.gpkg\"\ngrid = \"grid.gpkg\"\nearth_model = \"PT1\"\n"
                                              << "[storm]\nhazard = \"return-period\"\nthreshold_a = 75\n";
    if (!only_return_period) {
        std::printf("swxrisk exposure benchmark: 10k-substation synthetic grid (GeoPackage), NERC benchmark, PT1 ground\n");
        run(dir / "raster.toml", "exposure raster, contiguous US at 0.05 deg (1180 x 520), 100 sites (target < 5 s)");
        run(dir / "sites.toml", "100k candidate sites ranked, no raster (target < 2 s)");
    }
    run(dir / "return_period.toml", "return periods of 75 A for 100k sites, 10k-substation grid, PT1 ground (target < 3 s)");
    kernel();
    fs::remove_all(dir);
    return 0;
}
