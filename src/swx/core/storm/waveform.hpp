#pragma once
/// @file waveform.hpp
/// A geoelectric waveform: E(t) at a regular cadence, as the NERC TPL-007 benchmark and supplemental
/// event files give it (read by swx/io/waveform.hpp).

#include <string>
#include <vector>

namespace swx {

/// E(t) on a regular time grid. All vectors have the same length.
struct GeoelectricWaveform {
    std::string source_path;               ///< where it was read from (for messages and provenance)
    double dt_s = 0.0;                     ///< sample interval, s (> 0)
    std::vector<double> t_s;               ///< sample times, s from the start
    std::vector<double> e_north_v_per_km;  ///< northward component, V/km
    std::vector<double> e_east_v_per_km;   ///< eastward component, V/km
};

}  // namespace swx
