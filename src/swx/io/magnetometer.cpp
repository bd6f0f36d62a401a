/// @file magnetometer.cpp
/// IAGA-2002 and CSV magnetometer readers.
///
/// Design notes. Both readers reduce a file to raw samples (time, X, Y, source line), with missing
/// values as NaN, and hand them to one function that enforces the time-grid policy:
///  1. times must be strictly increasing;
///  2. the cadence dt is the most frequent step; every step must be a whole multiple of dt (a
///     multiple > 1 means whole rows are missing), anything else is irregular sampling — an error, since
///     resampling would silently invent data and the FFT downstream needs a regular grid;
///  3. samples are laid on the regular grid t0 + i·dt; runs of missing samples up to max_gap_s
///     (count × dt) are filled linearly (at either end: the nearest value is held), longer runs are an
///     error naming the span.
/// The IAGA-2002 data records are split on whitespace, not on the fixed columns of the standard, because
/// real USGS files shift columns on 99999.00 rows (GEOELECTRIC.md §4).

#include <swx/io/magnetometer.hpp>

#include <swx/core/error.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>

namespace swx::io {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t max_samples = 100'000'000;  // ~3 years of 1-s data; guards against absurd grids
constexpr double min_unix_s = -62135596800.0;  // 0001-01-01T00:00:00Z
constexpr double max_unix_s = 253402300799.0;  // 9999-12-31T23:59:59Z

struct RawSample {
    double t_unix_s;
    double x_nt;
    double y_nt;
    std::size_t line;
};

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

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

std::vector<std::string> split_whitespace(std::string_view s) {
    std::vector<std::string> out;
    std::istringstream in{std::string(s)};
    std::string token;
    while (in >> token) {
        out.push_back(token);
    }
    return out;
}

/// A whole-string number (leading '+' allowed), or nullopt.
std::optional<double> parse_number(std::string_view text) {
    std::string s = trim(text);
    if (!s.empty() && s.front() == '+') {
        s.erase(0, 1);
    }
    if (s.empty()) {
        return std::nullopt;
    }
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

/// IAGA-2002 missing (99999) and not-observed (88888) markers, written to any number of decimals.
bool is_missing_marker(double v) {
    const double whole = std::floor(v);
    return whole == 99999.0 || whole == 88888.0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms", days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days.at(m - 1);
}

/// A time for messages: ISO 8601 UTC, with the fraction when there is one.
std::string describe_time(double t_unix_s) {
    const double whole = std::floor(t_unix_s);
    std::string s = format_iso8601_utc(static_cast<std::int64_t>(whole));
    const double frac = t_unix_s - whole;
    if (frac > 5e-4) {
        std::ostringstream f;
        f.precision(3);
        f << std::fixed << frac;
        s.insert(s.size() - 1, f.str().substr(1));
    }
    return s;
}

std::string format_seconds(double s) {
    std::ostringstream out;
    out << s;
    return out.str();
}

std::vector<std::string> read_lines(const std::string& path, const ErrorContext& ctx) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(ctx, "cannot open file");
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(std::move(line));
    }
    if (std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return trim(l).empty(); })) {
        throw InputError(ctx, "empty file");
    }
    return lines;
}

