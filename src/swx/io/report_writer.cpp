#include <swx/io/report_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/version.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace swx::io {

namespace {

std::string fmt(double v, int digits = 2) {
    if (std::isnan(v)) {
        return "–";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

/// Text for one Markdown table cell or list item: '|' escaped, line breaks (CR, LF, tabs) as spaces, so a
/// name can never break the table.
std::string md(const std::string& text) {
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

void write_report(const StudyConfig& c, const std::vector<SiteResult>& sites, const std::vector<std::string>& notes,
                  const std::filesystem::path& path) {
    std::ofstream out(path);
    if (!out) {
        throw Error({"writers.report", path.string(), "", "", ""}, "cannot create the file");
    }
    out << "# " << c.name << "\n\n";
    out << "Site exposure to a severe geomagnetic storm, computed by swxrisk " << version_string << ".\n\n";
    out << "## Scenario and inputs\n\n";
    out << "| | |\n|---|---|\n";
    out << "| scenario file | " << code(c.scenario_file.filename().string()) << " (input paths below are relative to its folder) |\n";
    out << "| storm | "
        << (c.scenario.empty() ? "magnetometer record " + code(shown_path(c, c.magnetometer)) + " (peak of E(t); α and β play no part)"
                               : c.scenario + " (NERC TPL-007: E_peak = E_ref × α × β)")
        << " |\n";
    out << "| geomagnetic latitude | centred dipole, IGRF-14, epoch " << c.epoch << " |\n";
    out << "| sites | " << code(shown_path(c, c.sites)) << " |\n";
    out << "| grid | " << (c.grid.empty() ? "none (hazard-only index)" : code(shown_path(c, c.grid))) << " |\n";
    out << "| earth regions | " << (c.earth_regions.empty() ? "none" : code(shown_path(c, c.earth_regions))) << " |\n";
    out << "| earth model outside regions | " << (c.earth_model.empty() ? "none" : md(c.earth_model)) << " |\n";
    char line[256];
    std::snprintf(line, sizeof line, "| index | w_hazard %g, w_grid %g, E0 %g V/km, I0 %g A, γ %g, supply radius %g km |\n",
                  c.index.weight_hazard, c.index.weight_grid, c.index.e0_v_per_km, c.index.i0_a, c.index.redundancy_exponent,
                  c.supply_radius_km);
    out << line << "\n";
    out << "## Ranking\n\n";
    out << "| rank | site | index | class | geomag. lat (°) | α | earth model | β | E_peak (V/km) | Ieff max (A) | supplies | flags |\n";
    out << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    const std::vector<const SiteResult*> order = by_rank(sites);
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
    out << "\n## Reading the numbers\n\nThe index ranks sites under one scenario; it is not a probability. A low index at low "
           "geomagnetic latitude means the NERC scaling puts a smaller field there — not that the place is immune: "
           "α is held at 0.1 below 40° and the equatorial electrojet and sudden commencements are not modelled. "
           "See docs/exposure-index.md.\n";
    for (const auto& n : notes) {
        out << "\n* " << n;
    }
    out << "\n";
    if (!out) {
        throw Error({"writers.report", path.string(), "", "", ""}, "write failed");
    }
}

}  // namespace swx::io
