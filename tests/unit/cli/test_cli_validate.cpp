// validate / run --dry-run make every check run makes (issue 9 item 10): each input that run rejects,
// validate rejects with the same message, before anything is computed or written.
#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <fstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;

TEST_CASE("validate rejects what run rejects, with the same error", "[cli][study][errors]") {
    const fs::path dir = swx::test::temp_dir("validate-parity");
    std::ofstream(dir / "sites.geojson")
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X1","supply_substations":"SUPPLY"},"geometry":{"type":"Point","coordinates":[-84.0,33.5]}}]})";
    const std::string head = "[inputs]\nsites = \"sites.geojson\"\ngrid = \"" + (swx::test::datasets_dir / "horton2012").string() +
                             "\"\nearth_model = \"PT1\"\n[storm]\nscenario = \"nerc-benchmark\"\n";
    auto scenario = [&](const std::string& supply, const std::string& rest) {
        std::ofstream(dir / "sites.geojson")
            << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X1","supply_substations":")" << supply
            << R"("},"geometry":{"type":"Point","coordinates":[-84.0,33.5]}}]})";
        std::ofstream(dir / "s.toml") << head << rest << "[outputs]\nfolder = \"out\"\n";
        return (dir / "s.toml").string();
    };
    struct Case {
        const char* what;
        std::string supply;
        std::string rest;
        const char* message;
    };
    const std::vector<Case> cases{
        {"unknown supplying substation", "99", "", "unknown substation id '99'"},
        {"unknown CRS", "1", "[area]\nbbox = [-85.0, 33.0, -84.0, 34.0]\nresolution_deg = 0.5\ncrs = \"EPSG:999999\"\n",
         "[field area.crs]: unknown CRS 'EPSG:999999'"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const std::string file = scenario(c.supply, c.rest);
        const Run run = swxrisk({"run", file, "-q"});
        const Run validate = swxrisk({"validate", file});
        const Run dry = swxrisk({"run", file, "--dry-run"});
        CHECK(run.code == swx::cli::exit_usage);
        CHECK(validate.code == swx::cli::exit_usage);
        CHECK(dry.code == swx::cli::exit_usage);
        CHECK(run.err.find(c.message) != std::string::npos);
        CHECK(validate.err.find(c.message) != std::string::npos);
        CHECK(dry.err.find(c.message) != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out"));
    }
    SECTION("a grid line outside every earth region, without a fallback model") {
        swx::test::GridFixture fx;  // around 33-34 N, 84-85 W: inside the demo regions...
        fx.substations = swx::test::replace(fx.substations, "[-84.0,33.5]", "[-75.0,40.0]");  // ...but C moves off the map
        fx.write(dir / "grid");
        const fs::path se = swx::test::datasets_dir / "demo" / "southeast-us";
        std::ofstream(dir / "sites.geojson")
            << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X1"},"geometry":{"type":"Point","coordinates":[-84.0,33.5]}}]})";
        std::ofstream(dir / "g.toml") << "[inputs]\nsites = \"sites.geojson\"\ngrid = \"grid\"\nearth_regions = \""
                                      << (se / "earth_regions.geojson").string()
                                      << "\"\n[storm]\nscenario = \"nerc-benchmark\"\n[outputs]\nfolder = \"out\"\n";
        const Run run = swxrisk({"run", (dir / "g.toml").string(), "-q"});
        const Run validate = swxrisk({"validate", (dir / "g.toml").string()});
        CHECK(run.code == swx::cli::exit_usage);
        CHECK(validate.code == swx::cli::exit_usage);
        CHECK(run.err.find("outside every earth region") != std::string::npos);
        CHECK(validate.err.find("outside every earth region") != std::string::npos);
        CHECK(validate.err.find("inputs.earth_model") != std::string::npos);  // the TOML key, not --earth-model
        // The grid is a folder: the error names the lines file, not the folder (issue 9 item 25).
        const std::string lines_file = (dir / "grid" / "lines.geojson").string();
        CHECK(run.err.find("'" + lines_file + "' [layer lines, feature") != std::string::npos);
        CHECK(validate.err.find("'" + lines_file + "' [layer lines, feature") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out"));
    }
    SECTION("a non-empty output folder") {
        const std::string file = scenario("1", "");
        fs::create_directories(dir / "out");
        std::ofstream(dir / "out" / "mine.txt") << "keep";
        CHECK(swxrisk({"validate", file}).code == swx::cli::exit_usage);
        CHECK(swxrisk({"run", file, "-q"}).code == swx::cli::exit_usage);
        const Run ok = swxrisk({"validate", file, "--overwrite"});
        CHECK(ok.code == swx::cli::exit_ok);
        CHECK(ok.out.find("(will be replaced)") != std::string::npos);
    }
    fs::remove_all(dir);
}
