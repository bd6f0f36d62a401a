#include <swx/core/storm/hazard_profile.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>

namespace swx {

namespace {

#include <swx/core/storm/hazard_tables.inc>

constexpr const char* stage = "hazard";

/// One data record of a '#'-commented CSV text: its fields and its 1-based line number.
struct Record {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

/// The records after the header line; checks the header names the expected columns, in order.
std::vector<Record> records(std::string_view text, const std::vector<std::string_view>& columns, const std::string& source) {
    std::vector<Record> out;
    bool header = false;
    std::size_t line_no = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string line = trim(text.substr(start, end - start));
        ++line_no;
        start = end + 1;
        if (line.empty() || line.front() == '#') {
            if (end == text.size()) {
                break;
            }
            continue;
        }
        std::vector<std::string> f = split_csv(line);
        if (!header) {
            for (std::size_t i = 0; i < std::max(columns.size(), f.size()); ++i) {
                if (i >= f.size() || i >= columns.size() || f[i] != columns[i]) {
                    std::string want;
                    for (const auto c : columns) {
                        want += (want.empty() ? "" : ",") + std::string(c);
                    }
                    throw InputError({stage, source, "", "line " + std::to_string(line_no), i < f.size() ? f[i] : ""},
                                     "expected exactly the header '" + want + "'");
                }
            }
            header = true;
        } else {
            if (f.size() != columns.size()) {
                throw InputError({stage, source, "", "line " + std::to_string(line_no), ""},
                                 "expected " + std::to_string(columns.size()) + " fields, got " + std::to_string(f.size()));
            }
            out.push_back({line_no, std::move(f)});
        }
        if (end == text.size()) {
            break;
        }
    }
    if (!header) {
        throw InputError({stage, source, "", "", ""}, "no header line (expected the columns of docs/hazard-model.md)");
    }
    return out;
}

/// A finite number from field `i` of `r` (empty allowed when `optional`: NaN).
double number(const Record& r, std::size_t i, std::string_view column, const std::string& source, bool optional = false) {
    const std::string& s = r.fields[i];
    if (s.empty() && optional) {
        return std::nan("");
    }
    double v = 0.0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
        throw InputError({stage, source, "", "line " + std::to_string(r.line), std::string(column)},
                         "expected a finite number, got '" + s + "'");
    }
    return v;
}

[[noreturn]] void fail(const Record& r, std::string_view column, const std::string& source, const std::string& why) {
    throw InputError({stage, source, "", "line " + std::to_string(r.line), std::string(column)}, why);
}

/// Index of the segment [x[i], x[i+1]] holding v (clamped to the end segments), and its fraction.
std::pair<std::size_t, double> segment(const std::vector<double>& x, double v) {
    if (x.size() < 2) {
        return {0, 0.0};
    }
    std::size_t i = static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), v) - x.begin());
    i = std::clamp<std::size_t>(i, 1, x.size() - 1) - 1;
    return {i, (v - x[i]) / (x[i + 1] - x[i])};
}

/// Element-wise natural log of a band.
Banded log_of(const Banded& b) { return {std::log(b.value), std::log(b.lo), std::log(b.hi)}; }

/// exp of a log-band interpolated linearly: a + f (b − a).
Banded exp_lerp(const Banded& a, const Banded& b, double f) {
    return {std::exp(a.value + f * (b.value - a.value)), std::exp(a.lo + f * (b.lo - a.lo)), std::exp(a.hi + f * (b.hi - a.hi))};
}

/// The segment of log T among the log periods (extrapolated along the end segments).
std::pair<std::size_t, double> period_segment(const std::vector<double>& log_periods, double log_t) {
    return segment(log_periods, log_t);
}

/// Values at periods by log-log interpolation in T, from the values' logs.
Banded at_period(const std::vector<double>& log_periods, const std::vector<Banded>& log_v, double t_years) {
    if (log_periods.size() == 1) {
        return {std::exp(log_v.front().value), std::exp(log_v.front().lo), std::exp(log_v.front().hi)};
    }
    const auto [i, f] = period_segment(log_periods, std::log(t_years));
    return exp_lerp(log_v[i], log_v[i + 1], f);
}

void check_band(const Record& r, const Banded& b, const std::string& source) {
    if (!(b.value > 0.0 && b.lo > 0.0 && b.hi > 0.0)) {
        fail(r, "value", source, "values must be > 0");
    }
    if (!(b.lo <= b.value && b.value <= b.hi)) {
        fail(r, "lo", source, "expected lo <= value <= hi");
    }
}

}  // namespace

