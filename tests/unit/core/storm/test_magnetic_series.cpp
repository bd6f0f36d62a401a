// core/storm/magnetic_series: the regular time grid and the gap policy, on synthetic samples whose
// expected values follow from the policy by hand (linear interpolation between known values).

#include <swx/core/base/error.hpp>
#include <swx/core/storm/magnetic_series.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using Catch::Contains;
using swx::build_series;
using swx::RawMagneticSample;

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();
const swx::ErrorContext ctx{"test", "mag.csv", "", "", ""};

/// Samples at t0 + k·dt for the given k, with x = 10·k and y = -k (NaN where listed).
std::vector<RawMagneticSample> samples(double t0, double dt, const std::vector<int>& ks) {
    std::vector<RawMagneticSample> raw;
    for (const int k : ks) {
        raw.push_back({t0 + k * dt, 10.0 * k, -1.0 * k, raw.size() + 2});
    }
    return raw;
}

}  // namespace

TEST_CASE("build_series: a complete regular series is copied unchanged", "[core]") {
    const auto s = build_series(samples(1000.0, 60.0, {0, 1, 2, 3}), ctx, 300.0, "X", "Y");
    CHECK(s.source_path == "mag.csv");
    CHECK(s.t0_unix_s == 1000);
    CHECK(s.dt_s == 60.0);
    REQUIRE(s.size() == 4);
    CHECK(s.bx_nt == std::vector<double>{0.0, 10.0, 20.0, 30.0});
    CHECK(s.by_nt == std::vector<double>{0.0, -1.0, -2.0, -3.0});
    CHECK(s.n_interpolated == 0);
}

TEST_CASE("build_series: the cadence is the most frequent step, missing rows are filled", "[core]") {
    // Steps 1, 1, 3 (two rows missing), 1: the cadence is 1 s and rows 3 and 4 are interpolated.
    const auto s = build_series(samples(0.0, 1.0, {0, 1, 2, 5, 6}), ctx, 10.0, "X", "Y");
    CHECK(s.dt_s == 1.0);
    REQUIRE(s.size() == 7);
    CHECK(s.bx_nt[3] == Approx(30.0));
    CHECK(s.bx_nt[4] == Approx(40.0));
    CHECK(s.by_nt[4] == Approx(-4.0));
    CHECK(s.n_interpolated == 2);
}

TEST_CASE("build_series: NaN values are filled linearly, and held at either end", "[core]") {
    auto raw = samples(0.0, 10.0, {0, 1, 2, 3, 4, 5});
    raw[0].x_nt = missing;  // leading: held at x(1) = 10
    raw[2].x_nt = missing;  // inside: (10 + 30) / 2
    raw[5].y_nt = missing;  // trailing: held at y(4) = -4
    const auto s = build_series(raw, ctx, 10.0, "X", "Y");
    CHECK(s.bx_nt[0] == 10.0);
    CHECK(s.bx_nt[2] == Approx(20.0));
    CHECK(s.by_nt[5] == -4.0);
    CHECK(s.n_interpolated == 3);  // samples 0, 2 and 5
}

TEST_CASE("build_series: a gap of exactly max_gap_s is filled, a longer one is an error", "[core]") {
    auto raw = samples(0.0, 60.0, {0, 1, 2, 3, 4, 5, 6});
    for (const int k : {2, 3, 4}) {
        raw[static_cast<std::size_t>(k)].y_nt = missing;  // three missing samples: 180 s
    }
    CHECK(build_series(raw, ctx, 180.0, "X", "Y").by_nt[3] == Approx(-3.0));
    CHECK_THROWS_AS(build_series(raw, ctx, 179.0, "X", "Y"), swx::InputError);
    CHECK_THROWS_WITH(build_series(raw, ctx, 179.0, "X", "Bey"),
                      Contains("field Bey") && Contains("gap from 1970-01-01T00:02:00Z to 1970-01-01T00:04:00Z") &&
                          Contains("3 missing samples, 180 s") && Contains("max_gap_s = 179 s"));
    raw[0].x_nt = missing;
    raw[1].x_nt = missing;
    CHECK_THROWS_WITH(build_series(raw, ctx, 60.0, "X", "Y"), Contains("leading gap"));
}

TEST_CASE("build_series: errors", "[core]") {
    SECTION("max_gap_s") {
        CHECK_THROWS_AS(build_series(samples(0, 1, {0, 1}), ctx, -1.0, "X", "Y"), swx::ConfigError);
        CHECK_THROWS_AS(build_series(samples(0, 1, {0, 1}), ctx, missing, "X", "Y"), swx::ConfigError);
    }
    SECTION("too few samples") {
        CHECK_THROWS_WITH(build_series({}, ctx, 60.0, "X", "Y"), Contains("no data rows"));
        CHECK_THROWS_WITH(build_series(samples(0, 1, {0}), ctx, 60.0, "X", "Y"),
                          Contains("only one data row (line 2)"));
    }
    SECTION("times not increasing") {
        CHECK_THROWS_WITH(build_series(samples(0, 1, {0, 1, 1}), ctx, 60.0, "X", "Y"),
                          Contains("line 4: time 1970-01-01T00:00:01Z duplicates the time on line 3"));
        CHECK_THROWS_WITH(build_series(samples(0, 1, {0, 2, 1}), ctx, 60.0, "X", "Y"), Contains("is before"));
    }
    SECTION("irregular cadence") {
        // Steps 60, 60, 90: 90 s is not a whole multiple of 60 s.
        auto raw = samples(0, 60, {0, 1, 2});
        raw.push_back({210.0, 0.0, 0.0, 9});
        CHECK_THROWS_WITH(build_series(raw, ctx, 600.0, "X", "Y"),
                          Contains("line 9: irregular cadence") && Contains("step of 90 s") &&
                              Contains("dominant cadence 60 s"));
    }
    SECTION("first time off the whole second") {
        CHECK_THROWS_WITH(build_series(samples(0.5, 1, {0, 1, 2}), ctx, 60.0, "X", "Y"),
                          Contains("1970-01-01T00:00:00.500Z is not on a whole second"));
    }
    SECTION("a component with no value") {
        auto raw = samples(0, 1, {0, 1});
        raw[0].x_nt = raw[1].x_nt = missing;
        CHECK_THROWS_WITH(build_series(raw, ctx, 60.0, "X", "Y"), Contains("no valid values"));
    }
}

TEST_CASE("fill_gaps marks what it fills", "[core]") {
    std::vector<double> v{missing, 1.0, missing, missing, 4.0, missing};
    std::vector<bool> filled(v.size(), false);
    swx::fill_gaps(v, filled, 0, 1.0, 10.0, ctx, "X");
    CHECK(v == std::vector<double>{1.0, 1.0, 2.0, 3.0, 4.0, 4.0});
    CHECK(filled == std::vector<bool>{true, false, true, true, false, true});
}
