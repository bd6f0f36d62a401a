#include <swx/core/efield/return_level.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/efield.hpp>

#include <algorithm>
#include <cstdio>
#include <complex>
#include <cmath>
#include <utility>

namespace swx {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

Banded nan_band() { return {nan_v, nan_v, nan_v}; }

Banded scaled(const Banded& a, const Banded& b) { return {a.value * b.value, a.lo * b.lo, a.hi * b.hi}; }


/// Period at which the log-log curve (t[i], v(i)) reaches e; extrapolated along the end segments.
template <class Value>
std::pair<double, bool> period_at(const std::vector<double>& t, Value v, double e) {
    if (std::isnan(e) || t.empty() || std::isnan(v(0))) {
        return {nan_v, false};
    }
    if (!(e > 0.0)) {
        return {1.0, true};
    }
    if (std::isinf(e)) {
        return {max_return_period_years, true};
    }
    const std::size_t n = t.size();
    auto along = [&](std::size_t i) {  // segment i..i+1
        const double slope = (std::log(v(i + 1)) - std::log(v(i))) / (std::log(t[i + 1]) - std::log(t[i]));
        if (!(slope > 0.0)) {
            return e > v(i) ? INFINITY : t[i];
        }
        return std::exp(std::log(t[i]) + (std::log(e) - std::log(v(i))) / slope);
    };
    double years = 0.0;
    bool extrapolated = false;
    if (n == 1) {
        years = e <= v(0) ? t[0] : INFINITY;
        extrapolated = e != v(0);
    } else if (e < v(0) * (1.0 - 1e-12)) {
        years = along(0);
        extrapolated = true;
    } else if (e > v(n - 1) * (1.0 + 1e-12)) {
        years = along(n - 2);
        extrapolated = true;
    } else {
        std::size_t i = 0;
        while (i + 2 < n && v(i + 1) < e) {
            ++i;
        }
        years = v(i + 1) == v(i) ? t[i] : std::clamp(along(i), t[i], t[i + 1]);
    }
    return {std::clamp(years, 1.0, max_return_period_years), extrapolated || years < 1.0 || years > max_return_period_years};
}

}  // namespace

Banded largest_term(const TermFields& t) {
    Banded out{0.0, 0.0, 0.0};
    for (const Banded& x : {t.auroral, t.sudden_commencement, t.main_phase}) {
        out.value = std::max(out.value, x.value);
        out.lo = std::max(out.lo, x.lo);
        out.hi = std::max(out.hi, x.hi);
    }
    return out;
}

bool term_supported(const std::string& term, double dipole_lat_deg, const DriverProfile& profile, const StormTerms& terms) {
    return term == "auroral"               ? profile.supported(dipole_lat_deg)
           : term == "sudden_commencement" ? terms.sudden_commencement.supported(dipole_lat_deg)
                                           : terms.main_phase.supported(dipole_lat_deg);
}

std::string dominant_term_name(const TermFields& t) {
    if (std::isnan(t.auroral.value)) {
        return "";
    }
    if (t.sudden_commencement.value > t.auroral.value && t.sudden_commencement.value >= t.main_phase.value) {
        return "sudden_commencement";
    }
    if (t.main_phase.value > t.auroral.value) {
        return "main_phase";
    }
    return "auroral";
}

Banded HazardCurve::e_at(double return_period_years) const {
    if (e_v_per_km.empty() || std::isnan(e_v_per_km.front().value) || !(return_period_years > 0.0)) {
        return nan_band();
    }
    for (std::size_t i = 0; i < periods_years.size(); ++i) {
        if (periods_years[i] == return_period_years) {
            return e_v_per_km[i];  // a tabulated period: no interpolation
        }
    }
    if (periods_years.size() == 1) {
        return e_v_per_km.front();
    }
    const double lt = std::log(return_period_years);
    std::size_t i = 0;
    while (i + 2 < periods_years.size() && std::log(periods_years[i + 1]) < lt) {
        ++i;
    }
    const double f = (lt - std::log(periods_years[i])) / (std::log(periods_years[i + 1]) - std::log(periods_years[i]));
    auto lerp = [f](double a, double b) { return std::exp(std::log(a) + f * (std::log(b) - std::log(a))); };
    const Banded& a = e_v_per_km[i];
    const Banded& b = e_v_per_km[i + 1];
    return {lerp(a.value, b.value), lerp(a.lo, b.lo), lerp(a.hi, b.hi)};
}

