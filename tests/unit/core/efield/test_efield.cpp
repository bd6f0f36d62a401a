#include <swx/core/earth/earth_model.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

namespace {

// Two-layer earth of GEOELECTRIC.md §3.4: 1000 Ω·m over 10 Ω·m, h = 10 km.
swx::EarthModel two_layer() { return swx::EarthModel("two_layer", {{10000.0, 1000.0}}, 10.0); }

std::vector<double> sinusoid(std::size_t n, double dt_s, double amplitude_nt, double f_hz, double phase_rad) {
    std::vector<double> b(n);
    for (std::size_t i = 0; i < n; ++i) {
        b[i] = amplitude_nt * std::sin(2.0 * std::numbers::pi * f_hz * static_cast<double>(i) * dt_s + phase_rad);
    }
    return b;
}

}  // namespace

TEST_CASE("FFT length follows bezpy: 2^(floor(log2 n) + 2)", "[core]") {
    CHECK(swx::default_fft_length(1) == 2);
    CHECK(swx::default_fft_length(4320) == 8640);     // 2^6·3^3·5, exactly 2n
    CHECK(swx::default_fft_length(11201) == 22500);   // 2^2·3^2·5^4 ≥ 22,402
    CHECK(swx::default_fft_length(86400) == 172800);  // one day at 1 s
    for (std::size_t n : {7u, 1000u, 4321u, 99991u}) {
        CHECK(swx::default_fft_length(n) >= 2 * n);
    }
    CHECK(swx::beta_fft_length(11201) == 65536);
    CHECK_THROWS_AS(swx::default_fft_length(0), swx::InputError);
}

TEST_CASE("E(t) from a sinusoidal B_y is A·|K| at phase φ + arg K (E_x = Z·B_y/μ0)", "[core]") {
    const auto model = two_layer();
    const double dt = 10.0;
    const std::size_t n = 17280;  // two days
    const double f = 1.0 / 600.0;
    const double amplitude = 100.0;  // nT
    const double phase = 0.6;        // rad
    const auto by = sinusoid(n, dt, amplitude, f, phase);
    const std::vector<double> bx(n, 0.0);
    const auto e = swx::geoelectric_from_magnetic(model, bx, by, dt);
    REQUIRE(e.ex_v_per_km.size() == n);
    REQUIRE(e.ey_v_per_km.size() == n);
    const std::complex<double> k = model.transfer_mv_per_km_per_nt(f);  // (mV/km)/nT
    double worst_mv_per_km = 0.0;
    double worst_ey = 0.0;
    for (std::size_t i = n * 2 / 5; i < n * 3 / 5; ++i) {  // middle fifth of the record
        const double t = static_cast<double>(i) * dt;
        const double expected_mv = amplitude * std::abs(k) * std::sin(2.0 * std::numbers::pi * f * t + phase + std::arg(k));
        worst_mv_per_km = std::max(worst_mv_per_km, std::abs(e.ex_v_per_km[i] * 1e3 - expected_mv));
        worst_ey = std::max(worst_ey, std::abs(e.ey_v_per_km[i]));
    }
    INFO("amplitude " << amplitude * std::abs(k) << " mV/km; worst difference " << worst_mv_per_km << " mV/km");
    CHECK(worst_mv_per_km < 0.05);  // 0.1 % of 37 mV/km; edge transients decay as ~t^-1/2
    CHECK(worst_ey < 1e-12);       // B_y drives E_x only
}

TEST_CASE("sign convention: E_y = −Z·B_x/μ0", "[core]") {
    const auto model = two_layer();
    const double dt = 10.0;
    const std::size_t n = 17280;
    const double f = 1.0 / 1200.0;
    const auto bx = sinusoid(n, dt, 50.0, f, 0.0);
    const std::vector<double> by(n, 0.0);
    const auto e = swx::geoelectric_from_magnetic(model, bx, by, dt);
    const std::complex<double> k = model.transfer_mv_per_km_per_nt(f);
    double worst = 0.0;
    for (std::size_t i = n * 2 / 5; i < n * 3 / 5; ++i) {
        const double t = static_cast<double>(i) * dt;
        const double expected_mv = -50.0 * std::abs(k) * std::sin(2.0 * std::numbers::pi * f * t + std::arg(k));
        worst = std::max(worst, std::abs(e.ey_v_per_km[i] * 1e3 - expected_mv));
        CHECK(std::abs(e.ex_v_per_km[i]) < 1e-12);
    }
    INFO("worst difference " << worst << " mV/km");
    CHECK(worst < 0.05);  // mV/km
}

