// Interpolated surface impedance at the FFT bins against the exact recursion at every bin, and E(t)
// through both (docs/geoelectric-model.md, "Impedance at the FFT bins"). The bound under test:
// |Z_interp − Z| ≤ 1e-6/sqrt(L)·|Z| at every bin of an FFT of length L, hence
// max_t |ΔE(t)| ≤ 1e-6·max_t |E(t)| (V/km).
#include <swx/core/earth/earth_model.hpp>
#include <swx/core/efield/detail/impedance_spectrum.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/io/earth_models.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <random>
#include <string>
#include <vector>

namespace {

using swx::EarthLayer;
using swx::EarthModel;
using cplx = std::complex<double>;

/// Extreme synthetic earths: very thin and very thick layers, conductors and resistors in contrast up
/// to 10^7, many layers, a uniform half-space.
std::vector<EarthModel> extreme_models() {
    std::vector<EarthModel> m;
    m.push_back(EarthModel::uniform(100.0, "uniform100"));
    m.push_back(EarthModel("thin_conductor", {{10.0, 1000.0}, {1.0, 0.01}, {50000.0, 10000.0}}, 1.0));
    m.push_back(EarthModel("sea_over_resistor", {{4000.0, 0.3}, {100000.0, 100000.0}}, 10.0));
    m.push_back(EarthModel("thick_resistor", {{500000.0, 50000.0}}, 0.5));
    m.push_back(EarthModel("shallow_contrast", {{0.5, 0.01}, {1.0, 100000.0}, {2.0, 0.01}}, 1000.0));
    m.push_back(EarthModel("deep_conductor", {{10000.0, 1000.0}, {400000.0, 3000.0}, {20000.0, 0.1}}, 100.0));
    std::vector<EarthLayer> many;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < 40; ++i) {
        many.push_back({std::pow(10.0, 1.0 + 4.0 * u(rng)), std::pow(10.0, -1.0 + 5.0 * u(rng))});
    }
    m.push_back(EarthModel("random40", many, 20.0));
    return m;
}

std::vector<EarthModel> all_models() {
    std::vector<EarthModel> models = extreme_models();
    const auto library = swx::io::load_default_earth_models();
    for (const auto& name : library.names()) {
        models.push_back(library.find(name));
    }
    return models;
}

double max_relative_error(const std::vector<cplx>& a, const std::vector<cplx>& exact) {
    double worst = 0.0;
    for (std::size_t k = 1; k < exact.size(); ++k) {
        worst = std::max(worst, std::abs(a[k] - exact[k]) / std::abs(exact[k]));
    }
    return worst;
}

}  // namespace

TEST_CASE("impedance jet: derivatives agree with central differences of the exact recursion", "[efield][interpolation]") {
    for (const EarthModel& model : all_models()) {
        for (const double f : {1e-5, 3e-4, 0.01, 0.2, 3.0}) {
            const auto jet = model.impedance_jet_ohm(f);
            REQUIRE(std::abs(jet[0] - model.impedance_ohm(f)) <= 1e-13 * std::abs(jet[0]));
            const double h = 1e-3 * f;
            const cplx zp = model.impedance_ohm(f + h), zm = model.impedance_ohm(f - h), z0 = model.impedance_ohm(f);
            const cplx d1 = (zp - zm) / (2.0 * h);
            const cplx d2 = (zp - 2.0 * z0 + zm) / (h * h);
            INFO(model.name() << " at " << f << " Hz");
            // Central differences: truncation ~1e-6 relative (h²/6·Z'''), rounding ~1e-16/h² for d2.
            CHECK(std::abs(jet[1] - d1) <= 1e-5 * std::abs(jet[1]) + 1e-12 * std::abs(z0) / f);
            CHECK(std::abs(jet[2] - d2) <= 1e-3 * std::abs(jet[2]) + 1e-6 * std::abs(z0) / (f * f));
        }
    }
}

TEST_CASE("interpolated impedance: every bin within 1e-6/sqrt(L) of the exact Z, every model", "[efield][interpolation]") {
    struct Case {
        std::size_t n;
        double dt_s;
    };
    // One day at 1 s, ten days at 1 s, a day at 1 min, a day at 0.1 s (10 Hz), the NERC waveform.
    const std::vector<Case> cases{{86400, 1.0}, {864000, 1.0}, {1440, 60.0}, {86400, 0.1}, {11201, 10.0}};
    double worst = 0.0;
    std::size_t most_nodes = 0;
    for (const EarthModel& model : all_models()) {
        for (const Case& c : cases) {
            const std::size_t length = swx::default_fft_length(c.n);
            const std::size_t bins = length / 2 + 1;
            const double df = 1.0 / (static_cast<double>(length) * c.dt_s);
            const double tol = swx::detail::impedance_tolerance(length);
            swx::detail::ImpedanceSpectrumStats stats;
            const auto fast = swx::detail::interpolated_impedance_spectrum(model, bins, df, tol, &stats);
            const auto exact = swx::detail::exact_impedance_spectrum(model, bins, df);
            const double err = max_relative_error(fast, exact);
            INFO(model.name() << ": n " << c.n << ", dt " << c.dt_s << " s, L " << length << ": " << stats.nodes << " nodes, "
                              << stats.exact_bins << " exact bins, max relative error " << err << " (bound " << tol << ")");
            CHECK(err <= tol);
            worst = std::max(worst, err / tol);
            most_nodes = std::max(most_nodes, stats.nodes);
            CHECK(fast[0] == cplx(0.0, 0.0));
            CHECK(stats.nodes < bins / 10);  // the point: far fewer evaluations than bins
        }
    }
    WARN("largest max relative error / bound over models and lengths: " << worst << "; most nodes: " << most_nodes);
}

TEST_CASE("E(t) through interpolated and exact Z: max |dE| <= 1e-6 max |E| (V/km), every model", "[efield][interpolation]") {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> step(0.0, 0.5);
    const std::size_t n = 86400;
    std::vector<double> bx(n), by(n);
    double x = 20000.0, y = -3000.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i);
        x += step(rng);
        y += step(rng);
        bx[i] = x - 800.0 * std::exp(-std::pow((t - 50000.0) / 1800.0, 2)) + 50.0 * std::sin(t / 600.0);
        by[i] = y + 300.0 * std::exp(-std::pow((t - 60000.0) / 900.0, 2)) + 30.0 * std::cos(t / 300.0);
    }
    double worst_ratio = 0.0;
    for (const EarthModel& model : all_models()) {
        const auto fast = swx::geoelectric_from_magnetic(model, bx, by, 1.0, swx::ImpedanceEvaluation::interpolated);
        const auto exact = swx::geoelectric_from_magnetic(model, bx, by, 1.0, swx::ImpedanceEvaluation::exact);
        double peak = 0.0, diff = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            peak = std::max(peak, std::hypot(exact.ex_v_per_km[i], exact.ey_v_per_km[i]));
            diff = std::max(diff, std::hypot(fast.ex_v_per_km[i] - exact.ex_v_per_km[i], fast.ey_v_per_km[i] - exact.ey_v_per_km[i]));
        }
        INFO(model.name() << ": peak |E| " << peak << " V/km, max |dE| " << diff << " V/km");
        CHECK(diff <= 1e-6 * peak);
        worst_ratio = std::max(worst_ratio, diff / peak);
    }
    WARN("largest max|dE|/max|E| over the models: " << worst_ratio);
}
