// IGRF-14 main-field synthesis (core/storm/igrf.hpp) against independent results: the coefficient file
// IAGA publishes, the IGRF-14 reference software's published test values, the centred-dipole field (an
// analytic solution tied to the project's dipole latitude), and the site table of
// ../shared/reference/lowlat computed by full IGRF-14 synthesis.
#include <catch2/catch.hpp>

#include "support/reference.hpp"
#include "test_paths.hpp"

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/storm/igrf.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double deg = std::numbers::pi / 180.0;

// Splits a CSV line with optional "double-quoted" fields (the site table quotes its names).
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (char ch : line) {
        if (ch == '"') {
            quoted = !quoted;
        } else if (ch == ',' && !quoted) {
            out.push_back(field);
            field.clear();
        } else {
            field += ch;
        }
    }
    out.push_back(field);
    return out;
}

}  // namespace

// Every coefficient of the compiled table (datasets/geomag/igrf14_coeffs.csv) against IAGA's published file
// itself, at every epoch 1900.0 ... 2025.0 to the printed digits, and 2030.0 = 2025.0 + 5 SV (SV to degree 8).
TEST_CASE("IGRF-14 coefficients equal igrf14coeffs.txt at every epoch 1900-2030", "[core][validation]") {
    const auto path = swx::test::reference_dir / "geomag" / "igrf14coeffs.txt";
    if (!swx::test::require_reference(path)) {
        return;
    }
    std::ifstream in(path);
    std::vector<double> epochs;
    std::string line;
    int rows = 0;
    std::vector<swx::IgrfCoefficients> at;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string gh, n_text, m_text;
        words >> gh >> n_text >> m_text;
        std::vector<std::string> rest;
        for (std::string w; words >> w;) {
            rest.push_back(w);
        }
        if (gh == "g/h") {
            REQUIRE(rest.size() == 27);
            for (std::size_t i = 0; i + 1 < rest.size(); ++i) {
                epochs.push_back(std::stod(rest[i]));
                at.push_back(swx::igrf_coefficients(epochs.back()));
            }
            at.push_back(swx::igrf_coefficients(2030.0));
            continue;
        }
        if (gh != "g" && gh != "h") {
            continue;
        }
        REQUIRE(rest.size() == 27);
        const auto n = static_cast<std::size_t>(std::stoi(n_text));
        const auto m = static_cast<std::size_t>(std::stoi(m_text));
        ++rows;
        for (std::size_t i = 0; i < 26; ++i) {
            INFO(gh << "(" << n << "," << m << ") at " << epochs[i]);
            CHECK((gh == "g" ? at[i].g : at[i].h)[n][m] == Approx(std::stod(rest[i])).epsilon(0).margin(1e-9));
        }
        INFO(gh << "(" << n << "," << m << ") at 2030.0");
        const double expected_2030 = std::stod(rest[25]) + 5.0 * std::stod(rest[26]);
        CHECK((gh == "g" ? at[26].g : at[26].h)[n][m] == Approx(expected_2030).epsilon(0).margin(1e-9));
    }
    CHECK(rows == 195);
}

// The degree-1 rows of the full table are the dipole table's (two data files from one source).
TEST_CASE("IGRF-14 degree-1 coefficients equal the dipole table at every epoch", "[core]") {
    for (double epoch = 1900.0; epoch <= 2035.0; epoch += 2.5) {
        INFO("epoch " << epoch);
        const auto full = swx::igrf_coefficients(epoch);
        const auto dip = swx::dipole_coefficients(epoch);
        CHECK(full.g[1][0] == Approx(dip.g10_nt).epsilon(0).margin(1e-9));
        CHECK(full.g[1][1] == Approx(dip.g11_nt).epsilon(0).margin(1e-9));
        CHECK(full.h[1][1] == Approx(dip.h11_nt).epsilon(0).margin(1e-9));
        CHECK(full.extrapolated == dip.extrapolated);
    }
}

