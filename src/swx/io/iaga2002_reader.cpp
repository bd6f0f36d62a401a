/// @file iaga2002_reader.cpp
/// IAGA-2002 magnetometer files (INTERMAGNET exchange format): header records, comment records (for
/// DECBAS), the data header naming the four elements, and the data records. The data records are split
/// on whitespace, not on the fixed columns of the standard, because real USGS files shift columns on
/// 99999.00 rows (GEOELECTRIC.md §4). The time-grid policy is core/storm/magnetic_series.

#define SWX_IO_INTERNAL
#include <swx/io/magnetometer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/magnetometer_text.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <numbers>

namespace swx::io {

namespace detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Which of the four data columns holds X, Y, H and D (-1: none).
struct Orientation {
    int x = -1, y = -1, h = -1, d = -1;
    [[nodiscard]] bool has_xy() const { return x >= 0 && y >= 0; }
    [[nodiscard]] bool has_hd() const { return h >= 0 && d >= 0; }
};

Orientation orientation_from_letters(const std::string& letters) {
    Orientation o;
    for (std::size_t i = 0; i < letters.size() && i < 4; ++i) {
        const auto idx = static_cast<int>(i);
        switch (std::toupper(static_cast<unsigned char>(letters[i]))) {
        case 'X': o.x = idx; break;
        case 'Y': o.y = idx; break;
        case 'H': o.h = idx; break;
        case 'D': o.d = idx; break;
        default: break;
        }
    }
    return o;
}

/// What the records before the data header say.
struct IagaHeader {
    std::map<std::string, std::string> records;  ///< lower-case label -> value
    std::optional<double> decbas_tenth_min;
    std::vector<std::string> element_names;
    Orientation orient;
};

std::string at_line(std::size_t lineno) { return "line " + std::to_string(lineno); }

/// Tokens of a data header or record, without a closing '|'.
std::vector<std::string> record_tokens(const std::string& trimmed) {
    auto tokens = split_whitespace(trimmed);
    if (!tokens.empty() && tokens.back() == "|") {
        tokens.pop_back();
    }
    return tokens;
}

/// Header record: label in columns 2–24, value from column 25, '|' in column 70.
void parse_header_record(std::string record, IagaHeader& header) {
    const auto bar = record.rfind('|');
    if (bar != std::string::npos) {
        record.erase(bar);
    }
    if (record.size() > 24) {
        header.records[lower(trim(record.substr(0, 24)))] = trim(record.substr(24));
    }
}

/// Comment record ("# ..."); only "DECBAS <n>" is read.
void parse_comment_record(const std::string& trimmed, std::size_t lineno, IagaHeader& header, const ErrorContext& ctx) {
    const auto tokens = split_whitespace(trimmed.substr(1));
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (lower(tokens[i]) == "decbas") {
            header.decbas_tenth_min = parse_number(tokens[i + 1]);
            if (!header.decbas_tenth_min) {
                throw InputError(ctx, at_line(lineno) + ": DECBAS value '" + tokens[i + 1] + "' is not a number");
            }
        }
    }
}

/// "DATE TIME DOY <4 elements>": the element names and the orientation they give.
void parse_data_header(const std::string& trimmed, std::size_t lineno, IagaHeader& header, const ErrorContext& ctx) {
    const auto tokens = record_tokens(trimmed);
    if (tokens.size() < 7) {
        throw InputError(ctx, at_line(lineno) + ": data header should name DATE TIME DOY and 4 elements, found '" +
                                  trimmed + "'");
    }
    std::string letters;
    for (std::size_t i = 3; i < 7; ++i) {
        std::string name = tokens[i];
        if (name.back() == '|') {
            name.pop_back();
        }
        if (name.empty()) {  // a stray "|" where an element name belongs (a fuzz finding)
            throw InputError(ctx, at_line(lineno) + ": data header element " + std::to_string(i - 2) + " has no name: '" +
                                      trimmed + "'");
        }
        letters.push_back(name.back());
        header.element_names.push_back(std::move(name));
    }
    header.orient = orientation_from_letters(letters);
    // The data header is authoritative; "Reported" is used only when its names carry no element
    // letters at all (e.g. "BOU1 BOU2 ...").
    const bool any_element = letters.find_first_of("XYZFHDIGxyzfhdig") != std::string::npos;
    if (const auto it = header.records.find("reported"); !any_element && it != header.records.end()) {
        header.orient = orientation_from_letters(it->second);
    }
    if (!header.orient.has_xy() && !header.orient.has_hd()) {
        throw InputError(ctx, at_line(lineno) + ": elements " + join(header.element_names) +
                                  " give neither X and Y nor H and D; cannot derive X (north), Y (east)");
    }
}

