// swxrisk grid build: a public line map (lines + substations) -> an approximate grid GeoPackage whose
// assumed values are marked (docs/grid-format.md, "Public line maps").
// swxrisk grid export: any grid swxrisk reads -> a PSS/E .raw + .gic, a MATPOWER-GMD .m or the own GeoPackage.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/network/grid_build.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/grid_writer.hpp>
#include <swx/io/matpower_reader.hpp>
#include <swx/io/psse_reader.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/public_grid_reader.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace swx::cli {

namespace {

class GridCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* grid = app.add_subcommand("grid", "grid tools: build an approximate grid from a public line map; export a grid");
        grid->require_subcommand(1);
        CLI::App* sub = grid->add_subcommand(
            "build", "build an approximate GIC grid from public line and substation maps (HIFLD, OpenStreetMap, GridKit); "
                     "transformers, resistances and grounding are assumed from voltage-class defaults and marked as such");
        sub->footer(
            "Example: swxrisk grid build --lines highvoltage_links.csv --substations highvoltage_vertices.csv --out grid.gpkg\n"
            "Field names are found by name (voltage_kv / HIFLD VOLTAGE in kV / GridKit voltage in volts; from_substation, SUB_1, "
            "v_id_1; ...; see docs/grid-format.md) or given by the --*-field options.\n");
        sub->add_option("--lines", m_lines, "lines: any OGR source in any CRS, or a GridKit highvoltage_links.csv")->required();
        sub->add_option("--substations", m_substations,
                        "substations/vertices: any OGR source (points or polygons), or a GridKit highvoltage_vertices.csv")
            ->required();
        sub->add_option("--out", m_out, "the grid GeoPackage to write (whole or nothing)")->required();
        sub->add_flag("--overwrite", m_overwrite, "replace --out if it exists");
        sub->add_option("--defaults", m_defaults, "TOML file replacing values of the voltage-class defaults table");
        sub->add_option("--snap-km", m_options.snap_km,
                        "line ends without a substation id snap to the nearest substation within this distance, km")
            ->capture_default_str()
            ->check(CLI::Range(0.0, 100.0));
        sub->add_option("--line-id-field", m_fields.line_id, "lines: id field (default id, l_id, ID, OBJECTID, else the feature id)");
        sub->add_option("--voltage-field", m_fields.voltage, "lines: voltage field (default voltage_kv, VOLTAGE, voltage)");
        sub->add_option("--voltage-unit", m_fields.voltage_unit, "unit of --voltage-field: kV or V")->check(CLI::IsMember({"kV", "kv", "V", "v"}));
        sub->add_option("--from-field", m_fields.from, "lines: from-substation field (default from_substation, SUB_1, v_id_1)");
        sub->add_option("--to-field", m_fields.to, "lines: to-substation field (default to_substation, SUB_2, v_id_2)");
        sub->add_option("--circuits-field", m_fields.circuits, "lines: circuit count field (default circuits, or cables: 3 per circuit)");
        sub->add_option("--substation-id-field", m_fields.substation_id, "substations: id field (default id, v_id, ID, NAME)");
        sub->add_option("--kind-field", m_fields.kind,
                        "substations: kind field, substation / plant / junction (default kind, typ, TYPE)");
        m_build = sub;

