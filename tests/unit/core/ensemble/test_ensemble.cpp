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

#include "support/ensemble_fixture.hpp"

#include <cmath>
#include <numbers>

using namespace swx;
using swx::test::one_line;
using swx::test::one_source;

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

namespace {

/// Priors of one class from 0 kV: `types` with `weights`.
TransformerTypePriors one_class(std::vector<TransformerType> types, std::vector<double> weights, bool all = false) {
    TransformerTypePriors p;
    p.all = all;
    p.classes = {{0.0, std::move(types), std::move(weights)}};
    return p;
}

}  // namespace

TEST_CASE("transformer types drawn from priors: the analytic exceedance probability and mean", "[core][ensemble][validation]") {
    // TA's type unknown (assumed = "type"), gsu with probability p, else delta-delta. As a GSU the loop
    // carries I0 through both transformers; as d_d substation A has no neutral, the loop is open and
    // both carry 0 A. With a fixed direction and nothing else uncertain P(Ieff > I0/2) = p, mean p·I0.
    Network net = one_line();
    net.transformers[0].assumed = "r_lv_ohm,type";
    ProblemSink quiet;
    const double i0 = GicSolver(net, quiet).solve(std::vector<double>{100.0}).ieff_a[1];
    REQUIRE(i0 > 1.0);
    const double p = 0.3;
    EnsembleSpec spec;
    spec.members = 4000;
    spec.seed = 31;
    spec.threshold_a = 0.5 * i0;
    spec.direction = DirectionDraw::fixed;
    spec.transformer_types = one_class({TransformerType::gsu, TransformerType::d_d}, {p, 1.0 - p});
    CHECK(spec.grid_uncertain());
    const Ensemble ens(one_source(net, {100.0}, {0.0}), spec);
    CHECK(ens.grid_realizations() == spec.members);
    const EnsembleResult r = ens.run_all(2);
    for (const std::size_t t : {0U, 1U}) {
        const double se = r.transformers.p_exceed_se(t, ens.clustered_se());
        INFO("transformer " << t << ": p analytic " << p << ", ensemble " << r.transformers.p_exceed(t) << " ± " << se);
        CHECK(se == Approx(std::sqrt(p * (1.0 - p) / 4000.0)).epsilon(0.05));
        CHECK(std::abs(r.transformers.p_exceed(t) - p) < 3.0 * se);
        // Every member at I0 or at 0 A.
        CHECK(r.transformers.max(t) == Approx(i0).epsilon(1e-12));
        CHECK(r.transformers.min(t) == 0.0);
        // Mean p·I0 within 3 standard errors of the mean of a two-point variable, I0·sqrt(p(1−p)/n).
        CHECK(std::abs(r.transformers.mean(t) - p * i0) < 3.0 * i0 * std::sqrt(p * (1.0 - p) / 4000.0));
    }
    CHECK(r.substations.p_exceed(1) == r.transformers.p_exceed(1));
}

TEST_CASE("transformer types: only the transformers whose assumed field lists type, unless apply_to is all", "[core][ensemble]") {
    Network net = one_line();
    net.transformers[0].assumed = "grounding_ohm, type";  // the item "type", spaces around items allowed
    net.transformers[1].assumed = "types,prototype";      // not the item "type"
    EnsembleSpec spec;
    spec.members = 200;
    spec.direction = DirectionDraw::fixed;
    spec.transformer_types = one_class({TransformerType::gsu, TransformerType::gy_gy, TransformerType::d_d}, {1.0, 1.0, 1.0});
    CHECK_FALSE(spec.transformer_types.applies_to(net.transformers[1]));
    CHECK(spec.transformer_types.applies_to(net.transformers[0]));
    const Ensemble assumed(one_source(net, {100.0}, {0.0}), spec);
    std::vector<std::size_t> kept;
    int seen[3] = {0, 0, 0};
    for (std::uint64_t g = 0; g < 60; ++g) {
        const Network n = assumed.realization(g, kept);
        REQUIRE(n.transformers.size() == 2);
        CHECK(n.transformers[1].type == TransformerType::gsu);
        CHECK(std::isnan(n.transformers[1].r_lv_ohm));  // never touched
        const auto t = n.transformers[0].type;
        seen[t == TransformerType::gsu ? 0 : t == TransformerType::gy_gy ? 1 : 2] += 1;
        CHECK((t == TransformerType::gsu || t == TransformerType::gy_gy || t == TransformerType::d_d));
    }
    CHECK(seen[0] > 5);
    CHECK(seen[1] > 5);
    CHECK(seen[2] > 5);
    spec.transformer_types.all = true;
    const Ensemble all(one_source(net, {100.0}, {0.0}), spec);
    CHECK(all.fingerprint() != assumed.fingerprint());
    int changed = 0;
    for (std::uint64_t g = 0; g < 60; ++g) {
        const Network n = all.realization(g, kept);
        changed += n.transformers[1].type != TransformerType::gsu ? 1 : 0;
        // TA's draw is keyed by its own index: the same whatever apply_to does to TB.
        CHECK(n.transformers[0].type == assumed.realization(g, kept).transformers[0].type);
    }
    CHECK(changed > 20);
    CHECK(changed < 60);
}

