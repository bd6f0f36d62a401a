#include <swx/io/efield_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/version.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
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
    out << "time,ex_v_per_km,ey_v_per_km,edge_zone\n";
    const auto& b = record.magnetic;
    const std::size_t n = record.field.ex_v_per_km.size();
    const TimeAxis axis{b.t0_unix_s, b.dt_s, n};
    for (std::size_t i = 0; i < n; ++i) {
        out << axis.iso(i) << ',' << format_csv_number(record.field.ex_v_per_km[i]) << ','
            << format_csv_number(record.field.ey_v_per_km[i]) << ',' << (record.field.in_edge_zone(i) ? 1 : 0) << '\n';
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
    f.set_attribute("/", "method",
                    "plane-wave FFT: E_x = Z*B_y/mu0, E_y = -Z*B_x/mu0, line through the first and last samples removed, "
                    "zero padded to >= 2n");
    f.set_attribute("/", "edge_zone_samples", static_cast<double>(record.field.edge_samples));
    f.set_attribute("/", "edge_zone_s", static_cast<double>(record.field.edge_samples) * b.dt_s);
    f.set_attribute("/", "interpolated_samples", static_cast<double>(b.n_interpolated));
    f.set_attribute("/", "conventions", "x north, y east; UTC");
    const TimeAxis axis{b.t0_unix_s, b.dt_s, n};
    std::vector<std::string> iso(n);
    std::vector<std::int64_t> edge(n);
    for (std::size_t i = 0; i < n; ++i) {
        iso[i] = axis.iso(i);
        edge[i] = record.field.in_edge_zone(i) ? 1 : 0;
    }
    f.write_doubles("time_unix_s", axis.unix_times(), "s", "UTC seconds since 1970-01-01 (fractional seconds kept)");
    f.set_attribute("time_unix_s", "dt_s", b.dt_s);
    f.write_strings("time_iso", iso, "UTC time, ISO 8601");
    f.write_int64("edge_zone", edge, "1",
                  "1 where the sample lies in the record's edge zone (root attribute edge_zone_s): E depends on the "
                  "field outside the record there; left out of the peak");
    f.write_doubles("ex_v_per_km", record.field.ex_v_per_km, "V/km", "northward geoelectric field");
    f.write_doubles("ey_v_per_km", record.field.ey_v_per_km, "V/km", "eastward geoelectric field");
    f.write_doubles("bx_nt", b.bx_nt, "nT", "northward magnetic field (as read, gaps interpolated)");
    f.write_doubles("by_nt", b.by_nt, "nT", "eastward magnetic field (as read, gaps interpolated)");
    f.close();
}

}  // namespace swx::io
