#include <swx/core/network/network_lint.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace swx;
using Catch::Matchers::Contains;

namespace {

/// Two substations with a GSU each and one 345 kV line, all values unremarkable.
Network clean() {
    Network n;
    n.substations = {{"A", "A", {-85.0, 33.0}, 0.5}, {"B", "B", {-85.0, 34.0}, 0.5}};
    n.buses = {{"A1", 0, 345.0}, {"A2", 0, 22.0}, {"B1", 1, 345.0}, {"B2", 1, 22.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.1, not_a_number, false},
                      {"TB", TransformerType::gsu, 2, 3, 0.1, not_a_number, false}};
    Line l;
    l.id = "L1";
    l.from_bus = 0;
    l.to_bus = 2;
    l.r_ohm = 4.0;  // 0.036 ohm/km over 111 km: typical at 345 kV (0.037)
    l.kv = 345.0;
    n.lines = {l};
    return n;
}

std::vector<std::string> codes(const ProblemSink& sink) {
    std::vector<std::string> out;
    for (const auto& p : sink.problems()) {
        out.push_back(p.code);
    }
    return out;
}

}  // namespace

TEST_CASE("typical line resistance: table values and log-linear interpolation", "[core][lint]") {
    // Table points (NERC GIC Application Guide 2013 typical values, as tabulated in network_lint.cpp).
    CHECK(typical_line_r_ohm_per_km(69.0) == Approx(0.20));
    CHECK(typical_line_r_ohm_per_km(230.0) == Approx(0.07));
    CHECK(typical_line_r_ohm_per_km(345.0) == Approx(0.037));
    CHECK(typical_line_r_ohm_per_km(765.0) == Approx(0.010));
    // Held flat outside the table.
    CHECK(typical_line_r_ohm_per_km(34.5) == Approx(0.20));
    CHECK(typical_line_r_ohm_per_km(1000.0) == Approx(0.010));
    // log r linear in kV: halfway between 230 and 345 kV (287.5 kV) is the geometric mean
    // sqrt(0.07·0.037) = 0.0508920; a quarter of the way from 345 to 500 kV (383.75 kV) is
    // 0.037^0.75·0.0185^0.25 = 0.03111317.
    CHECK(typical_line_r_ohm_per_km(287.5) == Approx(0.0508920).epsilon(1e-6));
    CHECK(typical_line_r_ohm_per_km(383.75) == Approx(0.03111317).epsilon(1e-6));
    // Falls with voltage.
    for (double kv = 70.0; kv < 765.0; kv += 5.0) {
        CHECK(typical_line_r_ohm_per_km(kv + 5.0) <= typical_line_r_ohm_per_km(kv));
    }
}

TEST_CASE("lint: a clean network reports nothing", "[core][lint]") {
    ProblemSink problems;
    lint_network(clean(), {111.0}, problems);
    CHECK(problems.problems().empty());
}

