// swxrisk efield and efield-map as workflows. See efield_run.hpp.

#include <swx/study/efield_run.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/efield_writer.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/options.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/study/storm_field_input.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
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

/// "LAT,LON" in degrees. @throws ConfigError naming --at.
GeoPoint parse_at(const std::string& text) {
    const auto parts = split_csv(text);
    try {
        if (parts.size() == 2) {
            std::size_t a = 0, b = 0;
            const double lat = std::stod(parts[0], &a);
            const double lon = std::stod(parts[1], &b);
            if (a == parts[0].size() && b == parts[1].size() && std::abs(lat) <= 90.0 && std::abs(lon) <= 180.0) {
                return {lon, lat};
            }
        }
    } catch (const std::exception&) {
    }
    throw ConfigError({"efield", "", "", "", "--at"}, "expected LAT,LON in degrees (latitude -90..90, longitude -180..180), got '" + text + "'");
}

/// E(t) at one point of a field that varies in space (many magnetometers and/or MT sites).
void run_efield_at(const EfieldRequest& r, std::ostream* summary, ProblemSink& problems) {
    if (r.at.empty()) {
        throw ConfigError({"efield", "", "", "", "--at"}, "--magnetometers and --mt-sites need --at LAT,LON: the point where E(t) is wanted");
    }
    const GeoPoint p = parse_at(r.at);
    const Ground ground = io::load_ground(r.earth_regions, r.earth_model, r.models_dir, problems);
    StormRequest storm;
    storm.magnetometer = r.magnetometer;
    storm.magnetometer_options = r.magnetometer_options;
    storm.field = r.field;
    io::OutputFile out(r.out, r.overwrite);
    const StormFieldInput in = load_storm_field(storm, ground, problems, "efield", true);
    const auto f = in.field->at(std::span<const GeoPoint>(&p, 1)).front();
    if (f.terms.empty()) {
        throw InputError({"efield", "", "", "", "--at"}, "no ground at " + r.at + ": the point is outside every earth region, no MT site is within " +
                                                           format_number(r.field.mt_max_distance_km) + " km, and no --earth-model is given");
    }
    if (f.provenance.secs_extrapolated) {
        problems.warn("secs_extrapolation", "", r.at,
                      "the point lies outside the SECS pole grid (the stations' box widened by --secs-margin-deg): B there is "
                      "extrapolated and underestimated far from every station");
    }
    const GeoelectricSeries e = in.field->series(f);
    io::MagnetometerSeries b;
    b.source_path = r.field.magnetometers.empty() ? r.magnetometer : r.field.magnetometers;
    b.station = f.provenance.stations;
    b.latitude_deg = p.lat_deg;
    b.longitude_deg = p.lon_deg;
    b.t0_unix_s = in.records.t0_unix_s;
    b.dt_s = in.records.dt_s;
    auto [bx, by] = in.field->magnetic_at(p);
    b.bx_nt = std::move(bx);
    b.by_nt = std::move(by);
    b.n_interpolated = in.records.n_interpolated;
    const std::string ground_text = f.provenance.mt_site.empty() ? f.provenance.earth_model
                                                                 : "MT site " + f.provenance.mt_site + " (" +
                                                                       format_number(f.provenance.mt_distance_km, 4) + " km)";
    const std::size_t n_records = in.field->stations();
    io::EfieldPoint point{p.lat_deg, p.lon_deg, f.provenance.stations,
                          n_records >= 2 ? "SECS prediction from " + std::to_string(n_records) + " records, baseline removed"
                                         : "the record as read (gaps interpolated)"};
    const io::EfieldRecord record{b, ground_text, e, in.method_text, std::move(point)};
    if (std::filesystem::path(r.out).extension() == ".csv") {
        io::write_efield_csv(record, out.staged());
    } else {
        io::write_efield_hdf5(record, out.staged());
    }
    out.commit();
    if (summary == nullptr) {
        return;
    }
    const std::size_t peak = interior_peak_index(e);
    *summary << "storm: " << in.storm_text << "\nat " << r.at << ": " << ground_text << "; records weighing most: " << f.provenance.stations
             << "\nmethod: " << in.method_text << '\n';
    char line[512];
    std::snprintf(line, sizeof line, "peak |E| %.4f V/km at %s (E_x north %.4f, E_y east %.4f V/km)\nwritten: %s\n",
                  std::hypot(e.ex_v_per_km[peak], e.ey_v_per_km[peak]),
                  io::format_iso8601_utc(b.t0_unix_s + static_cast<std::int64_t>(std::llround(static_cast<double>(peak) * b.dt_s))).c_str(),
                  e.ex_v_per_km[peak], e.ey_v_per_km[peak], r.out.c_str());
    *summary << line;
}

}  // namespace

