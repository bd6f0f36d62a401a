// swxrisk hazard: the geoelectric hazard by return period at one point (docs/hazard-model.md).
// The work is swx::study::run_hazard_point (study/hazard_point.hpp).

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>
#include <swx/cli/options.hpp>

#include <swx/core/base/problems.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/table_writer.hpp>
#include <swx/study/hazard_point.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace swx::cli {

namespace {

/// `v` with 3 significant digits ("8", "0.0512", "12.3"); "n/a" for NaN, "not reached" for +inf.
std::string g3(double v) {
    if (std::isnan(v)) {
        return "n/a";
    }
    if (std::isinf(v)) {
        return "not reached";
    }
    char b[32];
    std::snprintf(b, sizeof b, "%.3g", v);
    return b;
}

/// Years with 3 significant digits, never in exponent form ("2000", "157000", "10.6"); "not reached" for +inf.
std::string years(double v) {
    if (!std::isfinite(v) || v < 1000.0) {
        return g3(v);
    }
    const double scale = std::pow(10.0, std::floor(std::log10(v)) - 2.0);
    char b[32];
    std::snprintf(b, sizeof b, "%.0f", std::round(v / scale) * scale);
    return b;
}

std::string fixed2(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

/// A JSON number (10 significant digits), null for NaN or ±inf.
std::string jnum(double v) {
    if (!std::isfinite(v)) {
        return "null";
    }
    char b[32];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
std::string jstr(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", u);
            out += esc;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string jband(const Banded& b) {
    return "{\"value\": " + jnum(b.value) + ", \"lo\": " + jnum(b.lo) + ", \"hi\": " + jnum(b.hi) + "}";
}

std::string jterms(const TermFields& t) {
    return "{\"auroral\": " + jband(t.auroral) + ", \"sudden_commencement\": " + jband(t.sudden_commencement) +
           ", \"main_phase\": " + jband(t.main_phase) + "}";
}

std::string cnum(double v) { return std::isfinite(v) ? jnum(v) : (std::isinf(v) ? "inf" : ""); }

std::string band_text(const Banded& b) { return g3(b.value) + " (" + g3(b.lo) + "-" + g3(b.hi) + ")"; }

const char* const unvalidated_text = "unvalidated latitude: no published anchor supports the dominant term here";

class HazardCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("hazard", "geoelectric hazard by return period at one point (hazard model)");
        sub->footer(
            "Prints the peak geoelectric field reached once in T years at the point (V/km, with its band), each term\n"
            "of the hazard model (auroral, sudden_commencement, main_phase) and the named storm carrington-1859.\n"
            "Without --earth-model or --earth-regions the Quebec reference earth QUE is assumed (and said so).\n"
            "Model and its limits: docs/hazard-model.md.\n"
            "Example: swxrisk hazard --lat 26.60 --lon 106.70 --earth-model QUE --field-v-per-km 1");
        sub->add_option("--lat", m_r.lat_deg, "latitude, degrees north (-90 to 90)")->required();
        sub->add_option("--lon", m_r.lon_deg, "longitude, degrees east")->required();
        add_ground_options(sub, m_r.ground);
        add_option(sub, io::options::epoch, m_r.epoch);
        add_option(sub, io::options::return_periods_years, m_r.return_periods_years, "--return-periods")->delimiter(',')->expected(1, 64);
        m_field_option = sub->add_option("--field-v-per-km", m_field, "a field whose return period to report, V/km (> 0)");
        add_option(sub, io::options::hazard_profile, m_r.hazard_profile);
        add_option(sub, io::options::hazard_terms, m_r.hazard_terms);
        sub->add_option("--format", m_format, "text (a table), json (one object) or csv (one row per return period)")
            ->capture_default_str()
            ->check(CLI::IsMember({"text", "json", "csv"}));
        return sub;
    }

    int run(Streams& io) override {
        if (m_field_option != nullptr && m_field_option->count() > 0) {
            m_r.field_v_per_km = m_field;  // checked by run_hazard_point (a NaN or a field <= 0 is a usage error)
        }
        StreamProblemSink problems(io.err);
        const study::HazardPointResult h = study::run_hazard_point(m_r, &problems);
        if (m_format == "json") {
            write_json(h, io.out);
        } else if (m_format == "csv") {
            write_csv(h, io.out);
        } else {
            write_text(h, io.out);
        }
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    static std::string period_range(const study::HazardPointResult& h) {
        return format_number(h.tabulated_from_years) + "-" + format_number(h.tabulated_to_years) + " years";
    }

    static void write_text(const study::HazardPointResult& h, std::ostream& out) {
        const HazardCurve& c = h.curve;
        out << "point: " << fixed2(h.lat_deg) << " N, " << fixed2(h.lon_deg) << " E (epoch " << format_number(h.epoch) << ")\n";
        out << "dipole latitude: " << fixed2(c.dipole_lat_deg) << " deg\n";
        out << "dip latitude: " << fixed2(c.dip_lat_deg) << " deg\n";
        out << "earth model: " << c.earth_model << " (beta " << fixed2(c.beta) << ")\n";
        out << "electrojet factor: " << fixed2(c.electrojet_factor) << '\n';
        for (const auto& a : h.assumptions) {
            out << "assumption: " << a << '\n';
        }
        char line[256];
        std::snprintf(line, sizeof line, "%-14s %-22s %-9s %-20s %-10s %s\n", "return period", "E V/km (lo-hi)", "auroral",
                      "sudden_commencement", "main_phase", "dominant");
        out << line;
        for (const auto& r : h.rows) {
            const std::string t = format_number(r.period_years) + " years" + (r.extrapolated ? "*" : "");
            std::snprintf(line, sizeof line, "%-14s %-22s %-9s %-20s %-10s %s\n", t.c_str(), band_text(r.e_v_per_km).c_str(),
                          g3(r.terms.auroral.value).c_str(), g3(r.terms.sudden_commencement.value).c_str(),
                          g3(r.terms.main_phase.value).c_str(), r.dominant_term.c_str());
            out << line;
        }
        bool any_extrapolated = false;
        for (const auto& r : h.rows) {
            any_extrapolated = any_extrapolated || r.extrapolated;
        }
        if (any_extrapolated) {
            out << "* extrapolated beyond the tabulated " << period_range(h) << '\n';
        }
        out << "dominant term (100 years): " << c.dominant_term << '\n';
        if (c.unvalidated_latitude) {
            out << unvalidated_text;
            if (!h.unvalidated_band.empty()) {
                out << " (" << h.unvalidated_band << ")";
            }
            out << '\n';
        }
        if (h.field_v_per_km) {
            const ReturnPeriod& rp = h.field_return_period;
            out << "field " << g3(*h.field_v_per_km) << " V/km: ";
            if (rp.years >= max_return_period_years) {
                out << "not reached within " << format_return_period_years(max_return_period_years).substr(2) << " years (the model's cap)";
            } else if (rp.years <= 1.0) {
                out << "once a year or more often";
            } else {
                out << "once in " << years(rp.years) << " years";
            }
            if (rp.lo_years < max_return_period_years) {
                out << " (range " << years(rp.lo_years) << "-" << (rp.hi_years >= max_return_period_years ? "> 1,000,000" : years(rp.hi_years)) << ")";
            }
            if (rp.extrapolated) {
                out << ", extrapolated beyond the tabulated " << period_range(h);
            } else if (rp.lo_years < h.tabulated_from_years || rp.hi_years > h.tabulated_to_years) {
                out << ", range extrapolated beyond the tabulated " << period_range(h);
            }
            out << '\n';
        }
        out << h.named_storm << ": E " << band_text(h.named_storm_e_v_per_km) << " V/km; auroral "
            << g3(h.named_storm_terms.auroral.value) << ", sudden_commencement " << g3(h.named_storm_terms.sudden_commencement.value)
            << ", main_phase " << g3(h.named_storm_terms.main_phase.value) << "; dominant " << h.named_storm_dominant_term << '\n';
    }

    static void write_json(const study::HazardPointResult& h, std::ostream& out) {
        const HazardCurve& c = h.curve;
        out << "{\"lat_deg\": " << jnum(h.lat_deg) << ", \"lon_deg\": " << jnum(h.lon_deg) << ", \"epoch\": " << jnum(h.epoch)
            << ",\n \"dipole_lat_deg\": " << jnum(c.dipole_lat_deg) << ", \"dip_lat_deg\": " << jnum(c.dip_lat_deg)
            << ", \"earth_model\": " << jstr(c.earth_model) << ", \"beta\": " << jnum(c.beta)
            << ", \"electrojet_factor\": " << jnum(c.electrojet_factor) << ",\n \"assumptions\": [";
        for (std::size_t i = 0; i < h.assumptions.size(); ++i) {
            out << (i ? ", " : "") << jstr(h.assumptions[i]);
        }
        out << "],\n \"dominant_term\": " << jstr(c.dominant_term)
            << ", \"unvalidated_latitude\": " << (c.unvalidated_latitude ? "true" : "false")
            << ", \"unvalidated_band\": " << jstr(h.unvalidated_band) << ",\n \"tabulated_periods_years\": ["
            << jnum(h.tabulated_from_years) << ", " << jnum(h.tabulated_to_years) << "],\n \"return_levels\": [";
        for (std::size_t i = 0; i < h.rows.size(); ++i) {
            const auto& r = h.rows[i];
            out << (i ? ",\n  " : "\n  ") << "{\"return_period_years\": " << jnum(r.period_years) << ", \"e_v_per_km\": "
                << jband(r.e_v_per_km) << ", \"terms\": " << jterms(r.terms) << ", \"dominant_term\": " << jstr(r.dominant_term)
                << ", \"extrapolated\": " << (r.extrapolated ? "true" : "false") << "}";
        }
        out << "],\n \"field\": ";
        if (h.field_v_per_km) {
            const ReturnPeriod& rp = h.field_return_period;
            out << "{\"e_v_per_km\": " << jnum(*h.field_v_per_km) << ", \"return_period_years\": " << jnum(rp.years)
                << ", \"lo_years\": " << jnum(rp.lo_years) << ", \"hi_years\": " << jnum(rp.hi_years)
                << ", \"reached\": " << (rp.years >= max_return_period_years ? "false" : "true")
                << ", \"extrapolated\": " << (rp.extrapolated ? "true" : "false") << "}";
        } else {
            out << "null";
        }
        out << ",\n \"named_storm\": {\"name\": " << jstr(h.named_storm) << ", \"e_v_per_km\": " << jband(h.named_storm_e_v_per_km)
            << ", \"terms\": " << jterms(h.named_storm_terms) << ", \"dominant_term\": " << jstr(h.named_storm_dominant_term)
            << "}}\n";
    }

    static void write_csv(const study::HazardPointResult& h, std::ostream& out) {
        const HazardCurve& c = h.curve;
        out << "lat_deg,lon_deg,epoch,dipole_lat_deg,dip_lat_deg,earth_model,beta,electrojet_factor,row,return_period_years,"
               "e_v_per_km,e_lo_v_per_km,e_hi_v_per_km,auroral_v_per_km,sudden_commencement_v_per_km,main_phase_v_per_km,"
               "dominant_term,extrapolated,unvalidated_latitude,field_v_per_km,field_return_period_years,field_lo_years,"
               "field_hi_years,unvalidated_band,assumptions\n";
        const std::string head = cnum(h.lat_deg) + ',' + cnum(h.lon_deg) + ',' + cnum(h.epoch) + ',' + cnum(c.dipole_lat_deg) + ',' +
                                 cnum(c.dip_lat_deg) + ',' + io::csv_cell(c.earth_model) + ',' + cnum(c.beta) + ',' +
                                 cnum(c.electrojet_factor) + ',';
        std::string field = ",,,";
        if (h.field_v_per_km) {
            const ReturnPeriod& rp = h.field_return_period;
            field = cnum(*h.field_v_per_km) + ',' + cnum(rp.years) + ',' + cnum(rp.lo_years) + ',' + cnum(rp.hi_years);
        }
        const std::string unval = c.unvalidated_latitude ? "1" : "0";
        std::string assumptions;
        for (const auto& a : h.assumptions) {
            assumptions += (assumptions.empty() ? "" : "; ") + a;
        }
        const std::string tail = ',' + io::csv_cell(h.unvalidated_band) + ',' + io::csv_cell(assumptions);
        for (const auto& r : h.rows) {
            out << head << "return_period," << cnum(r.period_years) << ',' << cnum(r.e_v_per_km.value) << ','
                << cnum(r.e_v_per_km.lo) << ',' << cnum(r.e_v_per_km.hi) << ',' << cnum(r.terms.auroral.value) << ','
                << cnum(r.terms.sudden_commencement.value) << ',' << cnum(r.terms.main_phase.value) << ',' << r.dominant_term
                << ',' << (r.extrapolated ? 1 : 0) << ',' << unval << ',' << field << tail << '\n';
        }
        const auto& n = h.named_storm_terms;
        out << head << io::csv_cell(h.named_storm) << ",," << cnum(h.named_storm_e_v_per_km.value) << ','
            << cnum(h.named_storm_e_v_per_km.lo) << ',' << cnum(h.named_storm_e_v_per_km.hi) << ',' << cnum(n.auroral.value) << ','
            << cnum(n.sudden_commencement.value) << ',' << cnum(n.main_phase.value) << ',' << h.named_storm_dominant_term << ",0,"
            << unval << ",,,," << tail << '\n';
    }

    study::HazardPointRequest m_r;
    double m_field = std::nan("");
    CLI::Option* m_field_option = nullptr;
    std::string m_format = "text";
};

}  // namespace

std::unique_ptr<Command> make_hazard_command() { return std::make_unique<HazardCommand>(); }

}  // namespace swx::cli
