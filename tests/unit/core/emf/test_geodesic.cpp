#include <swx/core/emf/geodesic.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double deg = std::numbers::pi / 180.0;

/// WGS84 meridian arc from the equator to geodetic latitude φ, km: Helmert's series in the third
/// flattening n = f/(2 − f), truncated after n⁴ (error ~ a·n⁵ ≈ 1e-7 m):
///   M(φ) = (a + b)/2·[(1 + n²/4 + n⁴/64)·φ − (3/2)(n − n³/8) sin 2φ + (15/16)(n² − n⁴/4) sin 4φ
///                     − (35/48) n³ sin 6φ + (315/512) n⁴ sin 8φ],   (a + b)/2 = a/(1 + n).
/// (Checked by hand against a 4·10⁵-step midpoint integral of a(1 − e²)(1 − e² sin² φ)^(−3/2): they agree
/// to 1e-9 m at 10°, 33°, 60° and 90°.)
double meridian_arc_km(double lat_deg) {
    const double a = 6378137.0;
    const double f = 1.0 / 298.257223563;
    const double n = f / (2.0 - f);
    const double phi = lat_deg * deg;
    const double n2 = n * n;
    const double n3 = n2 * n;
    const double n4 = n2 * n2;
    return 1e-3 * a / (1.0 + n) *
           ((1.0 + n2 / 4.0 + n4 / 64.0) * phi - 1.5 * (n - n3 / 8.0) * std::sin(2.0 * phi) +
            15.0 / 16.0 * (n2 - n4 / 4.0) * std::sin(4.0 * phi) - (35.0 * n3 / 48.0) * std::sin(6.0 * phi) +
            (315.0 * n4 / 512.0) * std::sin(8.0 * phi));
}

}  // namespace

TEST_CASE("geodesic length: JFK to LHR, the GeographicLib example", "[core][geodesic][validation]") {
    // GeographicLib's example-Geodesic.cpp inverse problem, JFK (40.6°N, 73.8°W) to LHR (51.6°N, 0.5°W)
    // on WGS84: s12 = 5551759.400319 m (GeodSolve -i output; Karney 2013, J. Geodesy 87:43–55). Within 1 mm.
    const std::vector<GeoPoint> route{{-73.8, 40.6}, {-0.5, 51.6}};
    CHECK_THAT(geodesic_length_km(route), WithinAbs(5551.759400319, 1e-6));
    // Length does not depend on the direction of travel.
    const std::vector<GeoPoint> back{{-0.5, 51.6}, {-73.8, 40.6}};
    CHECK_THAT(geodesic_length_km(back), WithinAbs(5551.759400319, 1e-6));
    // The integrations report the same length from their own geodesics.
    double integrated = 0.0;
    (void)geodesic_displacement(route, 10.0, &integrated);
    CHECK_THAT(integrated, WithinAbs(5551.759400319, 1e-6));
    const EarthRegions regions({rect("A", "M1", -80, 30, -40, 60)});
    double split = 0.0;
    (void)region_displacements(regions, route, 1.0, &split);
    CHECK_THAT(split, WithinAbs(5551.759400319, 1e-6));
}

TEST_CASE("geodesic length: meridian arcs against the series", "[core][geodesic]") {
    // The quarter meridian of WGS84 is 10 001 965.729 m (published value; the series above gives the same).
    CHECK_THAT(meridian_arc_km(90.0), WithinAbs(10001.965729, 1e-6));
    const std::vector<GeoPoint> quarter{{0.0, 0.0}, {0.0, 90.0}};
    CHECK_THAT(geodesic_length_km(quarter), WithinAbs(10001.965729, 1e-6));
    // A route of several vertices along one meridian is the sum of its arcs: M(60°) − M(10°), 1 mm.
    const std::vector<GeoPoint> route{{-85.0, 10.0}, {-85.0, 33.0}, {-85.0, 45.0}, {-85.0, 60.0}};
    CHECK_THAT(geodesic_length_km(route), WithinAbs(meridian_arc_km(60.0) - meridian_arc_km(10.0), 1e-6));
    // Degenerate routes.
    CHECK(geodesic_length_km(std::vector<GeoPoint>{}) == 0.0);
    CHECK(geodesic_length_km(std::vector<GeoPoint>{{1.0, 2.0}}) == 0.0);
}

