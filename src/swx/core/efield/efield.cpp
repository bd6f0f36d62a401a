// Geoelectric field from the magnetic field by the plane-wave (FFT) method.
//
// Design notes
// ------------
// A 1-D earth acts as a linear, causal filter between the horizontal magnetic and electric fields:
// E_x(ω) = K(ω)·B_y(ω), E_y(ω) = −K(ω)·B_x(ω) with K = Z/μ0 (GEOELECTRIC.md §3.2). Both components
// share the same real-impulse-response filter K, so with c(t) = B_x(t) + i·B_y(t)
//
//     ifft(K·fft(c)) = K∗B_x + i·K∗B_y         (∗ = convolution; both terms real)
//     −i·ifft(K·fft(c)) = K∗B_y − i·K∗B_x = E_x + i·E_y.
//
// One complex FFT pair therefore replaces the two real-to-complex pairs of bezpy's rfft/irfft and costs
// the same as a real transform of the stacked data. The same trick with no −i re-maps a geoelectric
// waveform from one earth to another (β).
//
// The Nyquist bin maps onto itself, so the filter there must be real for the outputs to stay unmixed;
// its real part is used, which is what numpy's irfft does with the imaginary part of that bin.
//
// Record edges. The FFT sees the record as one period of a periodic signal; bezpy removes the mean and
// zero-pads, which leaves a step of B(0) − mean at t0 (and of B(n−1) − mean at the end). The earth
// answers a step in B with E ∝ t^(−1/2): a spike at the first sample that was reported as the storm's
// peak (a 4-hour FRD 1989 window: 2.07 V/km at t0, where the full record gives 0.34 V/km). Here the
// padding holds mirror images of the record instead (reflected about the last sample after the end,
// about the first sample before the start, cross-faded between the two across the padding), so the
// periodic sequence is continuous: only a kink remains at each end, and its effect on E fades within
// minutes. Subtracting the line through the end samples would also remove the step, but it adds a
// very-low-frequency offset to the whole record (0.2 mV/km error on a 37 mV/km sinusoid a day from
// the ends); reflection leaves the record itself untouched. The first and last edge_zone_s are still
// marked as the edge zone and left out of peaks (docs/geoelectric-model.md, "Record edges").
//
// The FFT is pocketfft (detail/fft.hpp; Eigen's kissfft where the header is absent), which keeps its
// plans per length. A PlaneWaveConverter keeps the transfer function (interpolated from refined nodes,
// detail/impedance_spectrum.hpp, or exact at every bin; one filter, E_y's sign applied on output) and
// its work buffer. A record costs one real FFT pair per component, the two components on two threads
// (E_x from B_y and E_y from B_x are independent; with pocketfft's plain 1-D transforms a real transform
// of each costs what one complex transform of B_y + i·B_x does) — except for long records (L ≥ 2^18 with
// a four-step factorisation, detail/fft.hpp), where the complex pair of c = B_y + i·B_x runs as a
// four-step transform whose short transforms stay in cache and go two at a time in SIMD registers,
// cheaper than the four real transforms: K∗c = E_x − i·E_y.
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/detail/fft.hpp>
#include <swx/core/efield/detail/impedance_spectrum.hpp>
#include <swx/core/efield/detail/spectral.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <sstream>
#include <string>