void run_efield(const EfieldRequest& r, std::ostream* summary, ProblemSink* problems) {
    check_extension(r.out, {".csv", ".h5", ".hdf5"}, "efield", ".csv or .h5");
    r.field.check_used({"efield", "", "", "", ""}, true);
    if (r.field.varying()) {
        ProblemSink none;
        run_efield_at(r, summary, problems != nullptr ? *problems : none);
        return;
    }
    if (!r.at.empty() || !r.earth_regions.empty()) {
        throw ConfigError({"efield", "", "", "", !r.at.empty() ? "--at" : "--earth-regions"},
                          "--at and --earth-regions belong to --magnetometers / --mt-sites (a field that varies in space); one record "
                          "over one --earth-model gives a uniform field");
    }
    const EarthModelLibrary library = io::load_earth_models_with(r.models_dir);
    const EarthModel& model = library.find(r.earth_model);
    const io::MagnetometerSeries b = io::read_magnetometer(r.magnetometer, r.magnetometer_options);
    if (problems != nullptr) {
        io::warn_gap_filling(b, *problems);
    }
    io::OutputFile out(r.out, r.overwrite);
    const GeoelectricSeries e = geoelectric_from_magnetic(model, b.bx_nt, b.by_nt, b.dt_s);
    const std::size_t peak = interior_peak_index(e);  // never in the edge zone
    const io::EfieldRecord record{b, model.name(), e, {}, std::nullopt};
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

namespace {

constexpr double series_warn_bytes = 2e9;
constexpr double series_refuse_bytes = 64e9;

bool is_storm_map(const EfieldMapRequest& r) { return !r.storm.magnetometer.empty() || r.storm.field.varying(); }

/// Peak |E(t)| of storm records over the area; with `cube`, E(t) of every cell row by row.
Raster storm_field_map(const EfieldMapRequest& r, const StormFieldInput& in, io::EfieldGridWriter* cube, ProblemSink& problems) {
    std::size_t extrapolated = 0;
    const StormField& field = *in.field;
    Raster map = Raster::nodata(r.area, "peak geoelectric field magnitude (storm records)", "V/km");
    const std::size_t w = r.area.width();
    const std::size_t steps = field.steps();
    std::vector<GeoPoint> points(w);
    std::vector<float> ex, ey;
    for (std::size_t row = 0; row < r.area.height(); ++row) {
        for (std::size_t c = 0; c < w; ++c) {
            points[c] = r.area.cell_center(c, row);
        }
        const auto cells = field.at(points);
        for (const auto& cell : cells) {
            extrapolated += cell.provenance.secs_extrapolated ? 1 : 0;
        }
        if (cube != nullptr) {
            ex.assign(steps * w, std::numeric_limits<float>::quiet_NaN());
            ey.assign(steps * w, std::numeric_limits<float>::quiet_NaN());
        }
        parallel_for(
            w,
            [&](std::size_t c) {
                if (cells[c].terms.empty()) {
                    return;
                }
                const GeoelectricSeries e = field.series(cells[c]);
                const std::size_t peak = interior_peak_index(e);
                map.values[row * w + c] = static_cast<float>(std::hypot(e.ex_v_per_km[peak], e.ey_v_per_km[peak]));
                if (cube != nullptr) {
                    for (std::size_t t = 0; t < steps; ++t) {
                        ex[t * w + c] = static_cast<float>(e.ex_v_per_km[t]);
                        ey[t * w + c] = static_cast<float>(e.ey_v_per_km[t]);
                    }
                }
            },
            0, 16);
        if (cube != nullptr) {
            cube->write_row(row, ex, ey);
        }
    }
    if (extrapolated > 0) {
        problems.warn("secs_extrapolation", "", "--bbox",
                      std::to_string(extrapolated) + " of " + std::to_string(map.values.size()) +
                          " cells lie outside the SECS pole grid (the stations' box widened by --secs-margin-deg): their field is "
                          "extrapolated and underestimated far from every station");
    }
    return map;
}

void check_map_size(const EfieldMapRequest& r, ProblemSink& problems) {
    r.area.validate();
    warn_if_wide_crossing(r.area, problems, "--bbox");
    if (r.area.width() * r.area.height() > 400'000'000ULL) {
        throw ConfigError({"efield-map", "", "", "", "--resolution"},
                          "the map would have " + std::to_string(r.area.width() * r.area.height()) + " cells; use a coarser resolution");
    }
}

/// --series-out writes steps × cells × 2 float32 values: warn above 2 GB, refuse above 64 GB.
void check_series_size(const EfieldMapRequest& r, std::size_t steps, ProblemSink& problems) {
    const double cells = static_cast<double>(r.area.width()) * static_cast<double>(r.area.height());
    const double bytes = static_cast<double>(steps) * cells * 2.0 * 4.0;
    const std::string what = std::to_string(steps) + " steps x " + std::to_string(r.area.width()) + " x " + std::to_string(r.area.height()) +
                             " cells x 2 components x 4 bytes = " + format_number(bytes / 1e9, 3) + " GB before compression";
    if (bytes > series_refuse_bytes) {
        throw ConfigError({"efield-map", r.series_out, "", "", "--series-out"},
                          "E(t) on the grid would be " + what + " (limit 64 GB); use a coarser --resolution, a smaller --bbox or a shorter record");
    }
    if (bytes > series_warn_bytes) {
        problems.warn("large_output", "", "--series-out " + r.series_out,
                      "E(t) on the grid will be " + what + "; a coarser --resolution makes it smaller");
    }
}

}  // namespace

Raster efield_map(const EfieldMapRequest& r, ProblemSink& problems) {
    r.storm.field.check_used({"efield-map", "", "", "", ""}, true);
    if (is_storm_map(r)) {
        check_map_size(r, problems);
        const Ground ground = io::load_ground(r.ground.earth_regions, r.ground.earth_model, r.ground.models_dir, problems);
        const StormFieldInput in = load_storm_field(r.storm, ground, problems, "efield-map", true);
        return storm_field_map(r, in, nullptr, problems);
    }
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
    io::RasterWriteOptions options;
    options.crs = r.crs;
    options.overwrite = r.overwrite;
    Raster map;
    std::string storm_name = r.storm.scenario;
    if (is_storm_map(r)) {
        if (!r.storm.scenario.empty()) {
            throw ConfigError({"efield-map", "", "", "", io::options::scenario.flag()},
                              "give either --scenario or a storm record (--magnetometer / --magnetometers), not both");
        }
        if (!r.series_out.empty()) {
            check_extension(r.series_out, {".h5", ".hdf5"}, "efield-map", ".h5 (HDF5)");
        }
        check_map_size(r, problems);
        { const io::OutputFile tif_target(r.out, r.overwrite); }  // ConfigError now, not after the computation, if it exists
        std::optional<io::OutputFile> series_file;
        if (!r.series_out.empty()) {
            series_file.emplace(r.series_out, r.overwrite);
        }
        const Ground ground = io::load_ground(r.ground.earth_regions, r.ground.earth_model, r.ground.models_dir, problems);
        const StormFieldInput in = load_storm_field(r.storm, ground, problems, "efield-map", true);
        if (series_file) {
            check_series_size(r, in.records.steps(), problems);
        }
        std::optional<io::EfieldGridWriter> cube;
        if (series_file) {
            cube.emplace(series_file->staged(), r.area, in.records.t0_unix_s, in.records.dt_s, in.records.steps(), in.field->edge_steps(),
                         std::map<std::string, std::string>{{"storm", in.storm_text},
                                                            {"method", in.method_text},
                                                            {"earth_regions", r.ground.earth_regions},
                                                            {"earth_model", r.ground.earth_model},
                                                            {"mt_sites", r.storm.field.mt_sites}});
        }
        map = storm_field_map(r, in, cube ? &*cube : nullptr, problems);
        storm_name = in.storm_text;
        options.metadata = {{"SWXRISK_STORM", in.storm_text},
                            {"SWXRISK_EARTH_REGIONS", r.ground.earth_regions},
                            {"SWXRISK_EARTH_MODEL", r.ground.earth_model},
                            {"SWXRISK_MT_SITES", r.storm.field.mt_sites},
                            {"SWXRISK_METHOD", "peak |E(t)| outside the record's edge zones; " + in.method_text}};
        if (cube) {
            cube->close();  // a failed .h5 throws here, before the .tif is written
            cube.reset();
        }
        io::write_geotiff(map, r.out, options);  // throws: the staged .h5 is removed, never committed
        if (series_file) {
            try {
                series_file->commit();
            } catch (...) {
                std::error_code ec;
                std::filesystem::remove(r.out, ec);  // both outputs or neither
                throw;
            }
        }
    } else {
        if (!r.series_out.empty()) {
            throw ConfigError({"efield-map", "", "", "", "--series-out"}, "--series-out needs a storm record (--magnetometer / --magnetometers)");
        }
        map = efield_map(r, problems);
        options.metadata = {{"SWXRISK_SCENARIO", r.storm.scenario},
                            {"SWXRISK_EARTH_REGIONS", r.ground.earth_regions},
                            {"SWXRISK_EARTH_MODEL", r.ground.earth_model},
                            {"SWXRISK_DIPOLE_EPOCH", swx::format_number(r.storm.epoch, 8)},
                            {"SWXRISK_METHOD", "E_peak = E_ref x alpha(centred-dipole latitude) x beta(earth model); NERC TPL-007"}};
        io::write_geotiff(map, r.out, options);
    }
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
    char line[1024];
    std::snprintf(line, sizeof line, "%s peak field: %zu x %zu cells of %g deg, %zu with ground; %.3f to %.3f V/km; %.2f s\nwritten: %s\n",
                  storm_name.c_str(), r.area.width(), r.area.height(), r.area.resolution_deg, valid, valid ? lo : NAN,
                  valid ? hi : NAN, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), r.out.c_str());
    *summary << line;
    if (!r.series_out.empty()) {
        *summary << "written: " << r.series_out << " (E(t) on the grid: time x lat x lon)\n";
    }
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
