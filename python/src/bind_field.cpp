// swxrisk.StormField: a storm's geoelectric field that varies in space (many magnetometers by SECS,
// MT impedance tensors, 1-D regions elsewhere), with E(t) at any points and line couplings for
// GicSolver.timeseries (core/efield/storm_field.hpp, core/emf/field_coupling.hpp).

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/emf/field_coupling.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/study/storm_field_input.hpp>

#include <pybind11/stl.h>

#include <memory>

namespace swx::python {

namespace {

struct PyStormField {
    std::unique_ptr<Ground> ground;
    study::StormFieldInput input;
};

std::vector<GeoPoint> points_of(const Array& lat, const Array& lon) {
    const std::vector<double> la = to_vector(lat);
    const std::vector<double> lo = to_vector(lon);
    if (la.size() != lo.size()) {
        throw ConfigError({"python", "", "", "", "lon_deg"}, "lat_deg and lon_deg differ in length");
    }
    std::vector<GeoPoint> p(la.size());
    for (std::size_t i = 0; i < la.size(); ++i) {
        p[i] = {lo[i], la[i]};
    }
    return p;
}

py::dict field_at(const PyStormField& f, const Array& lat, const Array& lon, bool series) {
    const std::vector<GeoPoint> points = points_of(lat, lon);
    const StormField& field = *f.input.field;
    std::vector<PointField> at;
    Eigen::MatrixXd ex, ey;
    std::vector<double> peak(points.size(), not_a_number);
    {
        py::gil_scoped_release release;
        at = field.at(points);
        if (series) {
            ex = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(points.size()), static_cast<Eigen::Index>(field.steps()), not_a_number);
            ey = ex;
        }
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (at[i].terms.empty()) {
                continue;
            }
            const GeoelectricSeries e = field.series(at[i]);
            const std::size_t k = interior_peak_index(e);
            peak[i] = std::hypot(e.ex_v_per_km[k], e.ey_v_per_km[k]);
            if (series) {
                for (std::size_t t = 0; t < e.ex_v_per_km.size(); ++t) {
                    ex(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) = e.ex_v_per_km[t];
                    ey(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) = e.ey_v_per_km[t];
                }
            }
        }
    }
    py::dict out;
    out["e_peak_v_per_km"] = to_array(peak);
    if (series) {
        out["ex_v_per_km"] = to_array(ex);
        out["ey_v_per_km"] = to_array(ey);
    }
    std::vector<std::string> mt, stations, model;
    std::vector<double> km, sigma, station_km;
    for (const auto& p : at) {
        mt.push_back(p.provenance.mt_site);
        km.push_back(p.provenance.mt_distance_km);
        stations.push_back(p.provenance.stations);
        model.push_back(p.provenance.earth_model);
        sigma.push_back(p.provenance.b_sigma_nt);
        station_km.push_back(p.provenance.nearest_station_km);
    }
    out["mt_site"] = mt;
    out["mt_distance_km"] = to_array(km);
    out["earth_model"] = model;
    out["stations"] = stations;
    out["b_sigma_nt"] = to_array(sigma);
    out["nearest_station_km"] = to_array(station_km);
    return out;
}

py::tuple sources(const PyStormField& f) {
    const StormField& field = *f.input.field;
    Eigen::MatrixXd n(static_cast<Eigen::Index>(field.sources()), static_cast<Eigen::Index>(field.steps()));
    Eigen::MatrixXd e(n.rows(), n.cols());
    std::vector<std::string> names;
    for (std::size_t k = 0; k < field.sources(); ++k) {
        for (std::size_t t = 0; t < field.steps(); ++t) {
            n(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(t)) = field.source_north(k)[t];
            e(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(t)) = field.source_east(k)[t];
        }
        names.push_back(field.source_name(k));
    }
    return py::make_tuple(to_array(n), to_array(e), names);
}

Array coupling(const PyStormField& f, const PyGrid& grid, double line_sample_km) {
    io::options::line_sample_km.check(line_sample_km, {"python", "", "", "", "line_sample_km"});
    FieldLineCoupling c = with_problems([&](ProblemSink&) {
        return naming_grid_files(grid.files, [&] { return couple_lines(grid.network, *f.input.field, line_sample_km); });
    });
    const std::size_t lines = grid.network.lines.size();
    const std::size_t k = f.input.field->sources();
    Array a({static_cast<py::ssize_t>(lines), static_cast<py::ssize_t>(k), py::ssize_t{2}});
    std::fill(a.mutable_data(), a.mutable_data() + a.size(), 0.0);
    for (std::size_t l = 0; l < lines; ++l) {
        for (const auto& part : c.couplings[l].parts) {
            a.mutable_data()[(l * k + part.source) * 2] += part.d.north_km;
            a.mutable_data()[(l * k + part.source) * 2 + 1] += part.d.east_km;
        }
    }
    return a;
}

}  // namespace