namespace swx {
using cplx = std::complex<double>;
namespace detail {

void check_dt(double dt_s) {
    if (!(std::isfinite(dt_s) && dt_s > 0.0)) {
        std::ostringstream why;
        why << "sample interval must be finite and > 0 s, got " << dt_s;
        throw InputError(ErrorContext{"geoelectric", "", "", "", "dt_s"}, why.str());
    }
}

void check_series(std::span<const double> a, std::span<const double> b, std::size_t n, const char* name_a,
                  const char* name_b) {
    if (a.size() != n || b.size() != n) {
        std::ostringstream why;
        why << name_a << " and " << name_b << " must both have " << n << " samples, got " << a.size() << " and "
            << b.size();
        throw InputError(ErrorContext{"geoelectric", "", "", "", ""}, why.str());
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
            std::ostringstream why;
            why << "sample " << i << " is not finite (" << a[i] << ", " << b[i]
                << "); fill gaps before the FFT";
            throw InputError(ErrorContext{"geoelectric", "", "", "", std::isfinite(a[i]) ? name_b : name_a},
                             why.str());
        }
    }
}

std::size_t resolve_fft_length(std::size_t n, std::size_t fft_length) {
    if (fft_length == 0) {
        return default_fft_length(n);
    }
    if (fft_length < n) {
        throw InputError(ErrorContext{"geoelectric", "", "", "", "fft_length"},
                         "FFT length " + std::to_string(fft_length) + " is shorter than the record (" +
                             std::to_string(n) + " samples)");
    }
    return fft_length;
}

std::vector<double> bin_frequencies_hz(std::size_t fft_length, double dt_s) {
    std::vector<double> f(fft_length / 2 + 1);
    const double df = 1.0 / (static_cast<double>(fft_length) * dt_s);
    for (std::size_t k = 0; k < f.size(); ++k) {
        f[k] = static_cast<double>(k) * df;
    }
    return f;
}

namespace {
double mean_of(std::span<const double> x) {
    double sum = 0.0;
    for (const double v : x) {
        sum += v;
    }
    return x.empty() ? 0.0 : sum / static_cast<double>(x.size());
}
}  // namespace

void fill_padded(std::span<const double> a, std::span<const double> b, bool reflect, std::span<cplx> work) {
    const std::size_t n = a.size();
    const std::size_t length = work.size();
    const double mean_a = reflect ? mean_of(a) : 0.0;
    const double mean_b = reflect ? mean_of(b) : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        work[i] = cplx(a[i] - mean_a, b[i] - mean_b);
    }
    const std::size_t pad = length - n;
    if (reflect && n >= 2) {
        // The raised-cosine weights depend only on the padding length: kept per thread between calls.
        thread_local std::vector<double> weights;
        if (weights.size() != pad) {
            weights.resize(pad);
            for (std::size_t p = 0; p < pad; ++p) {
                weights[p] = 0.5 * (1.0 + std::cos(std::numbers::pi * static_cast<double>(p + 1) / static_cast<double>(pad + 1)));
            }
        }
        for (std::size_t p = 0; p < pad; ++p) {
            const std::size_t after_end = n - 2 - std::min(p, n - 2);  // x(n−2), x(n−3), … , x(0)
            const std::size_t before_start = std::min(pad - p, n - 1);   // … , x(2), x(1)
            const double w = weights[p];
            work[n + p] = w * work[after_end] + (1.0 - w) * work[before_start];
        }
    } else {
        std::fill(work.begin() + static_cast<std::ptrdiff_t>(n), work.end(), cplx(0.0, 0.0));
    }
}

std::vector<double> padding_weights(std::size_t pad) {
    std::vector<double> weights(pad);
    for (std::size_t p = 0; p < pad; ++p) {
        weights[p] = 0.5 * (1.0 + std::cos(std::numbers::pi * static_cast<double>(p + 1) / static_cast<double>(pad + 1)));
    }
    return weights;
}

void fill_padded_real(std::span<const double> a, std::span<const double> weights, std::span<double> work) {
    const std::size_t n = a.size();
    const std::size_t length = work.size();
    const double mean_a = mean_of(a);
    for (std::size_t i = 0; i < n; ++i) {
        work[i] = a[i] - mean_a;
    }
    const std::size_t pad = length - n;
    if (n >= 2) {
        for (std::size_t p = 0; p < pad; ++p) {
            const std::size_t after_end = n - 2 - std::min(p, n - 2);
            const std::size_t before_start = std::min(pad - p, n - 1);
            const double w = weights[p];
            work[n + p] = w * work[after_end] + (1.0 - w) * work[before_start];
        }
    } else {
        std::fill(work.begin() + static_cast<std::ptrdiff_t>(n), work.end(), 0.0);
    }
}

}  // namespace detail

namespace {

using detail::bin_frequencies_hz;
using detail::check_dt;
using detail::check_series;
using detail::resolve_fft_length;

/// Frequency-domain filtering of c = a + i·b by a Hermitian filter given on bins 0..L/2.
class SpectralFilter {
public:
    SpectralFilter(std::size_t n, std::size_t fft_length, std::vector<cplx> half_spectrum, bool times_minus_i)
        : m_n(n), m_fft_length(fft_length), m_h(std::move(half_spectrum)), m_times_minus_i(times_minus_i),
          m_work(fft_length), m_spectrum(fft_length) {
        if (m_fft_length % 2 == 0) {
            m_h[m_fft_length / 2] = cplx(m_h[m_fft_length / 2].real(), 0.0);
        }
    }

