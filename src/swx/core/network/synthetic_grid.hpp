#pragma once
/// @file synthetic_grid.hpp
/// Synthetic power grids for benchmarks and property tests: substations scattered over a region,
/// 345 kV lines to near neighbours, a 500 kV overlay on a fifth of the substations, and a realistic
/// mix of transformers (GSUs at plants, GY-GY-D step-downs, 500/345 kV autotransformers).

#include <swx/core/network/network.hpp>

#include <cstdint>

namespace swx {

struct SyntheticGridOptions {
    std::size_t substations = 1000;
    std::uint64_t seed = 1;
    double west_deg = -120.0, south_deg = 30.0, east_deg = -75.0, north_deg = 48.0;  ///< contiguous US
    int neighbours = 3;          ///< 345 kV lines from each substation to its nearest neighbours
    double fraction_500kv = 0.2;  ///< substations that also have a 500 kV bus
    double fraction_blocked = 0.02;  ///< transformers with a neutral blocking device
    double fraction_series_capacitor = 0.01;  ///< lines with a series capacitor
};

/// Builds the grid. Deterministic for a given seed. Nearest neighbours come from a Boost.Geometry
/// R-tree (O(n log n)). Lines have no geometry (straight between substations).
[[nodiscard]] Network make_synthetic_grid(const SyntheticGridOptions& options);

}  // namespace swx
