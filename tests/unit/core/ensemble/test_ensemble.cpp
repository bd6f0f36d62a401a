// Ensembles against closed forms: a one-line network with a lognormal grounding resistance, a
// direction-only ensemble against the sweep and the analytic fraction of directions, quantiles
// converging at 1/sqrt(n); outages at their probability; and bit-identical results whatever the
// threads and the chunking.

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/ensemble/ensemble.hpp>
#include <swx/core/ensemble/random.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/synthetic_grid.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace swx;

namespace {

/// Two grounded GSUs joined by one north-south line. Rg(A) = 0.5 Ω; Rg(B) = 1e-9 Ω, so a factor on
/// every grounding resistance acts on A's alone. Per phase the loop is 3·Rg(A) + 0.1 + 2 + 0.1 Ω.
Network one_line() {
    Network n;
    n.substations = {{"A", "A", {-85.0, 33.0}, 0.5}, {"B", "B", {-85.0, 34.0}, 1e-9}};
    n.buses = {{"A500", 0, 500.0}, {"A22", 0, 22.0}, {"B500", 1, 500.0}, {"B22", 1, 22.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.1, not_a_number, false}, {"TB", TransformerType::gsu, 2, 3, 0.1, not_a_number, false}};
    Line l;
    l.id = "L";
    l.from_bus = 0;
    l.to_bus = 2;
    l.r_ohm = 2.0;
    l.kv = 500.0;
    n.lines = {l};
    return n;
}

/// One source: the line's EMF under the study's field, `north_v` northward and `east_v` eastward.
EnsembleProblem one_source(const Network& net, std::vector<double> north_v, std::vector<double> east_v) {
    EnsembleProblem p;
    p.network = &net;
    EnsembleSource s;
    s.model = "M";
    s.options = {"M"};
    s.weights = {1.0};
    s.emf_north_v = {std::move(north_v)};
    s.emf_east_v = {std::move(east_v)};
    p.sources = {s};
    return p;
}

}  // namespace

TEST_CASE("lognormal grounding on a one-line network: the closed-form exceedance probability", "[core][ensemble][validation]") {
    const Network net = one_line();
    EnsembleSpec spec;
    spec.members = 20000;
    spec.seed = 2024;
    spec.threshold_a = 30.0;
    spec.direction = DirectionDraw::fixed;  // northward: the whole EMF drives the loop
    spec.grounding = {FactorDistribution::Kind::lognormal, 0.5, 0.0};
    const double v = 100.0;
    const Ensemble ens(one_source(net, {v}, {0.0}), spec);
    CHECK(ens.grid_realizations() == spec.members);  // one grid per member
    const EnsembleResult r = ens.run_all(2);
    // I = V/(R0 + 3·0.5·F), F lognormal(0, 0.5): I > T  <=>  F < (V/T − R0)/1.5.
    const double r0 = 0.1 + 2.0 + 0.1 + 3e-9;
    const double p = normal_cdf(std::log((v / spec.threshold_a - r0) / 1.5) / 0.5);
    const double se = r.transformers.p_exceed_se(1, ens.clustered_se());
    INFO("p analytic " << p << ", ensemble " << r.transformers.p_exceed(1) << " ± " << se);
    CHECK(std::abs(r.transformers.p_exceed(1) - p) < 3.0 * se);
    CHECK(se == Approx(std::sqrt(p * (1 - p) / spec.members)).epsilon(0.05));
    // Quantiles: I decreases with F, so I_q = V/(R0 + 1.5·exp(0.5·Φ⁻¹(1 − q))); the ensemble's within
    // 2 % (statistical ≈ 0.5 %, histogram ≤ 0.8 %).
    for (const double q : {0.05, 0.5, 0.95}) {
        const double exact = v / (r0 + 1.5 * std::exp(0.5 * inverse_normal_cdf(1.0 - q)));
        INFO("q" << q << " exact " << exact << " A, ensemble " << r.transformers.quantile(1, q) << " A");
        CHECK(std::abs(r.transformers.quantile(1, q) / exact - 1.0) < 0.02);
    }
    // Both transformers carry the loop current; the substations' worst equals it.
    CHECK(r.transformers.p_exceed(0) == r.transformers.p_exceed(1));
    CHECK(r.substations.p_exceed(1) == r.transformers.p_exceed(1));
}

