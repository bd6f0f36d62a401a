#include <swx/cli/cli.hpp>

#include <swx/core/error.hpp>
#include <swx/core/version.hpp>

#include <CLI/CLI.hpp>

namespace swx::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CLI::App app{"swxrisk: space-weather risk analyzer", "swxrisk"};
    app.set_version_flag("--version", std::string(swx::version_string));
    app.require_subcommand(1);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return exit_ok;
    } catch (const CLI::CallForVersion&) {
        out << swx::version_string << '\n';
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        err << "ERROR: " << e.what() << "\nRun 'swxrisk --help' for usage.\n";
        return exit_usage;
    }
    return exit_ok;
}

}  // namespace swx::cli
