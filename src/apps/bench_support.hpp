#pragma once
// What the swxrisk-bench-* drivers share: a stopwatch and a storm-like synthetic B(t). Not installed.
#include <chrono>
#include <cmath>
#include <cstddef>
#include <random>
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

}  // namespace swx::bench
