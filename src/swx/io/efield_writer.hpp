#pragma once
/// @file efield_writer.hpp
/// Writes a geoelectric time series with its magnetometer provenance as CSV or HDF5.

#include <swx/core/efield/efield.hpp>
#include <swx/io/magnetometer.hpp>

#include <swx/core/base/raster.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <map>
#include <string>

namespace swx::io {

/// E(t) at a point of a field that varies in space (`swxrisk efield --at`), not at a magnetometer.
struct EfieldPoint {
    double lat_deg = 0.0;
    double lon_deg = 0.0;
    std::string stations;  ///< the records that weighed most, with their shares
    std::string b_source;  ///< what bx_nt/by_nt are: "SECS prediction from N records, baseline removed" or "the record as read"
};

struct EfieldRecord {
    const MagnetometerSeries& magnetic;
    std::string earth_model;
    const GeoelectricSeries& field;
    std::string method;  ///< how E was computed (empty: the 1-D plane-wave method over `earth_model`)
    std::optional<EfieldPoint> point = std::nullopt;  ///< set: E at this point (HDF5: point_* attributes, not station_*)
};

/// CSV: `time,ex_v_per_km,ey_v_per_km,edge_zone` (UTC ISO 8601, fractional seconds when the cadence is not
/// whole; x north, y east; edge_zone 1 inside the record's edge zone). @throws Error on write failure.
void write_efield_csv(const EfieldRecord& record, const std::filesystem::path& path);

/// HDF5: datasets `time_unix_s` (float64), `time_iso`, `ex_v_per_km`, `ey_v_per_km`, `bx_nt`, `by_nt`,
/// `edge_zone` (0/1) with units, and root attributes (input, station, earth model, cadence, edge_zone_s,
/// edge_zone_samples, software version). With `point`: `point_lat_deg`, `point_lon_deg`, `stations` and
/// `b_source` replace `station`, `station_latitude_deg`, `station_longitude_deg`.
void write_efield_hdf5(const EfieldRecord& record, const std::filesystem::path& path);

/// E(t) on a latitude–longitude grid as HDF5, written one latitude row at a time (docs/output-formats.md):
/// `ex_v_per_km`, `ey_v_per_km` (float32, time × lat × lon, chunked, optionally deflated), `time_unix_s`,
/// `time_iso`, `lat_deg` (cell centres, north to south as in the GeoTIFF), `lon_deg`, `edge_zone`, and root
/// attributes: crs (EPSG:4326 WKT), units, conventions, the storm and method, software version. NaN where
/// no ground. The caller stages the path (whole or not at all).
class EfieldGridWriter {
public:
    EfieldGridWriter(const std::filesystem::path& path, const GridSpec& spec, std::int64_t t0_unix_s, double dt_s, std::size_t steps,
                     std::size_t edge_steps, const std::map<std::string, std::string>& attributes, int deflate_level = 4);
    ~EfieldGridWriter();
    EfieldGridWriter(const EfieldGridWriter&) = delete;
    EfieldGridWriter& operator=(const EfieldGridWriter&) = delete;
    /// Row `row` (0 = northernmost): steps × width values each, row-major in time.
    void write_row(std::size_t row, const std::vector<float>& ex, const std::vector<float>& ey);
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace swx::io
