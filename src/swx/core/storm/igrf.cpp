/// @file igrf.cpp
/// IGRF-14 main-field synthesis.
///
/// Design notes. The coefficients are the project's data file datasets/geomag/igrf14_coeffs.csv (written
/// by scripts/make-igrf-coeffs from IAGA's igrf14coeffs.txt, citing IAGA), compiled in as
/// igrf14_coeffs_table.inc, like the dipole table of geomag.cpp: no run-time I/O. Time dependence, epoch
/// range, guard band and its warning are those of dipole_coefficients() (DESIGN.md §3.2), so the dipole
/// latitude and the dip latitude of one study always accept the same epochs.
/// The synthesis follows the IGRF reference software (igrf_utils.py of the IGRF-14 release: gg_to_geo,
/// synth_values, and the rotation back to the geodetic frame of its driver; the Fortran igrf14syn does
/// the same). The associated Legendre functions are computed per order m by the standard three-term
/// recurrence in n, keeping only the two previous degrees: no table per call, no allocation, no shared
/// mutable state, so the functions are safe to call from many threads. B_φ needs P_n^m / sin θ; that
/// ratio obeys the same recurrence (its coefficients depend on cos θ only), started from P_m^m / sin θ =
/// c · sin^(m−1) θ, so it is finite at the geographic poles without a special case.

#include <swx/core/storm/igrf.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/storm/geomag.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <sstream>