void bind_field(py::module_& m) {
    namespace o = io::options;
    py::class_<PyStormField, std::shared_ptr<PyStormField>>(
        m, "StormField",
        "A storm's geoelectric field varying in space: one record (uniform B) or many (SECS between stations), over MT "
        "impedance tensors within mt_max_distance_km and the 1-D earth models elsewhere (docs/geoelectric-model.md)")
        .def(py::init([](const std::string& magnetometer, const std::string& magnetometers, const std::string& stations,
                         const std::string& baseline, const std::string& mt_sites, double mt_max_distance_km,
                         const std::string& mt_interpolation, const std::string& earth_regions, const std::string& earth_model,
                         const std::string& models, double secs_pole_spacing_deg, double secs_margin_deg, double secs_epsilon,
                         const std::string& secs_regularisation, double max_gap_s, const std::string& time_column,
                         const std::string& x_column, const std::string& y_column) {
                 auto f = std::make_shared<PyStormField>();
                 study::StormRequest storm;
                 storm.magnetometer = magnetometer;
                 storm.magnetometer_options.max_gap_s = max_gap_s;
                 storm.magnetometer_options.time_column = time_column;
                 storm.magnetometer_options.x_column = x_column;
                 storm.magnetometer_options.y_column = y_column;
                 storm.field.magnetometers = magnetometers;
                 storm.field.stations = stations;
                 storm.field.baseline = baseline;
                 storm.field.mt_sites = mt_sites;
                 storm.field.mt_max_distance_km = mt_max_distance_km;
                 storm.field.mt_interpolation = mt_interpolation;
                 storm.field.secs_pole_spacing_deg = secs_pole_spacing_deg;
                 storm.field.secs_margin_deg = secs_margin_deg;
                 storm.field.secs_epsilon = secs_epsilon;
                 storm.field.secs_regularisation = secs_regularisation;
                 with_problems([&](ProblemSink& problems) {
                     f->ground = std::make_unique<Ground>(io::load_ground(earth_regions, earth_model, models, problems));
                     f->input = study::load_storm_field(storm, *f->ground, problems, "python", false);
                 });
                 return f;
             }),
             arg(o::magnetometer) = "", arg(o::magnetometers) = "", arg(o::stations) = "", arg(o::baseline) = "median",
             arg(o::mt_sites) = "", arg(o::mt_max_distance_km) = 100.0, arg(o::mt_interpolation) = "nearest",
             arg(o::earth_regions) = "", arg(o::earth_model) = "", arg(o::models) = "", arg(o::secs_pole_spacing_deg) = 0.5,
             arg(o::secs_margin_deg) = 5.0, arg(o::secs_epsilon) = 0.1, arg(o::secs_regularisation) = "tsvd",
             arg(o::max_gap_s) = io::MagnetometerOptions{}.max_gap_s, arg(o::time_column) = "", arg(o::x_column) = "",
             arg(o::y_column) = "")
        .def("field_at", &field_at, py::arg("lat_deg"), py::arg("lon_deg"), py::arg("series") = true,
             "E(t) at points: dict with ex_v_per_km, ey_v_per_km (points x steps, NaN where no ground), e_peak_v_per_km "
             "(outside the edge zones), mt_site, mt_distance_km, earth_model, stations, b_sigma_nt, nearest_station_km")
        .def("sources", &sources, "the source pairs: (e_north (K x steps), e_east, names), V/km")
        .def("coupling", &coupling, py::arg("grid"), arg(o::line_sample_km) = 10.0,
             "each line's coefficients on the sources (lines x K x 2, km), for GicSolver.timeseries(e_north, e_east, coupling)")
        .def_property_readonly("t0_unix_s", [](const PyStormField& f) { return f.input.field->t0_unix_s(); })
        .def_property_readonly("dt_s", [](const PyStormField& f) { return f.input.field->dt_s(); })
        .def_property_readonly("steps", [](const PyStormField& f) { return f.input.field->steps(); })
        .def_property_readonly("edge_steps", [](const PyStormField& f) { return f.input.field->edge_steps(); })
        .def_property_readonly("station_ids",
                               [](const PyStormField& f) {
                                   std::vector<std::string> ids;
                                   for (const auto& s : f.input.records.stations) {
                                       ids.push_back(s.id);
                                   }
                                   return ids;
                               })
        .def_property_readonly("description", [](const PyStormField& f) { return f.input.storm_text + "; " + f.input.method_text; });
}

}  // namespace swx::python
