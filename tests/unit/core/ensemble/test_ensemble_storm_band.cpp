// The storm drawn within the hazard model's band ([ensemble.storm] distribution = "band"): on a
// one-line network, where the band is one factor over the whole line, log Ieff is normal and the
// exceedance probability and the quantiles have closed forms; the band's edges are reached at
// z = ±band_z wherever the band's factor varies; and the spec is checked.

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/ensemble/ensemble.hpp>
#include <swx/core/ensemble/random.hpp>
#include <swx/core/network/gic_solver.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace swx;

namespace {

/// Two grounded GSUs joined by one north-south line: the loop is 3·0.5 + 0.1 + 2 + 0.1 + 3e-9 Ω per phase.
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

/// One source with a band: northward EMFs `v` (central), `lo` and `hi` per line.
EnsembleProblem banded_source(const Network& net, std::vector<double> v, std::vector<double> lo, std::vector<double> hi) {
    EnsembleProblem p;
    p.network = &net;
    EnsembleSource s;
    s.model = "M";
    s.options = {"M"};
    s.weights = {1.0};
    const std::vector<double> zero(v.size(), 0.0);
    s.emf_north_v = {std::move(v)};
    s.emf_east_v = {zero};
    s.emf_north_lo_v = {std::move(lo)};
    s.emf_east_lo_v = {zero};
    s.emf_north_hi_v = {std::move(hi)};
    s.emf_east_hi_v = {zero};
    p.sources = {s};
    return p;
}

}  // namespace

TEST_CASE("band weight: 0 at the centre, 1 at the band's edge, the power law between", "[core][ensemble]") {
    for (const double ratio : {0.4, 0.5, 2.0, 3.0}) {
        CHECK(band_weight(ratio, 0.0) == 0.0);
        CHECK(band_weight(ratio, 1.0) == Approx(1.0).epsilon(1e-14));
        for (const double reach : {0.25, 0.5, 1.7}) {
            // (1 − t)·E + t·ratio·E = ratio^reach·E
            const double t = band_weight(ratio, reach);
            CHECK((1.0 - t) + t * ratio == Approx(std::pow(ratio, reach)).epsilon(1e-13));
        }
    }
    CHECK(band_weight(1.0, 0.3) == 0.3);  // a closed band: the weight moves nothing
}

TEST_CASE("storm band on a one-line network: the closed-form exceedance probability and quantiles", "[core][ensemble][validation]") {
    const Network net = one_line();
    const double v = 100.0;  // V along the line under the central field; the band is ÷2 to ×3
    EnsembleSpec spec;
    spec.members = 20000;
    spec.seed = 77;
    spec.threshold_a = 50.0;
    spec.direction = DirectionDraw::fixed;  // northward: the whole EMF drives the loop
    spec.storm_band = {true, 1.645};
    const Ensemble ens(banded_source(net, {v}, {v / 2.0}, {3.0 * v}), spec);
    CHECK(ens.grid_realizations() == 1);  // the storm is a member input: one grid
    const EnsembleResult r = ens.run_all(2);
    // I(z) = I0·3^(z/z_c) for z ≥ 0 and I0·2^(z/z_c) for z < 0, z standard normal, I0 = V/R_loop.
    const double r_loop = 3.0 * 0.5 + 0.1 + 2.0 + 0.1 + 3e-9;
    const double i0 = v / r_loop;
    const double zc = spec.storm_band.z_band;
    const double p = 1.0 - normal_cdf(zc * std::log(spec.threshold_a / i0) / std::log(3.0));
    const double se = r.transformers.p_exceed_se(1, ens.clustered_se());
    INFO("p analytic " << p << ", ensemble " << r.transformers.p_exceed(1) << " ± " << se);
    CHECK(std::abs(r.transformers.p_exceed(1) - p) < 3.0 * se);
    // Quantiles: the band's edges at Φ(±z_c) (5 % and 95 %), the central field at the median; within 2 %
    // (statistical ≈ 1 %, histogram ≤ 0.8 %).
    const double q_hi = normal_cdf(zc);
    for (const auto& [q, exact] : {std::pair{1.0 - q_hi, i0 / 2.0}, std::pair{0.5, i0}, std::pair{q_hi, 3.0 * i0}}) {
        INFO("q" << q << " exact " << exact << " A, ensemble " << r.transformers.quantile(1, q) << " A");
        CHECK(std::abs(r.transformers.quantile(1, q) / exact - 1.0) < 0.02);
    }
    // The same members with a wider reading of the band (z_c = 1): fewer members inside it.
    spec.storm_band.z_band = 1.0;
    const EnsembleResult w = Ensemble(banded_source(net, {v}, {v / 2.0}, {3.0 * v}), spec).run_all(1);
    const double p_w = 1.0 - normal_cdf(std::log(spec.threshold_a / i0) / std::log(3.0));
    CHECK(std::abs(w.transformers.p_exceed(1) - p_w) < 3.0 * w.transformers.p_exceed_se(1, false));
    CHECK(w.transformers.p_exceed(1) > r.transformers.p_exceed(1));
}

