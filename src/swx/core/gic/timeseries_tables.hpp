#pragma once
/// @file timeseries_tables.hpp
/// The result tables of a GIC time series (peaks over the storm), shared by `swxrisk gic` with a storm
/// record or waveform, by the site study driven by a storm record, and by Python.

#include <swx/core/base/table.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/network.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace swx {

/// Formats a time-step index as a time (e.g. ISO 8601 UTC).
using StepTime = std::function<std::string(std::size_t step)>;

/// Every peak and time above the threshold leaves out the edge zones (GicTimeSeriesStats::edge_steps).
/// substations: substation_id, name, ground_gic_peak_abs_a, ground_gic_peak_time (empty where never
/// non-zero), grounding_ohm, lat_deg, lon_deg.
[[nodiscard]] FeatureTable timeseries_substations_table(const Network& network, const GicTimeSeriesStats& stats,
                                                        const StepTime& time_of);
/// transformers: transformer_id, substation_id, substation_name, type, hv_bus, lv_bus, ieff_peak_a,
/// ieff_peak_time, minutes_above_threshold, threshold_a, qloss_peak_mvar, qloss_integral_mvar_h, neutral_blocked,
/// k_factor, k_assumed, lat_deg, lon_deg.
[[nodiscard]] FeatureTable timeseries_transformers_table(const Network& network, const GicTimeSeriesStats& stats,
                                                         const StepTime& time_of);
/// lines: line_id, from_bus, to_bus, from_substation, to_substation, emf_peak_abs_v, gic_peak_abs_a, r_ohm,
/// kv, dc_blocked, from/to_lat_deg, from/to_lon_deg (with the route geometry).
[[nodiscard]] FeatureTable timeseries_lines_table(const Network& network, const GicTimeSeriesStats& stats);

}  // namespace swx
