#pragma once
// What the swxrisk-bench-* drivers share: a stopwatch, a storm-like synthetic B(t) and synthetic 3-D MT
// sites. Not installed.
#include <swx/core/earth/earth_model.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/tensor_efield.hpp>

#include <chrono>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace swx::bench {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// A storm-like synthetic B(t): random walk plus a few substorm bays, nT.
inline void synthetic_b(std::size_t n, double dt_s, std::vector<double>& bx, std::vector<double>& by) {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> step(0.0, 0.5 * std::sqrt(dt_s));
    bx.assign(n, 0.0);
    by.assign(n, 0.0);
    double x = 20000.0, y = -3000.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) * dt_s;
        x += step(rng);
        y += step(rng);
        bx[i] = x - 800.0 * std::exp(-std::pow((t - 50000.0) / 1800.0, 2)) + 50.0 * std::sin(t / 600.0);
        by[i] = y + 300.0 * std::exp(-std::pow((t - 60000.0) / 900.0, 2)) + 30.0 * std::cos(t / 300.0);
    }
}

/// 3-D-like sites: the tensor of a layered model at 27 periods 0.01–12,000 s (as the USGS wideband files),
/// multiplied by a random real 2×2 distortion and rotation per site (ids S0, S1, …; no location).
inline std::vector<MtSite> synthetic_mt_sites(std::size_t count) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> periods;
    for (int k = 0; k < 27; ++k) {
        periods.push_back(0.0104 * std::pow(2.0, k * std::log2(11900.0 / 0.0104) / 26.0));
    }
    std::vector<MtSite> sites(count);
    for (std::size_t s = 0; s < count; ++s) {
        const EarthModel m("site", {EarthLayer{2e3 + 30e3 * u(rng), std::pow(10.0, 1.0 + 3.0 * u(rng))},
                                         EarthLayer{50e3 + 100e3 * u(rng), std::pow(10.0, 0.5 + 2.0 * u(rng))}},
                                std::pow(10.0, 1.0 + 2.0 * u(rng)));
        const double a = 2.0 * std::numbers::pi * u(rng);
        const double d[4] = {1.0 + 0.3 * (u(rng) - 0.5), 0.3 * (u(rng) - 0.5), 0.3 * (u(rng) - 0.5), 1.0 + 0.3 * (u(rng) - 0.5)};
        const double r[4] = {std::cos(a), -std::sin(a), std::sin(a), std::cos(a)};
        MtSite& site = sites[s];
        site.id = "S" + std::to_string(s);
        site.periods_s = periods;
        for (const double t : periods) {
            const ImpedanceTensor z1 = tensor_of_1d(m, 1.0 / t);
            // Z = D·R·Z1·Rᵀ
            ImpedanceTensor rz{};
            for (int i = 0; i < 2; ++i) {
                for (int j = 0; j < 2; ++j) {
                    std::complex<double> v{};
                    for (int k = 0; k < 2; ++k) {
                        for (int l = 0; l < 2; ++l) {
                            v += r[2 * i + k] * z1[2 * k + l] * r[2 * j + l];
                        }
                    }
                    rz[2 * i + j] = v;
                }
            }
            ImpedanceTensor z{};
            for (int i = 0; i < 2; ++i) {
                for (int j = 0; j < 2; ++j) {
                    z[2 * i + j] = d[2 * i] * rz[j] + d[2 * i + 1] * rz[2 + j];
                }
            }
            site.z.push_back(z);
            site.z_variance.push_back({NAN, NAN, NAN, NAN});
        }
    }
    return sites;
}

/// Element i of the Halton low-discrepancy sequence in `base` (in [0, 1)): evenly spread, reproducible
/// station and point positions for the benchmarks.
inline double halton(int i, int base) {
    double f = 1.0, r = 0.0;
    while (i > 0) {
        f /= base;
        r += f * (i % base);
        i /= base;
    }
    return r;
}

}  // namespace swx::bench
