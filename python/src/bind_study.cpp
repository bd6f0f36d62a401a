// The site-exposure study, through swx::study as `swxrisk run` runs it: from a scenario file, or with
// the sites given as arrays and the scenario file's keys as keywords (io/options.hpp).

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/base/text.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/io/study_config.hpp>
#include <swx/study/site_study.hpp>

#include <cmath>
#include <unordered_set>

namespace swx::python {

namespace {

constexpr const char* sites_source = "<python objects>";

/// Sites from arrays, with the checks (and messages) io/sites_reader makes on a sites file: a
/// non-empty unique id, finite WGS84 coordinates, a criticality > 0. Ids and names are trimmed.
/// @throws InputError naming the site (layer "sites") and the field.
std::vector<Site> sites_from_arrays(const std::vector<std::string>& ids, const Array& lon, const Array& lat,
                                    const std::vector<std::string>& names, const std::vector<std::string>& supply,
                                    const std::vector<double>& criticality) {
    if (static_cast<py::ssize_t>(ids.size()) != lon.size() || lon.size() != lat.size()) {
        throw ConfigError({"python", "", "", "", "ids"}, "ids, lon and lat must have the same length");
    }
    std::vector<Site> sites;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        Site s;
        s.id = trim(ids[i]);
        auto fail = [&](const std::string& field, const std::string& why) {
            throw InputError({"python", sites_source, "sites", s.id.empty() ? "index " + std::to_string(i) : s.id, field}, why);
        };
        if (s.id.empty()) {
            fail("id", "empty id");
        }
        if (!seen.insert(s.id).second) {
            fail("id", "duplicate id: another site has the same id");
        }
        s.name = i < names.size() ? trim(names[i]) : s.id;
        s.location = {lon.data()[i], lat.data()[i]};
        if (!s.location.valid()) {
            fail("geometry", "coordinates are NaN or infinite");
        }
        if (std::abs(s.location.lat_deg) > 90.0 || std::abs(s.location.lon_deg) > 540.0) {  // the readers' vertex rule
            fail("geometry", "coordinates out of range for WGS84 (lon " + swx::format_number(s.location.lon_deg) + ", lat " +
                                 swx::format_number(s.location.lat_deg) + ")");
        }
        s.location.lon_deg = normalized_lon_deg(s.location.lon_deg);  // [-180, 180), as the sites reader
        if (i < supply.size()) {
            s.supply_substations = parse_supply_ids(supply[i]);
        }
        s.criticality = i < criticality.size() ? criticality[i] : 1.0;
        if (!std::isfinite(s.criticality) || s.criticality <= 0.0) {
            fail("criticality", "expected a number > 0, got '" + format_number(s.criticality) + "'");
        }
        sites.push_back(std::move(s));
    }
    return sites;
}

/// The keywords of run_study that are scenario-file keys.
struct StudyKeywords {
    std::string grid, earth_regions, earth_model, models;
    std::string scenario, waveform, magnetometer;
    io::MagnetometerOptions magnetometer_options;
    double epoch = 2025.0;
    double supply_radius_km = 50.0;
    py::dict index;
    std::string hazard, hazard_profile, hazard_terms;
    ReturnPeriodSettings return_period;
    io::FieldConfig field;  ///< many magnetometers and MT sites
};

/// The configuration a scenario file with these keys would give, checked as load_study_config checks
/// one (io::check_study_config). Without a scenario and a magnetometer, the scenario is the NERC
/// benchmark. `index` keys are the scenario file's [index] keys (io::set_index_parameter).
/// @throws ConfigError with the scenario reader's message.
io::StudyConfig study_config(const StudyKeywords& k) {
    io::StudyConfig c;
    c.name = "python study";
    c.sites = sites_source;
    c.grid = k.grid;
    c.earth_regions = k.earth_regions;
    c.earth_model = k.earth_model;
    c.models_dir = k.models;
    c.scenario = k.scenario.empty() && k.magnetometer.empty() && k.field.magnetometers.empty() && k.hazard.empty()
                     ? std::string(io::scenario_names[0])
                     : k.scenario;
    c.field = k.field;
    c.hazard = k.hazard;
    c.hazard_profile = k.hazard_profile;
    c.hazard_terms = k.hazard_terms;
    c.return_period = k.return_period;
    if (c.hazard.empty() && (k.return_period.report_periods_years != ReturnPeriodSettings{}.report_periods_years ||
                             k.return_period.threshold_a != ReturnPeriodSettings{}.threshold_a ||
                             k.return_period.no_grid_e_star_v_per_km != ReturnPeriodSettings{}.no_grid_e_star_v_per_km ||
                             !k.hazard_profile.empty() || !k.hazard_terms.empty())) {
        throw ConfigError({"python", "", "", "", "hazard"},
                          "return_periods_years, threshold_a, e_star_v_per_km, hazard_profile and hazard_terms belong to "
                          "hazard=\"return-period\"");
    }
    c.waveform = k.waveform;
    c.magnetometer = k.magnetometer;
    c.magnetometer_options = k.magnetometer_options;
    c.epoch = k.epoch;
    c.supply_radius_km = k.supply_radius_km;
    for (const auto& [key, value] : k.index) {
        const std::string name = py::str(key);
        double x = 0.0;
        try {
            x = value.cast<double>();
        } catch (const py::cast_error&) {
            throw ConfigError({"scenario", "", "", "", "index." + name}, "expected a number");
        }
        io::set_index_parameter(c.index, c.supply_radius_km, name, x, {"scenario", "", "", "", ""});
    }
    io::check_study_config(c);
    return c;
}

py::dict run_study(const std::vector<std::string>& ids, const Array& lon, const Array& lat, const std::vector<std::string>& names,
                   const std::vector<std::string>& supply, const std::vector<double>& criticality, StudyKeywords k) {
    const io::StudyConfig c = study_config(k);
    const std::vector<Site> sites = sites_from_arrays(ids, lon, lat, names, supply, criticality);
    const study::StudyResult r = with_problems([&](ProblemSink& problems) { return study::run_study(c, sites, problems); });
    return table_dict(sites_table(r.sites));
}

py::dict run_study_file(const std::string& scenario_file, const std::string& out, bool overwrite, bool write) {
    io::StudyConfig c = io::load_study_config(scenario_file);
    if (!out.empty()) {
        c.out_dir = out;
    }
    if (write) {
        study::check_output_folder(c.out_dir, overwrite);  // before the work, as `swxrisk run`
    }
    const study::StudyResult r = with_problems([&](ProblemSink& problems) {
        study::StudyResult result = study::run_study(c, problems);
        if (write) {
            study::write_study(c, result, overwrite);
        }
        return result;
    });
    return table_dict(sites_table(r.sites));
}

}  // namespace