    /// Filters a + i·b. With `reflect`, the padding beyond the record holds its mirror images instead of
    /// zeros: just after the end the record reflected about its last sample, just before the start (the
    /// padding's far end, by periodicity) the record reflected about its first sample, cross-faded with a
    /// raised cosine across the padding. The periodic sequence the FFT sees then has no step anywhere
    /// (see the design notes). Without it, zero padding (the waveform re-mapping of β).
    void apply(std::span<const double> a, std::span<const double> b, bool reflect, std::vector<double>& out_re,
               std::vector<double>& out_im) {
        detail::fill_padded(a.first(m_n), b.first(m_n), reflect, m_work);
        detail::complex_fft(m_work.data(), m_spectrum.data(), m_fft_length);
        const std::size_t half = m_fft_length / 2;
        m_spectrum[0] *= m_h[0];
        for (std::size_t k = 1; k <= half; ++k) {
            m_spectrum[k] *= m_h[k];
        }
        for (std::size_t k = half + 1; k < m_fft_length; ++k) {
            m_spectrum[k] *= std::conj(m_h[m_fft_length - k]);
        }
        detail::inverse_complex_fft(m_spectrum.data(), m_work.data(), m_fft_length);
        out_re.resize(m_n);
        out_im.resize(m_n);
        for (std::size_t i = 0; i < m_n; ++i) {
            const cplx w = m_times_minus_i ? cplx(m_work[i].imag(), -m_work[i].real()) : m_work[i];
            out_re[i] = w.real();
            out_im[i] = w.imag();
        }
    }

    [[nodiscard]] std::size_t n() const noexcept { return m_n; }
    [[nodiscard]] std::size_t fft_length() const noexcept { return m_fft_length; }

private:
    std::size_t m_n;
    std::size_t m_fft_length;
    std::vector<cplx> m_h;
    bool m_times_minus_i;
    std::vector<cplx> m_work;
    std::vector<cplx> m_spectrum;
};

}  // namespace

std::size_t default_fft_length(std::size_t n_samples) {
    if (n_samples == 0) {
        throw InputError(ErrorContext{"geoelectric", "", "", "", ""}, "empty time series");
    }
    // The smallest 2^a·3^b·5^c ≥ 2n: zero padding to at least twice the record keeps the circular
    // convolution from wrapping the end of the record onto its start for any earth response shorter
    // than the record (bezpy pads further, to 2^(floor(log2 n) + 2), up to 4n). kissfft has radix-2,
    // 3, 4 and 5 butterflies, so these lengths are as fast per point as powers of two, and up to ~1.5×
    // shorter (86,400 samples: 172,800 instead of 262,144).
    const std::size_t target = 2 * n_samples;
    std::size_t best = std::bit_ceil(target);
    for (std::size_t p5 = 1; p5 <= best; p5 *= 5) {
        for (std::size_t p35 = p5; p35 <= best; p35 *= 3) {
            std::size_t v = p35;
            while (v < target) {
                v *= 2;
            }
            best = std::min(best, v);
        }
    }
    return best;
}

std::size_t edge_zone_samples(std::size_t n_samples, double dt_s) {
    check_dt(dt_s);
    const auto wanted = static_cast<std::size_t>(std::max(1.0, std::ceil(edge_zone_s / dt_s - 1e-9)));
    return std::min(wanted, n_samples / 4);
}

std::size_t interior_peak_index(const GeoelectricSeries& e) {
    const std::size_t n = std::min(e.ex_v_per_km.size(), e.ey_v_per_km.size());
    std::size_t peak = 0;
    double peak_v = -1.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (e.in_edge_zone(i)) {
            continue;
        }
        const double m = std::hypot(e.ex_v_per_km[i], e.ey_v_per_km[i]);
        if (m > peak_v) {
            peak_v = m;
            peak = i;
        }
    }
    return peak;
}

double interior_peak_magnitude(const GeoelectricSeries& e) {
    if (e.ex_v_per_km.empty() || e.ey_v_per_km.empty()) {
        return 0.0;
    }
    const std::size_t i = interior_peak_index(e);
    if (e.in_edge_zone(i)) {
        return 0.0;
    }
    return std::hypot(e.ex_v_per_km[i], e.ey_v_per_km[i]);
}

std::size_t beta_fft_length(std::size_t n_samples) {
    return std::max<std::size_t>(65536, default_fft_length(n_samples));
}