namespace swx {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double deg = std::numbers::pi / 180.0;
constexpr int nmax = igrf_max_degree;

// IGRF-14, IAGA Working Group V-MOD (datasets/geomag/igrf14_coeffs.csv, made from igrf14coeffs.txt).
constexpr std::size_t n_columns = 27;  // 26 epochs 1900.0 ... 2025.0 and the 2025-2030 SV
struct IgrfRow {
    bool is_h;
    int n, m;
    double value[n_columns];
};
#include <swx/core/storm/igrf14_coeffs_table.inc>

constexpr std::size_t n_epochs = sizeof igrf14_epochs / sizeof igrf14_epochs[0];
static_assert(n_epochs == n_columns - 1, "igrf14_coeffs.csv: 26 epochs and the SV column expected");
static_assert(sizeof igrf14_rows / sizeof igrf14_rows[0] == nmax * (nmax + 2), "IGRF-14 has 195 coefficients");

// WGS84 (as igrf_utils.gg_to_geo): equatorial radius a and flattening f; polar radius b = a(1 − f).
constexpr double wgs84_a_km = 6378.137;
constexpr double wgs84_f = 1.0 / 298.257223563;
constexpr double wgs84_b_km = wgs84_a_km * (1.0 - wgs84_f);

// Recurrence constants of the Schmidt semi-normalised associated Legendre functions:
//   P_m^m = diag[m] · sin θ · P_(m−1)^(m−1)                         (P_0^0 = 1, diag[1] = 1)
//   P_n^m = a[n][m] · cos θ · P_(n−1)^m − b[n][m] · P_(n−2)^m        (n > m)
// with diag[m] = sqrt((2m − 1)/(2m)) for m ≥ 2, a = (2n − 1)/sqrt(n² − m²), b = sqrt((n − 1)² − m²)/sqrt(n² − m²).
struct Recurrence {
    double diag[nmax + 1]{};
    double a[nmax + 1][nmax + 1]{};
    double b[nmax + 1][nmax + 1]{};
    Recurrence() {
        diag[0] = 1.0;
        diag[1] = 1.0;
        for (int m = 2; m <= nmax; ++m) {
            diag[m] = std::sqrt((2.0 * m - 1.0) / (2.0 * m));
        }
        for (int m = 0; m <= nmax; ++m) {
            for (int n = m + 1; n <= nmax; ++n) {
                const double d = std::sqrt(static_cast<double>(n * n - m * m));
                a[n][m] = (2.0 * n - 1.0) / d;
                b[n][m] = std::sqrt(static_cast<double>((n - 1) * (n - 1) - m * m)) / d;
            }
        }
    }
};

const Recurrence& recurrence() {
    static const Recurrence r;  // initialised once, thread-safe (C++11 static init); read-only after
    return r;
}

void check_epoch(double epoch_year) {
    const ErrorContext ctx{"igrf", "", "", "", "epoch"};
    if (!std::isfinite(epoch_year)) {
        throw ModelRangeError(ctx, "epoch is not a finite decimal year");
    }
    if (epoch_year < igrf_guard_from_year || epoch_year > igrf_guard_to_year) {
        std::ostringstream why;
        why << "epoch " << epoch_year << " is outside the IGRF-14 coefficients held here (valid " << igrf_valid_from_year
            << "–" << igrf_valid_to_year << ", extrapolated with a warning to " << igrf_guard_to_year << ")";
        throw ModelRangeError(ctx, why.str());
    }
}

MainField nan_field() {
    return {nan, nan, nan, nan, nan, nan, nan};
}

// B = −∇V at geocentric radius r and colatitude θ (given as cos θ, sin θ ≥ 0), longitude φ.
GeocentricField synthesis(double radius_km, double cos_t, double sin_t, double lon_deg, const IgrfCoefficients& c,
                          int max_degree) {
    const Recurrence& rc = recurrence();
    const int n_top = max_degree < 1 ? 1 : (max_degree > nmax ? nmax : max_degree);
    // (a/r)^(n+2) for n = 0 ... n_top.
    double ratio_pow[nmax + 1];
    const double ratio = igrf_reference_radius_km / radius_km;
    ratio_pow[0] = ratio * ratio;
    for (int n = 1; n <= n_top; ++n) {
        ratio_pow[n] = ratio_pow[n - 1] * ratio;
    }
    const double cos_l = std::cos(lon_deg * deg);
    const double sin_l = std::sin(lon_deg * deg);
    double br = 0.0, bt = 0.0, bp = 0.0;
    double pmm = 1.0, dpmm = 0.0, qmm = 0.0;  // P_m^m, dP_m^m/dθ, P_m^m / sin θ
    double cos_m = 1.0, sin_m = 0.0;          // cos mφ, sin mφ
    for (int m = 0; m <= n_top; ++m) {
        if (m > 0) {
            const double d = rc.diag[m];
            const double p_prev = pmm;
            pmm = d * sin_t * p_prev;
            dpmm = d * (cos_t * p_prev + sin_t * dpmm);
            qmm = m == 1 ? 1.0 : d * sin_t * qmm;
            const double cm = cos_m * cos_l - sin_m * sin_l;
            sin_m = sin_m * cos_l + cos_m * sin_l;
            cos_m = cm;
        }
        // Degree n = m, then up by the three-term recurrence; p1/p2 are degrees n−1 and n−2.
        double p = pmm, dp = dpmm, q = qmm;
        double p1 = 0.0, dp1 = 0.0, q1 = 0.0;
        for (int n = m; n <= n_top; ++n) {
            if (n > m) {
                const double a = rc.a[n][m];
                const double b = rc.b[n][m];
                const double pn = a * cos_t * p - b * p1;
                const double dpn = a * (cos_t * dp - sin_t * p) - b * dp1;
                const double qn = a * cos_t * q - b * q1;
                p1 = p;
                dp1 = dp;
                q1 = q;
                p = pn;
                dp = dpn;
                q = qn;
            }
            if (n == 0) {
                continue;
            }
            const auto un = static_cast<std::size_t>(n);
            const auto um = static_cast<std::size_t>(m);
            const double g = c.g[un][um];
            const double h = c.h[un][um];
            const double t = g * cos_m + h * sin_m;
            br += (n + 1) * ratio_pow[n] * t * p;
            bt -= ratio_pow[n] * t * dp;
            if (m > 0) {
                bp += ratio_pow[n] * m * (g * sin_m - h * cos_m) * q;
            }
        }
    }
    return {br, bt, bp};
}

}  // namespace

IgrfCoefficients igrf_coefficients(double epoch_year, ProblemSink* problems) {
    check_epoch(epoch_year);
    IgrfCoefficients c;
    c.epoch_year = epoch_year;
    const double last = igrf14_epochs[n_epochs - 1];
    std::size_t k = 0;   // column of the epoch at or before epoch_year
    double w = 0.0;      // weight of column k + 1 (interpolation), or years after 2025.0 (SV)
    const bool sv = epoch_year >= last;
    if (sv) {
        w = epoch_year - last;
    } else {
        while (k + 2 < n_epochs && igrf14_epochs[k + 1] <= epoch_year) {
            ++k;
        }
        w = (epoch_year - igrf14_epochs[k]) / (igrf14_epochs[k + 1] - igrf14_epochs[k]);
    }
    for (const IgrfRow& row : igrf14_rows) {
        const double v = sv ? row.value[n_epochs - 1] + w * row.value[n_epochs]
                            : row.value[k] + w * (row.value[k + 1] - row.value[k]);
        (row.is_h ? c.h : c.g)[static_cast<std::size_t>(row.n)][static_cast<std::size_t>(row.m)] = v;
    }
    c.extrapolated = epoch_year > igrf_valid_to_year;
    if (problems != nullptr) {
        (void)warn_if_extrapolated(epoch_year, *problems);
    }
    return c;
}

