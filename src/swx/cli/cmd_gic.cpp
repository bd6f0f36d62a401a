// swxrisk gic: GIC in a grid under a uniform geoelectric field (one direction, or all with --sweep).

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/error.hpp>
#include <swx/core/gic_study.hpp>
#include <swx/io/geodesy.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/output_directory.hpp>
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
        CLI::App* sub = app.add_subcommand("gic", "GIC in a power grid under a uniform geoelectric field");
        sub->footer(
            "Writes substations.csv, transformers.csv, lines.csv and gic.gpkg into --out.\n"
            "Azimuth is clockwise from geographic north: 0 = northward field, 90 = eastward.\n"
            "Example: swxrisk gic --grid datasets/horton2012 --e-v-per-km 1 --azimuth-deg 90 --sweep --out out/horton");
        sub->add_option("--grid", m_grid, "grid datasource: GeoPackage, folder of GeoJSON files, any OGR source")
            ->required();
        sub->add_option("--e-v-per-km", m_e, "field magnitude, V/km")->capture_default_str()->check(CLI::NonNegativeNumber);
        sub->add_option("--azimuth-deg", m_azimuth, "field direction, degrees clockwise from north")
            ->capture_default_str()
            ->check(CLI::Range(-360.0, 360.0));
        sub->add_option("--distance", m_distance,
                        "line EMF integration: geodesic (along the route on WGS84) or nerc (straight, NERC/Horton formula)")
            ->capture_default_str()
            ->check(CLI::IsMember({"geodesic", "nerc"}));
        sub->add_flag("--sweep", m_sweep, "also the worst field direction per transformer (ieff_max_a, worst_azimuth_deg)");
        sub->add_option("--out", m_out, "output folder (created; must be empty unless --overwrite)")->required();
        sub->add_flag("--overwrite", m_overwrite, "replace results in an existing output folder");
        sub->add_flag("-q,--quiet", m_quiet, "print no summary");
        return sub;
    }

    int run(Streams& io) override {
        StreamProblemSink problems(io.err);
        io::GridDataset grid = io::read_grid(m_grid, problems);
        io::OutputDirectory out(m_out, m_overwrite);  // checked before the solve: fail early

        const Network& net = grid.network;
        const auto method = m_distance == "nerc" ? io::DistanceMethod::nerc : io::DistanceMethod::geodesic;
        const auto displacements = io::line_displacements(net, method);
        const GicSolver solver(net, problems);
        const UniformGicStudy study = run_uniform_gic(net, displacements, solver, m_e, m_azimuth, m_sweep);

        const FeatureTable subs = substations_table(net, study.result);
        const FeatureTable trans = transformers_table(net, study.result, study.sweep);
        const FeatureTable lines = lines_table(net, study.result, io::line_lengths_km(net));
        io::write_csv(subs, out.staged("substations.csv"));
        io::write_csv(trans, out.staged("transformers.csv"));
        io::write_csv(lines, out.staged("lines.csv"));
        io::write_gpkg({&subs, &trans, &lines}, out.staged("gic.gpkg"));
        out.commit();

        if (!m_quiet) {
            print_summary(io, net, study);
        }
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    void print_summary(Streams& io, const Network& net, const UniformGicStudy& study) const {
        char line[256];
        std::snprintf(line, sizeof line, "swxrisk gic: %zu substations, %zu buses, %zu transformers, %zu lines\n",
                      net.substations.size(), net.buses.size(), net.transformers.size(), net.lines.size());
        io.out << line;
        std::snprintf(line, sizeof line, "field: %g V/km towards azimuth %g deg (E_N %.4f, E_E %.4f V/km), distances: %s\n",
                      study.e_v_per_km, study.azimuth_deg, study.field.north_v_per_km, study.field.east_v_per_km,
                      m_distance.c_str());
        io.out << line << "\nsubstation ground GIC (A, 3-phase, + into earth):\n";
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            std::snprintf(line, sizeof line, "  %-16s %10.2f\n", net.substations[s].id.c_str(), study.result.ground_gic_a[s]);
            io.out << line;
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
    std::string m_out;
    bool m_overwrite = false;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_gic_command() { return std::make_unique<GicCommand>(); }

}  // namespace swx::cli
