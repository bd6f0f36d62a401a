// The site-exposure study as one readable sequence: read (io) → ground, hazard, grid GIC, supplies,
// index, rank, rasters (core) → write (io). See site_study.hpp and docs/architecture.md.

#include <swx/study/site_study.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/emf/field_coupling.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/scenario_gic.hpp>
#include <swx/core/gic/timeseries_tables.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/grid_build.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/hazard_tables.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/map_image.hpp>
#include <swx/io/options.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/io/report_writer.hpp>
#include <swx/io/sites_reader.hpp>
#include <swx/io/table_writer.hpp>
#include <swx/study/detail/study_storm.hpp>
#include <swx/study/storm_field_input.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <typeinfo>
#include <unordered_map>
#include <utility>

namespace swx::study {

namespace {

using detail::read_storm;
using detail::Storm;
using io::is_named_storm;

/// The time series of a storm-record study (one factorisation): the grid layers with peaks and their
/// ISO 8601 times (lines with what drove them, for a field varying in space); returns the peak Ieff per
/// transformer.
std::vector<double> series_ieff(const Network& net, const GicSolver& solver, const std::vector<LineCoupling>& couplings,
                                const FieldSources& fields, std::int64_t t0, double dt, double threshold_a,
                                const std::vector<FieldProvenance>* line_provenance, StudyResult& result) {
    const GicTimeSeriesStats stats = run_gic_timeseries(net, solver, couplings, fields, dt, threshold_a);
    const StepTime time_of = [&](std::size_t step) {
        return io::format_iso8601_utc(t0 + static_cast<std::int64_t>(std::llround(static_cast<double>(step) * dt)));
    };
    FeatureTable lines = timeseries_lines_table(net, stats);
    if (line_provenance != nullptr) {
        add_field_provenance_columns(lines, *line_provenance);
    }
    result.grid_layers.clear();  // moved in (a braced list would copy every table)
    result.grid_layers.push_back(timeseries_substations_table(net, stats, time_of));
    result.grid_layers.push_back(timeseries_transformers_table(net, stats, time_of));
    result.grid_layers.push_back(std::move(lines));
    return stats.ieff_peak_a;
}

/// The grid's solver, factored on this thread while `lines()` (the line side of the study: coupling and
/// fields, which needs no solver) runs on another; then both. The solver's error is rethrown first, as
/// when the two ran one after the other (the solver first); `problems` is written by the solver only.
template <class Lines>
auto with_solver(const Network& net, ProblemSink& problems, Lines&& lines) {
    using Made = decltype(lines());
    std::unique_ptr<GicSolver> solver;
    std::optional<Made> made;
    std::array<std::exception_ptr, 2> errors;
    parallel_for(
        2,
        [&](std::size_t task) {
            try {
                if (task == 0) {
                    solver = std::make_unique<GicSolver>(net, problems);
                } else {
                    made.emplace(lines());
                }
            } catch (...) {
                errors[task] = std::current_exception();
            }
        },
        2, 1);
    for (const auto& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
    return std::pair<std::unique_ptr<GicSolver>, Made>(std::move(solver), std::move(*made));
}

/// Worst effective GIC per transformer under the storm (scenario sweep, or the time-series peak), and
/// the grid layers of the outputs. The grid's solver is factored here (its warnings go to `problems`).
std::vector<double> transformer_ieff(const io::StudyConfig& c, const Network& net, ProblemSink& problems,
                                     const Ground& ground, const Storm& storm, StudyResult& result) {
    auto set_layers = [&](FeatureTable substations, FeatureTable transformers, FeatureTable lines) {
        result.grid_layers.clear();
        result.grid_layers.push_back(std::move(substations));
        result.grid_layers.push_back(std::move(transformers));
        result.grid_layers.push_back(std::move(lines));
    };
    if (storm.levels != nullptr || storm.named != nullptr) {
        const double t_ref = storm.levels != nullptr ? storm.levels->settings().reference_period_years : 0.0;
        const PartField field = storm.levels != nullptr
                                    ? PartField([&](GeoPoint p, const std::string& m) { return storm.levels->level_v_per_km(p, m, t_ref); })
                                    : PartField([&](GeoPoint p, const std::string& m) { return storm.named->level_v_per_km(p, m); });
        auto [solver, lines_side] = with_solver(net, problems, [&] { return field_lines(net, ground, field); });
        ScenarioGic sc = solve_scenario(net, *solver, std::move(lines_side), 0.0);
        FeatureTable lines = lines_table(net, sc.study.result, sc.line_length_km);
        lines.add("e_peak_v_per_km", std::move(sc.line_e_peak_v_per_km));
        set_layers(substations_table(net, sc.study.result), transformers_table(net, sc.study.result, sc.study.sweep), std::move(lines));
        result.notes.push_back(storm.levels != nullptr
                                   ? "grid currents: the " + format_number(t_ref) +
                                         "-year field along each line (hazard model), worst direction per transformer; the other return "
                                         "periods scale with the site's field (docs/hazard-model.md)"
                                   : "grid currents: " + c.scenario + " field along each line (hazard model), worst direction per transformer");
        return sc.study.sweep->ieff_max_a;
    }
    if (!c.scenario.empty()) {
        auto [solver, lines_side] =
            with_solver(net, problems, [&] { return scenario_lines(net, ground, *storm.betas, storm.dipole); });
        ScenarioGic sc = solve_scenario(net, *solver, std::move(lines_side), 0.0);
        FeatureTable lines = lines_table(net, sc.study.result, sc.line_length_km);
        lines.add("alpha", std::move(sc.line_alpha));
        lines.add("e_peak_v_per_km", std::move(sc.line_e_peak_v_per_km));
        set_layers(substations_table(net, sc.study.result), transformers_table(net, sc.study.result, sc.study.sweep), std::move(lines));
        result.notes.push_back("grid currents: " + c.scenario + " peak field along each line, worst direction per transformer");
        return sc.study.sweep->ieff_max_a;
    }
    if (storm.field) {
        const StormField& field = *storm.field->field;
        const auto [solver, coupling] = with_solver(net, problems, [&] { return couple_lines(net, field, c.field.line_sample_km); });
        auto ieff = series_ieff(net, *solver, coupling.couplings, coupling.fields, field.t0_unix_s(), field.dt_s(), c.index.i0_a,
                                &coupling.line_provenance, result);
        result.notes.push_back("grid currents: peak effective GIC over the storm records, the field sampled along each line every " +
                               format_number(coupling.sample_km) + " km or less (" + std::to_string(coupling.samples) +
                               " pieces; time series, one factorisation)");
        return ieff;
    }
    const auto& record_hazard = dynamic_cast<const RecordHazard&>(*storm.hazard);
    const auto [solver, coupling] = with_solver(net, problems, [&] { return couple_lines(net, ground); });
    FieldSources fields;
    for (const auto& model : coupling.models) {
        const GeoelectricSeries& e = record_hazard.fields().at(model);
        fields.e_north_v_per_km.push_back(e.ex_v_per_km);
        fields.e_east_v_per_km.push_back(e.ey_v_per_km);
        fields.edge_steps = e.edge_samples;  // the record's edge zone is left out of the peaks
    }
    auto ieff = series_ieff(net, *solver, coupling.couplings, fields, storm.record->t0_unix_s, storm.record->dt_s, c.index.i0_a, nullptr,
                            result);
    result.notes.push_back("grid currents: peak effective GIC over the storm record (time series, one factorisation)");
    return ieff;
}

/// A grid with assumed values (built from a public map, docs/grid-format.md "Public line maps"): every
/// site it supplies gets the flag `network_assumed` and ieff_low_a / ieff_high_a, its ieff_max_a with the
/// assumed line, winding and ground resistances all at the high / low ends of their documented ranges
/// (two more solves), and the report says so.
void add_assumed_network_spread(const io::StudyConfig& c, const Network& net, const Ground& ground, const Storm& storm,
                                StudyResult& result, ProblemSink& problems) {
    const auto counts = assumed_counts(net);
    if (counts.empty()) {
        return;
    }
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        index.emplace(net.substations[s].id, s);
    }
    auto worst = [&](RangeEnd end) {
        const Network at_end = with_assumed_at(net, GridDefaults::typical(), end);
        ProblemSink quiet;  // the same warnings as the typical solve
        StudyResult scratch;  // keeps the typical solve's grid layers
        return substation_worst(at_end, transformer_ieff(c, at_end, quiet, ground, storm, scratch));
    };
    const std::vector<double> high_r = worst(RangeEnd::high);  // higher resistances: lower currents
    const std::vector<double> low_r = worst(RangeEnd::low);
    std::size_t flagged = 0;
    for (auto& r : result.sites) {
        if (r.supplies.empty()) {
            continue;
        }
        r.ieff_low_a = 0.0;
        r.ieff_high_a = 0.0;
        for (const auto& id : r.supplies) {
            const std::size_t s = index.at(id);
            r.ieff_low_a = std::max(r.ieff_low_a, std::min(high_r[s], low_r[s]));
            r.ieff_high_a = std::max(r.ieff_high_a, std::max(high_r[s], low_r[s]));
        }
        r.flags += std::string(r.flags.empty() ? "" : ",") + "network_assumed";
        ++flagged;
    }
    std::string fields;
    for (const auto& [field, n] : counts) {
        fields += (fields.empty() ? "" : ", ") + field + " " + std::to_string(n);
    }
    const std::string text =
        "the grid has assumed values (" + fields +
        "): its transformers, resistances and groundings come from voltage-class defaults, not data. Each site it supplies is "
        "flagged network_assumed, with ieff_low_a..ieff_high_a: ieff_max_a with every assumed resistance at the high / low end of "
        "its documented range. On real monitor data such a network ranked sites worse than the hazard alone "
        "(docs/grid-format.md, \"Public line maps\"): do not lean on its ranking more than the range allows";
    result.notes.push_back(text);
    problems.warn("network_assumed", "", c.grid, std::to_string(flagged) + " sites supplied by a network with assumed values: " + text);
}

/// A site whose index could not be computed (no earth model under any of its points) is a record error:
/// the run finishes and writes every output (the site is ranked last, class "unknown"), and the CLI
/// exits with 1 ("ran with errors").
void report_unevaluated(const std::vector<SiteResult>& sites, ProblemSink& problems, const std::string& sites_source) {
    for (const auto& s : sites) {
        if (std::isnan(s.exposure_index)) {
            problems.error("site_not_evaluated", s.site.id, sites_source,
                           "no earth model covers this site (flags: " + s.flags +
                               "); its exposure is unknown, not low — it is ranked last with class 'unknown'");
        }
    }
}

/// Runs `f`; an error it throws is rethrown as the same type with CLI flags in its message written as the
/// scenario file's keys (io::with_scenario_keys): a TOML study's errors name TOML keys.
template <class F>
auto in_scenario_keys(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const Error& e) {
        if (typeid(e) == typeid(Error)) {
            throw;  // an internal error: not a message about the user's options
        }
        ErrorContext where = e.context();
        where.field = io::with_scenario_keys(where.field);
        rethrow_reworded(e, where, io::with_scenario_keys(e.why()));
    }
}

/// The storm in words, for describe_study and the report's notes.
std::string storm_text(const io::StudyConfig& c) {
    if (!c.hazard.empty()) {
        std::string periods;
        for (const double t : c.return_period.report_periods_years) {
            periods += (periods.empty() ? "" : ", ") + format_number(t);
        }
        return "return-period hazard (docs/hazard-model.md): fields once in " + periods + " years; threshold " +
               format_number(c.return_period.threshold_a) + " A per phase at the worst supplying transformer, " +
               format_number(c.return_period.no_grid_e_star_v_per_km) + " V/km for sites without a grid";
    }
    if (is_named_storm(c.scenario)) {
        return "named storm " + c.scenario + " (hazard model, docs/hazard-model.md)";
    }
    if (!c.scenario.empty()) {
        return c.scenario + " (NERC TPL-007, E_ref x alpha x beta)";
    }
    if (c.field.varying()) {
        return (c.field.magnetometers.empty() ? "magnetometer record " + std::filesystem::path(c.magnetometer).filename().string()
                                              : "magnetometer records " + c.field.magnetometers + " (SECS between stations)") +
               (c.field.mt_sites.empty() ? std::string(" over the 1-D earth models")
                                         : " over MT impedance tensors " + c.field.mt_sites + " within " +
                                               format_number(c.field.mt_max_distance_km) + " km, the 1-D models elsewhere") +
               " (peak |E(t)|; α and β play no part)";
    }
    return "magnetometer record " + std::filesystem::path(c.magnetometer).filename().string() +
           " (peak |E(t)| per earth model; α and β play no part)";
}

void validate_study_checks(const io::StudyConfig& c, bool overwrite, ProblemSink& problems, std::ostream& out);

/// The study's grid read on another thread while the sites and the ground are read on this one (the grid
/// is the longest read). Its problems are kept and reported where the read would have been, so the
/// problems and the errors come in the same order as when the reads ran one after the other; a read
/// that is never taken (an earlier error) is waited for and dropped.
class GridPrefetch {
public:
    explicit GridPrefetch(const io::StudyConfig& c)
        : m_thread([this, path = c.grid, options = io::GridReadOptions{c.grid_gic}] {
              try {
                  m_grid.emplace(io::read_grid(path, m_problems, options));
              } catch (...) {
                  m_error = std::current_exception();
              }
          }) {}
    GridPrefetch(const GridPrefetch&) = delete;
    GridPrefetch& operator=(const GridPrefetch&) = delete;
    ~GridPrefetch() { wait(); }