void bind_study(py::module_& m) {
    namespace o = io::options;
    m.def("run_study_file", &run_study_file, py::arg("scenario_file"), py::arg("out") = "", py::arg("overwrite") = false,
          py::arg("write") = true,
          "Run a study from a scenario file (swxrisk run); returns the sites table as a dict of arrays. Problems are "
          "emitted as SwxWarning");
    m.def(
        "run_study",
        [](const std::vector<std::string>& ids, const Array& lon, const Array& lat, const std::vector<std::string>& names,
           const std::vector<std::string>& supply, const std::vector<double>& criticality, const std::string& grid,
           const std::string& earth_regions, const std::string& earth_model, const std::string& scenario,
           const std::string& magnetometer, double epoch, double supply_radius_km, const py::dict& index, const std::string& models,
           const std::string& waveform, const std::string& time_column, const std::string& x_column, const std::string& y_column,
           double max_gap_s, const std::string& hazard, const std::vector<double>& return_periods_years, double threshold_a,
           double e_star_v_per_km, const std::string& hazard_profile, const std::string& hazard_terms,
           const std::string& magnetometers, const std::string& stations, const std::string& baseline, const std::string& mt_sites,
           double mt_max_distance_km, const std::string& mt_interpolation, double line_sample_km, double secs_pole_spacing_deg,
           double secs_margin_deg, double secs_epsilon, const std::string& secs_regularisation) {
            StudyKeywords k{grid,     earth_regions, earth_model, models, scenario, waveform, magnetometer,
                            {time_column, x_column, y_column, max_gap_s}, epoch, supply_radius_km, index, hazard, hazard_profile,
                            hazard_terms, ReturnPeriodSettings{}, io::FieldConfig{}};
            k.field.magnetometers = magnetometers;
            k.field.stations = stations;
            k.field.baseline = baseline;
            k.field.mt_sites = mt_sites;
            k.field.mt_max_distance_km = mt_max_distance_km;
            k.field.mt_interpolation = mt_interpolation;
            k.field.line_sample_km = line_sample_km;
            k.field.secs_pole_spacing_deg = secs_pole_spacing_deg;
            k.field.secs_margin_deg = secs_margin_deg;
            k.field.secs_epsilon = secs_epsilon;
            k.field.secs_regularisation = secs_regularisation;
            k.return_period.report_periods_years = return_periods_years;
            k.return_period.threshold_a = threshold_a;
            k.return_period.no_grid_e_star_v_per_km = e_star_v_per_km;
            return run_study(ids, lon, lat, names, supply, criticality, std::move(k));
        },
        py::arg("ids"), py::arg("lon_deg"), py::arg("lat_deg"), py::arg("names") = std::vector<std::string>{},
        py::arg("supply_substations") = std::vector<std::string>{}, py::arg("criticality") = std::vector<double>{},
        py::arg("grid") = "", arg(o::earth_regions) = "", arg(o::earth_model) = "", arg(o::scenario) = "",
        arg(o::magnetometer) = "", arg(o::epoch) = 2025.0, arg(o::supply_radius_km) = 50.0, py::arg("index") = py::dict(),
        arg(o::models) = "", arg(o::waveform) = "", arg(o::time_column) = "", arg(o::x_column) = "", arg(o::y_column) = "",
        arg(o::max_gap_s) = io::MagnetometerOptions{}.max_gap_s, arg(o::hazard) = "",
        arg(o::return_periods_years) = ReturnPeriodSettings{}.report_periods_years, arg(o::hazard_threshold_a) = ReturnPeriodSettings{}.threshold_a,
        arg(o::e_star_v_per_km) = ReturnPeriodSettings{}.no_grid_e_star_v_per_km, arg(o::hazard_profile) = "", arg(o::hazard_terms) = "",
        arg(o::magnetometers) = "", arg(o::stations) = "", arg(o::baseline) = "median", arg(o::mt_sites) = "",
        arg(o::mt_max_distance_km) = io::FieldConfig{}.mt_max_distance_km, arg(o::mt_interpolation) = "nearest",
        arg(o::line_sample_km) = io::FieldConfig{}.line_sample_km, arg(o::secs_pole_spacing_deg) = io::FieldConfig{}.secs_pole_spacing_deg,
        arg(o::secs_margin_deg) = io::FieldConfig{}.secs_margin_deg, arg(o::secs_epsilon) = io::FieldConfig{}.secs_epsilon,
        arg(o::secs_regularisation) = "tsvd",
        "Rank candidate sites given as arrays; returns the sites table as a dict of arrays. The keywords are the scenario "
        "file's keys (docs/scenario-format.md); without scenario, magnetometer and hazard the scenario is nerc-benchmark; "
        "hazard=\"return-period\" ranks by return period (docs/hazard-model.md). Problems are emitted as SwxWarning");
}

}  // namespace swx::python