TEST_CASE("geodesic displacement of a meridian arc is all north", "[core][geodesic]") {
    // Along a meridian the azimuth is 0 everywhere, so L_N is the arc length and L_E is 0 (1 mm).
    const std::vector<GeoPoint> north{{-85.0, 33.0}, {-85.0, 34.0}};
    const Displacement d = geodesic_displacement(north);
    CHECK_THAT(d.north_km, WithinAbs(meridian_arc_km(34.0) - meridian_arc_km(33.0), 1e-6));
    CHECK_THAT(d.east_km, WithinAbs(0.0, 1e-9));
    const std::vector<GeoPoint> south{{-85.0, 34.0}, {-85.0, 33.0}};
    CHECK_THAT(geodesic_displacement(south).north_km, WithinAbs(-d.north_km, 1e-9));
}

TEST_CASE("geodesic displacement of a short east-west line agrees with the NERC formula", "[core][geodesic]") {
    // 1° of longitude at 45°N. The parallel arc is a·cos φ/sqrt(1 − e² sin² φ)·Δλ = 78.84684 km; the NERC
    // series gives (111.5065 − 0.1872 cos 90°)·cos 45° = 78.84700 km (+0.17 m: the series is truncated), and
    // the geodesic cuts the parallel's curve, shorter by about L³ tan² φ/(24 R²) ≈ 0.5 m. So the two agree
    // within 2 m. North: the geodesic rises and falls symmetrically, so L_N is 0 to rounding.
    const std::vector<GeoPoint> route{{-85.5, 45.0}, {-84.5, 45.0}};
    const Displacement g = geodesic_displacement(route);
    const Displacement n = nerc_displacement(route.front(), route.back());
    CHECK_THAT(n.east_km, WithinAbs(78.84700, 1e-5));
    CHECK_THAT(g.east_km, WithinAbs(n.east_km, 0.002));
    CHECK_THAT(g.north_km, WithinAbs(0.0, 1e-9));
    CHECK(g.east_km < 78.84684);  // shorter than the parallel arc
    // The displacement's magnitude is at most the route's length (equal for a straight geodesic, to O(step²)).
    CHECK(std::hypot(g.north_km, g.east_km) <= geodesic_length_km(route) + 1e-9);
    // Westward is the negative.
    const std::vector<GeoPoint> west{{-84.5, 45.0}, {-85.5, 45.0}};
    CHECK_THAT(geodesic_displacement(west).east_km, WithinAbs(-g.east_km, 1e-9));
}

TEST_CASE("geodesic displacement across the antimeridian goes the short way", "[core][geodesic]") {
    const std::vector<GeoPoint> across{{179.5, 10.0}, {-179.5, 10.0}};
    const std::vector<GeoPoint> same{{-0.5, 10.0}, {0.5, 10.0}};  // the same line, 180° away
    const Displacement a = geodesic_displacement(across);
    const Displacement b = geodesic_displacement(same);
    CHECK(a.east_km > 100.0);
    CHECK_THAT(a.east_km, WithinAbs(b.east_km, 1e-9));
    CHECK_THAT(a.north_km, WithinAbs(b.north_km, 1e-9));
    CHECK_THAT(geodesic_length_km(across), WithinAbs(geodesic_length_km(same), 1e-9));
}