std::string format_return_period_years(double years) {
    if (std::isnan(years)) {
        return "–";
    }
    if (years <= 1.0) {
        return "≤ 1";
    }
    auto grouped = [](long long r) {
        const std::string digits = std::to_string(r);
        std::string out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) {
                out += ',';
            }
            out += digits[i];
        }
        return out;
    };
    if (years >= max_return_period_years) {
        return "> " + grouped(static_cast<long long>(max_return_period_years));
    }
    if (years < 10.0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", years);
        return buf;
    }
    const double mag = std::pow(10.0, std::floor(std::log10(years)) - 1.0);
    return grouped(std::llround(std::round(years / mag) * mag));
}

double ReturnPeriod::annual_probability() const {
    if (std::isnan(years)) {
        return nan_v;
    }
    return -std::expm1(-1.0 / years);
}

ReturnPeriod return_period_of(const HazardCurve& curve, double e_v_per_km) {
    ReturnPeriod r;
    const auto& e = curve.e_v_per_km;
    if (e.size() != curve.periods_years.size()) {
        return r;
    }
    const auto c = period_at(curve.periods_years, [&](std::size_t i) { return e[i].value; }, e_v_per_km);
    r.years = c.first;
    r.extrapolated = c.second;
    r.lo_years = period_at(curve.periods_years, [&](std::size_t i) { return e[i].hi; }, e_v_per_km).first;
    r.hi_years = period_at(curve.periods_years, [&](std::size_t i) { return e[i].lo; }, e_v_per_km).first;
    return r;
}

void ReturnPeriodSettings::validate() const {
    if (report_periods_years.empty()) {
        throw ConfigError({"hazard", "", "", "", "storm.return_periods_years"}, "give at least one return period");
    }
    for (const double t : report_periods_years) {
        if (!(t >= 1.0 && t <= max_tabulated_period_years) || std::floor(t) != t) {
            throw ConfigError({"hazard", "", "", "", "storm.return_periods_years"},
                              "expected whole numbers of years from 1 to 100000, got " + format_number(t));
        }
    }
    for (std::size_t i = 0; i < report_periods_years.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (report_periods_years[i] == report_periods_years[j]) {
                throw ConfigError({"hazard", "", "", "", "storm.return_periods_years"},
                                  "return period " + format_number(report_periods_years[i]) + " is listed twice");
            }
        }
    }
    if (!(threshold_a > 0.0) || !std::isfinite(threshold_a)) {
        throw ConfigError({"hazard", "", "", "", "storm.threshold_a"}, "expected a current > 0 A per phase, got " + format_number(threshold_a));
    }
    if (!(no_grid_e_star_v_per_km > 0.0) || !std::isfinite(no_grid_e_star_v_per_km)) {
        throw ConfigError({"hazard", "", "", "", "storm.e_star_v_per_km"},
                          "expected a field > 0 V/km, got " + format_number(no_grid_e_star_v_per_km));
    }
}