/// Fills NaN runs of one component in place (linear inside, nearest value at the ends).
/// Marks filled samples in `filled`.
void fill_gaps(std::vector<double>& v, std::vector<bool>& filled, std::int64_t t0, double dt, double max_gap_s,
               ErrorContext ctx, const std::string& component) {
    ctx.field = component;
    const auto valid = [&](std::size_t i) { return !std::isnan(v[i]); };
    const auto time_of = [&](std::size_t i) { return static_cast<double>(t0) + static_cast<double>(i) * dt; };
    const auto check_span = [&](std::size_t first, std::size_t last, const char* where) {
        const std::size_t count = last - first + 1;
        const double span_s = static_cast<double>(count) * dt;
        if (span_s > max_gap_s * (1.0 + 1e-12)) {
            throw InputError(ctx, std::string(where) + "gap from " + describe_time(time_of(first)) + " to " +
                                      describe_time(time_of(last)) + " (" + std::to_string(count) +
                                      " missing samples, " + format_seconds(span_s) + " s) is longer than max_gap_s = " +
                                      format_seconds(max_gap_s) + " s");
        }
    };
    std::size_t first_valid = 0;
    while (first_valid < v.size() && !valid(first_valid)) {
        ++first_valid;
    }
    if (first_valid == v.size()) {
        throw InputError(ctx, "no valid values (all samples missing)");
    }
    std::size_t last_valid = v.size() - 1;
    while (!valid(last_valid)) {
        --last_valid;
    }
    if (first_valid > 0) {
        check_span(0, first_valid - 1, "leading ");
        for (std::size_t i = 0; i < first_valid; ++i) {
            v[i] = v[first_valid];
            filled[i] = true;
        }
    }
    if (last_valid + 1 < v.size()) {
        check_span(last_valid + 1, v.size() - 1, "trailing ");
        for (std::size_t i = last_valid + 1; i < v.size(); ++i) {
            v[i] = v[last_valid];
            filled[i] = true;
        }
    }
    std::size_t prev = first_valid;
    for (std::size_t i = first_valid + 1; i <= last_valid; ++i) {
        if (!valid(i)) {
            continue;
        }
        if (i > prev + 1) {
            check_span(prev + 1, i - 1, "");
            const double span = static_cast<double>(i - prev);
            for (std::size_t k = prev + 1; k < i; ++k) {
                const double w = static_cast<double>(k - prev) / span;
                v[k] = v[prev] + w * (v[i] - v[prev]);
                filled[k] = true;
            }
        }
        prev = i;
    }
}

