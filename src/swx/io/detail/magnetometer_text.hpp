#pragma once
// Pieces shared by the IAGA-2002 reader, the magnetometer CSV reader and the format sniffer in
// magnetometer.cpp: the file as lines (read once), number cells with the IAGA missing markers, and the
// readers over lines already read. Private to swx::io.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <swx/core/base/error.hpp>
#include <swx/io/magnetometer.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swx::io::detail {

/// The file's lines without their line ends (LF or CRLF).
/// @throws InputError(ctx) "cannot open file", or "empty file" when every line is blank.
[[nodiscard]] std::vector<std::string> read_text_lines(const std::string& path, const ErrorContext& ctx);

/// Whitespace-separated tokens.
[[nodiscard]] std::vector<std::string> split_whitespace(std::string_view s);

/// "a, b, c".
[[nodiscard]] std::string join(const std::vector<std::string>& items);

/// A whole-string number after trimming (a leading '+' allowed), or nullopt.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

/// IAGA-2002 missing (99999) and not-observed (88888) markers, written to any number of decimals.
[[nodiscard]] bool is_missing_marker(double v);

/// A CSV value cell: NaN for the missing spellings (empty, NaN, NA, N/A, null, none) and the IAGA
/// markers; nullopt for text that is not a number; ±infinity as parsed (the caller refuses it).
[[nodiscard]] std::optional<double> parse_value_cell(const std::string& cell);

/// True for an IAGA-2002 data header ("DATE TIME DOY ..."), given a trimmed line.
[[nodiscard]] bool looks_like_data_header(const std::string& trimmed);

/// read_iaga2002 and read_magnetometer_csv over the lines of `path` already read.
[[nodiscard]] MagnetometerSeries parse_iaga2002(const std::vector<std::string>& lines, const std::string& path,
                                                const MagnetometerOptions& options);
[[nodiscard]] MagnetometerSeries parse_magnetometer_csv(const std::vector<std::string>& lines, const std::string& path,
                                                        const MagnetometerOptions& options);

/// True if the first non-blank line is the NERC ERO portal header (magnetometer_set.hpp).
[[nodiscard]] bool looks_like_nerc_magnetometer(const std::vector<std::string>& lines);

/// "M/D/YYYY h:mm:ss AM|PM" (NERC portal times, UTC) as seconds since 1970; 12 AM is hour 0, 12 PM hour
/// 12. nullopt for anything else: hour 0 or over 12, minute or second over 59, an invalid date, extra text.
[[nodiscard]] std::optional<double> parse_nerc_time(std::string_view text);

/// read_nerc_magnetometer_csv over the lines of `path` already read.
[[nodiscard]] MagnetometerSeries parse_nerc_magnetometer_csv(const std::vector<std::string>& lines,
                                                             const std::string& path, const MagnetometerOptions& options);

}  // namespace swx::io::detail
