#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>

#include <catch2/catch.hpp>

TEST_CASE("error messages name stage, path, layer, feature and field", "[core]") {
    const swx::InputError e({"readers.grid", "grid.gpkg", "lines", "L7", "r_ohm"}, "must be > 0, got -1");
    CHECK(std::string(e.what()) == "readers.grid: 'grid.gpkg' [layer lines, feature L7, field r_ohm]: must be > 0, got -1");
    CHECK(e.context().field == "r_ohm");
    CHECK(e.why() == "must be > 0, got -1");
}

TEST_CASE("error messages leave out empty context", "[core]") {
    CHECK(swx::format_error({"gic", "", "", "", ""}, "no grounded node") == "gic: no grounded node");
    CHECK(swx::format_error({}, "plain") == "plain");
}

TEST_CASE("problem sink counts by severity and formats lines", "[core]") {
    swx::ProblemSink sink;
    sink.warn("grounding_default", "S1", "grid.gpkg/substations", "no grounding_ohm; using 0.5");
    sink.error("island", "", "", "two buses have no path to ground");
    CHECK(sink.count(swx::Severity::warning) == 1);
    CHECK(sink.count(swx::Severity::error) == 1);
    CHECK(swx::format_problem(sink.problems()[0]) ==
          "WARNING: [grounding_default] grid.gpkg/substations feature S1 no grounding_ohm; using 0.5");
}

TEST_CASE("rethrow_reworded keeps the exception's class (and so its exit code)", "[core][error]") {
    const swx::ErrorContext where{"run", "a.toml", "", "", "inputs.earth_model"};
    CHECK_THROWS_AS(swx::rethrow_reworded(swx::InputError("x"), where, "y"), swx::InputError);
    CHECK_THROWS_AS(swx::rethrow_reworded(swx::ConfigError("x"), where, "y"), swx::ConfigError);
    CHECK_THROWS_AS(swx::rethrow_reworded(swx::CrsError("x"), where, "y"), swx::CrsError);
    CHECK_THROWS_AS(swx::rethrow_reworded(swx::ModelRangeError("x"), where, "y"), swx::ModelRangeError);
    try {
        swx::rethrow_reworded(swx::InputError("x"), where, "y");
    } catch (const swx::Error& e) {
        CHECK(std::string(e.what()) == "run: 'a.toml' [field inputs.earth_model]: y");
    }
}