struct PlaneWaveConverter::Impl {
    std::size_t n = 0;
    std::size_t length = 0;
    double dt_s = 0.0;
    std::vector<cplx> h;  // bins 0..L/2, V/km per nT, for E_x from B_y (E_y's filter is −h); Nyquist real
    std::shared_ptr<const std::vector<double>> weights;  // cross-fade of the reflected padding
    bool four_step = false;  // one complex four-step transform pair of B_y + i·B_x (detail/fft.hpp)
    // 2L doubles, not zero-filled (every element is written before it is read): with four_step the complex
    // padded series B_y + i·B_x, its spectrum and the filtered E_x − i·E_y in place; otherwise per
    // component (E_x from B_y, E_y from B_x) L doubles: padded series, half-complex spectrum in place,
    // filtered series.
    std::unique_ptr<double[]> work;
};

PlaneWaveConverter::PlaneWaveConverter(const EarthModel& model, std::size_t n_samples, double dt_s,
                                       std::size_t fft_length, ImpedanceEvaluation evaluation) {
    check_dt(dt_s);
    if (n_samples == 0) {
        throw InputError(ErrorContext{"geoelectric", "", "", "", ""}, "empty time series");
    }
    const std::size_t length = resolve_fft_length(n_samples, fft_length);
    const std::size_t bins = length / 2 + 1;
    const double df = 1.0 / (static_cast<double>(length) * dt_s);
    std::vector<cplx> h = evaluation == ImpedanceEvaluation::exact
                              ? detail::exact_impedance_spectrum(model, bins, df)
                              : detail::interpolated_impedance_spectrum(model, bins, df, detail::impedance_tolerance(length));
    // E[V/km] = 1e-6 · Z[Ω]/μ0 · B[nT]
    const double scale = 1e-6 / mu0_h_per_m;
    for (cplx& v : h) {
        v *= scale;  // Z(0) = 0
    }
    if (length % 2 == 0) {
        h[length / 2] = cplx(h[length / 2].real(), 0.0);
    }
    m_impl = std::make_unique<Impl>();
    Impl& m = *m_impl;
    m.n = n_samples;
    m.length = length;
    m.dt_s = dt_s;
    m.h = std::move(h);
    m.four_step = detail::four_step_rows(length) != 0;
    // The weights (one cosine per padding sample) depend only on the padding length: the last ones are
    // kept per thread, so converters built one after another for records of one length share them.
    thread_local std::shared_ptr<const std::vector<double>> last_weights;
    if (!last_weights || last_weights->size() != length - n_samples) {
        last_weights = std::make_shared<const std::vector<double>>(detail::padding_weights(length - n_samples));
    }
    m.weights = last_weights;
    m.work.reset(new double[2 * length]);  // NOLINT(cppcoreguidelines-owning-memory): default-initialised on purpose
}

PlaneWaveConverter::~PlaneWaveConverter() = default;
PlaneWaveConverter::PlaneWaveConverter(PlaneWaveConverter&&) noexcept = default;
PlaneWaveConverter& PlaneWaveConverter::operator=(PlaneWaveConverter&&) noexcept = default;

std::size_t PlaneWaveConverter::n_samples() const noexcept { return m_impl->n; }
std::size_t PlaneWaveConverter::fft_length() const noexcept { return m_impl->length; }
double PlaneWaveConverter::dt_s() const noexcept { return m_impl->dt_s; }

