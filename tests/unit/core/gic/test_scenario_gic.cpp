#include <swx/core/gic/scenario_gic.hpp>

#include <swx/core/emf/geodesic.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// The NERC TPL-007 α as documented in geomag.hpp (eq. 3, quoted second-hand): 0.001·e^(0.115·|L|) in [0.1, 1].
double alpha_tpl007(double l_deg) { return std::clamp(0.001 * std::exp(0.115 * std::abs(l_deg)), 0.1, 1.0); }

EarthModelLibrary library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "QUE"));
    lib.add(EarthModel::uniform(1000.0, "PT1"));
    lib.add(EarthModel::uniform(1000.0, "CP1"));
    return lib;
}

/// β by hand (test input): PT1 0.62, CP1 0.81 (benchmark).
BetaTable table() { return {{"PT1", {0.62, 0.64, "Piedmont"}}, {"CP1", {0.81, 0.83, "Coastal Plain"}}}; }

/// Substations A (85°W, 33.2°N) and B (85°W, 34.8°N), one GSU each, joined by one 500 kV line due north.
Network one_line() {
    Network n;
    n.substations = {{"A", "A", {-85.0, 33.2}, 0.2}, {"B", "B", {-85.0, 34.8}, 0.3}};
    n.buses = {{"A500", 0, 500.0}, {"A22", 0, 22.0}, {"B500", 1, 500.0}, {"B22", 1, 22.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.15, not_a_number, false},
                      {"TB", TransformerType::gsu, 2, 3, 0.25, not_a_number, false}};
    Line l;
    l.id = "AB";
    l.from_bus = 0;
    l.to_bus = 2;
    l.r_ohm = 4.0;
    l.kv = 500.0;
    n.lines = {l};
    return n;
}

/// Per-phase loop resistance of one_line(): 3·Rg_A + r_TA + r_line + r_TB + 3·Rg_B.
constexpr double loop_ohm = 3.0 * 0.2 + 0.15 + 4.0 + 0.25 + 3.0 * 0.3;

}  // namespace

TEST_CASE("line_alpha: α at the middle of the line's ends", "[core][scenario]") {
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const Network net = one_line();
    const double l = dipole_latitude_deg(34.0, -85.0, dipole);
    REQUIRE(l > 40.0);
    REQUIRE(l < 60.0);
    CHECK_THAT(line_alpha(net, net.lines[0], dipole), WithinRel(0.001 * std::exp(0.115 * l), 1e-12));

    // A route's inner vertices do not matter, only its two ends.
    Network bent = net;
    bent.lines[0].path = {{-85.0, 33.2}, {-70.0, 50.0}, {-85.0, 34.8}};
    CHECK(line_alpha(bent, bent.lines[0], dipole) == line_alpha(net, net.lines[0], dipole));

    // Across the antimeridian the middle is at 180°, not at 0°.
    Network pacific = net;
    pacific.substations[0].location = {179.0, 50.0};
    pacific.substations[1].location = {-179.0, 52.0};
    CHECK_THAT(line_alpha(pacific, pacific.lines[0], dipole),
               WithinRel(alpha_tpl007(dipole_latitude_deg(51.0, 180.0, dipole)), 1e-12));
    CHECK(std::abs(dipole_latitude_deg(51.0, 180.0, dipole) - dipole_latitude_deg(51.0, 0.0, dipole)) > 1.0);
}