TEST_CASE("line displacements and lengths per network line", "[core][geodesic]") {
    Network net;
    net.substations = {{"A", "A", {-85.0, 33.0}, 0.5}, {"B", "B", {-85.0, 34.0}, 0.5}};
    net.buses = {{"A1", 0, 345.0}, {"B1", 1, 345.0}};
    Line straight;
    straight.id = "L1";
    straight.from_bus = 0;
    straight.to_bus = 1;
    Line bent = straight;
    bent.id = "L2";
    bent.path = {{-85.0, 33.0}, {-84.0, 33.5}, {-85.0, 34.0}};  // out east and back
    net.lines = {straight, bent};
    const double arc = meridian_arc_km(34.0) - meridian_arc_km(33.0);

    const auto geodesic = line_displacements(net, DistanceMethod::geodesic);
    REQUIRE(geodesic.size() == 2);
    CHECK_THAT(geodesic[0].north_km, WithinAbs(arc, 1e-6));
    // L_N = ∫cos(az) ds = ∫ρ(φ) dφ = M(φ2) − M(φ1) whatever the path, so the bent route has the same L_N.
    // L_E = ∫N(φ) cos φ dλ does depend on the path: 1° east at about 33.25°N and 1° back at about 33.75°N
    // leaves ≈ 111.3 km·(cos 33.25° − cos 33.75°) ≈ +0.54 km.
    // The integral is a midpoint rule over ≤ 10 km pieces (error O(step²)): 2 cm here, so 10 cm.
    CHECK_THAT(geodesic[1].north_km, WithinAbs(arc, 1e-4));
    CHECK(geodesic[1].east_km > 0.4);
    CHECK(geodesic[1].east_km < 0.7);

    const auto nerc = line_displacements(net, DistanceMethod::nerc);  // end to end: both lines alike
    CHECK_THAT(nerc[0].north_km, WithinAbs(111.133 - 0.56 * std::cos(2.0 * 33.5 * deg), 1e-9));
    CHECK(nerc[1].north_km == nerc[0].north_km);
    CHECK(nerc[1].east_km == nerc[0].east_km);

    const auto length = line_lengths_km(net);
    CHECK_THAT(length[0], WithinAbs(arc, 1e-6));
    CHECK(length[1] > 2.0 * 93.0);  // two legs of about 1° of longitude at 33°N plus a bit of latitude
}

TEST_CASE("region displacements add up to the route's displacement", "[core][geodesic]") {
    // A: lon 0..1, B: lon 1..2 (lat 0..1); the route runs from inside A through B and out of both.
    const EarthRegions regions({rect("A", "M1", 0, 0, 1, 1), rect("B", "M2", 1, 0, 2, 1)});
    const std::vector<GeoPoint> route{{0.2, 0.3}, {1.5, 0.6}, {2.7, 0.4}};
    const auto parts = region_displacements(regions, route, 1.0);
    REQUIRE(parts.size() == 3);  // order of first appearance: A, B, outside
    CHECK(parts[0].region == 0u);
    CHECK(parts[1].region == 1u);
    CHECK_FALSE(parts[2].region.has_value());
    Displacement sum;
    for (const auto& p : parts) {
        sum.north_km += p.d.north_km;
        sum.east_km += p.d.east_km;
    }
    // The header promises agreement to ~1e-9 km per crossing (two crossings here).
    const Displacement whole = geodesic_displacement(route, 1.0);
    CHECK_THAT(sum.north_km, WithinAbs(whole.north_km, 1e-8));
    CHECK_THAT(sum.east_km, WithinAbs(whole.east_km, 1e-8));
    // The part in A runs from lon 0.2 to the boundary at lon 1: about 0.8° of 1.3° of the first leg.
    CHECK_THAT(parts[0].d.east_km / geodesic_displacement(std::vector<GeoPoint>{route[0], route[1]}, 1.0).east_km,
               WithinAbs(0.8 / 1.3, 1e-3));
}