DriverProfile DriverProfile::parse(std::string_view csv_text, const std::string& source) {
    static const std::vector<std::string_view> cols{"abs_dipole_lat_deg", "return_period_years", "dbdt_nt_per_min",
                                                    "dbdt_lo_nt_per_min", "dbdt_hi_nt_per_min", "supported", "source"};
    const auto rows = records(csv_text, cols, source);
    struct Cell {
        Banded d;
        bool supported = false;
        std::string source;
        std::size_t line = 0;
    };
    std::map<std::pair<double, double>, Cell> cells;
    std::vector<double> knots;
    std::vector<double> periods;
    for (const auto& r : rows) {
        const double lat = number(r, 0, cols[0], source);
        const double t = number(r, 1, cols[1], source);
        if (lat < 0.0 || lat > 90.0) {
            fail(r, cols[0], source, "expected |latitude| in [0, 90] degrees");
        }
        if (!(t >= 1.0 && t <= max_tabulated_period_years)) {
            fail(r, cols[1], source, "expected a return period of 1 to 100000 years");
        }
        Cell c{{number(r, 2, cols[2], source), number(r, 3, cols[3], source), number(r, 4, cols[4], source)}, false, r.fields[6], r.line};
        check_band(r, c.d, source);
        if (r.fields[5] != "0" && r.fields[5] != "1") {
            fail(r, cols[5], source, "expected 1 (a published anchor supports the value) or 0 (unvalidated)");
        }
        c.supported = r.fields[5] == "1";
        if (!cells.emplace(std::make_pair(lat, t), std::move(c)).second) {
            fail(r, cols[0], source, "a second row for this latitude and return period");
        }
        if (std::find(knots.begin(), knots.end(), lat) == knots.end()) {
            knots.push_back(lat);
        }
        if (std::find(periods.begin(), periods.end(), t) == periods.end()) {
            periods.push_back(t);
        }
    }
    std::sort(knots.begin(), knots.end());
    std::sort(periods.begin(), periods.end());
    const ErrorContext file{stage, source, "", "", ""};
    if (knots.size() < 2 || knots.front() != 0.0 || knots.back() != 90.0) {
        throw InputError(file, "the latitude knots must run from 0 to 90 degrees (abs_dipole_lat_deg)");
    }
    if (periods.size() < 2) {
        throw InputError(file, "at least two return periods are needed (return_period_years)");
    }
    DriverProfile p;
    p.m_file = source;
    p.m_knots = knots;
    p.m_periods = periods;
    for (const double t : periods) {
        p.m_log_periods.push_back(std::log(t));
    }
    for (const double k : knots) {
        const Cell* previous = nullptr;
        for (const double t : periods) {
            const auto it = cells.find({k, t});
            if (it == cells.end()) {
                throw InputError({stage, source, "", "", "return_period_years"},
                                 "no row for latitude " + format_number(k) + " deg and return period " + format_number(t) +
                                     " years (every knot needs every period)");
            }
            const Cell& c = it->second;
            if (previous != nullptr && (c.d.value < previous->d.value || c.d.lo < previous->d.lo || c.d.hi < previous->d.hi)) {
                throw InputError({stage, source, "", "line " + std::to_string(c.line), "dbdt_nt_per_min"},
                                 "the level must not decrease with the return period (line " + std::to_string(previous->line) +
                                     " has a larger value at a shorter period)");
            }
            previous = &c;
            p.m_d.push_back(c.d);
            p.m_log_d.push_back(log_of(c.d));
            p.m_supported.push_back(c.supported);
            p.m_source.push_back(c.source);
        }
    }
    return p;
}

const DriverProfile& DriverProfile::bundled() {
    static const DriverProfile p = parse(bundled_driver_profile_csv, "datasets/hazard/driver_profile.csv (bundled)");
    return p;
}

