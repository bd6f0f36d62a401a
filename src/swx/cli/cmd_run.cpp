// swxrisk run SCENARIO.toml / swxrisk validate SCENARIO.toml: the one-command site-exposure study.
// The work is swx::study (site_study.hpp); this file parses the command line and prints the summary.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/study/site_study.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

namespace swx::cli {

namespace {

class RunCommand final : public Command {
public:
    explicit RunCommand(bool validate_only) : m_validate_only(validate_only) {}

    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = m_validate_only
                            ? app.add_subcommand("validate", "check a study scenario file and every input it names; print what would be computed")
                            : app.add_subcommand("run", "run a site-exposure study from a scenario file (docs/scenario-format.md)");
        sub->add_option("scenario", m_file, "scenario file (TOML)")->required();
        sub->add_flag("--overwrite", m_overwrite, "replace the results in an existing output folder");
        sub->add_option("--out", m_out, "output folder (overrides [outputs] folder in the scenario file)");
        if (!m_validate_only) {
            sub->add_flag("--dry-run", m_dry_run, "check the inputs and print what would be computed (= swxrisk validate)");
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
            study::describe_study(config, io.out);
            study::validate_study(config, m_overwrite, problems, io.out);
            io.out << "scenario is valid; 'swxrisk run " << m_file << "' would write the outputs listed above\n";
            return exit_ok;
        }
        study::prepare_output_folder(config.out_dir, m_overwrite, problems);  // fail before the work, not after it
        if (!m_quiet) {
            study::describe_study(config, io.err);
        }
        auto progress = [&](const std::string& step) {
            if (!m_quiet) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                char stamp[32];
                std::snprintf(stamp, sizeof stamp, "[%6.2f s] ", s);
                io.err << stamp << step << '\n';
            }
        };
        const study::StudyResult result = study::run_study(config, problems, progress);
        progress("writing outputs");
        study::write_study(config, result, m_overwrite);
        print_summary(io, config, result);
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    /// The output folder as the summary prints it: relative to the working directory when it lies
    /// inside it (as README.md shows it), else absolute.
    static std::string shown_folder(const std::string& folder) {
        std::error_code ec;
        const std::filesystem::path cwd = std::filesystem::current_path(ec);
        if (ec) {
            return folder;
        }
        const std::filesystem::path rel = std::filesystem::absolute(folder, ec).lexically_normal().lexically_relative(cwd);
        if (ec || rel.empty() || *rel.begin() == "..") {
            return folder;
        }
        return rel.string();
    }

    /// Characters (code points) of a UTF-8 string, for column padding.
    static int utf8_width(const std::string& s) {
        int n = 0;
        for (const char c : s) {
            n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        }
        return n;
    }

    static void print_summary(Streams& io, const io::StudyConfig& config, const study::StudyResult& result) {
        const auto order = by_rank(result.sites);
        io.out << config.name << ": " << result.sites.size() << " sites ranked\n";
        const bool return_periods = !order.empty() && order.front()->return_period.has_value();
        io.out << (return_periods ? "rank  once in (years) (range)               site\n" : "rank  index  class     site\n");
        for (std::size_t i = 0; i < std::min<std::size_t>(order.size(), 10); ++i) {
            char line[512];
            const std::string flags = order[i]->flags.empty() ? "" : " [" + order[i]->flags + "]";
            if (return_periods) {
                const ReturnPeriod& rp = order[i]->return_period->return_period;
                const std::string years = rp.lo_years >= max_return_period_years
                                              ? format_return_period_years(rp.years)
                                              : format_return_period_years(rp.years) + " (" + format_return_period_years(rp.lo_years) + "–" +
                                                    format_return_period_years(rp.hi_years) + ")";
                std::snprintf(line, sizeof line, "%4zu  %s%*s  %s%s\n", order[i]->rank, years.c_str(),
                              std::max(0, 36 - utf8_width(years)), "", order[i]->site.name.c_str(), flags.c_str());
            } else {
                std::snprintf(line, sizeof line, "%4zu  %5.1f  %-8s  %s%s\n", order[i]->rank, order[i]->exposure_index,
                              order[i]->exposure_class.c_str(), order[i]->site.name.c_str(), flags.c_str());
            }
            io.out << line;
        }
        if (order.size() > 10) {
            io.out << "  ... " << order.size() - 10 << " more in sites.csv\n";
        }
        io.out << "results: " << shown_folder(config.out_dir) << "/{" << io::study_output_list(config) << "}\n";
    }

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
