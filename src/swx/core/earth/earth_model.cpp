// Plane-wave surface impedance of a 1-D layered earth.
//
// Design notes
// ------------
// The recursion is the one of GEOELECTRIC.md §3.1 (NERC GIC Application Guide 2013 eqs. 5–7; bezpy
// Site1d.calcZ), e^{+iωt} convention, layers n = 1..N over the half-space N+1:
//
//     k_n = sqrt(iωμ0σ_n),   Z_{N+1} = iωμ0/k_{N+1},
//     r_n = (1 − k_n Z_{n+1}/(iωμ0)) / (1 + k_n Z_{n+1}/(iωμ0)),
//     Z_n = iωμ0 (1 − r_n e^{−2k_n d_n}) / (k_n (1 + r_n e^{−2k_n d_n})).
//
// Writing ζ_n = iωμ0/k_n (the intrinsic impedance of layer n) the same step reads
// r_n = (ζ_n − Z_{n+1})/(ζ_n + Z_{n+1}), Z_n = ζ_n (1 − r_n e_n)/(1 + r_n e_n), e_n = e^{−2k_n d_n}.
//
// Robustness and speed:
//  * Only e^{−2kd} appears (|e| ≤ 1 because Re k > 0), never e^{+kd}, so a 230 km layer at 10 Hz or a
//    sea-water-like conductor underflows to 0 instead of overflowing; |r| ≤ 1 for passive media.
//  * k = sqrt(ωμ0σ/2)·(1 + i) exactly, so no complex sqrt is needed; e_n = e^{−a}(cos a − i sin a) with
//    a = 2·Re(k)·d; all layer constants are computed once per call of the batch overload.
//  * Below a depth where the accumulated attenuation Σ 2·Re(k_n)·d_n exceeds 40 nepers the deeper
//    structure changes Z_1 by less than about e^{−40} ≈ 4e-18 relative (each step damps a perturbation of
//    Z_{n+1} by about |e_n|), so the recursion starts at that layer as if it were a half-space. This is
//    exact in double precision and makes high-frequency FFT bins cost a few layers instead of all of
//    them (the E(t) code evaluates Z at ~10^5 bins).
#include <swx/core/earth/earth_model.hpp>

#include <swx/core/base/error.hpp>

#include <cmath>
#include <numbers>
#include <sstream>

namespace swx {
namespace {

constexpr double attenuation_cutoff_neper = 40.0;

void check_positive(double value, std::size_t layer_1based, const char* field, const std::string& model) {
    if (std::isfinite(value) && value > 0.0) {
        return;
    }
    std::ostringstream why;
    why << "must be a finite number > 0, got " << value;
    ErrorContext ctx;
    ctx.stage = "earth model";
    ctx.path = model;
    if (layer_1based > 0) {
        ctx.layer = std::to_string(layer_1based);
    } else {
        ctx.layer = "half-space";
    }
    ctx.field = field;
    throw InputError(ctx, why.str());
}

void check_frequency(double frequency_hz, bool allow_zero) {
    const bool ok = std::isfinite(frequency_hz) && (allow_zero ? frequency_hz >= 0.0 : frequency_hz > 0.0);
    if (!ok) {
        std::ostringstream why;
        why << "frequency must be finite and " << (allow_zero ? ">= 0" : "> 0") << " Hz, got " << frequency_hz;
        throw ModelRangeError(ErrorContext{"earth model", "", "", "", "frequency_hz"}, why.str());
    }
}

}  // namespace

EarthModel::EarthModel(std::string name, std::vector<EarthLayer> layers, double half_space_resistivity_ohm_m,
                       std::string description, std::string source, std::string notes)
    : m_name(std::move(name)),
      m_description(std::move(description)),
      m_source(std::move(source)),
      m_notes(std::move(notes)),
      m_layers(std::move(layers)),
      m_half_space_ohm_m(half_space_resistivity_ohm_m) {
    if (m_name.empty()) {
        throw InputError(ErrorContext{"earth model", "", "", "", "name"}, "model name must not be empty");
    }
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        check_positive(m_layers[i].thickness_m, i + 1, "thickness_m", m_name);
        check_positive(m_layers[i].resistivity_ohm_m, i + 1, "resistivity_ohm_m", m_name);
    }
    check_positive(m_half_space_ohm_m, 0, "half_space_resistivity_ohm_m", m_name);
}

EarthModel EarthModel::uniform(double resistivity_ohm_m, std::string name) {
    return EarthModel(std::move(name), {}, resistivity_ohm_m, "uniform half-space");
}

double EarthModel::depth_to_half_space_m() const noexcept {
    double depth = 0.0;
    for (const auto& layer : m_layers) {
        depth += layer.thickness_m;
    }
    return depth;
}

std::complex<double> EarthModel::impedance_ohm(double frequency_hz) const {
    check_frequency(frequency_hz, true);
    const double f[1] = {frequency_hz};
    return impedance_ohm(std::span<const double>(f))[0];
}

