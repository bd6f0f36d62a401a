#include <swx/core/ensemble/random.hpp>

#include <cmath>
#include <limits>

namespace swx {

namespace {
constexpr std::uint32_t philox_m0 = 0xD2511F53U;
constexpr std::uint32_t philox_m1 = 0xCD9E8D57U;
constexpr std::uint32_t philox_w0 = 0x9E3779B9U;  // golden ratio
constexpr std::uint32_t philox_w1 = 0xBB67AE85U;  // sqrt(3) - 1

void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) noexcept {
    const std::uint64_t p = static_cast<std::uint64_t>(a) * b;
    hi = static_cast<std::uint32_t>(p >> 32U);
    lo = static_cast<std::uint32_t>(p);
}
}  // namespace

std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c, std::array<std::uint32_t, 2> k) noexcept {
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k[0] += philox_w0;
            k[1] += philox_w1;
        }
        std::uint32_t hi0 = 0;
        std::uint32_t lo0 = 0;
        std::uint32_t hi1 = 0;
        std::uint32_t lo1 = 0;
        mulhilo(philox_m0, c[0], hi0, lo0);
        mulhilo(philox_m1, c[2], hi1, lo1);
        c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    }
    return c;
}

double uniform_open01(std::uint64_t seed, std::uint64_t index, RandomStream stream, std::uint32_t slot) noexcept {
    const std::array<std::uint32_t, 4> ctr{static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32U),
                                           static_cast<std::uint32_t>(stream), slot};
    const std::array<std::uint32_t, 2> key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32U)};
    const auto r = philox4x32_10(ctr, key);
    // 52 bits: 26 from r[0], 26 from r[1]. k + 1/2 (k < 2^52) is exact in a double, so the result is
    // (k + 1/2)·2^-52: never 0 or 1, symmetric about 1/2.
    const std::uint64_t bits = (static_cast<std::uint64_t>(r[0] >> 6U) << 26U) | (r[1] >> 6U);
    return (static_cast<double>(bits) + 0.5) * 0x1p-52;
}

double normal_cdf(double x) noexcept { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double inverse_normal_cdf(double p) noexcept {
    if (!(p >= 0.0 && p <= 1.0)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (p == 0.0) {
        return -std::numeric_limits<double>::infinity();
    }
    if (p == 1.0) {
        return std::numeric_limits<double>::infinity();
    }
    if (p > 0.5) {
        return -inverse_normal_cdf(1.0 - p);  // exact for the dyadic p of uniform_open01; keeps the tail accurate
    }
    // Acklam (2003), rational approximations in the lower tail and the centre (relative error < 1.15e-9).
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01,  -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double x = 0.0;
    if (p < 0.02425) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    // One Halley step on Φ(x) − p (Acklam's refinement), with Φ from erfc: accurate in the tail.
    const double e = normal_cdf(x) - p;
    const double u = e * std::sqrt(2.0 * 3.14159265358979323846) * std::exp(0.5 * x * x);
    return x - u / (1.0 + 0.5 * x * u);
}

double standard_normal(std::uint64_t seed, std::uint64_t index, RandomStream stream, std::uint32_t slot) noexcept {
    return inverse_normal_cdf(uniform_open01(seed, index, stream, slot));
}

}  // namespace swx
