#pragma once
/// @file cli.hpp
/// The swxrisk command line as a library function, so that tests run every command in-process.

#include <ostream>
#include <string>
#include <vector>

namespace swx::cli {

/// Exit codes (osmium-tool convention).
enum ExitCode : int {
    exit_ok = 0,         ///< finished, no problems
    exit_problems = 1,   ///< finished, but with errors in some records
    exit_usage = 2,      ///< bad command line, bad input or set-up error: nothing was written
};

/// Runs `swxrisk ARGS...` (args excludes the program name). Data goes to `out`, diagnostics to `err`.
/// @return one of ExitCode. Never throws (unless `--debug-no-catch` is given).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace swx::cli
