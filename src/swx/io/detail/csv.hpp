#pragma once
// The one CSV tokenizer of swx::io (magnetometer tables, the NERC beta table, geoelectric waveforms).
// Private to swx::io.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <string>
#include <string_view>
#include <vector>

namespace swx::io::detail {

/// Splits one CSV record into fields. Double quotes group a field (RFC 4180: `""` inside quotes is one
/// quote, and a delimiter inside quotes is text); records with embedded newlines are not supported. Each
/// field is trimmed of ASCII whitespace (swx::trim) after unquoting, so a CR left by a CRLF line end is
/// dropped. An empty line gives one empty field, and "a,b," gives three fields.
/// @param[in] line one record without its line end.
/// @param[in] delimiter the field separator (',' ';' or '\t').
[[nodiscard]] std::vector<std::string> split_csv(std::string_view line, char delimiter = ',');

}  // namespace swx::io::detail
