#pragma once
/// @file psse_records.hpp
/// The record syntax shared by PSS/E `.raw` and `.gic` files (io/psse_reader.cpp, docs/grid-format.md):
/// fields separated by commas or blanks, strings in single (or double) quotes, `/` starts a comment
/// outside quotes, two commas with nothing between them give an empty field (= default).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace swx::io::detail {

/// One field of a record: its text (quotes removed, blanks trimmed outside quotes) and whether it was quoted.
struct PsseField {
    std::string_view text;
    bool quoted = false;
};

/// One line split into fields. The views point into the line that was tokenized.
struct PsseRecord {
    std::vector<PsseField> fields;
    std::string_view comment;  ///< text after an unquoted '/', trimmed ("" if none)
    std::size_t line = 0;      ///< 1-based line number in the file
};

/// Splits `line` into `out` (reusing its storage). @return false if a quote is not closed on the line
/// (`out` then holds the fields before it).
[[nodiscard]] bool tokenize_psse_line(std::string_view line, PsseRecord& out);

/// Reads a whole file into memory. @throws InputError naming `path` if it cannot be read.
[[nodiscard]] std::string read_text_file(const std::string& path, const char* what);

}  // namespace swx::io::detail
