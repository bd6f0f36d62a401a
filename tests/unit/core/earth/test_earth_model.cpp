#include <swx/core/earth/earth_model.hpp>
#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

namespace {

using cplx = std::complex<double>;

/// Textbook recursion with complex sqrt/exp and no depth cut-off: an independent check of the
/// optimised implementation.
cplx naive_impedance(const swx::EarthModel& m, double f) {
    const double w = 2.0 * std::numbers::pi * f;
    const cplx iwm(0.0, w * swx::mu0_h_per_m);
    cplx z = iwm / std::sqrt(iwm / m.half_space_resistivity_ohm_m());
    for (auto it = m.layers().rbegin(); it != m.layers().rend(); ++it) {
        const cplx k = std::sqrt(iwm / it->resistivity_ohm_m);
        const cplx r = (1.0 - k * z / iwm) / (1.0 + k * z / iwm);
        const cplx e = std::exp(-2.0 * k * it->thickness_m);
        z = iwm * (1.0 - r * e) / (k * (1.0 + r * e));
    }
    return z;
}

swx::EarthModel many_layers() {
    // A QUE-like resistive crust over conductive mantle with a thin conductor: contrasts of 1e6.
    return swx::EarthModel("synthetic",
                           {{3.0, 100.0}, {5000.0, 20000.0}, {200.0, 0.3}, {20000.0, 50000.0}, {150000.0, 100.0},
                            {200000.0, 10.0}, {230000.0, 0.9}},
                           0.5);
}

}  // namespace

TEST_CASE("uniform half-space matches the closed form Z = sqrt(ωμ0ρ)·e^{iπ/4}", "[core]") {
    for (const double rho : {1.0, 10.0, 100.0, 1000.0, 1e5}) {
        const auto model = swx::EarthModel::uniform(rho);
        for (const double f : {1e-6, 1e-3, 0.1, 10.0}) {
            const cplx z = model.impedance_ohm(f);
            const double expected = std::sqrt(2.0 * std::numbers::pi * f * swx::mu0_h_per_m * rho);
            CHECK(std::abs(z) == Approx(expected).epsilon(1e-13));
            CHECK(model.phase_deg(f) == Approx(45.0).margin(1e-10));
            CHECK(model.apparent_resistivity_ohm_m(f) == Approx(rho).epsilon(1e-12));
        }
    }
    // GEOELECTRIC.md §3.4: ρ = 100 Ω·m, T = 100 s -> |K| = 2.23607 mV/km/nT.
    CHECK(std::abs(swx::EarthModel::uniform(100.0).transfer_mv_per_km_per_nt(0.01)) == Approx(2.23607).epsilon(1e-5));
}

TEST_CASE("impedance at zero frequency is zero, invalid frequencies throw ModelRangeError", "[core]") {
    const auto model = many_layers();
    CHECK(model.impedance_ohm(0.0) == cplx(0.0, 0.0));
    CHECK_THROWS_AS(model.impedance_ohm(-1.0), swx::ModelRangeError);
    CHECK_THROWS_AS(model.impedance_ohm(std::numeric_limits<double>::quiet_NaN()), swx::ModelRangeError);
    CHECK_THROWS_AS(model.apparent_resistivity_ohm_m(0.0), swx::ModelRangeError);
    CHECK_THROWS_AS(model.phase_deg(std::numeric_limits<double>::infinity()), swx::ModelRangeError);
}

TEST_CASE("optimised recursion agrees with the textbook recursion", "[core]") {
    const auto model = many_layers();
    double worst = 0.0;
    for (double f = 1e-6; f <= 10.0; f *= 1.3) {
        const cplx fast = model.impedance_ohm(f);
        const cplx slow = naive_impedance(model, f);
        worst = std::max(worst, std::abs(fast - slow) / std::abs(slow));
        CHECK(std::isfinite(fast.real()));
        CHECK(model.phase_deg(f) > 0.0);
        CHECK(model.phase_deg(f) < 90.0);
    }
    INFO("worst relative difference " << worst);
    CHECK(worst < 1e-12);
}

