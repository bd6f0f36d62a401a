#include <swx/core/earth/earth_regions.hpp>
#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <cmath>
#include <numbers>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::Contains;

namespace {

/// A region over the lon/lat rectangle [x0, x1] × [y0, y1], vertices given counter-clockwise (as in
/// Three unit squares side by side: A [0,1], B [1,2], C [2,3] (lon), lat 0..1.
std::vector<EarthRegion> three_squares() {
    return {rect("A", "M1", 0, 0, 1, 1), rect("B", "M2", 1, 0, 2, 1), rect("C", "M1", 2, 0, 3, 1)};
}

double planar_length(const std::vector<GeoPoint>& pts) {
    double s = 0.0;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        s += std::hypot(pts[i].lon_deg - pts[i - 1].lon_deg, pts[i].lat_deg - pts[i - 1].lat_deg);
    }
    return s;
}

/// Great-circle length on a sphere (haversine), km.
double sphere_length_km(const std::vector<GeoPoint>& pts) {
    constexpr double deg = std::numbers::pi / 180.0;
    double s = 0.0;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const double dphi = (pts[i].lat_deg - pts[i - 1].lat_deg) * deg;
        const double dlam = (pts[i].lon_deg - pts[i - 1].lon_deg) * deg;
        const double h = std::pow(std::sin(dphi / 2), 2) +
                         std::cos(pts[i].lat_deg * deg) * std::cos(pts[i - 1].lat_deg * deg) * std::pow(std::sin(dlam / 2), 2);
        s += 2.0 * 6371.0088 * std::asin(std::sqrt(h));
    }
    return s;
}

}  // namespace

TEST_CASE("earth regions: point lookup", "[core]") {
    const EarthRegions regions(three_squares());
    REQUIRE(regions.size() == 3);
    CHECK(regions.region_at({0.5, 0.5}) == 0u);
    CHECK(regions.region_at({1.5, 0.5}) == 1u);
    CHECK(regions.region_at({2.9, 0.1}) == 2u);
    CHECK_FALSE(regions.region_at({5.0, 5.0}));
    CHECK_FALSE(regions.region_at({0.5, 1.0 + 1e-9}));
    CHECK_FALSE(regions.region_at({}));  // NaN
    SECTION("a point on a shared boundary belongs to the first region in layer order") {
        CHECK(regions.region_at({1.0, 0.5}) == 0u);
        CHECK(regions.region_at({2.0, 0.5}) == 1u);
        CHECK(regions.region_at({2.0, 1.0}) == 1u);  // corner shared by B and C
        CHECK(regions.region_at({3.0, 0.5}) == 2u);  // outer boundary is inside
    }
    CHECK(regions.region(1).id == "B");
    CHECK(regions.model_names() == std::vector<std::string>{"M1", "M2"});
    CHECK_THROWS_AS((void)regions.region(3), std::out_of_range);
}

TEST_CASE("earth regions: overlaps resolve by layer order", "[core]") {
    SECTION("the overlapping region comes last") {
        auto list = three_squares();
        list.push_back(rect("D", "M3", 0.5, 0.5, 1.5, 1.5));
        const EarthRegions regions(std::move(list));
        CHECK(regions.region_at({0.75, 0.75}) == 0u);
        CHECK(regions.region_at({1.25, 0.75}) == 1u);
        CHECK(regions.region_at({1.25, 1.25}) == 3u);
    }
    SECTION("the overlapping region comes first") {
        auto list = three_squares();
        list.insert(list.begin(), rect("D", "M3", 0.5, 0.5, 1.5, 1.5));
        const EarthRegions regions(std::move(list));
        CHECK(regions.region_at({0.75, 0.75}) == 0u);
        CHECK(regions.region_at({0.25, 0.25}) == 1u);
        CHECK(regions.region_at({1.25, 0.25}) == 2u);
    }
}

TEST_CASE("earth regions: multipolygons and holes", "[core]") {
    EarthRegion r = rect("R", "M1", 0, 0, 4, 4);
    LonLatPolygon island;
    for (const auto& [x, y] : {std::pair{10.0, 0.0}, {11.0, 0.0}, {11.0, 1.0}, {10.0, 0.0}}) {
        island.outer().emplace_back(x, y);
    }
    r.area.push_back(island);
    r.area[0].inners().emplace_back();
    for (const auto& [x, y] : {std::pair{1.0, 1.0}, {2.0, 1.0}, {2.0, 2.0}, {1.0, 2.0}, {1.0, 1.0}}) {
        r.area[0].inners()[0].emplace_back(x, y);
    }
    const EarthRegions regions({r, rect("H", "M2", 1, 1, 2, 2)});
    CHECK(regions.region_at({0.5, 0.5}) == 0u);
    CHECK(regions.region_at({10.9, 0.5}) == 0u);
    CHECK(regions.region_at({1.5, 1.5}) == 1u);  // in the hole: the second region
    const std::vector<GeoPoint> route{{0.5, 1.5}, {3.5, 1.5}};
    const auto legs = regions.split_route(route);
    REQUIRE(legs.size() == 3);
    CHECK(legs[0].region == 0u);
    CHECK(legs[1].region == 1u);
    CHECK(legs[2].region == 0u);
}