double rise_response_v_per_km_per_nt(const EarthModel& model, double rise_s) {
    // The rise B(t) = (1 − cos(πt/τ))/2 nT on [0, τ] is evaluated by the continuous Fourier integral
    //   E(t) = (1/π) Re ∫_0^∞ K(ω) · Ḃ(ω)/(iω) · e^{iωt} dω,   Ḃ(ω) = (π/2τ)·a(1 + e^{−iωτ})/(a² − ω²), a = π/τ,
    // with K = Z/μ0 in (mV/km)/nT: no FFT period, so no wrap-around of the ground's long t^(−1/2) memory
    // (a finite record would need hundreds of rise times to keep it below a per cent).
    const double tau = rise_s;
    const double a = M_PI / tau;
    auto bdot = [&](double w) {
        const std::complex<double> num = a * (1.0 + std::exp(std::complex<double>(0.0, -w * tau)));
        const double den = a * a - w * w;
        if (std::fabs(den) < 1e-6 * a * a) {
            return std::complex<double>(0.0, -tau / 2.0) * (M_PI / (2.0 * tau));  // the limit at ω = a
        }
        return num / den * (M_PI / (2.0 * tau));
    };
    // Low frequencies (ωτ < 0.05: no oscillation over the window) in log ω; above, linear in ω to 100/τ.
    std::vector<double> w;
    std::vector<double> weight;
    const double w_split = 0.05 / tau;
    const int n_log = 400;
    const double u0 = std::log(1e-7 / tau);
    const double u1 = std::log(w_split);
    for (int i = 0; i < n_log; ++i) {
        const double u = u0 + (i + 0.5) * (u1 - u0) / n_log;
        w.push_back(std::exp(u));
        weight.push_back(std::exp(u) * (u1 - u0) / n_log);
    }
    const double w_max = 100.0 / tau;
    const double dw = 0.02 / tau;
    for (double x = w_split + 0.5 * dw; x < w_max; x += dw) {
        w.push_back(x);
        weight.push_back(dw);
    }
    std::vector<double> f(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        f[i] = w[i] / (2.0 * M_PI);
    }
    const std::vector<std::complex<double>> z = model.impedance_ohm(f);
    std::vector<std::complex<double>> g(w.size());
    constexpr double mu0 = 4.0e-7 * M_PI;
    for (std::size_t i = 0; i < w.size(); ++i) {
        g[i] = z[i] / mu0 * 1e-9 * bdot(w[i]) / std::complex<double>(0.0, w[i]) * weight[i];  // V/m per nT
    }
    // E at t_k = k·3τ/300: each term turns by e^{iωΔt} per step (a rotation, renormalised every 50 steps).
    const double dt = 3.0 * tau / 300.0;
    std::vector<std::complex<double>> step(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        step[i] = std::exp(std::complex<double>(0.0, w[i] * dt));
    }
    double best = 0.0;
    for (int k = 1; k <= 300; ++k) {
        double sum = 0.0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            g[i] *= step[i];
            sum += g[i].real();
        }
        if (k % 50 == 0) {
            for (std::size_t i = 0; i < w.size(); ++i) {
                g[i] = std::abs(z[i] / mu0 * 1e-9 * bdot(w[i]) / std::complex<double>(0.0, w[i]) * weight[i]) * g[i] / std::abs(g[i]);
            }
        }
        best = std::max(best, std::fabs(sum / M_PI) * 1000.0);  // V/km
    }
    return best;
}

ReturnLevelHazard::ReturnLevelHazard(const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole,
                                     DipLatitudeFn dip_latitude, const DriverProfile& profile, const StormTerms& terms,
                                     ReturnPeriodSettings settings)
    : m_ground(ground),
      m_betas(betas),
      m_dipole(dipole),
      m_dip_latitude(std::move(dip_latitude)),
      m_profile(profile),
      m_terms(terms),
      m_settings(std::move(settings)) {
    m_settings.validate();
    const AuroralCalibration& cal = m_terms.auroral;
    m_auroral_scale = cal.reference_e_v_per_km / m_profile.level(cal.reference_dipole_lat_deg, cal.reference_period_years).value;
    const StormTerm& sc = m_terms.sudden_commencement;
    const StormTerm& mp = m_terms.main_phase;
    const std::vector<double>& periods = m_profile.return_periods_years();
    for (const double t : periods) {
        m_sc_at_periods.push_back(sc.amplitude(sc.ref_dipole_lat_deg, t));
        m_mp_at_periods.push_back(mp.amplitude(mp.ref_dipole_lat_deg, t));
    }
    m_cos_sc_ref = std::cos(sc.ref_dipole_lat_deg * M_PI / 180.0);
    m_cos_mp_ref = std::cos(mp.ref_dipole_lat_deg * M_PI / 180.0);
    m_reference_index = static_cast<std::size_t>(std::find(periods.begin(), periods.end(), m_settings.reference_period_years) - periods.begin());
    const NamedStorm& named = named_storms().front();
    for (const auto& name : ground.model_names()) {
        if (!ground.library().contains(name)) {
            throw InputError({"hazard", "", "", name, "model"},
                             "earth model '" + name + "' has a NERC beta but no layered model file: the return-period hazard needs the "
                             "model's impedance for its sudden-commencement and main-phase terms (give a model file, or use a NERC "
                             "scenario)");
        }
        const EarthModel& m = ground.library().find(name);
        ModelData d;
        d.beta = betas.beta(name);
        // lo: the slowest rise (smallest field), hi: the fastest.
        d.response.sc_v_per_km_per_nt = {rise_response_v_per_km_per_nt(m, sc.rise_time_s.value),
                                         rise_response_v_per_km_per_nt(m, sc.rise_time_s.hi),
                                         rise_response_v_per_km_per_nt(m, sc.rise_time_s.lo)};
        d.response.mp_v_per_km_per_nt = {rise_response_v_per_km_per_nt(m, mp.rise_time_s.value),
                                         rise_response_v_per_km_per_nt(m, mp.rise_time_s.hi),
                                         rise_response_v_per_km_per_nt(m, mp.rise_time_s.lo)};
        d.response.named_mp_v_per_km_per_nt = {rise_response_v_per_km_per_nt(m, named.main_phase_rise_s.value),
                                               rise_response_v_per_km_per_nt(m, named.main_phase_rise_s.hi),
                                               rise_response_v_per_km_per_nt(m, named.main_phase_rise_s.lo)};
        m_models.emplace(name, d);
    }
}

