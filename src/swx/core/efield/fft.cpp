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

#include <swx/core/base/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>
#include <memory>
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

// Four-step ("six-step" without the transposes) complex transform, Bailey 1990: with L = N1·N2,
// t = N2·t1 + t2 and k = k1 + N1·k2,
//     X[k1 + N1·k2] = Σ_t2 W_N2^(t2·k2) · [ W_L^(t2·k1) · Σ_t1 x[N2·t1 + t2] · W_N1^(t1·k1) ],
// i.e. length-N1 transforms down the columns of the N1×N2 row-major array, a twiddle, length-N2
// transforms along its rows. The spectrum is left in that (k1 row, k2 column) order: the filter is applied
// row by row there and the steps are undone in reverse order, so no transpose is ever made. Each 1-D
// transform fits in cache, and two of them run at once in SSE2 registers (pocketfft's templated plans on
// a two-double vector type, with this file's buffers: its own vector paths stay off, see above), so the
// pair costs less than the two real transforms of length L it replaces.
namespace {
using v2 = double __attribute__((vector_size(16)));
using vcplx = pocketfft::detail::cmplx<v2>;

inline cplx mul(cplx a, cplx b) {
    return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}
inline vcplx pack(cplx a, cplx b) {
    vcplx v;
    v.r = v2{a.real(), b.real()};
    v.i = v2{a.imag(), b.imag()};
    return v;
}
inline cplx lane(const vcplx& v, int j) { return {v.r[j], v.i[j]}; }

/// e^{−2πim/L} for 0 ≤ m < L as the product of two table entries (~sqrt(L) each, every entry from
/// std::polar: error a few ulp, not growing with m).
class Twiddle {
public:
    explicit Twiddle(std::size_t length) : m_length(length) {
        while (m_step * m_step < length) {
            ++m_step;
        }
        const double a = -2.0 * std::numbers::pi / static_cast<double>(length);
        m_lo.resize(m_step);
        m_hi.resize(length / m_step + 1);
        for (std::size_t i = 0; i < m_lo.size(); ++i) {
            m_lo[i] = std::polar(1.0, a * static_cast<double>(i));
        }
        for (std::size_t i = 0; i < m_hi.size(); ++i) {
            m_hi[i] = std::polar(1.0, a * static_cast<double>(i * m_step));
        }
    }
    [[nodiscard]] std::size_t length() const noexcept { return m_length; }
    [[nodiscard]] cplx operator()(std::size_t m) const { return mul(m_hi[m / m_step], m_lo[m % m_step]); }

private:
    std::size_t m_length;
    std::size_t m_step = 1;
    std::vector<cplx> m_lo, m_hi;
};

const Twiddle& twiddle(std::size_t length) {
    thread_local std::shared_ptr<const Twiddle> last;
    if (!last || last->length() != length) {
        last = std::make_shared<const Twiddle>(length);
    }
    return *last;
}

bool smooth7(std::size_t v) {
    for (const std::size_t p : {2U, 3U, 5U, 7U}) {
        while (v % p == 0) {
            v /= p;
        }
    }
    return v == 1;
}

/// Column pairs [c_begin, c_end) (c even) of the N1×N2 array: forward (twiddle after) or inverse (conjugate
/// twiddle before, 1/L factor).
void column_pass(cplx* data, std::size_t n1, std::size_t n2, std::size_t c_begin, std::size_t c_end, bool forward,
                 const Twiddle& tw, std::vector<vcplx>& buf) {
    const auto plan = pocketfft::detail::get_plan<pocketfft::detail::pocketfft_c<double>>(n1);
    const double factor = forward ? 1.0 : 1.0 / static_cast<double>(n1 * n2);
    for (std::size_t c = c_begin; c < c_end; c += 2) {
        cplx* col = data + c;
        if (forward) {
            for (std::size_t r = 0; r < n1; ++r) {
                buf[r] = pack(col[r * n2], col[r * n2 + 1]);
            }
        } else {
            for (std::size_t k = 0; k < n1; ++k) {
                buf[k] = pack(mul(col[k * n2], std::conj(tw(c * k))), mul(col[k * n2 + 1], std::conj(tw((c + 1) * k))));
            }
        }
        plan->exec(buf.data(), factor, forward);
        if (forward) {
            for (std::size_t k = 0; k < n1; ++k) {
                col[k * n2] = mul(lane(buf[k], 0), tw(c * k));
                col[k * n2 + 1] = mul(lane(buf[k], 1), tw((c + 1) * k));
            }
        } else {
            for (std::size_t r = 0; r < n1; ++r) {
                col[r * n2] = lane(buf[r], 0);
                col[r * n2 + 1] = lane(buf[r], 1);
            }
        }
    }
}

/// Row pairs [r_begin, r_end) (r even): forward transform, the filter, inverse transform.
void row_pass(cplx* data, std::size_t n1, std::size_t n2, std::size_t r_begin, std::size_t r_end, const cplx* h,
              std::vector<vcplx>& buf) {
    const auto plan = pocketfft::detail::get_plan<pocketfft::detail::pocketfft_c<double>>(n2);
    const std::size_t length = n1 * n2;
    const std::size_t half = length / 2;
    const auto filter = [&](std::size_t k) { return k <= half ? h[k] : std::conj(h[length - k]); };
    for (std::size_t k1 = r_begin; k1 < r_end; k1 += 2) {
        cplx* a = data + k1 * n2;
        cplx* b = a + n2;
        for (std::size_t k2 = 0; k2 < n2; ++k2) {
            buf[k2] = pack(a[k2], b[k2]);
        }
        plan->exec(buf.data(), 1.0, true);
        for (std::size_t k2 = 0; k2 < n2; ++k2) {
            const std::size_t k = k1 + n1 * k2;
            buf[k2] = pack(mul(lane(buf[k2], 0), filter(k)), mul(lane(buf[k2], 1), filter(k + 1)));
        }
        plan->exec(buf.data(), 1.0, false);
        for (std::size_t k2 = 0; k2 < n2; ++k2) {
            a[k2] = lane(buf[k2], 0);
            b[k2] = lane(buf[k2], 1);
        }
    }
}
}  // namespace

