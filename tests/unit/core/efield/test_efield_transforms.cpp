// The FFT paths of PlaneWaveConverter against an independent reference: per component, numpy's recipe
// (real r2c transform of the padded series, exact Z at every bin, c2r inverse) written out here with the
// r2c/c2r calls, which share no code with the converter's in-place half-complex transforms nor with its
// four-step complex transform of B_y + i·B_x (detail/fft.hpp, used for FFT lengths ≥ 2^18 with a
// factorisation). The two differ only by rounding: tolerance 1e-9·max_t |E(t)| (V/km), on lengths 1, 2,
// 3, primes, odd and even FFT lengths, random and storm-like B(t).
#include <swx/core/earth/earth_model.hpp>
#include <swx/core/efield/detail/fft.hpp>
#include <swx/core/efield/detail/spectral.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/io/earth_models.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace {

using cplx = std::complex<double>;
constexpr double mu0 = 4e-7 * std::numbers::pi;

/// E_x = K∗B_y and E_y = −K∗B_x, K = 1e-6·Z/μ0 exact at every bin, by r2c/c2r per component.
swx::GeoelectricSeries reference(const swx::EarthModel& model, const std::vector<double>& bx, const std::vector<double>& by,
                                 double dt_s, std::size_t length) {
    const std::size_t n = bx.size();
    std::vector<double> f(length / 2 + 1);
    for (std::size_t k = 0; k < f.size(); ++k) {
        f[k] = static_cast<double>(k) / (static_cast<double>(length) * dt_s);
    }
    std::vector<cplx> kf = model.impedance_ohm(f);
    kf[0] = 0.0;
    for (cplx& v : kf) {
        v *= 1e-6 / mu0;
    }
    const std::vector<double> weights = swx::detail::padding_weights(length - n);
    swx::GeoelectricSeries e;
    for (int c = 0; c < 2; ++c) {
        std::vector<double> x(length);
        swx::detail::fill_padded_real(c == 0 ? by : bx, weights, x);
        std::vector<cplx> s(length / 2 + 1);
        swx::detail::real_fft(x.data(), s.data(), length);
        for (std::size_t k = 0; k < s.size(); ++k) {
            s[k] *= kf[k];
        }
        swx::detail::inverse_real_fft(s.data(), x.data(), length);
        x.resize(n);
        if (c == 1) {
            std::transform(x.begin(), x.end(), x.begin(), [](double v) { return -v; });
        }
        (c == 0 ? e.ex_v_per_km : e.ey_v_per_km) = x;
    }
    return e;
}

void random_b(std::size_t n, std::uint64_t seed, bool storm, std::vector<double>& bx, std::vector<double>& by) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    bx.resize(n);
    by.resize(n);
    double x = 20000.0, y = -3000.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (storm) {  // random walk, a substorm bay and a pulsation, nT
            const double t = static_cast<double>(i) - 0.6 * static_cast<double>(n);
            x += 0.5 * g(rng);
            y += 0.5 * g(rng);
            bx[i] = x - 800.0 * std::exp(-std::pow(t / (0.02 * static_cast<double>(n) + 1.0), 2)) + 50.0 * std::sin(0.01 * t);
            by[i] = y + 300.0 * std::exp(-std::pow(t / (0.01 * static_cast<double>(n) + 1.0), 2)) + 30.0 * std::cos(0.02 * t);
        } else {
            bx[i] = 100.0 * g(rng);
            by[i] = 100.0 * g(rng);
        }
    }
}

double max_difference(const swx::GeoelectricSeries& a, const swx::GeoelectricSeries& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < a.ex_v_per_km.size(); ++i) {
        d = std::max(d, std::hypot(a.ex_v_per_km[i] - b.ex_v_per_km[i], a.ey_v_per_km[i] - b.ey_v_per_km[i]));
    }
    return d;
}

}  // namespace

