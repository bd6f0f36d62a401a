// The swxrisk Python module: swx::core and swx::io with numpy arrays in and out. Every function here
// forwards to the C++ library (no second implementation); long calls release the GIL.

#include <swx/core/efield/efield.hpp>
#include <swx/core/base/error.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/core/version.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/study/site_study.hpp>
#include <swx/io/waveform.hpp>

#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>

namespace py = pybind11;
using namespace swx;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

Array to_array(const std::vector<double>& v) {
    Array a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

Array to_array(const Eigen::MatrixXd& m) {
    Array a({static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())});
    auto r = a.mutable_unchecked<2>();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            r(i, j) = m(i, j);
        }
    }
    return a;
}

std::vector<double> to_vector(const Array& a) {
    const auto* p = a.data();
    return std::vector<double>(p, p + a.size());
}

swx::DistanceMethod distance_method(const std::string& name) {
    if (name == "geodesic") {
        return swx::DistanceMethod::geodesic;
    }
    if (name == "nerc") {
        return swx::DistanceMethod::nerc;
    }
    throw ConfigError({"python", "", "", "", "distance"}, "expected 'geodesic' or 'nerc', got '" + name + "'");
}

py::dict result_dict(const GicResult& r) {
    py::dict d;
    d["ground_gic_a"] = to_array(r.ground_gic_a);
    d["i_hv_a"] = to_array(r.i_hv_a);
    d["i_lv_a"] = to_array(r.i_lv_a);
    d["ieff_a"] = to_array(r.ieff_a);
    d["ieff_signed_a"] = to_array(r.ieff_signed_a);
    d["line_emf_v"] = to_array(r.line_emf_v);
    d["line_gic_a"] = to_array(r.line_gic_a);
    return d;
}

py::dict table_dict(const FeatureTable& t) {
    py::dict d;
    for (const auto& c : t.columns) {
        if (const auto* num = std::get_if<std::vector<double>>(&c.values)) {
            d[py::str(c.name)] = to_array(*num);
        } else {
            d[py::str(c.name)] = std::get<std::vector<std::string>>(c.values);
        }
    }
    return d;
}

/// A grid read from a datasource (or generated), kept with its solver.
struct PyGrid {
    Network network;
    std::string source;
};

struct PySolver {
    std::shared_ptr<PyGrid> grid;
    std::unique_ptr<GicSolver> solver;
    std::vector<std::string> warnings;
};

/// Fields (sources, steps) and a coupling (lines, sources, 2) from numpy, checked against the grid.
struct SeriesInput {
    FieldSources fields;
    std::vector<LineCoupling> couplings;
    std::size_t steps = 0;
};

SeriesInput series_input(const Network& network, const Array& e_north, const Array& e_east, const Array& coupling,
                         const std::string& where) {
    const auto en = e_north.request();
    const auto ee = e_east.request();
    const auto cp = coupling.request();
    const std::size_t lines = network.lines.size();
    if (en.ndim != 2 || ee.ndim != 2 || en.shape != ee.shape || cp.ndim != 3 || static_cast<std::size_t>(cp.shape[0]) != lines ||
        cp.shape[1] != en.shape[0] || cp.shape[2] != 2) {
        throw ConfigError({"python", where, "", "", "coupling"},
                          "expected e_north, e_east of shape (sources, steps) and coupling of shape (lines, sources, 2)");
    }
    SeriesInput in;
    const auto sources = static_cast<std::size_t>(en.shape[0]);
    in.steps = static_cast<std::size_t>(en.shape[1]);
    for (std::size_t k = 0; k < sources; ++k) {
        in.fields.e_north_v_per_km.emplace_back(e_north.data() + k * in.steps, e_north.data() + (k + 1) * in.steps);
        in.fields.e_east_v_per_km.emplace_back(e_east.data() + k * in.steps, e_east.data() + (k + 1) * in.steps);
    }
    in.couplings.resize(lines);
    for (std::size_t l = 0; l < lines; ++l) {
        for (std::size_t k = 0; k < sources; ++k) {
            const double* d = coupling.data() + (l * sources + k) * 2;
            if (d[0] != 0.0 || d[1] != 0.0) {
                in.couplings[l].parts.push_back({k, {d[0], d[1]}});
            }
        }
    }
    return in;
}

