#include <swx/io/efield_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/version.hpp>
#include <swx/io/hdf5_file.hpp>
#include <swx/io/table_writer.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace swx::io {

void write_efield_csv(const EfieldRecord& record, const std::filesystem::path& path) {
    std::ofstream out(path);
    if (!out) {
        throw Error({"writers.efield", path.string(), "", "", ""}, "cannot create the file");
    }
    out << "time,ex_v_per_km,ey_v_per_km\n";
    const auto& b = record.magnetic;
    const bool whole_seconds = std::abs(b.dt_s - std::round(b.dt_s)) < 1e-9;
    for (std::size_t i = 0; i < record.field.ex_v_per_km.size(); ++i) {
        const double t = static_cast<double>(i) * b.dt_s;
        std::string stamp = format_iso8601_utc(b.t0_unix_s + static_cast<std::int64_t>(std::floor(t)));
        if (!whole_seconds) {
            char frac[16];
            std::snprintf(frac, sizeof frac, "%.3f", t - std::floor(t));
            stamp.insert(stamp.size() - 1, frac + 1);  // before the 'Z'
        }
        out << stamp << ',' << format_csv_number(record.field.ex_v_per_km[i]) << ',' << format_csv_number(record.field.ey_v_per_km[i])
            << '\n';
    }
    out.flush();
    if (!out) {
        throw Error({"writers.efield", path.string(), "", "", ""}, "write failed (disk full?)");
    }
}

}  // namespace swx::io

namespace swx::io {

void write_efield_hdf5(const EfieldRecord& record, const std::filesystem::path& path) {
    const auto& b = record.magnetic;
    const std::size_t n = record.field.ex_v_per_km.size();
    Hdf5File f(path);
    f.set_attribute("/", "title", "swxrisk geoelectric field time series");
    f.set_attribute("/", "software", std::string("swxrisk ") + version_string);
    f.set_attribute("/", "magnetometer", b.source_path);
    f.set_attribute("/", "station", b.station);
    f.set_attribute("/", "station_latitude_deg", b.latitude_deg);
    f.set_attribute("/", "station_longitude_deg", b.longitude_deg);
    f.set_attribute("/", "earth_model", record.earth_model);
    f.set_attribute("/", "method", "plane-wave FFT: E_x = Z*B_y/mu0, E_y = -Z*B_x/mu0, mean removed, zero padded to >= 2n");
    f.set_attribute("/", "interpolated_samples", static_cast<double>(b.n_interpolated));
    f.set_attribute("/", "conventions", "x north, y east; UTC");
    std::vector<std::int64_t> t(n);
    std::vector<std::string> iso(n);
    for (std::size_t i = 0; i < n; ++i) {
        t[i] = b.t0_unix_s + static_cast<std::int64_t>(std::llround(static_cast<double>(i) * b.dt_s));
        iso[i] = format_iso8601_utc(t[i]);
    }
    f.write_int64("time_unix_s", t, "s", "UTC seconds since 1970-01-01");
    f.set_attribute("time_unix_s", "dt_s", b.dt_s);
    f.write_strings("time_iso", iso, "UTC time, ISO 8601");
    f.write_doubles("ex_v_per_km", record.field.ex_v_per_km, "V/km", "northward geoelectric field");
    f.write_doubles("ey_v_per_km", record.field.ey_v_per_km, "V/km", "eastward geoelectric field");
    f.write_doubles("bx_nt", b.bx_nt, "nT", "northward magnetic field (as read, gaps interpolated)");
    f.write_doubles("by_nt", b.by_nt, "nT", "eastward magnetic field (as read, gaps interpolated)");
    f.close();
}

}  // namespace swx::io
