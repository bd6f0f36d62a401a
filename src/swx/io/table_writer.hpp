#pragma once
/// @file table_writer.hpp
/// Writes FeatureTables as CSV files and as GeoPackage layers (EPSG:4326).

#include <swx/core/base/table.hpp>

#include <filesystem>
#include <vector>

namespace swx::io {

/// Writes a table as CSV (header row, numbers with 10 significant digits, NaN as empty).
/// @throws Error if the file cannot be written.
void write_csv(const FeatureTable& table, const std::filesystem::path& path);

/// Writes tables as layers of one new GeoPackage (geometry in EPSG:4326, one transaction per layer).
/// @throws Error if GDAL cannot create the file or a layer.
void write_gpkg(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& path);

/// A number as CSV text: shortest form with at most 10 significant digits; NaN -> "".
[[nodiscard]] std::string format_csv_number(double value);

}  // namespace swx::io
