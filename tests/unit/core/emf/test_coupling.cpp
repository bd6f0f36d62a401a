#include <swx/core/emf/coupling.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/emf/geodesic.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

EarthModelLibrary library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "WEST"));
    lib.add(EarthModel::uniform(1000.0, "EAST"));
    lib.add(EarthModel::uniform(300.0, "FB"));
    return lib;
}

/// Two regions: WEST on lon −86..−85, EAST on lon −85..−84 (lat 33..35).
EarthRegions two_regions() { return EarthRegions({rect("W", "west", -86, 33, -85, 35), rect("E", "EAST", -85, 33, -84, 35)}); }

/// Substations: A and B in WEST, C in EAST, D outside both regions (lon −83).
Network network() {
    Network n;
    n.substations = {{"A", "A", {-85.8, 33.5}, 0.5}, {"B", "B", {-85.2, 34.5}, 0.5}, {"C", "C", {-84.5, 34.0}, 0.5},
                     {"D", "D", {-83.0, 34.0}, 0.5}};
    n.buses = {{"A1", 0, 345.0}, {"B1", 1, 345.0}, {"C1", 2, 345.0}, {"D1", 3, 345.0}};
    auto line = [](std::string id, std::size_t from, std::size_t to, std::vector<GeoPoint> path = {}) {
        Line l;
        l.id = std::move(id);
        l.from_bus = from;
        l.to_bus = to;
        l.r_ohm = 3.0;
        l.kv = 345.0;
        l.path = std::move(path);
        return l;
    };
    n.lines = {line("AB", 0, 1),                                        // inside WEST
               line("AC", 0, 2),                                        // WEST then EAST
               line("CAC", 2, 2, {{-84.5, 34.0}, {-85.5, 34.2}, {-84.5, 34.4}}),  // a loop: EAST, WEST, EAST again
               line("CD", 2, 3)};                                       // EAST, then outside every region
    return n;
}

Displacement sum_parts(const LineCoupling& c) {
    Displacement d;
    for (const auto& p : c.parts) {
        d.north_km += p.d.north_km;
        d.east_km += p.d.east_km;
    }
    return d;
}

}  // namespace

TEST_CASE("couple_lines: each line's parts per model add up to its route's displacement", "[core][coupling]") {
    const Network net = network();
    const Ground ground(library(), two_regions(), "FB", {});
    const LineGroundCoupling c = couple_lines(net, ground);
    CHECK(c.models == std::vector<std::string>{"WEST", "EAST", "FB"});  // canonical: "west" is WEST
    REQUIRE(c.couplings.size() == net.lines.size());

    const std::vector<std::size_t> parts{1, 2, 2, 2};  // models met by AB, AC, CAC, CD
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        INFO("line " << net.lines[l].id);
        CHECK(c.couplings[l].parts.size() == parts[l]);
        // Split into 1 km geodesic pieces: the sum matches the unsplit integral with the same pieces to
        // ~1e-9 km per crossing, and the default 10 km integral to O(step²) (well below 1 m).
        const auto route = net.route(net.lines[l]);
        const Displacement sum = sum_parts(c.couplings[l]);
        const Displacement fine = geodesic_displacement(route, 1.0);
        CHECK_THAT(sum.north_km, WithinAbs(fine.north_km, 1e-8));
        CHECK_THAT(sum.east_km, WithinAbs(fine.east_km, 1e-8));
        const Displacement coarse = geodesic_displacement(route);
        CHECK_THAT(sum.north_km, WithinAbs(coarse.north_km, 1e-3));
        CHECK_THAT(sum.east_km, WithinAbs(coarse.east_km, 1e-3));
    }
    // AB lies in WEST only.
    CHECK(c.couplings[0].parts[0].source == 0u);
    // AC: WEST from lon −85.8 to the boundary at −85, then EAST to −84.5: 0.8 : 0.5 of the east displacement.
    REQUIRE(c.couplings[1].parts.size() == 2);
    CHECK(c.couplings[1].parts[0].source == 0u);
    CHECK(c.couplings[1].parts[1].source == 1u);
    CHECK_THAT(c.couplings[1].parts[0].d.east_km / sum_parts(c.couplings[1]).east_km, WithinAbs(0.8 / 1.3, 1e-3));
    // CAC visits EAST twice; both visits go into one part.
    CHECK(c.couplings[2].parts[0].source == 1u);
    CHECK(c.couplings[2].parts[1].source == 0u);
    // CD: the stretch east of lon −84 takes the fallback model.
    CHECK(c.couplings[3].parts[0].source == 1u);
    CHECK(c.couplings[3].parts[1].source == 2u);
    CHECK_THAT(c.couplings[3].parts[1].d.east_km / sum_parts(c.couplings[3]).east_km, WithinAbs(1.0 / 1.5, 1e-3));
}

TEST_CASE("couple_lines: one model everywhere gives one part per line", "[core][coupling]") {
    const Network net = network();
    const Ground ground(library(), std::nullopt, "EAST", {});
    const LineGroundCoupling c = couple_lines(net, ground);
    CHECK(c.models == std::vector<std::string>{"EAST"});
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        REQUIRE(c.couplings[l].parts.size() == 1);
        const Displacement whole = geodesic_displacement(net.route(net.lines[l]));
        CHECK(c.couplings[l].parts[0].d.north_km == whole.north_km);
        CHECK(c.couplings[l].parts[0].d.east_km == whole.east_km);
    }
}

