// Dipole latitude, IGRF epochs, NERC α and scenarios.
// Validation figures: GEOELECTRIC.md §5.2 and geomag/dipole_latitude_check.csv (pole and observatory
// dipole latitudes for IGRF-14 2025.0, derived with the Laundal & Richmond 2017 formulas).

#include <swx/core/base/error.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/base/problems.hpp>

#include <test_paths.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
        out.push_back(cell);
    }
    return out;
}

}  // namespace

TEST_CASE("IGRF-14 2025.0 dipole pole and strength", "[core][validation]") {
    const auto c = swx::dipole_coefficients(2025.0);
    CHECK_FALSE(c.extrapolated);
    CHECK(c.g10_nt == -29350.0);
    CHECK(swx::dipole_strength_nt(c) == Approx(29733.37).margin(0.01));
    const auto pole = swx::dipole_pole(c);
    CHECK(pole.lat_deg == Approx(80.789).margin(0.005));
    CHECK(pole.lon_deg == Approx(-72.763).margin(0.005));
}

TEST_CASE("DGRF 2020.0 and SV 2030 dipole poles", "[core][validation]") {
    const auto p2020 = swx::dipole_pole(swx::dipole_coefficients(2020.0));
    CHECK(p2020.lat_deg == Approx(80.587).margin(0.005));
    CHECK(p2020.lon_deg == Approx(-72.677).margin(0.005));
    const auto p2030 = swx::dipole_pole(swx::dipole_coefficients(2030.0));
    CHECK(p2030.lat_deg == Approx(80.994).margin(0.005));
    CHECK(p2030.lon_deg == Approx(-72.959).margin(0.005));
}

TEST_CASE("dipole coefficients interpolate between DGRF 2020 and IGRF 2025", "[core]") {
    const auto c = swx::dipole_coefficients(2022.5);
    CHECK(c.g10_nt == Approx((-29403.41 + -29350.0) / 2).margin(1e-9));
    CHECK(c.g11_nt == Approx((-1451.37 + -1410.3) / 2).margin(1e-9));
    CHECK(c.h11_nt == Approx((4653.35 + 4545.5) / 2).margin(1e-9));
    const auto s = swx::dipole_coefficients(2027.0);
    CHECK(s.g10_nt == Approx(-29350.0 + 2 * 12.6).margin(1e-9));
    CHECK(s.h11_nt == Approx(4545.5 - 2 * 21.5).margin(1e-9));
}

TEST_CASE("dipole coefficients: guard band warns, beyond it throws", "[core]") {
    swx::ProblemSink sink;
    const auto c = swx::dipole_coefficients(2032.0, &sink);
    CHECK(c.extrapolated);
    CHECK(c.g10_nt == Approx(-29350.0 + 7 * 12.6));
    REQUIRE(sink.count(swx::Severity::warning) == 1);
    CHECK(sink.problems()[0].code == "igrf_extrapolated");
    CHECK(swx::dipole_coefficients(2017.0).extrapolated);
    CHECK_FALSE(swx::dipole_coefficients(2030.0, &sink).extrapolated);
    CHECK(sink.problems().size() == 1);
    CHECK_THROWS_AS(swx::dipole_coefficients(2014.9), swx::ModelRangeError);
    CHECK_THROWS_AS(swx::dipole_coefficients(2035.1), swx::ModelRangeError);
    CHECK_THROWS_AS(swx::dipole_coefficients(std::nan("")), swx::ModelRangeError);
    CHECK_THROWS_WITH(swx::dipole_coefficients(1989.2), Catch::Contains("outside the IGRF-14"));
}

TEST_CASE("geocentric latitude on WGS84", "[core]") {
    CHECK(swx::geocentric_latitude_deg(38.2) == Approx(38.013).margin(0.001));
    CHECK(swx::geocentric_latitude_deg(0.0) == 0.0);
    CHECK(swx::geocentric_latitude_deg(90.0) == 90.0);
    CHECK(swx::geocentric_latitude_deg(-90.0) == -90.0);
    CHECK(swx::geocentric_latitude_deg(-45.0) == Approx(-swx::geocentric_latitude_deg(45.0)));
    CHECK(std::isnan(swx::geocentric_latitude_deg(91.0)));
}

