// MT impedance tensors (core/earth/mt_site.hpp) and the tensor E(t) converter (core/efield/tensor_efield.hpp),
// against analytic half-space results and the 1-D PlaneWaveConverter.
#include <swx/core/base/error.hpp>
#include <swx/core/earth/earth_model.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/tensor_efield.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

namespace {

using swx::EarthLayer;
using swx::EarthModel;
using swx::ImpedanceTensor;
using swx::MtImpedance;
using swx::MtSite;
using cplx = std::complex<double>;

/// A storm-like synthetic record: a few sinusoids plus a sudden commencement (a smoothed step).
void synthetic_storm(std::size_t n, double dt, std::vector<double>& bx, std::vector<double>& by) {
    bx.resize(n);
    by.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) * dt;
        bx[i] = 300.0 * std::sin(2 * std::numbers::pi * t / 7200.0) + 80.0 * std::cos(2 * std::numbers::pi * t / 900.0) +
                400.0 * std::tanh((t - 0.4 * n * dt) / 300.0);
        by[i] = 150.0 * std::cos(2 * std::numbers::pi * t / 3000.0 + 0.3) + 60.0 * std::sin(2 * std::numbers::pi * t / 600.0) -
                200.0 * std::tanh((t - 0.6 * n * dt) / 120.0);
    }
}

MtSite site_from(const EarthModel& m, const std::vector<double>& periods) {
    MtSite s;
    s.id = "T1";
    s.source_path = "(test)";
    s.location = {-100.0, 40.0};
    for (const double t : periods) {
        s.periods_s.push_back(t);
        s.z.push_back(swx::tensor_of_1d(m, 1.0 / t));
        s.z_variance.push_back({NAN, NAN, NAN, NAN});
    }
    return s;
}

EarthModel pt1_like() {
    // A three-layer model (not the bundled PT1: this test needs no data files).
    return EarthModel("layered", {EarthLayer{15e3, 500.0}, EarthLayer{40e3, 50.0}, EarthLayer{100e3, 1000.0}}, 10.0);
}

}  // namespace

TEST_CASE("half-space tensor: rho_a = rho and phase 45 degrees", "[earth][mt]") {
    for (const double rho : {1.0, 100.0, 3000.0}) {
        const EarthModel hs = EarthModel::uniform(rho);
        for (const double f : {1e-4, 1e-2, 1.0}) {
            const ImpedanceTensor z = swx::tensor_of_1d(hs, f);
            CHECK(z[0] == cplx{});
            CHECK(z[3] == cplx{});
            CHECK(z[2] == -z[1]);
            CHECK(swx::apparent_resistivity_ohm_m(z[1], 1.0 / f) == Approx(rho).epsilon(1e-12));
            CHECK(swx::phase_deg(z[1]) == Approx(45.0).margin(1e-10));
            CHECK(swx::phase_deg(z[2]) == Approx(-135.0).margin(1e-10));
        }
    }
}

TEST_CASE("MtImpedance: log-log interpolation is exact for a half-space, and so is the default extension",
          "[earth][mt]") {
    const EarthModel hs = EarthModel::uniform(250.0);
    const MtImpedance z(site_from(hs, {10.0, 100.0, 1000.0, 1e4}), nullptr);
    CHECK(z.min_period_s() == 10.0);
    CHECK(z.max_period_s() == 1e4);
    for (const double t : {1.0, 10.0, 33.0, 500.0, 1e4, 3e4, 1e6}) {
        const ImpedanceTensor want = swx::tensor_of_1d(hs, 1.0 / t);
        const ImpedanceTensor got = z.at(1.0 / t);
        CHECK(std::abs(got[1] - want[1]) <= 1e-10 * std::abs(want[1]));
        CHECK(std::abs(got[2] - want[2]) <= 1e-10 * std::abs(want[2]));
        CHECK(std::abs(got[0]) == 0.0);
    }
    const ImpedanceTensor zero = z.at(0.0);
    CHECK(std::abs(zero[1]) == 0.0);
}

TEST_CASE("MtImpedance: extension with a 1-D model is continuous at the edge and follows the model",
          "[earth][mt]") {
    const EarthModel m = pt1_like();
    const MtImpedance z(site_from(m, {10.0, 100.0, 1000.0}), &m);
    // Outside the band the 1-D shape is carried from the edge: here the site is that model, so exact.
    for (const double t : {0.1, 5.0, 2000.0, 1e5}) {
        const cplx want = swx::tensor_of_1d(m, 1.0 / t)[1];
        CHECK(std::abs(z.at(1.0 / t)[1] - want) <= 1e-12 * std::abs(want));
    }
    // Continuity across both edges.
    for (const double edge : {10.0, 1000.0}) {
        const cplx in = z.at(1.0 / (edge * (1.0 + 1e-9)))[1];
        const cplx out = z.at(1.0 / (edge * (1.0 - 1e-9)))[1];
        CHECK(std::abs(in - out) <= 1e-6 * std::abs(in));
    }
    // The batch form agrees with at().
    std::vector<double> f;
    for (int k = 0; k < 400; ++k) {
        f.push_back(1e-6 * std::pow(10.0, k / 50.0));
    }
    const auto many = z.at(f);
    for (std::size_t k = 0; k < f.size(); ++k) {
        for (std::size_t j = 0; j < 4; ++j) {
            CHECK(std::abs(many[k][j] - z.at(f[k])[j]) <= 1e-12 * (1.0 + std::abs(many[k][j])));
        }
    }
}

