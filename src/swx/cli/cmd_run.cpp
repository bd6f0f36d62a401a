// swxrisk run SCENARIO.toml / swxrisk validate SCENARIO.toml: the one-command site-exposure study.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/error.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/ground.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/sites_reader.hpp>
#include <swx/io/study.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <cstdio>

namespace swx::cli {

namespace {

/// Checks every input of a study by reading it (nothing is computed or written).
void check_inputs(const io::StudyConfig& c, ProblemSink& problems, std::ostream& out) {
    const auto sites = io::read_sites(c.sites, problems);
    out << "  sites ok: " << sites.size() << " candidate sites\n";
    const io::Ground ground(c.earth_regions, c.earth_model, c.models_dir, problems);
    std::string models;
    for (const auto& m : ground.model_names()) {
        models += (models.empty() ? "" : ", ") + m;
    }
    out << "  ground ok: " << (ground.regions() ? std::to_string(ground.regions()->size()) + " earth regions, " : std::string())
        << "models " << models << '\n';
    if (!c.scenario.empty()) {
        const io::BetaResolver betas(parse_nerc_event(c.scenario), ground.library(), c.waveform);
        for (const auto& m : ground.model_names()) {
            (void)betas.beta(m);  // throws for a model without beta
        }
        out << "  scenario ok: " << c.scenario << ", beta known for every model\n";
    } else {
        const auto b = io::read_magnetometer(c.magnetometer, c.magnetometer_options);
        for (const auto& m : ground.model_names()) {
            (void)ground.library().find(m);  // a storm record needs the layered model itself
        }
        out << "  storm record ok: " << b.size() << " samples at " << b.dt_s << " s\n";
    }
    if (!c.grid.empty()) {
        const auto grid = io::read_grid(c.grid, problems);
        out << "  grid ok: " << grid.network.substations.size() << " substations, " << grid.network.transformers.size()
            << " transformers, " << grid.network.lines.size() << " lines\n";
    }
    (void)dipole_coefficients(c.epoch, &problems);
}

class RunCommand final : public Command {
public:
    explicit RunCommand(bool validate_only) : m_validate_only(validate_only) {}

    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = m_validate_only
                            ? app.add_subcommand("validate", "check a study scenario file and every input it names; print what would be computed")
                            : app.add_subcommand("run", "run a site-exposure study from a scenario file (docs/scenario-format.md)");
        sub->add_option("scenario", m_file, "scenario file (TOML)")->required();
        if (!m_validate_only) {
            sub->add_flag("--dry-run", m_dry_run, "check the inputs and print what would be computed (= swxrisk validate)");
            sub->add_flag("--overwrite", m_overwrite, "replace the results in an existing output folder");
            sub->add_option("--out", m_out, "output folder (overrides [outputs] folder in the scenario file)");
            sub->add_flag("-q,--quiet", m_quiet, "no progress, only the summary");
            sub->footer("Example: swxrisk run datasets/demo/southeast-us/scenario.toml");
        } else {
            sub->footer("Example: swxrisk validate datasets/demo/southeast-us/scenario.toml");
        }
        return sub;
    }

    int run(Streams& io) override {
        const auto t0 = std::chrono::steady_clock::now();
        io::StudyConfig config = io::load_study_config(m_file);
        if (!m_out.empty()) {
            config.out_dir = m_out;
        }
        StreamProblemSink problems(io.err);
        if (m_validate_only || m_dry_run) {
            io::describe_study(config, io.out);
            check_inputs(config, problems, io.out);
            io.out << "scenario is valid; 'swxrisk run " << m_file << "' would write the outputs listed above\n";
            return exit_ok;
        }
        {
            // Fail before the work, not after it: an existing result folder needs --overwrite.
            std::error_code ec;
            if (!m_overwrite && std::filesystem::exists(config.out_dir, ec) && !std::filesystem::is_empty(config.out_dir, ec)) {
                throw ConfigError({"writers", config.out_dir, "", "", ""}, "output folder already exists and is not empty");
            }
        }
        for (const auto& notice : io::OutputDirectory::remove_stale_staging(config.out_dir)) {
            problems.warn("stale_staging", "", config.out_dir, notice);
        }
        if (!m_quiet) {
            io::describe_study(config, io.err);
        }
        auto progress = [&](const std::string& step) {
            if (!m_quiet) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                char stamp[32];
                std::snprintf(stamp, sizeof stamp, "[%6.2f s] ", s);
                io.err << stamp << step << '\n';
            }
        };
        const io::StudyResult result = io::run_study(config, problems, progress);
        progress("writing outputs");
        io::write_study(config, result, m_overwrite);

        std::vector<const io::SiteResult*> order;
        for (const auto& s : result.sites) {
            order.push_back(&s);
        }
        std::sort(order.begin(), order.end(), [](auto a, auto b) { return a->rank < b->rank; });
        io.out << config.name << ": " << result.sites.size() << " sites ranked\n";
        io.out << "rank  index  class     site\n";
        for (std::size_t i = 0; i < std::min<std::size_t>(order.size(), 10); ++i) {
            char line[256];
            std::snprintf(line, sizeof line, "%4zu  %5.1f  %-8s  %s%s\n", order[i]->rank, order[i]->exposure_index,
                          order[i]->exposure_class.c_str(), order[i]->site.name.c_str(),
                          order[i]->flags.empty() ? "" : (" [" + order[i]->flags + "]").c_str());
            io.out << line;
        }
        if (order.size() > 10) {
            io.out << "  ... " << order.size() - 10 << " more in sites.csv\n";
        }
        io.out << "results: " << config.out_dir << "/{sites.csv,sites.gpkg,report.md"
               << (result.exposure ? std::string(",exposure.tif,peak_e.tif") + (config.write_map_png ? ",map.png" : "") : "") << "}\n";
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    bool m_validate_only;
    std::string m_file;
    std::string m_out;
    bool m_dry_run = false;
    bool m_overwrite = false;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(false); }
std::unique_ptr<Command> make_validate_command() { return std::make_unique<RunCommand>(true); }

}  // namespace swx::cli