// Time rule (IGRF): linear between epochs; 2025.0 + SV after; SV only to degree 8.
TEST_CASE("IGRF-14 coefficients between epochs and after 2025", "[core]") {
    const auto a = swx::igrf_coefficients(1985.0);
    const auto b = swx::igrf_coefficients(1990.0);
    const auto mid = swx::igrf_coefficients(1987.5);
    CHECK(mid.g[2][0] == Approx(0.5 * (a.g[2][0] + b.g[2][0])).epsilon(0).margin(1e-9));
    CHECK(mid.h[10][10] == Approx(0.5 * (a.h[10][10] + b.h[10][10])).epsilon(0).margin(1e-9));
    const auto c25 = swx::igrf_coefficients(2025.0);
    const auto c30 = swx::igrf_coefficients(2030.0);
    // igrf14coeffs.txt: g(1,0) 2025.0 = -29350.0, SV 12.6 nT/yr; g(9,0) 2025.0 = 4.7, no SV above degree 8.
    CHECK(c25.g[1][0] == Approx(-29350.0).epsilon(0).margin(1e-9));
    CHECK(c30.g[1][0] == Approx(-29350.0 + 5 * 12.6).epsilon(0).margin(1e-9));
    CHECK(c30.g[9][0] == Approx(4.7).epsilon(0).margin(1e-9));
    CHECK(c30.g[9][0] == c25.g[9][0]);
    CHECK(c25.h[3][0] == 0.0);
}

TEST_CASE("IGRF-14 epoch range and guard band as dipole_coefficients", "[core]") {
    CHECK_THROWS_AS(swx::igrf_coefficients(1899.99), swx::ModelRangeError);
    CHECK_THROWS_AS(swx::igrf_coefficients(2035.01), swx::ModelRangeError);
    CHECK_THROWS_AS(swx::igrf_coefficients(std::nan("")), swx::ModelRangeError);
    CHECK_THROWS_WITH(swx::igrf_field(10.0, 20.0, 0.0, 1850.0), Catch::Contains("1900–2030"));
    CHECK_THROWS_AS(swx::dip_latitude_deg(10.0, 20.0, 2040.0), swx::ModelRangeError);
    swx::ProblemSink sink;
    const auto c = swx::igrf_coefficients(2030.0, &sink);
    CHECK_FALSE(c.extrapolated);
    CHECK(sink.problems().empty());
    const auto f = swx::igrf_field(10.0, 20.0, 0.0, 2033.0, &sink);
    CHECK(std::isfinite(f.f_nt));
    REQUIRE(sink.problems().size() == 1);
    CHECK(sink.problems()[0].code == "igrf_extrapolated");
    CHECK(swx::igrf_coefficients(2033.0).extrapolated);
}

TEST_CASE("IGRF field: NaN and out-of-range input give NaN fields, poles are finite", "[core]") {
    const auto c = swx::igrf_coefficients(2025.0);
    for (const auto& f : {swx::igrf_field(std::nan(""), 0.0, 0.0, c), swx::igrf_field(90.5, 0.0, 0.0, c),
                          swx::igrf_field(-91.0, 0.0, 0.0, c), swx::igrf_field(10.0, INFINITY, 0.0, c),
                          swx::igrf_field(10.0, 0.0, std::nan(""), c)}) {
        CHECK(std::isnan(f.x_nt));
        CHECK(std::isnan(f.y_nt));
        CHECK(std::isnan(f.z_nt));
        CHECK(std::isnan(f.h_nt));
        CHECK(std::isnan(f.f_nt));
        CHECK(std::isnan(f.inclination_deg));
        CHECK(std::isnan(f.declination_deg));
        CHECK(std::isnan(swx::dip_latitude_deg(f)));
    }
    CHECK(std::isnan(swx::dip_latitude_deg(std::nan(""), 10.0, c)));
    CHECK(std::isnan(swx::igrf_field_geocentric(6371.2, 181.0, 0.0, c).br_nt));
    // At the geographic poles the field is finite and continuous with a point 1e-6° away (same longitude,
    // so the same local north).
    for (double lat : {90.0, -90.0}) {
        const auto pole = swx::igrf_field(lat, 30.0, 0.0, c);
        const auto near = swx::igrf_field(lat - std::copysign(1e-6, lat), 30.0, 0.0, c);
        INFO("lat " << lat);
        CHECK(std::isfinite(pole.f_nt));
        CHECK(pole.x_nt == Approx(near.x_nt).epsilon(0).margin(0.01));
        CHECK(pole.y_nt == Approx(near.y_nt).epsilon(0).margin(0.01));
        CHECK(pole.z_nt == Approx(near.z_nt).epsilon(0).margin(0.01));
    }
    // Longitude in any range.
    const auto a = swx::igrf_field(26.6, 106.7, 0.0, c);
    const auto b = swx::igrf_field(26.6, 106.7 - 360.0, 0.0, c);
    CHECK(a.z_nt == Approx(b.z_nt).epsilon(0).margin(1e-6));
    CHECK(a.declination_deg == Approx(b.declination_deg).epsilon(0).margin(1e-9));
}