Banded DriverProfile::level(double dipole_lat_deg, double return_period_years) const {
    const double a = std::min(std::fabs(dipole_lat_deg), 90.0);
    if (std::isnan(a) || !(return_period_years > 0.0)) {
        return {std::nan(""), std::nan(""), std::nan("")};
    }
    // Bilinear in (|λ|, log T) on log D: linear in latitude, log-log in T, then one exp per band value.
    const auto [k, f] = segment(m_knots, a);
    const auto period = period_segment(m_log_periods, std::log(return_period_years));
    const std::size_t i = period.first;  // plain variables: clang 14 cannot capture structured bindings
    const double g = period.second;
    const std::size_t np = m_periods.size();
    auto at = [&](std::size_t knot) {
        if (np == 1) {
            return m_log_d[knot * np];
        }
        const Banded& x = m_log_d[knot * np + i];
        const Banded& y = m_log_d[knot * np + i + 1];
        return Banded{x.value + g * (y.value - x.value), x.lo + g * (y.lo - x.lo), x.hi + g * (y.hi - x.hi)};
    };
    return exp_lerp(at(k), at(k + 1), f);
}

void DriverProfile::levels_at(double dipole_lat_deg, std::span<Banded> out) const {
    const double a = std::min(std::fabs(dipole_lat_deg), 90.0);
    const std::size_t np = m_periods.size();
    if (std::isnan(a)) {
        std::fill(out.begin(), out.end(), Banded{std::nan(""), std::nan(""), std::nan("")});
        return;
    }
    const auto [k, f] = segment(m_knots, a);
    for (std::size_t i = 0; i < np && i < out.size(); ++i) {
        out[i] = exp_lerp(m_log_d[k * np + i], m_log_d[(k + 1) * np + i], f);
    }
}

bool DriverProfile::supported(double dipole_lat_deg) const {
    const double a = std::min(std::fabs(dipole_lat_deg), 90.0);
    if (std::isnan(a)) {
        return false;
    }
    const auto [k, f] = segment(m_knots, a);
    const std::size_t np = m_periods.size();
    const std::size_t ref = static_cast<std::size_t>(std::lower_bound(m_periods.begin(), m_periods.end(), 100.0) - m_periods.begin());
    const std::size_t p = std::min(ref, np - 1);
    const bool at_lo = m_supported[k * np + p];
    const bool at_hi = m_supported[(k + 1) * np + p];
    if (f * (m_knots[k + 1] - m_knots[k]) <= 1e-6) {  // on a knot (to a micro-degree)
        return at_lo;
    }
    if ((1.0 - f) * (m_knots[k + 1] - m_knots[k]) <= 1e-6) {
        return at_hi;
    }
    return at_lo && at_hi;
}

bool DriverProfile::extrapolated(double return_period_years) const {
    return return_period_years < m_periods.front() || return_period_years > m_periods.back();
}

Banded StormTerm::amplitude(double dipole_lat_deg, double return_period_years) const {
    if (log_periods.size() != periods_years.size() || log_amplitude.size() != amplitude_nt.size()) {
        log_periods.clear();
        log_amplitude.clear();
        for (std::size_t i = 0; i < periods_years.size(); ++i) {
            log_periods.push_back(std::log(periods_years[i]));
            log_amplitude.push_back(log_of(amplitude_nt[i]));
        }
    }
    const Banded a = at_period(log_periods, log_amplitude, return_period_years);
    const double c = std::cos(dipole_lat_deg * M_PI / 180.0) / std::cos(ref_dipole_lat_deg * M_PI / 180.0);
    const double s = std::fabs(c);
    return {a.value * s, a.lo * s, a.hi * s};
}

bool StormTerm::supported(double dipole_lat_deg) const {
    const double a = std::fabs(dipole_lat_deg);
    return a >= supported_from_deg && a <= supported_to_deg;
}

Banded ElectrojetTerm::factor(double dip_lat_deg) const {
    if (std::isnan(dip_lat_deg)) {
        return {1.0, 1.0, 1.0};
    }
    const double g = std::exp(-(dip_lat_deg / half_width_deg) * (dip_lat_deg / half_width_deg));
    return {1.0 + (peak_factor.value - 1.0) * g, 1.0 + (peak_factor.lo - 1.0) * g, 1.0 + (peak_factor.hi - 1.0) * g};
}