std::vector<std::complex<double>> EarthModel::impedance_ohm(std::span<const double> frequencies_hz) const {
    // Per-layer constants, so that each frequency costs one sqrt and, per layer kept, one exp, one sincos
    // and one division (real arithmetic throughout: no libgcc __muldc3/__divdc3 calls).
    //   Re k_n = c_n·sqrt(ω), c_n = sqrt(μ0/(2ρ_n));   ζ_n = s_n·(1 + i), s_n = q_n·sqrt(ω), q_n = sqrt(μ0ρ_n/2);
    //   a_n = 2·Re k_n·d_n = p_n·sqrt(ω), p_n = 2·c_n·d_n.
    // One step Z_n = ζ_n (1 − r e)/(1 + r e), r = (ζ_n − Z)/(ζ_n + Z), is rewritten with a single division:
    //   Z_n = ζ_n · (ζ_n(1 − e) + Z(1 + e)) / (ζ_n(1 + e) + Z(1 − e)).
    const std::size_t n_layers = m_layers.size();
    std::vector<double> p(n_layers);
    std::vector<double> q(n_layers + 1);
    for (std::size_t n = 0; n < n_layers; ++n) {
        const double rho = m_layers[n].resistivity_ohm_m;
        p[n] = 2.0 * std::sqrt(mu0_h_per_m / (2.0 * rho)) * m_layers[n].thickness_m;
        q[n] = std::sqrt(mu0_h_per_m * rho / 2.0);
    }
    q[n_layers] = std::sqrt(mu0_h_per_m * m_half_space_ohm_m / 2.0);

    std::vector<std::complex<double>> out(frequencies_hz.size());
    for (std::size_t j = 0; j < frequencies_hz.size(); ++j) {
        const double frequency_hz = frequencies_hz[j];
        check_frequency(frequency_hz, true);
        if (frequency_hz == 0.0) {
            out[j] = {0.0, 0.0};
            continue;
        }
        const double sqrt_omega = std::sqrt(2.0 * std::numbers::pi * frequency_hz);
        // Deepest layer that can still influence Z_1 (see the design notes above).
        std::size_t bottom = n_layers;
        double attenuation = 0.0;
        for (std::size_t n = 0; n < n_layers; ++n) {
            attenuation += p[n] * sqrt_omega;
            if (attenuation > attenuation_cutoff_neper) {
                bottom = n;
                break;
            }
        }
        double zr = q[bottom] * sqrt_omega;  // Z = ζ_bottom = s(1 + i)
        double zi = zr;
        for (std::size_t n = bottom; n-- > 0;) {
            const double s = q[n] * sqrt_omega;
            const double a = p[n] * sqrt_omega;
            const double mag = std::exp(-a);
            const double er = mag * std::cos(a);  // e = e^{−a}(cos a − i sin a)
            const double ei = -mag * std::sin(a);
            // ζ(1 ∓ e) with ζ = s(1 + i): s·((1 ∓ er) ∓ ... ) expanded in real arithmetic.
            const double om_r = 1.0 - er, om_i = -ei;  // 1 − e
            const double op_r = 1.0 + er, op_i = ei;   // 1 + e
            // numerator  N = ζ(1 − e) + Z(1 + e);  denominator D = ζ(1 + e) + Z(1 − e)
            const double nr = s * (om_r - om_i) + (zr * op_r - zi * op_i);
            const double ni = s * (om_r + om_i) + (zr * op_i + zi * op_r);
            const double dr = s * (op_r - op_i) + (zr * om_r - zi * om_i);
            const double di = s * (op_r + op_i) + (zr * om_i + zi * om_r);
            const double inv = 1.0 / (dr * dr + di * di);
            const double qr = (nr * dr + ni * di) * inv;  // N/D
            const double qi = (ni * dr - nr * di) * inv;
            zr = s * (qr - qi);  // ζ·(N/D) = s(1 + i)(qr + i qi)
            zi = s * (qr + qi);
        }
        out[j] = {zr, zi};
    }
    return out;
}

namespace {
/// A complex value with its first and second derivatives with respect to one real variable.
struct Jet {
    std::complex<double> v, d, dd;
};
Jet operator+(const Jet& a, const Jet& b) { return {a.v + b.v, a.d + b.d, a.dd + b.dd}; }
Jet operator-(const Jet& a, const Jet& b) { return {a.v - b.v, a.d - b.d, a.dd - b.dd}; }
Jet operator*(const Jet& a, const Jet& b) {
    return {a.v * b.v, a.d * b.v + a.v * b.d, a.dd * b.v + 2.0 * a.d * b.d + a.v * b.dd};
}
Jet operator/(const Jet& a, const Jet& b) {
    const std::complex<double> c = a.v / b.v;
    const std::complex<double> cd = (a.d - c * b.d) / b.v;
    return {c, cd, (a.dd - 2.0 * cd * b.d - c * b.dd) / b.v};
}
Jet operator*(std::complex<double> k, const Jet& a) { return {k * a.v, k * a.d, k * a.dd}; }
Jet jet_exp(const Jet& a) {
    const std::complex<double> e = std::exp(a.v);
    return {e, e * a.d, e * (a.dd + a.d * a.d)};
}
}  // namespace