TEST_CASE("transformer types: the class of a transformer is that of its HV bus's voltage", "[core][ensemble]") {
    TransformerTypePriors p;
    p.classes = {{0.0, {TransformerType::gsu}, {1.0}}, {200.0, {TransformerType::gy_gy}, {1.0}}, {400.0, {TransformerType::autotransformer}, {1.0}}};
    CHECK(&p.class_of(22.0) == &p.classes[0]);
    CHECK(&p.class_of(199.9) == &p.classes[0]);
    CHECK(&p.class_of(200.0) == &p.classes[1]);
    CHECK(&p.class_of(345.0) == &p.classes[1]);
    CHECK(&p.class_of(500.0) == &p.classes[2]);
    CHECK(&p.class_of(not_a_number) == &p.classes[0]);  // unknown voltage: the lowest class
    // In a realization: one_line's HV buses are 500 kV, so both draw the autotransformer.
    Network net = one_line();
    EnsembleSpec spec;
    spec.members = 3;
    p.all = true;
    spec.transformer_types = p;
    const Ensemble ens(one_source(net, {100.0}, {0.0}), spec);
    std::vector<std::size_t> kept;
    for (const auto& t : ens.realization(1, kept).transformers) {
        CHECK(t.type == TransformerType::autotransformer);
    }
}

TEST_CASE("fill_winding_resistances: a winding the type needs, from the other by the turns ratio", "[core][ensemble][network]") {
    const double ratio = 500.0 / 22.0;
    Transformer t{"T", TransformerType::gy_gy, 0, 1, 0.1, not_a_number, false};
    CHECK(fill_winding_resistances(t, 500.0, 22.0));
    CHECK(t.r_hv_ohm == 0.1);
    CHECK(t.r_lv_ohm == Approx(0.1 / (ratio * ratio)).epsilon(1e-14));
    t = {"T", TransformerType::autotransformer, 0, 1, 0.1, -1.0, false};  // non-positive: unknown too
    CHECK(fill_winding_resistances(t, 500.0, 22.0));
    CHECK(t.r_lv_ohm == Approx(0.1 / ((ratio - 1.0) * (ratio - 1.0))).epsilon(1e-14));
    t = {"T", TransformerType::gy_gy, 0, 1, not_a_number, 0.02, false};  // r_hv from r_lv
    CHECK(fill_winding_resistances(t, 500.0, 22.0));
    CHECK(t.r_hv_ohm == Approx(0.02 * ratio * ratio).epsilon(1e-14));
    t = {"T", TransformerType::gy_gy, 0, 1, not_a_number, not_a_number, false};  // neither: the default, and r_lv from it
    CHECK(fill_winding_resistances(t, 500.0, 22.0));
    CHECK(t.r_hv_ohm == default_winding_ohm);
    CHECK(default_winding_ohm == 0.75);
    CHECK(t.r_lv_ohm == Approx(0.75 / (ratio * ratio)).epsilon(1e-14));
    t = {"T", TransformerType::autotransformer, 0, 1, 0.1, not_a_number, false};  // no usable ratio: the default
    CHECK(fill_winding_resistances(t, 230.0, 345.0));
    CHECK(t.r_lv_ohm == default_winding_ohm);
    t = {"T", TransformerType::d_gy, 0, 1, 0.1, not_a_number, false};
    CHECK(fill_winding_resistances(t, not_a_number, 22.0));
    CHECK(t.r_lv_ohm == default_winding_ohm);
    // Extreme ratios: kept within the resistances validate_network accepts.
    t = {"T", TransformerType::autotransformer, 0, 1, 0.1, not_a_number, false};
    CHECK(fill_winding_resistances(t, 345.0, 344.99));
    CHECK(t.r_lv_ohm == max_resistance_ohm);
    t = {"T", TransformerType::gy_gy, 0, 1, 0.1, not_a_number, false};
    CHECK(fill_winding_resistances(t, 765.0, 0.1));
    CHECK(t.r_lv_ohm == min_resistance_ohm);
    // Windings the type does not use are left alone.
    t = {"T", TransformerType::gsu, 0, 1, 0.1, not_a_number, false};
    CHECK_FALSE(fill_winding_resistances(t, 500.0, 22.0));
    CHECK(std::isnan(t.r_lv_ohm));
    t = {"T", TransformerType::d_d, 0, 1, not_a_number, not_a_number, false};
    CHECK_FALSE(fill_winding_resistances(t, 500.0, 22.0));
}

