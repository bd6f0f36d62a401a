#include <swx/cli/cli.hpp>

#include <swx/cli/command.hpp>
#include <swx/core/base/error.hpp>
#include <swx/core/version.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>

namespace swx::cli {

namespace {

std::vector<std::unique_ptr<Command>> make_commands() {
    std::vector<std::unique_ptr<Command>> commands;
    // Each command file adds its factory here (see command.hpp).
    commands.push_back(make_run_command());
    commands.push_back(make_validate_command());
    commands.push_back(make_gic_command());
    commands.push_back(make_info_command());
    commands.push_back(make_earth_command());
    commands.push_back(make_efield_command());
    commands.push_back(make_efield_map_command());
    commands.push_back(make_hazard_command());
    commands.push_back(make_grid_command());
    commands.push_back(make_ensemble_command());
    return commands;
}

// Hints for failures a user can fix at once (osmium-tool style).
std::string hint_for(const swx::Error& e) {
    const std::string& why = e.why();
    if (why.find("already exists") != std::string::npos) {
        return "use --overwrite to replace it";
    }
    return {};
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CLI::App app{"swxrisk: space-weather risk analyzer. Geomagnetically induced currents (GIC) in power\n"
                 "grids, geoelectric fields, and the exposure of candidate sites to severe storms.",
                 "swxrisk"};
    app.set_version_flag("--version", std::string(swx::version_string));
    app.require_subcommand(1);
    bool no_catch = false;
    app.add_flag("--debug-no-catch", no_catch, "let exceptions escape (for debugging)")->group("");

    auto commands = make_commands();
    std::vector<std::pair<CLI::App*, Command*>> subs;
    for (auto& c : commands) {
        subs.emplace_back(c->setup(app), c.get());
    }

    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        // Help for the deepest subcommand given.
        const CLI::App* target = &app;
        for (const CLI::App* next = &app; next != nullptr;) {
            target = next;
            next = nullptr;
            for (const CLI::App* sub : target->get_subcommands()) {
                next = sub;
            }
        }
        out << target->help();
        return exit_ok;
    } catch (const CLI::CallForVersion&) {
        out << swx::version_string << '\n';
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        err << "ERROR: " << e.what() << "\nRun 'swxrisk --help' for usage.\n";
        return exit_usage;
    }

    Streams streams{out, err};
    for (const auto& [sub, cmd] : subs) {
        if (!sub->parsed()) {
            continue;
        }
        if (no_catch) {
            return cmd->run(streams);
        }
        try {
            return cmd->run(streams);
        } catch (const swx::Error& e) {
            err << "ERROR: " << e.what() << '\n';
            if (const auto hint = hint_for(e); !hint.empty()) {
                err << "hint: " << hint << '\n';
            }
            return exit_usage;
        } catch (const std::bad_alloc&) {
            err << "ERROR: out of memory\n";
            return exit_usage;
        } catch (const std::exception& e) {
            err << "ERROR: internal error (bug): " << e.what() << '\n';
            return exit_usage;
        }
    }
    return exit_usage;
}

}  // namespace swx::cli
