/// @file magnetometer_csv_reader.cpp
/// Magnetometer CSV tables: `#` comment lines, a header row, then one row per sample with a time column
/// (ISO 8601 UTC or numeric Unix seconds, whichever the first row uses) and X, Y columns in nT, found by
/// name when not given. The time-grid policy is core/storm/magnetic_series.

#define SWX_IO_INTERNAL
#include <swx/io/magnetometer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/csv.hpp>
#include <swx/io/detail/magnetometer_text.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace swx::io {

namespace detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> time_candidates{"time",    "timestamp", "datetime", "datetimeutc", "dateutc",
                                               "timeutc", "utc",       "utctime",  "isotime",     "date",
                                               "t",       "seconds",   "times",    "epoch"};
const std::vector<std::string> x_candidates{"x",     "bx",    "xnt",    "bxnt",   "xgeo",
                                            "bxgeo", "bnorth", "north", "dbngeo", "bn"};
const std::vector<std::string> y_candidates{"y",     "by",   "ynt",   "bynt",   "ygeo",
                                            "bygeo", "beast", "east", "dbegeo", "be"};

std::string at_line(std::size_t lineno) { return "line " + std::to_string(lineno); }

/// Lower case, letters and digits only: "B_x (nT)" -> "bxnt".
std::string normalize_name(std::string_view s) {
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) != 0) {
            out.push_back(static_cast<char>(std::tolower(c)));
        }
    }
    return out;
}

/// IAGA-style element names such as "FRDX" / "BOUY" (three letters + component); nullopt if none or
/// more than one.
std::optional<std::size_t> find_element_column(const std::vector<std::string>& names, char component) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string n = normalize_name(names[i]);
        if (n.size() == 4 && std::isalpha(static_cast<unsigned char>(n[0])) != 0 &&
            std::isalpha(static_cast<unsigned char>(n[1])) != 0 &&
            std::isalpha(static_cast<unsigned char>(n[2])) != 0 && n[3] == component) {
            if (found) {
                return std::nullopt;  // ambiguous
            }
            found = i;
        }
    }
    return found;
}

/// Index of the column named `wanted` (case-insensitive), or of the first automatic candidate, or
/// (for a component, `component` != 0) of the only IAGA-style element name.
std::optional<std::size_t> find_column(const std::vector<std::string>& names, const std::string& wanted,
                                       const std::vector<std::string>& candidates, char component) {
    if (!wanted.empty()) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (lower(names[i]) == lower(wanted)) {
                return i;
            }
        }
        return std::nullopt;
    }
    for (const auto& candidate : candidates) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (normalize_name(names[i]) == candidate) {
                return i;
            }
        }
    }
    return component != 0 ? find_element_column(names, component) : std::nullopt;
}

/// The time, X and Y columns of the header.
struct CsvColumns {
    std::vector<std::string> names;
    std::size_t time = 0, x = 0, y = 0;
    [[nodiscard]] std::size_t needed() const { return std::max({time, x, y}) + 1; }
};

CsvColumns find_columns(std::vector<std::string> names, const MagnetometerOptions& options, ErrorContext ctx) {
    const auto need = [&](const std::string& wanted, const std::vector<std::string>& candidates, char component,
                          const char* what) {
        const auto i = find_column(names, wanted, candidates, component);
        if (!i) {
            ctx.field = wanted.empty() ? what : wanted;
            throw InputError(ctx, (wanted.empty() ? std::string("no ") + what + " column found (looked for " +
                                                        join(candidates) + ")"
                                                  : "no column named '" + wanted + "'") +
                                      "; columns found: " + join(names));
        }
        return *i;
    };
    CsvColumns c;
    c.time = need(options.time_column, time_candidates, 0, "time");
    c.x = need(options.x_column, x_candidates, 'x', "X (north)");
    c.y = need(options.y_column, y_candidates, 'y', "Y (east)");
    c.names = std::move(names);
    return c;
}

/// ',' unless the header has none: then ';' or a tab if it has one.
char sniff_delimiter(const std::string& header_line) {
    if (header_line.find(',') != std::string::npos) {
        return ',';
    }
    if (header_line.find(';') != std::string::npos) {
        return ';';
    }
    return header_line.find('\t') != std::string::npos ? '\t' : ',';
}

/// The first line that is neither blank nor a comment. @throws InputError "no header row".
std::size_t find_header_row(const std::vector<std::string>& lines, const ErrorContext& ctx) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string t = trim(lines[i]);
        if (!t.empty() && t.front() != '#') {
            return i;
        }
    }
    throw InputError(ctx, "no header row");
}

