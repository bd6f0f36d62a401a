// swxrisk-bench-timeseries: the GIC time series by superposition (issue 13 §3; run by scripts/bench-timeseries).
// A synthetic grid of N substations, 1,440 one-minute steps, E(t) of one magnetometer record (K = 1
// source, layered earth). Times, best of --repeat:
//   * compute: run_gic_timeseries with statistics only (automatic method = superposition), and the same
//     by per-step solves (the exact path, what was done before);
//   * end to end with HDF5: GicSolver (assemble + factor), E(t), couplings, run_gic_timeseries with the
//     HDF5 writer, the file closed; its write rate, against a plain write() of the same number of bytes;
//   * the same with deflate compression (--deflate L, 0 = skip);
//   * peak RSS of the process (getrusage), printed last.
// Options: --substations N (10000), --repeat R (3), --export DIR (network, couplings, E(t) and timings for
// scripts/benchlib/timeseries_numpy.py), --per-step (also time the per-step solves), --dir D (where the HDF5
// files go; default the temp folder).
#include <swx/core/efield/efield.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/gic_timeseries_writer.hpp>

#include "bench_support.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using swx::bench::seconds_since;

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

/// Seconds to write `bytes` with write() in 4 MiB pieces into a new file and close it (what `dd bs=4M` does).
double raw_write_s(const std::filesystem::path& path, std::size_t bytes) {
    std::vector<char> buf(std::size_t{4} << 20, 'x');
    const auto t0 = std::chrono::steady_clock::now();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return -1.0;
    }
    for (std::size_t done = 0; done < bytes;) {
        const std::size_t n = std::min(buf.size(), bytes - done);
        const ssize_t w = ::write(fd, buf.data(), n);
        if (w <= 0) {
            break;
        }
        done += static_cast<std::size_t>(w);
    }
    ::close(fd);
    const double s = seconds_since(t0);
    std::filesystem::remove(path);
    return s;
}

}  // namespace

