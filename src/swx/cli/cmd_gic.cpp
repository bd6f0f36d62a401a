// swxrisk gic: GIC in a grid
//   * under a uniform geoelectric field (one direction, or all with --sweep);
//   * under a NERC TPL-007 scenario (peak field 8 or 12 V/km scaled by α at each line and β of the
//     ground under each part of it, worst direction);
//   * over time, from a magnetometer record (E(t) per earth model) or from the NERC waveform.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/efield.hpp>
#include <swx/core/error.hpp>
#include <swx/core/geomag.hpp>
#include <swx/core/gic_study.hpp>
#include <swx/core/gic_timeseries.hpp>
#include <swx/core/version.hpp>
#include <swx/io/geodesy.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/ground.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/scenario_gic.hpp>
#include <swx/io/table_writer.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace swx::cli {

namespace {

class GicCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("gic", "GIC in a power grid: uniform field, NERC scenario, or storm time series");
        sub->footer(
            "Modes:\n"
            "  uniform field   --e-v-per-km E --azimuth-deg A [--sweep]\n"
            "  NERC scenario   --scenario nerc-benchmark|nerc-supplemental --earth-regions R [--earth-model M]\n"
            "                  (peak field 8|12 V/km x alpha(line) x beta(ground), worst direction)\n"
            "  time series     --magnetometer FILE --earth-regions R [--earth-model M]\n"
            "                  --scenario nerc-benchmark --waveform NERC_WAVEFORM.csv --earth-regions R\n"
            "Writes substations.csv, transformers.csv, lines.csv and gic.gpkg (time series: also gic_timeseries.h5).\n"
            "Azimuth is clockwise from geographic north: 0 = northward field, 90 = eastward.\n"
            "Example: swxrisk gic --grid datasets/horton2012 --e-v-per-km 1 --azimuth-deg 90 --sweep --out out/horton");
        sub->add_option("--grid", m_grid, "grid datasource: GeoPackage, folder of GeoJSON files, any OGR source")->required();
        sub->add_option("--e-v-per-km", m_e, "uniform field magnitude, V/km")->capture_default_str()->check(CLI::NonNegativeNumber);
        sub->add_option("--azimuth-deg", m_azimuth, "field direction, degrees clockwise from north (uniform field and scenario)")
            ->capture_default_str()
            ->check(CLI::Range(-360.0, 360.0));
        sub->add_option("--distance", m_distance,
                        "uniform field: line EMF integration, geodesic (along the route on WGS84) or nerc (straight, NERC/Horton formula)")
            ->capture_default_str()
            ->check(CLI::IsMember({"geodesic", "nerc"}));
        sub->add_flag("--sweep", m_sweep, "uniform field: also the worst direction per transformer (ieff_max_a, worst_azimuth_deg)");
        sub->add_option("--scenario", m_scenario, "NERC TPL-007 event: nerc-benchmark (8 V/km) or nerc-supplemental (12 V/km)")
            ->check(CLI::IsMember({"nerc-benchmark", "nerc-supplemental"}));
        sub->add_option("--waveform", m_waveform,
                        "NERC geoelectric waveform CSV of the event (Time, E_EW, E_NS): with --scenario, run the time series; "
                        "also computes beta for earth models that are not NERC regions");
        sub->add_option("--magnetometer", m_magnetometer, "storm record (IAGA-2002 or CSV, nT): run the time series");
        sub->add_option("--time-column", m_mag_options.time_column, "magnetometer CSV: time column");
        sub->add_option("--x-column", m_mag_options.x_column, "magnetometer CSV: X (north) column");
        sub->add_option("--y-column", m_mag_options.y_column, "magnetometer CSV: Y (east) column");
        sub->add_option("--max-gap-s", m_mag_options.max_gap_s, "magnetometer: longest gap interpolated, s")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        sub->add_option("--earth-regions", m_regions, "earth-region polygons with a 'model' field (any OGR source)");
        sub->add_option("--earth-model", m_earth_model, "earth model outside the regions, or everywhere without --earth-regions");
        sub->add_option("--models", m_user_models, "a folder of extra earth model files");
        sub->add_option("--epoch", m_epoch, "epoch of the geomagnetic dipole for alpha (decimal year)")
            ->capture_default_str()
            ->check(CLI::Range(1900.0, 2100.0));
        sub->add_option("--threshold-a", m_threshold_a, "time series: effective GIC screening threshold, A per phase (TPL-007: 75)")
            ->capture_default_str()
            ->check(CLI::PositiveNumber);
        sub->add_option("--out", m_out, "output folder (created; must be empty unless --overwrite)")->required();
        sub->add_flag("--overwrite", m_overwrite, "replace results in an existing output folder");
        sub->add_flag("-q,--quiet", m_quiet, "print no summary");
        return sub;
    }

    int run(Streams& io) override {
        const bool series = !m_magnetometer.empty() || (!m_scenario.empty() && !m_waveform.empty());
        if (!m_magnetometer.empty() && !m_scenario.empty()) {
            throw ConfigError({"gic", "", "", "", "--scenario"}, "give either --magnetometer or --scenario, not both");
        }
        if ((series || !m_scenario.empty()) && m_regions.empty() && m_earth_model.empty()) {
            throw ConfigError({"gic", "", "", "", "--earth-regions"},
                              "a scenario or a storm record needs the ground: give --earth-regions and/or --earth-model");
        }
        StreamProblemSink problems(io.err);
        io::GridDataset grid = io::read_grid(m_grid, problems);
        std::optional<io::Ground> ground;
        if (series || !m_scenario.empty()) {
            ground.emplace(m_regions, m_earth_model, m_user_models, problems);
        }
        io::OutputDirectory out(m_out, m_overwrite);  // checked before the solve: fail early
        for (const auto& notice : out.notices()) {
            problems.warn("stale_staging", "", out.target().string(), notice);
        }
        const Network& net = grid.network;
        const GicSolver solver(net, problems);
        if (series) {
            run_series(io, net, solver, *ground, out, problems);
        } else if (!m_scenario.empty()) {
            run_scenario(io, net, solver, *ground, out);
        } else {
            run_uniform(io, net, solver, out);
        }
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    void write_tables(const Network& net, const UniformGicStudy& study, io::OutputDirectory& out,
                      std::vector<std::pair<std::string, std::vector<double>>> extra_line_columns = {}) const {
        const FeatureTable subs = substations_table(net, study.result);
        const FeatureTable trans = transformers_table(net, study.result, study.sweep);
        FeatureTable lines = lines_table(net, study.result, io::line_lengths_km(net));
        for (auto& [name, values] : extra_line_columns) {
            lines.add(name, std::move(values));
        }
        io::write_csv(subs, out.staged("substations.csv"));
        io::write_csv(trans, out.staged("transformers.csv"));
        io::write_csv(lines, out.staged("lines.csv"));
        io::write_gpkg({&subs, &trans, &lines}, out.staged("gic.gpkg"));
        out.commit();
    }

    void run_uniform(Streams& io, const Network& net, const GicSolver& solver, io::OutputDirectory& out) const {
        const auto method = m_distance == "nerc" ? io::DistanceMethod::nerc : io::DistanceMethod::geodesic;
        const auto displacements = io::line_displacements(net, method);
        const UniformGicStudy study = run_uniform_gic(net, displacements, solver, m_e, m_azimuth, m_sweep);
        write_tables(net, study, out);
        if (!m_quiet) {
            char line[256];
            std::snprintf(line, sizeof line, "field: %g V/km towards azimuth %g deg (E_N %.4f, E_E %.4f V/km), distances: %s\n",
                          study.e_v_per_km, study.azimuth_deg, study.field.north_v_per_km, study.field.east_v_per_km,
                          m_distance.c_str());
            print_summary(io, net, study, line);
        }
    }

    /// NERC scenario: every line part's displacement is scaled by E_ref·α(line)·β(model), so that a unit
    /// field in direction θ gives the scenario's EMFs; two solves give the worst direction.
    void run_scenario(Streams& io, const Network& net, const GicSolver& solver, const io::Ground& ground,
                      io::OutputDirectory& out) const {
        const NercEvent event = parse_nerc_event(m_scenario);
        const io::BetaResolver betas(event, ground.library(), m_waveform);
        const io::ScenarioGic sc = io::run_scenario_gic(net, solver, ground, betas, dipole_coefficients(m_epoch), m_azimuth);
        const double e_ref = nerc_reference_field_v_per_km(event);
        const UniformGicStudy& study = sc.study;
        write_tables(net, study, out, {{"alpha", sc.line_alpha}, {"e_peak_v_per_km", sc.line_e_peak_v_per_km}});
        if (!m_quiet) {
            io.out << "scenario " << m_scenario << ": " << e_ref << " V/km x alpha (dipole latitude at each line's middle, epoch "
                   << m_epoch << ") x beta of the ground:\n";
            for (std::size_t k = 0; k < sc.models.size(); ++k) {
                char line[160];
                std::snprintf(line, sizeof line, "  %-6s beta %.3f (%s)\n", sc.models[k].c_str(), sc.model_beta[k],
                              betas.source(sc.models[k]).c_str());
                io.out << line;
            }
            char line[200];
            std::snprintf(line, sizeof line, "currents below: field towards azimuth %g deg; ieff_max_a: worst direction\n", m_azimuth);
            print_summary(io, net, study, line);
        }
    }

    void run_series(Streams& io, const Network& net, const GicSolver& solver, const io::Ground& ground,
                    io::OutputDirectory& out, ProblemSink& problems) const {
        const io::LineGroundCoupling coupling = io::couple_lines(net, ground);
        std::vector<LineCoupling> couplings = coupling.couplings;
        FieldSources fields;
        std::vector<std::string> source_names;
        io::TimeAxis axis;
        io::Provenance provenance;
        provenance.grid = m_grid;
        provenance.earth_regions = m_regions;
        provenance.fallback_model = m_earth_model;
        provenance.epoch = m_epoch;
        if (!m_magnetometer.empty()) {
            const io::MagnetometerSeries b = io::read_magnetometer(m_magnetometer, m_mag_options);
            axis = {b.t0_unix_s, b.dt_s, b.size()};
            for (const auto& model : coupling.models) {
                const GeoelectricSeries e = geoelectric_from_magnetic(ground.library().find(model), b.bx_nt, b.by_nt, b.dt_s);
                fields.e_north_v_per_km.push_back(e.ex_v_per_km);
                fields.e_east_v_per_km.push_back(e.ey_v_per_km);
                source_names.push_back(model);
            }
            provenance.storm = m_magnetometer + (b.station.empty() ? "" : " (station " + b.station + ")");
            provenance.method = "plane-wave E(t) = Z(f)·B(f)/mu0 per earth model; uniform B over the grid";
        } else {
            // NERC waveform: E(t) = α·β·waveform(t) (TPL-007); the scale goes into each line's coupling.
            const NercEvent event = parse_nerc_event(m_scenario);
            const io::BetaResolver betas(event, ground.library(), m_waveform);
            const DipoleCoefficients dipole = dipole_coefficients(m_epoch, &problems);
            std::vector<double> beta_of_source;
            for (const auto& model : coupling.models) {
                beta_of_source.push_back(betas.beta(model));
            }
            for (std::size_t l = 0; l < net.lines.size(); ++l) {
                const double a = io::line_alpha(net, net.lines[l], dipole);
                Displacement total;
                for (const auto& part : couplings[l].parts) {
                    total.north_km += a * beta_of_source[part.source] * part.d.north_km;
                    total.east_km += a * beta_of_source[part.source] * part.d.east_km;
                }
                couplings[l].parts = {{0, total}};
            }
            const auto& w = *betas.waveform();
            fields.e_north_v_per_km = {w.e_north_v_per_km};
            fields.e_east_v_per_km = {w.e_east_v_per_km};
            source_names = {"NERC waveform (alpha = beta = 1)"};
            axis = {0, w.dt_s, w.t_s.size()};
            provenance.storm = m_waveform + " (" + m_scenario + ")";
            provenance.method = "TPL-007: E(t) = alpha(line) x beta(ground) x waveform(t)";
        }
        provenance.models = coupling.models;

        io::GicTimeSeriesWriter writer(out.staged("gic_timeseries.h5"), net, axis, source_names, fields, provenance,
                                       m_threshold_a);
        const GicTimeSeriesStats stats = run_gic_timeseries(
            net, solver, couplings, fields, axis.dt_s, m_threshold_a, [&](const GicBlock& block) { writer.write_block(block); });
        writer.finish(stats);

        // Tables: peaks over the storm.
        FeatureTable subs;
        subs.name = "substations";
        subs.geometry_kind = GeometryKind::point;
        std::vector<std::string> sid, speak_time;
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            sid.push_back(net.substations[s].id);
            speak_time.push_back(stats.ground_peak_abs_a[s] > 0.0 ? axis.iso(stats.ground_peak_step[s]) : std::string());
            subs.geometry.push_back(net.substations[s].location.valid() ? std::vector<GeoPoint>{net.substations[s].location}
                                                                      : std::vector<GeoPoint>{});
        }
        subs.add("substation_id", std::move(sid));
        subs.add("ground_gic_peak_abs_a", stats.ground_peak_abs_a, "peak |ground GIC| over the record, 3-phase total, A");
        subs.add("ground_gic_peak_time", std::move(speak_time));
        FeatureTable trans;
        trans.name = "transformers";
        trans.geometry_kind = GeometryKind::point;
        std::vector<std::string> tid, tsub, ttype, tpeak_time;
        std::vector<double> minutes;
        for (std::size_t t = 0; t < net.transformers.size(); ++t) {
            const auto& tr = net.transformers[t];
            const Substation& s = net.substations[net.substation_of(tr)];
            tid.push_back(tr.id);
            tsub.push_back(s.id);
            ttype.push_back(std::string(to_string(tr.type)));
            tpeak_time.push_back(stats.ieff_peak_a[t] > 0.0 ? axis.iso(stats.ieff_peak_step[t]) : std::string());
            minutes.push_back(stats.time_above_threshold_s[t] / 60.0);
            trans.geometry.push_back(s.location.valid() ? std::vector<GeoPoint>{s.location} : std::vector<GeoPoint>{});
        }
        trans.add("transformer_id", std::move(tid));
        trans.add("substation_id", std::move(tsub));
        trans.add("type", std::move(ttype));
        trans.add("ieff_peak_a", stats.ieff_peak_a, "peak effective GIC per phase over the record, A");
        trans.add("ieff_peak_time", std::move(tpeak_time));
        char minutes_name[64];
        std::snprintf(minutes_name, sizeof minutes_name, "minutes_above_%ga", m_threshold_a);
        trans.add(minutes_name, std::move(minutes), "minutes with effective GIC above the threshold (TPL-007 thermal screening: 75 A)");
        FeatureTable lines;
        lines.name = "lines";
        lines.geometry_kind = GeometryKind::line_string;
        std::vector<std::string> lid;
        for (const auto& l : net.lines) {
            lid.push_back(l.id);
            lines.geometry.push_back(net.route(l));
        }
        lines.add("line_id", std::move(lid));
        lines.add("emf_peak_abs_v", stats.line_emf_peak_abs_v, "peak |EMF| over the record, V");
        io::write_csv(subs, out.staged("substations.csv"));
        io::write_csv(trans, out.staged("transformers.csv"));
        io::write_csv(lines, out.staged("lines.csv"));
        io::write_gpkg({&subs, &trans, &lines}, out.staged("gic.gpkg"));
        out.commit();

        if (!m_quiet) {
            char line[256];
            std::snprintf(line, sizeof line, "time series: %zu steps of %g s from %s; field sources: %zu; one factorisation\n",
                          axis.steps, axis.dt_s, axis.iso(0).c_str(), source_names.size());
            io.out << line;
            std::vector<std::size_t> order(net.transformers.size());
            for (std::size_t i = 0; i < order.size(); ++i) {
                order[i] = i;
            }
            std::sort(order.begin(), order.end(), [&](auto a, auto b) { return stats.ieff_peak_a[a] > stats.ieff_peak_a[b]; });
            io.out << "highest effective GIC (A per phase):\n";
            for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k) {
                const std::size_t t = order[k];
                std::snprintf(line, sizeof line, "  %-14s %9.2f at %s, %.0f min above %g A\n", net.transformers[t].id.c_str(),
                              stats.ieff_peak_a[t], axis.iso(stats.ieff_peak_step[t]).c_str(),
                              stats.time_above_threshold_s[t] / 60.0, m_threshold_a);
                io.out << line;
            }
            io.out << "\nresults: " << m_out << "/{gic_timeseries.h5,substations.csv,transformers.csv,lines.csv,gic.gpkg}\n";
        }
    }

    void print_summary(Streams& io, const Network& net, const UniformGicStudy& study, const char* header) const {
        char line[256];
        std::snprintf(line, sizeof line, "swxrisk gic: %zu substations, %zu buses, %zu transformers, %zu lines\n",
                      net.substations.size(), net.buses.size(), net.transformers.size(), net.lines.size());
        io.out << line << header << "\nsubstation ground GIC (A, 3-phase, + into earth):\n";
        const std::size_t shown = std::min<std::size_t>(net.substations.size(), 20);
        for (std::size_t s = 0; s < shown; ++s) {
            std::snprintf(line, sizeof line, "  %-16s %10.2f\n", net.substations[s].id.c_str(), study.result.ground_gic_a[s]);
            io.out << line;
        }
        if (shown < net.substations.size()) {
            io.out << "  ... (" << net.substations.size() - shown << " more in substations.csv)\n";
        }
        if (study.sweep) {
            const auto& max = study.sweep->ieff_max_a;
            const auto it = std::max_element(max.begin(), max.end());
            if (it != max.end()) {
                const auto i = static_cast<std::size_t>(it - max.begin());
                std::snprintf(line, sizeof line, "\nworst transformer over all directions: %s, %.2f A per phase at azimuth %.1f deg\n",
                              net.transformers[i].id.c_str(), *it, study.sweep->worst_azimuth_deg[i]);
                io.out << line;
            }
        }
        io.out << "\nresults: " << m_out << "/{substations.csv,transformers.csv,lines.csv,gic.gpkg}\n";
    }

    std::string m_grid;
    double m_e = 1.0;
    double m_azimuth = 0.0;
    std::string m_distance = "geodesic";
    bool m_sweep = false;
    std::string m_scenario;
    std::string m_waveform;
    std::string m_magnetometer;
    io::MagnetometerOptions m_mag_options;
    std::string m_regions;
    std::string m_earth_model;
    std::string m_user_models;
    double m_epoch = 2025.0;
    double m_threshold_a = 75.0;
    std::string m_out;
    bool m_overwrite = false;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_gic_command() { return std::make_unique<GicCommand>(); }

}  // namespace swx::cli