/// How the time column is written, fixed by the first row that parses.
enum class TimeMode { unknown, iso, seconds };

/// A time cell: ISO 8601, or a finite number of seconds, as the file's earlier rows were.
double parse_time_cell(const std::string& text, TimeMode& mode, std::size_t lineno, ErrorContext ctx,
                       const std::string& column) {
    std::optional<double> time;
    if (mode != TimeMode::seconds) {
        time = parse_iso8601_utc(text);
        if (time) {
            mode = TimeMode::iso;
        }
    }
    if (!time && mode != TimeMode::iso) {
        time = parse_number(text);
        if (time && std::isfinite(*time)) {
            mode = TimeMode::seconds;
            // Years 0001 to 9999, as ISO 8601 times are; beyond, times do not fit the 64-bit seconds used
            // for the grid and the messages (a fuzz finding: 1.2e97 s overflowed).
            constexpr double min_unix_s = -62135596800.0;  // 0001-01-01T00:00:00Z
            constexpr double max_unix_s = 253402300799.0;  // 9999-12-31T23:59:59Z
            if (!(*time >= min_unix_s && *time <= max_unix_s)) {
                ctx.field = column;
                throw InputError(ctx, at_line(lineno) + ": time '" + text +
                                          "' s since 1970-01-01 is outside the years 0001 to 9999");
            }
        } else {
            time.reset();
        }
    }
    if (!time) {
        ctx.field = column;
        throw InputError(ctx, at_line(lineno) + ": time '" + text + "' is not " +
                                  (mode == TimeMode::seconds ? "a number of seconds" : "an ISO 8601 date-time"));
    }
    return *time;
}

/// One data row.
RawMagneticSample parse_row(const std::vector<std::string>& fields, const CsvColumns& columns, TimeMode& mode,
                            std::size_t lineno, ErrorContext ctx) {
    if (fields.size() < columns.needed()) {
        throw InputError(ctx, at_line(lineno) + ": " + std::to_string(fields.size()) + " fields, but the header has " +
                                  std::to_string(columns.names.size()));
    }
    const double time = parse_time_cell(fields[columns.time], mode, lineno, ctx, columns.names[columns.time]);
    RawMagneticSample r{time, nan, nan, lineno};
    for (const auto& [index, out] : {std::pair{columns.x, &r.x_nt}, std::pair{columns.y, &r.y_nt}}) {
        const auto value = parse_value_cell(fields[index]);
        if (!value) {
            ctx.field = columns.names[index];
            throw InputError(ctx, at_line(lineno) + " (" + format_iso8601_utc_ms(time) + "): value '" + fields[index] +
                                      "' is not a number");
        }
        if (std::isinf(*value)) {
            ctx.field = columns.names[index];
            throw InputError(ctx, at_line(lineno) + " (" + format_iso8601_utc_ms(time) + "): value '" + fields[index] +
                                      "' is infinite; write an empty cell, NaN or NA for a missing sample");
        }
        *out = *value;
    }
    return r;
}

}  // namespace

MagnetometerSeries parse_magnetometer_csv(const std::vector<std::string>& lines, const std::string& path,
                                          const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.magnetometer_csv", path, "", "", ""};
    const std::size_t header_index = find_header_row(lines, ctx);
    const char delimiter = sniff_delimiter(lines[header_index]);
    const CsvColumns columns = find_columns(split_csv(lines[header_index], delimiter), options, ctx);
    TimeMode mode = TimeMode::unknown;
    std::vector<RawMagneticSample> raw;
    for (std::size_t li = header_index + 1; li < lines.size(); ++li) {
        const std::string t = trim(lines[li]);
        if (!t.empty() && t.front() != '#') {
            raw.push_back(parse_row(split_csv(lines[li], delimiter), columns, mode, li + 1, ctx));
        }
    }
    if (raw.empty()) {
        throw InputError(ctx, "no data rows after the header (columns found: " + join(columns.names) + ")");
    }
    return build_series(raw, ctx, options.max_gap_s, columns.names[columns.x], columns.names[columns.y]);
}

}  // namespace detail

MagnetometerSeries read_magnetometer_csv(const std::string& path, const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.magnetometer_csv", path, "", "", ""};
    return detail::parse_magnetometer_csv(detail::read_text_lines(path, ctx), path, options);
}

}  // namespace swx::io
