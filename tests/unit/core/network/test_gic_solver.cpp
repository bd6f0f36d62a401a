#include <swx/core/base/error.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/network/synthetic_grid.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

using namespace swx;
using Catch::Matchers::WithinAbs;

namespace {

// Two substations, each with one transformer unit, joined by one line. `b_type` sets B's unit; with
// an autotransformer, `line_to_lv` ties the line to its LV bus instead of its HV bus.
Network two_substations(TransformerType b_type, bool line_to_lv = false) {
    Network n;
    n.substations = {{"A", "A", {-85.0, 33.0}, 0.5}, {"B", "B", {-85.0, 34.0}, 0.5}};
    n.buses = {{"A500", 0, 500.0}, {"A22", 0, 22.0}, {"BH", 1, 500.0}, {"BX", 1, 250.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.1, not_a_number, false}, {"TB", b_type, 2, 3, 0.1, 0.2, false}};
    Line l;
    l.id = "L";
    l.from_bus = 0;
    l.to_bus = line_to_lv ? 3 : 2;
    l.r_ohm = 2.0;
    l.kv = 500.0;
    n.lines = {l};
    return n;
}

}  // namespace

TEST_CASE("one line between two grounded GSUs: I = V / total series resistance", "[core][gic]") {
    const Network n = two_substations(TransformerType::gsu);
    validate_network(n, {});
    ProblemSink problems;
    const GicSolver solver(n, problems);
    const GicResult r = solver.solve(std::vector<double>{100.0});
    // per phase: 3·Rg + r_gsu + r_line + r_gsu + 3·Rg = 1.5 + 0.1 + 2 + 0.1 + 1.5 ohm
    const double i = 100.0 / 5.2;
    CHECK_THAT(r.line_gic_a[0], WithinAbs(i, 1e-9));
    CHECK_THAT(r.ground_gic_a[1], WithinAbs(3.0 * i, 1e-9));   // enters the earth at B
    CHECK_THAT(r.ground_gic_a[0], WithinAbs(-3.0 * i, 1e-9));  // leaves it at A
    CHECK_THAT(r.i_hv_a[0], WithinAbs(-i, 1e-9));
    CHECK_THAT(r.i_hv_a[1], WithinAbs(i, 1e-9));
    CHECK_THAT(r.ieff_a[1], WithinAbs(i, 1e-9));
    CHECK(problems.problems().empty());
}

TEST_CASE("bus and neutral DC voltages: delta-side buses at their substation's neutral voltage", "[core][gic]") {
    SECTION("one line between two GSUs (the B4GIC picture): V_n = -+ I*3Rg, V_bus = V_n -+ I*R_w") {
        const Network n = two_substations(TransformerType::gsu);
        ProblemSink problems;
        const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0});
        const double i = 100.0 / 5.2;
        REQUIRE(r.neutral_voltage_v.size() == 2);
        REQUIRE(r.bus_voltage_v.size() == 4);
        CHECK_THAT(r.neutral_voltage_v[0], WithinAbs(-1.5 * i, 1e-9));
        CHECK_THAT(r.neutral_voltage_v[1], WithinAbs(1.5 * i, 1e-9));
        CHECK_THAT(r.bus_voltage_v[0], WithinAbs(-1.6 * i, 1e-9));  // A500
        CHECK_THAT(r.bus_voltage_v[1], WithinAbs(-1.5 * i, 1e-9));  // A22, delta side: floating
        CHECK_THAT(r.bus_voltage_v[2], WithinAbs(1.6 * i, 1e-9));
        // Ohm's law on the line: I = (U_f - U_t + V) / R
        CHECK_THAT((r.bus_voltage_v[0] - r.bus_voltage_v[2] + 100.0) / 2.0, WithinAbs(r.line_gic_a[0], 1e-9));
    }
    SECTION("a delta-side network across two substations sits at the mean of their neutrals") {
        Network n = two_substations(TransformerType::gsu);
        n.substations[1].grounding_ohm = 1.0;
        n.buses.push_back({"B22", 1, 22.0});
        n.transformers[1] = {"TB", TransformerType::gsu, 2, 4, 0.1, not_a_number, false};
        Line lv;
        lv.id = "LV";
        lv.from_bus = 1;
        lv.to_bus = 4;
        lv.r_ohm = 1.0;
        lv.kv = 22.0;
        n.lines.push_back(lv);
        ProblemSink problems;
        const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0, 0.0});
        const double i = 100.0 / (1.5 + 0.1 + 2.0 + 0.1 + 3.0);
        CHECK_THAT(r.neutral_voltage_v[0], WithinAbs(-1.5 * i, 1e-9));
        CHECK_THAT(r.neutral_voltage_v[1], WithinAbs(3.0 * i, 1e-9));
        CHECK_THAT(r.bus_voltage_v[1], WithinAbs(0.75 * i, 1e-9));
        CHECK_THAT(r.bus_voltage_v[4], WithinAbs(0.75 * i, 1e-9));
        CHECK_THAT(r.bus_voltage_v[3], WithinAbs(3.0 * i, 1e-9));  // BX: no winding at all, floating alone
    }
}