template <class F>
auto vectorise2(const Array& a, const Array& b, F f) {
    if (a.size() != b.size()) {
        throw ConfigError({"python", "", "", "", ""}, "arrays must have the same size");
    }
    Array out(a.request().shape);
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        out.mutable_data()[i] = f(a.data()[i], b.data()[i]);
    }
    return out;
}

}  // namespace

PYBIND11_MODULE(_swxrisk, m) {
    m.doc() = "swxrisk: geomagnetically induced currents, geoelectric fields and site exposure (C++ engine)";
    m.attr("__version__") = version_string;

    // Errors: the same classes and messages as the C++ library (and the CLI's "ERROR: ..." lines).
    static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
    static py::exception<ConfigError> config_error(m, "ConfigError", error.ptr());
    static py::exception<InputError> input_error(m, "InputError", error.ptr());
    static py::exception<CrsError> crs_error(m, "CrsError", error.ptr());
    static py::exception<ModelRangeError> range_error(m, "ModelRangeError", error.ptr());
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) {
                std::rethrow_exception(p);
            }
        } catch (const ConfigError& e) {
            config_error(e.what());
        } catch (const InputError& e) {
            input_error(e.what());
        } catch (const CrsError& e) {
            crs_error(e.what());
        } catch (const ModelRangeError& e) {
            range_error(e.what());
        } catch (const Error& e) {
            error(e.what());
        }
    });

    // ---- grids --------------------------------------------------------------------------------
    py::class_<PyGrid, std::shared_ptr<PyGrid>>(m, "Grid", "A power grid (substations, buses, transformers, lines)")
        .def_property_readonly("source", [](const PyGrid& g) { return g.source; })
        .def_property_readonly("substation_ids", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& s : g.network.substations) v.push_back(s.id);
            return v;
        })
        .def_property_readonly("substation_names", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& s : g.network.substations) v.push_back(s.name);
            return v;
        })
        .def_property_readonly("substation_lat_deg", [](const PyGrid& g) {
            std::vector<double> v;
            for (const auto& s : g.network.substations) v.push_back(s.location.lat_deg);
            return to_array(v);
        })
        .def_property_readonly("substation_lon_deg", [](const PyGrid& g) {
            std::vector<double> v;
            for (const auto& s : g.network.substations) v.push_back(s.location.lon_deg);
            return to_array(v);
        })
        .def_property_readonly("grounding_ohm", [](const PyGrid& g) {
            std::vector<double> v;
            for (const auto& s : g.network.substations) v.push_back(s.grounding_ohm.value_or(not_a_number));
            return to_array(v);
        })
        .def_property_readonly("bus_ids", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& b : g.network.buses) v.push_back(b.id);
            return v;
        })
        .def_property_readonly("transformer_ids", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& t : g.network.transformers) v.push_back(t.id);
            return v;
        })
        .def_property_readonly("transformer_types", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& t : g.network.transformers) v.emplace_back(to_string(t.type));
            return v;
        })
        .def_property_readonly("transformer_substation_ids", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& t : g.network.transformers) v.push_back(g.network.substations[g.network.substation_of(t)].id);
            return v;
        })
        .def_property_readonly("line_ids", [](const PyGrid& g) {
            std::vector<std::string> v;
            for (const auto& l : g.network.lines) v.push_back(l.id);
            return v;
        })
        .def_property_readonly("line_r_ohm", [](const PyGrid& g) {
            std::vector<double> v;
            for (const auto& l : g.network.lines) v.push_back(l.r_ohm);
            return to_array(v);
        })
        .def_property_readonly("line_length_km", [](const PyGrid& g) { return to_array(swx::line_lengths_km(g.network)); })
        .def("summary", [](const PyGrid& g) {
            return py::dict(py::arg("substations") = g.network.substations.size(), py::arg("buses") = g.network.buses.size(),
                            py::arg("transformers") = g.network.transformers.size(), py::arg("lines") = g.network.lines.size());
        })
        .def("write", [](const PyGrid& g, const std::string& path) { io::write_grid(g.network, path); }, py::arg("path"),
             "Write the grid as a GeoPackage in the swxrisk grid format");

    m.def("read_grid", [](const std::string& path) {
        auto g = std::make_shared<PyGrid>();
        ProblemSink problems;
        {
            py::gil_scoped_release release;
            g->network = io::read_grid(path, problems).network;
        }
        g->source = path;
        return g;
    }, py::arg("path"), "Read a grid from any OGR datasource (GeoPackage, folder of GeoJSON files, ...)");
    m.def("synthetic_grid", [](std::size_t n, std::uint64_t seed) {
        auto g = std::make_shared<PyGrid>();
        SyntheticGridOptions o;
        o.substations = n;
        o.seed = seed;
        g->network = make_synthetic_grid(o);
        g->source = "synthetic";
        return g;
    }, py::arg("n_substations"), py::arg("seed") = 1);

    // ---- GIC ----------------------------------------------------------------------------------
    py::class_<PySolver>(m, "GicSolver", "The grid's DC network, factored once; solve for any field")
        .def(py::init([](std::shared_ptr<PyGrid> grid) {
                 auto s = std::make_unique<PySolver>();
                 s->grid = std::move(grid);
                 ProblemSink problems;
                 {
                     py::gil_scoped_release release;
                     validate_network(s->grid->network, {s->grid->source});
                     s->solver = std::make_unique<GicSolver>(s->grid->network, problems);
                 }
                 for (const auto& p : problems.problems()) s->warnings.push_back(format_problem(p));
                 return s;
             }),
             py::arg("grid"))
        .def_property_readonly("warnings", [](const PySolver& s) { return s.warnings; })
        .def("line_displacements", [](const PySolver& s, const std::string& distance) {
            const auto d = swx::line_displacements(s.grid->network, distance_method(distance));
            Array a({static_cast<py::ssize_t>(d.size()), py::ssize_t{2}});
            auto r = a.mutable_unchecked<2>();
            for (std::size_t i = 0; i < d.size(); ++i) {
                r(static_cast<py::ssize_t>(i), 0) = d[i].north_km;
                r(static_cast<py::ssize_t>(i), 1) = d[i].east_km;
            }
            return a;
        }, py::arg("distance") = "geodesic", "Line displacements (north_km, east_km), shape (lines, 2)")
        .def("solve_uniform", [](const PySolver& s, double e, double azimuth, const std::string& distance) {
            UniformGicStudy study;
            {
                py::gil_scoped_release release;
                const auto d = swx::line_displacements(s.grid->network, distance_method(distance));
                study = run_uniform_gic(s.grid->network, d, *s.solver, e, azimuth, false);
            }
            return result_dict(study.result);
        }, py::arg("e_v_per_km"), py::arg("azimuth_deg"), py::arg("distance") = "geodesic")
        .def("sweep", [](const PySolver& s, double e, const std::string& distance) {
            UniformGicStudy study;
            {
                py::gil_scoped_release release;
                const auto d = swx::line_displacements(s.grid->network, distance_method(distance));
                study = run_uniform_gic(s.grid->network, d, *s.solver, e, 0.0, true);
            }
            py::dict out;
            out["ieff_max_a"] = to_array(study.sweep->ieff_max_a);
            out["worst_azimuth_deg"] = to_array(study.sweep->worst_azimuth_deg);
            return out;
        }, py::arg("e_v_per_km"), py::arg("distance") = "geodesic")
        .def("solve_emf", [](const PySolver& s, const Array& emf) {
            const auto info = emf.request();
            const std::size_t lines = s.grid->network.lines.size();
            if ((info.ndim != 1 && info.ndim != 2) || static_cast<std::size_t>(info.shape[0]) != lines) {
                throw ConfigError({"python", "", "", "", "line_emf_v"}, "expected shape (lines,) or (lines, steps) with lines = " + std::to_string(lines));
            }
            const Eigen::Index cols = info.ndim == 1 ? 1 : info.shape[1];
            Eigen::MatrixXd v(static_cast<Eigen::Index>(lines), cols);
            for (Eigen::Index i = 0; i < v.rows(); ++i) {
                for (Eigen::Index j = 0; j < cols; ++j) {
                    v(i, j) = emf.data()[i * cols + j];
                }
            }
            Eigen::MatrixXd ground, ieff, line;
            {
                py::gil_scoped_release release;
                s.solver->solve_many(v, &ground, &ieff, &line);
            }
            py::dict out;
            out["ground_gic_a"] = to_array(ground);
            out["ieff_a"] = to_array(Eigen::MatrixXd(ieff.cwiseAbs()));
            out["line_gic_a"] = to_array(line);
            return out;
        }, py::arg("line_emf_v"), "Many right-hand sides: line EMFs (lines,) or (lines, steps) → currents (element, steps)")
        .def("timeseries", [](const PySolver& s, const Array& e_north, const Array& e_east, const Array& coupling, double dt_s,
                              double threshold_a, bool keep_series) {
            const SeriesInput in = series_input(s.grid->network, e_north, e_east, coupling, "");
            const std::size_t steps = in.steps;
            Eigen::MatrixXd series;
            if (keep_series) {
                series.resize(static_cast<Eigen::Index>(s.grid->network.transformers.size()), static_cast<Eigen::Index>(steps));
            }
            GicTimeSeriesStats stats;
            {
                py::gil_scoped_release release;
                stats = run_gic_timeseries(s.grid->network, *s.solver, in.couplings, in.fields, dt_s, threshold_a,
                                           [&](const GicBlock& b) {
                                               if (keep_series) {
                                                   series.middleCols(static_cast<Eigen::Index>(b.first_step), b.ieff_a->cols()) = *b.ieff_a;
                                               }
                                           });
            }
            py::dict out;
            out["ieff_peak_a"] = to_array(stats.ieff_peak_a);
            std::vector<double> step(stats.ieff_peak_step.begin(), stats.ieff_peak_step.end());
            out["ieff_peak_step"] = to_array(step);
            std::vector<double> minutes;
            for (double x : stats.time_above_threshold_s) minutes.push_back(x / 60.0);
            out["minutes_above_threshold"] = to_array(minutes);
            out["ground_gic_peak_abs_a"] = to_array(stats.ground_peak_abs_a);
            out["line_emf_peak_abs_v"] = to_array(stats.line_emf_peak_abs_v);
            if (keep_series) {
                out["ieff_a"] = to_array(series);
            }
            return out;
        }, py::arg("e_north_v_per_km"), py::arg("e_east_v_per_km"), py::arg("coupling"), py::arg("dt_s"),
           py::arg("threshold_a") = 75.0, py::arg("keep_series") = false,
           "GIC over time: fields (sources, steps), coupling (lines, sources, 2) in km; one factorisation")
        .def("timeseries_to_hdf5", [](const PySolver& s, const Array& e_north, const Array& e_east, const Array& coupling, double dt_s,
                                      const std::string& path, std::int64_t t0_unix_s, const std::vector<std::string>& source_names,
                                      double threshold_a) {
            const SeriesInput in = series_input(s.grid->network, e_north, e_east, coupling, path);
            std::vector<std::string> names = source_names;
            for (std::size_t k = names.size(); k < in.fields.e_north_v_per_km.size(); ++k) {
                names.push_back("source " + std::to_string(k + 1));
            }
            py::gil_scoped_release release;
            io::OutputFile out(path, true);
            io::Provenance provenance;
            provenance.grid = s.grid->source;
            provenance.storm = "fields given from Python";
            provenance.method = "swxrisk Python: GicSolver.timeseries_to_hdf5";
            provenance.models = names;
            {
                io::GicTimeSeriesWriter writer(out.staged(), s.grid->network, {t0_unix_s, dt_s, in.steps}, names, in.fields,
                                               provenance, threshold_a);
                const auto stats = run_gic_timeseries(s.grid->network, *s.solver, in.couplings, in.fields, dt_s, threshold_a,
                                                      [&](const GicBlock& b) { writer.write_block(b); });
                writer.finish(stats);
            }
            out.commit();
        }, py::arg("e_north_v_per_km"), py::arg("e_east_v_per_km"), py::arg("coupling"), py::arg("dt_s"), py::arg("path"),
           py::arg("t0_unix_s") = 0, py::arg("source_names") = std::vector<std::string>{}, py::arg("threshold_a") = 75.0,
           "Run the time series and write gic_timeseries-style HDF5 (docs/output-formats.md) to `path`");

    // ---- earth --------------------------------------------------------------------------------
    py::class_<EarthModel>(m, "EarthModel", "A 1-D layered earth model")
        .def(py::init([](const Array& layers, double half_space, const std::string& name) {
                 const auto info = layers.request();
                 if (info.ndim != 2 || info.shape[1] != 2) {
                     throw ConfigError({"python", "", "", "", "layers"}, "expected shape (n, 2): thickness_m, resistivity_ohm_m");
                 }
                 std::vector<EarthLayer> v;
                 for (py::ssize_t i = 0; i < info.shape[0]; ++i) v.push_back({layers.data()[2 * i], layers.data()[2 * i + 1]});
                 return EarthModel(name, v, half_space);
             }),
             py::arg("layers"), py::arg("half_space_resistivity_ohm_m"), py::arg("name") = "user")
        .def_property_readonly("name", &EarthModel::name)
        .def_property_readonly("description", &EarthModel::description)
        .def_property_readonly("source", &EarthModel::source)
        .def_property_readonly("half_space_resistivity_ohm_m", &EarthModel::half_space_resistivity_ohm_m)
        .def_property_readonly("layers", [](const EarthModel& e) {
            Array a({static_cast<py::ssize_t>(e.layers().size()), py::ssize_t{2}});
            for (std::size_t i = 0; i < e.layers().size(); ++i) {
                a.mutable_data()[2 * i] = e.layers()[i].thickness_m;
                a.mutable_data()[2 * i + 1] = e.layers()[i].resistivity_ohm_m;
            }
            return a;
        })
        .def("impedance", [](const EarthModel& e, const Array& f) {
            const auto z = e.impedance_ohm(std::span<const double>(f.data(), static_cast<std::size_t>(f.size())));
            py::array_t<std::complex<double>> out(f.size());
            std::copy(z.begin(), z.end(), out.mutable_data());
            return out;
        }, py::arg("frequency_hz"), "Surface impedance Z (ohm) at each frequency")
        .def("apparent_resistivity", [](const EarthModel& e, const Array& f) {
            Array out(f.size());
            for (py::ssize_t i = 0; i < f.size(); ++i) out.mutable_data()[i] = e.apparent_resistivity_ohm_m(f.data()[i]);
            return out;
        }, py::arg("frequency_hz"))
        .def("phase_deg", [](const EarthModel& e, const Array& f) {
            Array out(f.size());
            for (py::ssize_t i = 0; i < f.size(); ++i) out.mutable_data()[i] = e.phase_deg(f.data()[i]);
            return out;
        }, py::arg("frequency_hz"));

    m.def("earth_models", [] { return io::load_default_earth_models().names(); }, "Names of the bundled earth models");
    m.def("earth_model", [](const std::string& name) { return io::load_default_earth_models().find(name); }, py::arg("name"));
    m.def("nerc_beta_table", [] {
        py::dict d;
        for (const auto& [k, v] : io::load_default_beta_table()) {
            d[py::str(k)] = py::make_tuple(v.benchmark, v.supplemental);
        }
        return d;
    }, "NERC beta per region: (benchmark, supplemental)");
    m.def("geoelectric_from_magnetic", [](const EarthModel& model, const Array& bx, const Array& by, double dt_s) {
        GeoelectricSeries e;
        const auto x = to_vector(bx);
        const auto y = to_vector(by);
        {
            py::gil_scoped_release release;
            e = geoelectric_from_magnetic(model, x, y, dt_s);
        }
        return py::make_tuple(to_array(e.ex_v_per_km), to_array(e.ey_v_per_km));
    }, py::arg("model"), py::arg("bx_nt"), py::arg("by_nt"), py::arg("dt_s"), "E(t) (ex north, ey east; V/km) from B(t) in nT");
    m.def("beta_factor", [](const EarthModel& model, const Array& en, const Array& ee, double dt_s) {
        const auto n = to_vector(en);
        const auto e = to_vector(ee);
        py::gil_scoped_release release;
        return beta_factor(model, io::load_default_earth_models().find("QUE"), n, e, dt_s);
    }, py::arg("model"), py::arg("e_north_v_per_km"), py::arg("e_east_v_per_km"), py::arg("dt_s"),
       "beta of a model under a NERC waveform (over the Quebec reference)");

    // ---- geomagnetism and scenarios -----------------------------------------------------------
    m.def("dipole_latitude_deg", [](const Array& lat, const Array& lon, double epoch) {
        const DipoleCoefficients c = dipole_coefficients(epoch);
        return vectorise2(lat, lon, [&](double a, double b) { return dipole_latitude_deg(a, b, c); });
    }, py::arg("lat_deg"), py::arg("lon_deg"), py::arg("epoch") = 2025.0, "Centred-dipole latitude (IGRF-14)");
    m.def("nerc_alpha", [](const Array& lat) {
        Array out(lat.request().shape);
        for (py::ssize_t i = 0; i < lat.size(); ++i) out.mutable_data()[i] = nerc_alpha(lat.data()[i]);
        return out;
    }, py::arg("geomagnetic_lat_deg"));
    m.def("nerc_peak_field_v_per_km", [](const std::string& event, double alpha, double beta) {
        return nerc_peak_field_v_per_km(parse_nerc_event(event), alpha, beta);
    }, py::arg("scenario"), py::arg("alpha"), py::arg("beta"));

    // ---- readers and writers ------------------------------------------------------------------
    m.def("read_magnetometer", [](const std::string& path, const std::string& time_column, const std::string& x_column,
                                  const std::string& y_column, double max_gap_s) {
        io::MagnetometerOptions o{time_column, x_column, y_column, max_gap_s};
        io::MagnetometerSeries s;
        {
            py::gil_scoped_release release;
            s = io::read_magnetometer(path, o);
        }
        py::array_t<std::int64_t> t(static_cast<py::ssize_t>(s.size()));
        for (std::size_t i = 0; i < s.size(); ++i) {
            t.mutable_data()[i] = s.t0_unix_s + static_cast<std::int64_t>(std::llround(static_cast<double>(i) * s.dt_s));
        }
        py::dict d;
        d["t_unix_s"] = t;
        d["bx_nt"] = to_array(s.bx_nt);
        d["by_nt"] = to_array(s.by_nt);
        d["dt_s"] = s.dt_s;
        d["station"] = s.station;
        d["latitude_deg"] = s.latitude_deg;
        d["longitude_deg"] = s.longitude_deg;
        d["n_interpolated"] = s.n_interpolated;
        return d;
    }, py::arg("path"), py::arg("time_column") = "", py::arg("x_column") = "", py::arg("y_column") = "", py::arg("max_gap_s") = 300.0);
    m.def("read_geoelectric_waveform", [](const std::string& path) {
        const auto w = io::read_geoelectric_waveform(path);
        py::dict d;
        d["t_s"] = to_array(w.t_s);
        d["e_north_v_per_km"] = to_array(w.e_north_v_per_km);
        d["e_east_v_per_km"] = to_array(w.e_east_v_per_km);
        d["dt_s"] = w.dt_s;
        return d;
    }, py::arg("path"));
    m.def("write_geotiff", [](const Array& values, std::array<double, 4> bbox, double resolution, const std::string& path,
                              const std::string& crs, const std::string& description, const std::string& units, bool overwrite) {
        const auto info = values.request();
        Raster r = Raster::nodata({bbox[0], bbox[1], bbox[2], bbox[3], resolution}, description, units);
        if (info.ndim != 2 || static_cast<std::size_t>(info.shape[0]) != r.spec.height() ||
            static_cast<std::size_t>(info.shape[1]) != r.spec.width()) {
            throw ConfigError({"python", path, "", "", "values"}, "expected shape (" + std::to_string(r.spec.height()) + ", " +
                                                                    std::to_string(r.spec.width()) + ") for this bbox and resolution");
        }
        for (py::ssize_t i = 0; i < values.size(); ++i) r.values[static_cast<std::size_t>(i)] = static_cast<float>(values.data()[i]);
        io::RasterWriteOptions o;
        o.crs = crs;
        o.overwrite = overwrite;
        py::gil_scoped_release release;
        io::write_geotiff(r, path, o);
    }, py::arg("values"), py::arg("bbox"), py::arg("resolution_deg"), py::arg("path"), py::arg("crs") = "EPSG:4326",
       py::arg("description") = "", py::arg("units") = "", py::arg("overwrite") = false,
       "Write a (rows north→south, cols west→east) array as a tiled, compressed GeoTIFF");
    m.def("efield_map", [](const std::string& scenario, const std::string& earth_regions, const std::string& earth_model,
                           std::array<double, 4> bbox, double resolution, double epoch) {
        Raster r;
        {
            py::gil_scoped_release release;
            ProblemSink problems;
            const swx::Ground ground = swx::io::load_ground(earth_regions, earth_model, "", problems);
            const swx::BetaResolver betas = swx::io::load_beta_resolver(parse_nerc_event(scenario), ground.library(), "");
            const swx::NercHazard hazard(parse_nerc_event(scenario), ground, betas, dipole_coefficients(epoch));
            GridSpec spec{bbox[0], bbox[1], bbox[2], bbox[3], resolution};
            spec.validate();
            r = swx::peak_field_map(hazard, spec);
        }
        Array a({static_cast<py::ssize_t>(r.spec.height()), static_cast<py::ssize_t>(r.spec.width())});
        std::copy(r.values.begin(), r.values.end(), a.mutable_data());
        return a;
    }, py::arg("scenario"), py::arg("earth_regions") = "", py::arg("earth_model") = "", py::arg("bbox"), py::arg("resolution_deg"),
       py::arg("epoch") = 2025.0, "Peak field E_ref x alpha x beta (V/km) over a grid, NaN where the ground is unknown");

    // ---- the exposure study -------------------------------------------------------------------
    m.def("run_study_file", [](const std::string& scenario_file, const std::string& out, bool overwrite, bool write) {
        io::StudyConfig c = io::load_study_config(scenario_file);
        if (!out.empty()) c.out_dir = out;
        study::StudyResult r;
        {
            py::gil_scoped_release release;
            ProblemSink problems;
            r = study::run_study(c, problems);
            if (write) study::write_study(c, r, overwrite);
        }
        return table_dict(swx::sites_table(r.sites));
    }, py::arg("scenario_file"), py::arg("out") = "", py::arg("overwrite") = false, py::arg("write") = true,
       "Run a study from a scenario file; returns the sites table as a dict of arrays");
    m.def("run_study", [](const std::vector<std::string>& ids, const Array& lon, const Array& lat, const std::vector<std::string>& names,
                          const std::vector<std::string>& supply, const std::vector<double>& criticality, const std::string& grid,
                          const std::string& earth_regions, const std::string& earth_model, const std::string& scenario,
                          const std::string& magnetometer, double epoch, double supply_radius_km, const py::dict& index) {
        if (static_cast<py::ssize_t>(ids.size()) != lon.size() || lon.size() != lat.size()) {
            throw ConfigError({"python", "", "", "", "ids"}, "ids, lon and lat must have the same length");
        }
        io::StudyConfig c;
        c.name = "python study";
        c.sites = "<python objects>";
        c.grid = grid;
        c.earth_regions = earth_regions;
        c.earth_model = earth_model;
        c.scenario = scenario;
        c.magnetometer = magnetometer;
        c.epoch = epoch;
        c.supply_radius_km = supply_radius_km;
        for (const auto& [k, v] : index) {
            const std::string key = py::str(k);
            const double x = v.cast<double>();
            if (key == "weight_hazard") c.index.weight_hazard = x;
            else if (key == "weight_grid") c.index.weight_grid = x;
            else if (key == "e0_v_per_km") c.index.e0_v_per_km = x;
            else if (key == "i0_a") c.index.i0_a = x;
            else if (key == "redundancy_exponent") c.index.redundancy_exponent = x;
            else throw ConfigError({"python", "", "", "", key}, "unknown index parameter");
        }
        c.index.validate();
        std::vector<swx::Site> sites;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            swx::Site s;
            s.id = ids[i];
            s.name = i < names.size() ? names[i] : ids[i];
            s.location = {lon.data()[i], lat.data()[i]};
            if (!s.location.valid()) {
                throw InputError({"python", "", "sites", s.id, "geometry"}, "coordinates are NaN or infinite");
            }
            if (i < supply.size() && !supply[i].empty()) {
                std::stringstream ss(supply[i]);
                for (std::string part; std::getline(ss, part, ',');) s.supply_substations.push_back(part);
            }
            s.criticality = i < criticality.size() ? criticality[i] : 1.0;
            sites.push_back(std::move(s));
        }
        study::StudyResult r;
        {
            py::gil_scoped_release release;
            ProblemSink problems;
            r = study::run_study(c, sites, problems);
        }
        return table_dict(swx::sites_table(r.sites));
    }, py::arg("ids"), py::arg("lon_deg"), py::arg("lat_deg"), py::arg("names") = std::vector<std::string>{},
       py::arg("supply_substations") = std::vector<std::string>{}, py::arg("criticality") = std::vector<double>{},
       py::arg("grid") = "", py::arg("earth_regions") = "", py::arg("earth_model") = "", py::arg("scenario") = "nerc-benchmark",
       py::arg("magnetometer") = "", py::arg("epoch") = 2025.0, py::arg("supply_radius_km") = 50.0, py::arg("index") = py::dict(),
       "Rank candidate sites given as arrays; returns the sites table as a dict of arrays");
}
