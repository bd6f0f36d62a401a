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

/// CSV: `time,ex_v_per_km,ey_v_per_km` (UTC ISO 8601; x north, y east). @throws Error on write failure.
void write_efield_csv(const EfieldRecord& record, const std::filesystem::path& path);

/// HDF5: datasets `time_unix_s`, `time_iso`, `ex_v_per_km`, `ey_v_per_km`, `bx_nt`, `by_nt` with units,
/// and root attributes (input, station, earth model, cadence, software version).
void write_efield_hdf5(const EfieldRecord& record, const std::filesystem::path& path);

}  // namespace swx::io