TEST_CASE("autotransformer effective GIC uses terminal currents: |I_s + (I_c - I_s)/a|", "[core][gic]") {
    SECTION("current enters at the HV terminal and leaves through the common winding") {
        const Network n = two_substations(TransformerType::autotransformer);
        ProblemSink problems;
        const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0});
        const double i = 100.0 / (1.5 + 0.1 + 2.0 + 0.1 + 0.2 + 1.5);
        CHECK_THAT(r.i_hv_a[1], WithinAbs(i, 1e-9));  // series
        CHECK_THAT(r.i_lv_a[1], WithinAbs(i, 1e-9));  // common
        CHECK_THAT(r.ieff_a[1], WithinAbs(i, 1e-9));
    }
    SECTION("current enters at the LV terminal: only the common winding, Ieff = I/a") {
        const Network n = two_substations(TransformerType::autotransformer, true);
        ProblemSink problems;
        const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0});
        const double i = 100.0 / (1.5 + 0.1 + 2.0 + 0.2 + 1.5);
        CHECK_THAT(r.i_hv_a[1], WithinAbs(0.0, 1e-9));
        CHECK_THAT(r.i_lv_a[1], WithinAbs(i, 1e-9));
        CHECK_THAT(r.ieff_a[1], WithinAbs(i / 2.0, 1e-9));  // a = 500/250
    }
}

TEST_CASE("a blocked GY-GY neutral still passes DC from HV to LV bus, not to earth", "[core][gic]") {
    Network n = two_substations(TransformerType::gy_gy);
    n.transformers[1].neutral_blocked = true;
    // give B's LV bus a path to earth through a third substation's GSU
    n.substations.push_back({"C", "C", {-84.0, 34.0}, 0.5});
    n.buses.push_back({"C250", 2, 250.0});
    n.buses.push_back({"C22", 2, 22.0});
    n.transformers.push_back({"TC", TransformerType::gsu, 4, 5, 0.1, not_a_number, false});
    Line l2;
    l2.id = "L2";
    l2.from_bus = 3;
    l2.to_bus = 4;
    l2.r_ohm = 1.0;
    l2.kv = 250.0;
    n.lines.push_back(l2);
    ProblemSink problems;
    const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0, 0.0});
    const double i = 100.0 / (1.5 + 0.1 + 2.0 + 0.1 + 0.2 + 1.0 + 0.1 + 1.5);
    CHECK_THAT(r.ground_gic_a[1], WithinAbs(0.0, 1e-9));
    CHECK_THAT(r.ground_gic_a[2], WithinAbs(3.0 * i, 1e-9));
    CHECK_THAT(r.i_hv_a[1], WithinAbs(i, 1e-9));
    CHECK_THAT(r.i_lv_a[1], WithinAbs(-i, 1e-9));
}