TEST_CASE("lint: each check, with the element and the numbers in the message", "[core][lint]") {
    SECTION("grounding out of range, both sides") {
        Network n = clean();
        n.substations[0].grounding_ohm = 0.005;
        n.substations[1].grounding_ohm = 12.0;
        ProblemSink problems;
        lint_network(n, {111.0}, problems);
        REQUIRE(codes(problems) == std::vector<std::string>{"grounding_range", "grounding_range"});
        CHECK(problems.problems()[0].feature_id == "A");
        CHECK(problems.problems()[0].location == "substations");
        CHECK_THAT(problems.problems()[1].message, Contains("grounding_ohm 12 is outside the usual 0.01-10 ohm"));
        CHECK(problems.count(Severity::error) == 0);
    }
    SECTION("an unknown grounding resistance is not a range problem") {
        Network n = clean();
        n.substations[0].grounding_ohm.reset();
        ProblemSink problems;
        lint_network(n, {111.0}, problems);
        CHECK(problems.problems().empty());
    }
    SECTION("line resistance too high and too low for the voltage") {
        Network n = clean();
        n.lines.push_back(n.lines[0]);
        n.lines[0].id = "HIGH";
        n.lines[0].r_ohm = 20.0;  // 0.18 ohm/km: 4.9 × typical
        n.lines[1].id = "LOW";
        n.lines[1].r_ohm = 0.9;  // 0.0081 ohm/km: typical / 4.6
        ProblemSink problems;
        lint_network(n, {111.0, 111.0}, problems);
        REQUIRE(codes(problems) == std::vector<std::string>{"line_resistance", "line_resistance"});
        CHECK(problems.problems()[0].feature_id == "HIGH");
        CHECK_THAT(problems.problems()[0].message, Contains("typical at 345 kV is 0.037"));
        // The hint points the way the value is off: too high = a sum of phases or a smaller unit.
        CHECK_THAT(problems.problems()[0].message, Contains("higher than typical") && Contains("three phases in series (3x)"));
        CHECK_THAT(problems.problems()[0].message, !Contains("parallel"));
        CHECK(problems.problems()[1].feature_id == "LOW");
        CHECK_THAT(problems.problems()[1].message, Contains("lower than typical") && Contains("three phases in parallel (1/3)"));
        CHECK_THAT(problems.problems()[1].message, !Contains("series"));
    }
    SECTION("a series-capacitor line and a very short line are not resistance-checked") {
        Network n = clean();
        n.lines[0].r_ohm = 100.0;
        n.lines[0].dc_blocked = true;
        ProblemSink blocked;
        lint_network(n, {111.0}, blocked);
        CHECK(blocked.problems().empty());
        n.lines[0].dc_blocked = false;
        ProblemSink short_line;
        lint_network(n, {0.5}, short_line);  // ≤ 1 km: ohm/km is meaningless
        CHECK(short_line.problems().empty());
    }
    SECTION("long lines: the screening length depends on the voltage, or a custom limit") {
        // 1 km per kV, at least 100 km: a 200 km 345 kV line is not long, a 400 km one is; 200 km at 138 kV is.
        Network n = clean();
        n.lines[0].r_ohm = 0.037 * 200.0;
        ProblemSink ehv;
        lint_network(n, {200.0}, ehv);
        CHECK(ehv.problems().empty());
        n.lines[0].r_ohm = 0.037 * 400.0;
        ProblemSink problems;
        lint_network(n, {400.0}, problems);
        REQUIRE(codes(problems) == std::vector<std::string>{"long_line"});
        CHECK_THAT(problems.problems()[0].message, Contains("route is 400 km long (> 345 km, the screening length at 345 kV)"));
        n.lines[0].kv = 138.0;
        n.lines[0].r_ohm = 0.11 * 200.0;
        ProblemSink hv;
        lint_network(n, {200.0}, hv);
        REQUIRE(codes(hv) == std::vector<std::string>{"long_line"});
        CHECK_THAT(hv.problems()[0].message, Contains("(> 138 km, the screening length at 138 kV)"));
        LintLimits limits;
        limits.max_line_km = 250.0;
        ProblemSink relaxed;
        lint_network(n, {200.0}, relaxed, limits);
        CHECK(relaxed.problems().empty());
        CHECK(typical_max_line_km(69.0) == 100.0);
        CHECK(typical_max_line_km(500.0) == 500.0);
        CHECK(typical_max_line_km(765.0) == 765.0);
        CHECK(typical_max_line_km(not_a_number) == 100.0);
    }
    SECTION("missing lengths are not checked") {
        Network n = clean();
        n.lines[0].r_ohm = 1000.0;
        ProblemSink problems;
        lint_network(n, {}, problems);
        CHECK(problems.problems().empty());
        lint_network(n, {not_a_number}, problems);
        CHECK(problems.problems().empty());
    }
    SECTION("a substation without coordinates, a transformer across substations") {
        Network n = clean();
        n.substations[1].location = {};
        n.transformers[1].lv_bus = 1;  // A's 22 kV bus
        ProblemSink problems;
        lint_network(n, {111.0}, problems);
        REQUIRE(codes(problems) == std::vector<std::string>{"no_coordinates", "transformer_substations"});
        CHECK(problems.problems()[0].feature_id == "B");
        CHECK(problems.problems()[1].feature_id == "TB");
        CHECK_THAT(problems.problems()[1].message, Contains("HV bus is in substation 'B' but LV bus in 'A'"));
    }
}
