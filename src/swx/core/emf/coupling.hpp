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

/// What a field source of a coupling is: each distinct earth model (the study's sources), or each
/// earth region (an ensemble's ground drawn region by region).
enum class CouplingSources {
    model,   ///< one source per distinct model: regions with one model share it
    region,  ///< one source per region (in the regions' order), then one for the fallback ground
};

/// Line routes split by ground model: `couplings[l].parts[k].source` indexes `models`.
struct LineGroundCoupling {
    std::vector<LineCoupling> couplings;
    /// Per field source, its earth model: one source per distinct model, or (CouplingSources::region)
    /// the model of each region, repeated where regions share a model.
    std::vector<std::string> models;
    /// Per field source, its name: the model (CouplingSources::model), or the region's id (else its
    /// name, else "#N", N its 1-based position), and "outside the regions" for the fallback ground.
    std::vector<std::string> names;
    /// Each line's route length on the WGS84 ellipsoid, km: line_lengths_km() read off the coupling's
    /// own geodesics (equal to it to rounding, ~1e-12 km), so that no second pass is needed.
    std::vector<double> length_km;
};

/// Splits every line's route at region boundaries and integrates each piece geodesically.
/// @throws InputError naming the line if part of its route lies outside every region and there is no
///         fallback model.
[[nodiscard]] LineGroundCoupling couple_lines(const Network& network, const Ground& ground,
                                              CouplingSources sources = CouplingSources::model);

}  // namespace swx
