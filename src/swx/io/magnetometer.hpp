#pragma once
/// @file magnetometer.hpp
/// Readers for measured magnetic time series B(t): IAGA-2002 files and CSV tables.
///
/// Output is always geographic X (north) and Y (east) in nT on a regular time grid. Short gaps are
/// filled by linear interpolation; irregular sampling and long gaps are errors (the downstream FFT needs
/// a regular, complete series). Z and F are read past, not returned. Not handled: multi-station files,
/// time zones other than UTC offsets written in the timestamp, leap seconds (a :60 second is an error).
/// Formats and policy: docs/storm-data.md.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swx::io {

/// A regular two-component magnetic time series.
struct MagnetometerSeries {
    std::string source_path;
    std::string station;  ///< IAGA code if known, else empty
    double latitude_deg = std::numeric_limits<double>::quiet_NaN();   ///< geodetic, from the header if known
    double longitude_deg = std::numeric_limits<double>::quiet_NaN();  ///< degrees east as written in the header
    std::int64_t t0_unix_s = 0;  ///< time of the first sample, UTC seconds since 1970-01-01
    double dt_s = 0.0;           ///< sample interval, s (> 0)
    std::vector<double> bx_nt;   ///< geographic north component, nT
    std::vector<double> by_nt;   ///< geographic east component, nT
    std::size_t n_interpolated = 0;  ///< samples in which at least one component was filled across a gap

    [[nodiscard]] std::size_t size() const noexcept { return bx_nt.size(); }
};

/// Column selection and gap policy. Empty column names mean "find by name" (see docs/storm-data.md).
struct MagnetometerOptions {
    std::string time_column;  ///< CSV only
    std::string x_column;     ///< CSV only
    std::string y_column;     ///< CSV only
    double max_gap_s = 300;   ///< longest run of missing samples (count × dt) that is interpolated
};

/// Reads IAGA-2002 or CSV, chosen by content (an IAGA-2002 "Format" header record or a "DATE TIME"
/// data header marks IAGA-2002; anything else is read as CSV).
/// @throws InputError if the file cannot be opened, is empty, has no usable data rows, lacks a needed
///         column, has an unparsable value or time, irregular or non-increasing times, or a gap longer
///         than max_gap_s. Messages name the file, the line and the time or column involved.
[[nodiscard]] MagnetometerSeries read_magnetometer(const std::string& path, const MagnetometerOptions& options = {});

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

/// "YYYY-MM-DDThh:mm:ssZ" for a UTC time in whole seconds since 1970-01-01.
[[nodiscard]] std::string format_iso8601_utc(std::int64_t unix_s);

/// Parses an ISO 8601 date-time to UTC seconds since 1970-01-01 (fraction kept).
/// Accepts "YYYY-MM-DD", "YYYY-MM-DD[T| ]hh:mm[:ss[.fff…]]" with optional "Z", "+hh:mm", "-hh:mm" or
/// "+hhmm" offset; surrounding blanks are ignored. Returns nullopt for anything else (including invalid
/// calendar dates and second 60).
[[nodiscard]] std::optional<double> parse_iso8601_utc(std::string_view text);

}  // namespace swx::io
