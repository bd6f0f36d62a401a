#pragma once
/// @file command.hpp
/// One swxrisk sub-command. setup() declares the options on a CLI11 sub-app (the same declarations
/// produce --help); run() does the work and throws swx::Error subclasses on failure. cli::run() is
/// the one catch site that maps exceptions to exit codes.

#include <swx/core/base/raster.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>
#include <vector>

namespace swx::cli {

struct Streams {
    std::ostream& out;  ///< data and results
    std::ostream& err;  ///< diagnostics, warnings, progress
};

class Command {
public:
    Command() = default;
    Command(const Command&) = delete;
    Command(Command&&) = delete;
    Command& operator=(const Command&) = delete;
    Command& operator=(Command&&) = delete;
    virtual ~Command() = default;

    /// Adds this command as a subcommand of `app` and binds its options. Returns the subcommand.
    virtual CLI::App* setup(CLI::App& app) = 0;
    /// Runs after a successful parse. @return exit code (0 ok, 1 finished with problems).
    virtual int run(Streams& streams) = 0;
};

// Factories, one per command file (cmd_<name>.cpp).
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_validate_command();
std::unique_ptr<Command> make_gic_command();
std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_earth_command();
std::unique_ptr<Command> make_efield_command();
std::unique_ptr<Command> make_efield_map_command();
std::unique_ptr<Command> make_hazard_command();
std::unique_ptr<Command> make_grid_command();
std::unique_ptr<Command> make_ensemble_command();

}  // namespace swx::cli
