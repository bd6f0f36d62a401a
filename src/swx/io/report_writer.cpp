#include <swx/io/report_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/version.hpp>
#include <swx/io/options.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace swx::io {

namespace {

/// v with `digits` decimals, as printf's "%.*f" writes it (std::to_chars in fixed format with a precision
/// is specified to give printf's text, without its format parsing); "–" for NaN.
std::string fmt(double v, int digits = 2) {
    if (std::isnan(v)) {
        return "–";
    }
    char buf[400];  // the longest fixed text of a double with a few decimals is ~330 characters
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, digits);
    if (ec != std::errc()) {
        std::snprintf(buf, sizeof buf, "%.*f", digits, v);
        return buf;
    }
    return std::string(buf, end);
}

/// Text for one Markdown table cell or list item: '|' escaped, line breaks (CR, LF, tabs) as spaces, so a
/// name can never break the table.
std::string md(const std::string& text) {
    if (text.find_first_of("|\n\r\t") == std::string::npos) {
        return text;  // nothing to escape (most names)
    }
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n' || c == '\r' || c == '\t') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

/// An id in backticks: a backtick in the id would end the code span, so such an id is shown plain.
std::string code(const std::string& text) {
    return text.find('`') == std::string::npos ? "`" + md(text) + "`" : md(text);
}

/// An input path as the report shows it: relative to the scenario file's folder (the report is shared;
/// absolute local paths mean nothing elsewhere), unchanged when there is no scenario file (Python).
std::string shown_path(const StudyConfig& c, const std::string& path) {
    if (c.scenario_file.empty() || path.empty()) {
        return path;
    }
    const std::filesystem::path base = std::filesystem::absolute(c.scenario_file).parent_path().lexically_normal();
    const std::filesystem::path rel = std::filesystem::absolute(path).lexically_normal().lexically_relative(base);
    return rel.empty() ? path : rel.generic_string();
}

}  // namespace

