#pragma once
/// @file time.hpp
/// UTC time as seconds since 1970-01-01 (Unix time): proleptic Gregorian calendar arithmetic and the
/// ISO 8601 subset the storm readers accept and the writers produce. Built on std::chrono's
/// year_month_day. Leap seconds are not modelled (second 60 is rejected); years run from 0000 to 9999
/// when parsing and -32767 to 32767 when formatting.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace swx {

/// Days since 1970-01-01 of a proleptic Gregorian date (negative before 1970). The date is not
/// checked: 1970-02-30 counts as 1970-03-02 (use is_valid_date first).
[[nodiscard]] std::int64_t days_from_civil(int year, unsigned month, unsigned day);

/// True for a real proleptic Gregorian date (month 1..12, day within the month, 29 Feb in leap years).
[[nodiscard]] bool is_valid_date(int year, unsigned month, unsigned day);

/// "YYYY-MM-DDThh:mm:ssZ" for a UTC time in whole seconds since 1970-01-01.
[[nodiscard]] std::string format_iso8601_utc(std::int64_t unix_s);

/// As format_iso8601_utc, with milliseconds ("…:ss.sssZ") when the fraction of a second is over
/// 0.5 ms; for messages about times that may fall between seconds.
[[nodiscard]] std::string format_iso8601_utc_ms(double t_unix_s);

/// Parses an ISO 8601 date-time to UTC seconds since 1970-01-01 (fraction kept).
/// Accepts "YYYY-MM-DD", "YYYY-MM-DD[T| ]hh:mm[:ss[.fff…]]" (a ',' may stand for the '.') with
/// optional "Z", "+hh:mm", "-hh:mm", "+hhmm" or "+hh" offset; surrounding blanks are ignored.
/// @return nullopt for anything else, including invalid calendar dates, hour 24 and second 60.
[[nodiscard]] std::optional<double> parse_iso8601_utc(std::string_view text);

}  // namespace swx
