#include <swx/core/base/error.hpp>
#include <swx/core/exposure/exposure.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace swx;

TEST_CASE("exposure index: bounded and monotone on generated sites", "[core][exposure][property]") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> e(0.0, 30.0), i(0.0, 2000.0), w(0.0, 3.0);
    std::uniform_int_distribution<std::size_t> n(1, 6);
    for (int trial = 0; trial < 2000; ++trial) {
        ExposureParameters p;
        p.weight_hazard = w(rng);
        p.weight_grid = w(rng) + 0.01;
        p.e0_v_per_km = 0.1 + w(rng);
        p.i0_a = 1.0 + 100.0 * w(rng);
        p.redundancy_exponent = w(rng);
        p.validate();
        const double e1 = e(rng), e2 = e1 + e(rng) * 0.1;
        const double i1 = i(rng), i2 = i1 + i(rng) * 0.1;
        const std::size_t n1 = n(rng), n2 = n1 + n(rng);
        const double x = exposure_index(e1, i1, n1, p);
        INFO("trial " << trial);
        CHECK(x >= 0.0);
        CHECK(x <= 100.0);
        CHECK(exposure_index(e2, i1, n1, p) >= x);  // non-decreasing in E
        CHECK(exposure_index(e1, i2, n1, p) >= x);  // non-decreasing in I
        CHECK(exposure_index(e1, i1, n2, p) <= x);  // non-increasing in n
        const double hazard_only = exposure_index(e1, std::nan(""), 0, p);
        CHECK(hazard_only >= 0.0);
        CHECK(hazard_only <= 100.0);
        CHECK(exposure_index(e2, std::nan(""), 0, p) >= hazard_only);
    }
}

TEST_CASE("exposure index: reference values and classes", "[core][exposure]") {
    const ExposureParameters p;  // E0 2 V/km, I0 75 A, gamma 0.5, equal weights
    // hazard-only: 100·(1 − e^{−E/2})
    CHECK(exposure_index(2.0, std::nan(""), 0, p) == Approx(100.0 * (1.0 - std::exp(-1.0))));
    // at the TPL-007 threshold with one supply the grid term is 0.5: X = 100·h·(1 + 0.5)/2
    CHECK(exposure_index(2.0, 75.0, 1, p) == Approx(100.0 * (1.0 - std::exp(-1.0)) * 0.75));
    CHECK(exposure_index(2.0, 75.0, 4, p) == Approx(100.0 * (1.0 - std::exp(-1.0)) * 0.625));  // γ = 0.5: g = 0.25
    CHECK(exposure_index(0.0, 1000.0, 1, p) == 0.0);  // no field, no exposure, whatever the grid
    // the hazard-only form bounds every grid form at the same field (unknown supply = worst coupling)
    CHECK(exposure_index(3.0, 1e9, 1, p) <= exposure_index(3.0, std::nan(""), 0, p));
    CHECK(std::isnan(exposure_index(std::nan(""), 10.0, 1, p)));
    CHECK(exposure_class(0.0) == ExposureClass::low);
    CHECK(exposure_class(24.99) == ExposureClass::low);
    CHECK(exposure_class(25.0) == ExposureClass::moderate);
    CHECK(exposure_class(50.0) == ExposureClass::high);
    CHECK(exposure_class(75.0) == ExposureClass::severe);
    CHECK(to_string(ExposureClass::severe) == "severe");
}

TEST_CASE("ranking: highest index first, ties by criticality, unknown last", "[core][exposure]") {
    const std::vector<double> idx{10.0, 80.0, std::nan(""), 80.0, 45.0};
    const std::vector<double> crit{1.0, 1.0, 5.0, 2.0, 1.0};
    const auto rank = rank_sites(idx, crit);
    CHECK(rank == std::vector<std::size_t>{4, 2, 5, 1, 3});
}

TEST_CASE("exposure parameters are validated", "[core][exposure][errors]") {
    ExposureParameters p;
    p.i0_a = 0.0;
    CHECK_THROWS_WITH(p.validate(), Catch::Contains("i0_a") && Catch::Contains("> 0"));
    p = {};
    p.weight_hazard = -1.0;
    CHECK_THROWS_AS(p.validate(), ConfigError);
    p = {};
    p.weight_hazard = 0.0;
    p.weight_grid = 0.0;
    CHECK_THROWS_AS(p.validate(), ConfigError);
}