namespace {

/// "once in 38 years", "once a year or more often", "less often than once in 1,000,000 years ...".
std::string once_in(double years) {
    if (std::isnan(years)) {
        return "unknown";
    }
    if (years <= 1.0) {
        return "once a year or more often";
    }
    if (years >= max_return_period_years) {
        return "less often than once in " + format_return_period_years(max_return_period_years).substr(2) +
               " years (beyond the model's range)";
    }
    return "once in " + format_return_period_years(years) + " years";
}

/// "range 1.7–230 years"; "" when the whole band is beyond the model's range.
std::string period_range(const ReturnPeriod& r) {
    if (r.lo_years >= max_return_period_years) {
        return "";
    }
    return " (range " + format_return_period_years(r.lo_years) + "–" + format_return_period_years(r.hi_years) + " years)";
}

bool is_named_storm(const StudyConfig& c) { return io::is_named_storm(c.scenario); }

std::string storm_row(const StudyConfig& c) {
    if (!c.hazard.empty()) {
        std::string periods;
        for (const double t : c.return_period.report_periods_years) {
            periods += (periods.empty() ? "" : ", ") + format_return_period_years(t);
        }
        return "hazard by return period (docs/hazard-model.md): fields once in " + periods + " years; exceedance: " +
               fmt(c.return_period.threshold_a, 0) + " A per phase at the worst supplying transformer (" +
               fmt(c.return_period.no_grid_e_star_v_per_km) + " V/km for sites without a grid)";
    }
    if (is_named_storm(c)) {
        return "named storm " + c.scenario + " (hazard model, docs/hazard-model.md)";
    }
    if (c.scenario.empty()) {
        return "magnetometer record " + code(shown_path(c, c.magnetometer)) + " (peak of E(t); α and β play no part)";
    }
    return c.scenario + " (NERC TPL-007: E_peak = E_ref × α × β)";
}

/// The site's 100-year field with its band (the reported period 100, else the peak field alone).
Banded field_100(const SiteResult& s) {
    if (s.return_period) {
        const SiteReturnPeriod& r = *s.return_period;
        for (std::size_t k = 0; k < r.periods_years.size(); ++k) {
            if (r.periods_years[k] == 100.0) {
                return r.e_v_per_km[k];
            }
        }
    }
    return {s.e_peak_v_per_km, not_a_number, not_a_number};
}

void write_return_period_ranking(std::ostream& out, const StudyConfig& c, const std::vector<const SiteResult*>& order) {
    out << "## Ranking by annual probability\n\n";
    out << "| rank | site | how often the threshold is reached | annual probability | E 100-yr (V/km) [band] | E* (V/km) | "
           "Ieff 100-yr (A) | dominant term | dipole lat (°) | dip lat (°) | earth model | flags |\n";
    out << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    const SiteReturnPeriod none;
    for (const SiteResult* s : order) {
        const SiteReturnPeriod& r = s->return_period ? *s->return_period : none;
        const Banded e100 = field_100(*s);
        char p[32];
        std::snprintf(p, sizeof p, "%.2g", r.return_period.annual_probability());
        out << "| " << s->rank << " | " << md(s->site.name) << " (" << code(s->site.id) << ") | " << once_in(r.return_period.years)
            << period_range(r.return_period) << " | " << (std::isnan(r.return_period.years) ? "–" : p) << " | "
            << fmt(e100.value) << " [" << fmt(e100.lo) << "–" << fmt(e100.hi) << "] | "
            << (std::isinf(r.e_star_v_per_km) ? std::string("∞") : fmt(r.e_star_v_per_km)) << " | " << fmt(r.ieff_reference_a, 1)
            << " | " << (r.dominant_term.empty() ? "–" : r.dominant_term) << " | " << fmt(s->geomagnetic_lat_deg, 1) << " | "
            << fmt(r.dip_lat_deg, 1) << " | " << (s->earth_model.empty() ? "–" : md(s->earth_model)) << " | " << md(s->flags) << " |\n";
    }
    out << "\n## What drives each site\n\n";
    for (const SiteResult* s : order) {
        out << "* **" << md(s->site.name) << "** — ";
        if (std::isnan(s->e_peak_v_per_km) || !s->return_period) {
            out << "no earth model covers this place, so the storm hazard is unknown.\n";
            continue;
        }
        const SiteReturnPeriod& r = *s->return_period;
        out << once_in(r.return_period.years) << period_range(r.return_period) << ": dipole latitude "
            << fmt(s->geomagnetic_lat_deg, 1) << "°, dip latitude " << fmt(r.dip_lat_deg, 1) << "°, ground " << md(s->earth_model)
            << " (β " << fmt(s->beta) << "); the 100-year field " << fmt(s->e_peak_v_per_km) << " V/km comes from the "
            << r.dominant_term << " term (auroral " << fmt(r.reference_terms.auroral.value) << ", sudden commencement "
            << fmt(r.reference_terms.sudden_commencement.value)
            << (r.electrojet_factor > 1.05 ? " with the equatorial electrojet ×" + fmt(r.electrojet_factor) : std::string()) << ", main phase "
            << fmt(r.reference_terms.main_phase.value) << " V/km)";
        if (s->n_supplies > 0 && std::isfinite(r.ieff_reference_a)) {
            if (std::isinf(r.e_star_v_per_km)) {
                out << "; its supplying transformers carry no GIC in this model (no grounded path), so the threshold is not reached at "
                       "any field the model covers — a property of the grid data, to be checked";
            } else {
                out << "; the worst supplying transformer carries " << fmt(r.ieff_reference_a, 1)
                    << " A per phase under the 100-year field and reaches " << fmt(c.return_period.threshold_a, 0)
                    << " A when the site's field is " << fmt(r.e_star_v_per_km) << " V/km";
            }
        } else {
            out << "; no supplying substation known, so this is how often the site sees " << fmt(r.e_star_v_per_km) << " V/km";
        }
        if (s->flags.find("unvalidated_latitude") != std::string::npos) {
            out << "; no published anchor supports the dominant term at this latitude (unvalidated)";
        }
        out << ".\n";
    }
    out << "\n## Reading the numbers\n\n"
           "A return period is how often, on average, a storm strong enough to push the worst transformer supplying the site past "
           "the threshold occurs; the annual probability is 1 − exp(−1/T). The range comes from the published bands of the driver "
           "profile and of the storm terms (and, where none was published, a stated convention); it is wide at low latitudes, where "
           "one observatory (Kakioka) anchors the sudden-commencement term. A long return period is not zero risk: every site has a "
           "finite one, and sites flagged unvalidated_latitude rest on an extrapolation. The exposure index in sites.csv is the "
           "scenario index under the 100-year field (docs/exposure-index.md). See docs/hazard-model.md.\n";
}

void write_scenario_ranking(std::ostream& out, const StudyConfig& c, const std::vector<const SiteResult*>& order) {
    out << "## Ranking\n\n";
    out << "| rank | site | index | class | geomag. lat (°) | α | earth model | β | E_peak (V/km) | Ieff max (A) | supplies | flags |\n";
    out << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const SiteResult* s : order) {
        out << "| " << s->rank << " | " << md(s->site.name) << " (" << code(s->site.id) << ") | " << fmt(s->exposure_index, 1) << " | "
            << s->exposure_class << " | " << fmt(s->geomagnetic_lat_deg, 1) << " | " << fmt(s->alpha, 3) << " | "
            << (s->earth_model.empty() ? "–" : md(s->earth_model)) << " | " << fmt(s->beta) << " | " << fmt(s->e_peak_v_per_km) << " | "
            << fmt(s->ieff_max_a, 1) << " | " << s->n_supplies << " | " << md(s->flags) << " |\n";
    }
    out << "\n## What drives each site\n\n";
    for (const SiteResult* s : order) {
        out << "* **" << md(s->site.name) << "** — index " << fmt(s->exposure_index, 1) << " (" << s->exposure_class << "): ";
        if (std::isnan(s->e_peak_v_per_km)) {
            out << "no earth model covers this place, so the storm hazard is unknown";
        } else if (c.scenario.empty()) {
            out << "ground " << s->earth_model << " → peak |E(t)| of the storm record " << fmt(s->e_peak_v_per_km)
                << " V/km (the record's B(t) over this earth model; NERC's α and β play no part)";
        } else if (is_named_storm(c)) {
            out << "dipole latitude " << fmt(s->geomagnetic_lat_deg, 1) << "°, ground " << s->earth_model << " → peak field "
                << fmt(s->e_peak_v_per_km) << " V/km in " << c.scenario
                << " (the largest of its auroral, sudden-commencement and main-phase terms)";
        } else {
            out << "geomagnetic latitude " << fmt(s->geomagnetic_lat_deg, 1) << "° gives α = " << fmt(s->alpha, 3) << "; ground "
                << s->earth_model << (std::isnan(s->beta) ? "" : " (β = " + fmt(s->beta) + ")") << " → peak field "
                << fmt(s->e_peak_v_per_km) << " V/km";
        }
        if (s->n_supplies > 0) {
            out << "; supplied by " << s->n_supplies << " substation(s) whose worst transformer carries " << fmt(s->ieff_max_a, 1)
                << " A per phase (TPL-007 screening threshold: 75 A)";
        } else {
            out << "; no supplying substation known (hazard-only index)";
        }
        out << ".\n";
    }
    out << "\n## Reading the numbers\n\nThe index ranks sites under one scenario; it is not a probability. ";
    if (is_named_storm(c)) {
        out << "The named storm is one event of the hazard model (docs/hazard-model.md); its amplitudes rest on historical "
               "estimates, and its auroral driver on an assumed return level. ";
    } else if (!c.scenario.empty()) {
        out << "A low index at low geomagnetic latitude means the NERC scaling puts a smaller field there — it does not mean the "
               "place is free of risk: α is held at 0.1 below 40° and the equatorial electrojet and sudden commencements are not "
               "modelled (hazard = \"return-period\" models them; docs/hazard-model.md). ";
    }
    out << "See docs/exposure-index.md.\n";
}

}  // namespace

