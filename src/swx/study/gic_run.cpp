// swxrisk gic as a workflow: read the grid (and the ground), pick the mode, solve with one
// factorisation, write the tables. See gic_run.hpp.

#include <swx/study/gic_run.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/emf/field_coupling.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/gic/scenario_gic.hpp>
#include <swx/core/gic/timeseries_tables.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/qloss.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/options.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/table_writer.hpp>
#include <swx/study/option_rules.hpp>
#include <swx/study/storm_field_input.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <numeric>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

namespace swx::study {

namespace {

constexpr const char* stage = "gic";

/// Writes the tables (and buses.csv when `buses` is given: a single solve has bus voltages, a time series not).
/// The CSV files are written on a second thread while gic.gpkg is written (each is its own file).
void write_tables(const FeatureTable& subs, const FeatureTable* buses, const FeatureTable& trans, const FeatureTable& lines,
                  io::OutputDirectory& out) {
    std::vector<std::pair<const FeatureTable*, std::filesystem::path>> csvs{{&subs, out.staged("substations.csv")}};
    if (buses != nullptr) {
        csvs.emplace_back(buses, out.staged("buses.csv"));
    }
    csvs.emplace_back(&trans, out.staged("transformers.csv"));
    csvs.emplace_back(&lines, out.staged("lines.csv"));
    const std::filesystem::path gpkg = out.staged("gic.gpkg");
    std::vector<const FeatureTable*> layers{&subs};
    if (buses != nullptr) {
        layers.push_back(buses);
    }
    layers.push_back(&trans);
    layers.push_back(&lines);
    parallel_for(
        2,
        [&](std::size_t task) {
            if (task == 0) {
                io::write_gpkg(layers, gpkg);
                return;
            }
            for (const auto& [table, path] : csvs) {
                io::write_csv(*table, path);
            }
        },
        2, 1);
    out.commit();
}

/// The tables of a single solve (the lines table on one thread, the other three on a second), written.
void write_uniform_tables(const Network& net, const UniformGicStudy& study, const std::vector<double>& length_km,
                          io::OutputDirectory& out, std::vector<std::pair<std::string, std::vector<double>>> extra_line_columns = {}) {
    FeatureTable lines, buses, subs, trans;
    parallel_for(
        2,
        [&](std::size_t task) {
            if (task == 0) {
                lines = lines_table(net, study.result, length_km);
                for (auto& [name, values] : extra_line_columns) {
                    lines.add(name, std::move(values));
                }
                return;
            }
            buses = buses_table(net, study.result);
            subs = substations_table(net, study.result);
            trans = transformers_table(net, study.result, study.sweep);
        },
        2, 1);
    write_tables(subs, &buses, trans, lines, out);
}

/// "K assumed for n of m transformers" (k_assumed in transformers.csv), or "" when every K is given.
std::string k_assumed_note(const Network& net) {
    const auto n = static_cast<std::size_t>(
        std::count_if(net.transformers.begin(), net.transformers.end(), [](const Transformer& t) { return k_factor_assumed(t); }));
    if (n == 0) {
        return "";
    }
    char text[200];
    std::snprintf(text, sizeof text, "; default K %.2f assumed for %zu of %zu transformers (k_assumed)",
                  default_k_factor(TransformerCore::unknown), n, net.transformers.size());
    return text;
}

/// The substations with the largest |ground GIC| first (at most `n`).
std::vector<std::size_t> largest_first(const std::vector<double>& values, std::size_t n) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return std::abs(values[a]) > std::abs(values[b]); });
    order.resize(std::min(n, order.size()));
    return order;
}

void print_summary(std::ostream& out, const GicRequest& r, const Network& net, const UniformGicStudy& study, const char* header) {
    char line[256];
    std::snprintf(line, sizeof line, "swxrisk gic: %zu substations, %zu buses, %zu transformers, %zu lines\n",
                  net.substations.size(), net.buses.size(), net.transformers.size(), net.lines.size());
    const std::vector<std::size_t> largest = largest_first(study.result.ground_gic_a, 20);
    out << line << header << "\nsubstation ground GIC (A, 3-phase, + into earth), largest |GIC| first:\n";
    for (const std::size_t s : largest) {
        std::snprintf(line, sizeof line, "  %-16s %10.2f\n", net.substations[s].id.c_str(), study.result.ground_gic_a[s]);
        out << line;
    }
    if (largest.size() < net.substations.size()) {
        out << "  ... (" << net.substations.size() - largest.size() << " more in substations.csv)\n";
    }
    double total_q = 0.0;
    for (std::size_t t = 0; t < net.transformers.size(); ++t) {
        total_q += qloss_mvar(net, net.transformers[t], study.result.ieff_a[t]);
    }
    std::snprintf(line, sizeof line, "\ntransformer Mvar loss, all transformers: %.2f Mvar", total_q);
    out << line << k_assumed_note(net) << "\n";
    if (study.sweep) {
        const auto& max = study.sweep->ieff_max_a;
        const auto it = std::max_element(max.begin(), max.end());
        if (it != max.end()) {
            const auto i = static_cast<std::size_t>(it - max.begin());
            std::snprintf(line, sizeof line, "\nworst transformer over all directions: %s, %.2f A per phase at azimuth %.1f deg\n",
                          net.transformers[i].id.c_str(), *it, study.sweep->worst_azimuth_deg[i]);
            out << line;
        }
    }
    out << "\nresults: " << r.out << "/{substations.csv,buses.csv,transformers.csv,lines.csv,gic.gpkg}\n";
}

