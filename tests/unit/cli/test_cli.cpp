#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>

#include <sstream>

TEST_CASE("swxrisk --version prints the version", "[cli]") {
    std::ostringstream out, err;
    CHECK(swx::cli::run({"--version"}, out, err) == swx::cli::exit_ok);
    CHECK(out.str().find('.') != std::string::npos);
}

TEST_CASE("an unknown command is a usage error", "[cli]") {
    std::ostringstream out, err;
    CHECK(swx::cli::run({"frobnicate"}, out, err) == swx::cli::exit_usage);
    CHECK(err.str().find("ERROR") != std::string::npos);
}
