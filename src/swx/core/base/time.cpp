/// @file time.cpp
/// Calendar arithmetic on std::chrono::year_month_day (C++20, which replaced the hand-written
/// days_from_civil / civil_from_days of H. Hinnant's "chrono-Compatible Low-Level Date Algorithms" the
/// library is built on), and a small hand-written ISO 8601 scanner: date, then time, then offset.

#include <swx/core/base/time.hpp>

#include <swx/core/base/text.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace swx {

namespace {

namespace chr = std::chrono;

chr::year_month_day to_ymd(int year, unsigned month, unsigned day) {
    return chr::year_month_day{chr::year{year}, chr::month{month}, chr::day{day}};
}

/// A left-to-right reader over the trimmed text.
struct Scanner {
    std::string_view s;
    std::size_t pos = 0;

    [[nodiscard]] bool at_end() const { return pos == s.size(); }
    [[nodiscard]] bool peek(char c) const { return pos < s.size() && s[pos] == c; }

    /// Exactly `count` decimal digits.
    bool digits(std::size_t count, int& out) {
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
    }

    bool expect(char c) {
        if (peek(c)) {
            ++pos;
            return true;
        }
        return false;
    }
};

/// "YYYY-MM-DD" -> days since 1970-01-01.
std::optional<std::int64_t> parse_date(Scanner& in) {
    int year = 0, month = 0, day = 0;
    if (!in.digits(4, year) || !in.expect('-') || !in.digits(2, month) || !in.expect('-') || !in.digits(2, day)) {
        return std::nullopt;
    }
    if (month < 1 || day < 1 || !is_valid_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) {
        return std::nullopt;
    }
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

/// Seconds of the day, the whole seconds apart so that the sum with the day is exact.
struct TimeOfDay {
    int whole_s = 0;
    double fraction_s = 0.0;
};

/// "hh:mm[:ss[.fff…]]".
std::optional<TimeOfDay> parse_time_of_day(Scanner& in) {
    int hour = 0, minute = 0, second = 0;
    double fraction = 0.0;
    if (!in.digits(2, hour) || !in.expect(':') || !in.digits(2, minute)) {
        return std::nullopt;
    }
    if (in.expect(':')) {
        if (!in.digits(2, second)) {
            return std::nullopt;
        }
        if (in.expect('.') || in.expect(',')) {
            double scale = 0.1;
            const std::size_t start = in.pos;
            while (!in.at_end() && in.s[in.pos] >= '0' && in.s[in.pos] <= '9') {
                fraction += scale * (in.s[in.pos] - '0');
                scale /= 10.0;
                ++in.pos;
            }
            if (in.pos == start) {
                return std::nullopt;
            }
        }
    }
    if (hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    return TimeOfDay{hour * 3600 + minute * 60 + second, fraction};
}

/// "", "Z", "+hh", "+hh:mm", "+hhmm" (or '-') -> the offset east of UTC in seconds.
std::optional<double> parse_offset(Scanner& in) {
    if (in.at_end()) {
        return 0.0;
    }
    if (in.expect('Z') || in.expect('z')) {
        return 0.0;
    }
    if (!in.peek('+') && !in.peek('-')) {
        return 0.0;  // not an offset: the caller rejects the trailing text
    }
    const double sign = in.s[in.pos] == '+' ? 1.0 : -1.0;
    ++in.pos;
    int oh = 0, om = 0;
    if (!in.digits(2, oh)) {
        return std::nullopt;
    }
    if (!in.at_end()) {
        in.expect(':');
        if (!in.digits(2, om)) {
            return std::nullopt;
        }
    }
    if (oh > 23 || om > 59) {
        return std::nullopt;
    }
    return sign * (oh * 3600.0 + om * 60.0);
}

}  // namespace

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
    return chr::sys_days{to_ymd(year, month, day)}.time_since_epoch().count();
}

bool is_valid_date(int year, unsigned month, unsigned day) { return to_ymd(year, month, day).ok(); }

std::string format_iso8601_utc(std::int64_t unix_s) {
    const chr::sys_seconds t{chr::seconds{unix_s}};
    const auto day = chr::floor<chr::days>(t);
    const chr::year_month_day ymd{day};
    const chr::hh_mm_ss<chr::seconds> tod{t - day};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long long>(tod.hours().count()), static_cast<long long>(tod.minutes().count()),
                  static_cast<long long>(tod.seconds().count()));
    return buf;
}

std::string format_iso8601_utc_ms(double t_unix_s) {
    const double whole = std::floor(t_unix_s);
    std::string s = format_iso8601_utc(static_cast<std::int64_t>(whole));
    const double frac = t_unix_s - whole;
    if (frac > 5e-4) {
        s.insert(s.size() - 1, format_fixed(frac, 3).substr(1));  // "0.250" -> ".250" before the 'Z'
    }
    return s;
}

std::optional<double> parse_iso8601_utc(std::string_view text) {
    const std::string trimmed = trim(text);
    Scanner in{trimmed};
    const auto days = parse_date(in);
    if (!days) {
        return std::nullopt;
    }
    TimeOfDay time_of_day;
    double offset_s = 0.0;
    if (!in.at_end()) {
        if (!in.expect('T') && !in.expect('t') && !in.expect(' ')) {
            return std::nullopt;
        }
        const auto time = parse_time_of_day(in);
        const auto offset = time ? parse_offset(in) : std::nullopt;
        if (!offset || !in.at_end()) {
            return std::nullopt;
        }
        time_of_day = *time;
        offset_s = *offset;
    }
    return static_cast<double>(*days * 86400 + time_of_day.whole_s) + time_of_day.fraction_s - offset_s;
}

}  // namespace swx
