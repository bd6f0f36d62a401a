#pragma once
/// @file field_coupling.hpp
/// Couples lines to a field that varies along them (core/efield/storm_field.hpp): each route is cut at
/// earth-region boundaries and into pieces of at most `sample_km` along its geodesics; each piece's
/// field is the storm field at its midpoint, so the line EMF is V = Σ_pieces E(midpoint, t)·Δl
/// (midpoint rule; error O(Δl²·∂²E/∂s²), and exact at the 1-D/MT level where the field is piecewise
/// uniform). The pieces' weights fold into one coefficient pair per field source and line, so the time
/// series costs one multiply-add per source pair, line and step (gic_timeseries.hpp).

#include <swx/core/efield/storm_field.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/network.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace swx {

/// Longest piece of a route between field samples, km (docs/geoelectric-model.md).
inline constexpr double default_line_sample_km = 10.0;

struct FieldLineCoupling {
    std::vector<LineCoupling> couplings;  ///< per line: coefficient pairs on the field's sources
    FieldSources fields;                  ///< the storm field's source pairs, with its edge zone
    std::vector<std::string> source_names;
    std::size_t samples = 0;              ///< route pieces evaluated
    double sample_km = default_line_sample_km;
    /// Per line, what drove it most: the MT site nearest its middle (empty where 1-D) and its distance.
    std::vector<FieldProvenance> line_provenance;
};

/// @throws InputError naming the line if a piece of its route has no ground (outside every region, no
///         fallback model, no MT site within the distance); ConfigError if sample_km is not > 0.
[[nodiscard]] FieldLineCoupling couple_lines(const Network& network, const StormField& field,
                                             double sample_km = default_line_sample_km);

}  // namespace swx
