#pragma once
/// @file igrf.hpp
/// The full IGRF-14 main field (spherical-harmonic synthesis to degree 13): the field vector and its
/// elements (X, Y, Z, H, F, inclination, declination) at a point, and the dip (magnetic) latitude.
///
/// The centred-dipole latitude (geomag.hpp) stays the latitude of the NERC α factor; the dip latitude
/// here is the one that locates the dip equator (the equatorial electrojet). Not modelled: crustal,
/// ionospheric and magnetospheric fields (the IGRF is the core field only). See
/// docs/geomagnetic-latitude.md.

#include <array>

namespace swx {

class ProblemSink;

/// Highest degree of the IGRF-14 main field (epochs 2000.0 on; 1900.0–1995.0 are zero above degree 10).
inline constexpr int igrf_max_degree = 13;
/// Highest degree of the IGRF-14 predictive secular variation 2025–2030.
inline constexpr int igrf_max_sv_degree = 8;
/// The IGRF reference radius a, km (the mean Earth radius of the model; r = a on the reference sphere).
inline constexpr double igrf_reference_radius_km = 6371.2;

/// Main-field vector and elements at a point (IGRF-14, degree 13 up to 2025, degree 8 SV to 2030, guard band to 2035 as dipole_coefficients()).
struct MainField {
    double x_nt = 0, y_nt = 0, z_nt = 0;  // north, east, down (geodetic frame), nT
    double h_nt = 0, f_nt = 0;            // horizontal and total intensity, nT
    double inclination_deg = 0;           // I, positive down
    double declination_deg = 0;           // D, clockwise from geographic north
};

/// The Gauss coefficients of the whole main field at one epoch (Schmidt semi-normalised, nT).
/// g[n][m] and h[n][m] for 1 ≤ n ≤ 13, 0 ≤ m ≤ n; other entries (and every h[n][0]) are zero.
struct IgrfCoefficients {
    double epoch_year = 0.0;
    std::array<std::array<double, igrf_max_degree + 1>, igrf_max_degree + 1> g{};
    std::array<std::array<double, igrf_max_degree + 1>, igrf_max_degree + 1> h{};
    bool extrapolated = false;  ///< true when epoch_year is in the guard band after 2030
};

/// The IGRF-14 coefficients at a decimal-year epoch, by the IGRF rule and with the epoch range of
/// dipole_coefficients(): linear between the 5-yearly epochs 1900.0 … 2025.0 (IGRF/DGRF; the table in
/// datasets/geomag/igrf14_coeffs.csv, compiled in); 2025.0 + SV × (epoch − 2025) from 2025.0 (the SV is
/// given to degree 8, so degrees 9–13 stay at their 2025.0 values); after 2030 (guard band to 2035) the
/// SV line is extended, `extrapolated` is set and warn_if_extrapolated()'s warning is reported to
/// @p problems when given.
/// @throws ModelRangeError if epoch_year is not finite or outside [1900, 2035].
[[nodiscard]] IgrfCoefficients igrf_coefficients(double epoch_year, ProblemSink* problems = nullptr);

/// Geocentric spherical components of the main field, nT: radial (up), θ (south), φ (east).
struct GeocentricField {
    double br_nt = 0, btheta_nt = 0, bphi_nt = 0;
};

/// The synthesis itself, at geocentric radius @p radius_km and colatitude @p colatitude_deg (the IGRF
/// reference software's synth_values): B = −∇V, V = a Σ_n (a/r)^(n+1) Σ_m (g cos mφ + h sin mφ) P_n^m(cos θ),
/// Schmidt semi-normalised P_n^m and dP_n^m/dθ by recurrence; B_φ through P_n^m / sin θ, also by
/// recurrence, so the geographic poles need no special case. No allocation, no shared state.
/// @param[in] max_degree truncate the sum at this degree (1 … 13; 1 is the centred-dipole field).
/// @return NaN components if an input is not finite, colatitude is outside [0, 180] or radius ≤ 0.
[[nodiscard]] GeocentricField igrf_field_geocentric(double radius_km, double colatitude_deg, double lon_deg,
                                                    const IgrfCoefficients& c, int max_degree = igrf_max_degree);

/// The field at a point given by geodetic latitude, longitude and height above the WGS84 ellipsoid, in
/// the geodetic (local north, east, down) frame — as the IGRF reference software does it (igrf_utils
/// gg_to_geo, Langel 1987 eqs. 51–53): the point is converted to geocentric radius and colatitude, the
/// field synthesised there, and X, Z rotated back by the angle between the geodetic and geocentric
/// verticals.
/// @return NaN fields if a latitude is not finite or |lat| > 90, or lon or height is not finite.
[[nodiscard]] MainField igrf_field(double geodetic_lat_deg, double lon_deg, double height_km, const IgrfCoefficients& c);

/// igrf_field() at an epoch: igrf_coefficients(epoch_year, problems), then the field.
/// @throws ModelRangeError as igrf_coefficients().
[[nodiscard]] MainField igrf_field(double geodetic_lat_deg, double lon_deg, double height_km, double epoch_year, ProblemSink* problems = nullptr);

/// Dip latitude of a field: tan λ_dip = tan(I)/2 = Z / (2H), degrees; NaN for NaN fields.
[[nodiscard]] double dip_latitude_deg(const MainField& field);

/// Dip latitude on the ground (height 0 on WGS84) with the coefficients of one epoch; NaN as igrf_field().
[[nodiscard]] double dip_latitude_deg(double geodetic_lat_deg, double lon_deg, const IgrfCoefficients& c);

/// Dip (magnetic) latitude: tan λ_dip = tan(I)/2, degrees.
/// On the ground (height 0 on WGS84); zero on the dip (magnetic) equator. @throws ModelRangeError as
/// igrf_coefficients().
[[nodiscard]] double dip_latitude_deg(double geodetic_lat_deg, double lon_deg, double epoch_year, ProblemSink* problems = nullptr);

}  // namespace swx