// Is the grid a PSS/E or MATPOWER case (whose tools' conventions the uniform field follows)?
bool case_file(const GicRequest& r) { return io::grid_format_of(r.grid) != io::GridFormat::own; }

// The --distance a request means: "" = nerc for a PSS/E or MATPOWER case, geodesic for the own format.
std::string distance_of(const GicRequest& r) {
    if (!r.distance.empty()) {
        return r.distance;
    }
    return case_file(r) ? "nerc" : "geodesic";
}

// PowerWorld and PowerModelsGMD give no EMF to a line shorter than 1 km (interop README §1.1, §7.12);
// for their case formats the uniform field does the same, so results compare.
constexpr double case_min_line_km = 1.0;

/// The solver of `net` (GicSolver(net, problems)) and the lines' displacements and lengths
/// (line_geometry): the conductance matrix does not depend on the field, so it is factored on a second
/// thread while the lines are integrated on the others. The solver's error, if any, is thrown first, as
/// when the two ran one after the other.
std::pair<GicSolver, LineGeometry> factor_and_integrate(const Network& net, DistanceMethod method, ProblemSink& problems) {
    std::optional<GicSolver> solver;
    std::exception_ptr solver_error;
    auto factor = [&] {
        try {
            solver.emplace(net, problems);
        } catch (...) {
            solver_error = std::current_exception();
        }
    };
    std::optional<std::thread> factoring;
    try {
        factoring.emplace(factor);
    } catch (const std::system_error&) {
        factor();  // no thread to be had: factor here, first
    }
    LineGeometry geometry;
    std::exception_ptr geometry_error;
    try {
        geometry = line_geometry(net, method);
    } catch (...) {
        geometry_error = std::current_exception();
    }
    if (factoring) {
        factoring->join();
    }
    if (solver_error) {
        std::rethrow_exception(solver_error);
    }
    if (geometry_error) {
        std::rethrow_exception(geometry_error);
    }
    return {std::move(*solver), std::move(geometry)};
}

void run_uniform(const GicRequest& r, const Network& net, io::OutputDirectory& out, std::ostream* summary, ProblemSink& problems) {
    const std::string distance = distance_of(r);
    const auto method = distance == "nerc" ? DistanceMethod::nerc : DistanceMethod::geodesic;
    auto [solver, geometry] = factor_and_integrate(net, method, problems);
    std::vector<Displacement>& displacements = geometry.displacements;
    if (case_file(r)) {
        std::size_t short_lines = 0;
        for (std::size_t l = 0; l < displacements.size(); ++l) {
            if (std::hypot(displacements[l].north_km, displacements[l].east_km) < case_min_line_km &&
                (displacements[l].north_km != 0.0 || displacements[l].east_km != 0.0)) {
                displacements[l] = {};
                ++short_lines;
            }
        }
        if (short_lines > 0) {
            problems.warn("short_line_no_emf", "", r.grid,
                          std::to_string(short_lines) + " line(s) shorter than 1 km carry no EMF, as in PowerWorld and "
                                                        "PowerModelsGMD (their case formats' convention)");
        }
    }
    const UniformGicStudy study = run_uniform_gic(net, displacements, solver, r.e_v_per_km, r.azimuth_deg, r.sweep);
    write_uniform_tables(net, study, geometry.length_km, out);
    if (summary != nullptr) {
        char line[256];
        std::snprintf(line, sizeof line, "field: %g V/km towards azimuth %g deg (E_N %.4f, E_E %.4f V/km), distances: %s\n",
                      study.e_v_per_km, study.azimuth_deg, study.field.north_v_per_km, study.field.east_v_per_km, distance.c_str());
        print_summary(*summary, r, net, study, line);
    }
}