// Published test values of the IGRF-14 reference software (C. Beggan, British Geological Survey: pyIGRF
// tests/tests_igrf14.py, github.com/ciaranbe/pyIGRF): geocentric X (north), Y (east), Z (down) in nT at
// (epoch, colatitude, longitude, radius), printed to 0.01 nT. The nine cases 1900-2020 are those the file
// says were "checked independently against igrf.f and D. Kerridge Jupyter Notebook implementation"; we
// reproduce them to 0.01 nT (the printed rounding). The tenth (2025, added later, not in that check; the
// file's own tolerance is 1 %) differs from our synthesis of the released coefficients by 0.08 nT: checked
// to 0.1 nT.
TEST_CASE("IGRF-14 synthesis reproduces the reference software's published test values", "[core][validation]") {
    struct Case {
        double epoch, colat_deg, lon_deg, radius_km, x, y, z, tolerance_nt;
    };
    const Case cases[] = {
        {1900, 175, -150, 6300, -5072.93, 10620.34, -67233.55, 0.01}, {1915, 155, -120, 6350, 14692.62, 12387.97, -59640.81, 0.01},
        {1930, 135, -90, 6400, 23925.47, 10358.94, -30640.98, 0.01},  {1945, 115, -60, 6450, 23642.86, -200.29, -7607.92, 0.01},
        {1960, 95, -30, 6500, 23647.00, -9302.27, -3610.73, 0.01},    {1975, 75, 0, 6550, 30050.59, -3367.82, 6332.69, 0.01},
        {1990, 55, 30, 6600, 25224.81, 1058.25, 30965.61, 0.01},      {2005, 35, 60, 6650, 14718.37, 2842.99, 46050.88, 0.01},
        {2020, 15, 90, 6700, 3734.07, 1294.17, 50833.13, 0.01},       {2025, 90, 45, 6900, 25587.26, -826.43, -7422.32, 0.1},
    };
    for (const Case& t : cases) {
        INFO("epoch " << t.epoch << " colatitude " << t.colat_deg << " lon " << t.lon_deg << " r " << t.radius_km);
        const auto b = swx::igrf_field_geocentric(t.radius_km, t.colat_deg, t.lon_deg, swx::igrf_coefficients(t.epoch));
        // Margins only (epsilon 0): a relative tolerance would allow 0.3 nT at 25,000 nT.
        CHECK(-b.btheta_nt == Approx(t.x).epsilon(0).margin(t.tolerance_nt + 1e-9));
        CHECK(b.bphi_nt == Approx(t.y).epsilon(0).margin(t.tolerance_nt + 1e-9));
        CHECK(-b.br_nt == Approx(t.z).epsilon(0).margin(t.tolerance_nt + 1e-9));
    }
}

