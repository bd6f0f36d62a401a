/// @file station_set.cpp
/// align_stations: several regular records on the grid of the first, trimmed to their overlap, with each
/// station's baseline removed (the policy in station_set.hpp; docs/storm-data.md, "Many magnetometers").

#include <swx/core/storm/station_set.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/time.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace swx {

namespace {

constexpr const char* stage = "storm.station_set";

/// Records of the same cadence: dt equal to within a microsecond (dt comes from whole-millisecond steps).
constexpr double cadence_tolerance_s = 1e-6;
/// Sample times of two records on one grid agree to within this.
constexpr double grid_tolerance_s = 1e-3;

std::string fmt(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string name_of(const StationRecord& s, const MagnetometerSeries& r) {
    const std::string& path = s.source_path.empty() ? r.source_path : s.source_path;
    return "'" + s.id + "' (" + (path.empty() ? std::string("no file") : path) + ")";
}

/// Median of v[first, first + n) (the mean of the two middle values for even n).
double median_of(const std::vector<double>& v, std::size_t first, std::size_t n) {
    std::vector<double> w(v.begin() + static_cast<std::ptrdiff_t>(first),
                          v.begin() + static_cast<std::ptrdiff_t>(first + n));
    const std::size_t mid = n / 2;
    std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(mid), w.end());
    const double upper = w[mid];
    if (n % 2 == 1) {
        return upper;
    }
    const double lower = *std::max_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(mid));
    return 0.5 * (lower + upper);
}

double mean_of(const std::vector<double>& v, std::size_t first, std::size_t n) {
    double sum = 0.0;
    for (std::size_t i = first; i < first + n; ++i) {
        sum += v[i];
    }
    return sum / static_cast<double>(n);
}

}  // namespace

std::string baseline_name(BaselineMethod m) {
    switch (m) {
    case BaselineMethod::median:
        return "median";
    case BaselineMethod::mean:
        return "mean";
    case BaselineMethod::first_window:
        return "first_window";
    }
    return "unknown";
}