TEST_CASE("series-capacitor lines carry no GIC", "[core][gic]") {
    Network n = two_substations(TransformerType::gsu);
    n.lines[0].dc_blocked = true;
    ProblemSink problems;
    const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0});
    CHECK(r.line_gic_a[0] == 0.0);
    CHECK_THAT(r.ground_gic_a[0], WithinAbs(0.0, 1e-12));
}

TEST_CASE("a part of the network with no path to earth is reported and carries no ground GIC", "[core][gic]") {
    Network n = two_substations(TransformerType::gsu);
    // Island: substations D and E joined by a line, their only transformers blocked.
    n.substations.push_back({"D", "D", {-80.0, 40.0}, 0.2});
    n.substations.push_back({"E", "E", {-80.0, 41.0}, 0.2});
    n.buses.push_back({"D1", 2, 345.0});
    n.buses.push_back({"D2", 2, 22.0});
    n.buses.push_back({"E1", 3, 345.0});
    n.buses.push_back({"E2", 3, 22.0});
    n.transformers.push_back({"TD", TransformerType::gsu, 4, 5, 0.1, not_a_number, true});
    n.transformers.push_back({"TE", TransformerType::gsu, 6, 7, 0.1, not_a_number, true});
    Line l;
    l.id = "LDE";
    l.from_bus = 4;
    l.to_bus = 6;
    l.r_ohm = 3.0;
    l.kv = 345.0;
    n.lines.push_back(l);
    validate_network(n, {});
    ProblemSink problems;
    const GicSolver solver(n, problems);
    REQUIRE(problems.count(Severity::warning) == 1);
    CHECK(problems.problems()[0].code == "island");
    CHECK(problems.problems()[0].message.find("D, E") != std::string::npos);
    const GicResult r = solver.solve(std::vector<double>{100.0, 200.0});
    CHECK(std::isfinite(r.line_gic_a[1]));
    CHECK_THAT(r.line_gic_a[1], WithinAbs(0.0, 1e-9));
    CHECK(r.ground_gic_a[2] == 0.0);
    CHECK(r.ground_gic_a[3] == 0.0);
    CHECK_THAT(r.ground_gic_a[1], WithinAbs(300.0 / 5.2, 1e-9));  // the grounded part is unaffected
}

TEST_CASE("unknown grounding resistance takes the documented default with a warning", "[core][gic]") {
    Network n = two_substations(TransformerType::gsu);
    n.substations[1].grounding_ohm.reset();
    ProblemSink problems;
    const GicResult r = GicSolver(n, problems).solve(std::vector<double>{100.0});
    REQUIRE(problems.problems().size() == 1);
    CHECK(problems.problems()[0].code == "grounding_default");
    CHECK(problems.problems()[0].feature_id == "B");
    CHECK(problems.problems()[0].message.find("using the default 0.5 ohm") != std::string::npos);  // not "0.500000"
    CHECK_THAT(r.line_gic_a[0], WithinAbs(100.0 / (1.5 + 0.1 + 2.0 + 0.1 + 3.0 * default_grounding_ohm), 1e-9));
}

