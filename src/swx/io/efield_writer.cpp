#include <swx/io/efield_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/version.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/hdf5_file.hpp>
#include <swx/io/table_writer.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

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
    std::string b_text = "(as read, gaps interpolated)";
    if (record.point) {
        f.set_attribute("/", "point_lat_deg", record.point->lat_deg);
        f.set_attribute("/", "point_lon_deg", record.point->lon_deg);
        f.set_attribute("/", "stations", record.point->stations);
        f.set_attribute("/", "b_source", record.point->b_source);
        b_text = "at the point: " + record.point->b_source;
    } else {
        f.set_attribute("/", "station", b.station);
        f.set_attribute("/", "station_latitude_deg", b.latitude_deg);
        f.set_attribute("/", "station_longitude_deg", b.longitude_deg);
    }
    f.set_attribute("/", "earth_model", record.earth_model);
    f.set_attribute("/", "method",
                    !record.method.empty() ? record.method
                                           : "plane-wave FFT: E_x = Z*B_y/mu0, E_y = -Z*B_x/mu0, mean removed, record extended by its "
                                             "reflections to >= 2n (docs/geoelectric-model.md)");
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
    f.write_doubles("bx_nt", b.bx_nt, "nT", "northward magnetic field " + b_text);
    f.write_doubles("by_nt", b.by_nt, "nT", "eastward magnetic field " + b_text);
    f.close();
}

namespace {
constexpr const char* wgs84_wkt =
    "GEOGCRS[\"WGS 84\",DATUM[\"World Geodetic System 1984\",ELLIPSOID[\"WGS 84\",6378137,298.257223563]],"
    "CS[ellipsoidal,2],AXIS[\"latitude\",north],AXIS[\"longitude\",east],UNIT[\"degree\",0.0174532925199433],"
    "ID[\"EPSG\",4326]]";
}  // namespace

struct EfieldGridWriter::Impl {
    Hdf5File file;
    GridSpec spec;
    std::size_t steps;
    Impl(const std::filesystem::path& p, const GridSpec& g, std::size_t n) : file(p), spec(g), steps(n) {}
};

