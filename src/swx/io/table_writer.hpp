#pragma once
/// @file table_writer.hpp
/// Writes FeatureTables as CSV files and as GeoPackage layers (EPSG:4326).

#include <swx/core/base/table.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

/// Writes a table as CSV (header row, numbers with 10 significant digits, NaN as empty).
/// @throws Error if the file cannot be written.
void write_csv(const FeatureTable& table, const std::filesystem::path& path);

/// One CSV cell as write_csv writes it (RFC 4180): quoted when it holds a comma, a quote or a line break
/// (CR or LF), with a quote inside written twice. Also for the CLI's CSV on standard output.
[[nodiscard]] std::string csv_cell(const std::string& text);

/// How a column is stored in a GeoPackage (and returned by the Python module).
enum class FieldKind {
    real,     ///< Real
    integer,  ///< Integer (64-bit)
    flag,     ///< Integer with the Boolean subtype (0 / 1)
    text,     ///< String
    time,     ///< DateTime, UTC
};

/// The kind of a column, by the project's naming rule, checked against its values: `rank` and `n_*`
/// are integers and `*_blocked`, `*_assumed` and `qloss_v_at_lv` flags when every finite value is
/// whole (flags: 0 or 1), else real;
/// `*_time` text columns are times when every non-empty value is an ISO 8601 date-time, else text;
/// every other column is real (numbers) or text.
[[nodiscard]] FieldKind field_kind(const Column& column);

/// Writes tables as layers of one new GeoPackage (geometry in EPSG:4326, one transaction per layer;
/// field types from field_kind: Integer, Integer(Boolean), DateTime, Real, String).
/// @throws Error if GDAL cannot create the file or a layer.
void write_gpkg(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& path);

/// A number as CSV text: shortest form with at most 10 significant digits; NaN -> "".
[[nodiscard]] std::string format_csv_number(double value);

}  // namespace swx::io
