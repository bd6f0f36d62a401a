// E(t) through a 2×2 impedance tensor (tensor_efield.hpp).
//
// With c(t) = B_x(t) + i·B_y(t) and C = fft(c), the spectra of the two real components follow from
// conjugate symmetry: B_x[k] = (C[k] + C*[L−k])/2, B_y[k] = (C[k] − C*[L−k])/(2i). Per bin k ≤ L/2
// E_x = Z_xx·B_x + Z_xy·B_y, E_y = Z_yx·B_x + Z_yy·B_y (Z of the positive frequency; the negative
// frequencies carry Z*, so E_x, E_y stay real); G[k] = E_x[k] + i·E_y[k], G[L−k] = E_x*[k] + i·E_y*[k],
// and one inverse transform gives e_x + i·e_y. At the Nyquist bin B_x, B_y are real and the real part of
// Z is used (as PlaneWaveConverter and numpy's irfft). Padding, mean removal and the edge zone are
// PlaneWaveConverter's (core/efield/detail/spectral.hpp).
#include <swx/core/efield/tensor_efield.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/efield/detail/spectral.hpp>

#include <swx/core/efield/detail/fft.hpp>

#include <vector>

namespace swx {
namespace {
using cplx = std::complex<double>;
}  // namespace

struct TensorConverter::Impl {
    std::size_t n = 0;
    std::size_t length = 0;
    double dt_s = 0;
    std::vector<ImpedanceTensor> h;  // bins 0..L/2, V/km per nT

    Impl(std::size_t n_samples, double dt, std::size_t fft_length) : n(n_samples), dt_s(dt) {
        detail::check_dt(dt);
        length = detail::resolve_fft_length(n_samples, fft_length);
    }

    void finish(std::vector<ImpedanceTensor> z_mv_per_km_per_nt) {
        h = std::move(z_mv_per_km_per_nt);
        for (ImpedanceTensor& t : h) {
            for (cplx& v : t) {
                v *= 1e-3;  // mV/km → V/km
            }
        }
        h[0] = {cplx{}, cplx{}, cplx{}, cplx{}};
        if (length % 2 == 0) {
            for (cplx& v : h[length / 2]) {
                v = cplx(v.real(), 0.0);
            }
        }
    }
};

namespace {
void check_n(std::size_t n_samples) {
    if (n_samples == 0) {
        throw InputError(ErrorContext{"geoelectric", "", "", "", ""}, "empty time series");
    }
}
}  // namespace

TensorConverter::TensorConverter(const MtImpedance& z, std::size_t n_samples, double dt_s, std::size_t fft_length) {
    check_n(n_samples);
    m_impl = std::make_unique<Impl>(n_samples, dt_s, fft_length);
    m_impl->finish(z.at(detail::bin_frequencies_hz(m_impl->length, dt_s)));
}

TensorConverter::TensorConverter(const std::function<ImpedanceTensor(double)>& z_of_f, std::size_t n_samples,
                                 double dt_s, std::size_t fft_length) {
    check_n(n_samples);
    m_impl = std::make_unique<Impl>(n_samples, dt_s, fft_length);
    const std::vector<double> f = detail::bin_frequencies_hz(m_impl->length, dt_s);
    std::vector<ImpedanceTensor> z(f.size());
    for (std::size_t k = 1; k < f.size(); ++k) {
        z[k] = z_of_f(f[k]);
    }
    m_impl->finish(std::move(z));
}

TensorConverter::~TensorConverter() = default;
TensorConverter::TensorConverter(TensorConverter&&) noexcept = default;
TensorConverter& TensorConverter::operator=(TensorConverter&&) noexcept = default;

GeoelectricSeries TensorConverter::convert(std::span<const double> bx_nt, std::span<const double> by_nt) const {
    const Impl& m = *m_impl;
    detail::check_series(bx_nt, by_nt, m.n, "bx_nt", "by_nt");
    const std::size_t L = m.length;
    std::vector<cplx> work(L);
    std::vector<cplx> spectrum(L);
    detail::fill_padded(bx_nt, by_nt, true, work);
    detail::complex_fft(work.data(), spectrum.data(), L);
    const std::size_t half = L / 2;
    const cplx half_i{0.0, -0.5};  // 1/(2i)
    work[0] = cplx{};
    for (std::size_t k = 1; k <= half; ++k) {
        const cplx c = spectrum[k];
        const cplx cm = std::conj(spectrum[L - k]);
        const cplx bx = 0.5 * (c + cm);
        const cplx by = half_i * (c - cm);
        const ImpedanceTensor& z = m.h[k];
        const cplx ex = z[0] * bx + z[1] * by;
        const cplx ey = z[2] * bx + z[3] * by;
        work[k] = ex + cplx{0.0, 1.0} * ey;
        if (L - k != k) {
            work[L - k] = std::conj(ex) + cplx{0.0, 1.0} * std::conj(ey);
        }
    }
    detail::inverse_complex_fft(work.data(), spectrum.data(), L);
    GeoelectricSeries out;
    out.ex_v_per_km.resize(m.n);
    out.ey_v_per_km.resize(m.n);
    for (std::size_t i = 0; i < m.n; ++i) {
        out.ex_v_per_km[i] = spectrum[i].real();
        out.ey_v_per_km[i] = spectrum[i].imag();
    }
    out.edge_samples = edge_zone_samples(m.n, m.dt_s);
    return out;
}

}  // namespace swx
