// swxrisk: space-weather risk analyzer. All work happens in swx::cli::run (testable in-process).
#include <swx/cli/cli.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return swx::cli::run(args, std::cout, std::cerr);
}
