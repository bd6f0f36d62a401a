// Validation of the layered-earth impedance against published and closed-form values.
//
// 1. Boteler, D.H., Pirjola, R.J. & Marti, L. (2019), "Analytic Calculation of Geoelectric Fields Due to
//    Geomagnetic Disturbances: A Test Case", IEEE Access 7, 147029-147037, doi:10.1109/ACCESS.2019.2945530
//    (data set doi:10.21227/gnev-dd52): |K| and arg K of the Quebec model at 7 frequencies, and the field of
//    B = Σ A_m sin(2π f_m t + φ_m). Tolerances: |K| 1e-4 relative or half a unit of the last published
//    digit (|K| is published with 4 decimals: 0.2188 at the lowest frequency only carries ±2.3e-4
//    relative), phase 0.01°. The seven rows are in tests/data/boteler2019_quebec.csv (always run); the
//    shared reference copy adds the E amplitudes and phases as tabulated with the data set (run when present).
// 2. Closed-form uniform half-space (Cagniard 1953) and one layer over a half-space:
//    tests/data/halfspace_impedance.csv, written by tests/data/make_halfspace_impedance.py.
#include <swx/core/earth/earth_model.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/io/earth_models.hpp>

#include <catch2/catch.hpp>

#include "support/csv_table.hpp"
#include "support/reference.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <vector>

namespace {
constexpr double deg = std::numbers::pi / 180.0;
}

TEST_CASE("Boteler, Pirjola & Marti 2019 Quebec test case: |K| and arg K", "[validation]") {
    const auto path = swx::test::data_dir / "boteler2019_quebec.csv";
    const auto library = swx::io::load_earth_models(swx::test::datasets_dir / "earth" / "models");
    const auto& que = library.find("QUE");
    const auto table = swx::test::read_csv(path);
    const auto f = table.numbers("frequency_Hz");
    const auto k_mag = table.numbers("K_mag_mV_per_km_per_nT");
    const auto k_phase = table.numbers("K_phase_deg");
    REQUIRE(f.size() == 7);
    double worst_rel = 0.0;
    double worst_phase = 0.0;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const auto k = que.transfer_mv_per_km_per_nt(f[i]);
        const double rel = std::abs(std::abs(k) - k_mag[i]) / k_mag[i];
        const double dphase = std::abs(std::arg(k) / deg - k_phase[i]);
        INFO("f = " << f[i] << " Hz: |K| " << std::abs(k) << " vs " << k_mag[i] << ", arg " << std::arg(k) / deg
                    << " vs " << k_phase[i]);
        CHECK(std::abs(std::abs(k) - k_mag[i]) <= std::max(1e-4 * k_mag[i], 0.5e-4));
        CHECK(dphase < 0.01);
        worst_rel = std::max(worst_rel, rel);
        worst_phase = std::max(worst_phase, dphase);
    }
    std::cout << "Boteler 2019 QUE: max |K| relative error " << worst_rel << ", max phase error " << worst_phase
              << " deg\n";
}

namespace {
/// Max |E_x(t) − expected(t)| (mV/km) over the middle day of four, for the test case's B_y(t) over QUE.
void check_time_domain(const std::vector<double>& f, const std::vector<double>& amp, const std::vector<double>& phase,
                       const std::vector<double>& e_amp, const std::vector<double>& e_phase, const char* what) {
    const auto que = swx::io::load_earth_models(swx::test::datasets_dir / "earth" / "models").find("QUE");
    const double dt = 5.0;
    const std::size_t n = 4 * 86400 / 5;  // four days: 32 periods of the slowest component
    std::vector<double> by(n, 0.0);
    const std::vector<double> bx(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) * dt;
        for (std::size_t m = 0; m < f.size(); ++m) {
            by[i] += amp[m] * std::sin(2.0 * std::numbers::pi * f[m] * t + phase[m] * deg);
        }
    }
    const auto e = swx::geoelectric_from_magnetic(que, bx, by, dt);
    double worst = 0.0;
    double peak = 0.0;
    for (std::size_t i = n * 3 / 8; i < n * 5 / 8; ++i) {  // the middle day
        const double t = static_cast<double>(i) * dt;
        double expected = 0.0;  // published E amplitudes and phases, mV/km
        for (std::size_t m = 0; m < f.size(); ++m) {
            expected += e_amp[m] * std::sin(2.0 * std::numbers::pi * f[m] * t + e_phase[m] * deg);
        }
        worst = std::max(worst, std::abs(e.ex_v_per_km[i] * 1e3 - expected));
        peak = std::max(peak, std::abs(expected));
    }
    std::cout << "Boteler 2019 QUE time domain (" << what << "): peak " << peak << " mV/km, max difference " << worst
              << " mV/km\n";
    CHECK(worst < 0.1);  // mV/km, against peaks of ~150 mV/km; dominated by the 4-digit published K
}
}  // namespace

