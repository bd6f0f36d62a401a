#pragma once
// An independent second implementation of the NERC TPL-007 geomagnetic-latitude factor α, for tests that
// must not compute their expected values with swx::dipole_latitude_deg / swx::nerc_alpha themselves.
//
// * Centred-dipole latitude: Laundal & Richmond (2017), Space Sci. Rev. 206:27, doi:10.1007/s11214-016-0275-y,
//   Sect. 3: m = −(g11, h11, g10)/B0 and sin λm = r̂·m, with r̂ from the WGS-84 geocentric latitude.
// * IGRF-14 2025.0 dipole coefficients (nT), IAGA-VMOD igrf14coeffs.txt, column "IGRF 2025.0":
//   g10 = −29350.0, g11 = −1410.3, h11 = 4545.5.
// * α = 0.001·exp(0.115·|L|) (TPL-007-3 eq. 3 as quoted in GEOELECTRIC.md §1.2), held at 0.1 for |L| ≤ 40° and
//   at 1.0 for |L| ≥ 60°, kept in [0.1, 1.0] between: the project's documented rule (docs/geomagnetic-latitude.md).
#include <algorithm>
#include <cmath>
#include <numbers>

namespace swx::test {

/// Centred-dipole latitude (degrees) for IGRF-14 2025.0 of a WGS-84 geodetic point.
inline double dipole_latitude_igrf2025_deg(double lat_deg, double lon_deg) {
    constexpr double deg = std::numbers::pi / 180.0;
    constexpr double g10 = -29350.0, g11 = -1410.3, h11 = 4545.5;
    constexpr double e2 = 6.69437999014e-3;  // WGS-84 first eccentricity squared
    const double b0 = std::sqrt(g10 * g10 + g11 * g11 + h11 * h11);
    const double mx = -g11 / b0, my = -h11 / b0, mz = -g10 / b0;
    const double psi = std::atan((1.0 - e2) * std::tan(lat_deg * deg));
    const double lon = lon_deg * deg;
    const double s = std::cos(psi) * std::cos(lon) * mx + std::cos(psi) * std::sin(lon) * my + std::sin(psi) * mz;
    return std::asin(s) / deg;
}

/// NERC α at a geomagnetic latitude: 0.1 up to 40°, 1 from 60°, the exponential (within [0.1, 1]) between.
inline double nerc_alpha_reference(double geomagnetic_lat_deg) {
    const double l = std::abs(geomagnetic_lat_deg);
    if (l <= 40.0) {
        return 0.1;
    }
    if (l >= 60.0) {
        return 1.0;
    }
    return std::clamp(0.001 * std::exp(0.115 * l), 0.1, 1.0);
}

}  // namespace swx::test