TEST_CASE("transformer types: a GSU drawn as gy_gy, auto or d_d gets its LV winding and solves", "[core][ensemble][network]") {
    // one_line's GSUs have no LV resistance (as the grid reader leaves it): drawn as another type they
    // take r_lv from r_hv; the realization passes validate_network and solves to finite currents.
    Network net = one_line();
    net.substations[1].grounding_ohm = 0.5;  // within validate_network's range (one_line's 1e-9 Ω is not)
    ProblemSink quiet;
    const double i0 = GicSolver(net, quiet).solve(std::vector<double>{100.0}).ieff_a[1];
    const double ratio = 500.0 / 22.0;
    for (const auto type : {TransformerType::gy_gy, TransformerType::gy_gy_d, TransformerType::autotransformer, TransformerType::d_gy,
                            TransformerType::d_d}) {
        INFO("drawn as " << to_string(type));
        EnsembleSpec spec;
        spec.members = 2;
        spec.transformer_types = one_class({type}, {1.0}, true);
        const Ensemble ens(one_source(net, {100.0}, {0.0}), spec);
        std::vector<std::size_t> kept;
        const Network r = ens.realization(0, kept);
        REQUIRE(r.transformers.size() == 2);
        CHECK(r.transformers[0].type == type);
        if (type == TransformerType::gy_gy || type == TransformerType::gy_gy_d || type == TransformerType::d_gy) {
            CHECK(r.transformers[0].r_lv_ohm == Approx(0.1 / (ratio * ratio)).epsilon(1e-14));
        } else if (type == TransformerType::autotransformer) {
            CHECK(r.transformers[0].r_lv_ohm == Approx(0.1 / ((ratio - 1.0) * (ratio - 1.0))).epsilon(1e-14));
        } else {
            CHECK(std::isnan(r.transformers[0].r_lv_ohm));  // d_d: no winding carries DC, nothing to fill
        }
        if (type == TransformerType::d_gy || type == TransformerType::d_d) {
            // No grounded HV winding anywhere: no DC path from the line to earth, so no current in the
            // transformers. d_gy still grounds its (unconnected) LV bus; d_d grounds nothing, which
            // validate_network refuses for a grid as read, but the solver solves it (the ensemble's case).
            if (type == TransformerType::d_d) {
                CHECK_THROWS_AS(validate_network(r, NetworkSource{}), InputError);
            } else {
                CHECK_NOTHROW(validate_network(r, NetworkSource{}));
            }
            const GicResult g = GicSolver(r, quiet).solve(std::vector<double>{100.0});
            for (const double x : g.ieff_a) {
                CHECK(std::abs(x) < 1e-9 * i0);
            }
            CHECK(ens.run_all(1).transformers.max(0) < 1e-9 * i0);
            continue;
        }
        CHECK_NOTHROW(validate_network(r, NetworkSource{}));
        const GicResult g = GicSolver(r, quiet).solve(std::vector<double>{100.0});
        for (const double x : g.ieff_a) {
            CHECK(std::isfinite(x));
        }
        // The LV bus has no lines: the LV winding carries nothing, and the loop current is nearly the
        // GSUs' (auto: the series winding in the loop, the common winding's 0.2 mΩ beside it).
        CHECK(g.ieff_a[1] == Approx(i0).epsilon(1e-3));
        const EnsembleResult res = ens.run_all(1);
        CHECK(std::isfinite(res.transformers.mean(0)));
    }
}