TEST_CASE("region displacements: a route inside one region, a route coming back, degenerate routes", "[core][geodesic]") {
    const EarthRegions regions({rect("A", "M1", 0, 0, 1, 1), rect("B", "M2", 1, 0, 2, 1)});
    SECTION("inside one region: one part, the whole displacement") {
        const std::vector<GeoPoint> route{{0.1, 0.1}, {0.9, 0.8}};
        const auto parts = region_displacements(regions, route, 1.0);
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].region == 0u);
        CHECK_THAT(parts[0].d.north_km, WithinAbs(geodesic_displacement(route, 1.0).north_km, 1e-9));
    }
    SECTION("A → B → A: the two visits to A are one part") {
        const std::vector<GeoPoint> route{{0.5, 0.5}, {1.5, 0.5}, {0.5, 0.6}};
        const auto parts = region_displacements(regions, route, 1.0);
        REQUIRE(parts.size() == 2);
        CHECK(parts[0].region == 0u);
        CHECK(parts[1].region == 1u);
        // B is entered and left at lon 1 (0.1° of latitude apart): its part has almost no east displacement.
        CHECK_THAT(parts[1].d.east_km, WithinAbs(0.0, 1e-3));
    }
    SECTION("fewer than two distinct points") {
        CHECK(region_displacements(regions, std::vector<GeoPoint>{}).empty());
        CHECK(region_displacements(regions, std::vector<GeoPoint>{{0.5, 0.5}}).empty());
        CHECK(region_displacements(regions, std::vector<GeoPoint>{{0.5, 0.5}, {0.5, 0.5}}).empty());
    }
    SECTION("a vertex that is not finite") {
        CHECK_THROWS_AS(region_displacements(regions, std::vector<GeoPoint>{{0.5, 0.5}, {not_a_number, 0.5}}), InputError);
    }
}

TEST_CASE("line_geometry: the values of line_displacements and line_lengths_km, bit for bit", "[core][geodesic]") {
    // line_geometry integrates every line once, in parallel; it must give exactly what the one-at-a-time
    // functions give (0 km difference), for routes of several vertices and straight lines, both methods.
    Network net;
    for (int i = 0; i < 400; ++i) {
        Substation s;
        s.id = "S" + std::to_string(i);
        s.location = {-120.0 + 0.11 * i, 30.0 + 0.037 * i};
        net.substations.push_back(s);
        Bus b;
        b.id = "B" + std::to_string(i);
        b.substation = static_cast<std::size_t>(i);
        net.buses.push_back(b);
    }
    for (int i = 0; i + 7 < 400; ++i) {
        Line l;
        l.id = "L" + std::to_string(i);
        l.from_bus = static_cast<std::size_t>(i);
        l.to_bus = static_cast<std::size_t>(i + 7);
        if (i % 3 == 0) {
            const GeoPoint a = net.substations[l.from_bus].location;
            const GeoPoint b = net.substations[l.to_bus].location;
            l.path = {a, {0.5 * (a.lon_deg + b.lon_deg) + 0.2, 0.5 * (a.lat_deg + b.lat_deg) - 0.1}, b};
        }
        net.lines.push_back(l);
    }
    const std::vector<double> lengths = line_lengths_km(net);
    for (const DistanceMethod method : {DistanceMethod::geodesic, DistanceMethod::nerc}) {
        const std::vector<Displacement> d = line_displacements(net, method);
        for (const unsigned threads : {1U, 2U, 0U}) {
            const LineGeometry g = line_geometry(net, method, threads);
            REQUIRE(g.displacements.size() == net.lines.size());
            REQUIRE(g.length_km.size() == net.lines.size());
            std::size_t differences = 0;
            for (std::size_t l = 0; l < net.lines.size(); ++l) {
                differences += g.displacements[l].north_km != d[l].north_km || g.displacements[l].east_km != d[l].east_km ||
                               g.length_km[l] != lengths[l];
            }
            CHECK(differences == 0);
        }
    }
}
