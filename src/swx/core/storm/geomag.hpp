#pragma once
/// @file geomag.hpp
/// Centred-dipole geomagnetic latitude from the IGRF dipole terms, the NERC TPL-007 latitude scaling
/// factor α, and the NERC benchmark / supplemental peak-field scenarios.
///
/// Not modelled: the non-dipole part of the main field (so this is *dipole* latitude, not corrected
/// geomagnetic (CGM/AACGM) latitude, which differs by a degree or two over North America), and any
/// ionospheric or magnetospheric source. The full main field and the dip latitude are in igrf.hpp. See
/// docs/geomagnetic-latitude.md.

#include <string>
#include <string_view>

namespace swx {

class ProblemSink;

/// The three dipole Gauss coefficients of the main field at one epoch (nT).
struct DipoleCoefficients {
    double epoch_year = 0.0;  ///< decimal year, e.g. 2025.0
    double g10_nt = 0.0;
    double g11_nt = 0.0;
    double h11_nt = 0.0;
    bool extrapolated = false;  ///< true when epoch_year is in the guard band after 2030
};

/// Geographic position of the northern dipole pole (geocentric latitude, since the dipole is centred).
struct DipolePole {
    double lat_deg = 0.0;  ///< geocentric latitude of the north dipole pole, degrees
    double lon_deg = 0.0;  ///< longitude in (-180, 180], degrees east
};

/// First and last epoch of the IGRF-14 dipole terms held here (IGRF 1900.0 ... IGRF 2025.0 + 5 yr SV;
/// datasets/geomag/igrf14_dipole.csv).
inline constexpr double igrf_valid_from_year = 1900.0;
inline constexpr double igrf_valid_to_year = 2030.0;
/// Guard band: epochs in (valid_to, guard_to] are extrapolated linearly with a warning; epochs beyond
/// it, or before 1900 (the IGRF has no earlier epoch), are an error (GeographicLib's tguard habit).
inline constexpr double igrf_guard_from_year = igrf_valid_from_year;
inline constexpr double igrf_guard_to_year = 2035.0;

/// Dipole coefficients at a decimal-year epoch.
///
/// Linear interpolation between the 5-yearly IGRF-14 epochs 1900.0 … 2025.0 (IGRF/DGRF, the table in
/// datasets/geomag/igrf14_dipole.csv); from 2025.0 to 2030.0 the IGRF-14 predictive secular variation
/// is applied, as the IGRF itself prescribes. After 2030 (guard band to 2035) the SV line is extended,
/// the result is flagged `extrapolated` and, when @p problems is given, the warning of
/// warn_if_extrapolated() is reported. Extrapolating 5 years moves the dipole pole by roughly 0.2°.
/// @param[in] epoch_year decimal year; valid [1900, 2030], accepted with a warning in (2030, 2035].
/// @param[in,out] problems optional sink for the guard-band warning.
/// @throws ModelRangeError if epoch_year is not finite or outside [1900, 2035].
[[nodiscard]] DipoleCoefficients dipole_coefficients(double epoch_year, ProblemSink* problems = nullptr);

/// The one place the epoch warning is made: "igrf_extrapolated" for an epoch after 2030 (in the guard
/// band). dipole_coefficients() calls it; a caller that only checks an epoch (validate) can too.
/// @return true if it warned.
bool warn_if_extrapolated(double epoch_year, ProblemSink& problems);

/// Dipole moment magnitude B0 = sqrt(g10² + g11² + h11²), nT.
[[nodiscard]] double dipole_strength_nt(const DipoleCoefficients& c);

/// The northern dipole pole: m = −(g11, h11, g10)/B0 in Earth-centred coordinates.
[[nodiscard]] DipolePole dipole_pole(const DipoleCoefficients& c);

/// Geocentric latitude of a point on the WGS84 ellipsoid surface: tan ψ = (1 − e²) tan φ.
/// @param[in] geodetic_lat_deg in [−90, 90]; NaN in gives NaN out.
[[nodiscard]] double geocentric_latitude_deg(double geodetic_lat_deg);

/// Centred-dipole (geomagnetic) latitude of a point on the ground.
///
/// sin λm = sin ψ sin ψ0 + cos ψ cos ψ0 cos(λ − φ0), with ψ the geocentric latitude of the point
/// (converted from geodetic on WGS84, height 0) and (ψ0, φ0) the north dipole pole (Laundal & Richmond
/// 2017, Space Sci. Rev. 206:27, sect. 3). Reproduces GEOELECTRIC.md §5.2 to 0.01°.
/// @param[in] geodetic_lat_deg geodetic latitude, degrees, [−90, 90].
/// @param[in] lon_deg longitude, degrees east, any range.
/// @return dipole latitude in degrees [−90, 90]; NaN if an input is NaN/inf or |lat| > 90 (a per-record
///         problem for the caller to report, not an exception).
[[nodiscard]] double dipole_latitude_deg(double geodetic_lat_deg, double lon_deg, const DipoleCoefficients& c);

/// NERC TPL-007 geomagnetic-latitude scaling factor α.
///
/// α = 0.001 · e^(0.115·|L|), held at 0.1 for |L| ≤ 40° and at 1.0 for |L| ≥ 60°, and kept within
/// [0.1, 1.0] in between. |L| is used so the southern hemisphere is scaled like the northern one.
/// The formula is TPL-007 eq. 3 as quoted second-hand (GEOELECTRIC.md §1.2); the clamp follows NERC's
/// α table as that table is usually reproduced — not checked against the NERC PDF.
/// Known limit: low-latitude effects (equatorial electrojet, sudden commencements) are not modelled;
/// α = 0.1 there is NERC's floor, not a hazard estimate.
/// @param[in] geomagnetic_lat_deg dipole latitude in degrees; NaN in gives NaN out.
[[nodiscard]] double nerc_alpha(double geomagnetic_lat_deg);

/// The two NERC TPL-007 GMD events.
enum class NercEvent { benchmark, supplemental };

/// Reference peak geoelectric field at 60° geomagnetic latitude on the Quebec reference earth
/// (α = β = 1): 8 V/km for the benchmark event, 12 V/km for the supplemental event.
[[nodiscard]] double nerc_reference_field_v_per_km(NercEvent event);

/// Peak geoelectric field of a NERC event: E = E_ref · α · β, V/km.
/// @param[in] alpha latitude factor, finite and > 0 (normally from nerc_alpha, in [0.1, 1]).
/// @param[in] beta earth-conductivity factor, finite and > 0 (NERC table, about 0.2–1.2).
/// @throws ConfigError if alpha or beta is not finite or not > 0.
[[nodiscard]] double nerc_peak_field_v_per_km(NercEvent event, double alpha, double beta);

/// Parses "nerc-benchmark" or "nerc-supplemental" (exact, lower case).
/// @throws ConfigError for any other text, listing the accepted names.
[[nodiscard]] NercEvent parse_nerc_event(std::string_view text);

/// "nerc-benchmark" or "nerc-supplemental".
[[nodiscard]] std::string to_string(NercEvent event);

}  // namespace swx
