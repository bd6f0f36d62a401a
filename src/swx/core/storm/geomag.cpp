/// @file geomag.cpp
/// Dipole latitude and NERC scenario factors.
///
/// Design notes. The IGRF is a spherical-harmonic model; its n = 1 terms (g10, g11, h11) describe the
/// best-fitting centred dipole, which is all that "geomagnetic latitude" in the NERC α factor needs
/// (SWERVE computes α from SpacePy MAG, i.e. centred-dipole, coordinates; GEOELECTRIC.md §1.2, §5.3).
/// The coefficients are the project's own transcription of IGRF-14 (datasets/geomag/igrf14_dipole.csv,
/// citing IAGA), compiled in by the build (igrf14_dipole_table.inc) rather than read at run time: no
/// I/O failure mode, and historical storms (1989, 2003) use their own epoch.
/// Time dependence follows the IGRF rule: linear between the 5-yearly epochs, predictive SV after the
/// last main-field epoch. After the model's span (2030) we warn inside a 5-year guard band and throw
/// beyond it (two-level validity, DESIGN.md §3.2); before 1900 there is nothing to extrapolate from.

#include <swx/core/storm/geomag.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>

namespace swx {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double deg = std::numbers::pi / 180.0;

// IGRF-14, IAGA Working Group V-MOD (datasets/geomag/igrf14_dipole.csv, made from igrf14coeffs.txt).
struct DipoleRow {
    double epoch, g10, g11, h11;
};
#include <swx/core/storm/igrf14_dipole_table.inc>

constexpr std::size_t n_rows = sizeof igrf14_dipole_rows / sizeof igrf14_dipole_rows[0];
static_assert(n_rows >= 2, "the IGRF dipole table needs at least two epochs");

// WGS84 first eccentricity squared, e² = f(2 − f), f = 1/298.257223563.
constexpr double wgs84_f = 1.0 / 298.257223563;
constexpr double wgs84_e2 = wgs84_f * (2.0 - wgs84_f);

}  // namespace

DipoleCoefficients dipole_coefficients(double epoch_year, ProblemSink* problems) {
    const ErrorContext ctx{"geomag", "", "", "", "epoch"};
    if (!std::isfinite(epoch_year)) {
        throw ModelRangeError(ctx, "epoch is not a finite decimal year");
    }
    if (epoch_year < igrf_guard_from_year || epoch_year > igrf_guard_to_year) {
        std::ostringstream why;
        why << "epoch " << epoch_year << " is outside the IGRF-14 dipole terms held here (valid "
            << igrf_valid_from_year << "–" << igrf_valid_to_year << ", extrapolated with a warning to "
            << igrf_guard_to_year << ")";
        throw ModelRangeError(ctx, why.str());
    }
    DipoleCoefficients c;
    c.epoch_year = epoch_year;
    const DipoleRow& last = igrf14_dipole_rows[n_rows - 1];
    if (epoch_year < last.epoch) {
        // Linear between the two table epochs around epoch_year.
        std::size_t k = 0;
        while (k + 2 < n_rows && igrf14_dipole_rows[k + 1].epoch <= epoch_year) {
            ++k;
        }
        const DipoleRow& a = igrf14_dipole_rows[k];
        const DipoleRow& b = igrf14_dipole_rows[k + 1];
        const double w = (epoch_year - a.epoch) / (b.epoch - a.epoch);
        c.g10_nt = a.g10 + w * (b.g10 - a.g10);
        c.g11_nt = a.g11 + w * (b.g11 - a.g11);
        c.h11_nt = a.h11 + w * (b.h11 - a.h11);
    } else {
        const double dt = epoch_year - last.epoch;
        c.g10_nt = last.g10 + dt * igrf14_dipole_sv.g10;
        c.g11_nt = last.g11 + dt * igrf14_dipole_sv.g11;
        c.h11_nt = last.h11 + dt * igrf14_dipole_sv.h11;
    }
    c.extrapolated = epoch_year > igrf_valid_to_year;
    if (problems != nullptr) {
        (void)warn_if_extrapolated(epoch_year, *problems);
    }
    return c;
}