std::array<std::complex<double>, 3> EarthModel::impedance_jet_ohm(double frequency_hz) const {
    check_frequency(frequency_hz, false);
    // w = sqrt(ω) = sqrt(2πf): w' = w/(2f), w'' = −w/(4f²). The recursion is impedance_ohm()'s with
    // ζ_n = q_n·w·(1 + i), e_n = exp(−(1 + i)·p_n·w), and the same deepest layer (attenuation cutoff).
    const double w0 = std::sqrt(2.0 * std::numbers::pi * frequency_hz);
    const Jet w{w0, w0 / (2.0 * frequency_hz), -w0 / (4.0 * frequency_hz * frequency_hz)};
    const std::complex<double> one_i(1.0, 1.0);
    const std::size_t n_layers = m_layers.size();
    auto p_of = [&](std::size_t n) { return 2.0 * std::sqrt(mu0_h_per_m / (2.0 * m_layers[n].resistivity_ohm_m)) * m_layers[n].thickness_m; };
    auto q_of = [&](std::size_t n) {
        return std::sqrt(mu0_h_per_m * (n < n_layers ? m_layers[n].resistivity_ohm_m : m_half_space_ohm_m) / 2.0);
    };
    std::size_t bottom = n_layers;
    double attenuation = 0.0;
    for (std::size_t n = 0; n < n_layers; ++n) {
        attenuation += p_of(n) * w0;
        if (attenuation > attenuation_cutoff_neper) {
            bottom = n;
            break;
        }
    }
    const Jet one{1.0, 0.0, 0.0};
    Jet z = (q_of(bottom) * one_i) * w;
    for (std::size_t n = bottom; n-- > 0;) {
        const Jet zeta = (q_of(n) * one_i) * w;
        const Jet e = jet_exp((-p_of(n) * one_i) * w);
        const Jet om = one - e;
        const Jet op = one + e;
        z = zeta * ((zeta * om + z * op) / (zeta * op + z * om));
    }
    return {z.v, z.d, z.dd};
}

double EarthModel::apparent_resistivity_ohm_m(double frequency_hz) const {
    check_frequency(frequency_hz, false);
    return std::norm(impedance_ohm(frequency_hz)) / (2.0 * std::numbers::pi * frequency_hz * mu0_h_per_m);
}

double EarthModel::phase_deg(double frequency_hz) const {
    check_frequency(frequency_hz, false);
    return std::arg(impedance_ohm(frequency_hz)) * 180.0 / std::numbers::pi;
}

std::complex<double> EarthModel::transfer_mv_per_km_per_nt(double frequency_hz) const {
    return impedance_ohm(frequency_hz) / mu0_h_per_m * 1e-3;
}

std::vector<ImpedanceSample> impedance_table(const EarthModel& model, std::span<const double> periods_s) {
    std::vector<ImpedanceSample> rows;
    rows.reserve(periods_s.size());
    for (const double period : periods_s) {
        if (!(std::isfinite(period) && period > 0.0)) {
            std::ostringstream why;
            why << "period must be finite and > 0 s, got " << period;
            throw ModelRangeError(ErrorContext{"earth model", model.name(), "", "", "period_s"}, why.str());
        }
        const double f = 1.0 / period;
        const std::complex<double> z = model.impedance_ohm(f);
        const double omega_mu0 = 2.0 * std::numbers::pi * f * mu0_h_per_m;
        rows.push_back(ImpedanceSample{period, f, z, std::norm(z) / omega_mu0,
                                       std::arg(z) * 180.0 / std::numbers::pi, std::abs(z) / mu0_h_per_m * 1e-3});
    }
    return rows;
}

std::vector<double> log_spaced_periods(double min_s, double max_s, std::size_t per_decade) {
    if (!(std::isfinite(min_s) && std::isfinite(max_s) && min_s > 0.0 && max_s >= min_s) || per_decade == 0) {
        std::ostringstream why;
        why << "need 0 < min <= max and at least one period per decade, got min " << min_s << " s, max " << max_s
            << " s, " << per_decade << " per decade";
        throw ModelRangeError(ErrorContext{"earth model", "", "", "", "periods"}, why.str());
    }
    const double decades = std::log10(max_s / min_s);
    const auto steps = static_cast<std::size_t>(std::ceil(decades * static_cast<double>(per_decade) - 1e-9));
    std::vector<double> periods;
    periods.reserve(steps + 1);
    for (std::size_t i = 0; i <= steps; ++i) {
        const double t = steps == 0 ? min_s
                                    : min_s * std::pow(10.0, decades * static_cast<double>(i) / static_cast<double>(steps));
        periods.push_back(t);
    }
    periods.back() = max_s;
    return periods;
}

}  // namespace swx