// Over 80 lines on purpose: a benchmark driver is a linear script, one block per reported figure.
int main(int argc, char** argv) {
    std::size_t n_substations = 10000;
    int repeat = 3, deflate = 1;
    bool per_step = false, compute_only = false;
    std::string export_dir;
    std::filesystem::path dir = std::filesystem::temp_directory_path();
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--substations") == 0 && i + 1 < argc) {
            n_substations = std::stoul(argv[++i]);
        } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = std::max(1, std::stoi(argv[++i]));
        } else if (std::strcmp(argv[i], "--deflate") == 0 && i + 1 < argc) {
            deflate = std::stoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--export") == 0 && i + 1 < argc) {
            export_dir = argv[++i];
        } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (std::strcmp(argv[i], "--per-step") == 0) {
            per_step = true;
        } else if (std::strcmp(argv[i], "--compute-only") == 0) {
            compute_only = true;
        } else {
            std::fprintf(stderr, "usage: swxrisk-bench-timeseries [--substations N] [--repeat R] [--deflate L] [--per-step] [--compute-only] "
                                 "[--export DIR] [--dir D]\n");
            return 2;
        }
    }
    constexpr std::size_t steps = 1440;
    constexpr double dt = 60.0;
    const auto library = swx::io::load_default_earth_models();
    const swx::EarthModel& model = library.find("PT1");
    swx::SyntheticGridOptions o;
    o.substations = n_substations;
    auto t0 = std::chrono::steady_clock::now();
    const swx::Network net = swx::make_synthetic_grid(o);
    const double grid_s = seconds_since(t0);
    std::vector<double> bx, by;
    swx::bench::synthetic_b(steps, dt, bx, by);
    const std::string tag = std::to_string(n_substations / 1000) + "k";

    // The whole chain after the grid: E(t), couplings, factor, series (+ HDF5 when `h5` is given).
    struct Run {
        double setup_s = 0.0, series_s = 0.0, sink_s = 0.0;
        swx::GicTimeSeriesStats stats;
        swx::GicSeriesPlan plan;
    };
    const auto run = [&](const std::filesystem::path* h5, int level, swx::GicSeriesMethod method) {
        Run r;
        const auto a = std::chrono::steady_clock::now();
        const swx::GeoelectricSeries e = swx::geoelectric_from_magnetic(model, bx, by, dt);
        const auto disp = swx::line_displacements(net, swx::DistanceMethod::geodesic);
        std::vector<swx::LineCoupling> couplings(net.lines.size());
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            couplings[l].parts.push_back({0, disp[l]});
        }
        swx::FieldSources fields;
        fields.e_north_v_per_km = {e.ex_v_per_km};
        fields.e_east_v_per_km = {e.ey_v_per_km};
        swx::ProblemSink problems;
        const swx::GicSolver solver(net, problems);
        r.setup_s = seconds_since(a);
        r.plan = swx::plan_gic_timeseries(net, solver, couplings, fields, h5 != nullptr, 0, method);
        const auto b = std::chrono::steady_clock::now();
        if (h5 == nullptr) {
            r.stats = swx::run_gic_timeseries(net, solver, couplings, fields, dt, 75.0, {}, 0, method);
        } else {
            swx::io::GicTimeSeriesWriter writer(*h5, net, {0, dt, steps}, {model.name()}, fields, {}, 75.0, level);
            r.stats = swx::run_gic_timeseries(net, solver, couplings, fields, dt, 75.0,
                                              [&](const swx::GicBlock& blk) {
                                                  const auto w0 = std::chrono::steady_clock::now();
                                                  writer.write_block(blk);
                                                  r.sink_s += seconds_since(w0);
                                              },
                                              0, method);
            const auto w0 = std::chrono::steady_clock::now();
            writer.finish(r.stats);
            r.sink_s += seconds_since(w0);
        }
        r.series_s = seconds_since(b);
        if (!export_dir.empty() && h5 == nullptr && method == swx::GicSeriesMethod::automatic) {
            std::filesystem::create_directories(export_dir);
            std::ofstream s(export_dir + "/substations.csv");
            s << "grounding_ohm\n";
            s.precision(17);
            for (const auto& sub : net.substations) {
                s << *sub.grounding_ohm << '\n';
            }
            std::ofstream bus(export_dir + "/buses.csv");
            bus << "substation,kv\n";
            bus.precision(17);
            for (const auto& bu : net.buses) {
                bus << bu.substation << ',' << bu.kv << '\n';
            }
            std::ofstream tr(export_dir + "/transformers.csv");
            tr << "type,hv_bus,lv_bus,r_hv_ohm,r_lv_ohm,neutral_blocked\n";
            tr.precision(17);
            for (const auto& t : net.transformers) {
                tr << swx::to_string(t.type) << ',' << t.hv_bus << ',' << t.lv_bus << ',' << t.r_hv_ohm << ',' << t.r_lv_ohm << ','
                   << (t.neutral_blocked ? 1 : 0) << '\n';
            }
            std::ofstream li(export_dir + "/lines.csv");
            li << "from_bus,to_bus,r_ohm,dc_blocked,l_north_km,l_east_km\n";
            li.precision(17);
            for (std::size_t l = 0; l < net.lines.size(); ++l) {
                li << net.lines[l].from_bus << ',' << net.lines[l].to_bus << ',' << net.lines[l].r_ohm << ','
                   << (net.lines[l].dc_blocked ? 1 : 0) << ',' << disp[l].north_km << ',' << disp[l].east_km << '\n';
            }
            std::ofstream src(export_dir + "/sources.f64", std::ios::binary);  // 2 × steps: north, then east
            src.write(reinterpret_cast<const char*>(e.ex_v_per_km.data()), static_cast<std::streamsize>(steps * sizeof(double)));
            src.write(reinterpret_cast<const char*>(e.ey_v_per_km.data()), static_cast<std::streamsize>(steps * sizeof(double)));
            std::ofstream pk(export_dir + "/stats_swxrisk.csv");
            pk << "ieff_peak_a,minutes_above_threshold\n";
            pk.precision(17);
            for (std::size_t t = 0; t < r.stats.ieff_peak_a.size(); ++t) {
                pk << r.stats.ieff_peak_a[t] << ',' << r.stats.time_above_threshold_s[t] / 60.0 << '\n';
            }
        }
        return r;
    };

    std::printf("grid: %zu substations, %zu buses, %zu transformers, %zu lines (built in %.2f s, not counted); %zu steps of %.0f s\n",
                net.substations.size(), net.buses.size(), net.transformers.size(), net.lines.size(), grid_s, steps, dt);

    // 1. Compute only: statistics, no file.
    Run best_compute;
    best_compute.series_s = 1e9;
    for (int i = 0; i < repeat; ++i) {
        Run r = run(nullptr, 0, swx::GicSeriesMethod::automatic);
        if (r.series_s < best_compute.series_s) {
            best_compute = std::move(r);
        }
    }
    const char* method_name = best_compute.plan.method == swx::GicSeriesMethod::superposition ? "superposition" : "per-step";
    std::printf("compute (statistics, no file), %s, blocks of %zu steps: %.3f s (best of %d; set-up %.3f s: E(t), couplings, "
                "assemble + factor); op counts: superposition %.3g, per-step %.3g flops\n",
                method_name, best_compute.plan.block_steps, best_compute.series_s, repeat, best_compute.setup_s,
                best_compute.plan.superposition_flops, best_compute.plan.per_step_flops);
    const double compute_rss = peak_rss_mib();
    if (export_dir.empty()) {  // else scripts/benchlib/timeseries_numpy.py prints it with the peer's figure
        std::printf("figure\tgic_timeseries_%s_compute\t%.3f s\t%s\t-\t%.0f MiB\n", tag.c_str(), best_compute.series_s,
                    tag == "10k" ? "< 0.2 s" : "-",
                    compute_rss);
    }

    if (per_step) {
        const Run r = run(nullptr, 0, swx::GicSeriesMethod::per_step);
        double worst = 0.0;
        for (std::size_t t = 0; t < r.stats.ieff_peak_a.size(); ++t) {
            worst = std::max(worst, std::abs(r.stats.ieff_peak_a[t] - best_compute.stats.ieff_peak_a[t]));
        }
        std::printf("compute by per-step solves (the exact path), blocks of %zu steps: %.3f s (once); superposition is %.1fx faster; "
                    "max |peak Ieff difference| %.2e A\n",
                    r.plan.block_steps, r.series_s, r.series_s / best_compute.series_s, worst);
        std::printf("figure\tgic_timeseries_%s_per_step_compute\t%.3f s\t-\t-\t-\n", tag.c_str(), r.series_s);
    }
    if (compute_only) {
        return 0;
    }
    // 2. End to end with HDF5.
    const std::filesystem::path h5 = dir / ("swxrisk-bench-timeseries-" + tag + ".h5");
    Run best_h5;
    best_h5.series_s = 1e9;
    std::size_t bytes = 0;
    for (int i = 0; i < repeat; ++i) {
        std::filesystem::remove(h5);
        Run r = run(&h5, 0, swx::GicSeriesMethod::automatic);
        bytes = std::filesystem::file_size(h5);
        if (r.setup_s + r.series_s < best_h5.setup_s + best_h5.series_s) {
            best_h5 = std::move(r);
        }
    }
    std::filesystem::remove(h5);
    double raw_s = 1e9;
    for (int i = 0; i < repeat; ++i) {
        raw_s = std::min(raw_s, raw_write_s(dir / "swxrisk-bench-raw.bin", bytes));
    }
    const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
    const double h5_only_s = std::max(1e-9, best_h5.series_s - best_compute.series_s);
    const double total_h5 = best_h5.setup_s + best_h5.series_s;
    std::printf("end to end with HDF5 (%.0f MiB, float32, chunks 1024 x 32, blocks of %zu steps): %.3f s (best of %d: set-up %.3f s, "
                "series + file %.3f s, of which in the writer %.3f s)\n",
                mib, best_h5.plan.block_steps, total_h5, repeat, best_h5.setup_s, best_h5.series_s, best_h5.sink_s);
    std::printf("HDF5 write rate: %.0f MiB/s (file time beyond the compute: %.3f s); plain write() of the same bytes: %.0f MiB/s "
                "(%.3f s) -> %.0f%% of it\n",
                mib / h5_only_s, h5_only_s, mib / raw_s, raw_s, 100.0 * raw_s / h5_only_s);
    const double h5_rss = peak_rss_mib();
    if (export_dir.empty()) {
        std::printf("figure\tgic_timeseries_%s_hdf5_end_to_end\t%.3f s\t%s\t-\t%.0f MiB\n", tag.c_str(), total_h5,
                    tag == "100k" ? "< 10 s" : "-", h5_rss);
    }
    std::printf("figure\tgic_timeseries_%s_hdf5_write_rate\t%.0f MiB/s\tdisk speed: plain write() %.0f MiB/s\t-\t%.0f MiB\n", tag.c_str(),
                mib / h5_only_s, mib / raw_s, h5_rss);

    // 3. With compression.
    if (deflate > 0) {
        std::filesystem::remove(h5);
        const Run r = run(&h5, deflate, swx::GicSeriesMethod::automatic);
        const double cmib = static_cast<double>(std::filesystem::file_size(h5)) / (1024.0 * 1024.0);
        std::filesystem::remove(h5);
        std::printf("end to end with HDF5, shuffle + deflate level %d: %.3f s, %.0f MiB (%.0f%% of uncompressed)\n", deflate,
                    r.setup_s + r.series_s, cmib, 100.0 * cmib / mib);
        std::printf("figure\tgic_timeseries_%s_hdf5_deflate%d_end_to_end\t%.3f s\t-\t-\t%.0f MiB\n", tag.c_str(), deflate,
                    r.setup_s + r.series_s, peak_rss_mib());
    }
    if (!export_dir.empty()) {
        std::ofstream timing(export_dir + "/timings_swxrisk.txt");
        timing << "tag=" << tag << "\nsteps=" << steps << "\nsetup_s=" << best_compute.setup_s << "\ncompute_s=" << best_compute.series_s
               << "\ncompute_rss_mib=" << compute_rss << "\nh5_total_s=" << total_h5 << "\nh5_rss_mib=" << h5_rss << "\nh5_mib=" << mib
               << "\nthreshold_a=75\n";
    }
    std::printf("peak RSS %.0f MiB\n", peak_rss_mib());
    std::printf("figure\tgic_timeseries_%s_peak_rss\t%.0f MiB\t%s\t-\t%.0f MiB\n", tag.c_str(), peak_rss_mib(),
                tag == "100k" ? "< 1024 MiB" : "-",
                peak_rss_mib());
    return 0;
}
