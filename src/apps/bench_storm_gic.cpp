// swxrisk-bench-storm-gic: times a 10k-substation GIC time series driven by a storm field that varies in
// space (issue 11 §6; run by scripts/bench-storm-gic): 20 synthetic magnetometers (a moving electrojet
// with substorm bays, 1 min, 1,440 steps) interpolated by SECS, 500 synthetic 3-D MT sites, a synthetic
// grid over the region of the USGS MT survey (35–39.5 N, 93–87.5 W). Stages: StormField (SECS fit, 1-D
// sources, MT E(t)), couple_lines, GicSolver, run_gic_timeseries with the HDF5 writer, and the total.
//   --export DIR   writes what scripts/bench_storm_gic_numpy.py needs (network branch lists, per-line
//                  coupling coefficients, source series, the HDF5 file) into DIR
//   --cli-inputs DIR  writes the same inputs as files for `swxrisk gic` (grid.gpkg, records/*.csv with
//                  records/stations.csv, mt/*.xml)
//   --substations N, --mt-sites N  sizes (default 10000, 500)
#include <swx/core/base/problems.hpp>
#include <swx/core/efield/storm_field.hpp>
#include <swx/core/emf/field_coupling.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/core/storm/station_set.hpp>
#include <swx/io/emtf_reader.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/grid_writer.hpp>
#include <swx/io/ground_loader.hpp>

#include "bench_support.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace {

using swx::bench::halton;
using swx::bench::seconds_since;

constexpr double west = -93.0, east = -87.5, south = 35.0, north = 39.5;  // the USGS MOARTNILKY MT survey
constexpr std::int64_t t0_unix = 1715299200;                             // 2024-05-10T00:00:00Z
constexpr std::size_t steps = 1440;
constexpr double dt = 60.0;
constexpr const char* fallback_model = "IP1";  // 1-D model where no MT site lies within 100 km


