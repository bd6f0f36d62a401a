// MT impedance tensors: interpolation in log period, extension with a 1-D model (mt_site.hpp).
//
// Each component Z_ij is held as (log|Z_ij|, unwrapped arg Z_ij) at its own finite (measured) log
// periods — a NaN component at a period is not measured and skipped — and interpolated linearly in log T; a power law Z ∝ T^a·e^{iφ} (a uniform half-space: |Z| ∝ T^{-1/2},
// φ = 45°) is reproduced exactly. A component that is exactly 0 at a measured period (Z_xx, Z_yy of a
// 1-D tensor) has no logarithm; a segment with a zero end is interpolated linearly in the complex value
// instead (0 between two zeros). Beyond a component's finite periods its edge value is scaled by the 1-D
// ratio Z_1D(f)/Z_1D(f_edge) with that component's own edge, so each component is continuous at its edge.
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

namespace {
/// One component over its own finite periods.
struct Component {
    std::vector<double> log_t;    // ascending
    std::vector<double> log_abs;  // −inf where |Z| = 0
    std::vector<double> phase;    // unwrapped along the component's periods
    std::vector<cplx> z;
    double t_min = 0;  // 0 for a component with no finite period (Z = 0)
    double t_max = 0;
    cplx z1d_low{1.0, 0.0};   // extension model at 1/t_max
    cplx z1d_high{1.0, 0.0};  // extension model at 1/t_min

    [[nodiscard]] bool empty() const noexcept { return z.empty(); }
    [[nodiscard]] bool inside(double t) const noexcept { return t > t_min && t < t_max; }

    /// Z at log period lt inside (log_t.front(), log_t.back()); `seg` is the bracketing segment.
    [[nodiscard]] cplx interpolate(std::size_t seg, double lt) const {
        const double w = (lt - log_t[seg]) / (log_t[seg + 1] - log_t[seg]);
        const double a0 = log_abs[seg];
        const double a1 = log_abs[seg + 1];
        if (std::isfinite(a0) && std::isfinite(a1)) {
            return std::polar(std::exp(a0 + w * (a1 - a0)), phase[seg] + w * (phase[seg + 1] - phase[seg]));
        }
        return z[seg] + w * (z[seg + 1] - z[seg]);
    }

    [[nodiscard]] std::size_t segment_of(double lt) const {
        const auto it = std::upper_bound(log_t.begin(), log_t.end(), lt);
        return std::min(static_cast<std::size_t>(it - log_t.begin()) - 1, log_t.size() - 2);
    }

    /// Z outside the component's periods at frequency f; `z1d` the extension model's impedance at f
    /// (ignored without a model).
    [[nodiscard]] cplx extended(double f, cplx z1d, bool have_model) const {
        const bool low = 1.0 / f >= t_max;
        const double f_edge = low ? 1.0 / t_max : 1.0 / t_min;
        const cplx r = have_model ? z1d / (low ? z1d_low : z1d_high) : cplx{std::sqrt(f / f_edge), 0.0};
        return (low ? z.back() : z.front()) * r;
    }
};

}  // namespace

struct MtImpedance::Impl {
    std::array<Component, 4> c;
    std::optional<EarthModel> extension;
    double t_min = 0;
    double t_max = 0;
    double inner_t_min = 0;  // a period inside every non-empty component's range: t in (inner_t_min, inner_t_max)
    double inner_t_max = 0;
};

MtImpedance::MtImpedance(const MtSite& site, const EarthModel* extension) : m_impl(std::make_unique<Impl>()) {
    const auto fail = [&](const std::string& why) {
        throw InputError(ErrorContext{"earth.mt_site", site.source_path, "", site.id, "Z"}, why);
    };
    static const std::array<const char*, 4> names{"Zxx", "Zxy", "Zyx", "Zyy"};
    const std::size_t n = site.periods_s.size();
    if (n < 2 || site.z.size() != n) {
        fail("an MT site needs at least 2 periods with a tensor each, got " + std::to_string(n) + " periods and " +
             std::to_string(site.z.size()) + " tensors");
    }
    Impl& m = *m_impl;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = site.periods_s[i];
        if (!(std::isfinite(t) && t > 0.0) || (i > 0 && !(t > site.periods_s[i - 1]))) {
            std::ostringstream why;
            why << "periods must be finite, > 0 and strictly increasing; period " << i << " is " << t << " s";
            fail(why.str());
        }
        for (std::size_t j = 0; j < 4; ++j) {
            const cplx v = site.z[i][j];
            if (std::isnan(v.real()) || std::isnan(v.imag())) {
                continue;  // not measured at this period
            }
            if (!std::isfinite(v.real()) || !std::isfinite(v.imag())) {
                std::ostringstream why;
                why << names[j] << " at period " << t << " s is infinite (NaN marks a value not measured)";
                fail(why.str());
            }
            Component& cj = m.c[j];
            double ph = std::arg(v);
            if (!cj.phase.empty()) {
                ph += two_pi * std::round((cj.phase.back() - ph) / two_pi);
            }
            cj.log_t.push_back(std::log(t));
            cj.log_abs.push_back(std::abs(v) > 0.0 ? std::log(std::abs(v)) : -HUGE_VAL);
            cj.phase.push_back(ph);
            cj.z.push_back(v);
            if (cj.z.size() == 1) {
                cj.t_min = t;
            }
            cj.t_max = t;
        }
    }
    for (const std::size_t j : {std::size_t{1}, std::size_t{2}}) {
        if (m.c[j].empty()) {
            fail(std::string(names[j]) + " has no finite value at any of the " + std::to_string(n) +
                 " periods: E would lack its main part");
        }
    }
    if (extension != nullptr) {
        m.extension = *extension;
    }
    m.t_min = HUGE_VAL;
    m.t_max = 0.0;
    m.inner_t_min = 0.0;
    m.inner_t_max = HUGE_VAL;
    for (Component& cj : m.c) {
        if (cj.empty()) {
            continue;
        }
        m.t_min = std::min(m.t_min, cj.t_min);
        m.t_max = std::max(m.t_max, cj.t_max);
        m.inner_t_min = std::max(m.inner_t_min, cj.t_min);
        m.inner_t_max = std::min(m.inner_t_max, cj.t_max);
        if (m.extension) {
            cj.z1d_low = m.extension->impedance_ohm(1.0 / cj.t_max);
            cj.z1d_high = m.extension->impedance_ohm(1.0 / cj.t_min);
        }
    }
}

