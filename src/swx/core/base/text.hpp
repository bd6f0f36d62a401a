#pragma once
/// @file text.hpp
/// Small text helpers shared by core and io: trimming, ASCII case folding, number-to-text for messages,
/// and the one CSV tokenizer (core data tables; io readers of magnetometer tables, the NERC β table,
/// waveforms). Locale-independent.

#include <string>
#include <string_view>
#include <vector>

namespace swx {

/// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
[[nodiscard]] std::string trim(std::string_view s);

/// `s` with ASCII letters upper-cased; other bytes unchanged.
[[nodiscard]] std::string upper(std::string_view s);

/// `s` with ASCII letters lower-cased; other bytes unchanged.
[[nodiscard]] std::string lower(std::string_view s);

/// `v` as C's `printf("%.*g", significant, v)`: at most `significant` significant digits, fixed or
/// exponent notation, whichever is shorter; "nan", "-nan", "inf", "-inf" for non-finite values. The same
/// text as `std::ostream << v` at the stream's default precision (6). For messages, not data files
/// (io::format_number writes CSV cells).
/// @param[in] significant digits, 1..17 (values outside are clamped).
[[nodiscard]] std::string format_number(double v, int significant = 6);

/// `v` as C's `printf("%.*f", decimals, v)`; `format_fixed(v, 6)` is `std::to_string(v)`.
/// @param[in] decimals digits after the point, 0..17 (values outside are clamped).
[[nodiscard]] std::string format_fixed(double v, int decimals);

/// Splits one CSV record into fields. Double quotes group a field (RFC 4180: `""` inside quotes is one
/// quote, and a delimiter inside quotes is text); records with embedded newlines are not supported. Each
/// field is trimmed of ASCII whitespace (trim) after unquoting, so a CR left by a CRLF line end is
/// dropped. An empty line gives one empty field, and "a,b," gives three fields.
/// @param[in] line one record without its line end.
/// @param[in] delimiter the field separator (',' ';' or '\t').
[[nodiscard]] std::vector<std::string> split_csv(std::string_view line, char delimiter = ',');

}  // namespace swx