TEST_CASE("Boteler 2019 time-domain case: E(t) of the 7-sinusoid B(t) over QUE", "[validation]") {
    // E_m = A_m·K(f_m): amplitude A_m·|K_m|, phase φ_m + arg K_m, from the published K.
    const auto table = swx::test::read_csv(swx::test::data_dir / "boteler2019_quebec.csv");
    const auto f = table.numbers("frequency_Hz");
    const auto amp = table.numbers("B_amplitude_nT");
    const auto phase = table.numbers("B_phase_deg");
    const auto k_mag = table.numbers("K_mag_mV_per_km_per_nT");
    const auto k_phase = table.numbers("K_phase_deg");
    REQUIRE(f.size() == 7);
    std::vector<double> e_amp(f.size()), e_phase(f.size());
    for (std::size_t m = 0; m < f.size(); ++m) {
        e_amp[m] = amp[m] * k_mag[m];
        e_phase[m] = phase[m] + k_phase[m];
    }
    check_time_domain(f, amp, phase, e_amp, e_phase, "E from the published K");
}

TEST_CASE("Boteler 2019 time-domain case against the data set's tabulated E amplitudes and phases", "[validation]") {
    const auto path = swx::test::reference_dir / "earth" / "boteler2019_quebec_impedance_check.csv";
    if (!swx::test::require_reference(path)) {
        return;
    }
    const auto table = swx::test::read_csv(path);
    check_time_domain(table.numbers("frequency_Hz"), table.numbers("B_amplitude_nT"), table.numbers("B_phase_deg"),
                      table.numbers("E_amplitude_mV_per_km"), table.numbers("E_phase_deg"), "tabulated E");
}

TEST_CASE("closed-form half-space and two-layer impedance check", "[validation]") {
    const auto table = swx::test::read_csv(swx::test::data_dir / "halfspace_impedance.csv");
    const auto rho1 = table.numbers("rho1_ohm_m");
    const auto h1 = table.numbers("h1_km");
    const auto rho2 = table.numbers("rho2_ohm_m");
    const auto period = table.numbers("period_s");
    const auto re = table.numbers("Re_Z_ohm");
    const auto im = table.numbers("Im_Z_ohm");
    const auto phase = table.numbers("phase_deg");
    const auto rho_a = table.numbers("rho_apparent_ohm_m");
    const auto k_abs = table.numbers("abs_K_mV_per_km_per_nT");
    REQUIRE(table.rows.size() == 15);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const bool layered = !std::isnan(h1[i]);
        const swx::EarthModel model = layered ? swx::EarthModel("two_layer", {{h1[i] * 1e3, rho1[i]}}, rho2[i])
                                              : swx::EarthModel::uniform(rho1[i]);
        const double f = 1.0 / period[i];
        const auto z = model.impedance_ohm(f);
        INFO(table.rows[i][0] << " rho1 " << rho1[i] << " T " << period[i]);
        CHECK(z.real() == Approx(re[i]).epsilon(1e-6));  // the file has 7 significant digits
        CHECK(z.imag() == Approx(im[i]).epsilon(1e-6));
        // The file rounds phase to 3, ρ_a to 4 and |K| to 5 decimals: allow half a unit of the last digit.
        CHECK(model.phase_deg(f) == Approx(phase[i]).margin(0.6e-3));
        CHECK(model.apparent_resistivity_ohm_m(f) == Approx(rho_a[i]).margin(0.6e-4));
        CHECK(std::abs(model.transfer_mv_per_km_per_nt(f)) == Approx(k_abs[i]).margin(0.6e-5));
    }
}