MtImpedance::~MtImpedance() = default;
MtImpedance::MtImpedance(MtImpedance&&) noexcept = default;
MtImpedance& MtImpedance::operator=(MtImpedance&&) noexcept = default;

double MtImpedance::min_period_s() const noexcept { return m_impl->t_min; }
double MtImpedance::max_period_s() const noexcept { return m_impl->t_max; }
double MtImpedance::min_period_s(std::size_t component) const { return m_impl->c.at(component).t_min; }
double MtImpedance::max_period_s(std::size_t component) const { return m_impl->c.at(component).t_max; }

ImpedanceTensor MtImpedance::at(double frequency_hz) const {
    const double f = std::abs(frequency_hz);
    ImpedanceTensor out{};
    if (f == 0.0) {
        return out;
    }
    const Impl& m = *m_impl;
    const double t = 1.0 / f;
    const double lt = std::log(t);
    const bool have_model = m.extension.has_value();
    std::optional<cplx> z1d;  // the extension model at f, evaluated once if any component needs it
    for (std::size_t j = 0; j < 4; ++j) {
        const Component& cj = m.c[j];
        if (cj.empty()) {
            continue;
        }
        if (cj.inside(t)) {
            out[j] = cj.interpolate(cj.segment_of(lt), lt);
            continue;
        }
        if (have_model && !z1d) {
            z1d = m.extension->impedance_ohm(f);
        }
        out[j] = cj.extended(f, z1d.value_or(cplx{}), have_model);
    }
    return out;
}

std::vector<ImpedanceTensor> MtImpedance::at(std::span<const double> frequencies_hz) const {
    const Impl& m = *m_impl;
    const std::size_t n = frequencies_hz.size();
    std::vector<ImpedanceTensor> out(n);
    std::vector<double> lt(n);
    // The extension model's impedance, once for all frequencies outside some component's periods.
    std::vector<double> outside_f;
    std::vector<std::size_t> outside_q(n, 0);  // index into outside_f
    for (std::size_t k = 0; k < n; ++k) {
        const double f = std::abs(frequencies_hz[k]);
        if (f == 0.0) {
            continue;
        }
        const double t = 1.0 / f;
        lt[k] = std::log(t);
        if (!(t > m.inner_t_min && t < m.inner_t_max)) {
            outside_q[k] = outside_f.size();
            outside_f.push_back(f);
        }
    }
    const bool have_model = m.extension.has_value();
    std::vector<cplx> z1d;
    if (have_model && !outside_f.empty()) {
        z1d = m.extension->impedance_ohm(outside_f);
    }
    for (std::size_t j = 0; j < 4; ++j) {
        const Component& cj = m.c[j];
        if (cj.empty()) {
            continue;  // 0
        }
        std::size_t seg = cj.log_t.size() >= 2 ? cj.log_t.size() - 2 : 0;  // walk down from the top
        for (std::size_t k = 0; k < n; ++k) {
            const double f = std::abs(frequencies_hz[k]);
            if (f == 0.0) {
                continue;
            }
            const double t = 1.0 / f;
            if (!cj.inside(t)) {
                out[k][j] = cj.extended(f, have_model ? z1d[outside_q[k]] : cplx{}, have_model);
                continue;
            }
            const double l = lt[k];
            if (l < cj.log_t[seg] || l > cj.log_t[seg + 1]) {
                if (l < cj.log_t[seg] && seg > 0 && l >= cj.log_t[seg - 1]) {
                    --seg;  // the next bin of an ascending frequency list
                } else {
                    seg = cj.segment_of(l);
                }
            }
            out[k][j] = cj.interpolate(seg, l);
        }
    }
    return out;
}

}  // namespace swx
