#pragma once
/// @file waveform.hpp
/// Reader for geoelectric waveforms in the NERC TPL-007 format: a CSV with columns `Time` (s),
/// `E_EW (V/km)` and `E_NS (V/km)` at a regular cadence (the benchmark and supplemental event files
/// published by NERC; users supply them — they are not bundled).

#include <swx/core/storm/waveform.hpp>

#include <string>

namespace swx::io {

/// @throws InputError if the file cannot be read, a column is missing (columns are matched by the
///         prefixes `time`, `e_ew`/`ee`, `e_ns`/`en`, case-insensitively), a value is not a number, or the
///         cadence is irregular; the message names the file, line and column.
[[nodiscard]] GeoelectricWaveform read_geoelectric_waveform(const std::string& path);

}  // namespace swx::io