// Analytic: the degree-1 synthesis is the centred-dipole field, |B| = B0 (a/r)^3 sqrt(1 + 3 sin² λm) and
// tan I = 2 tan λm, with λm the dipole latitude of geomag.hpp (so this ties the synthesis to
// dipole_latitude_deg), at points on the reference sphere and above it.
TEST_CASE("IGRF degree-1 synthesis is the centred-dipole field of the dipole latitude", "[core][validation]") {
    for (double epoch : {1900.0, 1989.2, 2025.0, 2030.0}) {
        const auto c = swx::igrf_coefficients(epoch);
        const auto dc = swx::dipole_coefficients(epoch);
        const double b0 = swx::dipole_strength_nt(dc);
        for (double lat = -89.0; lat <= 89.0; lat += 11.0) {
            for (double lon = -180.0; lon < 180.0; lon += 37.0) {
                for (double r : {swx::igrf_reference_radius_km, 7000.0}) {
                    const double psi = swx::geocentric_latitude_deg(lat);
                    const double lam = swx::dipole_latitude_deg(lat, lon, dc) * deg;
                    const auto b = swx::igrf_field_geocentric(r, 90.0 - psi, lon, c, 1);
                    const double f = std::sqrt(b.br_nt * b.br_nt + b.btheta_nt * b.btheta_nt + b.bphi_nt * b.bphi_nt);
                    const double h = std::hypot(b.btheta_nt, b.bphi_nt);
                    const double ratio = swx::igrf_reference_radius_km / r;
                    INFO("epoch " << epoch << " lat " << lat << " lon " << lon << " r " << r);
                    CHECK(f == Approx(b0 * ratio * ratio * ratio * std::sqrt(1.0 + 3.0 * std::sin(lam) * std::sin(lam))).epsilon(0).margin(1e-6));
                    // tan I = 2 tan λm, as the angle: I = atan(2 tan λm), to 1e-9 degrees.
                    CHECK(std::atan2(-b.br_nt, h) / deg == Approx(std::atan(2.0 * std::tan(lam)) / deg).epsilon(0).margin(1e-9));
                }
            }
        }
    }
}

// Huancayo (HUA, −12.04°, −75.32°) is the classic dip-equator observatory: the dip equator crosses the
// Andes there. The site table of ../shared/reference/lowlat gives inclination −0.25° for 2015.2; without
// that folder we check the published fact itself: the dip equator at HUA's longitude lies within 0.5° of
// latitude of the observatory.
TEST_CASE("IGRF dip equator passes Huancayo", "[core][validation]") {
    const auto c = swx::igrf_coefficients(2015.2);
    const double at_hua = swx::dip_latitude_deg(-12.04, -75.32, c);
    CHECK(std::abs(at_hua) < 0.5);
    // Bisection for the dip equator along HUA's meridian between 20° S and the geographic equator.
    double lo = -20.0, hi = 0.0;
    REQUIRE(swx::dip_latitude_deg(lo, -75.32, c) < 0.0);
    REQUIRE(swx::dip_latitude_deg(hi, -75.32, c) > 0.0);
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (swx::dip_latitude_deg(mid, -75.32, c) < 0.0 ? lo : hi) = mid;
    }
    CHECK(std::abs(lo - -12.04) < 0.5);
}

