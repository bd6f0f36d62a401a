#include <swx/core/base/parallel.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <cmath>
#include <cstddef>
#include <vector>

using namespace swx;

namespace {

/// Runs for_each_cell and counts the visits of every cell (atomically: cells run on several threads).
std::vector<int> visits(const GridSpec& spec, unsigned threads) {
    std::vector<std::atomic<int>> count(spec.width() * spec.height());
    for_each_cell(
        spec, [&](std::size_t col, std::size_t row, GeoPoint) { count[row * spec.width() + col].fetch_add(1); }, threads);
    std::vector<int> out;
    out.reserve(count.size());
    for (const auto& c : count) {
        out.push_back(c.load());
    }
    return out;
}

}  // namespace

TEST_CASE("for_each_cell visits every cell exactly once, for any thread count", "[core][parallel]") {
    // 7 columns x 5 rows of 1°: 5 rows do not divide evenly among 2, 3 or 4 threads.
    const GridSpec spec{10.0, 40.0, 17.0, 45.0, 1.0};
    REQUIRE(spec.width() == 7);
    REQUIRE(spec.height() == 5);
    const unsigned threads = GENERATE(0U, 1U, 2U, 3U, 4U, 5U, 8U, 64U);
    INFO("threads " << threads);
    const std::vector<int> v = visits(spec, threads);
    CHECK(v == std::vector<int>(35, 1));
}

TEST_CASE("for_each_cell on one-row and one-cell grids", "[core][parallel]") {
    const unsigned threads = GENERATE(0U, 1U, 4U);
    INFO("threads " << threads);
    SECTION("one row, many columns") {
        const GridSpec spec{-10.0, 0.0, 10.0, 0.5, 0.5};
        REQUIRE(spec.height() == 1);
        REQUIRE(spec.width() == 40);
        CHECK(visits(spec, threads) == std::vector<int>(40, 1));
    }
    SECTION("one column, one row") {
        const GridSpec spec{0.0, 0.0, 1.0, 1.0, 1.0};
        CHECK(visits(spec, threads) == std::vector<int>(1, 1));
    }
}

TEST_CASE("for_each_cell passes each cell's own centre", "[core][parallel]") {
    // Centres by hand: col c, row r (row 0 northernmost) of a 0.5° grid with its NW corner at (-2, 51):
    // lon = -2 + 0.5 (c + 1/2), lat = 51 - 0.5 (r + 1/2).
    const GridSpec spec{-2.0, 49.0, 1.0, 51.0, 0.5};
    std::vector<GeoPoint> centre(spec.width() * spec.height());
    for_each_cell(
        spec, [&](std::size_t col, std::size_t row, GeoPoint p) { centre[row * spec.width() + col] = p; }, 3);
    for (std::size_t row = 0; row < spec.height(); ++row) {
        for (std::size_t col = 0; col < spec.width(); ++col) {
            const GeoPoint p = centre[row * spec.width() + col];
            CHECK(p.lon_deg == Approx(-2.0 + 0.5 * (static_cast<double>(col) + 0.5)).margin(1e-12));
            CHECK(p.lat_deg == Approx(51.0 - 0.5 * (static_cast<double>(row) + 0.5)).margin(1e-12));
        }
    }
}

TEST_CASE("parallel_for visits every index once and rethrows the first error", "[core][parallel]") {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{1000}, std::size_t{100003}}) {
        std::vector<int> seen(n, 0);
        swx::parallel_for(n, [&](std::size_t i) { ++seen[i]; }, 4);
        CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(n));
    }
    CHECK_THROWS_WITH(swx::parallel_for(
                          10000,
                          [](std::size_t i) {
                              if (i == 7777) {
                                  throw std::runtime_error("index 7777");
                              }
                          },
                          2),
                      "index 7777");
}
