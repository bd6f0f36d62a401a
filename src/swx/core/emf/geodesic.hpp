#pragma once
/// @file geodesic.hpp
/// Geodesic integration of routes on the WGS84 ellipsoid (GeographicLib, Karney 2013, J. Geodesy 87:43–55,
/// doi:10.1007/s00190-012-0578-z): the one place where line routes are integrated.

#include <swx/core/earth/earth_regions.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/network/network.hpp>

#include <cmath>
#include <optional>

#include <span>
#include <vector>

namespace swx {

/// A longitude on the branch [-180, 180) degrees (the readers' and outputs' convention).
[[nodiscard]] inline double normalized_lon_deg(double lon_deg) {
    const double lon = std::fmod(lon_deg + 180.0, 360.0);
    return (lon < 0.0 ? lon + 360.0 : lon) - 180.0;
}

/// Integrates a route's displacement along geodesics between its vertices: each geodesic is cut into
/// pieces of at most `step_km` and every piece contributes s·cos(az), s·sin(az) with az the geodesic
/// azimuth at the piece's midpoint (error O(step²), well below 1 m for 10 km pieces).
/// @param[out] length_km if given, the route's geodesic length, km (the same geodesics' lengths that
///             geodesic_length_km sums, read off the integration's own geodesics: equal to it to rounding,
///             ~1e-12 km).
[[nodiscard]] Displacement geodesic_displacement(std::span<const GeoPoint> route, double step_km = 10.0, double* length_km = nullptr);

/// Geodesic length of a route in km.
[[nodiscard]] double geodesic_length_km(std::span<const GeoPoint> route);


enum class DistanceMethod {
    geodesic,  ///< integrate along the route on the WGS84 ellipsoid
    nerc,      ///< straight line between the two substations, NERC / Horton et al. 2012 formula
};

/// One displacement per line of the network, by `method`.
[[nodiscard]] std::vector<Displacement> line_displacements(const Network& network, DistanceMethod method);
/// One route length (km, geodesic) per line.
[[nodiscard]] std::vector<double> line_lengths_km(const Network& network);

/// The displacement (by `method`) and the geodesic route length of every line.
struct LineGeometry {
    std::vector<Displacement> displacements;  ///< line_displacements(network, method)
    std::vector<double> length_km;            ///< line_lengths_km(network)
};

/// line_displacements and line_lengths_km in one pass over the lines, on up to `threads` threads
/// (0 = hardware): the same functions per line, so the same values.
[[nodiscard]] LineGeometry line_geometry(const Network& network, DistanceMethod method, unsigned threads = 0);


/// The part of a route's displacement that lies in one earth region.
struct RegionDisplacement {
    std::optional<std::size_t> region;  ///< index into EarthRegions; nullopt = outside every region
    Displacement d;
};

/// Splits a route at earth-region boundaries and integrates each part on the WGS84 ellipsoid, so that
/// the EMF of the route in a field that is uniform within each region is Σ emf_v(d, E_region).
///
/// Each geodesic between route vertices is cut into equal pieces of at most `step_km` (the same
/// pieces as geodesic_displacement with that step); the pieces are split at region boundaries by
/// EarthRegions::split_route (boundary edges straight in lon/lat) and each leg is integrated with
/// geodesic_displacement(leg, step_km). A crossing point lies on the lon/lat chord of its piece, at
/// most s²·tan φ/(8R) (≈ 1.3 cm for 1 km pieces at 33°) off the geodesic, so the sum over regions
/// equals geodesic_displacement(route, step_km) to ~1e-9 km per crossing.
/// @param[in] route WGS84 vertices.
/// @param[in] step_km > 0: geodesic piece length, km.
/// @return one entry per region met (nullopt for the parts outside every region), in order of first
///         appearance along the route; empty for a route shorter than two distinct points.
/// @param[out] length_km if given, the route's geodesic length, km (as geodesic_displacement's).
/// @throws InputError if a route vertex is not finite.
[[nodiscard]] std::vector<RegionDisplacement> region_displacements(const EarthRegions& regions,
                                                                   std::span<const GeoPoint> route, double step_km = 1.0,
                                                                   double* length_km = nullptr);

}  // namespace swx
