// swxrisk info: summarise a grid and flag suspicious data.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/grid_build.hpp>
#include <swx/core/network/network_lint.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/table_writer.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace swx::cli {

namespace {

class InfoCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("info", "summarise a grid and flag suspicious data as warnings");
        sub->footer("Example: swxrisk info --grid datasets/horton2012 --format json");
        sub->add_option("--grid", m_grid,
                        "grid (GeoPackage, folder of GeoJSON files, any OGR source; PSS/E .raw with --gic; MATPOWER-GMD .m)")
            ->required();
        sub->add_option("--gic", m_gic, "the PSS/E GIC data file (.gic) that goes with a .raw --grid");
        sub->add_option("--format", m_format,
                        "text: summary on stdout, warnings on stderr; json: summary and warnings as one JSON object on "
                        "stdout; csv: the warnings as CSV on stdout (severity,code,feature_id,location,message)")
            ->capture_default_str()
            ->check(CLI::IsMember({"text", "json", "csv"}));
        return sub;
    }

    int run(Streams& io) override {
        ProblemSink problems;
        const io::GridDataset grid = io::read_grid(m_grid, problems, {m_gic});
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
        const auto assumed = assumed_counts(net);  // fields marked assumed (e.g. a grid built from a public map)
        if (m_format == "json") {
            io.out << "{\"grid\": " << json_string(m_grid) << ", \"substations\": " << net.substations.size()
                   << ", \"buses\": " << net.buses.size() << ",\n \"transformers\": {\"count\": " << net.transformers.size()
                   << ", \"neutral_blocked\": " << blocked_neutrals << ", \"by_type\": {";
            bool first_type = true;
            for (const auto& [name, n] : types) {
                io.out << (first_type ? "" : ", ") << json_string(name) << ": " << n;
                first_type = false;
            }
            io.out << "}},\n \"lines\": {\"count\": " << net.lines.size() << ", \"length_km\": " << json_number(total_km)
                   << ", \"dc_blocked\": " << blocked_lines << "},\n \"assumed\": {";
            for (std::size_t i = 0; i < assumed.size(); ++i) {
                io.out << (i ? ", " : "") << json_string(assumed[i].first) << ": " << assumed[i].second;
            }
            io.out << "},\n \"dc_nodes\": " << solver.node_count()
                   << ",\n \"warnings\": [";
            bool first_problem = true;
            for (const auto& p : problems.problems()) {
                io.out << (first_problem ? "\n  " : ",\n  ") << "{\"severity\": " << json_string(severity_name(p.severity))
                       << ", \"code\": " << json_string(p.code) << ", \"feature_id\": " << json_string(p.feature_id)
                       << ", \"location\": " << json_string(p.location) << ", \"message\": " << json_string(p.message) << "}";
                first_problem = false;
            }
            io.out << (first_problem ? "" : "\n ") << "]}\n";
            return exit_ok;
        }
        if (m_format == "csv") {
            io.out << "severity,code,feature_id,location,message\n";
            for (const auto& p : problems.problems()) {
                io.out << severity_name(p.severity) << ',' << io::csv_cell(p.code) << ',' << io::csv_cell(p.feature_id) << ','
                       << io::csv_cell(p.location) << ',' << io::csv_cell(p.message) << '\n';
            }
            return exit_ok;
        }
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
        if (!assumed.empty()) {
            io.out << "  assumed      ";
            for (std::size_t i = 0; i < assumed.size(); ++i) {
                io.out << (i ? ", " : "") << assumed[i].first << ' ' << assumed[i].second;
            }
            io.out << " (values assumed, not data: the `assumed` field of each element)\n";
        }
        io.out << problems.problems().size() << " warning(s)\n";
        for (const auto& p : problems.problems()) {
            io.err << format_problem(p) << '\n';
        }
        return exit_ok;
    }

private:
    static const char* severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped; UTF-8 as is.
    static std::string json_string(const std::string& text) {
        std::string out = "\"";
        for (const char c : text) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (c == '\n') {
                out += "\\n";
            } else if (u < 0x20) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", u);
                out += esc;
            } else {
                out += c;
            }
        }
        return out + "\"";
    }

    /// A JSON number (null for NaN or infinity, which JSON cannot carry).
    static std::string json_number(double v) {
        if (!std::isfinite(v)) {
            return "null";
        }
        char text[32];
        std::snprintf(text, sizeof text, "%.10g", v);
        return text;
    }


    std::string m_grid;
    std::string m_gic;
    std::string m_format = "text";
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

}  // namespace swx::cli
