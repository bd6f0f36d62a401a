// Counter-based random numbers: Philox4x32-10 against the Random123 known-answer vectors, and the
// inverse normal CDF against published quantiles and against Φ.

#include <swx/core/ensemble/random.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace swx;

TEST_CASE("Philox4x32-10 reproduces the Random123 known-answer vectors", "[core][ensemble]") {
    // Random123 kat_vectors, "philox4x32 10": counter (4 words), key (2 words) -> output (4 words).
    using C = std::array<std::uint32_t, 4>;
    using K = std::array<std::uint32_t, 2>;
    CHECK(philox4x32_10(C{0, 0, 0, 0}, K{0, 0}) == C{0x6627e8d5U, 0xe169c58dU, 0xbc57ac4cU, 0x9b00dbd8U});
    CHECK(philox4x32_10(C{0xffffffffU, 0xffffffffU, 0xffffffffU, 0xffffffffU}, K{0xffffffffU, 0xffffffffU}) ==
          C{0x408f276dU, 0x41c83b0eU, 0xa20bc7c6U, 0x6d5451fdU});
    CHECK(philox4x32_10(C{0x243f6a88U, 0x85a308d3U, 0x13198a2eU, 0x03707344U}, K{0xa4093822U, 0x299f31d0U}) ==
          C{0xd16cfe09U, 0x94fdccebU, 0x5001e420U, 0x24126ea1U});
}

TEST_CASE("uniform deviates are in (0, 1), keyed by seed, index, stream and slot, and uniform", "[core][ensemble]") {
    std::set<double> seen;
    double sum = 0.0;
    double sum2 = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double u = uniform_open01(7, static_cast<std::uint64_t>(i), RandomStream::direction, 0);
        REQUIRE(u > 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
        if (i < 1000) {
            seen.insert(u);
        }
    }
    CHECK(seen.size() == 1000);
    // mean 1/2 and variance 1/12, each within 5 standard errors
    const double mean = sum / n;
    CHECK(std::abs(mean - 0.5) < 5.0 * std::sqrt(1.0 / 12.0 / n));
    CHECK(std::abs(sum2 / n - mean * mean - 1.0 / 12.0) < 5.0 * std::sqrt(1.0 / 180.0 / n));
    // a pure function of its arguments; each argument changes the draw
    const double u = uniform_open01(7, 3, RandomStream::grounding, 11);
    CHECK(u == uniform_open01(7, 3, RandomStream::grounding, 11));
    CHECK(u != uniform_open01(8, 3, RandomStream::grounding, 11));
    CHECK(u != uniform_open01(7, 4, RandomStream::grounding, 11));
    CHECK(u != uniform_open01(7, 3, RandomStream::line_outage, 11));
    CHECK(u != uniform_open01(7, 3, RandomStream::grounding, 12));
    CHECK(uniform_open01(7, std::uint64_t{1} << 40U, RandomStream::storm, 0) != uniform_open01(7, 0, RandomStream::storm, 0));
}

TEST_CASE("inverse normal CDF: published quantiles and Phi(Phi^-1(p)) = p", "[core][ensemble]") {
    // Standard normal quantiles (e.g. NIST/SEMATECH e-Handbook, Abramowitz & Stegun 26.2), to 15 digits.
    CHECK(inverse_normal_cdf(0.5) == 0.0);
    CHECK(std::abs(inverse_normal_cdf(0.975) - 1.959963984540054) < 1e-14);
    CHECK(std::abs(inverse_normal_cdf(0.95) - 1.6448536269514722) < 1e-14);
    CHECK(std::abs(inverse_normal_cdf(0.99) - 2.3263478740408408) < 1e-14);
    CHECK(std::abs(inverse_normal_cdf(0.999) - 3.090232306167814) < 1e-13);
    CHECK(std::abs(inverse_normal_cdf(0.025) + 1.959963984540054) < 1e-14);
    CHECK(std::abs(inverse_normal_cdf(0.8413447460685429) - 1.0) < 1e-14);  // Φ(1)
    CHECK(std::isinf(inverse_normal_cdf(0.0)));
    CHECK(std::isinf(inverse_normal_cdf(1.0)));
    CHECK(std::isnan(inverse_normal_cdf(-0.1)));
    CHECK(std::isnan(inverse_normal_cdf(1.5)));
    double worst = 0.0;
    for (double lp = -53.0 * std::log(2.0); lp < std::log(0.5); lp += 0.01) {
        const double p = std::exp(lp);
        worst = std::max(worst, std::abs(normal_cdf(inverse_normal_cdf(p)) - p) / p);
    }
    CHECK(worst < 1e-13);
    // Symmetry, exact for the dyadic deviates uniform_open01 gives.
    for (int k = 1; k < 1000; ++k) {
        const double p = k / 1024.0;
        CHECK(inverse_normal_cdf(p) == -inverse_normal_cdf(1.0 - p));
    }
}