TEST_CASE("direction-only ensemble: bounded by the sweep, the analytic fraction of directions", "[core][ensemble][validation]") {
    const Network net = one_line();
    ProblemSink quiet;
    const GicSolver solver(net, quiet);
    const double vn = 100.0;
    const double ve = 40.0;  // a line with both components (an oblique route)
    const GicSweep sweep = sweep_from_unit_fields(solver.solve(std::vector<double>{vn}), solver.solve(std::vector<double>{ve}), 1.0);
    const double m = sweep.ieff_max_a[1];
    EnsembleSpec spec;
    spec.members = 40000;
    spec.seed = 5;
    spec.threshold_a = 0.6 * m;
    const Ensemble ens(one_source(net, {vn}, {ve}), spec);
    const EnsembleResult r = ens.run_all(2);
    CHECK(r.transformers.max(1) <= m * (1.0 + 1e-12));
    CHECK(r.transformers.max(1) > 0.9999 * m);
    // Ieff(θ) = M·|cos(θ − θ0)|: P(Ieff > T) = (2/π)·arccos(T/M).
    const double p = 2.0 / std::numbers::pi * std::acos(0.6);
    const double se = r.transformers.p_exceed_se(1, ens.clustered_se());
    CHECK_FALSE(ens.clustered_se());
    CHECK(std::abs(r.transformers.p_exceed(1) - p) < 3.0 * se);
    // "worst" puts every member at the sweep's maximum: p = 1 at a threshold below it.
    spec.direction = DirectionDraw::worst;
    spec.members = 10;
    const EnsembleResult w = Ensemble(one_source(net, {vn}, {ve}), spec).run_all(1);
    CHECK(w.transformers.p_exceed(1) == 1.0);
    CHECK(w.transformers.min(1) == Approx(m).epsilon(1e-12));
}

TEST_CASE("quantiles converge at the 1/sqrt(n) rate", "[core][ensemble][validation]") {
    // Median of M·|cos φ|, φ uniform: M·cos(π/4); its standard error √(q(1−q))/(f·√n) with
    // f = (2/π)/(M·sin(π/4)) at the median. RMS over 40 seeds at n = 250, 1000, 4000.
    const Network net = one_line();
    ProblemSink quiet;
    const GicSolver solver(net, quiet);
    const double m = solver.solve(std::vector<double>{100.0}).ieff_a[1];
    const double median = m * std::cos(std::numbers::pi / 4.0);
    const double f = (2.0 / std::numbers::pi) / (m * std::sin(std::numbers::pi / 4.0));
    std::vector<double> rms;
    for (const std::uint64_t n : {250U, 1000U, 4000U}) {
        double ss = 0.0;
        for (std::uint64_t seed = 1; seed <= 40; ++seed) {
            EnsembleSpec spec;
            spec.members = n;
            spec.seed = seed;
            spec.threshold_a = m;
            const EnsembleResult r = Ensemble(one_source(net, {100.0}, {0.0}), spec).run_all(1);
            const double e = r.transformers.quantile(1, 0.5) - median;
            ss += e * e;
        }
        rms.push_back(std::sqrt(ss / 40.0));
        const double expected = std::sqrt(0.25) / (f * std::sqrt(static_cast<double>(n)));
        const double bins = median * 0.0078 / std::sqrt(3.0);  // the histogram's rounding, uniform within ±0.78 %
        INFO("n " << n << ": RMS error " << rms.back() << " A, asymptotic " << expected << " A");
        CHECK(rms.back() < 1.5 * std::hypot(expected, bins));
        CHECK(rms.back() > 0.6 * expected);
    }
    // Sixteen times the members: about a quarter of the error.
    CHECK(rms[0] / rms[2] > 2.5);
    CHECK(rms[0] / rms[2] < 6.0);
}

TEST_CASE("outages at their probability, outaged elements carry no current", "[core][ensemble]") {
    const Network net = one_line();
    EnsembleSpec spec;
    spec.members = 4000;
    spec.seed = 77;
    spec.threshold_a = 1.0;
    spec.direction = DirectionDraw::fixed;
    spec.transformer_outage_probability = 0.1;
    const Ensemble ens(one_source(net, {100.0}, {0.0}), spec);
    const EnsembleResult r = ens.run_all(2);
    // TA out: no path through A, no current anywhere; TB out likewise. P(current) = 0.9².
    const double p = 0.81;
    const double se = std::sqrt(p * (1 - p) / 4000.0);
    CHECK(std::abs(r.transformers.p_exceed(1) - p) < 3.0 * se);
    std::vector<std::size_t> kept;
    std::size_t outaged = 0;
    for (std::uint64_t g = 0; g < 4000; ++g) {
        outaged += 2 - ens.realization(g, kept).transformers.size();
    }
    CHECK(std::abs(static_cast<double>(outaged) / 8000.0 - 0.1) < 3.0 * std::sqrt(0.09 / 8000.0));
    spec.transformer_outage_probability = 0.0;
    spec.line_outage_probability = 0.25;
    const EnsembleResult l = Ensemble(one_source(net, {100.0}, {0.0}), spec).run_all(2);
    CHECK(std::abs(l.transformers.p_exceed(1) - 0.75) < 3.0 * std::sqrt(0.75 * 0.25 / 4000.0));
    spec.line_outage_probability = 1.0;
    CHECK_THROWS_AS(Ensemble(one_source(net, {100.0}, {0.0}), spec), ConfigError);
}