std::size_t four_step_rows(std::size_t length) {
    if (length < four_step_min_length) {
        return 0;
    }
    // The even divisor N1 ≤ sqrt(L) closest to it with N2 = L/N1 even too, both 7-smooth, N1 ≥ sqrt(L)/4.
    std::size_t root = 1;
    while ((root + 1) * (root + 1) <= length) {
        ++root;
    }
    for (std::size_t n1 = root; 4 * n1 >= root; --n1) {
        if (n1 % 2 == 0 && length % n1 == 0 && (length / n1) % 2 == 0 && smooth7(n1) && smooth7(length / n1)) {
            return n1;
        }
    }
    return 0;
}

void hermitian_filter(cplx* data, std::size_t length, const cplx* h, unsigned threads) {
    const std::size_t n1 = four_step_rows(length);
    if (n1 == 0) {
        std::vector<cplx> spectrum(length);
        complex_fft(data, spectrum.data(), length);
        for (std::size_t k = 0; k < length; ++k) {
            spectrum[k] *= 2 * k <= length ? h[k] : std::conj(h[length - k]);
        }
        inverse_complex_fft(spectrum.data(), data, length);
        return;
    }
    const std::size_t n2 = length / n1;
    const Twiddle& tw = twiddle(length);
    const unsigned parts = std::max(1U, threads);
    // Chunks of column (row) pairs handed out one at a time to `parts` threads, so that a thread the
    // scheduler holds back (a loaded machine) does not hold up the others at the end of the stage.
    constexpr std::size_t chunk = 32;
    const auto stage = [&](std::size_t count, std::size_t buffer_length, const auto& run) {
        std::atomic<std::size_t> next{0};
        parallel_for(
            parts,
            [&](std::size_t /*part*/) {
                std::vector<vcplx> buf(buffer_length);
                for (std::size_t a = next.fetch_add(chunk); a < count; a = next.fetch_add(chunk)) {
                    run(a, std::min(count, a + chunk), buf);
                }
            },
            parts, 1);
    };
    stage(n2, n1, [&](std::size_t a, std::size_t b, std::vector<vcplx>& buf) { column_pass(data, n1, n2, a, b, true, tw, buf); });
    stage(n1, n2, [&](std::size_t a, std::size_t b, std::vector<vcplx>& buf) { row_pass(data, n1, n2, a, b, h, buf); });
    stage(n2, n1, [&](std::size_t a, std::size_t b, std::vector<vcplx>& buf) { column_pass(data, n1, n2, a, b, false, tw, buf); });
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

// kissfft's generic butterfly fails on length 1 (the identity): handled here.
void real_fft(const double* in, cplx* out, std::size_t length) {
    if (length == 1) {
        out[0] = cplx(in[0], 0.0);
        return;
    }
    half_spectrum_fft().fwd(out, in, static_cast<Eigen::Index>(length));
}
void inverse_real_fft(cplx* in, double* out, std::size_t length) {
    if (length == 1) {
        out[0] = in[0].real();
        return;
    }
    in[0] = cplx(in[0].real(), 0.0);
    if (length % 2 == 0) {
        in[length / 2] = cplx(in[length / 2].real(), 0.0);
    }
    half_spectrum_fft().inv(out, in, static_cast<Eigen::Index>(length));
}
void complex_fft(const cplx* in, cplx* out, std::size_t length) {
    if (length == 1) {
        out[0] = in[0];
        return;
    }
    full_fft().fwd(out, in, static_cast<Eigen::Index>(length));
}
void inverse_complex_fft(const cplx* in, cplx* out, std::size_t length) {
    if (length == 1) {
        out[0] = in[0];
        return;
    }
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
std::size_t four_step_rows(std::size_t /*length*/) { return 0; }
void hermitian_filter(cplx* data, std::size_t length, const cplx* h, unsigned /*threads*/) {
    std::vector<cplx> spectrum(length);
    complex_fft(data, spectrum.data(), length);
    for (std::size_t k = 0; k < length; ++k) {
        spectrum[k] *= 2 * k <= length ? h[k] : std::conj(h[length - k]);
    }
    inverse_complex_fft(spectrum.data(), data, length);
}
const char* fft_backend() { return "kissfft (Eigen)"; }
#endif

}  // namespace swx::detail