TEST_CASE("couple_lines: each line's length is line_lengths_km's, with regions and without", "[core][coupling]") {
    const Network net = network();
    // Both come from the same WGS84 geodesics (the coupling reads their lengths, line_lengths_km solves them
    // again): equal to rounding. A route of a few hundred km, so 1e-9 km (1 um) is far above rounding
    // (~1e-13 km) and far below any length that matters.
    const std::vector<double> expected = line_lengths_km(net);
    for (const bool regions : {true, false}) {
        INFO((regions ? "with regions" : "one model"));
        const Ground ground = regions ? Ground(library(), two_regions(), "FB", {}) : Ground(library(), std::nullopt, "EAST", {});
        const LineGroundCoupling c = couple_lines(net, ground);
        REQUIRE(c.length_km.size() == net.lines.size());
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            INFO("line " << net.lines[l].id);
            CHECK(expected[l] > 50.0);
            CHECK_THAT(c.length_km[l], WithinAbs(expected[l], 1e-9));
        }
    }
}

TEST_CASE("couple_lines: a route leaving every region without a fallback is an InputError naming the line",
          "[core][coupling][errors]") {
    const Network net = network();
    const Ground ground(library(), two_regions(), "", {});
    try {
        (void)couple_lines(net, ground);
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK(e.context().feature == "CD");
        CHECK(e.context().layer == "lines");
        CHECK_THAT(e.what(), Contains("feature CD"));
        CHECK_THAT(e.what(), Contains("outside every earth region"));
    }
    // Without the line that leaves, the rest couples.
    Network inside = net;
    inside.lines.pop_back();
    CHECK(couple_lines(inside, ground).couplings.size() == 3);
}

TEST_CASE("couple_lines: with many lines (coupled in parallel) the first line leaving every region, in order, is the one named",
          "[core][coupling][errors]") {
    Network net = network();
    const Line inside = net.lines[0];
    const Line leaves = net.lines[3];
    net.lines.clear();
    for (std::size_t i = 0; i < 2000; ++i) {
        Line l = (i == 700 || i == 1500 || i == 1999) ? leaves : inside;
        l.id = "L" + std::to_string(i);
        net.lines.push_back(l);
    }
    const Ground ground(library(), two_regions(), "", {});
    try {
        (void)couple_lines(net, ground);
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK(e.context().feature == "L700");
    }
    // Without those lines every line couples as the single line does on its own.
    Network ok = net;
    ok.lines.erase(ok.lines.begin() + 1999);
    ok.lines.erase(ok.lines.begin() + 1500);
    ok.lines.erase(ok.lines.begin() + 700);
    Network one = network();
    one.lines.resize(1);
    const LineGroundCoupling single = couple_lines(one, ground);
    const LineGroundCoupling many = couple_lines(ok, ground);
    REQUIRE(many.couplings.size() == ok.lines.size());
    for (const auto& c : many.couplings) {
        REQUIRE(c.parts.size() == single.couplings[0].parts.size());
        CHECK(c.parts[0].source == single.couplings[0].parts[0].source);
        CHECK(c.parts[0].d.north_km == single.couplings[0].parts[0].d.north_km);
        CHECK(c.parts[0].d.east_km == single.couplings[0].parts[0].d.east_km);
    }
}

TEST_CASE("couple_lines by region: one source per region, the parts of regions of one model add up to the model's", "[core][coupling]") {
    const Network net = network();
    // Three regions: two of them WEST (lon −86..−85.5 and −85.5..−85), one EAST; FB outside.
    const Ground ground(library(),
                        EarthRegions({rect("W1", "WEST", -86, 33, -85.5, 35), rect("W2", "WEST", -85.5, 33, -85, 35), rect("E", "EAST", -85, 33, -84, 35)}),
                        "FB", {});
    const LineGroundCoupling by_model = couple_lines(net, ground);
    const LineGroundCoupling by_region = couple_lines(net, ground, CouplingSources::region);
    CHECK(by_model.names == by_model.models);
    CHECK(by_region.models == std::vector<std::string>{"WEST", "WEST", "EAST", "FB"});
    CHECK(by_region.names == std::vector<std::string>{"W1", "W2", "E", "outside the regions"});
    REQUIRE(by_region.couplings.size() == net.lines.size());
    // AB runs from lon −85.8 to −85.2: through W1 and W2, two sources of one model.
    CHECK(by_region.couplings[0].parts.size() == 2);
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        INFO("line " << net.lines[l].id);
        // Per model, the regions' parts add up to the model's part (to rounding of the split, 1e-9 km).
        for (std::size_t m = 0; m < by_model.models.size(); ++m) {
            Displacement want;
            for (const auto& p : by_model.couplings[l].parts) {
                if (p.source == m) {
                    want = p.d;
                }
            }
            Displacement got;
            for (const auto& p : by_region.couplings[l].parts) {
                if (by_region.models[p.source] == by_model.models[m]) {
                    got.north_km += p.d.north_km;
                    got.east_km += p.d.east_km;
                }
            }
            CHECK_THAT(got.north_km, WithinAbs(want.north_km, 1e-9));
            CHECK_THAT(got.east_km, WithinAbs(want.east_km, 1e-9));
        }
        const Displacement a = sum_parts(by_model.couplings[l]);
        const Displacement b = sum_parts(by_region.couplings[l]);
        CHECK_THAT(b.north_km, WithinAbs(a.north_km, 1e-9));
        CHECK_THAT(b.east_km, WithinAbs(a.east_km, 1e-9));
    }
}
