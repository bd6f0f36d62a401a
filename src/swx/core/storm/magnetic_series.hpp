#pragma once
/// @file magnetic_series.hpp
/// A measured magnetic time series B(t) on a regular time grid, and the policy that lays raw samples
/// on that grid (docs/storm-data.md):
///  1. times must be strictly increasing;
///  2. the cadence dt is the most frequent step; every step must be a whole multiple of dt (a
///     multiple > 1 means whole rows are missing), anything else is irregular sampling — an error, since
///     resampling would silently invent data and the FFT downstream needs a regular grid;
///  3. samples are laid on the regular grid t0 + i·dt; runs of missing samples up to max_gap_s
///     (count × dt) are filled linearly (at either end: the nearest value is held), longer runs are an
///     error naming the span.
/// Not modelled: leap seconds, clock drift, and any filtering or baseline removal.

#include <swx/core/base/error.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace swx {

/// A regular two-component magnetic time series.
struct MagnetometerSeries {
    std::string source_path;
    std::string station;  ///< IAGA code if known, else empty
    double latitude_deg = std::numeric_limits<double>::quiet_NaN();   ///< geodetic, from the header if known
    double longitude_deg = std::numeric_limits<double>::quiet_NaN();  ///< degrees east as written in the header
    std::int64_t t0_unix_s = 0;  ///< time of the first sample, UTC seconds since 1970-01-01
    double dt_s = 0.0;           ///< sample interval, s (> 0)
    std::vector<double> bx_nt;   ///< geographic north component, nT
    std::vector<double> by_nt;   ///< geographic east component, nT
    std::size_t n_interpolated = 0;  ///< samples in which at least one component was filled across a gap
    std::size_t n_gaps = 0;          ///< runs of filled samples
    double longest_gap_s = 0.0;      ///< longest run of filled samples, count × dt, s
    double max_gap_s = 0.0;          ///< the gap limit the series was built with, s
    std::vector<bool> filled;        ///< per sample: true where a component was filled; empty if none was

    [[nodiscard]] std::size_t size() const noexcept { return bx_nt.size(); }
};

/// One sample as a reader found it: NaN for a missing component; `line` is the source line for messages.
struct RawMagneticSample {
    double t_unix_s;  ///< UTC seconds since 1970-01-01, fraction allowed
    double x_nt;      ///< geographic north, nT, or NaN
    double y_nt;      ///< geographic east, nT, or NaN
    std::size_t line;
};

/// The most series build_series() makes (about 3 years of 1-s data): guards against absurd grids.
inline constexpr std::size_t max_series_samples = 100'000'000;

/// Lays raw samples on a regular grid and fills short gaps (the policy at the top of this file).
/// @param[in] raw the samples in file order (at least two).
/// @param[in] ctx the reader's stage and path; `source_path` of the result is ctx.path.
/// @param[in] max_gap_s longest run of missing samples (count × dt, s) that is filled; finite, >= 0.
/// @param[in] x_name, y_name the components' column or element names, for messages.
/// @throws ConfigError if max_gap_s is negative or not finite.
/// @throws InputError for no or one sample, times not strictly increasing, steps under 1 ms, a step
///         that is not a whole multiple of the cadence, a first time off the whole second, more than
///         max_series_samples samples, a component with no value, or a gap longer than max_gap_s.
///         Messages name the source lines and times.
[[nodiscard]] MagnetometerSeries build_series(const std::vector<RawMagneticSample>& raw, const ErrorContext& ctx,
                                              double max_gap_s, const std::string& x_name, const std::string& y_name);

/// The gap-filling warning of a series, one line: "50 of 120 samples (41.7 %) filled by linear
/// interpolation … across 2 gaps, the longest 1500 s (max_gap_s = 1500 s) …"; empty if nothing was filled.
[[nodiscard]] std::string gap_filling_summary(const MagnetometerSeries& series);

/// Fills the NaN runs of one component in place: linearly between values, holding the nearest value at
/// either end, and marks the filled samples in `filled` (same size as `v`).
/// @param[in] t0_unix_s, dt_s the grid, for messages.
/// @param[in] component the component's name, set as ctx.field in messages.
/// @throws InputError if every sample is missing or a run is longer than max_gap_s (count × dt_s);
///         `v` may then be partly filled. Every run longer than max_gap_s is listed (at most five, with
///         the count and the longest).
void fill_gaps(std::vector<double>& v, std::vector<bool>& filled, std::int64_t t0_unix_s, double dt_s,
               double max_gap_s, ErrorContext ctx, const std::string& component);

}  // namespace swx