TEST_CASE("the mean of B is removed before the transform", "[core]") {
    const auto model = two_layer();
    const std::size_t n = 5000;
    const auto bx = sinusoid(n, 60.0, 300.0, 1.0 / 3600.0, 0.2);
    const auto by = sinusoid(n, 60.0, 100.0, 1.0 / 7200.0, 1.0);
    std::vector<double> bx_offset = bx;
    std::vector<double> by_offset = by;
    for (std::size_t i = 0; i < n; ++i) {
        bx_offset[i] += 20000.0;  // a typical main-field X
        by_offset[i] -= 3000.0;
    }
    const auto e0 = swx::geoelectric_from_magnetic(model, bx, by, 60.0);
    const auto e1 = swx::geoelectric_from_magnetic(model, bx_offset, by_offset, 60.0);
    for (std::size_t i = 0; i < n; ++i) {
        REQUIRE(std::abs(e0.ex_v_per_km[i] - e1.ex_v_per_km[i]) < 1e-9);
        REQUIRE(std::abs(e0.ey_v_per_km[i] - e1.ey_v_per_km[i]) < 1e-9);
    }
}

TEST_CASE("a reusable converter gives the same result as the one-call function", "[core]") {
    const auto model = two_layer();
    const auto bx = sinusoid(1000, 60.0, 10.0, 1.0 / 3600.0, 0.0);
    const auto by = sinusoid(1000, 60.0, 20.0, 1.0 / 1800.0, 0.5);
    swx::PlaneWaveConverter converter(model, 1000, 60.0);
    CHECK(converter.fft_length() == 2000);  // 2^4·5^3 = 2n
    const auto a = converter.convert(bx, by);
    const auto b = converter.convert(bx, by);
    const auto c = swx::geoelectric_from_magnetic(model, bx, by, 60.0);
    CHECK(a.ex_v_per_km == b.ex_v_per_km);
    CHECK(a.ex_v_per_km == c.ex_v_per_km);
    CHECK(a.ey_v_per_km == c.ey_v_per_km);
}

TEST_CASE("bad time series throw InputError", "[core]") {
    using Catch::Matchers::Contains;
    const auto model = two_layer();
    std::vector<double> a(10, 1.0);
    std::vector<double> b(11, 1.0);
    CHECK_THROWS_WITH(swx::geoelectric_from_magnetic(model, a, b, 1.0), Contains("10") && Contains("11"));
    std::vector<double> c(10, 1.0);
    c[7] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(swx::geoelectric_from_magnetic(model, a, c, 1.0), Contains("sample 7") && Contains("by_nt"));
    CHECK_THROWS_WITH(swx::geoelectric_from_magnetic(model, a, a, 0.0), Contains("dt_s"));
    CHECK_THROWS_AS(swx::geoelectric_from_magnetic(model, {}, {}, 1.0), swx::InputError);
    CHECK_THROWS_AS(swx::PlaneWaveConverter(model, 100, 1.0, 64), swx::InputError);
}