bool warn_if_extrapolated(double epoch_year, ProblemSink& problems) {
    if (!(epoch_year > igrf_valid_to_year)) {
        return false;
    }
    std::ostringstream msg;
    msg << "epoch " << epoch_year << " is after the IGRF-14 span " << igrf_valid_from_year << "–" << igrf_valid_to_year
        << "; IGRF coefficients extrapolated linearly with the 2025–2030 secular variation (the dipole pole moves about "
           "0.2° in 5 years)";
    problems.warn("igrf_extrapolated", "", "", msg.str());
    return true;
}

double dipole_strength_nt(const DipoleCoefficients& c) {
    return std::sqrt(c.g10_nt * c.g10_nt + c.g11_nt * c.g11_nt + c.h11_nt * c.h11_nt);
}

DipolePole dipole_pole(const DipoleCoefficients& c) {
    const double b0 = dipole_strength_nt(c);
    // m = −(g11, h11, g10)/B0: colatitude θ0 = acos(−g10/B0), longitude φ0 = atan2(−h11, −g11).
    const double theta0 = std::acos(-c.g10_nt / b0);
    return {90.0 - theta0 / deg, std::atan2(-c.h11_nt, -c.g11_nt) / deg};
}

double geocentric_latitude_deg(double geodetic_lat_deg) {
    if (!std::isfinite(geodetic_lat_deg) || std::abs(geodetic_lat_deg) > 90.0) {
        return nan;
    }
    if (std::abs(geodetic_lat_deg) == 90.0) {
        return geodetic_lat_deg;  // tan is singular at the poles; the poles map to themselves
    }
    return std::atan((1.0 - wgs84_e2) * std::tan(geodetic_lat_deg * deg)) / deg;
}

double dipole_latitude_deg(double geodetic_lat_deg, double lon_deg, const DipoleCoefficients& c) {
    if (!std::isfinite(lon_deg)) {
        return nan;
    }
    const double psi = geocentric_latitude_deg(geodetic_lat_deg);
    if (std::isnan(psi)) {
        return nan;
    }
    const DipolePole pole = dipole_pole(c);
    const double s = std::sin(psi * deg) * std::sin(pole.lat_deg * deg) +
                     std::cos(psi * deg) * std::cos(pole.lat_deg * deg) * std::cos((lon_deg - pole.lon_deg) * deg);
    return std::asin(std::clamp(s, -1.0, 1.0)) / deg;
}

double nerc_alpha(double geomagnetic_lat_deg) {
    if (std::isnan(geomagnetic_lat_deg)) {
        return nan;
    }
    const double lat = std::abs(geomagnetic_lat_deg);
    // TPL-007 eq. 3 (second-hand, GEOELECTRIC.md §1.2). Held at 0.1 at and below 40° and at 1.0 at and
    // above 60°, as NERC's α table has it; the formula gives 0.0995 at 40° and 0.992 at 60°, so there is
    // a 0.8 % step at 60°. Low-latitude effects (equatorial electrojet, sudden commencements) are a
    // known limit: not modelled.
    if (lat <= 40.0) {
        return 0.1;
    }
    if (lat >= 60.0) {
        return 1.0;
    }
    return std::clamp(0.001 * std::exp(0.115 * lat), 0.1, 1.0);
}

double nerc_reference_field_v_per_km(NercEvent event) {
    switch (event) {
    case NercEvent::benchmark: return 8.0;
    case NercEvent::supplemental: return 12.0;
    }
    throw Error("geomag: internal error (bug): unknown NercEvent");
}

double nerc_peak_field_v_per_km(NercEvent event, double alpha, double beta) {
    if (!std::isfinite(alpha) || alpha <= 0.0) {
        throw ConfigError({"geomag", "", "", "", "alpha"}, "alpha must be finite and > 0");
    }
    if (!std::isfinite(beta) || beta <= 0.0) {
        throw ConfigError({"geomag", "", "", "", "beta"}, "beta must be finite and > 0");
    }
    return nerc_reference_field_v_per_km(event) * alpha * beta;
}

NercEvent parse_nerc_event(std::string_view text) {
    if (text == "nerc-benchmark") {
        return NercEvent::benchmark;
    }
    if (text == "nerc-supplemental") {
        return NercEvent::supplemental;
    }
    throw ConfigError({"geomag", "", "", "", "scenario"},
                      "unknown NERC event '" + std::string(text) + "' (expected nerc-benchmark or nerc-supplemental)");
}

std::string to_string(NercEvent event) {
    return event == NercEvent::benchmark ? "nerc-benchmark" : "nerc-supplemental";
}

}  // namespace swx