const ReturnLevelHazard::ModelData& ReturnLevelHazard::data_for(const std::string& model) const {
    const auto it = m_models.find(model);
    if (it == m_models.end()) {
        throw InputError({"hazard", "", "", model, "model"}, "earth model '" + model + "' is not one of the study's ground");
    }
    return it->second;
}

TermFields ReturnLevelHazard::terms_at(GeoPoint p, const std::string& earth_model, double return_period_years,
                                       const NamedStorm* storm) const {
    const double lat = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
    return terms_for(lat, m_dip_latitude ? m_dip_latitude(p) : lat, data_for(earth_model), return_period_years, storm);
}

TermFields ReturnLevelHazard::terms_for(double lat, double dip_lat, const ModelData& d, double return_period_years,
                                        const NamedStorm* storm) const {
    TermFields t;
    if (std::isnan(lat)) {
        return {nan_band(), nan_band(), nan_band()};
    }
    const double t_aur = storm != nullptr ? storm->auroral_return_period_years : return_period_years;
    const Banded dbdt = m_profile.level(lat, t_aur);
    const double k = m_auroral_scale * d.beta;
    t.auroral = {k * dbdt.value, k * dbdt.lo, k * dbdt.hi};
    const Banded eej = m_terms.electrojet.factor(dip_lat);
    const StormTerm& sc = m_terms.sudden_commencement;
    const StormTerm& mp = m_terms.main_phase;
    Banded sc_amp = sc.amplitude(lat, return_period_years);
    Banded mp_amp = mp.amplitude(lat, return_period_years);
    Banded mp_response = d.response.mp_v_per_km_per_nt;
    if (storm != nullptr) {
        const double c_sc = std::fabs(std::cos(lat * M_PI / 180.0) / std::cos(sc.ref_dipole_lat_deg * M_PI / 180.0));
        sc_amp = {storm->sc_amplitude_nt.value * c_sc, storm->sc_amplitude_nt.lo * c_sc, storm->sc_amplitude_nt.hi * c_sc};
        const double c_mp = std::fabs(std::cos(lat * M_PI / 180.0));  // |Dst| is the equatorial depression
        mp_amp = {storm->main_phase_nt.value * c_mp, storm->main_phase_nt.lo * c_mp, storm->main_phase_nt.hi * c_mp};
        mp_response = d.response.named_mp_v_per_km_per_nt;
    }
    t.sudden_commencement = scaled(scaled(sc_amp, d.response.sc_v_per_km_per_nt), eej);
    t.main_phase = scaled(mp_amp, mp_response);
    return t;
}

double ReturnLevelHazard::level_v_per_km(GeoPoint p, const std::string& earth_model, double return_period_years) const {
    return level_band_v_per_km(p, earth_model, return_period_years).value;
}

Banded ReturnLevelHazard::level_band_v_per_km(GeoPoint p, const std::string& earth_model, double return_period_years) const {
    return largest_term(terms_at(p, earth_model, return_period_years));
}