EfieldGridWriter::EfieldGridWriter(const std::filesystem::path& path, const GridSpec& spec, std::int64_t t0_unix_s, double dt_s,
                                   std::size_t steps, std::size_t edge_steps, const std::map<std::string, std::string>& attributes,
                                   int deflate_level)
    : m_impl(std::make_unique<Impl>(path, spec, steps)) {
    Hdf5File& f = m_impl->file;
    f.set_attribute("/", "title", "swxrisk geoelectric field E(t) on a grid");
    f.set_attribute("/", "Conventions", "CF-1.8");
    f.set_attribute("/", "software", std::string("swxrisk ") + version_string);
    f.set_attribute("/", "conventions", "x north, y east; UTC; dimensions (time, lat, lon); NaN where no ground");
    f.set_attribute("/", "crs", "EPSG:4326");
    f.set_attribute("/", "crs_wkt", wgs84_wkt);
    f.set_attribute("/", "resolution_deg", spec.resolution_deg);
    f.set_attribute("/", "edge_zone_samples", static_cast<double>(edge_steps));
    f.set_attribute("/", "edge_zone_s", static_cast<double>(edge_steps) * dt_s);
    for (const auto& [k, v] : attributes) {
        f.set_attribute("/", k, v);
    }
    const TimeAxis axis{t0_unix_s, dt_s, steps};
    std::vector<std::string> iso(steps);
    std::vector<std::int64_t> edge(steps);
    for (std::size_t i = 0; i < steps; ++i) {
        iso[i] = axis.iso(i);
        edge[i] = (i < edge_steps || i + edge_steps >= steps) ? 1 : 0;
    }
    // CF coordinates (dimension scales below): xarray/netCDF decode time from units + calendar.
    f.write_doubles("time_unix_s", axis.unix_times(), "seconds since 1970-01-01 00:00:00", "UTC seconds since 1970-01-01");
    f.set_attribute("time_unix_s", "dt_s", dt_s);
    f.set_attribute("time_unix_s", "calendar", "standard");
    f.set_attribute("time_unix_s", "standard_name", "time");
    f.set_attribute("time_unix_s", "axis", "T");
    f.write_strings("time_iso", iso, "UTC time, ISO 8601");
    f.write_int64("edge_zone", edge, "1", "1 where the step lies in the record's edge zone: written, but left out of every peak");
    std::vector<double> lat(spec.height()), lon(spec.width());
    for (std::size_t r = 0; r < spec.height(); ++r) {
        lat[r] = spec.cell_center(0, r).lat_deg;
    }
    for (std::size_t c = 0; c < spec.width(); ++c) {
        lon[c] = spec.cell_center(c, 0).lon_deg;
    }
    f.write_doubles("lat_deg", lat, "degrees_north", "cell-centre latitude (WGS84), north to south as in the GeoTIFF rows");
    f.write_doubles("lon_deg", lon, "degrees_east", "cell-centre longitude (WGS84)");
    f.set_attribute("lat_deg", "standard_name", "latitude");
    f.set_attribute("lat_deg", "axis", "Y");
    f.set_attribute("lon_deg", "standard_name", "longitude");
    f.set_attribute("lon_deg", "axis", "X");
    // CF grid mapping: WGS84 latitude/longitude.
    f.create_scalar("crs");
    f.set_attribute("crs", "grid_mapping_name", "latitude_longitude");
    f.set_attribute("crs", "semi_major_axis", 6378137.0);
    f.set_attribute("crs", "inverse_flattening", 298.257223563);
    f.set_attribute("crs", "longitude_of_prime_meridian", 0.0);
    f.set_attribute("crs", "crs_wkt", wgs84_wkt);
    f.create_cube("ex_v_per_km", steps, spec.height(), spec.width(), "V/km", "northward geoelectric field, (time, lat, lon)", deflate_level);
    f.create_cube("ey_v_per_km", steps, spec.height(), spec.width(), "V/km", "eastward geoelectric field, (time, lat, lon)", deflate_level);
    for (const char* scale : {"time_unix_s", "lat_deg", "lon_deg"}) {
        f.make_dimension_scale(scale);
    }
    for (const char* name : {"time_iso", "edge_zone"}) {
        f.attach_dimension_scale(name, "time_unix_s", 0);
    }
    for (const char* cube : {"ex_v_per_km", "ey_v_per_km"}) {
        f.attach_dimension_scale(cube, "time_unix_s", 0);
        f.attach_dimension_scale(cube, "lat_deg", 1);
        f.attach_dimension_scale(cube, "lon_deg", 2);
        f.set_float_attribute(cube, "_FillValue", std::numeric_limits<float>::quiet_NaN());
        f.set_attribute(cube, "coordinates", "time_unix_s lat_deg lon_deg");
        f.set_attribute(cube, "grid_mapping", "crs");
    }
    f.set_attribute("ex_v_per_km", "long_name", "northward geoelectric field E_x");
    f.set_attribute("ey_v_per_km", "long_name", "eastward geoelectric field E_y");
}

EfieldGridWriter::~EfieldGridWriter() = default;

void EfieldGridWriter::write_row(std::size_t row, const std::vector<float>& ex, const std::vector<float>& ey) {
    const std::size_t n = m_impl->steps * m_impl->spec.width();
    if (ex.size() != n || ey.size() != n) {
        throw Error("efield grid writer: internal error (bug): a row of the wrong size");
    }
    m_impl->file.write_slab("ex_v_per_km", row, ex.data());
    m_impl->file.write_slab("ey_v_per_km", row, ey.data());
}

void EfieldGridWriter::close() { m_impl->file.close(); }

}  // namespace swx::io