TEST_CASE("earth regions: a route crossing two boundaries gives three legs with exact crossings", "[core]") {
    const EarthRegions regions(three_squares());
    const std::vector<GeoPoint> route{{0.5, 0.2}, {2.5, 0.8}};  // crosses lon 1 at lat 0.35, lon 2 at lat 0.65
    const auto legs = regions.split_route(route);
    REQUIRE(legs.size() == 3);
    CHECK(legs[0].region == 0u);
    CHECK(legs[1].region == 1u);
    CHECK(legs[2].region == 2u);
    REQUIRE(legs[0].points.size() == 2);
    REQUIRE(legs[1].points.size() == 2);
    REQUIRE(legs[2].points.size() == 2);
    CHECK(legs[0].points[0].lon_deg == 0.5);
    CHECK(legs[0].points[1].lon_deg == Approx(1.0).margin(1e-12));
    CHECK(legs[0].points[1].lat_deg == Approx(0.35).margin(1e-12));
    CHECK(legs[1].points[0].lon_deg == legs[0].points[1].lon_deg);  // legs share their joints
    CHECK(legs[1].points[1].lon_deg == Approx(2.0).margin(1e-12));
    CHECK(legs[1].points[1].lat_deg == Approx(0.65).margin(1e-12));
    CHECK(legs[2].points[1].lon_deg == 2.5);
    CHECK(legs[2].points[1].lat_deg == 0.8);
    double sum = 0.0;
    for (const auto& leg : legs) {
        sum += planar_length(leg.points);
    }
    CHECK(sum == Approx(planar_length(route)).epsilon(1e-14));
}

TEST_CASE("earth regions: a route inside one region is one leg with its vertices", "[core]") {
    const EarthRegions regions(three_squares());
    const std::vector<GeoPoint> route{{0.1, 0.1}, {0.9, 0.2}, {0.9, 0.2}, {0.8, 0.9}};
    const auto legs = regions.split_route(route);
    REQUIRE(legs.size() == 1);
    CHECK(legs[0].region == 0u);
    CHECK(legs[0].points.size() == 3);  // the repeated vertex is a zero-length segment, skipped
    CHECK(planar_length(legs[0].points) == Approx(planar_length(route)));
}

TEST_CASE("earth regions: a route leaving every region gets a nullopt leg", "[core]") {
    const EarthRegions regions(three_squares());
    const std::vector<GeoPoint> route{{0.5, 0.5}, {0.5, 2.0}, {1.5, 2.0}, {1.5, 0.5}};
    const auto legs = regions.split_route(route);
    REQUIRE(legs.size() == 3);
    CHECK(legs[0].region == 0u);
    CHECK_FALSE(legs[1].region);
    CHECK(legs[2].region == 1u);
    CHECK(legs[1].points.front().lat_deg == Approx(1.0).margin(1e-12));
    CHECK(legs[1].points.size() == 4);  // exit point, two route vertices, entry point
    CHECK(legs[2].points.front().lon_deg == Approx(1.5).margin(1e-12));
    CHECK(legs[2].points.front().lat_deg == Approx(1.0).margin(1e-12));
    double sum = 0.0;
    for (const auto& leg : legs) {
        sum += planar_length(leg.points);
    }
    CHECK(sum == Approx(planar_length(route)).epsilon(1e-14));
}

TEST_CASE("earth regions: a route along a shared boundary", "[core]") {
    const EarthRegions regions(three_squares());
    const std::vector<GeoPoint> route{{1.0, -0.5}, {1.0, 1.5}};
    const auto legs = regions.split_route(route);
    REQUIRE(legs.size() == 3);
    CHECK_FALSE(legs[0].region);
    CHECK(legs[1].region == 0u);  // on the A|B boundary: first region
    CHECK_FALSE(legs[2].region);
    CHECK(legs[1].points.front().lat_deg == Approx(0.0).margin(1e-12));
    CHECK(legs[1].points.back().lat_deg == Approx(1.0).margin(1e-12));
}

TEST_CASE("earth regions: densified routes follow the great circle", "[core]") {
    const EarthRegions regions(three_squares());
    const std::vector<GeoPoint> route{{0.5, 0.2}, {2.5, 0.9}, {0.2, 0.6}};
    const auto legs = regions.split_route(route, 10.0);
    double sum = 0.0;
    std::size_t crossings = 0;
    for (std::size_t k = 0; k < legs.size(); ++k) {
        sum += sphere_length_km(legs[k].points);
        for (std::size_t i = 1; i < legs[k].points.size(); ++i) {
            CHECK(sphere_length_km({legs[k].points[i - 1], legs[k].points[i]}) <= 10.0 + 1e-9);
        }
        if (k > 0) {
            const double lon = legs[k].points.front().lon_deg;
            CHECK(std::min(std::abs(lon - 1.0), std::abs(lon - 2.0)) < 1e-12);  // on a boundary
            ++crossings;
        }
    }
    CHECK(crossings == 4);
    CHECK(sum == Approx(sphere_length_km(route)).epsilon(1e-12));
}

