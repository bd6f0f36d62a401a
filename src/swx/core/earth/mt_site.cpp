// MT impedance tensors: interpolation in log period, extension with a 1-D model (mt_site.hpp).
//
// Each component Z_ij is held as (log|Z_ij|, unwrapped arg Z_ij) at the measured log periods and
// interpolated linearly in log T; a power law Z ∝ T^a·e^{iφ} (a uniform half-space: |Z| ∝ T^{-1/2},
// φ = 45°) is reproduced exactly. A component that is exactly 0 at a measured period (Z_xx, Z_yy of a
// 1-D tensor) has no logarithm; a segment with a zero end is interpolated linearly in the complex value
// instead (0 between two zeros). Beyond the measured periods the edge tensor is scaled by the 1-D ratio
// Z_1D(f)/Z_1D(f_edge), one scalar for all four components, so Z is continuous at the edge.
#include <swx/core/earth/mt_site.hpp>

#include <swx/core/base/error.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace swx {
namespace {
using cplx = std::complex<double>;
constexpr double two_pi = 2.0 * std::numbers::pi;
/// (mV/km)/nT per Ω: 1/(μ0·1e3).
const double mv_per_km_per_nt_per_ohm = 1.0 / (mu0_h_per_m * 1e3);
}  // namespace

double apparent_resistivity_ohm_m(std::complex<double> z_mv_per_km_per_nt, double period_s) {
    return 0.2 * period_s * std::norm(z_mv_per_km_per_nt);
}

double phase_deg(std::complex<double> z_mv_per_km_per_nt) {
    return std::arg(z_mv_per_km_per_nt) * 180.0 / std::numbers::pi;
}

ImpedanceTensor tensor_of_1d(const EarthModel& model, double frequency_hz) {
    if (frequency_hz == 0.0) {
        return {cplx{}, cplx{}, cplx{}, cplx{}};
    }
    const cplx z = model.impedance_ohm(frequency_hz) * mv_per_km_per_nt_per_ohm;
    return {cplx{}, z, -z, cplx{}};
}

struct MtImpedance::Impl {
    std::vector<double> log_t;                  // ascending
    std::vector<std::array<double, 4>> log_abs;  // −inf where |Z| = 0
    std::vector<std::array<double, 4>> phase;    // unwrapped along the periods
    std::vector<ImpedanceTensor> z;
    std::optional<EarthModel> extension;
    double t_min = 0;
    double t_max = 0;

    /// Z at log period lt inside [log_t.front(), log_t.back()]; `seg` is the bracketing segment.
    [[nodiscard]] ImpedanceTensor interpolate(std::size_t seg, double lt) const {
        const double w = (lt - log_t[seg]) / (log_t[seg + 1] - log_t[seg]);
        ImpedanceTensor out;
        for (std::size_t j = 0; j < 4; ++j) {
            const double a0 = log_abs[seg][j];
            const double a1 = log_abs[seg + 1][j];
            if (std::isfinite(a0) && std::isfinite(a1)) {
                out[j] = std::polar(std::exp(a0 + w * (a1 - a0)),
                                    phase[seg][j] + w * (phase[seg + 1][j] - phase[seg][j]));
            } else {
                out[j] = z[seg][j] + w * (z[seg + 1][j] - z[seg][j]);
            }
        }
        return out;
    }

    /// 1-D ratio Z_1D(f)/Z_1D(f_edge).
    [[nodiscard]] cplx ratio(double f, double f_edge) const {
        if (extension) {
            return extension->impedance_ohm(f) / extension->impedance_ohm(f_edge);
        }
        return {std::sqrt(f / f_edge), 0.0};  // a half-space of any resistivity
    }

    [[nodiscard]] static ImpedanceTensor scaled(const ImpedanceTensor& z, cplx r) {
        return {z[0] * r, z[1] * r, z[2] * r, z[3] * r};
    }
};