TEST_CASE("bit-identical results whatever the threads and the chunking", "[core][ensemble]") {
    SyntheticGridOptions o;
    o.substations = 60;
    o.seed = 3;
    const Network net = make_synthetic_grid(o);
    ProblemSink quiet;
    // Two sources (earth models) with the line EMFs of a 1 V/km field split between them, the second
    // with an alternative that doubles its share.
    EnsembleProblem p;
    p.network = &net;
    std::vector<double> n1(net.lines.size());
    std::vector<double> e1(net.lines.size());
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        n1[l] = 10.0 + static_cast<double>(l % 7);
        e1[l] = -5.0 + static_cast<double>(l % 5);
    }
    std::vector<double> n2 = n1;
    std::vector<double> e2 = e1;
    for (auto& x : n2) {
        x *= 2.0;
    }
    for (auto& x : e2) {
        x *= 2.0;
    }
    p.sources = {EnsembleSource{"A", {"A"}, {1.0}, {n1}, {e1}}, EnsembleSource{"B", {"B", "B2"}, {0.7, 0.3}, {n1, n2}, {e1, e2}}};
    p.supply_groups = {{0}, {1, 2}, {5, 9, 11}};
    EnsembleSpec spec;
    spec.members = 600;
    spec.grid_realizations = 40;
    spec.seed = 11;
    spec.threshold_a = 5.0;
    spec.storm = {FactorDistribution::Kind::lognormal, 0.3, 0.0};
    spec.earth_spread = {FactorDistribution::Kind::lognormal, 0.2, 0.0};
    spec.grounding = {FactorDistribution::Kind::lognormal, 0.5, 0.0};
    spec.line_resistance = {FactorDistribution::Kind::uniform, 0.0, 10.0};
    spec.winding_resistance = {FactorDistribution::Kind::uniform, 0.0, 15.0};
    spec.line_outage_probability = 0.02;
    spec.transformer_outage_probability = 0.02;
    spec.checkpoints = {100, 300, 600};
    spec.keep_member_summaries = true;
    spec.block_members = 7;  // each realization's 15 members in pieces of 7, 7 and 1
    const Ensemble ens(p, spec);
    REQUIRE(ens.block_count() == 40);
    const auto stats = [](const EnsembleResult& r) {
        return r.transformers.serialize() + r.substations.serialize() + r.supply_groups.serialize();
    };
    const EnsembleResult one = ens.run_all(1);
    const EnsembleResult two = ens.run_all(2);
    CHECK(stats(one) == stats(two));
    CHECK(one.member_max_ieff_a == two.member_max_ieff_a);
    REQUIRE(one.member_max_ieff_a.size() == 600);
    CHECK_FALSE(std::isnan(one.member_max_ieff_a[599]));
    // Pieces of another size give the same statistics (the cluster is the realization either way).
    EnsembleSpec whole = spec;
    whole.block_members = 1024;
    const Ensemble ens_whole(p, whole);
    const EnsembleResult w = ens_whole.run_all(2);
    CHECK(w.transformers.serialize() == one.transformers.serialize());
    CHECK(w.supply_groups.serialize() == one.supply_groups.serialize());
    // A result of another ensemble is refused, by merge and by check_result.
    CHECK_THROWS_AS(EnsembleResult(one).merge(w), Error);
    CHECK_THROWS_AS(ens.check_result(w), Error);
    CHECK_NOTHROW(ens.check_result(one));
    EnsembleResult chunks = ens.run(25, 40, 1);
    chunks.merge(EnsembleResult::deserialize(ens.run(0, 7, 2).serialize()));
    chunks.merge(ens.run(7, 25, 2));
    CHECK(stats(chunks) == stats(one));
    CHECK(chunks.member_max_ieff_a == one.member_max_ieff_a);
    CHECK(chunks.member_exceed_count == one.member_exceed_count);
    CHECK(one.transformers.members() == 600);
    CHECK(ens.clustered_se());
    // something varies: not every member has the same worst current
    CHECK(one.transformers.min(0) < one.transformers.max(0));
    // A different seed gives different draws.
    spec.seed = 12;
    CHECK(stats(Ensemble(p, spec).run_all(2)) != stats(one));
}

TEST_CASE("ensemble specs are checked", "[core][ensemble]") {
    const Network net = one_line();
    EnsembleSpec spec;
    spec.members = 0;
    CHECK_THROWS_AS(Ensemble(one_source(net, {1.0}, {0.0}), spec), ConfigError);
    spec.members = 10;
    spec.grounding = {FactorDistribution::Kind::lognormal, -1.0, 0.0};
    CHECK_THROWS_AS(Ensemble(one_source(net, {1.0}, {0.0}), spec), ConfigError);
    spec.grounding = {FactorDistribution::Kind::uniform, 0.0, 100.0};
    CHECK_THROWS_AS(Ensemble(one_source(net, {1.0}, {0.0}), spec), ConfigError);
    spec.grounding = {FactorDistribution::Kind::lognormal, 0.5, 0.0};
    spec.grid_realizations = 11;
    CHECK_THROWS_AS(Ensemble(one_source(net, {1.0}, {0.0}), spec), ConfigError);
    spec.grid_realizations = 0;
    CHECK_THROWS_AS(Ensemble(one_source(net, {1.0, 2.0}, {0.0}), spec), InputError);
}