/// NERC scenario: every line part's displacement is scaled by E_ref·α(line)·β(model), so that a unit
/// field in direction θ gives the scenario's EMFs; two solves give the worst direction.
void run_scenario(const GicRequest& r, const Network& net, const GicSolver& solver, const Ground& ground, io::OutputDirectory& out,
                  ProblemSink& problems, std::ostream* summary) {
    const NercEvent event = parse_nerc_event(r.storm.scenario);
    const BetaResolver betas = io::load_beta_resolver(event, ground, r.storm.waveform);
    const ScenarioGic sc = run_scenario_gic(net, solver, ground, betas, dipole_coefficients(r.storm.epoch, &problems), r.azimuth_deg);
    write_uniform_tables(net, sc.study, line_lengths_km(net), out, {{"alpha", sc.line_alpha}, {"e_peak_v_per_km", sc.line_e_peak_v_per_km}});
    if (summary != nullptr) {
        *summary << "scenario " << r.storm.scenario << ": " << nerc_reference_field_v_per_km(event)
                 << " V/km x alpha (dipole latitude at each line's middle, epoch " << r.storm.epoch << ") x beta of the ground:\n";
        for (std::size_t k = 0; k < sc.models.size(); ++k) {
            char line[160];
            std::snprintf(line, sizeof line, "  %-6s beta %.3f (%s)\n", sc.models[k].c_str(), sc.model_beta[k],
                          betas.source(sc.models[k]).c_str());
            *summary << line;
        }
        char line[200];
        std::snprintf(line, sizeof line, "currents below: field towards azimuth %g deg; ieff_max_a: worst direction\n", r.azimuth_deg);
        print_summary(*summary, r, net, sc.study, line);
    }
}

/// The field sources of a time series and the couplings of the lines to them.
struct SeriesInput {
    std::vector<LineCoupling> couplings;
    FieldSources fields;
    std::vector<std::string> source_names;
    io::TimeAxis axis;
    io::Provenance provenance;
};

SeriesInput series_from_magnetometer(const GicRequest& r, const Ground& ground, const LineGroundCoupling& coupling,
                                     ProblemSink& problems) {
    SeriesInput in;
    in.couplings = coupling.couplings;
    const io::MagnetometerSeries b = io::read_magnetometer(r.storm.magnetometer, r.storm.magnetometer_options);
    io::warn_gap_filling(b, problems);
    in.axis = {b.t0_unix_s, b.dt_s, b.size()};
    for (const auto& model : coupling.models) {
        const GeoelectricSeries e = geoelectric_from_magnetic(ground.library().find(model), b.bx_nt, b.by_nt, b.dt_s);
        in.fields.e_north_v_per_km.push_back(e.ex_v_per_km);
        in.fields.e_east_v_per_km.push_back(e.ey_v_per_km);
        in.fields.edge_steps = e.edge_samples;  // the same for every model: it depends on n and dt only
        in.source_names.push_back(model);
    }
    in.provenance.storm = r.storm.magnetometer + (b.station.empty() ? "" : " (station " + b.station + ")");
    in.provenance.method = "plane-wave E(t) = Z(f)·B(f)/mu0 per earth model; uniform B over the grid";
    return in;
}

/// NERC waveform: E(t) = α·β·waveform(t) (TPL-007); the scale goes into each line's coupling.
SeriesInput series_from_waveform(const GicRequest& r, const Network& net, const Ground& ground, const LineGroundCoupling& coupling,
                                 ProblemSink& problems) {
    SeriesInput in;
    in.couplings = coupling.couplings;
    const NercEvent event = parse_nerc_event(r.storm.scenario);
    const BetaResolver betas = io::load_beta_resolver(event, ground, r.storm.waveform);
    check_waveform_event(event, *betas.waveform(), {stage, r.storm.waveform, "", "", io::options::waveform.flag()});
    const DipoleCoefficients dipole = dipole_coefficients(r.storm.epoch, &problems);
    std::vector<double> beta_of_source;
    for (const auto& model : coupling.models) {
        beta_of_source.push_back(betas.beta(model));
    }
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        const double a = line_alpha(net, net.lines[l], dipole);
        Displacement total;
        for (const auto& part : in.couplings[l].parts) {
            total.north_km += a * beta_of_source[part.source] * part.d.north_km;
            total.east_km += a * beta_of_source[part.source] * part.d.east_km;
        }
        in.couplings[l].parts = {{0, total}};
    }
    const auto& w = *betas.waveform();
    in.fields.e_north_v_per_km = {w.e_north_v_per_km};
    in.fields.e_east_v_per_km = {w.e_east_v_per_km};
    in.source_names = {"NERC waveform (alpha = beta = 1)"};
    in.axis = {0, w.dt_s, w.t_s.size()};
    in.provenance.storm = r.storm.waveform + " (" + r.storm.scenario + ")";
    in.provenance.method = "TPL-007: E(t) = alpha(line) x beta(ground) x waveform(t)";
    return in;
}

