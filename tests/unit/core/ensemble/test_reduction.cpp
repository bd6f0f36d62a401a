// The ensemble reductions against direct computation on the member values: quantiles within the
// stated histogram resolution, exact means, exact merges in any grouping, the standard errors.

#include <swx/core/base/error.hpp>
#include <swx/core/ensemble/random.hpp>
#include <swx/core/ensemble/reduction.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace swx;

namespace {
/// Lognormal values around 60 A, some exact zeros and one NaN per element.
std::vector<double> sample(std::size_t elements, std::size_t n, std::uint64_t seed) {
    std::vector<double> v(elements * n);
    for (std::size_t e = 0; e < elements; ++e) {
        for (std::size_t j = 0; j < n; ++j) {
            const double z = standard_normal(seed, j, RandomStream::storm, static_cast<std::uint32_t>(e));
            v[e * n + j] = (j % 17 == 3) ? 0.0 : 60.0 * std::exp(0.6 * z + 0.1 * static_cast<double>(e));
        }
        v[e * n + 5] = std::nan("");
    }
    return v;
}
}  // namespace

TEST_CASE("quantile bins: every value falls in the bin around it, within 2^(1/64)", "[core][ensemble]") {
    for (double x = 0.008; x < 30000.0; x *= 1.0137) {
        const std::size_t b = QuantileBins::bin_of(x);
        REQUIRE(b >= QuantileBins::first_log_bin);
        REQUIRE(b < QuantileBins::over_bin);
        const double c = QuantileBins::centre(b);
        CHECK(std::abs(std::log(c / x)) <= 0.5 * std::log(1.0 + 1.0 / 64.0) + 1e-12);  // the geometric centre: ±0.78 %
    }
    CHECK(QuantileBins::bin_of(0.0) == QuantileBins::zero_bin);
    CHECK(QuantileBins::bin_of(0.001) == QuantileBins::under_bin);
    CHECK(QuantileBins::bin_of(1e6) == QuantileBins::over_bin);
}

TEST_CASE("exceedance, quantiles, mean, min, max against the sorted member values", "[core][ensemble]") {
    const std::size_t elements = 3;
    const std::size_t n = 5000;
    const std::vector<double> v = sample(elements, n, 42);
    ExceedanceStats s(elements, 75.0);
    s.add_cluster(0, n, v.data());
    CHECK(s.members() == n);
    for (std::size_t e = 0; e < elements; ++e) {
        std::vector<double> x;
        for (std::size_t j = 0; j < n; ++j) {
            if (!std::isnan(v[e * n + j])) {
                x.push_back(v[e * n + j]);
            }
        }
        std::sort(x.begin(), x.end());
        const auto over = static_cast<double>(std::count_if(x.begin(), x.end(), [](double a) { return a > 75.0; }));
        CHECK(s.p_exceed(e) == over / static_cast<double>(n));  // NaN counts as a member not exceeding
        CHECK(s.valued(e) == x.size());
        CHECK(s.min(e) == x.front());
        CHECK(s.max(e) == x.back());
        const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
        CHECK(std::abs(s.mean(e) - mean) < 1e-7);  // fixed-point sum: 2^-24 A per value
        for (const double q : {0.05, 0.25, 0.5, 0.75, 0.95, 0.999}) {
            const double exact = x[static_cast<std::size_t>(std::ceil(q * static_cast<double>(x.size()))) - 1];
            const double got = s.quantile(e, q);
            if (exact == 0.0) {
                CHECK(got == 0.0);
            } else {
                CHECK(std::abs(std::log(got / exact)) <= 0.5 * std::log(1.0 + 1.0 / 64.0) + 1e-12);  // ±0.78 %
            }
        }
        const double p = s.p_exceed(e);
        CHECK(s.p_exceed_se(e, false) == Approx(std::sqrt(p * (1 - p) / n)));
    }
}