StormTerms StormTerms::parse(std::string_view csv_text, const std::string& source) {
    static const std::vector<std::string_view> cols{"term", "parameter", "return_period_years", "value", "lo", "hi", "unit", "source"};
    const auto rows = records(csv_text, cols, source);
    StormTerms out;
    out.file = source;
    out.sudden_commencement.name = "sudden_commencement";
    out.main_phase.name = "main_phase";
    std::map<std::string, const Record*> seen;
    auto band_of = [&](const Record& r, bool need_band) {
        Banded b{number(r, 3, cols[3], source), number(r, 4, cols[4], source, !need_band), number(r, 5, cols[5], source, !need_band)};
        if (std::isnan(b.lo)) {
            b.lo = b.value;
        }
        if (std::isnan(b.hi)) {
            b.hi = b.value;
        }
        check_band(r, b, source);
        return b;
    };
    for (const auto& r : rows) {
        const std::string& term = r.fields[0];
        const std::string& param = r.fields[1];
        const std::string key = term + "." + param + "." + (r.fields[2].empty() ? std::string() : format_number(number(r, 2, cols[2], source), 15));
        if (!seen.emplace(key, &r).second) {
            fail(r, cols[1], source, "a second row for " + term + " " + param + (r.fields[2].empty() ? "" : " at " + r.fields[2] + " years"));
        }
        StormTerm* t = term == "sudden_commencement" ? &out.sudden_commencement : term == "main_phase" ? &out.main_phase : nullptr;
        if (t != nullptr) {
            if (param == "amplitude_nt") {
                const double years = number(r, 2, cols[2], source);
                if (!(years >= 1.0 && years <= max_tabulated_period_years)) {
                    fail(r, cols[2], source, "expected a return period of 1 to 100000 years");
                }
                t->periods_years.push_back(years);
                t->amplitude_nt.push_back(band_of(r, true));
                if (t->source.empty()) {
                    t->source = r.fields[7];
                }
            } else if (param == "reference_dipole_lat_deg") {
                t->ref_dipole_lat_deg = number(r, 3, cols[3], source);
                if (std::fabs(t->ref_dipole_lat_deg) >= 89.0) {
                    fail(r, cols[3], source, "expected a reference latitude within 89 degrees of the equator");
                }
            } else if (param == "rise_time_s") {
                t->rise_time_s = band_of(r, false);
                if (t->rise_time_s.lo < 1.0 || t->rise_time_s.hi > 86400.0) {
                    fail(r, cols[3], source, "expected rise times of 1 s to 1 day");
                }
            } else if (param == "supported_from_deg") {
                t->supported_from_deg = number(r, 3, cols[3], source);
            } else if (param == "supported_to_deg") {
                t->supported_to_deg = number(r, 3, cols[3], source);
            } else {
                fail(r, cols[1], source,
                     "unknown parameter of " + term + " (known: amplitude_nt, reference_dipole_lat_deg, rise_time_s, supported_from_deg, "
                     "supported_to_deg)");
            }
        } else if (term == "electrojet") {
            if (param == "peak_factor") {
                out.electrojet.peak_factor = band_of(r, false);
                if (out.electrojet.peak_factor.lo < 1.0) {
                    fail(r, cols[4], source, "expected an enhancement factor >= 1");
                }
                out.electrojet.source = r.fields[7];
            } else if (param == "half_width_deg") {
                out.electrojet.half_width_deg = number(r, 3, cols[3], source);
                if (!(out.electrojet.half_width_deg > 0.0 && out.electrojet.half_width_deg <= 30.0)) {
                    fail(r, cols[3], source, "expected a half width of (0, 30] degrees");
                }
            } else {
                fail(r, cols[1], source, "unknown parameter of electrojet (known: peak_factor, half_width_deg)");
            }
        } else if (term == "auroral") {
            if (param == "reference_e_v_per_km") {
                out.auroral.reference_e_v_per_km = band_of(r, false).value;
                out.auroral.reference_period_years = number(r, 2, cols[2], source);
                out.auroral.source = r.fields[7];
            } else if (param == "reference_dipole_lat_deg") {
                out.auroral.reference_dipole_lat_deg = number(r, 3, cols[3], source);
            } else {
                fail(r, cols[1], source, "unknown parameter of auroral (known: reference_e_v_per_km, reference_dipole_lat_deg)");
            }
        } else {
            fail(r, cols[0], source, "unknown term '" + term + "' (known: auroral, sudden_commencement, main_phase, electrojet)");
        }
    }
    for (StormTerm* t : {&out.sudden_commencement, &out.main_phase}) {
        const ErrorContext where{stage, source, "", t->name, "amplitude_nt"};
        if (t->periods_years.size() < 1) {
            throw InputError(where, "no amplitude_nt rows for " + t->name);
        }
        std::vector<std::size_t> order(t->periods_years.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return t->periods_years[a] < t->periods_years[b]; });
        std::vector<double> periods;
        std::vector<Banded> amps;
        for (const auto i : order) {
            if (!amps.empty() && (t->amplitude_nt[i].value < amps.back().value || t->amplitude_nt[i].lo < amps.back().lo ||
                                  t->amplitude_nt[i].hi < amps.back().hi)) {
                throw InputError(where, "the amplitude of " + t->name + " must not decrease with the return period");
            }
            periods.push_back(t->periods_years[i]);
            amps.push_back(t->amplitude_nt[i]);
        }
        t->periods_years = std::move(periods);
        t->amplitude_nt = std::move(amps);
        for (std::size_t i = 0; i < t->periods_years.size(); ++i) {
            t->log_periods.push_back(std::log(t->periods_years[i]));
            t->log_amplitude.push_back(log_of(t->amplitude_nt[i]));
        }
        if (!(t->rise_time_s.value > 0.0)) {
            throw InputError({stage, source, "", t->name, "rise_time_s"}, "no rise_time_s row for " + t->name);
        }
    }
    // Every parameter is required: a missing row must not fall back to a value that lowers the hazard.
    const std::vector<std::pair<std::string, std::string>> required{
        {"auroral", "reference_e_v_per_km"},          {"auroral", "reference_dipole_lat_deg"},
        {"sudden_commencement", "reference_dipole_lat_deg"}, {"sudden_commencement", "rise_time_s"},
        {"sudden_commencement", "supported_from_deg"}, {"sudden_commencement", "supported_to_deg"},
        {"main_phase", "reference_dipole_lat_deg"},    {"main_phase", "rise_time_s"},
        {"main_phase", "supported_from_deg"},          {"main_phase", "supported_to_deg"},
        {"electrojet", "peak_factor"},                 {"electrojet", "half_width_deg"}};
    for (const auto& [term, param] : required) {
        const std::string prefix = term + "." + param + ".";
        const bool present = std::any_of(seen.begin(), seen.end(), [&](const auto& kv) { return kv.first.rfind(prefix, 0) == 0; });
        if (!present) {
            throw InputError({stage, source, "", term, param}, "no " + param + " row for " + term + " (every parameter of docs/hazard-model.md is required)");
        }
    }
    for (const StormTerm* t : {&out.sudden_commencement, &out.main_phase}) {
        if (!(t->supported_from_deg >= 0.0 && t->supported_from_deg <= t->supported_to_deg && t->supported_to_deg <= 90.0)) {
            throw InputError({stage, source, "", t->name, "supported_from_deg"},
                             "expected 0 <= supported_from_deg <= supported_to_deg <= 90 for " + t->name);
        }
    }
    return out;
}

