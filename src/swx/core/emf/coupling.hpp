#pragma once
/// @file coupling.hpp
/// Couples each line's route to the earth models it crosses: the route is split at earth-region
/// boundaries and each part integrated on the WGS84 ellipsoid, so that a field uniform within each
/// model's ground drives the line by Σ E_model·L_part (the field sources of gic_timeseries.hpp).

#include <swx/core/earth/ground.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/network.hpp>

#include <string>
#include <vector>

namespace swx {

/// Line routes split by ground model: `couplings[l].parts[k].source` indexes `models`.
struct LineGroundCoupling {
    std::vector<LineCoupling> couplings;
    std::vector<std::string> models;  ///< one field source per distinct model
    /// Each line's route length on the WGS84 ellipsoid, km: line_lengths_km() read off the coupling's
    /// own geodesics (equal to it to rounding, ~1e-12 km), so that no second pass is needed.
    std::vector<double> length_km;
};

/// Splits every line's route at region boundaries and integrates each piece geodesically.
/// @throws InputError naming the line if part of its route lies outside every region and there is no
///         fallback model.
[[nodiscard]] LineGroundCoupling couple_lines(const Network& network, const Ground& ground);

}  // namespace swx