TEST_CASE("dipole latitude reproduces the observatory check table", "[core][validation]") {
    const auto path = swx::test::reference_dir / "geomag" / "dipole_latitude_check.csv";
    if (!std::filesystem::exists(path)) {
        WARN("SKIPPED: reference file not found: " << path.string());
        return;
    }
    std::ifstream in(path);
    std::string line;
    REQUIRE(std::getline(in, line));
    const auto header = split_csv(line);
    const auto col = [&](const std::string& name) {
        const auto it = std::find(header.begin(), header.end(), name);
        REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    const auto i_code = col("iaga");
    const auto i_lat = col("geodetic_lat_deg");
    const auto i_lon = col("lon_deg_E");
    const auto i_geoc = col("geocentric_lat_deg");
    const auto i_dip = col("dipole_lat_deg");
    const auto i_alpha = col("alpha_clamped_0.1_1.0");
    const auto c = swx::dipole_coefficients(2025.0);
    int rows = 0;
    double max_err = 0.0;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const auto f = split_csv(line);
        INFO("observatory " << f[i_code]);
        const double lat = std::stod(f[i_lat]);
        const double lon = std::stod(f[i_lon]);
        CHECK(swx::geocentric_latitude_deg(lat) == Approx(std::stod(f[i_geoc])).margin(0.001));
        const double dip = swx::dipole_latitude_deg(lat, lon, c);
        CHECK(dip == Approx(std::stod(f[i_dip])).margin(0.01));
        // Longitude given as degrees east 0..360 or as −180..180 must not matter.
        CHECK(swx::dipole_latitude_deg(lat, lon - 360.0, c) == Approx(dip).margin(1e-9));
        CHECK(swx::nerc_alpha(dip) == Approx(std::stod(f[i_alpha])).margin(0.0006));  // table α is rounded to 3 decimals
        max_err = std::max(max_err, std::abs(dip - std::stod(f[i_dip])));
        ++rows;
    }
    CHECK(rows == 8);
    INFO("max |dipole latitude error| = " << max_err << " deg");
    CHECK(max_err < 0.01);
}

TEST_CASE("dipole latitude edge cases", "[core]") {
    const auto c = swx::dipole_coefficients(2025.0);
    const auto pole = swx::dipole_pole(c);
    // At the dipole pole itself (geocentric latitude given as geodetic: convert back first).
    const double geodetic_pole =
        std::atan(std::tan(pole.lat_deg * std::numbers::pi / 180.0) / (1.0 - 6.69437999014e-3)) * 180.0 / std::numbers::pi;
    CHECK(swx::dipole_latitude_deg(geodetic_pole, pole.lon_deg, c) == Approx(90.0).margin(1e-6));
    CHECK(swx::dipole_latitude_deg(-geodetic_pole, pole.lon_deg + 180.0, c) == Approx(-90.0).margin(1e-6));
    CHECK(swx::dipole_latitude_deg(90.0, 0.0, c) == Approx(pole.lat_deg).margin(1e-9));
    CHECK(std::isnan(swx::dipole_latitude_deg(std::nan(""), 0.0, c)));
    CHECK(std::isnan(swx::dipole_latitude_deg(10.0, INFINITY, c)));
    CHECK(std::isnan(swx::dipole_latitude_deg(95.0, 0.0, c)));
}

TEST_CASE("NERC alpha: formula, clamps, hemispheric symmetry", "[core][validation]") {
    CHECK(swx::nerc_alpha(45.0) == Approx(0.177).margin(0.0005));
    CHECK(swx::nerc_alpha(50.0) == Approx(0.314).margin(0.0005));
    CHECK(swx::nerc_alpha(55.0) == Approx(0.558).margin(0.0005));
    CHECK(swx::nerc_alpha(0.0) == 0.1);
    CHECK(swx::nerc_alpha(40.0) == 0.1);
    CHECK(swx::nerc_alpha(30.0) == 0.1);
    CHECK(swx::nerc_alpha(60.0) == 1.0);
    CHECK(swx::nerc_alpha(75.0) == 1.0);
    CHECK(swx::nerc_alpha(90.0) == 1.0);
    CHECK(swx::nerc_alpha(-45.0) == swx::nerc_alpha(45.0));
    CHECK(swx::nerc_alpha(-70.0) == 1.0);
    CHECK(swx::nerc_alpha(-10.0) == 0.1);
    CHECK(std::isnan(swx::nerc_alpha(std::nan(""))));
    // Monotone between the clamps.
    double prev = 0.0;
    for (double lat = 0.0; lat <= 90.0; lat += 0.5) {
        const double a = swx::nerc_alpha(lat);
        CHECK(a >= prev);
        prev = a;
    }
}

TEST_CASE("NERC scenarios", "[core]") {
    using swx::NercEvent;
    CHECK(swx::nerc_reference_field_v_per_km(NercEvent::benchmark) == 8.0);
    CHECK(swx::nerc_reference_field_v_per_km(NercEvent::supplemental) == 12.0);
    CHECK(swx::nerc_peak_field_v_per_km(NercEvent::benchmark, 1.0, 1.0) == 8.0);
    CHECK(swx::nerc_peak_field_v_per_km(NercEvent::supplemental, 0.5, 0.81) == Approx(12.0 * 0.5 * 0.81));
    CHECK_THROWS_AS(swx::nerc_peak_field_v_per_km(NercEvent::benchmark, -0.1, 1.0), swx::ConfigError);
    CHECK_THROWS_AS(swx::nerc_peak_field_v_per_km(NercEvent::benchmark, 0.5, std::nan("")), swx::ConfigError);
    CHECK(swx::parse_nerc_event("nerc-benchmark") == NercEvent::benchmark);
    CHECK(swx::parse_nerc_event("nerc-supplemental") == NercEvent::supplemental);
    CHECK(swx::to_string(NercEvent::supplemental) == "nerc-supplemental");
    CHECK_THROWS_AS(swx::parse_nerc_event("benchmark"), swx::ConfigError);
    CHECK_THROWS_WITH(swx::parse_nerc_event("NERC-Benchmark"), Catch::Contains("nerc-supplemental"));
}