TEST_CASE("earth regions: longitudes across the antimeridian", "[core]") {
    const EarthRegions regions({rect("W", "M1", 170, 10, 180, 20), rect("E", "M2", -180, 10, -170, 20),
                                rect("X", "M3", 175, 30, 185, 40)});  // X runs past 180
    CHECK(regions.region_at({-176.0, 35.0}) == 2u);
    CHECK(regions.region_at({184.0, 15.0}) == 1u);
    CHECK(regions.region_at({-185.0, 15.0}) == 0u);
    const std::vector<GeoPoint> route{{179.5, 15.0}, {-179.5, 15.0}};
    const auto legs = regions.split_route(route);
    REQUIRE(legs.size() == 2);
    CHECK(legs[0].region == 0u);
    CHECK(legs[1].region == 1u);
    CHECK(std::abs(legs[0].points.back().lon_deg) == Approx(180.0).margin(1e-12));
    const std::vector<GeoPoint> across{{176.0, 35.0}, {-176.0, 35.0}};
    const auto one = regions.split_route(across);
    REQUIRE(one.size() == 1);
    CHECK(one[0].region == 2u);
}

TEST_CASE("earth regions: degenerate routes", "[core]") {
    const EarthRegions regions(three_squares());
    CHECK(regions.split_route({}).empty());
    const std::vector<GeoPoint> one{{1.5, 0.5}};
    const auto legs = regions.split_route(one);
    REQUIRE(legs.size() == 1);
    CHECK(legs[0].region == 1u);
    const std::vector<GeoPoint> bad{{0.5, 0.5}, {not_a_number, 0.5}};
    CHECK_THROWS_AS(regions.split_route(bad), InputError);
    const EarthRegions none;
    const std::vector<GeoPoint> route{{0.5, 0.5}, {1.5, 0.5}};
    REQUIRE(none.split_route(route).size() == 1);
    CHECK_FALSE(none.split_route(route)[0].region);
}

TEST_CASE("earth regions: bad regions are InputErrors naming the region", "[core]") {
    SECTION("empty model") {
        auto list = three_squares();
        list[1].model.clear();
        CHECK_THROWS_WITH(EarthRegions(std::move(list)), Contains("feature B, field model") && Contains("model is empty"));
    }
    SECTION("self-intersecting (bow tie)") {
        EarthRegion r;
        r.id = "bow";
        r.model = "M1";
        LonLatPolygon polygon;
        for (const auto& [x, y] : {std::pair{0.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}, {0.0, 1.0}, {0.0, 0.0}}) {
            polygon.outer().emplace_back(x, y);
        }
        r.area.push_back(polygon);
        CHECK_THROWS_WITH(EarthRegions({r}), Contains("feature bow, field geometry") && Contains("self-intersection"));
    }
    SECTION("empty geometry") {
        EarthRegion r;
        r.model = "M1";
        CHECK_THROWS_AS(EarthRegions({r}), InputError);
    }
    SECTION("coordinates out of range") {
        // Numbers as the user wrote them ("lat 100"), not std::to_string's "100.000000" (issue 9 item 25).
        CHECK_THROWS_WITH(EarthRegions({rect("far", "M1", 0, 0, 1, 100)}),
                          Contains("out of range (lon 1, lat 100)") && !Contains(".000000"));
    }
}

TEST_CASE("earth regions: many regions (R-tree path)", "[core]") {
    // 100 × 100 cells of 0.5°: a diagonal route crosses about 200 boundaries.
    std::vector<EarthRegion> cells;
    for (int i = 0; i < 100; ++i) {
        for (int j = 0; j < 100; ++j) {
            cells.push_back(rect(std::to_string(i) + "/" + std::to_string(j), "M" + std::to_string((i + j) % 3), 0.5 * i, 0.5 * j,
                                 0.5 * (i + 1), 0.5 * (j + 1)));
        }
    }
    const EarthRegions regions(std::move(cells));
    CHECK(regions.region_at({10.25, 20.75}) == 20u * 100u + 41u);
    const std::vector<GeoPoint> route{{0.2, 0.1}, {49.9, 49.3}};
    const auto legs = regions.split_route(route);
    CHECK(legs.size() == 198);  // 99 + 98 crossings
    double sum = 0.0;
    for (std::size_t k = 0; k < legs.size(); ++k) {
        REQUIRE(legs[k].region);
        if (k > 0) {
            CHECK(legs[k].region != legs[k - 1].region);
        }
        const GeoPoint a = legs[k].points.front();
        const GeoPoint b = legs[k].points.back();
        CHECK(regions.region_at({0.5 * (a.lon_deg + b.lon_deg), 0.5 * (a.lat_deg + b.lat_deg)}) == legs[k].region);
        sum += planar_length(legs[k].points);
    }
    CHECK(sum == Approx(planar_length(route)).epsilon(1e-12));
}