MtImpedance::MtImpedance(const MtSite& site, const EarthModel* extension) : m_impl(std::make_unique<Impl>()) {
    const auto fail = [&](const std::string& why) {
        throw InputError(ErrorContext{"earth.mt_site", site.source_path, "", site.id, "Z"}, why);
    };
    const std::size_t n = site.periods_s.size();
    if (n < 2 || site.z.size() != n) {
        fail("an MT site needs at least 2 periods with a tensor each, got " + std::to_string(n) + " periods and " +
             std::to_string(site.z.size()) + " tensors");
    }
    Impl& m = *m_impl;
    m.log_t.resize(n);
    m.log_abs.resize(n);
    m.phase.resize(n);
    m.z = site.z;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = site.periods_s[i];
        if (!(std::isfinite(t) && t > 0.0) || (i > 0 && !(t > site.periods_s[i - 1]))) {
            std::ostringstream why;
            why << "periods must be finite, > 0 and strictly increasing; period " << i << " is " << t << " s";
            fail(why.str());
        }
        m.log_t[i] = std::log(t);
        for (std::size_t j = 0; j < 4; ++j) {
            const cplx v = site.z[i][j];
            if (!std::isfinite(v.real()) || !std::isfinite(v.imag())) {
                std::ostringstream why;
                why << "tensor component " << j << " at period " << t << " s is not finite";
                fail(why.str());
            }
            m.log_abs[i][j] = std::abs(v) > 0.0 ? std::log(std::abs(v)) : -HUGE_VAL;
            double ph = std::arg(v);
            if (i > 0) {
                const double prev = m.phase[i - 1][j];
                ph += two_pi * std::round((prev - ph) / two_pi);
            }
            m.phase[i][j] = ph;
        }
    }
    if (extension != nullptr) {
        m.extension = *extension;
    }
    m.t_min = site.periods_s.front();
    m.t_max = site.periods_s.back();
}

MtImpedance::~MtImpedance() = default;
MtImpedance::MtImpedance(MtImpedance&&) noexcept = default;
MtImpedance& MtImpedance::operator=(MtImpedance&&) noexcept = default;

double MtImpedance::min_period_s() const noexcept { return m_impl->t_min; }
double MtImpedance::max_period_s() const noexcept { return m_impl->t_max; }

ImpedanceTensor MtImpedance::at(double frequency_hz) const {
    const double f = std::abs(frequency_hz);
    if (f == 0.0) {
        return {cplx{}, cplx{}, cplx{}, cplx{}};
    }
    const Impl& m = *m_impl;
    const double t = 1.0 / f;
    if (t <= m.t_min) {
        return Impl::scaled(m.z.front(), m.ratio(f, 1.0 / m.t_min));
    }
    if (t >= m.t_max) {
        return Impl::scaled(m.z.back(), m.ratio(f, 1.0 / m.t_max));
    }
    const double lt = std::log(t);
    const auto it = std::upper_bound(m.log_t.begin(), m.log_t.end(), lt);
    const auto seg = static_cast<std::size_t>(it - m.log_t.begin()) - 1;
    return m.interpolate(std::min(seg, m.log_t.size() - 2), lt);
}

std::vector<ImpedanceTensor> MtImpedance::at(std::span<const double> frequencies_hz) const {
    const Impl& m = *m_impl;
    std::vector<ImpedanceTensor> out(frequencies_hz.size());
    // The extension model's impedance, once for all frequencies outside the measured band.
    std::vector<double> outside_f;
    std::vector<std::size_t> outside_i;
    std::size_t seg = m.log_t.size() - 2;  // periods fall as frequencies rise: walk down from the top
    for (std::size_t k = 0; k < frequencies_hz.size(); ++k) {
        const double f = std::abs(frequencies_hz[k]);
        if (f == 0.0) {
            out[k] = {cplx{}, cplx{}, cplx{}, cplx{}};
            continue;
        }
        const double t = 1.0 / f;
        if (t <= m.t_min || t >= m.t_max) {
            outside_f.push_back(f);
            outside_i.push_back(k);
            continue;
        }
        const double lt = std::log(t);
        if (lt < m.log_t[seg] || lt > m.log_t[seg + 1]) {
            if (lt < m.log_t[seg] && seg > 0 && lt >= m.log_t[seg - 1]) {
                --seg;  // the next bin of an ascending frequency list
            } else {
                const auto it = std::upper_bound(m.log_t.begin(), m.log_t.end(), lt);
                seg = std::min(static_cast<std::size_t>(it - m.log_t.begin()) - 1, m.log_t.size() - 2);
            }
        }
        out[k] = m.interpolate(seg, lt);
    }
    if (!outside_f.empty()) {
        const double f_low = 1.0 / m.t_max;
        const double f_high = 1.0 / m.t_min;
        cplx z_low{1.0, 0.0};
        cplx z_high{1.0, 0.0};
        std::vector<cplx> z1d;
        if (m.extension) {
            z1d = m.extension->impedance_ohm(outside_f);
            z_low = m.extension->impedance_ohm(f_low);
            z_high = m.extension->impedance_ohm(f_high);
        }
        for (std::size_t q = 0; q < outside_f.size(); ++q) {
            const double f = outside_f[q];
            const bool low = 1.0 / f >= m.t_max;
            const double f_edge = low ? f_low : f_high;
            const cplx r = m.extension ? z1d[q] / (low ? z_low : z_high) : cplx{std::sqrt(f / f_edge), 0.0};
            out[outside_i[q]] = Impl::scaled(low ? m.z.back() : m.z.front(), r);
        }
    }
    return out;
}

}  // namespace swx