StationSet align_stations(std::vector<MagnetometerSeries> records, std::vector<StationRecord> stations,
                          const StationSetOptions& options) {
    if (options.baseline == BaselineMethod::first_window &&
        !(std::isfinite(options.baseline_window_s) && options.baseline_window_s > 0.0)) {
        throw ConfigError(ErrorContext{stage, "", "", "", "baseline_window_s"},
                          "baseline_window_s = " + fmt(options.baseline_window_s) + " s; expected a finite value > 0");
    }
    if (records.empty()) {
        throw InputError(ErrorContext{stage, "", "", "", ""}, "no magnetometer records to align");
    }
    if (records.size() != stations.size()) {
        throw InputError(ErrorContext{stage, "", "", "", ""},
                         std::to_string(records.size()) + " records but " + std::to_string(stations.size()) +
                             " station descriptions; expected one per record");
    }
    const std::size_t n_st = records.size();
    std::map<std::string, std::size_t> seen;
    for (std::size_t s = 0; s < n_st; ++s) {
        const StationRecord& st = stations[s];
        const MagnetometerSeries& r = records[s];
        const ErrorContext ctx{stage, st.source_path.empty() ? r.source_path : st.source_path, "", st.id, ""};
        if (st.id.empty()) {
            throw InputError(ctx, "station without an id");
        }
        if (const auto [it, fresh] = seen.emplace(st.id, s); !fresh) {
            throw InputError(ctx, "station id '" + st.id + "' appears twice: " + name_of(stations[it->second], records[it->second]) +
                                      " and " + name_of(st, r) + "; expected one record per station");
        }
        const GeoPoint& p = st.location;
        if (!p.valid() || std::abs(p.lat_deg) > 90.0 || std::abs(p.lon_deg) > 180.0) {
            ErrorContext c = ctx;
            c.field = "position";
            throw InputError(c, "station " + name_of(st, r) + " has no valid position (lat " + fmt(p.lat_deg) +
                                    "°, lon " + fmt(p.lon_deg) + "°); expected latitude in [-90, 90] and longitude in [-180, 180] degrees east");
        }
        if (r.size() < 2 || r.by_nt.size() != r.size() || !(std::isfinite(r.dt_s) && r.dt_s > 0.0)) {
            throw InputError(ctx, "record " + name_of(st, r) + " is not a regular series of at least 2 samples (" +
                                      std::to_string(r.size()) + " samples, dt " + fmt(r.dt_s) + " s)");
        }
    }
    const MagnetometerSeries& first = records.front();
    const double dt = first.dt_s;
    for (std::size_t s = 1; s < n_st; ++s) {
        const MagnetometerSeries& r = records[s];
        if (std::abs(r.dt_s - dt) > cadence_tolerance_s) {
            throw InputError(ErrorContext{stage, stations[s].source_path, "", stations[s].id, "dt_s"},
                             "record " + name_of(stations[s], r) + " has cadence " + fmt(r.dt_s) + " s, but " +
                                 name_of(stations[0], first) + " has " + fmt(dt) +
                                 " s; all records must have the same cadence (no resampling is done)");
        }
    }
    // Start index of every record on the grid of the first: t0_s = t0_0 + k_s·dt (to within 1 ms).
    std::vector<double> start_step(n_st, 0.0);
    for (std::size_t s = 0; s < n_st; ++s) {
        const MagnetometerSeries& r = records[s];
        const double steps = static_cast<double>(r.t0_unix_s - first.t0_unix_s) / dt;
        const double k = std::round(steps);
        const double offset_s = (steps - k) * dt;
        if (std::abs(offset_s) > grid_tolerance_s) {
            throw InputError(ErrorContext{stage, stations[s].source_path, "", stations[s].id, "t0"},
                             "record " + name_of(stations[s], r) + " starts at " + format_iso8601_utc(r.t0_unix_s) +
                                 ", off the grid of " + name_of(stations[0], first) + " (start " +
                                 format_iso8601_utc(first.t0_unix_s) + ", dt " + fmt(dt) + " s) by " + fmt(std::abs(offset_s)) +
                                 " s; sample times must agree to within 1 ms");
        }
        start_step[s] = k;
    }
    double lo = start_step[0];
    double hi = start_step[0] + static_cast<double>(records[0].size()) - 1.0;
    for (std::size_t s = 1; s < n_st; ++s) {
        lo = std::max(lo, start_step[s]);
        hi = std::min(hi, start_step[s] + static_cast<double>(records[s].size()) - 1.0);
    }
    if (hi - lo + 1.0 < 2.0) {
        std::string spans;
        for (std::size_t s = 0; s < n_st; ++s) {
            const auto& r = records[s];
            spans += (s == 0 ? "" : "; ") + name_of(stations[s], r) + " " + format_iso8601_utc(r.t0_unix_s) + " to " +
                     format_iso8601_utc_ms(static_cast<double>(r.t0_unix_s) + static_cast<double>(r.size() - 1) * dt);
        }
        throw InputError(ErrorContext{stage, "", "", "", ""},
                         "the records have no common span of at least 2 samples: " + spans);
    }
    const auto steps = static_cast<std::size_t>(hi - lo + 1.0);

    StationSet set;
    set.dt_s = dt;
    set.baseline = options.baseline;
    // The common start is the start of the record that starts last (a whole second, as every t0 is).
    for (std::size_t s = 0; s < n_st; ++s) {
        if (start_step[s] == lo) {
            set.t0_unix_s = records[s].t0_unix_s;
            break;
        }
    }
    // Samples of the baseline: the common span, or its first baseline_window_s ([t0, t0 + window)).
    std::size_t n_base = steps;
    if (options.baseline == BaselineMethod::first_window) {
        const double n = std::ceil(options.baseline_window_s / dt - 1e-9);
        n_base = static_cast<std::size_t>(std::clamp(n, 1.0, static_cast<double>(steps)));
    }
    for (std::size_t s = 0; s < n_st; ++s) {
        MagnetometerSeries& r = records[s];
        const auto before = static_cast<std::size_t>(lo - start_step[s]);
        const std::size_t after = r.size() - before - steps;
        if (before > 0 || after > 0) {
            set.trimmed.push_back(TrimNote{s, before, after});
        }
        if (r.filled.size() == r.size()) {
            set.n_interpolated += static_cast<std::size_t>(
                std::count(r.filled.begin() + static_cast<std::ptrdiff_t>(before),
                           r.filled.begin() + static_cast<std::ptrdiff_t>(before + steps), true));
        } else {
            // A series built without the per-sample marks (not by build_series): its count, at most the span.
            set.n_interpolated += std::min(r.n_interpolated, steps);
        }
        const auto take = [&](std::vector<double>& v) {
            std::vector<double> out(v.begin() + static_cast<std::ptrdiff_t>(before),
                                    v.begin() + static_cast<std::ptrdiff_t>(before + steps));
            const double base = options.baseline == BaselineMethod::mean ? mean_of(out, 0, n_base)
                                                                          : median_of(out, 0, n_base);
            for (double& x : out) {
                x -= base;
            }
            return std::pair{std::move(out), base};
        };
        auto x = take(r.bx_nt);
        auto y = take(r.by_nt);
        set.bx_nt.push_back(std::move(x.first));
        set.by_nt.push_back(std::move(y.first));
        set.baseline_x_nt.push_back(x.second);
        set.baseline_y_nt.push_back(y.second);
        if (stations[s].source_path.empty()) {
            stations[s].source_path = r.source_path;
        }
    }
    set.stations = std::move(stations);
    return set;
}

}  // namespace swx