HazardCurve ReturnLevelHazard::curve(GeoPoint p) const {
    HazardCurve c;
    c.periods_years = m_profile.return_periods_years();
    if (!p.valid()) {
        return c;
    }
    c.dipole_lat_deg = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
    c.dip_lat_deg = m_dip_latitude ? m_dip_latitude(p) : c.dipole_lat_deg;
    const EarthModel* model = m_ground.model_at(p);
    if (model == nullptr) {
        c.e_v_per_km.assign(c.periods_years.size(), nan_band());
        return c;
    }
    c.earth_model = model->name();
    const ModelData& d = data_for(c.earth_model);
    c.beta = d.beta;
    const Banded eej = m_terms.electrojet.factor(c.dip_lat_deg);
    c.electrojet_factor = eej.value;
    // The terms at the tabulated periods, with everything that depends only on the point computed once
    // (the same numbers as terms_for(), which the tests check).
    const std::size_t np = c.periods_years.size();
    std::vector<Banded> dbdt(np);
    m_profile.levels_at(c.dipole_lat_deg, dbdt);
    const double cos_lat = std::fabs(std::cos(c.dipole_lat_deg * M_PI / 180.0));
    const double c_sc = cos_lat / std::fabs(m_cos_sc_ref);
    const double c_mp = cos_lat / std::fabs(m_cos_mp_ref);
    const double k = m_auroral_scale * d.beta;
    c.terms.resize(np);
    c.e_v_per_km.resize(np);
    for (std::size_t i = 0; i < np; ++i) {
        TermFields& f = c.terms[i];
        f.auroral = {k * dbdt[i].value, k * dbdt[i].lo, k * dbdt[i].hi};
        const Banded sc{m_sc_at_periods[i].value * c_sc, m_sc_at_periods[i].lo * c_sc, m_sc_at_periods[i].hi * c_sc};
        f.sudden_commencement = scaled(scaled(sc, d.response.sc_v_per_km_per_nt), eej);
        const Banded mp{m_mp_at_periods[i].value * c_mp, m_mp_at_periods[i].lo * c_mp, m_mp_at_periods[i].hi * c_mp};
        f.main_phase = scaled(mp, d.response.mp_v_per_km_per_nt);
        c.e_v_per_km[i] = largest_term(f);
    }
    c.reference_terms = m_reference_index < np ? c.terms[m_reference_index]
                                               : terms_for(c.dipole_lat_deg, c.dip_lat_deg, d, m_settings.reference_period_years, nullptr);
    c.dominant_term = dominant_term_name(c.reference_terms);
    const double lat = c.dipole_lat_deg;
    c.unvalidated_latitude = !term_supported(c.dominant_term, lat, m_profile, m_terms);
    return c;
}

PointHazard ReturnLevelHazard::at(GeoPoint p) const {
    PointHazard h;
    if (!p.valid()) {
        return h;
    }
    h.geomagnetic_lat_deg = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
    h.alpha = nerc_alpha(h.geomagnetic_lat_deg);
    if (const EarthModel* m = m_ground.model_at(p)) {
        h.earth_model = m->name();
        h.beta = data_for(h.earth_model).beta;
        h.e_peak_v_per_km = level_v_per_km(p, h.earth_model, m_settings.reference_period_years);
    }
    return h;
}

double ReturnLevelHazard::e_peak_v_per_km(GeoPoint p) const {
    if (!p.valid()) {
        return nan_v;
    }
    const EarthModel* m = m_ground.model_at(p);
    return m == nullptr ? nan_v : level_v_per_km(p, m->name(), m_settings.reference_period_years);
}

std::string ReturnLevelHazard::description() const {
    return format_number(m_settings.reference_period_years) + "-year return level of the peak geoelectric field (hazard model, "
           "largest of the auroral, sudden-commencement and main-phase terms)";
}

NamedStormHazard::NamedStormHazard(const NamedStorm& storm, const Ground& ground, const BetaResolver& betas,
                                   const DipoleCoefficients& dipole, DipLatitudeFn dip_latitude, const DriverProfile& profile,
                                   const StormTerms& terms)
    : m_storm(storm), m_ground(ground), m_levels(ground, betas, dipole, std::move(dip_latitude), profile, terms, {}) {}

TermFields NamedStormHazard::terms_at(GeoPoint p, std::string* model) const {
    const EarthModel* m = p.valid() ? m_ground.model_at(p) : nullptr;
    if (m == nullptr) {
        return {nan_band(), nan_band(), nan_band()};
    }
    if (model != nullptr) {
        *model = m->name();
    }
    return m_levels.terms_at(p, m->name(), m_storm.auroral_return_period_years, &m_storm);
}

double NamedStormHazard::level_v_per_km(GeoPoint p, const std::string& earth_model) const {
    return level_band_v_per_km(p, earth_model).value;
}

Banded NamedStormHazard::level_band_v_per_km(GeoPoint p, const std::string& earth_model) const {
    return largest_term(m_levels.terms_at(p, earth_model, m_storm.auroral_return_period_years, &m_storm));
}

PointHazard NamedStormHazard::at(GeoPoint p) const {
    PointHazard h = m_levels.at(p);
    if (!h.earth_model.empty()) {
        h.e_peak_v_per_km = level_v_per_km(p, h.earth_model);
    }
    return h;
}

double NamedStormHazard::e_peak_v_per_km(GeoPoint p) const {
    const EarthModel* m = p.valid() ? m_ground.model_at(p) : nullptr;
    return m == nullptr ? nan_v : level_v_per_km(p, m->name());
}

std::string NamedStormHazard::description() const {
    return "named storm " + m_storm.name + " (largest of the auroral, sudden-commencement and main-phase terms)";
}

}  // namespace swx