void print_series_summary(std::ostream& out, const GicRequest& r, const Network& net, const SeriesInput& in,
                          const GicTimeSeriesStats& stats) {
    char line[256];
    std::snprintf(line, sizeof line, "time series: %zu steps of %g s from %s; field sources: %zu; one factorisation\n",
                  in.axis.steps, in.axis.dt_s, in.axis.iso(0).c_str(), in.source_names.size());
    out << line;
    if (in.fields.edge_steps > 0) {
        std::snprintf(line, sizeof line, "edge zone: first and last %zu steps (%g s each) left out of peaks and times above %g A\n",
                      in.fields.edge_steps, static_cast<double>(in.fields.edge_steps) * in.axis.dt_s, r.threshold_a);
        out << line;
    }
    out << "highest effective GIC (A per phase):\n";
    for (const std::size_t t : largest_first(stats.ieff_peak_a, 5)) {
        std::snprintf(line, sizeof line, "  %-14s %9.2f at %s, %.0f min above %g A\n", net.transformers[t].id.c_str(),
                      stats.ieff_peak_a[t], in.axis.iso(stats.ieff_peak_step[t]).c_str(), stats.time_above_threshold_s[t] / 60.0,
                      r.threshold_a);
        out << line;
    }
    std::snprintf(line, sizeof line, "peak system Mvar loss (all transformers): %.2f Mvar at %s", stats.system_qloss_peak_mvar,
                  in.axis.iso(stats.system_qloss_peak_step).c_str());
    out << line << k_assumed_note(net) << "\n";
    out << "\nresults: " << r.out << "/{gic_timeseries.h5,substations.csv,transformers.csv,lines.csv,gic.gpkg}\n";
}

/// A field that varies in space (many magnetometers by SECS, MT tensors): each line sampled along its
/// route, one coefficient pair per field source (core/emf/field_coupling.hpp).
SeriesInput series_from_field(const GicRequest& r, const Network& net, const Ground& ground, ProblemSink& problems,
                              std::vector<FieldProvenance>* line_provenance) {
    StormFieldInput field = load_storm_field(r.storm, ground, problems, stage, true);
    FieldLineCoupling coupling = couple_lines(net, *field.field, r.storm.field.line_sample_km);
    SeriesInput in;
    in.couplings = std::move(coupling.couplings);
    in.fields = std::move(coupling.fields);
    in.source_names = std::move(coupling.source_names);
    in.axis = {field.records.t0_unix_s, field.records.dt_s, field.records.steps()};
    in.provenance.storm = field.storm_text;
    in.provenance.method = field.method_text + "; line EMF = sum of E(midpoint) . dl over pieces of at most " +
                           format_number(coupling.sample_km) + " km (" + std::to_string(coupling.samples) + " pieces)";
    const auto extrapolated = static_cast<std::size_t>(std::count_if(coupling.line_provenance.begin(), coupling.line_provenance.end(),
                                                                     [](const FieldProvenance& p) { return p.secs_extrapolated; }));
    if (extrapolated > 0) {
        problems.warn("secs_extrapolation", "", r.grid,
                      std::to_string(extrapolated) + " of " + std::to_string(net.lines.size()) +
                          " lines run outside the SECS pole grid (the stations' box widened by --secs-margin-deg): B there is "
                          "extrapolated and underestimated far from every station (lines.csv secs_extrapolated)");
    }
    *line_provenance = std::move(coupling.line_provenance);
    return in;
}

