#include <swx/core/gic/gic_study.hpp>

#include <catch2/catch.hpp>

#include "support/two_gsu_network.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

using namespace swx;
using Catch::Matchers::WithinAbs;

namespace {

/// Two grounded GSUs joined by one line; Rg = 0.5 ohm at both ends, r_gsu = 0.1 ohm, r_line = 2 ohm.
Network two_substations() {
    Network n = swx::test::two_gsu_network();
    n.substations[0].name = "Alpha";
    n.substations[1].name = "Bravo";
    return n;
}

/// per phase: 3·Rg + r_gsu + r_line + r_gsu + 3·Rg = 1.5 + 0.1 + 2 + 0.1 + 1.5 ohm
constexpr double loop_ohm = 5.2;

const Column& column(const FeatureTable& t, const std::string& name) {
    for (const auto& c : t.columns) {
        if (c.name == name) {
            return c;
        }
    }
    FAIL("no column " << name);
    throw std::logic_error("unreachable");
}

std::vector<std::string> names(const FeatureTable& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) {
        out.push_back(c.name);
    }
    return out;
}

}  // namespace

TEST_CASE("uniform GIC study: one direction, I = E·(L·û)/R", "[core][gic]") {
    const Network net = two_substations();
    ProblemSink problems;
    const GicSolver solver(net, problems);
    // A displacement of 30 km north and 40 km east (|L| = 50 km, bearing atan2(40, 30) = 53.13°).
    const std::vector<Displacement> d{{30.0, 40.0}};
    const UniformGicStudy s = run_uniform_gic(net, d, solver, 2.0, 90.0, false);
    CHECK(s.e_v_per_km == 2.0);
    CHECK(s.azimuth_deg == 90.0);
    CHECK_THAT(s.field.north_v_per_km, WithinAbs(0.0, 1e-12));
    CHECK_THAT(s.field.east_v_per_km, WithinAbs(2.0, 1e-12));
    CHECK_FALSE(s.sweep.has_value());
    CHECK_THAT(s.result.line_emf_v[0], WithinAbs(80.0, 1e-9));  // 2 V/km · 40 km
    CHECK_THAT(s.result.line_gic_a[0], WithinAbs(80.0 / loop_ohm, 1e-9));
}

TEST_CASE("uniform GIC study: the sweep finds the line's own bearing", "[core][gic]") {
    const Network net = two_substations();
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const std::vector<Displacement> d{{30.0, 40.0}};
    const UniformGicStudy s = run_uniform_gic(net, d, solver, 2.0, 0.0, true);
    REQUIRE(s.sweep.has_value());
    // Worst direction: along the line, 53.130102° (atan2(40, 30)); there I = E·|L|/R = 2·50/5.2 A.
    const double bearing = std::atan2(40.0, 30.0) * 180.0 / std::numbers::pi;
    for (std::size_t t = 0; t < 2; ++t) {
        CHECK_THAT(s.sweep->ieff_max_a[t], WithinAbs(100.0 / loop_ohm, 1e-9));
        CHECK_THAT(s.sweep->worst_azimuth_deg[t], WithinAbs(bearing, 1e-9));
    }
    // The northward solve itself: E·L_N = 60 V.
    CHECK_THAT(s.result.line_emf_v[0], WithinAbs(60.0, 1e-9));
}

