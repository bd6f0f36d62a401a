// swxrisk efield and efield-map as workflows. See efield_run.hpp.

#include <swx/study/efield_run.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/efield_writer.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/options.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/raster_writer.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <vector>

namespace swx::study {

namespace {

void check_extension(const std::string& path, std::initializer_list<const char*> allowed, const char* command, const char* what) {
    const std::string ext = std::filesystem::path(path).extension().string();
    for (const char* a : allowed) {
        if (ext == a) {
            return;
        }
    }
    throw ConfigError({command, path, "", "", "--out"}, std::string("output must end in ") + what);
}

}  // namespace

void run_efield(const EfieldRequest& r, std::ostream* summary, ProblemSink* problems) {
    check_extension(r.out, {".csv", ".h5", ".hdf5"}, "efield", ".csv or .h5");
    const EarthModelLibrary library = io::load_earth_models_with(r.models_dir);
    const EarthModel& model = library.find(r.earth_model);
    const io::MagnetometerSeries b = io::read_magnetometer(r.magnetometer, r.magnetometer_options);
    if (problems != nullptr) {
        io::warn_gap_filling(b, *problems);
    }
    io::OutputFile out(r.out, r.overwrite);
    const GeoelectricSeries e = geoelectric_from_magnetic(model, b.bx_nt, b.by_nt, b.dt_s);
    const std::size_t peak = interior_peak_index(e);  // never in the edge zone
    const io::EfieldRecord record{b, model.name(), e};
    if (std::filesystem::path(r.out).extension() == ".csv") {
        io::write_efield_csv(record, out.staged());
    } else {
        io::write_efield_hdf5(record, out.staged());
    }
    out.commit();
    if (summary == nullptr) {
        return;
    }
    char line[512];
    std::snprintf(line, sizeof line, "%s: %zu samples at %g s from %s%s, %zu interpolated; earth model %s\n",
                  b.station.empty() ? r.magnetometer.c_str() : b.station.c_str(), b.size(), b.dt_s,
                  io::format_iso8601_utc(b.t0_unix_s).c_str(), "", b.n_interpolated, model.name().c_str());
    *summary << line;
    std::snprintf(line, sizeof line, "edge zone: first and last %zu samples (%g s each) flagged, left out of the peak\n",
                  e.edge_samples, static_cast<double>(e.edge_samples) * b.dt_s);
    *summary << line;
    std::snprintf(line, sizeof line, "peak |E| %.4f V/km at %s (E_x north %.4f, E_y east %.4f V/km)\nwritten: %s\n",
                  e.ex_v_per_km.empty() ? 0.0 : std::hypot(e.ex_v_per_km[peak], e.ey_v_per_km[peak]),
                  io::format_iso8601_utc(b.t0_unix_s + static_cast<std::int64_t>(std::llround(static_cast<double>(peak) * b.dt_s))).c_str(),
                  e.ex_v_per_km.empty() ? 0.0 : e.ex_v_per_km[peak], e.ey_v_per_km.empty() ? 0.0 : e.ey_v_per_km[peak], r.out.c_str());
    *summary << line;
}

Raster efield_map(const EfieldMapRequest& r, ProblemSink& problems) {
    io::check_scenario_name(r.storm.scenario, {"efield-map", "", "", "", io::options::scenario.flag()});
    io::options::epoch.check(r.storm.epoch, {"efield-map", "", "", "", io::options::epoch.flag()});
    r.area.validate();
    warn_if_wide_crossing(r.area, problems, "--bbox");
    if (r.area.width() * r.area.height() > 400'000'000ULL) {
        throw ConfigError({"efield-map", "", "", "", "--resolution"},
                          "the map would have " + std::to_string(r.area.width() * r.area.height()) + " cells; use a coarser resolution");
    }
    const Ground ground = io::load_ground(r.ground.earth_regions, r.ground.earth_model, r.ground.models_dir, problems);
    const NercEvent event = parse_nerc_event(r.storm.scenario);
    const BetaResolver betas = io::load_beta_resolver(event, ground, r.storm.waveform);
    const NercHazard hazard(event, ground, betas, dipole_coefficients(r.storm.epoch, &problems));
    return peak_field_map(hazard, r.area);
}

void run_efield_map(const EfieldMapRequest& r, ProblemSink& problems, std::ostream* summary) {
    const auto t0 = std::chrono::steady_clock::now();
    check_extension(r.out, {".tif", ".tiff"}, "efield-map", ".tif or .tiff (a GeoTIFF)");
    const Raster map = efield_map(r, problems);
    io::RasterWriteOptions options;
    options.crs = r.crs;
    options.overwrite = r.overwrite;
    options.metadata = {{"SWXRISK_SCENARIO", r.storm.scenario},
                        {"SWXRISK_EARTH_REGIONS", r.ground.earth_regions},
                        {"SWXRISK_EARTH_MODEL", r.ground.earth_model},
                        {"SWXRISK_DIPOLE_EPOCH", swx::format_number(r.storm.epoch, 8)},
                        {"SWXRISK_METHOD", "E_peak = E_ref x alpha(centred-dipole latitude) x beta(earth model); NERC TPL-007"}};
    io::write_geotiff(map, r.out, options);
    if (summary == nullptr) {
        return;
    }
    double lo = INFINITY;
    double hi = -INFINITY;
    std::size_t valid = 0;
    for (const float v : map.values) {
        if (std::isfinite(v)) {
            lo = std::min(lo, static_cast<double>(v));
            hi = std::max(hi, static_cast<double>(v));
            ++valid;
        }
    }
    char line[256];
    std::snprintf(line, sizeof line, "%s peak field: %zu x %zu cells of %g deg, %zu with ground; %.3f to %.3f V/km; %.2f s\nwritten: %s\n",
                  r.storm.scenario.c_str(), r.area.width(), r.area.height(), r.area.resolution_deg, valid, valid ? lo : NAN,
                  valid ? hi : NAN, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), r.out.c_str());
    *summary << line;
}

GridSpec parse_bbox(const std::string& text, double resolution_deg, const std::string& option) {
    std::stringstream ss(text);
    std::vector<double> v;
    for (std::string part; std::getline(ss, part, ',');) {
        try {
            std::size_t used = 0;
            v.push_back(std::stod(part, &used));
            if (part.find_first_not_of(" \t", used) != std::string::npos) {
                throw std::invalid_argument(part);
            }
        } catch (const std::exception&) {
            throw ConfigError({"options", "", "", "", option}, "expected four numbers W,S,E,N in degrees, got '" + text + "'");
        }
    }
    if (v.size() != 4) {
        throw ConfigError({"options", "", "", "", option}, "expected four numbers W,S,E,N in degrees, got '" + text + "'");
    }
    GridSpec spec{v[0], v[1], v[2], v[3], resolution_deg};
    spec.validate();
    return spec;
}

}  // namespace swx::study