TEST_CASE("MtImpedance rejects fewer than 2 periods and non-increasing periods", "[earth][mt]") {
    const EarthModel hs = EarthModel::uniform(100.0);
    CHECK_THROWS_AS(MtImpedance(site_from(hs, {10.0}), nullptr), swx::InputError);
    CHECK_THROWS_AS(MtImpedance(site_from(hs, {10.0, 10.0}), nullptr), swx::InputError);
    CHECK_THROWS_WITH(MtImpedance(site_from(hs, {10.0}), nullptr), Catch::Contains("(test)"));
}

TEST_CASE("TensorConverter with the 1-D tensor at every bin equals PlaneWaveConverter", "[efield][mt]") {
    const EarthModel m = pt1_like();
    for (const std::size_t n : {1440U, 1000U, 7U}) {
        const double dt = 60.0;
        std::vector<double> bx;
        std::vector<double> by;
        synthetic_storm(n, dt, bx, by);
        swx::PlaneWaveConverter plane(m, n, dt);
        const swx::GeoelectricSeries want = plane.convert(bx, by);
        const swx::TensorConverter tensor([&](double f) { return swx::tensor_of_1d(m, f); }, n, dt);
        const swx::GeoelectricSeries got = tensor.convert(bx, by);
        REQUIRE(got.ex_v_per_km.size() == n);
        CHECK(got.edge_samples == want.edge_samples);
        double max_diff = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            max_diff = std::max({max_diff, std::abs(got.ex_v_per_km[i] - want.ex_v_per_km[i]),
                                 std::abs(got.ey_v_per_km[i] - want.ey_v_per_km[i])});
        }
        CHECK(max_diff < 1e-10);  // V/km
    }
}

TEST_CASE("TensorConverter: a constant real diagonal tensor scales the mean-removed B", "[efield][mt]") {
    // Z = diag(k, k) with k real and constant except Z(0) = 0: E_x = 1e-3·k·B_x and E_y = 1e-3·k·B_y
    // (V/km) up to one constant offset (the mean of the padded sequence, removed with the DC bin).
    const std::size_t n = 600;
    std::vector<double> bx;
    std::vector<double> by;
    synthetic_storm(n, 60.0, bx, by);
    const double k = 2.0;
    const swx::TensorConverter c([&](double) { return ImpedanceTensor{cplx{k}, cplx{}, cplx{}, cplx{k}}; }, n, 60.0);
    const auto e = c.convert(bx, by);
    for (std::size_t i = 0; i < n; ++i) {
        CHECK(e.ex_v_per_km[i] - e.ex_v_per_km[0] == Approx(1e-3 * k * (bx[i] - bx[0])).margin(1e-9));
        CHECK(e.ey_v_per_km[i] - e.ey_v_per_km[0] == Approx(1e-3 * k * (by[i] - by[0])).margin(1e-9));
    }
}

TEST_CASE("TensorConverter rejects bad lengths and non-finite samples", "[efield][mt]") {
    const EarthModel hs = EarthModel::uniform(100.0);
    const MtImpedance z(site_from(hs, {10.0, 1e4}), nullptr);
    CHECK_THROWS_AS(swx::TensorConverter(z, 0, 60.0), swx::InputError);
    CHECK_THROWS_AS(swx::TensorConverter(z, 10, 0.0), swx::InputError);
    const swx::TensorConverter c(z, 10, 60.0);
    std::vector<double> a(10, 1.0);
    std::vector<double> b(9, 1.0);
    CHECK_THROWS_AS(c.convert(a, b), swx::InputError);
    b.push_back(NAN);
    CHECK_THROWS_WITH(c.convert(a, b), Catch::Contains("sample 9"));
}