TEST_CASE("scenario GIC, one line on one earth model: E = 8·α·β and I = E·L/R", "[core][scenario]") {
    const Network net = one_line();
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const Ground ground(library(), std::nullopt, "PT1", table());
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const double alpha = alpha_tpl007(dipole_latitude_deg(34.0, -85.0, dipole));
    const double e = 8.0 * alpha * 0.62;  // V/km
    // The line runs due north: its displacement is the meridian arc, its EMF under a northward field E·L.
    const double length_km = geodesic_length_km(net.route(net.lines[0]));

    const ScenarioGic s = run_scenario_gic(net, solver, ground, betas, dipole, 0.0);
    CHECK(s.models == std::vector<std::string>{"PT1"});
    CHECK(s.model_beta == std::vector<double>{0.62});
    REQUIRE(s.line_alpha.size() == 1);
    CHECK_THAT(s.line_alpha[0], WithinRel(alpha, 1e-12));
    CHECK_THAT(s.line_e_peak_v_per_km[0], WithinRel(e, 1e-12));
    CHECK_THAT(s.study.result.line_emf_v[0], WithinRel(e * length_km, 1e-9));
    CHECK_THAT(s.study.result.line_gic_a[0], WithinRel(e * length_km / loop_ohm, 1e-9));
    CHECK_THAT(s.study.result.ground_gic_a[1], WithinRel(3.0 * e * length_km / loop_ohm, 1e-9));  // into earth at B
    // The sweep's worst direction for a north-south line is north (0°), at the same current.
    REQUIRE(s.study.sweep.has_value());
    CHECK_THAT(s.study.sweep->ieff_max_a[1], WithinRel(e * length_km / loop_ohm, 1e-9));
    const double az = s.study.sweep->worst_azimuth_deg[1];  // in [0, 180): 0 and a hair under 180 are both north
    CHECK(std::min(az, 180.0 - az) < 1e-6);

    // An eastward field drives (almost) nothing along a north-south line.
    const ScenarioGic east = run_scenario_gic(net, solver, ground, betas, dipole, 90.0);
    CHECK_THAT(east.study.result.line_gic_a[0], WithinAbs(0.0, 1e-9));

    // The supplemental event: 12 V/km and its own β column.
    const BetaResolver supplemental(NercEvent::supplemental, ground.library(), table());
    const ScenarioGic sup = run_scenario_gic(net, solver, ground, supplemental, dipole, 0.0);
    CHECK_THAT(sup.line_e_peak_v_per_km[0], WithinRel(12.0 * alpha * 0.64, 1e-12));
    CHECK_THAT(sup.study.result.line_gic_a[0], WithinRel(12.0 * alpha * 0.64 * length_km / loop_ohm, 1e-9));
}

TEST_CASE("scenario GIC: a line crossing two earth models has a length-weighted E", "[core][scenario]") {
    // PT1 south of 34°N, CP1 north of it; the line runs from 33.2 to 34.8°N along 85°W.
    const Network net = one_line();
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const Ground ground(library(), EarthRegions({rect("S", "PT1", -86, 33, -84, 34), rect("N", "cp1", -86, 34, -84, 35)}), "",
                        table());
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const double alpha = alpha_tpl007(dipole_latitude_deg(34.0, -85.0, dipole));
    const double south_km = geodesic_length_km(std::vector<GeoPoint>{{-85.0, 33.2}, {-85.0, 34.0}});
    const double north_km = geodesic_length_km(std::vector<GeoPoint>{{-85.0, 34.0}, {-85.0, 34.8}});
    // Length-weighted mean of 8·α·β over the two parts; the EMF is the sum of the parts' E·L.
    const double e_mean = 8.0 * alpha * (0.62 * south_km + 0.81 * north_km) / (south_km + north_km);
    const double emf = 8.0 * alpha * (0.62 * south_km + 0.81 * north_km);

    const ScenarioGic s = run_scenario_gic(net, solver, ground, betas, dipole, 0.0);
    CHECK(s.models == std::vector<std::string>{"PT1", "CP1"});
    CHECK(s.model_beta == std::vector<double>{0.62, 0.81});
    CHECK_THAT(s.line_e_peak_v_per_km[0], WithinRel(e_mean, 1e-9));
    CHECK_THAT(s.study.result.line_emf_v[0], WithinRel(emf, 1e-9));
    CHECK_THAT(s.study.result.line_gic_a[0], WithinRel(emf / loop_ohm, 1e-9));
}

