#include <swx/core/base/error.hpp>
#include <swx/core/network/network.hpp>
#include <swx/core/network/network_lint.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <vector>

using namespace swx;

namespace {
Network small() {
    Network n;
    n.substations = {{"A", "A", {-85.0, 33.0}, 0.5}, {"B", "B", {-85.0, 34.0}, 0.5}};
    n.buses = {{"A1", 0, 345.0}, {"A2", 0, 22.0}, {"B1", 1, 345.0}, {"B2", 1, 22.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.1, not_a_number, false}, {"TB", TransformerType::gsu, 2, 3, 0.1, not_a_number, false}};
    Line l;
    l.id = "L1";
    l.from_bus = 0;
    l.to_bus = 2;
    l.r_ohm = 4.0;
    l.kv = 345.0;
    n.lines = {l};
    return n;
}

void require_input_error(const Network& n, const std::string& fragment, const std::string& field) {
    try {
        validate_network(n, {"grid.gpkg"});
        FAIL("expected InputError containing: " << fragment);
    } catch (const InputError& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find(fragment) != std::string::npos);
        CHECK(std::string(e.what()).find("grid.gpkg") != std::string::npos);
        CHECK(e.context().field == field);
    }
}
}  // namespace

TEST_CASE("transformer type names", "[core]") {
    CHECK(parse_transformer_type("GY-GY-D") == TransformerType::gy_gy_d);
    CHECK(parse_transformer_type("Auto") == TransformerType::autotransformer);
    CHECK(parse_transformer_type("gsu") == TransformerType::gsu);
    CHECK(parse_transformer_type("d_gy") == TransformerType::d_gy);
    CHECK_FALSE(parse_transformer_type("wye-zigzag").has_value());
    CHECK(to_string(TransformerType::autotransformer) == "auto");
}

TEST_CASE("a valid network passes validation", "[core]") { CHECK_NOTHROW(validate_network(small(), {})); }

TEST_CASE("validation names the element and field of bad values", "[core][errors]") {
    SECTION("same bus on both sides of a transformer") {
        Network n = small();
        n.transformers[0].lv_bus = 0;
        require_input_error(n, "[layer transformers, feature TA, field lv_bus]: HV and LV side are the same bus", "lv_bus");
    }
    SECTION("negative line resistance") {
        Network n = small();
        n.lines[0].r_ohm = -1.0;
        require_input_error(n, "feature L1, field r_ohm]: expected a resistance > 0", "r_ohm");
    }
    SECTION("zero winding resistance") {
        Network n = small();
        n.transformers[1].r_hv_ohm = 0.0;
        require_input_error(n, "feature TB, field r_hv_ohm", "r_hv_ohm");
    }
    SECTION("zero grounding resistance") {
        Network n = small();
        n.substations[0].grounding_ohm = 0.0;
        require_input_error(n, "feature A, field grounding_ohm", "grounding_ohm");
    }
    SECTION("missing LV resistance for a GY-GY unit") {
        Network n = small();
        n.transformers[0].type = TransformerType::gy_gy;
        require_input_error(n, "r_lv_ohm", "r_lv_ohm");
    }
    SECTION("no grounded node") {
        Network n = small();
        n.transformers[0].neutral_blocked = true;
        n.transformers[1].neutral_blocked = true;
        require_input_error(n, "no grounded node", "neutral_blocked");
    }
    SECTION("delta-delta units only: no grounded node") {
        Network n = small();
        n.transformers[0].type = TransformerType::d_d;
        n.transformers[1].type = TransformerType::d_d;
        require_input_error(n, "no grounded node", "neutral_blocked");
    }
    SECTION("empty layers") {
        Network n = small();
        n.lines.clear();
        require_input_error(n, "[layer lines]: layer has no features", "");
        n = small();
        n.substations.clear();
        require_input_error(n, "[layer substations]: layer has no features", "");
    }
    SECTION("a line with no geometry between substations without coordinates") {
        Network n = small();
        n.substations[1].location = {};
        require_input_error(n, "has no coordinates, so its route is unknown", "geometry");
    }
    SECTION("NaN in a route") {
        Network n = small();
        n.lines[0].path = {{-85.0, 33.0}, {not_a_number, 34.0}};
        require_input_error(n, "invalid (NaN", "geometry");
    }
    SECTION("a line that starts and ends at the same bus") {
        Network n = small();
        n.lines[0].to_bus = 0;
        require_input_error(n, "both ends are the same bus", "to_bus");
    }
}

TEST_CASE("lint flags suspicious but legal values", "[core]") {
    Network n = small();
    n.substations[0].grounding_ohm = 50.0;       // out of range
    n.lines[0].r_ohm = 100.0;                    // 100 ohm over 450 km at 345 kV: 6x typical
    n.transformers[1].lv_bus = 1;                // LV bus in another substation
    n.substations[1].location = {};              // no coordinates
    ProblemSink problems;
    lint_network(n, {450.0}, problems);  // > 345 km, the screening length at 345 kV
    std::vector<std::string> codes;
    for (const auto& p : problems.problems()) {
        codes.push_back(p.code);
    }
    using Catch::Matchers::VectorContains;
    CHECK_THAT(codes, VectorContains(std::string("grounding_range")));
    CHECK_THAT(codes, VectorContains(std::string("line_resistance")));
    CHECK_THAT(codes, VectorContains(std::string("long_line")));
    CHECK_THAT(codes, VectorContains(std::string("transformer_substations")));
    CHECK_THAT(codes, VectorContains(std::string("no_coordinates")));

    ProblemSink clean;
    lint_network(small(), {111.0}, clean);
    CHECK(clean.problems().empty());
    CHECK(typical_line_r_ohm_per_km(500.0) == Approx(0.0185));
}

TEST_CASE("Network::route with an `ends` buffer gives the same route as the copying route(), after edits too", "[core][network]") {
    Network n = small();
    std::array<GeoPoint, 2> ends;
    auto same = [&](const Line& l) {
        const std::vector<GeoPoint> copied = n.route(l);
        const auto view = n.route(l, ends);
        REQUIRE(view.size() == copied.size());
        for (std::size_t i = 0; i < copied.size(); ++i) {
            CHECK(view[i].lon_deg == copied[i].lon_deg);
            CHECK(view[i].lat_deg == copied[i].lat_deg);
        }
    };
    same(n.lines[0]);  // straight: the two substations' locations
    CHECK(n.route(n.lines[0], ends).data() == ends.data());
    n.substations[1].location = {-84.0, 34.5};  // a moved substation moves the straight route (nothing cached)
    same(n.lines[0]);
    CHECK(n.route(n.lines[0], ends).back().lon_deg == -84.0);
    n.lines[0].path = {{-85.0, 33.0}, {-84.6, 33.7}, {-84.0, 34.5}};  // its own path: a view of it, not a copy
    same(n.lines[0]);
    CHECK(n.route(n.lines[0], ends).data() == n.lines[0].path.data());
}
