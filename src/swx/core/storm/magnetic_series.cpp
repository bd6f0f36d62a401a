#include <swx/core/storm/magnetic_series.hpp>

#include <swx/core/base/text.hpp>
#include <swx/core/base/time.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace swx {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string line_of(const RawMagneticSample& r) { return "line " + std::to_string(r.line); }

/// Rule 1: strictly increasing times.
void check_increasing(const std::vector<RawMagneticSample>& raw, const ErrorContext& ctx) {
    for (std::size_t i = 1; i < raw.size(); ++i) {
        if (!(raw[i].t_unix_s > raw[i - 1].t_unix_s)) {
            throw InputError(ctx, line_of(raw[i]) + ": time " + format_iso8601_utc_ms(raw[i].t_unix_s) +
                                      (raw[i].t_unix_s == raw[i - 1].t_unix_s ? " duplicates" : " is before") +
                                      " the time on line " + std::to_string(raw[i - 1].line) + " (" +
                                      format_iso8601_utc_ms(raw[i - 1].t_unix_s) + "); times must be strictly increasing");
        }
    }
}

/// Rule 2: the dominant cadence, counted on a 1 ms lattice (ties: the shorter step), which every step
/// must be a whole multiple of.
double dominant_cadence(const std::vector<RawMagneticSample>& raw, const ErrorContext& ctx) {
    std::map<std::int64_t, std::size_t> counts;
    for (std::size_t i = 1; i < raw.size(); ++i) {
        ++counts[std::llround((raw[i].t_unix_s - raw[i - 1].t_unix_s) * 1000.0)];
    }
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    const double dt = static_cast<double>(best->first) / 1000.0;
    if (!(dt > 0.0)) {
        throw InputError(ctx, "time steps are shorter than 1 ms; cannot establish a cadence");
    }
    const double tol_s = std::max(1e-3, 1e-6 * dt);
    for (std::size_t i = 1; i < raw.size(); ++i) {
        const double step = raw[i].t_unix_s - raw[i - 1].t_unix_s;
        const double k = std::round(step / dt);
        if (k < 1.0 || std::abs(step - k * dt) > tol_s) {
            throw InputError(ctx, line_of(raw[i]) + ": irregular cadence at " + format_iso8601_utc_ms(raw[i].t_unix_s) +
                                      ": step of " + format_number(step) + " s after " +
                                      format_iso8601_utc_ms(raw[i - 1].t_unix_s) +
                                      " is not a whole multiple of the dominant cadence " + format_number(dt) + " s");
        }
    }
    return dt;
}

/// A run of missing samples on the grid: first and last missing time, count.
struct Gap {
    double first_unix_s;
    double last_unix_s;
    std::size_t count;
    std::string where = {};  ///< "leading ", "trailing " or empty
};

/// "3 gaps are longer than max_gap_s = 300 s (longest: 1500 s, 25 missing samples, from … to …): from … to
/// … (n missing samples, s); …" listing at most five, then "and k more".
[[noreturn]] void throw_long_gaps(const std::vector<Gap>& gaps, double dt_s, double max_gap_s, const ErrorContext& ctx) {
    const auto span = [&](const Gap& g) { return static_cast<double>(g.count) * dt_s; };
    const auto describe = [&](const Gap& g) {
        return g.where + "from " + format_iso8601_utc_ms(g.first_unix_s) + " to " + format_iso8601_utc_ms(g.last_unix_s) + " (" +
               std::to_string(g.count) + " missing samples, " + format_number(span(g)) + " s)";
    };
    if (gaps.size() == 1) {
        const Gap& g = gaps.front();
        throw InputError(ctx, g.where + "gap from " + format_iso8601_utc_ms(g.first_unix_s) + " to " +
                                  format_iso8601_utc_ms(g.last_unix_s) + " (" + std::to_string(g.count) + " missing samples, " +
                                  format_number(span(g)) + " s) is longer than max_gap_s = " + format_number(max_gap_s) +
                                  " s");
    }
    const auto longest = std::max_element(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) { return a.count < b.count; });
    std::string why = std::to_string(gaps.size()) + " gaps are longer than max_gap_s = " + format_number(max_gap_s) +
                      " s (longest: " + describe(*longest) + "): ";
    const std::size_t shown = std::min<std::size_t>(gaps.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) {
        why += (i == 0 ? "" : "; ") + describe(gaps[i]);
    }
    if (shown < gaps.size()) {
        why += "; and " + std::to_string(gaps.size() - shown) + " more";
    }
    throw InputError(ctx, why);
}

}  // namespace

