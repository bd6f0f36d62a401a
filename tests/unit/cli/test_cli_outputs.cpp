// Output folders: --overwrite replaces a folder's swxrisk outputs as a whole (issue 9 item 9), and a
// file given as the output folder is one clear error (item 30).
#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <fstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;

namespace {
std::string horton() { return (swx::test::datasets_dir / "horton2012").string(); }

fs::path write_storm(const fs::path& dir) {
    std::ofstream out(dir / "storm.csv");
    out << "time,X,Y\n";
    for (int i = 0; i < 240; ++i) {
        char row[96];
        std::snprintf(row, sizeof row, "2024-05-10T%02d:%02d:00Z,%.4f,%.4f\n", i / 60, i % 60,
                      20000.0 - 500.0 * std::exp(-std::pow((i - 120.0) / 20.0, 2)), -3000.0 + 50.0 * std::sin(i / 11.0));
        out << row;
    }
    return dir / "storm.csv";
}
}  // namespace

TEST_CASE("gic --overwrite: no output of the earlier run survives, the user's files do", "[cli][gic]") {
    const fs::path dir = swx::test::temp_dir("overwrite-gic");
    const std::string out = (dir / "D").string();
    const Run series = swxrisk({"gic", "--grid", horton(), "--magnetometer", write_storm(dir).string(), "--earth-model", "PT1",
                                "--out", out, "-q"});
    REQUIRE(series.code == swx::cli::exit_ok);
    REQUIRE(fs::exists(dir / "D" / "gic_timeseries.h5"));
    std::ofstream(dir / "D" / "notes.txt") << "mine";
    std::ofstream(dir / "D" / "gic.gpkg.aux.xml") << "<PAMDataset/>";  // a sidecar GDAL or QGIS may have left
    const Run uniform = swxrisk({"gic", "--grid", horton(), "--out", out, "--overwrite", "-q"});
    REQUIRE(uniform.code == swx::cli::exit_ok);
    CHECK_FALSE(fs::exists(dir / "D" / "gic_timeseries.h5"));
    CHECK_FALSE(fs::exists(dir / "D" / "gic.gpkg.aux.xml"));
    CHECK(fs::exists(dir / "D" / "substations.csv"));
    CHECK(fs::exists(dir / "D" / "notes.txt"));
    fs::remove_all(dir);
}

TEST_CASE("run --overwrite: a rerun without a study area leaves no raster of the earlier run", "[cli][study]") {
    const fs::path dir = swx::test::temp_dir("overwrite-run");
    const fs::path se = swx::test::datasets_dir / "demo" / "southeast-us";
    const std::string inputs = "[inputs]\nsites = \"" + (se / "sites.geojson").string() + "\"\nearth_regions = \"" +
                               (se / "earth_regions.geojson").string() + "\"\n";
    std::ofstream(dir / "a.toml") << inputs << "[storm]\nscenario = \"nerc-benchmark\"\n[area]\nbbox = [-88.0, 31.0, -80.0, 35.0]\n"
                                  << "resolution_deg = 0.5\n";
    std::ofstream(dir / "b.toml") << inputs << "[storm]\nscenario = \"nerc-supplemental\"\n";
    const std::string out = (dir / "D").string();
    REQUIRE(swxrisk({"run", (dir / "a.toml").string(), "--out", out, "-q"}).code == swx::cli::exit_ok);
    REQUIRE(fs::exists(dir / "D" / "exposure.tif"));
    REQUIRE(fs::exists(dir / "D" / "map.png"));
    const Run b = swxrisk({"run", (dir / "b.toml").string(), "--out", out, "--overwrite", "-q"});
    REQUIRE(b.code == swx::cli::exit_ok);
    for (const char* old : {"exposure.tif", "peak_e.tif", "map.png"}) {
        INFO(old);
        CHECK_FALSE(fs::exists(dir / "D" / old));
    }
    std::ifstream report(dir / "D" / "report.md");
    const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
    CHECK(text.find("nerc-supplemental") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a file given as the output folder is one clear error, with or without --overwrite", "[cli][errors]") {
    const fs::path dir = swx::test::temp_dir("out-is-file");
    std::ofstream(dir / "results") << "not a folder";
    const fs::path se = swx::test::datasets_dir / "demo" / "southeast-us";
    std::ofstream(dir / "s.toml") << "[inputs]\nsites = \"" << (se / "sites.geojson").string() << "\"\nearth_model = \"PT1\"\n"
                                  << "[storm]\nscenario = \"nerc-benchmark\"\n";
    for (const bool overwrite : {false, true}) {
        INFO("overwrite " << overwrite);
        std::vector<std::string> gic{"gic", "--grid", horton(), "--out", (dir / "results").string(), "-q"};
        std::vector<std::string> run{"run", (dir / "s.toml").string(), "--out", (dir / "results").string(), "-q"};
        std::vector<std::string> validate{"validate", (dir / "s.toml").string(), "--out", (dir / "results").string()};
        for (auto args : {gic, run, validate}) {
            if (overwrite) {
                args.emplace_back("--overwrite");
            }
            INFO(args[0]);
            const Run r = swxrisk(args);
            CHECK(r.code == swx::cli::exit_usage);
            CHECK(r.err.find("is a file, not a folder") != std::string::npos);
            CHECK(r.err.find("hint: use --overwrite") == std::string::npos);
        }
    }
    std::ifstream in(dir / "results");
    std::string kept;
    std::getline(in, kept);
    CHECK(kept == "not a folder");
    fs::remove_all(dir);
}
