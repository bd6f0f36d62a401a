#include <swx/core/storm/nerc.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <string>

using namespace swx;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

/// A NERC-style table with made-up β values (test input, so any positive numbers will do).
BetaTable table() {
    return {{"AK1", {0.56, 0.51, "Alaska 1"}}, {"PT1", {0.62, 0.64, "Piedmont"}}, {"RM", {0.32, 0.35, "Rocky Mountains"}}};
}

/// A library whose reference earth "QUE" is a uniform 100 ohm·m half-space, plus two uniform models and a
/// layered copy of nothing but the half-space (so that computed β values can be derived by hand).
EarthModelLibrary half_space_library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "QUE"));
    lib.add(EarthModel::uniform(400.0, "H400"));
    lib.add(EarthModel::uniform(25.0, "H25"));
    lib.add(EarthModel::uniform(1000.0, "PT1"));  // in the table: the table wins over the model
    return lib;
}

/// A synthetic E(t): a Gaussian pulse rotating in direction plus a slow sinusoid, 10 s samples over 5.5 h.
GeoelectricWaveform synthetic_waveform() {
    GeoelectricWaveform w;
    w.source_path = "synthetic.csv";
    w.dt_s = 10.0;
    const std::size_t n = 2000;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = w.dt_s * static_cast<double>(i);
        const double pulse = 3.0 * std::exp(-std::pow((t - 8000.0) / 600.0, 2));
        w.t_s.push_back(t);
        w.e_north_v_per_km.push_back(pulse * std::cos(t / 3000.0) + 0.2 * std::sin(2.0 * std::numbers::pi * t / 1800.0));
        w.e_east_v_per_km.push_back(pulse * std::sin(t / 3000.0) - 0.1 * std::cos(2.0 * std::numbers::pi * t / 900.0));
    }
    return w;
}

}  // namespace

TEST_CASE("nerc_beta_region upper-cases and maps the AK1 variants to AK1", "[core][nerc]") {
    CHECK(nerc_beta_region("pt1") == "PT1");
    CHECK(nerc_beta_region("Cp1") == "CP1");
    CHECK(nerc_beta_region("QUE") == "QUE");
    CHECK(nerc_beta_region("AK1A") == "AK1");
    CHECK(nerc_beta_region("AK1B") == "AK1");
    CHECK(nerc_beta_region("ak1a") == "AK1");
    CHECK(nerc_beta_region("Ak1b") == "AK1");
    CHECK(nerc_beta_region("AK1") == "AK1");
    CHECK(nerc_beta_region("AK2") == "AK2");    // only the two AK1 variants are folded
    CHECK(nerc_beta_region("AK1C") == "AK1C");
    CHECK(nerc_beta_region("") == "");
}

TEST_CASE("BetaResolver: QUE is 1 by definition", "[core][nerc]") {
    const EarthModelLibrary lib = half_space_library();
    BetaTable t = table();
    t["QUE"] = {0.9, 0.9, "a wrong row the resolver must not use"};
    for (const NercEvent event : {NercEvent::benchmark, NercEvent::supplemental}) {
        const BetaResolver betas(event, lib, t);  // no waveform: QUE needs none
        CHECK(betas.beta("QUE") == 1.0);
        CHECK(betas.beta("que") == 1.0);
        CHECK(betas.source("QUE") == "NERC reference, 1 by definition");
    }
}

TEST_CASE("BetaResolver: NERC regions take the table's column for the event", "[core][nerc]") {
    const EarthModelLibrary lib = half_space_library();
    const BetaResolver benchmark(NercEvent::benchmark, lib, table());
    const BetaResolver supplemental(NercEvent::supplemental, lib, table());
    CHECK(benchmark.event() == NercEvent::benchmark);
    CHECK(benchmark.beta("PT1") == 0.62);
    CHECK(supplemental.beta("PT1") == 0.64);
    CHECK(benchmark.beta("pt1") == 0.62);  // any case
    CHECK(benchmark.beta("RM") == 0.32);   // a β-only region: no model needed
    CHECK(supplemental.beta("rm") == 0.35);
    CHECK(benchmark.beta("AK1A") == 0.56);  // the AK1 variants read the AK1 row
    CHECK(supplemental.beta("ak1b") == 0.51);
    CHECK(benchmark.source("PT1") == "NERC table");
    CHECK(benchmark.table().size() == 3);
    CHECK_FALSE(benchmark.waveform().has_value());
}

TEST_CASE("BetaResolver: β of a model outside the table is computed from the waveform", "[core][nerc]") {
    // Over a uniform half-space Z(ω) = sqrt(iωμ0ρ), so Z_model/Z_QUE = sqrt(ρ_model/ρ_QUE) at every
    // frequency (and the DC term is the same half-space ratio). The model's E(t) is the QUE waveform
    // times that constant, and β = max|E_model|/max|E_QUE| = sqrt(ρ_model/ρ_QUE) exactly:
    // sqrt(400/100) = 2 and sqrt(25/100) = 0.5.
    const EarthModelLibrary lib = half_space_library();
    for (const NercEvent event : {NercEvent::benchmark, NercEvent::supplemental}) {
        const BetaResolver betas(event, lib, table(), synthetic_waveform());
        CHECK_THAT(betas.beta("H400"), WithinAbs(2.0, 1e-9));
        CHECK_THAT(betas.beta("h25"), WithinAbs(0.5, 1e-9));
        CHECK_THAT(betas.beta("H400"), WithinAbs(2.0, 1e-9));  // cached: same answer again
        CHECK(betas.source("H400") == "computed from synthetic.csv");
        CHECK(betas.beta("PT1") == (event == NercEvent::benchmark ? 0.62 : 0.64));  // the table still wins
        REQUIRE(betas.waveform().has_value());
        CHECK(betas.waveform()->source_path == "synthetic.csv");
    }
}

TEST_CASE("BetaResolver: a layered model identical to the reference has β = 1", "[core][nerc]") {
    // Z_model/Z_QUE = 1 at every frequency when the layers are the same, whatever they are.
    const std::vector<EarthLayer> layers{{15000.0, 20000.0}, {10000.0, 200.0}, {125000.0, 1000.0}};
    EarthModelLibrary lib;
    lib.add(EarthModel("QUE", layers, 3.0));
    lib.add(EarthModel("QUE_COPY", layers, 3.0));
    const BetaResolver betas(NercEvent::benchmark, lib, table(), synthetic_waveform());
    CHECK_THAT(betas.beta("QUE_COPY"), WithinAbs(1.0, 1e-9));
}

TEST_CASE("BetaResolver: a model outside the table without a waveform is an InputError", "[core][nerc][errors]") {
    const EarthModelLibrary lib = half_space_library();
    const BetaResolver betas(NercEvent::supplemental, lib, table());
    CHECK(betas.source("H400") == "none");
    try {
        (void)betas.beta("H400");
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Contains("earth model 'H400' is not a NERC region"));
        CHECK_THAT(e.what(), Contains("nerc-supplemental waveform"));
        CHECK(e.context().feature == "H400");
        CHECK(e.context().field == "beta");
    }
}