void fill_gaps(std::vector<double>& v, std::vector<bool>& filled, std::int64_t t0_unix_s, double dt_s,
               double max_gap_s, ErrorContext ctx, const std::string& component) {
    ctx.field = component;
    const auto valid = [&](std::size_t i) { return !std::isnan(v[i]); };
    const auto time_of = [&](std::size_t i) { return static_cast<double>(t0_unix_s) + static_cast<double>(i) * dt_s; };
    // Every run longer than max_gap_s is collected first, so the error lists them all (count, longest).
    std::vector<Gap> too_long;
    const auto check_span = [&](std::size_t first, std::size_t last, const char* where) {
        const std::size_t count = last - first + 1;
        const double span_s = static_cast<double>(count) * dt_s;
        if (span_s > max_gap_s * (1.0 + 1e-12)) {
            too_long.push_back({time_of(first), time_of(last), count, where});
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
        std::fill(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(first_valid), v[first_valid]);
        std::fill(filled.begin(), filled.begin() + static_cast<std::ptrdiff_t>(first_valid), true);
    }
    if (last_valid + 1 < v.size()) {
        check_span(last_valid + 1, v.size() - 1, "trailing ");
        std::fill(v.begin() + static_cast<std::ptrdiff_t>(last_valid + 1), v.end(), v[last_valid]);
        std::fill(filled.begin() + static_cast<std::ptrdiff_t>(last_valid + 1), filled.end(), true);
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
    if (!too_long.empty()) {
        std::sort(too_long.begin(), too_long.end(), [](const Gap& a, const Gap& b) { return a.first_unix_s < b.first_unix_s; });
        throw_long_gaps(too_long, dt_s, max_gap_s, ctx);
    }
}

MagnetometerSeries build_series(const std::vector<RawMagneticSample>& raw, const ErrorContext& ctx, double max_gap_s,
                                const std::string& x_name, const std::string& y_name) {
    if (!(max_gap_s >= 0.0) || !std::isfinite(max_gap_s)) {
        throw ConfigError(ctx, "max_gap_s must be finite and >= 0, got " + format_number(max_gap_s));
    }
    if (raw.empty()) {
        throw InputError(ctx, "no data rows");
    }
    check_increasing(raw, ctx);
    if (raw.size() == 1) {
        throw InputError(ctx, "only one data row (" + line_of(raw.front()) +
                                  "); a time series needs at least two to establish its cadence");
    }
    const double dt = dominant_cadence(raw, ctx);
    // A run of missing rows longer than max_gap_s fails here, before the grid is allocated: two rows
    // years apart would otherwise allocate (and fill) millions of samples only to be rejected (a fuzz
    // finding: a 72 kB file with one mistyped date allocated 1.5 GB).
    std::vector<Gap> missing_rows;
    for (std::size_t i = 1; i < raw.size(); ++i) {
        const double missing = std::round((raw[i].t_unix_s - raw[i - 1].t_unix_s) / dt) - 1.0;
        if (missing * dt > max_gap_s * (1.0 + 1e-12)) {
            missing_rows.push_back({raw[i - 1].t_unix_s + dt, raw[i].t_unix_s - dt, static_cast<std::size_t>(missing)});
        }
    }
    if (!missing_rows.empty()) {
        ErrorContext gap_ctx = ctx;
        gap_ctx.field = x_name;
        throw_long_gaps(missing_rows, dt, max_gap_s, gap_ctx);
    }
    const double t0 = raw.front().t_unix_s;
    if (std::abs(t0 - std::round(t0)) > 1e-3) {
        throw InputError(ctx, line_of(raw.front()) + ": first sample time " + format_iso8601_utc_ms(t0) +
                                  " is not on a whole second");
    }
    const double n_steps = std::round((raw.back().t_unix_s - t0) / dt);
    if (n_steps + 1.0 > static_cast<double>(max_series_samples)) {
        throw InputError(ctx, "time span " + format_iso8601_utc_ms(t0) + " to " +
                                  format_iso8601_utc_ms(raw.back().t_unix_s) + " at " + format_number(dt) +
                                  " s cadence is too many samples");
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
    s.max_gap_s = max_gap_s;
    for (std::size_t i = 0; i < n;) {
        if (!filled[i]) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && filled[j]) {
            ++j;
        }
        ++s.n_gaps;
        s.longest_gap_s = std::max(s.longest_gap_s, static_cast<double>(j - i) * dt);
        i = j;
    }
    if (s.n_interpolated > 0) {
        s.filled = std::move(filled);
    }
    return s;
}

std::string gap_filling_summary(const MagnetometerSeries& s) {
    if (s.n_interpolated == 0) {
        return {};
    }
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.1f", 100.0 * static_cast<double>(s.n_interpolated) / static_cast<double>(s.size()));
    return std::to_string(s.n_interpolated) + " of " + std::to_string(s.size()) + " samples (" + percent +
           " %) filled by linear interpolation (nearest value held at the ends) across " + std::to_string(s.n_gaps) +
           (s.n_gaps == 1 ? " gap" : " gaps") + ", the longest " + format_number(s.longest_gap_s) + " s (max_gap_s = " +
           format_number(s.max_gap_s) + " s); E(t) there is not measured";
}

}  // namespace swx
