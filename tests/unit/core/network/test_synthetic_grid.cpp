#include <swx/core/network/synthetic_grid.hpp>

#include <swx/core/emf/line_emf.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>
#include <utility>

using namespace swx;

TEST_CASE("synthetic grid: a valid network of the requested size inside the box", "[core][synthetic]") {
    SyntheticGridOptions o;
    o.substations = 300;
    o.seed = GENERATE(1U, 7U);
    const Network net = make_synthetic_grid(o);
    CHECK_NOTHROW(validate_network(net, {}));
    REQUIRE(net.substations.size() == 300);
    std::set<std::string> ids;
    for (const auto& s : net.substations) {
        CHECK(s.location.lon_deg >= o.west_deg);
        CHECK(s.location.lon_deg <= o.east_deg);
        CHECK(s.location.lat_deg >= o.south_deg);
        CHECK(s.location.lat_deg <= o.north_deg);
        REQUIRE(s.grounding_ohm.has_value());
        CHECK(*s.grounding_ohm >= 0.1);
        CHECK(*s.grounding_ohm <= 1.0);
        ids.insert(s.id);
    }
    CHECK(ids.size() == 300);

    // Transformers: GSUs 345/22 kV, GY-GY-D 345/138 kV, autotransformers 500/345 kV, all in one substation.
    std::size_t autos = 0;
    for (const auto& t : net.transformers) {
        const Bus& hv = net.buses[t.hv_bus];
        const Bus& lv = net.buses[t.lv_bus];
        CHECK(hv.substation == lv.substation);
        switch (t.type) {
            case TransformerType::gsu:
                CHECK(hv.kv == 345.0);
                CHECK(lv.kv == 22.0);
                break;
            case TransformerType::gy_gy_d:
                CHECK(hv.kv == 345.0);
                CHECK(lv.kv == 138.0);
                break;
            case TransformerType::autotransformer:
                CHECK(hv.kv == 500.0);
                CHECK(lv.kv == 345.0);
                CHECK_FALSE(t.neutral_blocked);
                ++autos;
                break;
            default:
                FAIL("unexpected transformer type " << to_string(t.type));
        }
    }
    // About a fifth of the substations have a 500 kV bus (binomial: 300·0.2 = 60 ± 7, so 30..90 is > 4σ).
    CHECK(autos >= 30);
    CHECK(autos <= 90);

    // Lines join two different substations at one voltage, each pair at most once per voltage; every
    // substation queries its 3 nearest neighbours, so there are at least 300·3/2 lines at 345 kV.
    std::set<std::pair<std::size_t, std::size_t>> pairs;
    std::size_t lines_345 = 0;
    for (const auto& l : net.lines) {
        const Bus& a = net.buses[l.from_bus];
        const Bus& b = net.buses[l.to_bus];
        CHECK(a.substation != b.substation);
        CHECK(a.kv == b.kv);
        CHECK(l.kv == a.kv);
        CHECK(l.path.empty());
        const auto key = std::minmax(l.from_bus, l.to_bus);
        CHECK(pairs.insert(key).second);
        if (l.kv == 345.0) {
            ++lines_345;
            // r = km·0.037·(0.8..1.2), km the NERC straight-line length (at least 1 km).
            const Displacement d =
                nerc_displacement(net.substations[a.substation].location, net.substations[b.substation].location);
            const double km = std::max(1.0, std::hypot(d.north_km, d.east_km));
            CHECK(l.r_ohm >= 0.8 * 0.037 * km * (1.0 - 1e-12));
            CHECK(l.r_ohm <= 1.2 * 0.037 * km * (1.0 + 1e-12));
        }
    }
    CHECK(lines_345 >= 450);
    CHECK(lines_345 <= 900);
}

TEST_CASE("synthetic grid: deterministic for a seed, different across seeds", "[core][synthetic]") {
    SyntheticGridOptions o;
    o.substations = 100;
    const Network a = make_synthetic_grid(o);
    const Network b = make_synthetic_grid(o);
    REQUIRE(a.lines.size() == b.lines.size());
    REQUIRE(a.transformers.size() == b.transformers.size());
    for (std::size_t i = 0; i < a.substations.size(); ++i) {
        CHECK(a.substations[i].location.lon_deg == b.substations[i].location.lon_deg);
        CHECK(a.substations[i].location.lat_deg == b.substations[i].location.lat_deg);
    }
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        CHECK(a.lines[i].r_ohm == b.lines[i].r_ohm);
        CHECK(a.lines[i].from_bus == b.lines[i].from_bus);
    }
    o.seed = 2;
    const Network c = make_synthetic_grid(o);
    CHECK(c.substations[0].location.lon_deg != a.substations[0].location.lon_deg);
}

TEST_CASE("synthetic grid: options are honoured", "[core][synthetic]") {
    SyntheticGridOptions o;
    o.substations = 200;
    o.west_deg = 5.0;
    o.east_deg = 15.0;
    o.south_deg = 45.0;
    o.north_deg = 55.0;
    o.fraction_500kv = 0.0;
    o.fraction_blocked = 1.0;
    o.fraction_series_capacitor = 0.0;
    o.neighbours = 1;
    const Network net = make_synthetic_grid(o);
    for (const auto& s : net.substations) {
        CHECK(s.location.lon_deg >= 5.0);
        CHECK(s.location.lat_deg <= 55.0);
    }
    for (const auto& t : net.transformers) {
        CHECK(t.type != TransformerType::autotransformer);  // no 500 kV buses
        CHECK(t.neutral_blocked);
    }
    for (const auto& l : net.lines) {
        CHECK_FALSE(l.dc_blocked);
        CHECK(l.kv == 345.0);
    }
    // One neighbour each: between n/2 and n lines.
    CHECK(net.lines.size() >= 100);
    CHECK(net.lines.size() <= 200);
}