TEST_CASE("layers equal to the half-space do not change the impedance", "[core]") {
    const swx::EarthModel layered("same", {{1000.0, 50.0}, {20000.0, 50.0}}, 50.0);
    const auto uniform = swx::EarthModel::uniform(50.0);
    for (const double f : {1e-5, 1e-2, 1.0}) {
        CHECK(std::abs(layered.impedance_ohm(f) - uniform.impedance_ohm(f)) < 1e-13 * std::abs(uniform.impedance_ohm(f)));
    }
}

TEST_CASE("very thick or conductive layers do not overflow", "[core]") {
    const swx::EarthModel sea("sea", {{5000.0, 0.25}, {1e6, 1e-3}, {1e6, 1e5}}, 1e-2);
    for (const double f : {1e-6, 1e-3, 1.0, 10.0}) {
        const cplx z = sea.impedance_ohm(f);
        CHECK(std::isfinite(z.real()));
        CHECK(std::isfinite(z.imag()));
        CHECK(std::abs(z) > 0.0);
    }
    // At 10 Hz the 5 km, 0.25 Ω·m top layer is a half-space for all practical purposes.
    CHECK(std::abs(sea.impedance_ohm(10.0)) == Approx(std::abs(swx::EarthModel::uniform(0.25).impedance_ohm(10.0))).epsilon(1e-12));
}

TEST_CASE("earth model validation throws InputError naming layer and field", "[core]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(swx::EarthModel("m", {{-5.0, 10.0}}, 1.0), Contains("layer 1") && Contains("thickness_m") && Contains("-5"));
    CHECK_THROWS_AS(swx::EarthModel("m", {{5.0, 10.0}, {1.0, 0.0}}, 1.0), swx::InputError);
    CHECK_THROWS_WITH(swx::EarthModel("m", {{5.0, 10.0}, {1.0, std::nan("")}}, 1.0),
                      Contains("layer 2") && Contains("resistivity_ohm_m"));
    CHECK_THROWS_WITH(swx::EarthModel("m", {}, std::numeric_limits<double>::infinity()),
                      Contains("half_space_resistivity_ohm_m"));
    CHECK_THROWS_AS(swx::EarthModel("", {}, 1.0), swx::InputError);
    const swx::EarthModel ok("PT1", {{1200.0, 250.0}}, 10.0, "Piedmont", "USGS");
    CHECK(ok.name() == "PT1");
    CHECK(ok.description() == "Piedmont");
    CHECK(ok.layers().size() == 1);
    CHECK(ok.depth_to_half_space_m() == 1200.0);
}

TEST_CASE("impedance table and period spacing", "[core]") {
    const auto periods = swx::log_spaced_periods(1.0, 1e4, 2);
    REQUIRE(periods.size() == 9);
    CHECK(periods.front() == 1.0);
    CHECK(periods.back() == 1e4);
    CHECK(periods[2] == Approx(10.0));
    const auto table = swx::impedance_table(swx::EarthModel::uniform(100.0), periods);
    REQUIRE(table.size() == periods.size());
    for (const auto& row : table) {
        CHECK(row.apparent_resistivity_ohm_m == Approx(100.0));
        CHECK(row.phase_deg == Approx(45.0));
        CHECK(row.frequency_hz == Approx(1.0 / row.period_s));
    }
    CHECK(table[4].k_abs_mv_per_km_per_nt == Approx(2.23607).epsilon(1e-5));  // T = 100 s
    CHECK_THROWS_AS(swx::log_spaced_periods(0.0, 1.0, 3), swx::ModelRangeError);
    const double bad[] = {10.0, -1.0};
    CHECK_THROWS_AS(swx::impedance_table(swx::EarthModel::uniform(1.0), bad), swx::ModelRangeError);
}

TEST_CASE("batch impedance equals the single-frequency impedance", "[core]") {
    const auto model = many_layers();
    const std::vector<double> f{0.0, 1e-5, 3e-3, 0.5, 10.0};
    const auto z = model.impedance_ohm(std::span<const double>(f));
    REQUIRE(z.size() == f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        CHECK(z[i] == model.impedance_ohm(f[i]));
    }
    const std::vector<double> bad{1.0, -1.0};
    CHECK_THROWS_AS(model.impedance_ohm(std::span<const double>(bad)), swx::ModelRangeError);
}