/// The time-grid policy described at the top of this file.
MagnetometerSeries build_series(const std::vector<RawSample>& raw, const ErrorContext& ctx, double max_gap_s,
                                const std::string& x_name, const std::string& y_name) {
    if (!(max_gap_s >= 0.0) || !std::isfinite(max_gap_s)) {
        throw ConfigError(ctx, "max_gap_s must be finite and >= 0, got " + format_seconds(max_gap_s));
    }
    if (raw.empty()) {
        throw InputError(ctx, "no data rows");
    }
    for (std::size_t i = 1; i < raw.size(); ++i) {
        if (!(raw[i].t_unix_s > raw[i - 1].t_unix_s)) {
            throw InputError(ctx, "line " + std::to_string(raw[i].line) + ": time " + describe_time(raw[i].t_unix_s) +
                                      (raw[i].t_unix_s == raw[i - 1].t_unix_s ? " duplicates" : " is before") +
                                      " the time on line " + std::to_string(raw[i - 1].line) + " (" +
                                      describe_time(raw[i - 1].t_unix_s) + "); times must be strictly increasing");
        }
    }
    if (raw.size() == 1) {
        throw InputError(ctx, "only one data row (line " + std::to_string(raw.front().line) +
                                  "); a time series needs at least two to establish its cadence");
    }
    double dt = 0.0;
    {
        // Dominant cadence: the most frequent step, counted on a 1 ms lattice (ties: the shorter step).
        std::map<std::int64_t, std::size_t> counts;
        for (std::size_t i = 1; i < raw.size(); ++i) {
            ++counts[std::llround((raw[i].t_unix_s - raw[i - 1].t_unix_s) * 1000.0)];
        }
        const auto best = std::max_element(counts.begin(), counts.end(),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
        dt = static_cast<double>(best->first) / 1000.0;
        if (!(dt > 0.0)) {
            throw InputError(ctx, "time steps are shorter than 1 ms; cannot establish a cadence");
        }
        const double tol_s = std::max(1e-3, 1e-6 * dt);
        for (std::size_t i = 1; i < raw.size(); ++i) {
            const double step = raw[i].t_unix_s - raw[i - 1].t_unix_s;
            const double k = std::round(step / dt);
            if (k < 1.0 || std::abs(step - k * dt) > tol_s) {
                throw InputError(ctx, "line " + std::to_string(raw[i].line) + ": irregular cadence at " +
                                          describe_time(raw[i].t_unix_s) + ": step of " + format_seconds(step) +
                                          " s after " + describe_time(raw[i - 1].t_unix_s) +
                                          " is not a whole multiple of the dominant cadence " + format_seconds(dt) +
                                          " s");
            }
        }
    }
    // A run of missing rows longer than max_gap_s fails here, before the grid is allocated: two rows
    // years apart would otherwise allocate (and fill) millions of samples only to be rejected.
    for (std::size_t i = 1; i < raw.size(); ++i) {
        const double missing = std::round((raw[i].t_unix_s - raw[i - 1].t_unix_s) / dt) - 1.0;
        if (missing * dt > max_gap_s * (1.0 + 1e-12)) {
            ErrorContext gap_ctx = ctx;
            gap_ctx.field = x_name;
            throw InputError(gap_ctx, "gap from " + describe_time(raw[i - 1].t_unix_s + dt) + " to " +
                                          describe_time(raw[i].t_unix_s - dt) + " (" +
                                          std::to_string(static_cast<std::int64_t>(missing)) + " missing samples, " +
                                          format_seconds(missing * dt) + " s) is longer than max_gap_s = " +
                                          format_seconds(max_gap_s) + " s");
        }
    }
    const double t0 = raw.front().t_unix_s;
    if (std::abs(t0 - std::round(t0)) > 1e-3) {
        throw InputError(ctx, "line " + std::to_string(raw.front().line) + ": first sample time " + describe_time(t0) +
                                  " is not on a whole second");
    }
    const double n_steps = std::round((raw.back().t_unix_s - t0) / dt);
    if (n_steps + 1.0 > static_cast<double>(max_samples)) {
        throw InputError(ctx, "time span " + describe_time(t0) + " to " + describe_time(raw.back().t_unix_s) + " at " +
                                  format_seconds(dt) + " s cadence is too many samples");
    }
    MagnetometerSeries s;
    s.source_path = ctx.path;
    s.t0_unix_s = static_cast<std::int64_t>(std::llround(t0));
    s.dt_s = dt;
    const auto n = static_cast<std::size_t>(n_steps) + 1;
    s.bx_nt.assign(n, nan);
    s.by_nt.assign(n, nan);
    for (const auto& r : raw) {
        const auto i = static_cast<std::size_t>(std::llround((r.t_unix_s - t0) / dt));
        s.bx_nt[i] = r.x_nt;
        s.by_nt[i] = r.y_nt;
    }
    std::vector<bool> filled(n, false);
    fill_gaps(s.bx_nt, filled, s.t0_unix_s, dt, max_gap_s, ctx, x_name);
    fill_gaps(s.by_nt, filled, s.t0_unix_s, dt, max_gap_s, ctx, y_name);
    s.n_interpolated = static_cast<std::size_t>(std::count(filled.begin(), filled.end(), true));
    return s;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// ---- IAGA-2002 ---------------------------------------------------------------------------------------

bool looks_like_data_header(const std::string& trimmed) {
    const auto tokens = split_whitespace(trimmed);
    return tokens.size() >= 2 && lower(tokens[0]) == "date" && lower(tokens[1]) == "time";
}

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

// ---- CSV ---------------------------------------------------------------------------------------------

std::vector<std::string> split_delimited(const std::string& line, char delim) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == delim) {
            out.push_back(trim(cell));
            cell.clear();
        } else {
            cell.push_back(c);
        }
    }
    out.push_back(trim(cell));
    return out;
}

/// Index of the column named `wanted` (case-insensitive), or of the first automatic candidate.
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
    if (component != 0) {
        // Last resort: IAGA-style element names such as "FRDX" / "BOUY" (three letters + component).
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
    return std::nullopt;
}

const std::vector<std::string> time_candidates{"time",    "timestamp", "datetime", "datetimeutc", "dateutc",
                                               "timeutc", "utc",       "utctime",  "isotime",     "date",
                                               "t",       "seconds",   "times",    "epoch"};
const std::vector<std::string> x_candidates{"x",     "bx",    "xnt",    "bxnt",   "xgeo",
                                            "bxgeo", "bnorth", "north", "dbngeo", "bn"};
const std::vector<std::string> y_candidates{"y",     "by",   "ynt",   "bynt",   "ygeo",
                                            "bygeo", "beast", "east", "dbegeo", "be"};

/// A CSV cell: NaN for the missing spellings and markers; nullopt for text that is not a number.
std::optional<double> parse_cell(const std::string& cell) {
    const std::string l = lower(trim(cell));
    if (l.empty() || l == "nan" || l == "-nan" || l == "na" || l == "n/a" || l == "null" || l == "none") {
        return nan;
    }
    const auto v = parse_number(l);
    if (!v) {
        return std::nullopt;
    }
    if (!std::isfinite(*v) || is_missing_marker(*v)) {
        return nan;
    }
    return v;
}

}  // namespace

