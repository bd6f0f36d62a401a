#include <swx/core/base/problems.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace swx;

namespace {

/// Records the codes it is told about through the on_report hook.
class RecordingSink : public ProblemSink {
public:
    std::vector<std::string> seen;

private:
    void on_report(const Problem& problem) override { seen.push_back(problem.code); }
};

}  // namespace

TEST_CASE("problem sink keeps every problem, in order, with its fields", "[core][problems]") {
    ProblemSink sink;
    CHECK(sink.problems().empty());
    CHECK(sink.count(Severity::warning) == 0);
    sink.warn("a", "F1", "grid.gpkg/lines", "first");
    sink.error("b", "", "", "second");
    sink.report({Severity::warning, "c", "F3", "", "third"});
    REQUIRE(sink.problems().size() == 3);
    CHECK(sink.problems()[0].code == "a");
    CHECK(sink.problems()[0].severity == Severity::warning);
    CHECK(sink.problems()[0].feature_id == "F1");
    CHECK(sink.problems()[0].location == "grid.gpkg/lines");
    CHECK(sink.problems()[0].message == "first");
    CHECK(sink.problems()[1].severity == Severity::error);
    CHECK(sink.problems()[2].code == "c");
    CHECK(sink.count(Severity::warning) == 2);
    CHECK(sink.count(Severity::error) == 1);
}

TEST_CASE("format_problem leaves out empty location and feature", "[core][problems]") {
    CHECK(format_problem({Severity::error, "island", "", "", "no path to earth"}) == "ERROR: [island] no path to earth");
    CHECK(format_problem({Severity::warning, "no_crs", "", "sites.gpkg", "assuming WGS84"}) ==
          "WARNING: [no_crs] sites.gpkg assuming WGS84");
    CHECK(format_problem({Severity::warning, "long_line", "L7", "", "route is 200 km"}) ==
          "WARNING: [long_line] feature L7 route is 200 km");
}

TEST_CASE("a stream sink prints each problem as it arrives and still keeps it", "[core][problems]") {
    std::ostringstream out;
    StreamProblemSink sink(out);
    sink.warn("grounding_default", "S1", "substations", "using 0.5 ohm");
    CHECK(out.str() == "WARNING: [grounding_default] substations feature S1 using 0.5 ohm\n");
    sink.error("island", "", "", "no path to earth");
    CHECK(out.str() == "WARNING: [grounding_default] substations feature S1 using 0.5 ohm\n"
                       "ERROR: [island] no path to earth\n");
    CHECK(sink.problems().size() == 2);
}

TEST_CASE("a subclass sees every report through on_report, before it is stored", "[core][problems]") {
    RecordingSink sink;
    sink.warn("x", "", "", "");
    sink.error("y", "", "", "");
    sink.report({Severity::warning, "z", "", "", ""});
    CHECK(sink.seen == std::vector<std::string>{"x", "y", "z"});
    CHECK(sink.problems().size() == 3);
    // A copy holds the same problems and is independent afterwards.
    ProblemSink copy = sink;
    copy.warn("w", "", "", "");
    CHECK(copy.problems().size() == 4);
    CHECK(sink.problems().size() == 3);
}