// Dip latitude follows the local inclination of the whole field, dipole latitude only the n = 1 part: they
// agree within a few degrees where the field is close to a dipole, not everywhere. Fast checks: at the eight
// observatories of the dipole-latitude check (North America, Europe) within 8° (computed 1.0° at FRD ...
// 7.1° at STJ); over the globe, wherever |dipole latitude| is 40-80°, the same hemisphere and within 30°
// (computed up to 18.5° in the north, over Siberia, and 28.6° in the south, near the southern dip pole).
TEST_CASE("IGRF dip latitude and dipole latitude agree within a few degrees at high latitude", "[core]") {
    const auto c = swx::igrf_coefficients(2025.0);
    const auto dc = swx::dipole_coefficients(2025.0);
    struct Site {
        double lat, lon;
    };
    for (const Site& s : {Site{38.20, 282.63}, Site{45.40, 284.45}, Site{40.14, 254.76}, Site{55.32, 356.80},
                          Site{60.51, 24.66}, Site{54.62, 246.65}, Site{47.60, 307.32}, Site{64.32, 263.99}}) {
        INFO("observatory at " << s.lat << ", " << s.lon);
        CHECK(std::abs(swx::dip_latitude_deg(s.lat, s.lon, c) - swx::dipole_latitude_deg(s.lat, s.lon, dc)) < 8.0);
    }
    double worst = 0.0;
    int n = 0;
    for (double lat = -89.0; lat <= 89.0; lat += 2.0) {
        for (double lon = -180.0; lon < 180.0; lon += 6.0) {
            const double dipole = swx::dipole_latitude_deg(lat, lon, dc);
            if (std::abs(dipole) < 40.0 || std::abs(dipole) > 80.0) {
                continue;
            }
            const double dip = swx::dip_latitude_deg(lat, lon, c);
            INFO("at " << lat << ", " << lon);
            CHECK(dip * dipole > 0.0);
            worst = std::max(worst, std::abs(dip - dipole));
            ++n;
        }
    }
    CHECK(n > 1000);
    CHECK(worst < 30.0);
    WARN("max |dip - dipole latitude| where |dipole latitude| is 40-80 deg, 2025.0: " << worst << " deg (" << n << " points)");
}

// The site table of ../shared/reference/lowlat (inclination, dip latitude and H of 19 sites at each site's
// epoch, computed there by full IGRF-14 synthesis at the ground, printed to 0.01° and 1 nT): within 0.05°
// and 5 nT (computed: 0.005°, 0.005° and 0.44 nT, i.e. the printed rounding). Skipped visibly without the
// reference folder.
TEST_CASE("IGRF inclination, dip latitude and H of the low-latitude site table", "[core][validation]") {
    const auto path = swx::test::reference_dir / "lowlat" / "site_latitudes_check.csv";
    if (!swx::test::require_reference(path)) {
        return;
    }
    std::ifstream in(path);
    std::string line;
    REQUIRE(std::getline(in, line));
    const auto head = split_csv(line);
    const auto col = [&](const std::string& name) {
        const auto it = std::find(head.begin(), head.end(), name);
        REQUIRE(it != head.end());
        return static_cast<std::size_t>(it - head.begin());
    };
    const std::size_t i_site = col("site"), i_lat = col("geodetic_lat"), i_lon = col("lon_E"), i_epoch = col("epoch"),
                      i_inc = col("inclination_deg"), i_dip = col("dip_lat_deg"), i_h = col("H_nT");
    double worst_inc = 0.0, worst_dip = 0.0, worst_h = 0.0;
    int rows = 0;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const auto f = split_csv(line);
        REQUIRE(f.size() == head.size());
        const double lat = std::stod(f[i_lat]), lon = std::stod(f[i_lon]), epoch = std::stod(f[i_epoch]);
        const auto b = swx::igrf_field(lat, lon, 0.0, epoch);
        const double dip = swx::dip_latitude_deg(lat, lon, epoch);
        INFO(f[i_site] << " (" << lat << ", " << lon << ") at " << epoch);
        CHECK(b.inclination_deg == Approx(std::stod(f[i_inc])).epsilon(0).margin(0.05));
        CHECK(dip == Approx(std::stod(f[i_dip])).epsilon(0).margin(0.05));
        CHECK(b.h_nt == Approx(std::stod(f[i_h])).epsilon(0).margin(5.0));
        CHECK(dip == Approx(swx::dip_latitude_deg(b)).epsilon(0).margin(1e-12));
        worst_inc = std::max(worst_inc, std::abs(b.inclination_deg - std::stod(f[i_inc])));
        worst_dip = std::max(worst_dip, std::abs(dip - std::stod(f[i_dip])));
        worst_h = std::max(worst_h, std::abs(b.h_nt - std::stod(f[i_h])));
        ++rows;
    }
    CHECK(rows == 19);
    WARN("site_latitudes_check.csv, " << rows << " sites: max |dI| " << worst_inc << " deg, max |d dip lat| " << worst_dip
                                      << " deg, max |dH| " << worst_h << " nT");
}