std::string format_iso8601_utc(std::int64_t unix_s) {
    const std::int64_t days = (unix_s >= 0 ? unix_s : unix_s - 86399) / 86400;
    const std::int64_t sod = unix_s - days * 86400;
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                  static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                  static_cast<long long>(sod % 60));
    return buf;
}

std::optional<double> parse_iso8601_utc(std::string_view text) {
    const std::string s = trim(text);
    std::size_t pos = 0;
    const auto digits = [&](std::size_t count, int& out) {
        if (pos + count > s.size()) {
            return false;
        }
        out = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = s[pos + i];
            if (c < '0' || c > '9') {
                return false;
            }
            out = out * 10 + (c - '0');
        }
        pos += count;
        return true;
    };
    const auto expect = [&](char c) {
        if (pos < s.size() && s[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(4, year) || !expect('-') || !digits(2, month) || !expect('-') || !digits(2, day)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
        return std::nullopt;
    }
    double fraction = 0.0;
    double offset_s = 0.0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') {
            return std::nullopt;
        }
        ++pos;
        if (!digits(2, hour) || !expect(':') || !digits(2, minute)) {
            return std::nullopt;
        }
        if (expect(':')) {
            if (!digits(2, second)) {
                return std::nullopt;
            }
            if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
                ++pos;
                double scale = 0.1;
                const std::size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    fraction += scale * (s[pos] - '0');
                    scale /= 10.0;
                    ++pos;
                }
                if (pos == start) {
                    return std::nullopt;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return std::nullopt;
        }
        if (pos < s.size()) {
            if (s[pos] == 'Z' || s[pos] == 'z') {
                ++pos;
            } else if (s[pos] == '+' || s[pos] == '-') {
                const double sign = s[pos] == '+' ? 1.0 : -1.0;
                ++pos;
                int oh = 0, om = 0;
                if (!digits(2, oh)) {
                    return std::nullopt;
                }
                if (pos < s.size()) {
                    expect(':');
                    if (!digits(2, om)) {
                        return std::nullopt;
                    }
                }
                if (oh > 23 || om > 59) {
                    return std::nullopt;
                }
                offset_s = sign * (oh * 3600.0 + om * 60.0);
            }
        }
        if (pos != s.size()) {
            return std::nullopt;
        }
    }
    const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second) + fraction - offset_s;
}

