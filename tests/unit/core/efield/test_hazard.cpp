#include <swx/core/efield/hazard.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::WithinRel;

namespace {

EarthModelLibrary library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "QUE"));
    lib.add(EarthModel::uniform(1000.0, "PT1"));
    return lib;
}

/// β values by hand (test input): PT1 0.62 / 0.64, RM 0.32 / 0.35.
BetaTable table() { return {{"PT1", {0.62, 0.64, "Piedmont"}}, {"RM", {0.32, 0.35, "Rocky Mountains"}}}; }

/// The NERC TPL-007 α as the geomag header states it (eq. 3, quoted second-hand there, so this checks the
/// formula as documented, not NERC's PDF): α = 0.001·e^(0.115·|L|), L the geomagnetic latitude in degrees,
/// clamped to [0.1, 1] (reached at |L| ≈ 40.0° and 60.1°).
double alpha_tpl007(double l_deg) { return std::clamp(0.001 * std::exp(0.115 * std::abs(l_deg)), 0.1, 1.0); }

/// Two regions over the eastern US: PT1 on 90–80°W, 40–50°N, and a β-only "rm" (no model file) on
/// 110–100°W, 40–50°N. Nothing elsewhere.
Ground two_region_ground(const std::string& fallback = "") {
    return Ground(library(), EarthRegions({rect("P", "PT1", -90, 40, -80, 50), rect("R", "rm", -110, 40, -100, 50)}), fallback,
                  table());
}

}  // namespace

TEST_CASE("NERC hazard: E = E_ref·α·β at a point", "[core][hazard]") {
    const Ground ground = two_region_ground();
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const GeoPoint p{-85.0, 45.0};
    const double l = dipole_latitude_deg(p.lat_deg, p.lon_deg, dipole);
    REQUIRE(l > 40.0);  // inside the sloping part of α, so the exponential (not a clamp) is checked
    REQUIRE(l < 60.0);
    const double alpha = 0.001 * std::exp(0.115 * l);

    SECTION("benchmark: 8 V/km") {
        const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
        const NercHazard hazard(NercEvent::benchmark, ground, betas, dipole);
        const PointHazard h = hazard.at(p);
        CHECK(h.geomagnetic_lat_deg == l);
        CHECK_THAT(h.alpha, WithinRel(alpha, 1e-12));
        CHECK(h.earth_model == "PT1");
        CHECK(h.beta == 0.62);
        CHECK_THAT(h.e_peak_v_per_km, WithinRel(8.0 * alpha * 0.62, 1e-12));
        CHECK_THAT(hazard.e_peak_v_per_km(p), WithinRel(8.0 * alpha * 0.62, 1e-12));
        CHECK(hazard.event() == NercEvent::benchmark);
    }
    SECTION("supplemental: 12 V/km and the supplemental β") {
        const BetaResolver betas(NercEvent::supplemental, ground.library(), table());
        const NercHazard hazard(NercEvent::supplemental, ground, betas, dipole);
        CHECK_THAT(hazard.at(p).e_peak_v_per_km, WithinRel(12.0 * alpha * 0.64, 1e-12));
    }
}

TEST_CASE("NERC hazard: a β-only region gives its table β and its canonical name", "[core][hazard]") {
    const Ground ground = two_region_ground();
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const NercHazard hazard(NercEvent::benchmark, ground, betas, dipole);
    const GeoPoint p{-105.0, 45.0};
    const PointHazard h = hazard.at(p);
    CHECK(h.earth_model == "RM");  // the region says "rm"
    CHECK(h.beta == 0.32);
    CHECK_THAT(h.e_peak_v_per_km, WithinRel(8.0 * alpha_tpl007(h.geomagnetic_lat_deg) * 0.32, 1e-12));
}

