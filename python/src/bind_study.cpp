// The site-exposure study, through swx::study as `swxrisk run` runs it: from a scenario file, or with
// the sites given as arrays and the scenario file's keys as keywords.

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/base/text.hpp>
#include <swx/io/study_config.hpp>
#include <swx/study/site_study.hpp>

#include <sstream>

namespace swx::python {

namespace {

/// The comma-separated ids of a supply_substations field, each trimmed, as io/sites_reader reads them.
std::vector<std::string> supply_ids(const std::string& field) {
    std::vector<std::string> ids;
    std::stringstream ss(field);
    for (std::string part; std::getline(ss, part, ',');) {
        if (std::string id = trim(part); !id.empty()) {
            ids.push_back(std::move(id));
        }
    }
    return ids;
}

/// Sites from arrays. Ids, names and supply ids are trimmed, as io/sites_reader trims them.
std::vector<Site> sites_from_arrays(const std::vector<std::string>& ids, const Array& lon, const Array& lat,
                                    const std::vector<std::string>& names, const std::vector<std::string>& supply,
                                    const std::vector<double>& criticality) {
    if (static_cast<py::ssize_t>(ids.size()) != lon.size() || lon.size() != lat.size()) {
        throw ConfigError({"python", "", "", "", "ids"}, "ids, lon and lat must have the same length");
    }
    std::vector<Site> sites;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        Site s;
        s.id = trim(ids[i]);
        s.name = i < names.size() ? trim(names[i]) : s.id;
        s.location = {lon.data()[i], lat.data()[i]};
        if (!s.location.valid()) {
            throw InputError({"python", "", "sites", s.id, "geometry"}, "coordinates are NaN or infinite");
        }
        if (i < supply.size()) {
            s.supply_substations = supply_ids(supply[i]);
        }
        s.criticality = i < criticality.size() ? criticality[i] : 1.0;
        sites.push_back(std::move(s));
    }
    return sites;
}

/// The keywords of run_study that are scenario-file keys.
struct StudyKeywords {
    std::string grid, earth_regions, earth_model;
    std::string scenario, magnetometer;
    double epoch = 2025.0;
    double supply_radius_km = 50.0;
    py::dict index;
};

io::StudyConfig study_config(const StudyKeywords& k) {
    io::StudyConfig c;
    c.name = "python study";
    c.sites = "<python objects>";
    c.grid = k.grid;
    c.earth_regions = k.earth_regions;
    c.earth_model = k.earth_model;
    c.scenario = k.scenario;
    c.magnetometer = k.magnetometer;
    c.epoch = k.epoch;
    c.supply_radius_km = k.supply_radius_km;
    for (const auto& [key, v] : k.index) {
        const std::string name = py::str(key);
        const double x = v.cast<double>();
        if (name == "weight_hazard") {
            c.index.weight_hazard = x;
        } else if (name == "weight_grid") {
            c.index.weight_grid = x;
        } else if (name == "e0_v_per_km") {
            c.index.e0_v_per_km = x;
        } else if (name == "i0_a") {
            c.index.i0_a = x;
        } else if (name == "redundancy_exponent") {
            c.index.redundancy_exponent = x;
        } else {
            throw ConfigError({"python", "", "", "", name}, "unknown index parameter");
        }
    }
    c.index.validate();
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
           const std::string& magnetometer, double epoch, double supply_radius_km, const py::dict& index) {
            StudyKeywords k{grid, earth_regions, earth_model, scenario, magnetometer, epoch, supply_radius_km, index};
            return run_study(ids, lon, lat, names, supply, criticality, std::move(k));
        },
        py::arg("ids"), py::arg("lon_deg"), py::arg("lat_deg"), py::arg("names") = std::vector<std::string>{},
        py::arg("supply_substations") = std::vector<std::string>{}, py::arg("criticality") = std::vector<double>{},
        py::arg("grid") = "", arg(o::earth_regions) = "", arg(o::earth_model) = "", arg(o::scenario) = "nerc-benchmark",
        arg(o::magnetometer) = "", arg(o::epoch) = 2025.0, arg(o::supply_radius_km) = 50.0, py::arg("index") = py::dict(),
        "Rank candidate sites given as arrays; returns the sites table as a dict of arrays. Problems are emitted as "
        "SwxWarning");
}

}  // namespace swx::python