MagnetometerSeries read_iaga2002(const std::string& path, const MagnetometerOptions& options) {
    ErrorContext ctx{"readers.iaga2002", path, "", "", ""};
    const auto lines = read_lines(path, ctx);
    std::map<std::string, std::string> header;
    std::optional<double> decbas_tenth_min;
    std::vector<std::string> element_names;
    Orientation orient;
    bool in_data = false;
    std::vector<RawSample> raw;
    for (std::size_t li = 0; li < lines.size(); ++li) {
        const std::size_t lineno = li + 1;
        const std::string t = trim(lines[li]);
        if (t.empty()) {
            continue;
        }
        if (!in_data) {
            if (looks_like_data_header(t)) {
                auto tokens = split_whitespace(t);
                if (!tokens.empty() && tokens.back() == "|") {
                    tokens.pop_back();
                }
                if (tokens.size() < 7) {
                    throw InputError(ctx, "line " + std::to_string(lineno) +
                                              ": data header should name DATE TIME DOY and 4 elements, found '" + t +
                                              "'");
                }
                std::string letters;
                for (std::size_t i = 3; i < 7; ++i) {
                    std::string name = tokens[i];
                    if (name.back() == '|') {
                        name.pop_back();
                    }
                    if (name.empty()) {  // a stray "|" where an element name belongs
                        throw InputError(ctx, "line " + std::to_string(lineno) + ": data header element " +
                                                  std::to_string(i - 2) + " has no name: '" + t + "'");
                    }
                    letters.push_back(name.back());
                    element_names.push_back(std::move(name));
                }
                orient = orientation_from_letters(letters);
                // The data header is authoritative; "Reported" is used only when its names carry no
                // element letters at all (e.g. "BOU1 BOU2 ...").
                const bool any_element = letters.find_first_of("XYZFHDIGxyzfhdig") != std::string::npos;
                if (!any_element && header.count("reported") != 0) {
                    orient = orientation_from_letters(header["reported"]);
                }
                if (!orient.has_xy() && !orient.has_hd()) {
                    throw InputError(ctx, "line " + std::to_string(lineno) + ": elements " + join(element_names) +
                                              " give neither X and Y nor H and D; cannot derive X (north), Y (east)");
                }
                in_data = true;
                continue;
            }
            if (t.front() == '#') {
                const auto tokens = split_whitespace(t.substr(1));
                for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
                    if (lower(tokens[i]) == "decbas") {
                        decbas_tenth_min = parse_number(tokens[i + 1]);
                        if (!decbas_tenth_min) {
                            throw InputError(ctx, "line " + std::to_string(lineno) + ": DECBAS value '" +
                                                      tokens[i + 1] + "' is not a number");
                        }
                    }
                }
                continue;
            }
            // Header record: label in columns 2–24, value from column 25, '|' in column 70.
            std::string record = lines[li];
            const auto bar = record.rfind('|');
            if (bar != std::string::npos) {
                record.erase(bar);
            }
            if (record.size() > 24) {
                header[lower(trim(record.substr(0, 24)))] = trim(record.substr(24));
            }
            continue;
        }
        auto tokens = split_whitespace(t);
        if (!tokens.empty() && tokens.back() == "|") {
            tokens.pop_back();
        }
        if (tokens.size() < 7) {
            throw InputError(ctx, "line " + std::to_string(lineno) + ": expected DATE TIME DOY and 4 values, found " +
                                      std::to_string(tokens.size()) + " fields");
        }
        const auto time = parse_iso8601_utc(tokens[0] + "T" + tokens[1] + "Z");
        if (!time) {
            throw InputError(ctx, "line " + std::to_string(lineno) + ": bad date/time '" + tokens[0] + " " + tokens[1] +
                                      "'");
        }
        std::array<double, 4> v{};
        for (std::size_t i = 0; i < 4; ++i) {
            const auto value = parse_number(tokens[3 + i]);
            if (!value) {
                ctx.field = element_names[i];
                throw InputError(ctx, "line " + std::to_string(lineno) + " (" + describe_time(*time) + "): value '" +
                                          tokens[3 + i] + "' is not a number");
            }
            v.at(i) = is_missing_marker(*value) ? nan : *value;
        }
        RawSample r{*time, nan, nan, lineno};
        if (orient.has_xy()) {
            r.x_nt = v.at(static_cast<std::size_t>(orient.x));
            r.y_nt = v.at(static_cast<std::size_t>(orient.y));
        } else {
            const double h = v.at(static_cast<std::size_t>(orient.h));
            // D in minutes of arc; variation files give it relative to DECBAS (tenths of minutes East).
            const double d_min = v.at(static_cast<std::size_t>(orient.d)) + decbas_tenth_min.value_or(0.0) / 10.0;
            const double d_rad = d_min / 60.0 * std::numbers::pi / 180.0;
            r.x_nt = h * std::cos(d_rad);
            r.y_nt = h * std::sin(d_rad);
        }
        raw.push_back(r);
    }
    if (!in_data) {
        throw InputError(ctx, "no IAGA-2002 data header record (DATE TIME DOY ...) found");
    }
    const std::string x_name = orient.has_xy() ? element_names.at(static_cast<std::size_t>(orient.x)) : "X (from H, D)";
    const std::string y_name = orient.has_xy() ? element_names.at(static_cast<std::size_t>(orient.y)) : "Y (from H, D)";
    auto s = build_series(raw, ctx, options.max_gap_s, x_name, y_name);
    if (const auto it = header.find("iaga code"); it != header.end()) {
        s.station = it->second;
    }
    if (const auto it = header.find("geodetic latitude"); it != header.end()) {
        s.latitude_deg = parse_number(it->second).value_or(nan);
    }
    if (const auto it = header.find("geodetic longitude"); it != header.end()) {
        s.longitude_deg = parse_number(it->second).value_or(nan);
    }
    return s;
}

