// swxrisk info: summarise a grid and flag suspicious data.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/network_lint.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/io/grid_reader.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

namespace swx::cli {

namespace {

class InfoCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("info", "summarise a grid and flag suspicious data as warnings");
        sub->footer("Example: swxrisk info --grid datasets/horton2012");
        sub->add_option("--grid", m_grid, "grid datasource (GeoPackage, folder of GeoJSON files, any OGR source)")->required();
        return sub;
    }

    int run(Streams& io) override {
        ProblemSink problems;
        const io::GridDataset grid = io::read_grid(m_grid, problems);
        const Network& net = grid.network;
        const auto lengths = swx::line_lengths_km(net);
        lint_network(net, lengths, problems);
        const GicSolver solver(net, problems);  // reports islands

        std::map<std::string, int> types;
        for (const auto& t : net.transformers) {
            ++types[std::string(to_string(t.type))];
        }
        std::size_t blocked_lines = 0;
        double total_km = 0.0;
        for (std::size_t i = 0; i < net.lines.size(); ++i) {
            blocked_lines += net.lines[i].dc_blocked ? 1 : 0;
            total_km += lengths[i];
        }
        std::size_t blocked_neutrals = static_cast<std::size_t>(
            std::count_if(net.transformers.begin(), net.transformers.end(), [](const auto& t) { return t.neutral_blocked; }));
        char line[256];
        io.out << "grid: " << m_grid << '\n';
        std::snprintf(line, sizeof line, "  substations  %zu\n  buses        %zu\n  transformers %zu (", net.substations.size(),
                      net.buses.size(), net.transformers.size());
        io.out << line;
        bool first = true;
        for (const auto& [name, n] : types) {
            io.out << (first ? "" : ", ") << name << ' ' << n;
            first = false;
        }
        std::snprintf(line, sizeof line, "; %zu with blocked neutral)\n  lines        %zu (%.1f km; %zu series-compensated)\n",
                      blocked_neutrals, net.lines.size(), total_km, blocked_lines);
        io.out << line;
        std::snprintf(line, sizeof line, "  DC network   %zu nodes\n", solver.node_count());
        io.out << line;
        io.out << problems.problems().size() << " warning(s)\n";
        for (const auto& p : problems.problems()) {
            io.err << format_problem(p) << '\n';
        }
        return exit_ok;
    }

private:
    std::string m_grid;
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

}  // namespace swx::cli