    /// The grid, its problems reported to `problems` first; rethrows the read's error.
    io::GridDataset take(ProblemSink& problems) {
        wait();
        for (const Problem& p : m_problems.problems()) {
            problems.report(p);
        }
        if (m_error) {
            std::rethrow_exception(m_error);
        }
        return std::move(*m_grid);
    }

private:
    void wait() {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    ProblemSink m_problems;
    std::optional<io::GridDataset> m_grid;
    std::exception_ptr m_error;
    std::thread m_thread;  ///< last: started once the members it writes exist
};

StudyResult run_study_steps(const io::StudyConfig& c, const std::vector<Site>& sites, ProblemSink& problems, const Progress& progress,
                            GridPrefetch* prefetched);

}  // namespace

void describe_study(const io::StudyConfig& c, std::ostream& out) {
    out << "study: " << c.name << "\n  scenario file: " << c.scenario_file.string() << "\n  sites:         " << c.sites << '\n';
    out << "  grid:          " << (c.grid.empty() ? "(none: hazard-only index)" : c.grid) << '\n';
    out << "  earth regions: " << (c.earth_regions.empty() ? "(none)" : c.earth_regions) << '\n';
    out << "  earth model:   " << (c.earth_model.empty() ? "(none outside the regions)" : c.earth_model) << '\n';
    out << "  storm:         " << (c.magnetometer.empty() || c.field.varying() ? storm_text(c) : "magnetometer record " + c.magnetometer) << ", dipole epoch "
        << c.epoch << '\n';
    if (c.area) {
        char line[200];
        std::snprintf(line, sizeof line, "  area:          %g,%g,%g,%g at %g deg (%zu x %zu cells), CRS %s\n", c.area->west_deg,
                      c.area->south_deg, c.area->east_deg, c.area->north_deg, c.area->resolution_deg, c.area->width(),
                      c.area->height(), c.crs.c_str());
        out << line;
    } else {
        out << "  area:          (none: no rasters)\n";
    }
    char line[200];
    std::snprintf(line, sizeof line, "  index:         w_hazard %g, w_grid %g, E0 %g V/km, I0 %g A, gamma %g, supply radius %g km\n",
                  c.index.weight_hazard, c.index.weight_grid, c.index.e0_v_per_km, c.index.i0_a, c.index.redundancy_exponent,
                  c.supply_radius_km);
    out << line << "  outputs:       " << c.out_dir << "/{" << io::study_output_list(c) << "}\n";
}

void check_output_folder(const std::string& folder, bool overwrite) { io::check_output_folder(folder, overwrite); }

void prepare_output_folder(const std::string& folder, bool overwrite, ProblemSink& problems) {
    check_output_folder(folder, overwrite);
    for (const auto& notice : io::OutputDirectory::remove_stale_staging(folder)) {
        problems.warn("stale_staging", "", folder, notice);
    }
}

void validate_study(const io::StudyConfig& c, bool overwrite, ProblemSink& problems, std::ostream& out) {
    in_scenario_keys([&] { validate_study_checks(c, overwrite, problems, out); });
}

namespace {
void validate_study_checks(const io::StudyConfig& c, bool overwrite, ProblemSink& problems, std::ostream& out) {
    io::check_study_config(c);
    if (c.area) {
        warn_if_wide_crossing(*c.area, problems, "area.bbox");
    }
    const auto sites = io::read_sites(c.sites, problems);
    out << "  sites ok: " << sites.size() << " candidate sites\n";
    const Ground ground = io::load_ground(c.earth_regions, c.earth_model, c.models_dir, problems);
    std::string models;
    for (const auto& m : ground.model_names()) {
        models += (models.empty() ? "" : ", ") + m;
    }
    out << "  ground ok: " << (ground.regions() ? std::to_string(ground.regions()->size()) + " earth regions, " : std::string())
        << "models " << models << '\n';
    (void)dipole_coefficients(c.epoch, &problems);
    if (!c.hazard.empty() || is_named_storm(c.scenario)) {
        (void)read_storm(c, ground, problems);  // the tables, β and every model's response, as the run makes them
        out << "  hazard ok: " << (c.hazard.empty() ? c.scenario : c.hazard) << ", beta and the layered model known for every model\n";
    } else if (!c.scenario.empty()) {
        const BetaResolver betas = io::load_beta_resolver(parse_nerc_event(c.scenario), ground, c.waveform);
        for (const auto& m : ground.model_names()) {
            (void)betas.beta(m);  // throws for a model without beta
        }
        out << "  scenario ok: " << c.scenario << ", beta known for every model\n";
    } else if (c.field.varying()) {
        const Storm storm = read_storm(c, ground, problems);  // records, positions, MT sites and every source's E(t)
        out << "  storm records ok: " << storm.field->storm_text << (storm.field->mt_sites.empty() ? "" : ", " + std::to_string(storm.field->mt_sites.size()) + " MT sites") << '\n';
    } else {
        const auto b = io::read_magnetometer(c.magnetometer, c.magnetometer_options);
        io::warn_gap_filling(b, problems);
        for (const auto& m : ground.model_names()) {
            (void)ground.library().find(m);  // a storm record needs the layered model itself
        }
        out << "  storm record ok: " << b.size() << " samples at " << b.dt_s << " s\n";
    }
    std::optional<io::GridDataset> grid;
    if (!c.grid.empty()) {
        grid = io::read_grid(c.grid, problems, {c.grid_gic});
        naming_grid_files(grid->source, [&] { (void)couple_lines(grid->network, ground); });  // as run: every line part must lie on known ground
        out << "  grid ok: " << grid->network.substations.size() << " substations, " << grid->network.transformers.size()
            << " transformers, " << grid->network.lines.size() << " lines\n";
    }
    // The supplies each site lists must be in the grid (evaluated with no hazard: only the supply check runs).
    const GridExposure exposure{grid ? &grid->network : nullptr,
                                grid ? std::vector<double>(grid->network.substations.size(), 0.0) : std::vector<double>{}};
    check_supplies(sites, exposure, problems, c.sites, grid ? grid->source.file_of(grid->source.substations_layer) : c.grid);
    check_output_folder(c.out_dir, overwrite);
    out << "  outputs ok: " << c.out_dir << (overwrite ? " (will be replaced)" : "") << '\n';
}
}  // namespace

StudyResult run_study(const io::StudyConfig& c, ProblemSink& problems, const Progress& progress) {
    if (progress) {
        progress("reading sites " + c.sites);
    }
    std::optional<GridPrefetch> grid;
    if (!c.grid.empty()) {
        try {
            grid.emplace(c);
        } catch (const std::system_error&) {
            grid.reset();  // no thread to be had: the grid is read in turn
        }
    }
    const std::vector<Site> sites = in_scenario_keys([&] { return io::read_sites(c.sites, problems); });
    return in_scenario_keys([&] { return run_study_steps(c, sites, problems, progress, grid ? &*grid : nullptr); });
}

StudyResult run_study(const io::StudyConfig& c, const std::vector<Site>& sites, ProblemSink& problems, const Progress& progress) {
    return in_scenario_keys([&] { return run_study_steps(c, sites, problems, progress, nullptr); });
}

namespace {
StudyResult run_study_steps(const io::StudyConfig& c, const std::vector<Site>& sites, ProblemSink& problems, const Progress& progress,
                            GridPrefetch* prefetched) {
    auto say = [&](const std::string& s) {
        if (progress) {
            progress(s);
        }
    };
    io::check_study_config(c);
    if (c.area) {
        warn_if_wide_crossing(*c.area, problems, "area.bbox");
    }
    StudyResult result;
    say("reading the ground (earth models and regions)");
    const Ground ground = io::load_ground(c.earth_regions, c.earth_model, c.models_dir, problems);
    std::optional<io::GridDataset> grid;
    if (!c.grid.empty()) {
        say("reading the grid " + c.grid);
        grid = prefetched != nullptr ? prefetched->take(problems) : io::read_grid(c.grid, problems, {c.grid_gic});
    }
    say(c.field.varying() ? "reading the storm records and MT sites, computing E(t) per source"
        : !c.magnetometer.empty() ? "computing E(t) per earth model from " + c.magnetometer
        : !c.scenario.empty() && !is_named_storm(c.scenario) ? "resolving alpha and beta for " + c.scenario
                                                            : "building the hazard model (each earth model's response)");
    const Storm storm = read_storm(c, ground, problems);

    GridExposure exposure;
    if (grid) {
        const Network& net = grid->network;
        say("solving the grid (" + std::to_string(net.substations.size()) + " substations, " +
            std::to_string(net.transformers.size()) + " transformers)");
        exposure.network = &net;
        exposure.substation_ieff_a = naming_grid_files(grid->source, [&] {
            return substation_worst(net, transformer_ieff(c, net, problems, ground, storm, result));
        });
    }
    say("evaluating " + std::to_string(sites.size()) + " sites");
    result.sites = evaluate_sites(sites, *storm.hazard, exposure, c.index, c.supply_radius_km, problems, c.sites,
                                  grid ? grid->source.file_of(grid->source.substations_layer) : c.grid, storm.levels);
    if (grid) {
        add_assumed_network_spread(c, grid->network, ground, storm, result, problems);
    }
    if (storm.named != nullptr) {
        add_named_storm_terms(result.sites, *storm.named);
    }
    if (storm.levels != nullptr || storm.named != nullptr) {
        // The hazard model's field does not use NERC's α (its auroral term scales with the driver profile).
        for (auto& s : result.sites) {
            s.alpha = not_a_number;
        }
    }
    if (storm.field) {
        // As a single record: the peak comes from E(t) itself. Each site says what drove it.
        std::vector<GeoPoint> at;
        for (const auto& s : result.sites) {
            at.push_back(s.evaluated_at.valid() ? s.evaluated_at : s.site.location);
        }
        const auto fields = storm.field->field->at(at);
        std::size_t extrapolated = 0;
        for (std::size_t i = 0; i < result.sites.size(); ++i) {
            result.sites[i].alpha = not_a_number;
            result.sites[i].beta = not_a_number;
            result.sites[i].field_source = fields[i].provenance;
            if (fields[i].provenance.secs_extrapolated) {
                ++extrapolated;
                result.sites[i].flags += std::string(result.sites[i].flags.empty() ? "" : ";") + "secs_extrapolated";
            }
        }
        if (extrapolated > 0) {
            problems.warn("secs_extrapolation", "", c.sites,
                          std::to_string(extrapolated) + " of " + std::to_string(result.sites.size()) +
                              " sites lie outside the SECS pole grid (the stations' box widened by secs_margin_deg): their B is "
                              "extrapolated and underestimated far from every station (flag secs_extrapolated; docs/storm-data.md)");
        }
    }
    if (storm.record) {
        // A storm record's peak field is max_t |E(t)| over the site's earth model: the NERC α and β play no
        // part, so they are not reported (empty in sites.csv, "–" in report.md; docs/scenario-format.md).
        for (auto& s : result.sites) {
            s.alpha = not_a_number;
            s.beta = not_a_number;
        }
    }
    report_unevaluated(result.sites, problems, c.sites);
    if (c.area) {
        say("mapping the study area (" + std::to_string(c.area->width()) + " x " + std::to_string(c.area->height()) + " cells)");
        ExposureRasters rasters = exposure_rasters(*c.area, *storm.hazard, exposure, c.index, c.supply_radius_km, storm.levels);
        result.peak_e = std::move(rasters.peak_e);
        result.exposure = std::move(rasters.exposure);
        result.return_period = std::move(rasters.return_period);
    }
    result.notes.push_back("storm: " + storm_text(c));
    return result;
}
}  // namespace

void write_study(const io::StudyConfig& c, const StudyResult& r, bool overwrite) {
    io::OutputDirectory out(c.out_dir, overwrite);
    const FeatureTable sites = sites_table(r.sites);
    std::vector<const FeatureTable*> layers{&sites};
    for (const auto& t : r.grid_layers) {
        layers.push_back(&t);
    }
    // sites.csv and report.md are written on a second thread while sites.gpkg is written (each is its own
    // file; an error in either is rethrown here and nothing is committed).
    const auto csv_path = out.staged("sites.csv");
    const auto gpkg_path = out.staged("sites.gpkg");
    const auto report_path = out.staged("report.md");
    parallel_for(
        2,
        [&](std::size_t task) {
            if (task == 0) {
                io::write_gpkg(layers, gpkg_path);
                return;
            }
            io::write_csv(sites, csv_path);
            io::write_report(c, r.sites, r.notes, report_path);
        },
        2, 1);
    if (r.exposure && r.peak_e) {
        const auto exposure_tif = out.staged("exposure.tif");
        io::write_geotiff(*r.exposure, exposure_tif, io::study_raster_options(c, io::StudyRaster::exposure));
        io::write_exposure_qml(out.staged("exposure.qml"));
        io::write_exposure_class_geotiff(exposure_tif, out.staged("exposure_class.tif"));
        io::write_geotiff(*r.peak_e, out.staged("peak_e.tif"), io::study_raster_options(c, io::StudyRaster::peak_e));
        if (r.return_period) {
            io::write_geotiff(*r.return_period, out.staged("return_period.tif"), io::study_raster_options(c, io::StudyRaster::return_period));
        }
        if (c.write_map_png) {
            if (r.return_period) {
                io::write_map_png(*r.return_period, io::MapQuantity::return_period_years, sites, r.grid_layers, c.name, out.staged("map.png"));
            } else {
                io::write_map_png(*r.exposure, sites, r.grid_layers, c.name, out.staged("map.png"));
            }
        }
    }
    out.commit();
}

}  // namespace swx::study