TEST_CASE("filtering by Z_model/Z_ref: identity and the half-space scaling", "[core]") {
    const auto reference = swx::EarthModel::uniform(100.0);
    const std::size_t n = 3000;
    const auto en = sinusoid(n, 10.0, 2.0, 1.0 / 900.0, 0.3);
    auto ee = sinusoid(n, 10.0, 5.0, 1.0 / 300.0, 1.3);
    ee[1500] += 3.0;  // a spike: all frequencies
    const auto same = swx::filter_geoelectric(reference, reference, en, ee, 10.0);
    for (std::size_t i = 0; i < n; ++i) {
        REQUIRE(std::abs(same.ex_v_per_km[i] - en[i]) < 1e-12);
        REQUIRE(std::abs(same.ey_v_per_km[i] - ee[i]) < 1e-12);
    }
    // For uniform half-spaces Z ∝ sqrt(ρ) at every frequency, so β is exactly sqrt(ρ ratio).
    CHECK(swx::beta_factor(swx::EarthModel::uniform(400.0), reference, en, ee, 10.0) == Approx(2.0).epsilon(1e-12));
    CHECK(swx::beta_factor(reference, reference, en, ee, 10.0) == Approx(1.0).epsilon(1e-12));
    const std::vector<double> zeros(n, 0.0);
    CHECK_THROWS_AS(swx::beta_factor(reference, reference, zeros, zeros, 10.0), swx::InputError);
}

// Analytic check of the record edges (issue 9, item 2). B_y = 100 nT·cos(2πt/1 h) starts at its
// maximum, so with mean removal and zero padding the record begins with a 100 nT step: the earth
// answers a step with E ∝ t^(−1/2), a spike at the first sample that exceeded the sinusoid's own
// response A·|K(f)| (the true peak, reached every hour in the interior). With the reflected padding no
// step remains; the peak must lie outside the edge zone and equal A·|K| to 2 % (0.7 mV/km of 37 mV/km).
TEST_CASE("record edges: a record starting at its maximum peaks at A·|K| outside the edge zone, not at t0", "[core][efield]") {
    const auto model = two_layer();
    const double dt = 60.0;
    const std::size_t n = 1440;      // one day of 1-min samples
    const double f = 1.0 / 3600.0;
    const double amplitude = 100.0;  // nT
    const auto by = sinusoid(n, dt, amplitude, f, std::numbers::pi / 2.0);
    const std::vector<double> bx(n, 20000.0);
    const auto e = swx::geoelectric_from_magnetic(model, bx, by, dt);
    const double expected_v_per_km = amplitude * std::abs(model.transfer_mv_per_km_per_nt(f)) * 1e-3;
    CHECK(e.edge_samples == 10);  // 600 s at 60 s
    const std::size_t peak = swx::interior_peak_index(e);
    INFO("peak sample " << peak << ", |E| " << swx::interior_peak_magnitude(e) << " V/km; A|K| " << expected_v_per_km
                        << " V/km; |E(t0)| " << std::hypot(e.ex_v_per_km[0], e.ey_v_per_km[0]) << " V/km");
    CHECK_FALSE(e.in_edge_zone(peak));
    CHECK(swx::interior_peak_magnitude(e) == Approx(expected_v_per_km).epsilon(0.02));
    // No spike anywhere, edges included: the largest |E| of the whole series is the sinusoid's.
    CHECK(swx::peak_magnitude(e.ex_v_per_km, e.ey_v_per_km) < 1.02 * expected_v_per_km);
}

TEST_CASE("edge zone: 10 minutes at each end, at most a quarter of the record", "[core][efield]") {
    CHECK(swx::edge_zone_samples(1440, 60.0) == 10);
    CHECK(swx::edge_zone_samples(86400, 1.0) == 600);
    CHECK(swx::edge_zone_samples(100, 3600.0) == 1);  // at least one sample
    CHECK(swx::edge_zone_samples(20, 60.0) == 5);     // a 20-min record keeps its middle half
    CHECK(swx::edge_zone_samples(3, 60.0) == 0);
    swx::GeoelectricSeries e;
    e.ex_v_per_km = {5.0, 1.0, 2.0, 1.0, 9.0};
    e.ey_v_per_km = {0.0, 0.0, 0.0, 0.0, 0.0};
    e.edge_samples = 1;
    CHECK(e.in_edge_zone(0));
    CHECK(e.in_edge_zone(4));
    CHECK_FALSE(e.in_edge_zone(3));
    CHECK(swx::interior_peak_index(e) == 2);
    CHECK(swx::interior_peak_magnitude(e) == 2.0);
}
