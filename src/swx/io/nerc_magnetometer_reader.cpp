/// @file nerc_magnetometer_reader.cpp
/// NERC ERO portal magnetometer CSV files: header
/// `MagnetometerDeviceID,SampleDateTime,GeoBfieldMeasureNorth,GeoBfieldMeasureEast,GeoBfieldMeasureVertical`,
/// one device per file, times `M/D/YYYY h:mm:ss AM|PM` in UTC (no zone written). The time-grid policy is
/// core/storm/magnetic_series; value cells are read as the generic CSV reader reads them.

#define SWX_IO_INTERNAL
#include <swx/io/magnetometer_set.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/base/time.hpp>
#include <swx/io/detail/csv.hpp>
#include <swx/io/detail/magnetometer_text.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>

namespace swx::io {

namespace detail {

namespace {

constexpr std::array<const char*, 5> nerc_columns{"MagnetometerDeviceID", "SampleDateTime", "GeoBfieldMeasureNorth",
                                                   "GeoBfieldMeasureEast", "GeoBfieldMeasureVertical"};
constexpr const char* nerc_time_format = "M/D/YYYY h:mm:ss AM|PM (UTC)";

std::string at_line(std::size_t lineno) { return "line " + std::to_string(lineno); }

/// Digits [pos, pos + n) with n in [min_n, max_n] as an integer, advancing pos; nullopt otherwise.
std::optional<int> take_digits(std::string_view s, std::size_t& pos, std::size_t min_n, std::size_t max_n) {
    std::size_t n = 0;
    int v = 0;
    while (pos + n < s.size() && n < max_n && std::isdigit(static_cast<unsigned char>(s[pos + n])) != 0) {
        v = v * 10 + (s[pos + n] - '0');
        ++n;
    }
    if (n < min_n || (pos + n < s.size() && std::isdigit(static_cast<unsigned char>(s[pos + n])) != 0)) {
        return std::nullopt;
    }
    pos += n;
    return v;
}

bool take_char(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

}  // namespace

/// "M/D/YYYY h:mm:ss AM|PM" as UTC seconds since 1970 (12 AM is hour 0, 12 PM hour 12); nullopt for
/// anything else (a 24-hour time, hour 0 or 13+, minute or second over 59, an invalid date, extra text).
std::optional<double> parse_nerc_time(std::string_view text) {
    const std::string t = trim(text);
    const std::string_view s{t};
    std::size_t pos = 0;
    const auto month = take_digits(s, pos, 1, 2);
    if (!month || !take_char(s, pos, '/')) {
        return std::nullopt;
    }
    const auto day = take_digits(s, pos, 1, 2);
    if (!day || !take_char(s, pos, '/')) {
        return std::nullopt;
    }
    const auto year = take_digits(s, pos, 4, 4);
    if (!year || !take_char(s, pos, ' ')) {
        return std::nullopt;
    }
    const auto hour = take_digits(s, pos, 1, 2);
    if (!hour || !take_char(s, pos, ':')) {
        return std::nullopt;
    }
    const auto minute = take_digits(s, pos, 2, 2);
    if (!minute || !take_char(s, pos, ':')) {
        return std::nullopt;
    }
    const auto second = take_digits(s, pos, 2, 2);
    if (!second || !take_char(s, pos, ' ') || pos + 2 != s.size()) {
        return std::nullopt;
    }
    const std::string ampm = lower(s.substr(pos));
    if ((ampm != "am" && ampm != "pm") || *hour < 1 || *hour > 12 || *minute > 59 || *second > 59 ||
        !is_valid_date(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day))) {
        return std::nullopt;
    }
    const int h24 = (*hour % 12) + (ampm == "pm" ? 12 : 0);
    const std::int64_t days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    return static_cast<double>(days * 86400 + h24 * 3600 + *minute * 60 + *second);
}

bool looks_like_nerc_magnetometer(const std::vector<std::string>& lines) {
    for (const auto& line : lines) {
        const std::string t = trim(line);
        if (t.empty()) {
            continue;
        }
        const auto names = split_csv(t, ',');
        if (names.size() != nerc_columns.size()) {
            return false;
        }
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (lower(trim(names[i])) != lower(nerc_columns[i])) {
                return false;
            }
        }
        return true;
    }
    return false;
}

MagnetometerSeries parse_nerc_magnetometer_csv(const std::vector<std::string>& lines, const std::string& path,
                                               const MagnetometerOptions& options) {
    ErrorContext ctx{"readers.nerc_magnetometer", path, "", "", ""};
    if (!looks_like_nerc_magnetometer(lines)) {
        throw InputError(ctx, "the first row is not the NERC magnetometer header (expected " + [] {
            std::string h;
            for (const char* c : nerc_columns) {
                h += (h.empty() ? "" : ",") + std::string(c);
            }
            return h;
        }() + ")");
    }
    std::size_t li = 0;
    while (trim(lines[li]).empty()) {
        ++li;
    }
    std::string device;
    std::size_t device_line = 0;
    std::vector<RawMagneticSample> raw;
    for (++li; li < lines.size(); ++li) {
        const std::string t = trim(lines[li]);
        if (t.empty()) {
            continue;
        }
        const std::size_t lineno = li + 1;
        const auto fields = split_csv(t, ',');
        if (fields.size() != nerc_columns.size()) {
            throw InputError(ctx, at_line(lineno) + ": " + std::to_string(fields.size()) + " fields; expected " +
                                      std::to_string(nerc_columns.size()) + " (the NERC header's columns)");
        }
        const std::string id = trim(fields[0]);
        if (id.empty()) {
            ctx.field = nerc_columns[0];
            throw InputError(ctx, at_line(lineno) + ": empty device id");
        }
        if (device.empty()) {
            device = id;
            device_line = lineno;
        } else if (id != device) {
            ctx.field = nerc_columns[0];
            throw InputError(ctx, at_line(lineno) + ": device '" + id + "', but line " + std::to_string(device_line) +
                                      " has device '" + device + "'; expected one device per file");
        }
        const auto time = parse_nerc_time(fields[1]);
        if (!time) {
            ctx.field = nerc_columns[1];
            throw InputError(ctx, at_line(lineno) + ": time '" + trim(fields[1]) + "' is not " + nerc_time_format);
        }
        RawMagneticSample r{*time, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                            lineno};
        for (const std::size_t column : {std::size_t{2}, std::size_t{3}}) {
            const auto value = parse_value_cell(fields[column]);
            if (!value || std::isinf(*value)) {
                ctx.field = nerc_columns[column];
                throw InputError(ctx, at_line(lineno) + " (" + format_iso8601_utc_ms(*time) + "): value '" +
                                          trim(fields[column]) + "' is not a finite number");
            }
            (column == 2 ? r.x_nt : r.y_nt) = *value;
        }
        raw.push_back(r);
    }
    if (raw.empty()) {
        throw InputError(ctx, "no data rows after the NERC header");
    }
    MagnetometerSeries s = build_series(raw, ctx, options.max_gap_s, nerc_columns[2], nerc_columns[3]);
    s.station = device;
    return s;
}

}  // namespace detail

MagnetometerSeries read_nerc_magnetometer_csv(const std::string& path, const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.nerc_magnetometer", path, "", "", ""};
    return detail::parse_nerc_magnetometer_csv(detail::read_text_lines(path, ctx), path, options);
}

}  // namespace swx::io