TEST_CASE("four-step factorisation of the FFT length", "[core][efield]") {
    CHECK(swx::detail::four_step_rows(1728000) == 1280);  // ten days at 1 s: 1280 x 1350
    CHECK(swx::detail::four_step_rows(262144) == 512);
    CHECK(swx::detail::four_step_rows(270000) == 500);    // 500 x 540
    CHECK(swx::detail::four_step_rows(531441) == 0);      // 3^12: odd
    CHECK(swx::detail::four_step_rows(2 * 262147) == 0);  // 2·prime
    CHECK(swx::detail::four_step_rows(172800) == 0);      // one day at 1 s: below four_step_min_length
}

TEST_CASE("hermitian_filter equals two real filterings of the real and imaginary parts", "[core][efield]") {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> g(0.0, 1.0);
    for (const std::size_t length : {1UL, 2UL, 3UL, 5UL, 8UL, 97UL, 1000UL, 262144UL, 270000UL}) {
        CAPTURE(length);
        std::vector<cplx> h(length / 2 + 1);
        for (cplx& v : h) {
            v = cplx(g(rng), g(rng));
        }
        h[0] = h[0].real();
        if (length % 2 == 0) {
            h[length / 2] = h[length / 2].real();
        }
        std::vector<cplx> data(length);
        for (cplx& v : data) {
            v = cplx(g(rng), g(rng));
        }
        std::vector<double> expected[2];
        for (int c = 0; c < 2; ++c) {
            std::vector<double> x(length);
            std::transform(data.begin(), data.end(), x.begin(), [c](cplx v) { return c == 0 ? v.real() : v.imag(); });
            std::vector<cplx> s(length / 2 + 1);
            swx::detail::real_fft(x.data(), s.data(), length);
            for (std::size_t k = 0; k < s.size(); ++k) {
                s[k] *= h[k];
            }
            swx::detail::inverse_real_fft(s.data(), x.data(), length);
            expected[c] = x;
        }
        swx::detail::hermitian_filter(data.data(), length, h.data(), 2);
        double d = 0.0, peak = 0.0;
        for (std::size_t i = 0; i < length; ++i) {
            d = std::max(d, std::abs(data[i] - cplx(expected[0][i], expected[1][i])));
            peak = std::max(peak, std::abs(cplx(expected[0][i], expected[1][i])));
        }
        CHECK(d <= 1e-12 * peak);
    }
}

TEST_CASE("E(t) of the converter (real and four-step transforms) equals the per-component r2c/c2r reference",
          "[core][efield]") {
    const auto library = swx::io::load_default_earth_models();
    const swx::EarthModel& model = library.find("PT1");
    struct Case {
        std::size_t n;
        std::size_t fft_length;  // 0: default_fft_length(n)
    };
    // 131,072 samples: default length 262,144 (four-step); 65,537 (prime): 131,100 (real transforms);
    // short records forced onto four-step lengths (262,144; 270,000) and onto an odd one (3^12).
    const std::vector<Case> cases{{1, 0},      {2, 0},      {3, 0},          {7919, 0},      {1000, 0},     {65537, 0},
                                  {131072, 0}, {1, 262144}, {2, 262144},     {3, 262144},    {7919, 270000},
                                  {3, 531441}, {104729, 531441}, {135000, 270000}};
    for (const Case& c : cases) {
        for (const bool storm : {false, true}) {
            CAPTURE(c.n, c.fft_length, storm);
            std::vector<double> bx, by;
            random_b(c.n, 17 + c.n, storm, bx, by);
            swx::PlaneWaveConverter converter(model, c.n, 1.0, c.fft_length, swx::ImpedanceEvaluation::exact);
            const swx::GeoelectricSeries e = converter.convert(bx, by);
            const swx::GeoelectricSeries r = reference(model, bx, by, 1.0, converter.fft_length());
            REQUIRE(e.ex_v_per_km.size() == c.n);
            REQUIRE(e.ey_v_per_km.size() == c.n);
            const double peak = swx::peak_magnitude(r.ex_v_per_km, r.ey_v_per_km);
            CHECK(max_difference(e, r) <= 1e-9 * peak);
            if (c.n == 131072 && !storm) {
                CHECK(swx::detail::four_step_rows(converter.fft_length()) != 0);  // the four-step path was tested
            }
        }
    }
}
