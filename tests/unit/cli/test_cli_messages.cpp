// Messages and number formats that agree across commands (issue 9 items 25, 26): QUE's β is 1 in
// `earth list`, `earth show` and `gic` alike; errors from a scenario file name its keys, not CLI flags;
// range errors give the range in short; `earth show MODEL --models DIR` is accepted.
#include <swx/cli/cli.hpp>
#include <swx/io/options.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <fstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;

namespace {
std::string horton() { return (swx::test::datasets_dir / "horton2012").string(); }

/// The line of `text` that starts with `prefix` ("" when none).
std::string line_starting(const std::string& text, const std::string& prefix) {
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) {
        if (line.rfind(prefix, 0) == 0) {
            return line;
        }
    }
    return {};
}
}  // namespace

TEST_CASE("QUE's beta is 1 in earth list, earth show and gic alike", "[cli][earth]") {
    const Run list = swxrisk({"earth", "list"});
    REQUIRE(list.code == swx::cli::exit_ok);
    const std::string que = line_starting(list.out, "QUE ");
    INFO(que);
    CHECK(que.find(" 1.00      1.00 ") != std::string::npos);
    const std::string pt1 = line_starting(list.out, "PT1 ");
    CHECK(pt1.find(" 1.17      1.19 ") != std::string::npos);  // two decimals for every table value
    const Run show = swxrisk({"earth", "show", "QUE"});
    CHECK(show.out.find("not a NERC region") == std::string::npos);
    CHECK(show.out.find("benchmark 1.00, supplemental 1.00") != std::string::npos);
    CHECK(show.out.find("e+") == std::string::npos);  // periods 1 s to 100000 s without exponents
    CHECK(show.out.find("      100000 ") != std::string::npos);
}

TEST_CASE("earth: --models before or after the subcommand", "[cli][earth]") {
    const fs::path dir = swx::test::temp_dir("earth-models-after");
    std::ofstream(dir / "T1.toml") << "name = \"T1\"\ndescription = \"test\"\nsource = \"made up\"\n"
                                   << "layers = [ { thickness_m = 10000.0, resistivity_ohm_m = 100.0 } ]\n"
                                   << "half_space_resistivity_ohm_m = 10.0\n";
    const Run before = swxrisk({"earth", "--models", dir.string(), "show", "T1"});
    INFO(before.err);
    REQUIRE(before.code == swx::cli::exit_ok);
    const Run after = swxrisk({"earth", "show", "T1", "--models", dir.string()});
    CHECK(after.code == swx::cli::exit_ok);
    CHECK(after.out == before.out);
    CHECK(swxrisk({"earth", "list", "--models", dir.string()}).out.find("T1 ") != std::string::npos);
    const Run both = swxrisk({"earth", "--models", dir.string(), "show", "T1", "--models", "/elsewhere"});
    CHECK(both.code == swx::cli::exit_usage);
    CHECK(both.err.find("--models") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("errors of a scenario file name its keys, the CLI's name its flags, ranges in short", "[cli][errors]") {
    const fs::path dir = swx::test::temp_dir("messages-keys");
    const fs::path se = swx::test::datasets_dir / "demo" / "southeast-us";
    const std::string sites = "[inputs]\nsites = \"" + (se / "sites.geojson").string() + "\"\n";
    std::ofstream(dir / "ott.toml") << sites << "earth_model = \"OTT\"\n[storm]\nscenario = \"nerc-benchmark\"\n";
    const Run toml = swxrisk({"run", (dir / "ott.toml").string(), "-q"});
    CHECK(toml.code == swx::cli::exit_usage);
    CHECK(toml.err.find("storm.waveform") != std::string::npos);
    CHECK(toml.err.find("--waveform") == std::string::npos);
    const Run cli = swxrisk({"gic", "--grid", horton(), "--scenario", "nerc-benchmark", "--earth-model", "OTT", "--out",
                             (dir / "o").string()});
    CHECK(cli.code == swx::cli::exit_usage);
    CHECK(cli.err.find("--waveform") != std::string::npos);
    std::ofstream(dir / "res.toml") << sites << "earth_model = \"PT1\"\n[storm]\nscenario = \"nerc-benchmark\"\n"
                                    << "[area]\nbbox = [-85.0, 33.0, -84.0, 34.0]\nresolution_deg = 0.0\n";
    const Run res = swxrisk({"validate", (dir / "res.toml").string()});
    CHECK(res.code == swx::cli::exit_usage);
    CHECK(res.err.find("[field area.resolution_deg]") != std::string::npos);
    const Run range = swxrisk({"gic", "--grid", horton(), "--e-v-per-km", "-1", "--out", (dir / "o").string()});
    CHECK(range.code == swx::cli::exit_usage);
    CHECK(range.err.find("must be a finite number >= 0, got '-1'") != std::string::npos);
    CHECK(range.err.size() < 200);  // no 300-digit bound
    CHECK_FALSE(fs::exists(dir / "o"));
    fs::remove_all(dir);
}

TEST_CASE("with_scenario_keys rewrites whole flags only", "[io]") {
    CHECK(swx::io::with_scenario_keys("give --waveform or --earth-model") == "give storm.waveform or inputs.earth_model");
    CHECK(swx::io::with_scenario_keys("--models-extra and --grid") == "--models-extra and --grid");
    CHECK(swx::io::with_scenario_keys("--resolution, --resolution-deg") == "area.resolution_deg, area.resolution_deg");
}

TEST_CASE("with_keyword_names names Python keywords where the CLI names flags", "[io]") {
    CHECK(swx::io::with_keyword_names("give --waveform or --earth-model") == "give waveform or earth_model");
    CHECK(swx::io::with_keyword_names("--models-extra and --grid") == "--models-extra and --grid");
    CHECK(swx::io::with_keyword_names("--resolution, --bbox") == "resolution_deg, bbox");
}