TEST_CASE("GIC properties on a synthetic grid", "[core][gic][property]") {
    SyntheticGridOptions o;
    o.substations = 400;
    o.seed = GENERATE(1, 2, 3);
    const Network net = make_synthetic_grid(o);
    validate_network(net, {});
    ProblemSink problems;
    const GicSolver solver(net, problems);
    std::vector<Displacement> disp;
    for (const auto& l : net.lines) {
        const auto route = net.route(l);
        disp.push_back(nerc_displacement(route.front(), route.back()));
    }
    auto emfs = [&](UniformField e) {
        std::vector<double> v;
        for (const auto& d : disp) {
            v.push_back(emf_v(d, e));
        }
        return v;
    };
    const GicResult north = solver.solve(emfs({1.0, 0.0}));
    const GicResult east = solver.solve(emfs({0.0, 1.0}));
    double scale = 0.0;
    for (double g : north.ground_gic_a) {
        scale = std::max(scale, std::abs(g));
    }
    REQUIRE(scale > 1.0);  // the field does drive currents
    const double tol = 1e-9 * scale * 10.0;

    SECTION("linear in the field: G(aN + bE) = a G(N) + b G(E)") {
        const double a = 2.5, b = -1.75;
        const GicResult mixed = solver.solve(emfs({a, b}));
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            CHECK_THAT(mixed.ground_gic_a[s], WithinAbs(a * north.ground_gic_a[s] + b * east.ground_gic_a[s], tol));
        }
        for (std::size_t t = 0; t < net.transformers.size(); ++t) {
            CHECK_THAT(mixed.ieff_signed_a[t], WithinAbs(a * north.ieff_signed_a[t] + b * east.ieff_signed_a[t], tol));
        }
    }
    SECTION("reversing the field reverses every current") {
        const GicResult south = solver.solve(emfs({-1.0, 0.0}));
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            CHECK_THAT(south.ground_gic_a[s], WithinAbs(-north.ground_gic_a[s], tol));
        }
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            CHECK_THAT(south.line_gic_a[l], WithinAbs(-north.line_gic_a[l], tol));
        }
        for (std::size_t t = 0; t < net.transformers.size(); ++t) {
            CHECK_THAT(south.i_hv_a[t], WithinAbs(-north.i_hv_a[t], tol));
        }
    }
    SECTION("current into the earth sums to zero") {
        for (const GicResult* r : {&north, &east}) {
            const double sum = std::accumulate(r->ground_gic_a.begin(), r->ground_gic_a.end(), 0.0);
            CHECK_THAT(sum, WithinAbs(0.0, tol * 10.0));
        }
    }
    SECTION("the sweep maximum is >= every single-direction result, and is attained") {
        const double e = 8.0;
        const GicSweep sweep = sweep_from_unit_fields(north, east, e);
        std::vector<double> best(net.transformers.size(), 0.0);
        for (int az = 0; az < 360; az += 5) {
            const GicResult r = solver.solve(emfs(field_from_azimuth(e, az)));
            for (std::size_t t = 0; t < net.transformers.size(); ++t) {
                CHECK(sweep.ieff_max_a[t] >= r.ieff_a[t] - 1e-9 * (1.0 + r.ieff_a[t]));
                best[t] = std::max(best[t], r.ieff_a[t]);
            }
        }
        for (std::size_t t = 0; t < net.transformers.size(); ++t) {
            const GicResult at = solver.solve(emfs(field_from_azimuth(e, sweep.worst_azimuth_deg[t])));
            CHECK_THAT(at.ieff_a[t], WithinAbs(sweep.ieff_max_a[t], 1e-9 * (1.0 + sweep.ieff_max_a[t])));
            CHECK(sweep.worst_azimuth_deg[t] >= 0.0);
            CHECK(sweep.worst_azimuth_deg[t] < 180.0);
        }
    }
    SECTION("solve_many gives the same numbers as solve, column by column") {
        Eigen::MatrixXd emf(static_cast<Eigen::Index>(net.lines.size()), 2);
        const auto vn = emfs({1.0, 0.0});
        const auto ve = emfs({0.0, 1.0});
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            emf(static_cast<Eigen::Index>(l), 0) = vn[l];
            emf(static_cast<Eigen::Index>(l), 1) = ve[l];
        }
        Eigen::MatrixXd ground, ieff, line;
        solver.solve_many(emf, &ground, &ieff, &line);
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            CHECK_THAT(ground(static_cast<Eigen::Index>(s), 1), WithinAbs(east.ground_gic_a[s], tol));
        }
        for (std::size_t t = 0; t < net.transformers.size(); ++t) {
            CHECK_THAT(ieff(static_cast<Eigen::Index>(t), 0), WithinAbs(north.ieff_signed_a[t], tol));
        }
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            CHECK_THAT(line(static_cast<Eigen::Index>(l), 1), WithinAbs(east.line_gic_a[l], tol));
        }
    }
    SECTION("solve_many over many columns (solved in blocks on threads) matches solve for every column") {
        constexpr Eigen::Index k = 97;  // blocks of uneven width
        const auto vn = emfs({1.0, 0.0});
        const auto ve = emfs({0.0, 1.0});
        Eigen::MatrixXd emf(static_cast<Eigen::Index>(net.lines.size()), k);
        for (Eigen::Index c = 0; c < k; ++c) {
            const double a = std::cos(0.1 * static_cast<double>(c)), b = std::sin(0.37 * static_cast<double>(c));
            for (std::size_t l = 0; l < net.lines.size(); ++l) {
                emf(static_cast<Eigen::Index>(l), c) = a * vn[l] + b * ve[l];
            }
        }
        Eigen::MatrixXd ground, ieff, line, hv, lv;
        solver.solve_many(emf, &ground, &ieff, &line, &hv, &lv);
        for (Eigen::Index c = 0; c < k; c += 8) {
            std::vector<double> col(net.lines.size());
            for (std::size_t l = 0; l < net.lines.size(); ++l) {
                col[l] = emf(static_cast<Eigen::Index>(l), c);
            }
            const GicResult r = solver.solve(col);
            for (std::size_t s = 0; s < net.substations.size(); ++s) {
                CHECK_THAT(ground(static_cast<Eigen::Index>(s), c), WithinAbs(r.ground_gic_a[s], tol));
            }
            for (std::size_t t = 0; t < net.transformers.size(); ++t) {
                CHECK_THAT(ieff(static_cast<Eigen::Index>(t), c), WithinAbs(r.ieff_signed_a[t], tol));
                CHECK_THAT(hv(static_cast<Eigen::Index>(t), c), WithinAbs(r.i_hv_a[t], tol));
                CHECK_THAT(lv(static_cast<Eigen::Index>(t), c), WithinAbs(r.i_lv_a[t], tol));
            }
            for (std::size_t l = 0; l < net.lines.size(); ++l) {
                CHECK_THAT(line(static_cast<Eigen::Index>(l), c), WithinAbs(r.line_gic_a[l], tol));
            }
        }
    }
}