/// An eastward line current I(t) at 110 km altitude whose latitude moves equatorward with its strength
/// (three substorm bays with sharp onsets and slow recoveries, plus Pc5-like pulsations), and an
/// east component travelling westward. Main field added (removed again by the median baseline).
swx::MagnetometerSeries record(const swx::GeoPoint& p, int s) {
    swx::MagnetometerSeries m;
    m.t0_unix_s = t0_unix;
    m.dt_s = dt;
    m.bx_nt.resize(steps);
    m.by_nt.resize(steps);
    constexpr double h_km = 110.0, km_per_deg = 111.2;
    const double onset[3] = {360.0, 840.0, 1200.0}, amp[3] = {0.6e6, 0.4e6, 1.0e6}, decay[3] = {40.0, 60.0, 50.0};
    for (std::size_t i = 0; i < steps; ++i) {
        const double t = static_cast<double>(i);  // minutes
        double current = 0.05e6 * std::sin(2.0 * std::numbers::pi * t / 7.0);
        for (int b = 0; b < 3; ++b) {
            const double x = t - onset[b];
            if (x > 0.0) {
                current += amp[b] * (1.0 - std::exp(-x / 8.0)) * std::exp(-x / decay[b]);
            }
        }
        const double lat_jet = 43.0 - 7.0 * std::min(1.0, std::abs(current) / 0.8e6);
        const double y = (lat_jet - p.lat_deg) * km_per_deg;
        const double b_line = 0.2 * current / std::sqrt(h_km * h_km + y * y);  // nT, I in A, r in km
        m.bx_nt[i] = 20000.0 + 50.0 * s - b_line * h_km / std::sqrt(h_km * h_km + y * y);
        m.by_nt[i] = -1500.0 + 0.25 * b_line * std::cos(2.0 * std::numbers::pi * (p.lon_deg / 6.0 + t / 90.0));
    }
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    std::string export_dir, cli_dir;
    std::size_t n_substations = 10000, n_mt = 500;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--export") == 0 && i + 1 < argc) {
            export_dir = argv[++i];
        } else if (std::strcmp(argv[i], "--cli-inputs") == 0 && i + 1 < argc) {
            cli_dir = argv[++i];
        } else if (std::strcmp(argv[i], "--substations") == 0 && i + 1 < argc) {
            n_substations = std::stoul(argv[++i]);
        } else if (std::strcmp(argv[i], "--mt-sites") == 0 && i + 1 < argc) {
            n_mt = std::stoul(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: swxrisk-bench-storm-gic [--export DIR] [--cli-inputs DIR] [--substations N] [--mt-sites N]\n");
            return 2;
        }
    }
    // --- inputs (not timed)
    auto t0 = std::chrono::steady_clock::now();
    swx::SyntheticGridOptions go;
    go.substations = n_substations;
    go.west_deg = west;
    go.east_deg = east;
    go.south_deg = south;
    go.north_deg = north;
    const swx::Network net = swx::make_synthetic_grid(go);
    std::vector<swx::MagnetometerSeries> series;
    std::vector<swx::StationRecord> stations;
    for (int s = 1; s <= 20; ++s) {  // around the grid, 1.5 degrees beyond it on each side
        const swx::GeoPoint p{west - 1.5 + (east - west + 3.0) * halton(s, 2), south - 1.5 + (north - south + 3.0) * halton(s, 3)};
        char id[8];
        std::snprintf(id, sizeof id, "ST%02d", s);
        series.push_back(record(p, s));
        series.back().source_path = std::string(id) + ".csv";
        stations.push_back({id, std::string(id) + ".csv", p, "synthetic"});
    }
    const std::vector<swx::MagnetometerSeries> raw = series;
    const swx::StationSet records = swx::align_stations(std::move(series), stations);
    std::vector<swx::MtSite> mt = swx::bench::synthetic_mt_sites(n_mt);
    {
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (auto& site : mt) {
            site.location = {west + (east - west) * u(rng), south + (north - south) * u(rng)};
        }
    }
    swx::ProblemSink quiet;
    const swx::Ground ground = swx::io::load_ground("", fallback_model, "", quiet);
    const double inputs_s = seconds_since(t0);
    std::printf("inputs: %zu substations, %zu buses, %zu transformers, %zu lines over 35-39.5 N, 93-87.5 W; %zu magnetometers x "
                "%zu steps of %.0f s; %zu MT sites; 1-D model %s elsewhere (%.2f s to generate, not timed below)\n",
                net.substations.size(), net.buses.size(), net.transformers.size(), net.lines.size(), records.size(), records.steps(),
                dt, mt.size(), fallback_model, inputs_s);

    // --- the stages
    const auto start = std::chrono::steady_clock::now();
    t0 = start;
    const swx::StormField field(records, ground, mt, {});
    const double field_s = seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    const swx::FieldLineCoupling coupling = swx::couple_lines(net, field, swx::default_line_sample_km);
    const double couple_s = seconds_since(t0);
    std::size_t parts = 0;
    for (const auto& c : coupling.couplings) {
        parts += c.parts.size();
    }

    t0 = std::chrono::steady_clock::now();
    swx::validate_network(net, {});
    swx::ProblemSink problems;
    const swx::GicSolver solver(net, problems);
    const double solver_s = seconds_since(t0);

    if (!export_dir.empty()) {
        std::filesystem::create_directories(export_dir);
    }
    const std::filesystem::path h5_dir = export_dir.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(export_dir);
    const std::filesystem::path h5 = h5_dir / (export_dir.empty() ? "swxrisk-bench-storm-gic.h5" : "gic_timeseries.h5");
    t0 = std::chrono::steady_clock::now();
    swx::GicTimeSeriesStats stats;
    {
        swx::io::Provenance prov;
        prov.grid = "synthetic";
        prov.fallback_model = fallback_model;
        prov.storm = "synthetic moving electrojet, 20 magnetometers";
        prov.method = "StormField (SECS, MT tensors) benchmark";
        prov.models = ground.model_names();
        swx::io::GicTimeSeriesWriter writer(h5, net, {t0_unix, dt, steps}, coupling.source_names, coupling.fields, prov, 75.0);
        stats = swx::run_gic_timeseries(net, solver, coupling.couplings, coupling.fields, dt, 75.0,
                                        [&](const swx::GicBlock& b) { writer.write_block(b); });
        writer.finish(stats);
    }
    const double series_s = seconds_since(t0);
    const double total_s = seconds_since(start);
    const auto h5_bytes = std::filesystem::file_size(h5);
    if (export_dir.empty()) {
        std::filesystem::remove(h5);
    }

    // The same series without the HDF5 sink, to show what the file costs.
    t0 = std::chrono::steady_clock::now();
    const swx::GicTimeSeriesStats bare = swx::run_gic_timeseries(net, solver, coupling.couplings, coupling.fields, dt, 75.0);
    const double bare_s = seconds_since(t0);

    // The SECS fit alone (inside the StormField stage above), to show its share.
    t0 = std::chrono::steady_clock::now();
    std::vector<swx::GeoPoint> station_points;
    for (const auto& s : stations) {
        station_points.push_back(s.location);
    }
    const swx::SecsInterpolator secs(station_points);
    const double fit_s = seconds_since(t0);

    double peak = 0.0;
    for (std::size_t t = 0; t < stats.ieff_peak_a.size(); ++t) {
        peak = std::max(peak, stats.ieff_peak_a[t]);
        if (stats.ieff_peak_a[t] != bare.ieff_peak_a[t]) {
            std::fprintf(stderr, "internal error: the series with and without the HDF5 sink differ\n");
            return 1;
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("StormField (SECS fit %.3f s, %zu 1-D sources, %zu MT E(t)): %.3f s\n", fit_s, ground.model_names().size() * records.size(),
                field.mt_sites(), field_s);
    std::printf("couple_lines (%.0f km pieces): %zu line pieces, %zu coefficient pairs on %zu sources: %.3f s\n", coupling.sample_km,
                coupling.samples, parts, coupling.fields.e_north_v_per_km.size(), couple_s);
    std::printf("GicSolver (%zu nodes): assemble %.3f s, factor %.3f s, with validation: %.3f s\n", solver.node_count(),
                solver.timings().assemble_s, solver.timings().factor_s, solver_s);
    std::printf("run_gic_timeseries, %zu steps, HDF5 out (%.0f MB): %.3f s (without the file: %.3f s, not counted)\n", steps,
                static_cast<double>(h5_bytes) / 1e6, series_s, bare_s);
    std::printf("storm GIC total: %.3f s (target < 5 s); largest peak Ieff %.1f A; peak RSS %.0f MiB\n", total_s, peak,
                static_cast<double>(usage.ru_maxrss) / 1024.0);

    if (!export_dir.empty()) {
        // The network as branch lists, as swxrisk-bench-geoelectric writes it (scripts/benchlib/geoelectric_numpy.py
        // reads it); l_north_km, l_east_km are unused here (0): the coupling is in couplings.csv.
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
        for (const auto& l : net.lines) {
            li << l.from_bus << ',' << l.to_bus << ',' << l.r_ohm << ',' << (l.dc_blocked ? 1 : 0) << ",0,0\n";
        }
        std::ofstream cp(export_dir + "/couplings.csv");  // per line and source: km north / east (V = cn·S_N + ce·S_E)
        cp << "line,source,cn_km,ce_km\n";
        cp.precision(17);
        for (std::size_t l = 0; l < coupling.couplings.size(); ++l) {
            for (const auto& part : coupling.couplings[l].parts) {
                cp << l << ',' << part.source << ',' << part.d.north_km << ',' << part.d.east_km << '\n';
            }
        }
        std::ofstream src(export_dir + "/sources.f64", std::ios::binary);  // sources × steps, north then east
        for (const auto* comp : {&coupling.fields.e_north_v_per_km, &coupling.fields.e_east_v_per_km}) {
            for (const auto& v : *comp) {
                src.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
            }
        }
        std::ofstream meta(export_dir + "/meta.txt");
        meta << "sources=" << coupling.fields.e_north_v_per_km.size() << "\nsteps=" << steps << "\nedge_steps="
             << coupling.fields.edge_steps << "\nstorm_field_s=" << field_s << "\ncouple_s=" << couple_s << "\nsolver_s=" << solver_s
             << "\nseries_s=" << series_s << "\ntotal_s=" << total_s << '\n';
    }
    if (!cli_dir.empty()) {
        const std::filesystem::path dir(cli_dir);
        std::filesystem::create_directories(dir / "records");
        std::filesystem::create_directories(dir / "mt");
        swx::io::write_grid(net, (dir / "grid.gpkg").string());
        std::ofstream table(dir / "records" / "stations.csv");
        table << "id,lat_deg,lon_deg\n";
        table.precision(17);
        for (std::size_t s = 0; s < raw.size(); ++s) {
            table << stations[s].id << ',' << stations[s].location.lat_deg << ',' << stations[s].location.lon_deg << '\n';
            std::ofstream f(dir / "records" / (stations[s].id + ".csv"));
            f << "time,bx_nt,by_nt\n";
            f.precision(17);
            for (std::size_t i = 0; i < steps; ++i) {
                f << t0_unix + static_cast<std::int64_t>(i * 60) << ',' << raw[s].bx_nt[i] << ',' << raw[s].by_nt[i] << '\n';
            }
        }
        for (const auto& site : mt) {
            swx::io::write_emtf_xml(site, (dir / "mt" / (site.id + ".xml")).string());
        }
        std::printf("CLI inputs written to %s (grid.gpkg, records/, mt/; --earth-model %s)\n", cli_dir.c_str(), fallback_model);
    }
    return 0;
}