TEST_CASE("result tables: one row per element, documented columns", "[core][gic]") {
    const Network net = two_substations();
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const UniformGicStudy s = run_uniform_gic(net, {{100.0, 0.0}}, solver, 1.0, 0.0, true);

    const FeatureTable subs = substations_table(net, s.result);
    CHECK(subs.name == "substations");
    CHECK(subs.rows() == 2);
    CHECK(names(subs) ==
          std::vector<std::string>{"substation_id", "name", "ground_gic_a", "neutral_voltage_v", "grounding_ohm", "lat_deg", "lon_deg"});
    const auto& ground = std::get<std::vector<double>>(column(subs, "ground_gic_a").values);
    CHECK_THAT(ground[1], WithinAbs(3.0 * 100.0 / loop_ohm, 1e-9));
    CHECK(std::get<std::vector<std::string>>(column(subs, "name").values)[0] == "Alpha");
    REQUIRE(subs.geometry.size() == 2);
    CHECK(subs.geometry[1].front().lat_deg == 34.0);

    const FeatureTable with_sweep = transformers_table(net, s.result, s.sweep);
    CHECK(names(with_sweep) == std::vector<std::string>{"transformer_id", "substation_id", "type", "i_hv_a", "i_lv_a", "ieff_a",
                                                        "qloss_mvar", "ieff_max_a", "worst_azimuth_deg", "qloss_max_mvar",
                                                        "neutral_blocked", "k_factor", "k_assumed"});
    CHECK(std::get<std::vector<std::string>>(column(with_sweep, "type").values)[0] == "gsu");
    const FeatureTable without = transformers_table(net, s.result, std::nullopt);
    CHECK(without.columns.size() == with_sweep.columns.size() - 3);

    const FeatureTable buses = buses_table(net, s.result);
    CHECK(names(buses) == std::vector<std::string>{"bus_id", "substation_id", "dc_voltage_v"});
    CHECK(buses.rows() == 4);
    CHECK(std::get<std::vector<std::string>>(column(buses, "substation_id").values)[3] == "B");
    REQUIRE(buses.geometry.size() == 4);
    CHECK(buses.geometry[2].front().lat_deg == 34.0);

    const FeatureTable lines = lines_table(net, s.result, {111.0});
    CHECK(lines.rows() == 1);
    CHECK(lines.geometry_kind == GeometryKind::line_string);
    CHECK(std::get<std::vector<std::string>>(column(lines, "from_bus").values)[0] == "A500");
    CHECK(std::get<std::vector<double>>(column(lines, "length_km").values)[0] == 111.0);
    CHECK_THAT(std::get<std::vector<double>>(column(lines, "gic_a").values)[0], WithinAbs(100.0 / loop_ohm, 1e-9));
    REQUIRE(lines.geometry[0].size() == 2);  // no path: straight between its substations
}

TEST_CASE("result tables: a substation without coordinates has no geometry", "[core][gic]") {
    Network net = two_substations();
    net.substations[0].location = {};
    net.substations[0].grounding_ohm.reset();
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const UniformGicStudy s = run_uniform_gic(net, {{100.0, 0.0}}, solver, 1.0, 0.0, false);
    const FeatureTable subs = substations_table(net, s.result);
    CHECK(subs.geometry[0].empty());
    CHECK(std::isnan(std::get<std::vector<double>>(column(subs, "grounding_ohm").values)[0]));
    CHECK(transformers_table(net, s.result, std::nullopt).geometry[0].empty());
}

TEST_CASE("result tables: Mvar loss per transformer from Ieff, with the K used and whether it is assumed", "[core][gic]") {
    Network net = two_substations();
    net.buses[0].vm_pu = 1.02;
    net.transformers[1].k_factor = 1.2;  // TB: its own K; TA: the default
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const UniformGicStudy s = run_uniform_gic(net, {{100.0, 0.0}}, solver, 1.0, 0.0, true);
    const FeatureTable t = transformers_table(net, s.result, s.sweep);
    const auto& q = std::get<std::vector<double>>(column(t, "qloss_mvar").values);
    const auto& q_max = std::get<std::vector<double>>(column(t, "qloss_max_mvar").values);
    const auto& k = std::get<std::vector<double>>(column(t, "k_factor").values);
    const auto& assumed = std::get<std::vector<double>>(column(t, "k_assumed").values);
    // I = 100 V / 5.2 ohm in both GSUs; Q = K·V_pu·sqrt(3/2)·500 kV·I/1000.
    const double i = 100.0 / loop_ohm;
    CHECK_THAT(q[0], WithinAbs(1.80 * 1.02 * std::sqrt(1.5) * 0.5 * i, 1e-9));
    CHECK_THAT(q[1], WithinAbs(1.2 * 1.0 * std::sqrt(1.5) * 0.5 * i, 1e-9));
    // Worst direction: along the line (northward here), the same current.
    CHECK_THAT(q_max[1], WithinAbs(q[1], 1e-9));
    CHECK(k == std::vector<double>{1.80, 1.2});
    CHECK(assumed == std::vector<double>{1.0, 0.0});
}