void write_report(const StudyConfig& c, const std::vector<SiteResult>& sites, const std::vector<std::string>& notes,
                  const std::filesystem::path& path) {
    std::ofstream out(path);
    if (!out) {
        throw Error({"writers.report", path.string(), "", "", ""}, "cannot create the file");
    }
    out << "# " << c.name << "\n\n";
    out << (c.hazard.empty() ? "Site exposure to a severe geomagnetic storm" : "How often a geomagnetic storm drives each site's supply past its limit")
        << ", computed by swxrisk " << version_string << ".\n\n";
    out << "## Scenario and inputs\n\n";
    out << "| | |\n|---|---|\n";
    out << "| scenario file | " << code(c.scenario_file.filename().string()) << " (input paths below are relative to its folder) |\n";
    out << "| storm | " << storm_row(c) << " |\n";
    out << "| geomagnetic latitude | centred dipole, IGRF-14, epoch " << c.epoch
        << (c.hazard.empty() && !is_named_storm(c) ? "" : "; dip latitude from the full IGRF-14 field") << " |\n";
    out << "| sites | " << code(shown_path(c, c.sites)) << " |\n";
    out << "| grid | " << (c.grid.empty() ? "none (hazard-only index)" : code(shown_path(c, c.grid))) << " |\n";
    out << "| earth regions | " << (c.earth_regions.empty() ? "none" : code(shown_path(c, c.earth_regions))) << " |\n";
    out << "| earth model outside regions | " << (c.earth_model.empty() ? "none" : md(c.earth_model)) << " |\n";
    char line[256];
    std::snprintf(line, sizeof line, "| index | w_hazard %g, w_grid %g, E0 %g V/km, I0 %g A, γ %g, supply radius %g km |\n",
                  c.index.weight_hazard, c.index.weight_grid, c.index.e0_v_per_km, c.index.i0_a, c.index.redundancy_exponent,
                  c.supply_radius_km);
    out << line << "\n";
    const std::vector<const SiteResult*> order = by_rank(sites);
    if (!c.hazard.empty()) {
        write_return_period_ranking(out, c, order);
    } else {
        write_scenario_ranking(out, c, order);
    }
    for (const auto& n : notes) {
        out << "\n* " << n;
    }
    out << "\n";
    if (!out) {
        throw Error({"writers.report", path.string(), "", "", ""}, "write failed");
    }
}

}  // namespace swx::io
