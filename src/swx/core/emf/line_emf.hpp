#pragma once
/// @file line_emf.hpp
/// Line EMFs for a uniform geoelectric field. For a uniform field E = (E_N, E_E) the EMF along a
/// route is E_N·L_N + E_E·L_E, where (L_N, L_E) is the route's displacement integrated along it
/// (km north, km east). Routes are integrated on the WGS84 ellipsoid in emf/geodesic.hpp;
/// this file holds the NERC / Horton et al. 2012 flat-earth convention and the field algebra.

#include <swx/core/network/network.hpp>

namespace swx {

/// A route's integrated displacement: L_N = ∫cos(az) ds, L_E = ∫sin(az) ds, in km.
struct Displacement {
    double north_km = 0.0;
    double east_km = 0.0;
};

/// A uniform horizontal geoelectric field, V/km (x north, y east).
struct UniformField {
    double north_v_per_km = 0.0;
    double east_v_per_km = 0.0;
};

/// The field of magnitude `e_v_per_km` pointing to `azimuth_deg` (clockwise from north: 0 northward,
/// 90 eastward).
[[nodiscard]] UniformField field_from_azimuth(double e_v_per_km, double azimuth_deg);

/// Straight-line displacement between two points in the NERC GIC application guide / Horton et al.
/// 2012 convention (WGS84 truncated series at the mean latitude φ of the two ends):
/// L_N = (111.133 − 0.56 cos 2φ)·Δlat, L_E = (111.5065 − 0.1872 cos 2φ)·cos φ·Δlon (km, Δ in degrees).
/// Δlon is taken the short way round the antimeridian.
[[nodiscard]] Displacement nerc_displacement(GeoPoint from, GeoPoint to);

/// EMF in volts driving current from the route's start to its end.
[[nodiscard]] inline double emf_v(const Displacement& d, const UniformField& e) {
    return e.north_v_per_km * d.north_km + e.east_v_per_km * d.east_km;
}

}  // namespace swx