TEST_CASE("scenario GIC on many lines (in parallel) equals the line-by-line field path with the NERC field", "[core][scenario]") {
    // 300 substations in a ring across PT1 (south of 34°N) and CP1, 300 lines: scenario_lines runs the lines
    // in parallel with α once per line and β per model; run_field_gic with E_ref·α(middle)·β(model) as the
    // field is the line-by-line path it replaced. Equal to 1e-12 V/km and 1e-9 A.
    Network net;
    const std::size_t n = 300;
    for (std::size_t i = 0; i < n; ++i) {
        const double angle = 2.0 * 3.141592653589793 * static_cast<double>(i) / static_cast<double>(n);
        const std::string id = "S" + std::to_string(i);
        net.substations.push_back({id, id, {-85.0 + 0.9 * std::cos(angle), 34.0 + 0.9 * std::sin(angle)}, 0.2 + 0.001 * static_cast<double>(i)});
        net.buses.push_back({id + "_500", i, 500.0});
        net.buses.push_back({id + "_22", i, 22.0});
        net.transformers.push_back({"T" + id, TransformerType::gsu, 2 * i, 2 * i + 1, 0.15, not_a_number, false});
    }
    for (std::size_t i = 0; i < n; ++i) {
        Line l;
        l.id = "L" + std::to_string(i);
        l.from_bus = 2 * i;
        l.to_bus = 2 * ((i + 7) % n);  // a chord, several across the region boundary
        l.r_ohm = 3.0 + 0.01 * static_cast<double>(i);
        l.kv = 500.0;
        net.lines.push_back(l);
    }
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const Ground ground(library(), EarthRegions({rect("S", "PT1", -87, 32, -83, 34), rect("N", "cp1", -87, 34, -83, 36)}), "", table());
    const BetaResolver betas(NercEvent::benchmark, ground.library(), table());
    const DipoleCoefficients dipole = dipole_coefficients(2025.0);
    const ScenarioGic fast = run_scenario_gic(net, solver, ground, betas, dipole, 0.0);
    const double e_ref = nerc_reference_field_v_per_km(NercEvent::benchmark);
    const PartField nerc = [&](GeoPoint middle, const std::string& model) {
        return e_ref * nerc_alpha(dipole_latitude_deg(middle.lat_deg, middle.lon_deg, dipole)) * betas.beta(model);
    };
    const ScenarioGic exact = run_field_gic(net, solver, ground, nerc, 0.0);
    CHECK(fast.models == exact.models);
    CHECK(fast.model_beta == std::vector<double>{0.62, 0.81});
    const std::vector<double> lengths = line_lengths_km(net);
    REQUIRE(fast.line_e_peak_v_per_km.size() == n);
    REQUIRE(fast.line_alpha.size() == n);
    REQUIRE(fast.line_length_km.size() == n);
    for (std::size_t l = 0; l < n; ++l) {
        INFO("line " << net.lines[l].id);
        CHECK_THAT(fast.line_alpha[l], WithinAbs(line_alpha(net, net.lines[l], dipole), 1e-15));
        CHECK_THAT(fast.line_e_peak_v_per_km[l], WithinAbs(exact.line_e_peak_v_per_km[l], 1e-12));
        CHECK_THAT(fast.study.result.line_emf_v[l], WithinAbs(exact.study.result.line_emf_v[l], 1e-9));
        CHECK_THAT(fast.study.result.line_gic_a[l], WithinAbs(exact.study.result.line_gic_a[l], 1e-9));
        CHECK_THAT(fast.line_length_km[l], WithinAbs(lengths[l], 1e-9));
        CHECK(lengths[l] > 10.0);
    }
    REQUIRE(fast.study.sweep.has_value());
    for (std::size_t t = 0; t < n; ++t) {
        CHECK_THAT(fast.study.sweep->ieff_max_a[t], WithinAbs(exact.study.sweep->ieff_max_a[t], 1e-9));
    }
}
