#pragma once
/// @file magnetometer.hpp
/// Readers for measured magnetic time series B(t): IAGA-2002 files and CSV tables
/// (iaga2002_reader.cpp, magnetometer_csv_reader.cpp; the time-grid policy is core/storm/magnetic_series).
///
/// Output is always geographic X (north) and Y (east) in nT on a regular time grid. Short gaps are
/// filled by linear interpolation; irregular sampling and long gaps are errors (the downstream FFT needs
/// a regular, complete series). Z and F are read past, not returned. Not handled: multi-station files,
/// time zones other than UTC offsets written in the timestamp, leap seconds (a :60 second is an error).
/// Formats and policy: docs/storm-data.md.

#include <swx/core/base/time.hpp>
#include <swx/core/storm/magnetic_series.hpp>

#include <string>

namespace swx {
class ProblemSink;
}

namespace swx::io {

// The series type and the ISO 8601 helpers live in core; these keep the io:: names working.
using swx::format_iso8601_utc;
using swx::MagnetometerSeries;
using swx::parse_iso8601_utc;

/// Column selection and gap policy. Empty column names mean "find by name" (see docs/storm-data.md).
struct MagnetometerOptions {
    std::string time_column;  ///< CSV only
    std::string x_column;     ///< CSV only
    std::string y_column;     ///< CSV only
    double max_gap_s = 300;   ///< longest run of missing samples (count × dt) that is interpolated
};

/// Reads IAGA-2002 or CSV, chosen by content (an IAGA-2002 "Format" header record or a "DATE TIME"
/// data header marks IAGA-2002; the NERC portal header `MagnetometerDeviceID,SampleDateTime,...`
/// marks a NERC file, read_nerc_magnetometer_csv in magnetometer_set.hpp; anything else is read as CSV).
/// @throws InputError if the file cannot be opened, is empty, has no usable data rows, lacks a needed
///         column, has an unparsable value or time, irregular or non-increasing times, or a gap longer
///         than max_gap_s. Messages name the file, the line and the time or column involved.
[[nodiscard]] MagnetometerSeries read_magnetometer(const std::string& path, const MagnetometerOptions& options = {});

/// The one place a filled record is reported: a "gaps_filled" warning with the filled fraction, the
/// number of gaps and the longest (gap_filling_summary), located at the file. Nothing if none was filled.
void warn_gap_filling(const MagnetometerSeries& series, ProblemSink& problems);

/// Reads an IAGA-2002 file (orientations XYZ*, HDZ*, DHZ*, DHI*: anything with X and Y, or H and D).
/// D is in minutes of arc; a "# DECBAS <n>" comment (tenths of minutes East) is added to D before
/// X = H cos D, Y = H sin D. Values 99999.xx and 88888.xx are missing. Column options are ignored.
/// @throws InputError as read_magnetometer.
[[nodiscard]] MagnetometerSeries read_iaga2002(const std::string& path, const MagnetometerOptions& options = {});

/// Reads a CSV file with a header row: a time column (ISO 8601 UTC, or numeric seconds since
/// 1970-01-01) and X, Y columns in nT. Empty, NaN, NA, null, 99999.xx and 88888.xx cells are missing.
/// @throws InputError as read_magnetometer.
[[nodiscard]] MagnetometerSeries read_magnetometer_csv(const std::string& path,
                                                       const MagnetometerOptions& options = {});

}  // namespace swx::io