/// "DATE TIME DOY v1 v2 v3 v4": one sample, X and Y derived from H and D when needed.
RawMagneticSample parse_data_record(const std::string& trimmed, std::size_t lineno, const IagaHeader& header,
                                    ErrorContext ctx) {
    const auto tokens = record_tokens(trimmed);
    if (tokens.size() < 7) {
        throw InputError(ctx, at_line(lineno) + ": expected DATE TIME DOY and 4 values, found " +
                                  std::to_string(tokens.size()) + " fields");
    }
    const auto time = parse_iso8601_utc(tokens[0] + "T" + tokens[1] + "Z");
    if (!time) {
        throw InputError(ctx, at_line(lineno) + ": bad date/time '" + tokens[0] + " " + tokens[1] + "'");
    }
    std::array<double, 4> v{};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto value = parse_number(tokens[3 + i]);
        if (!value) {
            ctx.field = header.element_names[i];
            throw InputError(ctx, at_line(lineno) + " (" + format_iso8601_utc_ms(*time) + "): value '" +
                                      tokens[3 + i] + "' is not a number");
        }
        if (!std::isfinite(*value)) {
            ctx.field = header.element_names[i];
            throw InputError(ctx, at_line(lineno) + " (" + format_iso8601_utc_ms(*time) + "): value '" + tokens[3 + i] +
                                      "' is not finite; IAGA-2002 marks a missing value with 99999.00 (88888.00: not recorded)");
        }
        v.at(i) = is_missing_marker(*value) ? nan : *value;
    }
    const Orientation& o = header.orient;
    RawMagneticSample r{*time, nan, nan, lineno};
    if (o.has_xy()) {
        r.x_nt = v.at(static_cast<std::size_t>(o.x));
        r.y_nt = v.at(static_cast<std::size_t>(o.y));
    } else {
        const double h = v.at(static_cast<std::size_t>(o.h));
        // D in minutes of arc; variation files give it relative to DECBAS (tenths of minutes East).
        const double d_min = v.at(static_cast<std::size_t>(o.d)) + header.decbas_tenth_min.value_or(0.0) / 10.0;
        const double d_rad = d_min / 60.0 * std::numbers::pi / 180.0;
        r.x_nt = h * std::cos(d_rad);
        r.y_nt = h * std::sin(d_rad);
    }
    return r;
}

/// Station code and geodetic position from the header records (NaN when absent or not a number).
void apply_header(const IagaHeader& header, MagnetometerSeries& s) {
    if (const auto it = header.records.find("iaga code"); it != header.records.end()) {
        s.station = it->second;
    }
    if (const auto it = header.records.find("geodetic latitude"); it != header.records.end()) {
        s.latitude_deg = parse_number(it->second).value_or(nan);
    }
    if (const auto it = header.records.find("geodetic longitude"); it != header.records.end()) {
        s.longitude_deg = parse_number(it->second).value_or(nan);
    }
}

}  // namespace

MagnetometerSeries parse_iaga2002(const std::vector<std::string>& lines, const std::string& path,
                                  const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.iaga2002", path, "", "", ""};
    IagaHeader header;
    bool in_data = false;
    std::vector<RawMagneticSample> raw;
    for (std::size_t li = 0; li < lines.size(); ++li) {
        const std::size_t lineno = li + 1;
        const std::string t = trim(lines[li]);
        if (t.empty()) {
            continue;
        }
        if (in_data) {
            raw.push_back(parse_data_record(t, lineno, header, ctx));
        } else if (looks_like_data_header(t)) {
            parse_data_header(t, lineno, header, ctx);
            in_data = true;
        } else if (t.front() == '#') {
            parse_comment_record(t, lineno, header, ctx);
        } else {
            parse_header_record(lines[li], header);
        }
    }
    if (!in_data) {
        throw InputError(ctx, "no IAGA-2002 data header record (DATE TIME DOY ...) found");
    }
    const Orientation& o = header.orient;
    const std::string x_name = o.has_xy() ? header.element_names.at(static_cast<std::size_t>(o.x)) : "X (from H, D)";
    const std::string y_name = o.has_xy() ? header.element_names.at(static_cast<std::size_t>(o.y)) : "Y (from H, D)";
    MagnetometerSeries s = build_series(raw, ctx, options.max_gap_s, x_name, y_name);
    apply_header(header, s);
    return s;
}

}  // namespace detail

MagnetometerSeries read_iaga2002(const std::string& path, const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.iaga2002", path, "", "", ""};
    return detail::parse_iaga2002(detail::read_text_lines(path, ctx), path, options);
}

}  // namespace swx::io