        CLI::App* exp = grid->add_subcommand(
            "export", "write a grid (any format swxrisk reads) as a PSS/E .raw + .gic, a MATPOWER-GMD .m or a grid GeoPackage");
        exp->footer(
            "Example: swxrisk grid export --grid datasets/horton2012 --format psse --out horton.raw   (also writes horton.gic)\n"
            "Read back, the exported case gives the same solution (docs/grid-format.md lists what each writer keeps).\n");
        exp->add_option("--grid", m_grid, "grid: GeoPackage / OGR source, PSS/E .raw (with --gic) or MATPOWER-GMD .m")->required();
        exp->add_option("--gic", m_gic, "the PSS/E GIC data file that goes with a .raw --grid");
        exp->add_option("--format", m_format, "psse (.raw + .gic v3), matpower (.m with the PowerModelsGMD tables) or gpkg")
            ->required()
            ->check(CLI::IsMember({"psse", "matpower", "gpkg"}));
        exp->add_option("--out", m_export_out, "the file to write: CASE.raw (psse; CASE.gic beside it), CASE.m or GRID.gpkg")->required();
        exp->add_flag("--overwrite", m_overwrite, "replace existing output files");
        m_export = exp;
        return grid;
    }

    int run(Streams& io) override {
        if (m_export != nullptr && m_export->parsed()) {
            return run_export(io);
        }
        const auto t0 = std::chrono::steady_clock::now();
        io::OutputFile out(m_out, m_overwrite);  // checked before any work
        if (!m_defaults.empty()) {
            m_options.defaults = io::read_grid_defaults(m_defaults);
        }
        ProblemSink problems;
        const PublicMapInput map = io::read_public_map(m_lines, m_substations, m_fields, problems);
        GridBuildReport report;
        const Network net = build_grid(map, m_options, problems, &report);
        validate_network(net, NetworkSource{m_out});
        io::write_grid(net, out.staged().string());
        out.commit();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        std::size_t junctions = 0;
        for (const auto& s : net.substations) {
            junctions += s.grounding_ohm ? 0 : 1;
        }
        char line[512];
        std::snprintf(line, sizeof line,
                      "grid build: %zu lines -> %zu circuits; %zu vertices read, %zu unused; %zu substations (%zu without "
                      "transformer: junctions/ungrounded), %zu buses, %zu transformers (all assumed)\n",
                      report.lines_read, report.circuits, report.vertices_read, report.vertices_unused, net.substations.size(),
                      junctions, net.buses.size(), net.transformers.size());
        io.out << line;
        std::snprintf(line, sizeof line,
                      "line ends: %zu by id, %zu snapped within %.3g km, %zu unsnapped (new junctions), %zu unknown ids; "
                      "voltage inferred for %zu lines; left out: %zu without voltage, %zu loops\n",
                      report.ends_by_id, report.ends_snapped, m_options.snap_km, report.unsnapped_ends, report.unknown_end_ids,
                      report.kv_inferred, report.dropped_no_voltage, report.dropped_loops);
        io.out << line;
        io.out << "assumed values (marked in each layer's `assumed` field):";
        for (const auto& [field, n] : assumed_counts(net)) {
            io.out << ' ' << field << ' ' << n << ';';
        }
        std::snprintf(line, sizeof line, "\nwrote %s in %.2f s\n", m_out.c_str(), seconds);
        io.out << line;
        std::size_t shown = 0;
        for (const auto& p : problems.problems()) {
            if (p.code == "grid_build" || shown < 20) {
                io.err << format_problem(p) << '\n';
                shown += p.code == "grid_build" ? 0 : 1;
            }
        }
        if (problems.problems().size() > shown + 1) {
            io.err << "... " << problems.problems().size() - shown - 1 << " more warnings (unsnapped ends, inferred voltages)\n";
        }
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    int run_export(Streams& io) {
        namespace fs = std::filesystem;
        const fs::path out(m_export_out);
        const std::string ext = out.extension().string();
        const std::string want = m_format == "psse" ? ".raw" : m_format == "matpower" ? ".m" : ".gpkg";
        if (ext != want) {
            throw ConfigError({"grid export", m_export_out, "", "", "--out"},
                              "--format " + m_format + " writes a " + want + " file, not '" + ext + "'");
        }
        fs::path gic = out;
        gic.replace_extension(".gic");
        for (const fs::path& p : m_format == "psse" ? std::vector<fs::path>{out, gic} : std::vector<fs::path>{out}) {
            if (fs::exists(p) && !m_overwrite) {
                throw ConfigError({"grid export", p.string(), "", "", "--out"}, "exists; give --overwrite to replace it");
            }
        }
        ProblemSink problems;
        const io::GridDataset grid = io::read_grid(m_grid, problems, {m_gic});
        if (m_format == "psse") {
            io::write_psse(grid.network, out.string(), gic.string());
        } else if (m_format == "matpower") {
            io::write_matpower(grid.network, out.string());
        } else {
            io::OutputFile file(out, m_overwrite);
            io::write_grid(grid.network, file.staged().string());
            file.commit();
        }
        io.out << "grid export: " << grid.network.substations.size() << " substations, " << grid.network.buses.size()
               << " buses, " << grid.network.transformers.size() << " transformers, " << grid.network.lines.size()
               << " lines -> " << out.string() << (m_format == "psse" ? " + " + gic.string() : std::string()) << '\n';
        for (const auto& p : problems.problems()) {
            io.err << format_problem(p) << '\n';
        }
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

    CLI::App* m_build = nullptr;
    CLI::App* m_export = nullptr;
    std::string m_grid, m_gic, m_format, m_export_out;
    std::string m_lines, m_substations, m_out, m_defaults;
    bool m_overwrite = false;
    GridBuildOptions m_options;
    io::PublicMapFields m_fields;
};

}  // namespace

std::unique_ptr<Command> make_grid_command() { return std::make_unique<GridCommand>(); }

}  // namespace swx::cli