TEST_CASE("NERC hazard: α is held at 0.1 and 1 outside 40–60° geomagnetic latitude", "[core][hazard]") {
    const Ground ground(library(), std::nullopt, "PT1", table());  // PT1 everywhere
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const NercHazard hazard(NercEvent::benchmark, ground, betas, dipole);

    const PointHazard low = hazard.at({-80.0, 20.0});  // Caribbean
    REQUIRE(low.geomagnetic_lat_deg < 40.0);
    CHECK(low.alpha == 0.1);
    CHECK_THAT(low.e_peak_v_per_km, WithinRel(8.0 * 0.1 * 0.62, 1e-12));

    const PointHazard high = hazard.at({-90.0, 75.0});  // Canadian Arctic
    REQUIRE(high.geomagnetic_lat_deg > 60.0);
    CHECK(high.alpha == 1.0);
    CHECK_THAT(high.e_peak_v_per_km, WithinRel(8.0 * 0.62, 1e-12));

    const PointHazard south = hazard.at({145.0, -42.0});  // Tasmania: |L| is used in the south too
    REQUIRE(south.geomagnetic_lat_deg < -40.0);
    REQUIRE(south.geomagnetic_lat_deg > -60.0);
    CHECK_THAT(south.alpha, WithinRel(0.001 * std::exp(0.115 * -south.geomagnetic_lat_deg), 1e-12));
}

TEST_CASE("NERC hazard: NaN where the ground is unknown or the point is not a point", "[core][hazard]") {
    const Ground ground = two_region_ground();
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const NercHazard hazard(NercEvent::benchmark, ground, betas, dipole);

    const PointHazard outside = hazard.at({-95.0, 45.0});  // between the two regions
    CHECK(outside.earth_model.empty());
    CHECK(std::isnan(outside.beta));
    CHECK(std::isnan(outside.e_peak_v_per_km));
    CHECK(std::isfinite(outside.geomagnetic_lat_deg));  // latitude and α do not depend on the ground
    CHECK_THAT(outside.alpha, WithinRel(alpha_tpl007(outside.geomagnetic_lat_deg), 1e-12));
    CHECK(std::isnan(hazard.e_peak_v_per_km({-95.0, 45.0})));

    const PointHazard none = hazard.at({});
    CHECK(std::isnan(none.geomagnetic_lat_deg));
    CHECK(std::isnan(none.alpha));
    CHECK(std::isnan(none.e_peak_v_per_km));

    // With a fallback the gap between the regions takes the fallback's β.
    const Ground with_fallback = two_region_ground("QUE");
    const BetaResolver betas2(NercEvent::benchmark, with_fallback.library(), table());
    const NercHazard hazard2(NercEvent::benchmark, with_fallback, betas2, dipole);
    const PointHazard gap = hazard2.at({-95.0, 45.0});
    CHECK(gap.earth_model == "QUE");
    CHECK(gap.beta == 1.0);
    CHECK_THAT(gap.e_peak_v_per_km, WithinRel(8.0 * alpha_tpl007(gap.geomagnetic_lat_deg), 1e-12));
}

TEST_CASE("peak-field map: every cell is the point hazard at its centre", "[core][hazard]") {
    const Ground ground = two_region_ground();
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const NercHazard hazard(NercEvent::benchmark, ground, betas, dipole);
    const GridSpec spec{-115.0, 35.0, -75.0, 55.0, 1.0};  // both regions, the gap and the margins
    const Raster map = peak_field_map(hazard, spec);
    CHECK(map.units == "V/km");
    CHECK(map.band_description.find("nerc-benchmark") != std::string::npos);
    REQUIRE(map.values.size() == spec.width() * spec.height());
    std::size_t with_data = 0;
    for (std::size_t row = 0; row < spec.height(); ++row) {
        for (std::size_t col = 0; col < spec.width(); ++col) {
            const double expected = hazard.at(spec.cell_center(col, row)).e_peak_v_per_km;
            const float got = map.at(col, row);
            INFO("col " << col << " row " << row);
            if (std::isnan(expected)) {
                CHECK(std::isnan(got));
            } else {
                ++with_data;
                CHECK(got == static_cast<float>(expected));
            }
        }
    }
    CHECK(with_data == 2 * 10 * 10);  // two 10° × 10° regions of 1° cells
}
