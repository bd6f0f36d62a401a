// The FFT backend of core/efield (detail/fft.hpp).
#include <swx/core/efield/detail/fft.hpp>

#if defined(SWX_HAVE_POCKETFFT)
// Scalar code paths only: these are single 1-D transforms, which pocketfft never vectorises across, and its
// vector build allocates with aligned_alloc(64, n) for sizes that are not multiples of 64, which C11 does not
// allow (glibc accepts it; AddressSanitizer aborts on it).
#define POCKETFFT_NO_VECTORS
// GCC at -O3 sees through pocketfft's scratch arrays and warns (falsely) that they may be read uninitialised.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <pocketfft.hpp>
#else
#include <unsupported/Eigen/FFT>
#endif

#include <vector>

namespace swx::detail {

#if defined(SWX_HAVE_POCKETFFT)
namespace {
using cplx = std::complex<double>;
const pocketfft::shape_t axes{0};
}  // namespace

void real_fft(const double* in, cplx* out, std::size_t length) {
    pocketfft::r2c(pocketfft::shape_t{length}, pocketfft::stride_t{sizeof(double)}, pocketfft::stride_t{sizeof(cplx)}, axes,
                   pocketfft::FORWARD, in, out, 1.0, 1);
}
void inverse_real_fft(cplx* in, double* out, std::size_t length) {
    pocketfft::c2r(pocketfft::shape_t{length}, pocketfft::stride_t{sizeof(cplx)}, pocketfft::stride_t{sizeof(double)}, axes,
                   pocketfft::BACKWARD, in, out, 1.0 / static_cast<double>(length), 1);
}
void complex_fft(const cplx* in, cplx* out, std::size_t length) {
    pocketfft::c2c(pocketfft::shape_t{length}, pocketfft::stride_t{sizeof(cplx)}, pocketfft::stride_t{sizeof(cplx)}, axes,
                   pocketfft::FORWARD, in, out, 1.0, 1);
}
void inverse_complex_fft(const cplx* in, cplx* out, std::size_t length) {
    pocketfft::c2c(pocketfft::shape_t{length}, pocketfft::stride_t{sizeof(cplx)}, pocketfft::stride_t{sizeof(cplx)}, axes,
                   pocketfft::BACKWARD, in, out, 1.0 / static_cast<double>(length), 1);
}
// The plan from pocketfft's own cache (thread-safe), executed directly on the caller's buffer: r2c/c2r
// would copy the data into a scratch array and out again into a complex spectrum.
void real_fft_packed(double* data, std::size_t length) {
    pocketfft::detail::get_plan<pocketfft::detail::pocketfft_r<double>>(length)->exec(data, 1.0, true);
}
void inverse_real_fft_packed(double* data, std::size_t length) {
    pocketfft::detail::get_plan<pocketfft::detail::pocketfft_r<double>>(length)->exec(data, 1.0 / static_cast<double>(length),
                                                                                       false);
}
const char* fft_backend() { return "pocketfft"; }
#else
namespace {
using cplx = std::complex<double>;
Eigen::FFT<double>& half_spectrum_fft() {
    thread_local Eigen::FFT<double> fft(Eigen::default_fft_impl<double>(), Eigen::FFT<double>::HalfSpectrum);
    return fft;
}
Eigen::FFT<double>& full_fft() {
    thread_local Eigen::FFT<double> fft;
    return fft;
}
}  // namespace

void real_fft(const double* in, cplx* out, std::size_t length) {
    half_spectrum_fft().fwd(out, in, static_cast<Eigen::Index>(length));
}
void inverse_real_fft(cplx* in, double* out, std::size_t length) {
    in[0] = cplx(in[0].real(), 0.0);
    if (length % 2 == 0) {
        in[length / 2] = cplx(in[length / 2].real(), 0.0);
    }
    half_spectrum_fft().inv(out, in, static_cast<Eigen::Index>(length));
}
void complex_fft(const cplx* in, cplx* out, std::size_t length) { full_fft().fwd(out, in, static_cast<Eigen::Index>(length)); }
void inverse_complex_fft(const cplx* in, cplx* out, std::size_t length) {
    full_fft().inv(out, in, static_cast<Eigen::Index>(length));
}
void real_fft_packed(double* data, std::size_t length) {
    std::vector<cplx> spectrum(length / 2 + 1);
    real_fft(data, spectrum.data(), length);
    data[0] = spectrum[0].real();
    for (std::size_t k = 1; 2 * k < length; ++k) {
        data[2 * k - 1] = spectrum[k].real();
        data[2 * k] = spectrum[k].imag();
    }
    if (length % 2 == 0) {
        data[length - 1] = spectrum[length / 2].real();
    }
}
void inverse_real_fft_packed(double* data, std::size_t length) {
    std::vector<cplx> spectrum(length / 2 + 1);
    spectrum[0] = cplx(data[0], 0.0);
    for (std::size_t k = 1; 2 * k < length; ++k) {
        spectrum[k] = cplx(data[2 * k - 1], data[2 * k]);
    }
    if (length % 2 == 0) {
        spectrum[length / 2] = cplx(data[length - 1], 0.0);
    }
    inverse_real_fft(spectrum.data(), data, length);
}
const char* fft_backend() { return "kissfft (Eigen)"; }
#endif

}  // namespace swx::detail