TEST_CASE("field direction and the NERC distance formula", "[core]") {
    const UniformField north = field_from_azimuth(2.0, 0.0);
    CHECK_THAT(north.north_v_per_km, WithinAbs(2.0, 1e-12));
    CHECK_THAT(north.east_v_per_km, WithinAbs(0.0, 1e-12));
    const UniformField east = field_from_azimuth(2.0, 90.0);
    CHECK_THAT(east.north_v_per_km, WithinAbs(0.0, 1e-12));
    CHECK_THAT(east.east_v_per_km, WithinAbs(2.0, 1e-12));
    // One degree of latitude at 45°: 111.133 km (cos 90° = 0)
    const Displacement d = nerc_displacement({10.0, 44.5}, {10.0, 45.5});
    CHECK_THAT(d.north_km, WithinAbs(111.133, 1e-9));
    CHECK_THAT(d.east_km, WithinAbs(0.0, 1e-12));
    // One degree of longitude at the equator: 111.5065 − 0.1872 = 111.3193 km
    const Displacement e = nerc_displacement({0.0, 0.0}, {1.0, 0.0});
    CHECK_THAT(e.east_km, WithinAbs(111.3193, 1e-9));
    // across the antimeridian the short way
    const Displacement w = nerc_displacement({179.5, 0.0}, {-179.5, 0.0});
    CHECK_THAT(w.east_km, WithinAbs(111.3193, 1e-9));
}
