#pragma once
/// @file station_set.hpp
/// Several magnetometer records on one time grid, each with its position and its baseline (the main
/// field) removed, ready for the SECS fit (secs.hpp). Policy (docs/storm-data.md, "Many magnetometers"):
///  1. every record is first laid on its own regular grid with its short gaps filled, as a single record
///     is (magnetic_series.hpp);
///  2. all records must have the same cadence dt (an error names the records and their cadences; no
///     resampling is done, since it would invent or smooth data);
///  3. the common span is the overlap of all records on the grid of the first: sample times must agree
///     to within 1 ms (else an error names the record and its offset); records are trimmed to the
///     overlap, and the trim is reported (TrimNote) so the caller can warn; no overlap is an error;
///  4. the baseline of each station and component is removed: the median over the common span (default,
///     robust to the storm itself), the mean over it, or the median of the first `baseline_window_s` of
///     the common span ("quiet level": samples t0 … t0 + window exclusive, at least one); the removed
///     values are kept.

#include <swx/core/network/network.hpp>  // GeoPoint
#include <swx/core/storm/magnetic_series.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace swx {

enum class BaselineMethod {
    median,      ///< median of each component over the common span
    mean,        ///< mean over the common span
    first_window ///< median over the first baseline_window_s of the common span ("quiet level")
};

struct StationSetOptions {
    BaselineMethod baseline = BaselineMethod::median;
    double baseline_window_s = 3600.0;  ///< first_window only; > 0
};

/// One station of a set.
struct StationRecord {
    std::string id;          ///< station code (IAGA code, NERC device id, or the file stem)
    std::string source_path; ///< the record file
    GeoPoint location;       ///< geodetic, degrees east / north
    std::string position_source;  ///< where the position came from: "IAGA-2002 header", "stations table <file>", …
};

/// What trimming to the common span removed from one record, for a warning.
struct TrimNote {
    std::size_t station = 0;
    std::size_t samples_before = 0;  ///< samples dropped before the common start
    std::size_t samples_after = 0;   ///< samples dropped after the common end
};

/// Records on one grid, baselines removed: bx_nt[s][i] at time t0_unix_s + i·dt_s.
struct StationSet {
    std::vector<StationRecord> stations;
    std::int64_t t0_unix_s = 0;
    double dt_s = 0.0;
    std::vector<std::vector<double>> bx_nt;  ///< per station: north variation field, nT
    std::vector<std::vector<double>> by_nt;  ///< per station: east variation field, nT
    std::vector<double> baseline_x_nt;       ///< per station: the value removed from bx
    std::vector<double> baseline_y_nt;
    BaselineMethod baseline = BaselineMethod::median;
    std::vector<TrimNote> trimmed;           ///< only records that lost samples
    std::size_t n_interpolated = 0;          ///< sum over the stations of filled samples inside the common span (from MagnetometerSeries::filled)
    [[nodiscard]] std::size_t size() const noexcept { return stations.size(); }
    [[nodiscard]] std::size_t steps() const noexcept { return bx_nt.empty() ? 0 : bx_nt.front().size(); }
};

/// Aligns records (each already a regular MagnetometerSeries) and removes their baselines.
/// @param[in] records one per station, in order; `stations[i]` describes `records[i]`.
/// @throws InputError for no records, a station without a valid position, two stations with the same id,
///         different cadences, grids offset by more than 1 ms, or no common span of at least 2 samples;
///         messages name the records (source paths) and the values involved.
/// @throws ConfigError for baseline_window_s ≤ 0 or not finite.
[[nodiscard]] StationSet align_stations(std::vector<MagnetometerSeries> records, std::vector<StationRecord> stations,
                                        const StationSetOptions& options = {});

[[nodiscard]] std::string baseline_name(BaselineMethod m);  ///< "median", "mean", "first_window"

}  // namespace swx
