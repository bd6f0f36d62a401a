#pragma once
/// @file spectral.hpp
/// Internal to core/efield: the preprocessing shared by PlaneWaveConverter (efield.cpp) and
/// TensorConverter (tensor_efield.cpp): argument checks, FFT length, bin frequencies and the
/// mean-removed, reflected and cross-faded padding of B_x + i·B_y (design notes in efield.cpp).

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

namespace swx::detail {

/// @throws InputError unless dt_s is finite and > 0.
void check_dt(double dt_s);

/// @throws InputError unless a and b both have n samples, all finite (names the first bad index).
void check_series(std::span<const double> a, std::span<const double> b, std::size_t n, const char* name_a,
                  const char* name_b);

/// fft_length, or default_fft_length(n) for 0. @throws InputError if fft_length < n.
[[nodiscard]] std::size_t resolve_fft_length(std::size_t n, std::size_t fft_length);

/// Frequencies of FFT bins 0..L/2, Hz.
[[nodiscard]] std::vector<double> bin_frequencies_hz(std::size_t fft_length, double dt_s);

/// Fills work[0..L) (L = work.size() ≥ a.size()) with a + i·b. With `reflect`, the means of a and b are
/// removed and the padding beyond the record holds its mirror images (reflected about the last sample
/// just after the end, about the first sample just before the start, raised-cosine cross-faded across
/// the padding); without it, zero padding and no mean removal.
void fill_padded(std::span<const double> a, std::span<const double> b, bool reflect,
                 std::span<std::complex<double>> work);

/// Raised-cosine cross-fade weights of the reflected padding (pad = L − n values), as fill_padded uses.
[[nodiscard]] std::vector<double> padding_weights(std::size_t pad);

/// fill_padded for one real series with `reflect`: work[0..L) = a − mean(a), then the cross-faded mirror
/// images (weights from padding_weights(L − n)); zero padding for fewer than 2 samples.
void fill_padded_real(std::span<const double> a, std::span<const double> weights, std::span<double> work);

}  // namespace swx::detail
