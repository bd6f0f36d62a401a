// GicSolver: a grid's DC network factored once, solved for uniform fields, sweeps, line EMFs and time
// series (in memory or to HDF5).

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/network/qloss.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/output_directory.hpp>

#include <cmath>
#include <functional>
#include <memory>

namespace swx::python {

namespace {

struct PySolver {
    std::shared_ptr<PyGrid> grid;
    std::unique_ptr<GicSolver> solver;
    std::vector<std::string> warnings;
};

/// The check (and message) of option `spec` (io/options.hpp) for a Python keyword of the same name.
void check_keyword(const io::OptionSpec& spec, double value) { spec.check(value, {"python", "", "", "", std::string(spec.key)}); }

DistanceMethod distance_method(const std::string& name) {
    if (name == "geodesic") {
        return DistanceMethod::geodesic;
    }
    if (name == "nerc") {
        return DistanceMethod::nerc;
    }
    throw ConfigError({"python", "", "", "", "distance"}, "expected 'geodesic' or 'nerc', got '" + name + "'");
}

/// Mvar loss of every transformer at effective GICs `ieff_a` (one per transformer).
std::vector<double> qloss_of(const Network& net, const std::vector<double>& ieff_a) {
    std::vector<double> q(net.transformers.size());
    for (std::size_t t = 0; t < q.size(); ++t) {
        q[t] = qloss_mvar(net, net.transformers[t], ieff_a[t]);
    }
    return q;
}

py::dict result_dict(const Network& net, const GicResult& r) {
    py::dict d;
    d["bus_voltage_v"] = to_array(r.bus_voltage_v);
    d["neutral_voltage_v"] = to_array(r.neutral_voltage_v);
    d["qloss_mvar"] = to_array(qloss_of(net, r.ieff_a));
    d["ground_gic_a"] = to_array(r.ground_gic_a);
    d["i_hv_a"] = to_array(r.i_hv_a);
    d["i_lv_a"] = to_array(r.i_lv_a);
    d["ieff_a"] = to_array(r.ieff_a);
    d["ieff_signed_a"] = to_array(r.ieff_signed_a);
    d["line_emf_v"] = to_array(r.line_emf_v);
    d["line_gic_a"] = to_array(r.line_gic_a);
    return d;
}

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
    if (sources == 0 || in.steps == 0) {
        throw ConfigError({"python", where, "", "", "e_north_v_per_km"}, "expected at least one source and one step");
    }
    // A NaN field would give NaN currents that the peak statistics skip: an all-NaN field read as 0 A.
    for (const auto& [name, a] : {std::pair{"e_north_v_per_km", &e_north}, std::pair{"e_east_v_per_km", &e_east}}) {
        for (std::size_t i = 0; i < sources * in.steps; ++i) {
            if (!std::isfinite(a->data()[i])) {
                throw ConfigError({"python", where, "", "", name},
                                  "source " + std::to_string(i / in.steps) + ", step " + std::to_string(i % in.steps) + " is " +
                                      format_number(a->data()[i]) + ": fields must be finite (fill or drop gaps first)");
            }
        }
    }
    for (py::ssize_t i = 0; i < coupling.size(); ++i) {
        if (!std::isfinite(coupling.data()[i])) {
            throw ConfigError({"python", where, "", "", "coupling"},
                              "line " + std::to_string(i / (static_cast<py::ssize_t>(sources) * 2)) + ": displacement is " +
                                  format_number(coupling.data()[i]) + " km; expected finite numbers");
        }
    }
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

std::unique_ptr<PySolver> make_solver(std::shared_ptr<PyGrid> grid) {
    if (!grid) {
        throw py::type_error("GicSolver: grid must be a swxrisk.Grid (read_grid or synthetic_grid), not None");
    }
    auto s = std::make_unique<PySolver>();
    s->grid = std::move(grid);
    const Network& net = s->grid->network;
    const std::string& source = s->grid->source;
    s->solver = with_problems([&](ProblemSink& problems) {
        validate_network(net, {source});
        auto solver = std::make_unique<GicSolver>(net, problems);
        for (const auto& p : problems.problems()) {
            s->warnings.push_back(format_problem(p));
        }
        return solver;
    });
    return s;
}

py::dict solve_uniform(const PySolver& s, double e, double azimuth, const std::string& distance) {
    check_keyword(io::options::e_v_per_km, e);
    check_keyword(io::options::azimuth_deg, azimuth);
    UniformGicStudy study;
    {
        py::gil_scoped_release release;
        const auto d = line_displacements(s.grid->network, distance_method(distance));
        study = run_uniform_gic(s.grid->network, d, *s.solver, e, azimuth, false);
    }
    return result_dict(s.grid->network, study.result);
}

py::dict sweep(const PySolver& s, double e, const std::string& distance) {
    check_keyword(io::options::e_v_per_km, e);
    UniformGicStudy study;
    {
        py::gil_scoped_release release;
        const auto d = line_displacements(s.grid->network, distance_method(distance));
        study = run_uniform_gic(s.grid->network, d, *s.solver, e, 0.0, true);
    }
    py::dict out;
    out["ieff_max_a"] = to_array(study.sweep->ieff_max_a);
    out["worst_azimuth_deg"] = to_array(study.sweep->worst_azimuth_deg);
    out["qloss_max_mvar"] = to_array(qloss_of(s.grid->network, study.sweep->ieff_max_a));
    return out;
}

Array displacements(const PySolver& s, const std::string& distance) {
    const auto d = line_displacements(s.grid->network, distance_method(distance));
    Array a({static_cast<py::ssize_t>(d.size()), py::ssize_t{2}});
    auto r = a.mutable_unchecked<2>();
    for (std::size_t i = 0; i < d.size(); ++i) {
        r(static_cast<py::ssize_t>(i), 0) = d[i].north_km;
        r(static_cast<py::ssize_t>(i), 1) = d[i].east_km;
    }
    return a;
}

py::dict solve_emf(const PySolver& s, const Array& emf) {
    const auto info = emf.request();
    const std::size_t lines = s.grid->network.lines.size();
    if ((info.ndim != 1 && info.ndim != 2) || static_cast<std::size_t>(info.shape[0]) != lines) {
        throw ConfigError({"python", "", "", "", "line_emf_v"},
                          "expected shape (lines,) or (lines, steps) with lines = " + std::to_string(lines));
    }
    const Eigen::Index cols = info.ndim == 1 ? 1 : info.shape[1];
    for (py::ssize_t i = 0; i < emf.size(); ++i) {
        if (!std::isfinite(emf.data()[i])) {
            throw ConfigError({"python", "", "", "", "line_emf_v"}, "line " + std::to_string(i / cols) + ", step " + std::to_string(i % cols) +
                                                                       " is " + format_number(emf.data()[i]) + ": EMFs must be finite");
        }
    }
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
}

/// The steps at each end left out of every statistic (FieldSources::edge_steps): at most half the record.
void set_edge_steps(SeriesInput& in, std::int64_t edge_steps) {
    if (edge_steps < 0 || static_cast<std::size_t>(edge_steps) * 2 > in.steps) {
        throw ConfigError({"python", "", "", "", "edge_steps"},
                          "must be a whole number from 0 to half the " + std::to_string(in.steps) + " steps, got " +
                              std::to_string(edge_steps));
    }
    in.fields.edge_steps = static_cast<std::size_t>(edge_steps);
}

py::dict timeseries(const PySolver& s, const Array& e_north, const Array& e_east, const Array& coupling, double dt_s,
                    double threshold_a, bool keep_series, std::int64_t edge_steps) {
    check_keyword(io::options::dt_s, dt_s);
    check_keyword(io::options::threshold_a, threshold_a);
    SeriesInput in = series_input(s.grid->network, e_north, e_east, coupling, "");
    set_edge_steps(in, edge_steps);
    Eigen::MatrixXd series;
    if (keep_series) {
        series.resize(static_cast<Eigen::Index>(s.grid->network.transformers.size()), static_cast<Eigen::Index>(in.steps));
    }
    GicTimeSeriesStats stats;
    {
        py::gil_scoped_release release;
        // Without keep_series there is no sink, so a superposed series is folded straight into the statistics
        // (gic_timeseries.hpp) instead of forming every block.
        std::function<void(const GicBlock&)> sink;
        if (keep_series) {
            sink = [&](const GicBlock& b) { series.middleCols(static_cast<Eigen::Index>(b.first_step), b.ieff_a->cols()) = *b.ieff_a; };
        }
        stats = run_gic_timeseries(s.grid->network, *s.solver, in.couplings, in.fields, dt_s, threshold_a, sink);
    }
    py::dict out;
    out["ieff_peak_a"] = to_array(stats.ieff_peak_a);
    py::array_t<std::int64_t> steps(static_cast<py::ssize_t>(stats.ieff_peak_step.size()));
    std::copy(stats.ieff_peak_step.begin(), stats.ieff_peak_step.end(), steps.mutable_data());
    out["ieff_peak_step"] = steps;
    std::vector<double> minutes;
    for (const double x : stats.time_above_threshold_s) {
        minutes.push_back(x / 60.0);
    }
    out["minutes_above_threshold"] = to_array(minutes);
    out["ground_gic_peak_abs_a"] = to_array(stats.ground_peak_abs_a);
    out["line_emf_peak_abs_v"] = to_array(stats.line_emf_peak_abs_v);
    out["line_gic_peak_abs_a"] = to_array(stats.line_gic_peak_abs_a);
    out["edge_steps"] = static_cast<std::int64_t>(stats.edge_steps);
    out["qloss_peak_mvar"] = to_array(stats.qloss_peak_mvar);
    out["qloss_integral_mvar_h"] = to_array(stats.qloss_integral_mvar_h);
    out["system_qloss_peak_mvar"] = stats.system_qloss_peak_mvar;
    out["system_qloss_peak_step"] = static_cast<std::int64_t>(stats.system_qloss_peak_step);
    if (keep_series) {
        out["ieff_a"] = to_array(series);
    }
    return out;
}

/// Q per transformer for effective GICs of shape (transformers,) or (transformers, steps), Mvar.
Array qloss(const PySolver& s, const Array& ieff_a) {
    const Network& net = s.grid->network;
    const auto info = ieff_a.request();
    if ((info.ndim != 1 && info.ndim != 2) || static_cast<std::size_t>(info.shape[0]) != net.transformers.size()) {
        throw ConfigError({"python", "", "", "", "ieff_a"}, "expected shape (transformers,) or (transformers, steps) with transformers = " +
                                                                std::to_string(net.transformers.size()));
    }
    Array out(info.shape);
    const py::ssize_t cols = info.ndim == 1 ? 1 : info.shape[1];
    for (py::ssize_t i = 0; i < ieff_a.size(); ++i) {
        const double per_a = qloss_mvar_per_a(net, net.transformers[static_cast<std::size_t>(i / cols)]);
        out.mutable_data()[i] = per_a * std::abs(ieff_a.data()[i]);
    }
    return out;
}

py::dict k_factors(const PySolver& s) {
    std::vector<double> k, assumed;
    for (const auto& t : s.grid->network.transformers) {
        k.push_back(k_factor_used(t));
        assumed.push_back(k_factor_assumed(t) ? 1.0 : 0.0);
    }
    py::dict out;
    out["k_factor"] = to_array(k);
    out["k_assumed"] = to_array(assumed);
    return out;
}

void timeseries_to_hdf5(const PySolver& s, const Array& e_north, const Array& e_east, const Array& coupling, double dt_s,
                        const std::string& path, std::int64_t t0_unix_s, const std::vector<std::string>& source_names,
                        double threshold_a, bool overwrite, double epoch, std::int64_t edge_steps, int hdf5_deflate) {
    check_keyword(io::options::dt_s, dt_s);
    check_keyword(io::options::threshold_a, threshold_a);
    check_keyword(io::options::hdf5_deflate, static_cast<double>(hdf5_deflate));
    check_keyword(io::options::epoch, epoch);
    SeriesInput in = series_input(s.grid->network, e_north, e_east, coupling, path);
    set_edge_steps(in, edge_steps);
    std::vector<std::string> names = source_names;
    for (std::size_t k = names.size(); k < in.fields.e_north_v_per_km.size(); ++k) {
        names.push_back("source " + std::to_string(k + 1));
    }
    py::gil_scoped_release release;
    io::OutputFile out(path, overwrite);
    io::Provenance provenance;
    provenance.grid = s.grid->source;
    provenance.storm = "fields given from Python";
    provenance.method = "swxrisk Python: GicSolver.timeseries_to_hdf5";
    provenance.models = names;
    provenance.epoch = epoch;
    {
        io::GicTimeSeriesWriter writer(out.staged(), s.grid->network, {t0_unix_s, dt_s, in.steps}, names, in.fields, provenance,
                                       threshold_a, hdf5_deflate);
        const auto stats = run_gic_timeseries(s.grid->network, *s.solver, in.couplings, in.fields, dt_s, threshold_a,
                                              [&](const GicBlock& b) { writer.write_block(b); });
        writer.finish(stats);
    }
    out.commit();
}

/// Each line's route split at the earth regions' boundaries: its displacement (km north, east) within
/// each model's area, as `swxrisk gic` couples lines to per-region fields (core couple_lines).
py::tuple coupling(const PySolver& s, const std::string& earth_regions, const std::string& earth_model, const std::string& models) {
    LineGroundCoupling c;
    with_problems([&](ProblemSink& problems) {
        const Ground ground = io::load_ground(earth_regions, earth_model, models, problems);
        c = naming_grid_files(s.grid->files, [&] { return couple_lines(s.grid->network, ground); });
    });
    const std::size_t lines = s.grid->network.lines.size();
    const std::size_t sources = c.models.size();
    Array a({static_cast<py::ssize_t>(lines), static_cast<py::ssize_t>(sources), py::ssize_t{2}});
    std::fill(a.mutable_data(), a.mutable_data() + a.size(), 0.0);
    for (std::size_t l = 0; l < lines; ++l) {
        for (const auto& part : c.couplings[l].parts) {
            a.mutable_data()[(l * sources + part.source) * 2] += part.d.north_km;
            a.mutable_data()[(l * sources + part.source) * 2 + 1] += part.d.east_km;
        }
    }
    return py::make_tuple(a, c.models);
}

}  // namespace

void bind_gic(py::module_& m) {
    py::class_<PySolver>(m, "GicSolver", "The grid's DC network, factored once; solve for any field")
        .def(py::init(&make_solver), py::arg("grid").none(false),
             "Factor the grid's network; problems (grounding_default, island) are emitted as SwxWarning and kept in .warnings")
        .def_property_readonly("warnings", [](const PySolver& s) { return s.warnings; })
        .def("line_displacements", &displacements, py::arg("distance") = "geodesic",
             "Line displacements (north_km, east_km), shape (lines, 2)")
        .def("solve_uniform", &solve_uniform, py::arg("e_v_per_km"), py::arg("azimuth_deg"), py::arg("distance") = "geodesic")
        .def("sweep", &sweep, py::arg("e_v_per_km"), py::arg("distance") = "geodesic")
        .def("coupling", &coupling, py::arg(io::options::earth_regions.key.data()) = "",
             py::arg(io::options::earth_model.key.data()) = "", py::arg(io::options::models.key.data()) = "",
             "Per-region coupling as `swxrisk gic` builds it: (coupling (lines, models, 2) km north/east, model names); "
             "give each model's E(t) as one source of timeseries")
        .def("qloss_mvar", &qloss, py::arg("ieff_a"),
             "Transformer Mvar loss Q = K*V_pu*sqrt(3/2)*kV_H*|Ieff|/1000 for effective GICs (transformers,) or "
             "(transformers, steps), A per phase (docs/gic-model.md)")
        .def("k_factors", &k_factors, "The Mvar-loss K of each transformer: dict k_factor (per unit), k_assumed (1 = default)")
        .def("solve_emf", &solve_emf, py::arg("line_emf_v"),
             "Many right-hand sides: line EMFs (lines,) or (lines, steps) → currents (element, steps)")
        .def("timeseries", &timeseries, py::arg("e_north_v_per_km"), py::arg("e_east_v_per_km"), py::arg("coupling"),
             py::arg("dt_s"), py::arg(io::options::threshold_a.key.data()) = 75.0, py::arg("keep_series") = false,
             py::arg("edge_steps") = 0,
             "GIC over time: fields (sources, steps), coupling (lines, sources, 2) in km; one factorisation. The first "
             "and last edge_steps steps (for E(t) from a storm record: edge_zone_samples(steps, dt_s)) are solved but "
             "left out of every statistic")
        .def("timeseries_to_hdf5", &timeseries_to_hdf5, py::arg("e_north_v_per_km"), py::arg("e_east_v_per_km"),
             py::arg("coupling"), py::arg("dt_s"), py::arg("path"), py::arg("t0_unix_s") = 0,
             py::arg("source_names") = std::vector<std::string>{}, py::arg(io::options::threshold_a.key.data()) = 75.0,
             py::arg("overwrite") = false, py::arg(io::options::epoch.key.data()) = 2025.0, py::arg("edge_steps") = 0,
             py::arg(io::options::hdf5_deflate.key.data()) = 0,
             "Run the time series and write gic_timeseries-style HDF5 (docs/output-formats.md) to `path`; an existing "
             "file is an error unless overwrite=True; hdf5_deflate 1-9 compresses it (lossless)");
}

}  // namespace swx::python