TEST_CASE("merging is exact: any grouping of the members gives the same bytes", "[core][ensemble]") {
    const std::size_t elements = 4;
    const std::size_t n = 3000;
    const std::vector<double> v = sample(elements, n, 9);
    auto block = [&](std::size_t a, std::size_t b, ExceedanceStats& s) {
        std::vector<double> part(elements * (b - a));
        for (std::size_t e = 0; e < elements; ++e) {
            std::copy(v.begin() + static_cast<std::ptrdiff_t>(e * n + a), v.begin() + static_cast<std::ptrdiff_t>(e * n + b),
                      part.begin() + static_cast<std::ptrdiff_t>(e * (b - a)));
        }
        s.add_cluster(a, b - a, part.data());
    };
    const std::vector<std::uint64_t> checkpoints{100, 1000, 3000};
    // 30 clusters of 100, added in order into one reduction, or into three merged in another order
    ExceedanceStats one(elements, 75.0, checkpoints);
    for (std::size_t a = 0; a < n; a += 100) {
        block(a, a + 100, one);
    }
    ExceedanceStats p1(elements, 75.0, checkpoints);
    ExceedanceStats p2(elements, 75.0, checkpoints);
    ExceedanceStats p3(elements, 75.0, checkpoints);
    for (std::size_t a = 0; a < n; a += 100) {
        block(a, a + 100, (a / 100) % 3 == 0 ? p3 : ((a / 100) % 3 == 1 ? p1 : p2));
    }
    ExceedanceStats merged = ExceedanceStats::deserialize(p2.serialize());
    merged.merge(p3);
    merged.merge(ExceedanceStats::deserialize(p1.serialize()));
    CHECK(merged.serialize() == one.serialize());
    // the checkpoint counts are the exceedances among the first members
    for (std::size_t e = 0; e < elements; ++e) {
        for (std::size_t k = 0; k < checkpoints.size(); ++k) {
            std::uint64_t c = 0;
            for (std::size_t j = 0; j < checkpoints[k]; ++j) {
                c += v[e * n + j] > 75.0 ? 1 : 0;
            }
            CHECK(one.exceed_at_checkpoint(e, k) == c);
        }
    }
    // cluster-robust error from the integer sums equals the direct formula
    for (std::size_t e = 0; e < elements; ++e) {
        const double p = one.p_exceed(e);
        double ss = 0.0;
        for (std::size_t a = 0; a < n; a += 100) {
            double c = 0.0;
            for (std::size_t j = a; j < a + 100; ++j) {
                c += v[e * n + j] > 75.0 ? 1.0 : 0.0;
            }
            ss += (c - p * 100.0) * (c - p * 100.0);
        }
        CHECK(one.p_exceed_se(e, true) == Approx(std::sqrt(30.0 / 29.0 * ss) / n).epsilon(1e-12));
    }
    ExceedanceStats other(elements + 1, 75.0, checkpoints);
    CHECK_THROWS_AS(one.merge(other), Error);
    CHECK_THROWS_AS(ExceedanceStats::deserialize(one.serialize().substr(0, 100)), Error);
}

TEST_CASE("serialized histogram counts: varints of one to five bytes round-trip, malformed ones are refused", "[core][ensemble]") {
    // One element; bin counts 1, 200 (two bytes), 70,000 (three bytes) in three separate bins.
    ExceedanceStats s(1, 75.0);
    std::vector<double> v;
    v.insert(v.end(), 1, 10.0);
    v.insert(v.end(), 200, 50.0);
    v.insert(v.end(), 70000, 100.0);
    s.add_cluster(0, v.size(), v.data());
    const std::string bytes = s.serialize();
    const ExceedanceStats back = ExceedanceStats::deserialize(bytes);
    CHECK(back.serialize() == bytes);
    CHECK(back.members() == 70201);
    CHECK(back.p_exceed(0) == Approx(70000.0 / 70201.0).epsilon(1e-15));
    CHECK(back.quantile(0, 0.5) == Approx(100.0).epsilon(0.0078));  // the bin of 100 A (±0.78 %)
    CHECK(back.quantile(0, 0.002) == Approx(50.0).epsilon(0.0078));  // member 141 of 70,201: among the 200 at 50 A
    // The last count is 70,000 = 0xF0 0xA2 0x04.
    REQUIRE(bytes.size() > 3);
    CHECK(static_cast<unsigned char>(bytes[bytes.size() - 3]) == 0xF0U);
    CHECK(static_cast<unsigned char>(bytes[bytes.size() - 2]) == 0xA2U);
    CHECK(static_cast<unsigned char>(bytes[bytes.size() - 1]) == 0x04U);
    // Non-minimal: the same value with a redundant zero continuation byte.
    std::string padded = bytes;
    padded.back() = static_cast<char>(0x84);
    padded.push_back('\0');
    CHECK_THROWS_AS(ExceedanceStats::deserialize(padded), Error);
    // Truncated inside a varint.
    std::string cut = bytes;
    cut.back() = static_cast<char>(0x84);
    CHECK_THROWS_AS(ExceedanceStats::deserialize(cut), Error);
    // Above 32 bits: five bytes whose top byte carries bits 32 and up.
    std::string wide = bytes.substr(0, bytes.size() - 3);
    wide += std::string("\xFF\xFF\xFF\xFF\x1F", 5);
    CHECK_THROWS_AS(ExceedanceStats::deserialize(wide), Error);
}