const StormTerms& StormTerms::bundled() {
    static const StormTerms t = parse(bundled_storm_terms_csv, "datasets/hazard/storm_terms.csv (bundled)");
    return t;
}

const std::vector<NamedStorm>& named_storms() {
    static const std::vector<NamedStorm> storms{
        {"carrington-1859",
         1000.0,
         {450.0, 300.0, 675.0},
         {1624.0, 900.0, 1787.0},
         {5400.0, 3600.0, 10800.0},
         "Carrington-class storm (1-2 Sep 1859): the main-phase H depression at the equator 1624 nT, Colaba's 1600 nT "
         "at 9.9 deg (Tsurutani et al. 2003, JGR 108(A7) 1268) divided by cos 9.9 deg; band from |Dst| about 900 nT "
         "(Cliver & Dietrich 2013, JSWSC 3 A31) to Tsurutani's 1760 nT at Colaba; rise 1.5 h (1-3 h, a convention: "
         "the duration was not sourced); "
         "the auroral driver and the sudden commencement at their 1000-year levels (an assumption: the 1859 dB/dt "
         "was not recorded)"},
    };
    return storms;
}

const NamedStorm& named_storm(std::string_view name) {
    std::string names;
    for (const auto& s : named_storms()) {
        if (s.name == name) {
            return s;
        }
        names += (names.empty() ? "" : ", ") + s.name;
    }
    throw ConfigError({stage, "", "", "", "scenario"}, "unknown named storm '" + std::string(name) + "' (known: " + names + ")");
}

}  // namespace swx