void run_series(const GicRequest& r, const Network& net, const GicSolver& solver, const Ground& ground, io::OutputDirectory& out,
                ProblemSink& problems, std::ostream* summary) {
    std::vector<FieldProvenance> line_provenance;
    std::vector<std::string> models;
    SeriesInput in;
    if (uses_storm_field(r.storm)) {
        in = series_from_field(r, net, ground, problems, &line_provenance);
        models = ground.model_names();
    } else {
        const LineGroundCoupling coupling = couple_lines(net, ground);
        in = r.storm.magnetometer.empty() ? series_from_waveform(r, net, ground, coupling, problems)
                                          : series_from_magnetometer(r, ground, coupling, problems);
        models = coupling.models;
    }
    in.provenance.grid = r.grid;
    in.provenance.earth_regions = r.ground.earth_regions;
    in.provenance.fallback_model = r.ground.earth_model;
    in.provenance.epoch = r.storm.epoch;
    in.provenance.models = models;
    io::GicTimeSeriesWriter writer(out.staged("gic_timeseries.h5"), net, in.axis, in.source_names, in.fields, in.provenance,
                                   r.threshold_a, r.hdf5_deflate);
    const GicTimeSeriesStats stats = run_gic_timeseries(net, solver, in.couplings, in.fields, in.axis.dt_s, r.threshold_a,
                                                        [&](const GicBlock& block) { writer.write_block(block); });
    writer.finish(stats);
    const StepTime time_of = [&](std::size_t step) { return in.axis.iso(step); };
    FeatureTable lines = timeseries_lines_table(net, stats);
    if (!line_provenance.empty()) {
        add_field_provenance_columns(lines, line_provenance);
    }
    write_tables(timeseries_substations_table(net, stats, time_of), nullptr, timeseries_transformers_table(net, stats, time_of), lines,
                 out);
    if (summary != nullptr) {
        print_series_summary(*summary, r, net, in, stats);
    }
}

}  // namespace

GicMode gic_mode(const GicRequest& r) {
    const bool record = !r.storm.magnetometer.empty() || !r.storm.field.magnetometers.empty();
    const bool series = record || (!r.storm.scenario.empty() && !r.storm.waveform.empty());
    if (record && !r.storm.scenario.empty()) {
        throw ConfigError({stage, "", "", "", io::options::scenario.flag()}, "give either --magnetometer(s) or --scenario, not both");
    }
    if (!r.storm.field.mt_sites.empty() && !record) {
        throw ConfigError({stage, "", "", "", io::options::mt_sites.flag()},
                          "--mt-sites needs a storm record (--magnetometer or --magnetometers)");
    }
    if (!r.storm.scenario.empty()) {
        io::check_scenario_name(r.storm.scenario, {stage, "", "", "", io::options::scenario.flag()});
    }
    if ((series || !r.storm.scenario.empty()) && !r.ground.given()) {
        throw ConfigError({stage, "", "", "", io::options::earth_regions.flag()},
                          "a scenario or a storm record needs the ground: give --earth-regions and/or --earth-model");
    }
    if (series || !r.storm.scenario.empty()) {
        io::options::epoch.check(r.storm.epoch, {stage, "", "", "", io::options::epoch.flag()});
    }
    const GicVariant variant = record                      ? GicVariant::record
                               : series                      ? GicVariant::waveform
                               : r.storm.scenario.empty()    ? GicVariant::uniform
                                                             : GicVariant::scenario;
    check_gic_options(variant, r.given_options);
    r.storm.field.check_used({stage, "", "", "", ""}, true);
    if (variant == GicVariant::uniform && !r.storm.waveform.empty()) {
        throw ConfigError({stage, "", "", "", io::options::waveform.flag()},
                          "--waveform needs --scenario (the NERC event it belongs to)");
    }
    check_finite(r.e_v_per_km, {stage, "", "", "", "--e-v-per-km"});
    check_finite(r.azimuth_deg, {stage, "", "", "", "--azimuth-deg"});
    check_finite(r.threshold_a, {stage, "", "", "", io::options::threshold_a.flag()});
    return series ? GicMode::series : (r.storm.scenario.empty() ? GicMode::uniform : GicMode::scenario);
}

void run_gic(const GicRequest& r, ProblemSink& problems, std::ostream* summary) {
    const GicMode mode = gic_mode(r);
    const io::GridDataset grid = io::read_grid(r.grid, problems, {r.grid_gic});
    std::optional<Ground> ground;
    if (mode != GicMode::uniform) {
        ground.emplace(io::load_ground(r.ground.earth_regions, r.ground.earth_model, r.ground.models_dir, problems));
    }
    io::OutputDirectory out(r.out, r.overwrite);  // checked before the solve: fail early
    for (const auto& notice : out.notices()) {
        problems.warn("stale_staging", "", out.target().string(), notice);
    }
    const Network& net = grid.network;
    // An error about a grid feature found after reading (a line outside every earth region) names the layer's file.
    naming_grid_files(grid.source, [&] {
        if (mode == GicMode::uniform) {
            run_uniform(r, net, out, summary, problems);  // factors while it integrates the lines
            return;
        }
        const GicSolver solver(net, problems);
        if (mode == GicMode::series) {
            run_series(r, net, solver, *ground, out, problems, summary);
        } else {
            run_scenario(r, net, solver, *ground, out, problems, summary);
        }
    });
}

}  // namespace swx::study
