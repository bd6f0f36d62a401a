#pragma once
/// @file efield_writer.hpp
/// Writes a geoelectric time series with its magnetometer provenance as CSV or HDF5.

#include <swx/core/efield/efield.hpp>
#include <swx/io/magnetometer.hpp>

#include <filesystem>
#include <string>

namespace swx::io {

struct EfieldRecord {
    const MagnetometerSeries& magnetic;
    std::string earth_model;
    const GeoelectricSeries& field;
};

/// CSV: `time,ex_v_per_km,ey_v_per_km,edge_zone` (UTC ISO 8601, fractional seconds when the cadence is not
/// whole; x north, y east; edge_zone 1 inside the record's edge zone). @throws Error on write failure.
void write_efield_csv(const EfieldRecord& record, const std::filesystem::path& path);

/// HDF5: datasets `time_unix_s` (float64), `time_iso`, `ex_v_per_km`, `ey_v_per_km`, `bx_nt`, `by_nt`,
/// `edge_zone` (0/1) with units, and root attributes (input, station, earth model, cadence, edge_zone_s,
/// edge_zone_samples, software version).
void write_efield_hdf5(const EfieldRecord& record, const std::filesystem::path& path);

}  // namespace swx::io