TEST_CASE("MtImpedance: each component is interpolated and extended over its own finite periods", "[earth][mt]") {
    // A synthetic 3-D-like site: Zxy, Zyx of a layered model m, and Zxx = k·Z_hs (a 100 Ω·m half-space,
    // a power law) measured only up to 300 s of the 10 s – 1e4 s periods (NaN beyond, as in the USGS files).
    const EarthModel m = pt1_like();
    const EarthModel hs = EarthModel::uniform(100.0);
    const cplx k = std::polar(0.2, 0.7);
    const std::vector<double> periods{10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 1e4};
    MtSite full = site_from(m, periods);
    MtSite partial = full;
    for (std::size_t p = 0; p < periods.size(); ++p) {
        full.z[p][0] = k * swx::tensor_of_1d(hs, 1.0 / periods[p])[1];
        partial.z[p][0] = periods[p] <= 300.0 ? full.z[p][0] : cplx(NAN, NAN);
    }
    const MtImpedance zf(full, &m);
    const MtImpedance zp(partial, &m);
    CHECK(zp.min_period_s() == 10.0);
    CHECK(zp.max_period_s() == 1e4);
    CHECK(zp.max_period_s(0) == 300.0);
    CHECK(zp.max_period_s(1) == 1e4);
    std::vector<double> f;
    for (int q = 0; q < 300; ++q) {
        f.push_back(1e-6 * std::pow(10.0, q / 50.0));  // 1e-6 … 1 Hz
    }
    const auto many = zp.at(f);
    for (std::size_t q = 0; q < f.size(); ++q) {
        const double t = 1.0 / f[q];
        const ImpedanceTensor got = zp.at(f[q]);
        // Zxy, Zyx: unaffected by the missing Zxx (bit for bit the full site's values).
        const ImpedanceTensor all = zf.at(f[q]);
        CHECK(got[1] == all[1]);
        CHECK(got[2] == all[2]);
        if (t <= 10.0 || t >= 1e4) {  // outside the band: the model's own shape from the edge, so the model
            const cplx want = swx::tensor_of_1d(m, f[q])[1];
            CHECK(std::abs(got[1] - want) <= 1e-9 * std::abs(want));
        }
        // Zxx: the power law inside its own periods (log-log exact); beyond 300 s its own last value
        // carried with the model's shape, Zxx(300 s)·Z_m(f)/Z_m(1/300 s); below 10 s the same from 10 s.
        cplx want_xx;
        if (t >= 300.0) {
            want_xx = k * swx::tensor_of_1d(hs, 1.0 / 300.0)[1] * m.impedance_ohm(f[q]) / m.impedance_ohm(1.0 / 300.0);
        } else if (t <= 10.0) {
            want_xx = k * swx::tensor_of_1d(hs, 1.0 / 10.0)[1] * m.impedance_ohm(f[q]) / m.impedance_ohm(1.0 / 10.0);
        } else {
            want_xx = k * swx::tensor_of_1d(hs, f[q])[1];
        }
        CHECK(std::abs(got[0] - want_xx) <= 1e-9 * std::abs(want_xx));
        CHECK(got[3] == cplx{});
        for (std::size_t j = 0; j < 4; ++j) {
            CHECK(std::abs(many[q][j] - got[j]) <= 1e-12 * (std::abs(got[j]) + 1e-300));
        }
    }
    // At 3000 s the extension differs from the power law the full site interpolates (the test has teeth).
    CHECK(std::abs(zp.at(1.0 / 3000.0)[0] - zf.at(1.0 / 3000.0)[0]) > 0.05 * std::abs(zf.at(1.0 / 3000.0)[0]));
    // Continuity at Zxx's own edge.
    const cplx in = zp.at(1.0 / (300.0 * (1.0 - 1e-9)))[0];
    const cplx out = zp.at(1.0 / (300.0 * (1.0 + 1e-9)))[0];
    CHECK(std::abs(in - out) <= 1e-6 * std::abs(in));
    // Without a model: √(f/f_edge) from Zxx's own edge.
    const MtImpedance zn(partial, nullptr);
    const cplx edge = k * swx::tensor_of_1d(hs, 1.0 / 300.0)[1];
    CHECK(std::abs(zn.at(1.0 / 1200.0)[0] - edge * 0.5) <= 1e-12 * std::abs(edge));
}

TEST_CASE("MtImpedance: a diagonal component never measured is 0, Zxy or Zyx never measured is an error",
          "[earth][mt]") {
    const EarthModel hs = EarthModel::uniform(100.0);
    MtSite s = site_from(hs, {10.0, 100.0, 1000.0});
    for (auto& z : s.z) {
        z[3] = cplx(NAN, NAN);
    }
    const MtImpedance z(s, nullptr);
    CHECK(z.at(1e-2)[3] == cplx{});
    CHECK(z.max_period_s(3) == 0.0);
    for (const std::size_t j : {std::size_t{1}, std::size_t{2}}) {
        MtSite bad = site_from(hs, {10.0, 100.0, 1000.0});
        for (auto& v : bad.z) {
            v[j] = cplx(NAN, NAN);
        }
        CHECK_THROWS_AS(MtImpedance(bad, nullptr), swx::InputError);
        CHECK_THROWS_WITH(MtImpedance(bad, nullptr),
                          Catch::Contains("(test)") && Catch::Contains(j == 1 ? "Zxy" : "Zyx") &&
                              Catch::Contains("no finite value"));
    }
    MtSite inf = site_from(hs, {10.0, 100.0});
    inf.z[1][0] = cplx(HUGE_VAL, 0.0);
    CHECK_THROWS_WITH(MtImpedance(inf, nullptr), Catch::Contains("infinite"));
}
