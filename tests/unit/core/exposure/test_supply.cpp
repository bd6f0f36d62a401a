// Supplies: which substations can feed a site, and the nearest-substation search over them.
#include <swx/core/exposure/supply.hpp>

#include <catch2/catch.hpp>

using namespace swx;

namespace {

/// Three substations on the equator: S0 a switching station at lon 0 (no transformer), S1 at lon 0.1
/// with a delta-delta unit only, S2 at lon 0.3 with a grounded GSU.
Network three_substations() {
    Network n;
    n.substations = {{"S0", "switching", {0.0, 0.0}, 0.1}, {"S1", "delta", {0.1, 0.0}, 0.1}, {"S2", "gsu", {0.3, 0.0}, 0.1}};
    n.buses = {{"b0", 0, 500.0}, {"b1", 1, 500.0}, {"b1lv", 1, 22.0}, {"b2", 2, 500.0}, {"b2lv", 2, 22.0}};
    Transformer dd;
    dd.id = "T1";
    dd.type = TransformerType::d_d;
    dd.hv_bus = 1;
    dd.lv_bus = 2;
    Transformer gsu;
    gsu.id = "T2";
    gsu.type = TransformerType::gsu;
    gsu.hv_bus = 3;
    gsu.lv_bus = 4;
    gsu.neutral_blocked = true;  // blocked, but a grounded unit: still a supply
    n.transformers = {dd, gsu};
    return n;
}

}  // namespace

// Issue 9 item 6: the search accepted a switching station, whose 0 A effective GIC halved the index.
TEST_CASE("supplies: only substations with a grounded transformer", "[core][exposure]") {
    const Network net = three_substations();
    CHECK(supply_capable_substations(net) == std::vector<bool>{false, false, true});
    const SubstationIndex index(&net);
    const auto near = index.nearest({0.0, 0.0}, 100.0);  // on top of the switching station
    REQUIRE(near.has_value());
    CHECK(near->first == 2u);
    CHECK(near->second == Approx(great_circle_km({0.0, 0.0}, {0.3, 0.0})).epsilon(1e-12));
    CHECK_FALSE(index.nearest({0.0, 0.0}, 30.0).has_value());  // S2 is 33.4 km away; S0 and S1 do not count
}