TEST_CASE("storm band: each line's EMF reaches the band's edge at z = band_z where the band's factor varies", "[core][ensemble]") {
    // Two lines from one substation, the band ×1.5 on one and ×4 on the other (the field's overall
    // ratio is between them): every member's currents are (1 − t)·(central solve) + t·(edge solve),
    // t = band_weight(overall ratio, |z|/z_c), so at |z| = z_c (t = 1) each line is at its own edge.
    Network net = one_line();
    net.substations.push_back({"C", "C", {-84.0, 33.0}, 0.2});
    net.buses.push_back({"C500", 2, 500.0});
    net.buses.push_back({"C22", 2, 22.0});
    net.transformers.push_back({"TC", TransformerType::gsu, 4, 5, 0.1, not_a_number, false});
    Line l2 = net.lines[0];
    l2.id = "L2";
    l2.to_bus = 4;
    net.lines.push_back(l2);
    const std::vector<double> v{100.0, 60.0};
    const std::vector<double> lo{50.0, 40.0};
    const std::vector<double> hi{150.0, 240.0};
    EnsembleSpec spec;
    spec.members = 4000;
    spec.seed = 3;
    spec.threshold_a = 1e5;
    spec.direction = DirectionDraw::fixed;
    spec.keep_member_summaries = true;
    const double zc = 2.0;
    spec.storm_band = {true, zc};
    const Ensemble ens(banded_source(net, v, lo, hi), spec);
    const EnsembleResult r = ens.run_all(1);
    ProblemSink quiet;
    const GicSolver solver(net, quiet);
    const auto ieff = [&](const std::vector<double>& emf) {
        const GicSweep s = sweep_from_unit_fields(solver.solve(emf), solver.solve(std::vector<double>(emf.size(), 0.0)), 1.0);
        return s.ieff_max_a;
    };
    const std::vector<double> i_v = ieff(v), i_lo = ieff(lo), i_hi = ieff(hi);
    // The overall ratios Σ|EMF|: hi 390/160, lo 90/160.
    const double r_hi = 390.0 / 160.0, r_lo = 90.0 / 160.0;
    for (std::uint64_t m = 0; m < spec.members; ++m) {
        const double z = inverse_normal_cdf(uniform_open01(spec.seed, m, RandomStream::storm, 0));
        const double t = band_weight(z >= 0.0 ? r_hi : r_lo, std::abs(z) / zc);
        const std::vector<double>& edge = z >= 0.0 ? i_hi : i_lo;
        double mx = 0.0;
        for (std::size_t k = 0; k < 3; ++k) {
            mx = std::max(mx, std::abs((1.0 - t) * i_v[k] + t * edge[k]));
        }
        INFO("member " << m << " z " << z);
        REQUIRE(r.member_max_ieff_a[m] == Approx(mx).epsilon(1e-12));
    }
    // Members beyond the band (|z| > z_c) were drawn too: the interpolation is extrapolated there.
    CHECK(r.transformers.max(2) > i_hi[2]);
}

TEST_CASE("storm band specs are checked", "[core][ensemble]") {
    const Network net = one_line();
    EnsembleSpec spec;
    spec.members = 10;
    spec.storm_band = {true, 0.0};
    CHECK_THROWS_AS(Ensemble(banded_source(net, {1.0}, {0.5}, {2.0}), spec), ConfigError);
    spec.storm_band = {true, 1.96};
    spec.storm = {FactorDistribution::Kind::lognormal, 0.3, 0.0};  // a factor and a band exclude each other
    CHECK_THROWS_AS(Ensemble(banded_source(net, {1.0}, {0.5}, {2.0}), spec), ConfigError);
    spec.storm = {};
    EnsembleProblem no_band = banded_source(net, {1.0}, {0.5}, {2.0});
    no_band.sources[0].emf_north_hi_v.clear();
    CHECK_THROWS_AS(Ensemble(std::move(no_band), spec), InputError);
    CHECK_NOTHROW(Ensemble(banded_source(net, {1.0}, {0.5}, {2.0}), spec));
}