MagnetometerSeries read_magnetometer_csv(const std::string& path, const MagnetometerOptions& options) {
    ErrorContext ctx{"readers.magnetometer_csv", path, "", "", ""};
    const auto lines = read_lines(path, ctx);
    std::size_t header_index = 0;
    while (header_index < lines.size()) {
        const std::string t = trim(lines[header_index]);
        if (!t.empty() && t.front() != '#') {
            break;
        }
        ++header_index;
    }
    if (header_index == lines.size()) {
        throw InputError(ctx, "no header row");
    }
    const std::string& header_line = lines[header_index];
    char delim = ',';
    if (header_line.find(',') == std::string::npos) {
        if (header_line.find(';') != std::string::npos) {
            delim = ';';
        } else if (header_line.find('\t') != std::string::npos) {
            delim = '\t';
        }
    }
    const auto names = split_delimited(header_line, delim);
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
    const std::size_t i_time = need(options.time_column, time_candidates, 0, "time");
    const std::size_t i_x = need(options.x_column, x_candidates, 'x', "X (north)");
    const std::size_t i_y = need(options.y_column, y_candidates, 'y', "Y (east)");
    const std::size_t n_needed = std::max({i_time, i_x, i_y}) + 1;

    enum class TimeMode { unknown, iso, seconds } mode = TimeMode::unknown;
    std::vector<RawSample> raw;
    for (std::size_t li = header_index + 1; li < lines.size(); ++li) {
        const std::size_t lineno = li + 1;
        const std::string t = trim(lines[li]);
        if (t.empty() || t.front() == '#') {
            continue;
        }
        const auto fields = split_delimited(lines[li], delim);
        if (fields.size() < n_needed) {
            throw InputError(ctx, "line " + std::to_string(lineno) + ": " + std::to_string(fields.size()) +
                                      " fields, but the header has " + std::to_string(names.size()));
        }
        const std::string& time_text = fields[i_time];
        std::optional<double> time;
        if (mode != TimeMode::seconds) {
            time = parse_iso8601_utc(time_text);
            if (time) {
                mode = TimeMode::iso;
            }
        }
        if (!time && mode != TimeMode::iso) {
            time = parse_number(time_text);
            if (time && std::isfinite(*time)) {
                mode = TimeMode::seconds;
                // Years 0001 to 9999, as ISO 8601 times are; beyond, times do not fit the 64-bit
                // seconds used for the grid and the messages.
                if (!(*time >= min_unix_s && *time <= max_unix_s)) {
                    ctx.field = names[i_time];
                    throw InputError(ctx, "line " + std::to_string(lineno) + ": time '" + time_text +
                                              "' s since 1970-01-01 is outside the years 0001 to 9999");
                }
            } else {
                time.reset();
            }
        }
        if (!time) {
            ctx.field = names[i_time];
            throw InputError(ctx, "line " + std::to_string(lineno) + ": time '" + time_text + "' is not " +
                                      (mode == TimeMode::seconds ? "a number of seconds" : "an ISO 8601 date-time"));
        }
        RawSample r{*time, nan, nan, lineno};
        for (const auto& [index, out] : {std::pair{i_x, &r.x_nt}, std::pair{i_y, &r.y_nt}}) {
            const auto value = parse_cell(fields[index]);
            if (!value) {
                ctx.field = names[index];
                throw InputError(ctx, "line " + std::to_string(lineno) + " (" + describe_time(*time) + "): value '" +
                                          fields[index] + "' is not a number");
            }
            *out = *value;
        }
        raw.push_back(r);
    }
    if (raw.empty()) {
        throw InputError(ctx, "no data rows after the header (columns found: " + join(names) + ")");
    }
    return build_series(raw, ctx, options.max_gap_s, names[i_x], names[i_y]);
}

MagnetometerSeries read_magnetometer(const std::string& path, const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.magnetometer", path, "", "", ""};
    const auto lines = read_lines(path, ctx);
    std::size_t seen = 0;
    for (const auto& line : lines) {
        const std::string t = trim(line);
        if (t.empty()) {
            continue;
        }
        const std::string l = lower(t);
        if ((l.rfind("format", 0) == 0 && l.find("iaga-2002") != std::string::npos) || looks_like_data_header(t)) {
            return read_iaga2002(path, options);
        }
        if (++seen >= 64) {
            break;
        }
    }
    return read_magnetometer_csv(path, options);
}

}  // namespace swx::io
