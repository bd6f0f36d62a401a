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

/// "pocketfft" or "kissfft (Eigen)": which backend this build uses.
[[nodiscard]] const char* fft_backend();

}  // namespace swx::detail
