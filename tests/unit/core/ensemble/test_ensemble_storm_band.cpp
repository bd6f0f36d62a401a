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

#include "support/ensemble_fixture.hpp"

#include <cmath>

using namespace swx;
using swx::test::one_line;

namespace {

/// One source with a band: northward EMFs `v` (central), `lo` and `hi` per line.
EnsembleProblem banded_source(const Network& net, std::vector<double> v, std::vector<double> lo, std::vector<double> hi) {
    const std::vector<double> zero(v.size(), 0.0);
    EnsembleProblem p = swx::test::one_source(net, std::move(v), zero);
    EnsembleSource& s = p.sources[0];
    s.emf_north_lo_v = {std::move(lo)};
    s.emf_east_lo_v = {zero};
    s.emf_north_hi_v = {std::move(hi)};
    s.emf_east_hi_v = {zero};
    return p;
}

}  // namespace

TEST_CASE("band weights: the centre at reach 0, the band's edge at reach 1, the power law on both sides", "[core][ensemble]") {
    for (const double ratio : {0.4, 0.5, 2.0, 3.0}) {
        const BandWeights at0 = band_weights(ratio, 0.0);
        CHECK(at0.central == 1.0);
        CHECK(at0.edge == 0.0);
        const BandWeights at1 = band_weights(ratio, 1.0);
        CHECK(at1.central == Approx(0.0).margin(1e-14));
        CHECK(at1.edge == Approx(1.0).epsilon(1e-14));
        for (const double reach : {0.25, 0.5, 0.999, 1.001, 1.7, 3.0}) {
            // central·E + edge·ratio·E = ratio^reach·E, with both weights ≥ 0 (no reversed field)
            const BandWeights w = band_weights(ratio, reach);
            INFO("ratio " << ratio << " reach " << reach);
            CHECK(w.central + w.edge * ratio == Approx(std::pow(ratio, reach)).epsilon(1e-13));
            CHECK(w.central >= 0.0);
            CHECK(w.edge >= 0.0);
        }
    }
    CHECK(band_weights(1.0, 0.3).edge == 0.3);  // a closed band: the edge is the centre
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
    // Beyond the band's upper edge: T = 4·I0 > 3·I0 needs z > z_c·ln 4/ln 3.
    spec.threshold_a = 4.0 * i0;
    const EnsembleResult tail = Ensemble(banded_source(net, {v}, {v / 2.0}, {3.0 * v}), spec).run_all(2);
    const double p_tail = 1.0 - normal_cdf(zc * std::log(4.0) / std::log(3.0));
    INFO("tail: p analytic " << p_tail << ", ensemble " << tail.transformers.p_exceed(1));
    CHECK(std::abs(tail.transformers.p_exceed(1) - p_tail) < 3.0 * tail.transformers.p_exceed_se(1, false));
    // Below the lower edge: the 1 % quantile is I0·2^(Φ⁻¹(0.01)/z_c).
    const double q01 = i0 * std::pow(2.0, inverse_normal_cdf(0.01) / zc);
    CHECK(std::abs(tail.transformers.quantile(1, 0.01) / q01 - 1.0) < 0.03);
    spec.threshold_a = 50.0;
    // The same members with a wider reading of the band (z_c = 1): fewer members inside it.
    spec.storm_band.z_band = 1.0;
    const EnsembleResult w = Ensemble(banded_source(net, {v}, {v / 2.0}, {3.0 * v}), spec).run_all(1);
    const double p_w = 1.0 - normal_cdf(std::log(spec.threshold_a / i0) / std::log(3.0));
    CHECK(std::abs(w.transformers.p_exceed(1) - p_w) < 3.0 * w.transformers.p_exceed_se(1, false));
    CHECK(w.transformers.p_exceed(1) > r.transformers.p_exceed(1));
}

TEST_CASE("storm band: each line's EMF reaches the band's edge at z = band_z where the band's factor varies", "[core][ensemble]") {
    // Two lines from substation A, the band ×1.5 and ÷2 on one, ×4 and ÷1.5 on the other (so the share's
    // overall ratio lies between them). Every member's currents are the central and the edge solves
    // combined with band_weights(overall ratio, |z|/z_c): so at |z| = z_c each line is at its own edge
    // (the edge solve alone), and beyond it no line's field reverses.
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
    const auto ieff_signed = [&](const std::vector<double>& emf) { return solver.solve(emf).ieff_signed_a; };
    const std::vector<double> i_v = ieff_signed(v), i_lo = ieff_signed(lo), i_hi = ieff_signed(hi);
    // The overall ratios Σ|EMF|: hi 390/160, lo 90/160.
    const double r_hi = 390.0 / 160.0, r_lo = 90.0 / 160.0;
    std::size_t beyond = 0;
    for (std::uint64_t m = 0; m < spec.members; ++m) {
        const double z = inverse_normal_cdf(uniform_open01(spec.seed, m, RandomStream::storm, 0));
        const double reach = std::abs(z) / zc;
        const BandWeights w = band_weights(z >= 0.0 ? r_hi : r_lo, reach);
        const std::vector<double>& edge_i = z >= 0.0 ? i_hi : i_lo;
        double mx = 0.0;
        for (std::size_t k = 0; k < 3; ++k) {
            mx = std::max(mx, std::abs(w.central * i_v[k] + w.edge * edge_i[k]));
        }
        INFO("member " << m << " z " << z);
        REQUIRE(r.member_max_ieff_a[m] == Approx(mx).epsilon(1e-12));
        // Each line's field: inside the band between its central and its edge EMF, beyond it the edge's
        // sign (both weights ≥ 0).
        const std::vector<double>& edge_v = z >= 0.0 ? hi : lo;
        for (std::size_t l = 0; l < 2; ++l) {
            const double e = w.central * v[l] + w.edge * edge_v[l];
            if (reach <= 1.0) {
                CHECK(e >= std::min(v[l], edge_v[l]) - 1e-9);
                CHECK(e <= std::max(v[l], edge_v[l]) + 1e-9);
            } else {
                ++beyond;
                CHECK(e > 0.0);
            }
        }
    }
    CHECK(beyond > 0);
    // At reach 1 the combination is the edge solve itself, independent of the ratio.
    for (const double ratio : {r_hi, r_lo}) {
        const BandWeights w = band_weights(ratio, 1.0);
        const std::vector<double>& edge_i = ratio > 1.0 ? i_hi : i_lo;
        for (std::size_t k = 0; k < 3; ++k) {
            CHECK(w.central * i_v[k] + w.edge * edge_i[k] == Approx(edge_i[k]).epsilon(1e-12));
        }
    }
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
    // The band must bracket the central field, with a lower field above 0.
    CHECK_THROWS_AS(Ensemble(banded_source(net, {1.0}, {1.5}, {2.0}), spec), InputError);
    CHECK_THROWS_AS(Ensemble(banded_source(net, {1.0}, {0.5}, {0.8}), spec), InputError);
    CHECK_THROWS_AS(Ensemble(banded_source(net, {1.0}, {0.0}, {2.0}), spec), InputError);
    CHECK_NOTHROW(Ensemble(banded_source(net, {1.0}, {0.5}, {2.0}), spec));
}