TEST_CASE("transformer types: bit-identical results whatever the threads and the chunking", "[core][ensemble]") {
    SyntheticGridOptions o;
    o.substations = 40;
    o.seed = 5;
    const Network net = make_synthetic_grid(o);
    std::vector<double> n1(net.lines.size());
    std::vector<double> e1(net.lines.size());
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        n1[l] = 10.0 + static_cast<double>(l % 7);
        e1[l] = -5.0 + static_cast<double>(l % 5);
    }
    EnsembleProblem p;
    p.network = &net;
    p.sources = {EnsembleSource{"A", {"A"}, {1.0}, {n1}, {e1}}};
    EnsembleSpec spec;
    spec.members = 300;
    spec.grid_realizations = 30;
    spec.seed = 8;
    spec.threshold_a = 5.0;
    spec.transformer_outage_probability = 0.05;
    spec.transformer_types.all = true;
    spec.transformer_types.classes = {{0.0, {TransformerType::gsu, TransformerType::gy_gy, TransformerType::autotransformer}, {0.3, 0.3, 0.4}},
                                      {400.0, {TransformerType::autotransformer, TransformerType::gy_gy, TransformerType::d_d}, {0.6, 0.3, 0.1}}};
    spec.keep_member_summaries = true;
    spec.block_members = 4;
    const Ensemble ens(p, spec);
    REQUIRE(ens.block_count() == 30);
    const auto bytes = [](const EnsembleResult& r) {
        std::string s = r.serialize();
        return s.substr(0, s.size() - 2 * sizeof(double));  // without the compute times at the end
    };
    const EnsembleResult one = ens.run_all(1);
    const EnsembleResult two = ens.run_all(2);
    CHECK(bytes(one) == bytes(two));
    EnsembleResult split = ens.run(0, 11, 2);
    split.merge(ens.run(11, 30, 1));
    CHECK(bytes(split) == bytes(one));
    // The types vary: some transformer is at once above and below the threshold across members.
    bool varies = false;
    for (std::size_t t = 0; t < net.transformers.size(); ++t) {
        varies = varies || (one.transformers.min(t) < one.transformers.max(t));
        CHECK(std::isfinite(one.transformers.mean(t)));
    }
    CHECK(varies);
    // Other weights: another ensemble (fingerprint), other results.
    EnsembleSpec other = spec;
    other.transformer_types.classes[1].weights = {0.2, 0.3, 0.5};
    const Ensemble ens2(p, other);
    CHECK(ens2.fingerprint() != ens.fingerprint());
    CHECK_THROWS_AS(ens.check_result(ens2.run_all(2)), Error);
}

TEST_CASE("transformer type priors are checked", "[core][ensemble]") {
    const Network net = one_line();
    EnsembleSpec spec;
    spec.members = 10;
    auto bad = [&](TransformerTypePriors p) {
        spec.transformer_types = std::move(p);
        CHECK_THROWS_AS(Ensemble(one_source(net, {1.0}, {0.0}), spec), ConfigError);
    };
    bad(one_class({TransformerType::gsu, TransformerType::d_d}, {1.0}));  // a weight per type
    bad(one_class({TransformerType::gsu}, {-1.0}));
    bad(one_class({TransformerType::gsu, TransformerType::d_d}, {0.0, 0.0}));
    bad(one_class({TransformerType::gsu}, {not_a_number}));
    bad(one_class({}, {}));
    TransformerTypePriors p = one_class({TransformerType::gsu}, {1.0});
    p.classes[0].kv_min = 100.0;  // no class from 0 kV
    bad(p);
    p.classes = {{0.0, {TransformerType::gsu}, {1.0}}, {300.0, {TransformerType::gy_gy}, {1.0}}, {300.0, {TransformerType::d_d}, {1.0}}};
    bad(p);  // duplicate kv_min
    p.classes = {{0.0, {TransformerType::gsu}, {1.0}}, {300.0, {TransformerType::gy_gy}, {1.0}}, {200.0, {TransformerType::d_d}, {1.0}}};
    bad(p);  // not increasing
    p.classes.pop_back();
    spec.transformer_types = p;
    CHECK_NOTHROW(Ensemble(one_source(net, {1.0}, {0.0}), spec));
}