GeoelectricSeries PlaneWaveConverter::convert(std::span<const double> bx_nt, std::span<const double> by_nt) {
    check_series(bx_nt, by_nt, n_samples(), "bx_nt", "by_nt");
    Impl& m = *m_impl;
    GeoelectricSeries out;
    out.ex_v_per_km.resize(m.n);
    out.ey_v_per_km.resize(m.n);
    const unsigned threads = m.n >= 4096 ? 2 : 1;
    if (m.four_step) {
        // c = B_y + i·B_x: K∗c = E_x − i·E_y (K real in time), one complex transform pair for both.
        auto* const c = reinterpret_cast<cplx*>(m.work.get());  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
        detail::fill_padded(by_nt, bx_nt, true, std::span<cplx>(c, m.length));
        detail::hermitian_filter(c, m.length, m.h.data(), threads);
        for (std::size_t i = 0; i < m.n; ++i) {
            out.ex_v_per_km[i] = c[i].real();
            out.ey_v_per_km[i] = -c[i].imag();
        }
        out.edge_samples = edge_zone_samples(m.n, m.dt_s);
        return out;
    }
    // Component 0: E_x = K∗B_y; component 1: E_y = −K∗B_x.
    parallel_for(
        2,
        [&](std::size_t c) {
            double* const work = m.work.get() + c * m.length;
            const cplx* const h = m.h.data();
            detail::fill_padded_real(c == 0 ? by_nt : bx_nt, *m.weights, std::span<double>(work, m.length));
            detail::real_fft_packed(work, m.length);
            // Half-complex order: X0, (Re, Im) of X1 … , and X_{L/2} (real) last when L is even.
            work[0] *= h[0].real();
            for (std::size_t k = 1; 2 * k < m.length; ++k) {
                const cplx x = cplx(work[2 * k - 1], work[2 * k]) * h[k];
                work[2 * k - 1] = x.real();
                work[2 * k] = x.imag();
            }
            if (m.length % 2 == 0) {
                work[m.length - 1] *= h[m.length / 2].real();
            }
            detail::inverse_real_fft_packed(work, m.length);
            if (c == 0) {
                std::copy(work, work + m.n, out.ex_v_per_km.begin());
            } else {
                std::transform(work, work + m.n, out.ey_v_per_km.begin(), [](double v) { return -v; });
            }
        },
        threads, 1);
    out.edge_samples = edge_zone_samples(m.n, m.dt_s);
    return out;
}

GeoelectricSeries geoelectric_from_magnetic(const EarthModel& model, std::span<const double> bx_nt,
                                            std::span<const double> by_nt, double dt_s, ImpedanceEvaluation evaluation) {
    check_series(bx_nt, by_nt, bx_nt.size(), "bx_nt", "by_nt");
    PlaneWaveConverter converter(model, bx_nt.size(), dt_s, 0, evaluation);
    return converter.convert(bx_nt, by_nt);
}

GeoelectricSeries filter_geoelectric(const EarthModel& model, const EarthModel& reference,
                                     std::span<const double> e_north_v_per_km, std::span<const double> e_east_v_per_km,
                                     double dt_s, std::size_t fft_length) {
    check_dt(dt_s);
    const std::size_t n = e_north_v_per_km.size();
    check_series(e_north_v_per_km, e_east_v_per_km, n, "e_north_v_per_km", "e_east_v_per_km");
    const std::size_t length = resolve_fft_length(n, fft_length);
    std::vector<cplx> h(length / 2 + 1);
    h[0] = cplx(std::sqrt(model.half_space_resistivity_ohm_m() / reference.half_space_resistivity_ohm_m()), 0.0);
    const std::vector<double> f = bin_frequencies_hz(length, dt_s);
    const std::vector<cplx> z_model = model.impedance_ohm(f);
    const std::vector<cplx> z_reference = reference.impedance_ohm(f);
    for (std::size_t k = 1; k < h.size(); ++k) {
        h[k] = z_model[k] / z_reference[k];
    }
    SpectralFilter filter(n, length, std::move(h), false);
    GeoelectricSeries out;
    filter.apply(e_north_v_per_km, e_east_v_per_km, false, out.ex_v_per_km, out.ey_v_per_km);
    return out;
}

double peak_magnitude(std::span<const double> x, std::span<const double> y) {
    double peak = 0.0;
    for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
        peak = std::max(peak, std::hypot(x[i], y[i]));
    }
    return peak;
}

double beta_factor(const EarthModel& model, const EarthModel& reference_que, std::span<const double> e_north_v_per_km,
                   std::span<const double> e_east_v_per_km, double dt_s) {
    const std::size_t n = e_north_v_per_km.size();
    check_series(e_north_v_per_km, e_east_v_per_km, n, "e_north_v_per_km", "e_east_v_per_km");
    const double peak_reference = peak_magnitude(e_north_v_per_km, e_east_v_per_km);
    if (!(peak_reference > 0.0)) {
        throw InputError(ErrorContext{"geoelectric", "", "", "", ""},
                         "beta needs a non-zero reference waveform (peak |E| is 0)");
    }
    const GeoelectricSeries e =
        filter_geoelectric(model, reference_que, e_north_v_per_km, e_east_v_per_km, dt_s, beta_fft_length(n));
    return peak_magnitude(e.ex_v_per_km, e.ey_v_per_km) / peak_reference;
}

}  // namespace swx