GeocentricField igrf_field_geocentric(double radius_km, double colatitude_deg, double lon_deg, const IgrfCoefficients& c,
                                      int max_degree) {
    if (!std::isfinite(radius_km) || !std::isfinite(colatitude_deg) || !std::isfinite(lon_deg) || radius_km <= 0.0 ||
        colatitude_deg < 0.0 || colatitude_deg > 180.0) {
        return {nan, nan, nan};
    }
    const double theta = colatitude_deg * deg;
    return synthesis(radius_km, std::cos(theta), std::sin(theta), lon_deg, c, max_degree);
}

MainField igrf_field(double geodetic_lat_deg, double lon_deg, double height_km, const IgrfCoefficients& c) {
    if (!std::isfinite(geodetic_lat_deg) || std::abs(geodetic_lat_deg) > 90.0 || !std::isfinite(lon_deg) ||
        !std::isfinite(height_km)) {
        return nan_field();
    }
    // Geodetic (φ, h) to geocentric (r, θ): igrf_utils.gg_to_geo (Langel 1987, eqs. 51–53), written with the
    // geodetic colatitude θ_gd = 90° − φ: cos θ_gd = sin φ, sin θ_gd = cos φ.
    const double ctgd = std::sin(geodetic_lat_deg * deg);
    const double stgd = std::cos(geodetic_lat_deg * deg);
    constexpr double a2 = wgs84_a_km * wgs84_a_km;
    constexpr double b2 = wgs84_b_km * wgs84_b_km;
    const double c2 = ctgd * ctgd;
    const double s2 = 1.0 - c2;
    const double rho = std::sqrt(a2 * s2 + b2 * c2);
    const double rad = std::sqrt(height_km * (height_km + 2.0 * rho) + (a2 * a2 * s2 + b2 * b2 * c2) / (rho * rho));
    if (!(rad > 0.0)) {
        return nan_field();
    }
    const double cd = (height_km + rho) / rad;                // cos and sin of the angle between the
    const double sd = (a2 - b2) * ctgd * stgd / (rho * rad);  // geodetic and geocentric verticals
    const double cthc = ctgd * cd - stgd * sd;                // geocentric colatitude θ_c
    const double sthc = stgd * cd + ctgd * sd;
    const GeocentricField b = synthesis(rad, cthc, std::abs(sthc), lon_deg, c, nmax);
    // Geocentric north, east, down, then rotated into the geodetic frame (the IGRF driver program).
    const double xc = -b.btheta_nt;
    const double zc = -b.br_nt;
    MainField f;
    f.x_nt = xc * cd + zc * sd;
    f.y_nt = b.bphi_nt;
    f.z_nt = zc * cd - xc * sd;
    f.h_nt = std::hypot(f.x_nt, f.y_nt);
    f.f_nt = std::hypot(f.h_nt, f.z_nt);
    f.inclination_deg = std::atan2(f.z_nt, f.h_nt) / deg;
    f.declination_deg = std::atan2(f.y_nt, f.x_nt) / deg;
    return f;
}

MainField igrf_field(double geodetic_lat_deg, double lon_deg, double height_km, double epoch_year, ProblemSink* problems) {
    return igrf_field(geodetic_lat_deg, lon_deg, height_km, igrf_coefficients(epoch_year, problems));
}

double dip_latitude_deg(const MainField& field) {
    if (std::isnan(field.z_nt) || std::isnan(field.h_nt)) {
        return nan;
    }
    return std::atan2(field.z_nt, 2.0 * field.h_nt) / deg;  // tan λ_dip = tan I / 2 = Z / (2H)
}

double dip_latitude_deg(double geodetic_lat_deg, double lon_deg, const IgrfCoefficients& c) {
    return dip_latitude_deg(igrf_field(geodetic_lat_deg, lon_deg, 0.0, c));
}

double dip_latitude_deg(double geodetic_lat_deg, double lon_deg, double epoch_year, ProblemSink* problems) {
    return dip_latitude_deg(geodetic_lat_deg, lon_deg, igrf_coefficients(epoch_year, problems));
}

}  // namespace swx
