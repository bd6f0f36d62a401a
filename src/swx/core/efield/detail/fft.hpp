#pragma once
/// @file fft.hpp
/// Internal to core/efield: the FFTs of PlaneWaveConverter, filter_geoelectric and TensorConverter.
/// pocketfft (BSD-3, the FFT of numpy and scipy; header from Debian's python3-pythran, found by CMake)
/// when available, else Eigen's kissfft. Plans are cached per length inside the backend and are
/// thread-safe, so converters on different threads share them.

#include <complex>
#include <cstddef>

namespace swx::detail {

/// out[0..L/2] = Σ_t in[t]·e^{−2πikt/L} (real input of length L).
void real_fft(const double* in, std::complex<double>* out, std::size_t length);
/// out[0..L) = (1/L)·Σ_k X[k]·e^{+2πikt/L} with X the Hermitian extension of in[0..L/2]; the imaginary
/// parts of in[0] and (L even) in[L/2] are ignored. `in` may be overwritten.
void inverse_real_fft(std::complex<double>* in, double* out, std::size_t length);
/// In place, FFTPACK half-complex order: data[0..L) real in, out Re X0, Re X1, Im X1, Re X2, Im X2, …
/// (and Re X_{L/2} last for L even). No copies and no spectrum buffer: what PlaneWaveConverter uses.
void real_fft_packed(double* data, std::size_t length);
/// The inverse of real_fft_packed, in place, with the 1/L factor.
void inverse_real_fft_packed(double* data, std::size_t length);
/// Complex transforms of length L: forward (e^{−}), and inverse with the 1/L factor.
void complex_fft(const std::complex<double>* in, std::complex<double>* out, std::size_t length);
void inverse_complex_fft(const std::complex<double>* in, std::complex<double>* out, std::size_t length);

/// data[0..L) ← ifft(H·fft(data)) in place for the Hermitian filter H[k] = h[k] (k ≤ L/2), conj(h[L−k])
/// (k > L/2), h given on bins 0..L/2 (its imaginary parts at bin 0 and, L even, L/2 should be 0 for a
/// real impulse response). One complex transform pair: for a complex series a + i·b it filters the two
/// real series a and b at once. With pocketfft and four_step_rows(L) ≠ 0 it runs as a four-step
/// transform on up to `threads` threads (≥ 1); otherwise as one complex FFT pair on the calling thread.
void hermitian_filter(std::complex<double>* data, std::size_t length, const std::complex<double>* h, unsigned threads);
/// N1 of the four-step factorisation L = N1·N2 hermitian_filter uses (both even, 7-smooth, N1 ≤ sqrt(L)
/// within a factor 4), or 0 if there is none, L < four_step_min_length or the backend is kissfft.
[[nodiscard]] std::size_t four_step_rows(std::size_t length);
/// Below this length the two real transform pairs per record are as fast (measured, pocketfft scalar).
inline constexpr std::size_t four_step_min_length = 1U << 18;

/// "pocketfft" or "kissfft (Eigen)": which backend this build uses.
[[nodiscard]] const char* fft_backend();

}  // namespace swx::detail
