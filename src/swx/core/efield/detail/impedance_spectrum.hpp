#pragma once
/// @file impedance_spectrum.hpp
/// Internal to core/efield: the surface impedance Z of a layered earth at the FFT bins f_k = k·df,
/// k = 0..K, either exactly (the recursion at every bin) or interpolated from nodes (see
/// docs/geoelectric-model.md, "Impedance at the FFT bins").

#include <swx/core/earth/earth_model.hpp>

#include <complex>
#include <cstddef>
#include <vector>

namespace swx::detail {

/// How the interpolated spectrum was built (for tests and the benchmark).
struct ImpedanceSpectrumStats {
    std::size_t nodes = 0;          ///< interpolation nodes (exact Z, dZ/df, d²Z/df² each)
    std::size_t exact_bins = 0;     ///< bins evaluated exactly (the lowest ones, and intervals as short as a few bins)
    double tolerance = 0.0;         ///< relative tolerance the grid was refined to at every interval's midpoint
};

/// Relative tolerance on Z at every bin used by PlaneWaveConverter for an FFT of length L:
/// 1e-6/sqrt(L), so that max_t |ΔE(t)| ≤ 1e-6·max_t |E(t)| (the derivation is in the docs).
[[nodiscard]] double impedance_tolerance(std::size_t fft_length);

/// Z(k·df) for k = 0..bins−1 (Z(0) = 0), Ω, exactly: the recursion at every bin.
[[nodiscard]] std::vector<std::complex<double>> exact_impedance_spectrum(const EarthModel& model, std::size_t bins, double df_hz);

/// Z(k·df) for k = 0..bins−1, Ω, by quintic Hermite interpolation (Z, dZ/df, d²Z/df² at the nodes) on a
/// grid of nodes refined until the interpolant at the midpoint of every interval agrees with the exact Z
/// to tolerance/safety_factor relative; intervals spanning at most a few bins, and the lowest bins, are
/// evaluated exactly.
[[nodiscard]] std::vector<std::complex<double>> interpolated_impedance_spectrum(const EarthModel& model, std::size_t bins,
                                                                                double df_hz, double tolerance,
                                                                                ImpedanceSpectrumStats* stats = nullptr);

/// Safety factor between the midpoint check and the tolerance (see interpolated_impedance_spectrum).
inline constexpr double impedance_safety_factor = 16.0;

}  // namespace swx::detail
