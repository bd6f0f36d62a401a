// swxrisk ensemble SCENARIO.toml: the study's Monte Carlo ensemble on all cores. The work is
// swx::study (ensemble_run.hpp); this file parses the command line and prints the summary.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/base/error.hpp>
#include <swx/study/ensemble_run.hpp>
#include <swx/study/site_study.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace swx::cli {

namespace {

class EnsembleCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("ensemble", "run the Monte Carlo ensemble of a scenario file's [ensemble] table (docs/ensembles.md)");
        sub->add_option("scenario", m_file, "scenario file (TOML) with an [ensemble] table")->required();
        sub->add_option("--threads", m_threads, "threads (default: all cores)")->check(CLI::Range(1U, 1024U));
        sub->add_option("--out", m_out, "output folder (overrides [ensemble] folder)");
        sub->add_flag("--overwrite", m_overwrite, "replace the results in an existing output folder");
        sub->add_flag("-q,--quiet", m_quiet, "no progress, only the summary");
        sub->footer("Example: swxrisk ensemble datasets/demo/southeast-us/ensemble.toml");
        return sub;
    }

    int run(Streams& io) override {
        const auto t0 = std::chrono::steady_clock::now();
        io::StudyConfig config = io::load_study_config(m_file);
        if (!config.ensemble) {
            throw ConfigError({"scenario", m_file, "", "", "ensemble"},
                              "no [ensemble] table: `swxrisk run " + m_file + "` runs the study; an ensemble needs [ensemble] members = N "
                              "(docs/ensembles.md)");
        }
        if (!m_out.empty()) {
            config.ensemble->out_dir = m_out;
        }
        StreamProblemSink problems(io.err);
        study::prepare_output_folder(config.ensemble->out_dir, m_overwrite, problems);  // fail before the work
        auto log = [&](const std::string& step) {
            if (!m_quiet) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                char stamp[32];
                std::snprintf(stamp, sizeof stamp, "[%6.2f s] ", s);
                io.err << stamp << step << '\n';
            }
        };
        const study::EnsemblePlan plan(config, problems, log);
        const EnsembleResult result = plan.run_all(m_threads, log);
        log("writing outputs");
        study::write_ensemble(plan, result, m_overwrite);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        print_summary(io, plan, result, seconds);
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    static void print_summary(Streams& io, const study::EnsemblePlan& plan, const EnsembleResult& r, double seconds) {
        const FeatureTable sites = plan.sites_table(r);
        const auto& ids = std::get<std::vector<std::string>>(sites.columns[0].values);
        const auto* p = &std::get<std::vector<double>>(sites.columns[2].values);
        const auto* se = &std::get<std::vector<double>>(sites.columns[3].values);
        const std::vector<std::size_t> order = plan.leading_sites(r, ids.size());  // the report's order
        const EnsembleSpec& spec = plan.ensemble().spec();
        char line[256];
        std::snprintf(line, sizeof line, "%s: ensemble of %llu members (seed %llu), threshold %g A, %.1f s (%.0f members/s)\n",
                      plan.config().name.c_str(), static_cast<unsigned long long>(spec.members), static_cast<unsigned long long>(spec.seed),
                      spec.threshold_a, seconds, static_cast<double>(spec.members) / std::max(seconds, 1e-9));
        io.out << line;
        io.out << "p_exceed  ± se     site\n";
        for (std::size_t k = 0; k < std::min<std::size_t>(order.size(), 10); ++k) {
            std::snprintf(line, sizeof line, "%8.4g  %-7.2g  %s\n", (*p)[order[k]], (*se)[order[k]], ids[order[k]].c_str());
            io.out << line;
        }
        if (order.size() > 10) {
            io.out << "  ... " << order.size() - 10 << " more in ensemble_sites.csv\n";
        }
        std::string names;
        for (const auto& n : study::ensemble_output_names(plan.config())) {
            names += (names.empty() ? "" : ",") + n;
        }
        io.out << "results: " << plan.config().ensemble->out_dir << "/{" << names << "}\n";
    }

    std::string m_file;
    std::string m_out;
    unsigned m_threads = 0;
    bool m_overwrite = false;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_ensemble_command() { return std::make_unique<EnsembleCommand>(); }

}  // namespace swx::cli
