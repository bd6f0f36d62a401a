// What a study's report.md, sites.csv and sites.gpkg say (issue 9 items 7, 21, 30): storm-record
// studies explain their numbers without α and β and keep the grid layers; the report shows input paths
// relative to the scenario file; names cannot break the Markdown table; ids with commas can be listed.
#include <swx/cli/cli.hpp>
#include <swx/core/exposure/site.hpp>

#include <catch2/catch.hpp>
#include <gdal.h>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <fstream>
#include <set>

namespace fs = std::filesystem;
using swx::test::read_csv;
using swx::test::Run;
using swx::test::swxrisk;

namespace {
std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> gpkg_layers(const fs::path& p) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(p.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(ds != nullptr);
    std::set<std::string> names;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) {
        names.insert(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    }
    GDALClose(ds);
    return names;
}

/// The Markdown table rows of the "## Ranking" section.
std::vector<std::string> ranking_rows(const std::string& report) {
    std::vector<std::string> rows;
    std::stringstream ss(report.substr(report.find("## Ranking")));
    std::string line;
    std::getline(ss, line);
    while (std::getline(ss, line)) {
        if (line.rfind("| ", 0) == 0 && line.find("| rank |") == std::string::npos) {
            rows.push_back(line);
        } else if (line.rfind("## ", 0) == 0) {
            break;
        }
    }
    return rows;
}

/// Unescaped '|' in a Markdown table row: the number of cells + 1.
std::size_t pipes(const std::string& row) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
        n += row[i] == '|' && (i == 0 || row[i - 1] != '\\') ? 1 : 0;
    }
    return n;
}
}  // namespace

TEST_CASE("a storm-record study: no alpha or beta in its numbers, grid layers in sites.gpkg", "[cli][study]") {
    const fs::path dir = swx::test::temp_dir("report-record");
    {
        std::ofstream out(dir / "storm.csv");
        out << "time,X,Y\n";
        for (int i = 0; i < 480; ++i) {
            char row[96];
            std::snprintf(row, sizeof row, "2024-05-10T%02d:%02d:00Z,%.4f,%.4f\n", i / 60, i % 60,
                          20000.0 - 900.0 * std::exp(-std::pow((i - 240.0) / 20.0, 2)), -3000.0 + 150.0 * std::sin(i / 11.0));
            out << row;
        }
    }
    const fs::path se = swx::test::datasets_dir / "demo" / "southeast-us";
    std::ofstream(dir / "s.toml") << "[inputs]\nsites = \"" << (se / "sites.geojson").string() << "\"\ngrid = \""
                                  << (swx::test::datasets_dir / "horton2012").string() << "\"\nearth_regions = \""
                                  << (se / "earth_regions.geojson").string() << "\"\n[storm]\nmagnetometer = \"storm.csv\"\n"
                                  << "[area]\nbbox = [-88.0, 31.0, -80.0, 35.0]\nresolution_deg = 0.5\n";
    const Run r = swxrisk({"run", (dir / "s.toml").string(), "--out", (dir / "out").string(), "-q"});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    for (const auto& row : read_csv(dir / "out" / "sites.csv")) {
        INFO(row.at("site_id"));
        CHECK(row.at("alpha").empty());
        CHECK(row.at("beta").empty());
        CHECK_FALSE(row.at("e_peak_v_per_km").empty());
        CHECK_FALSE(row.at("geomagnetic_lat_deg").empty());
    }
    const std::string report = slurp(dir / "out" / "report.md");
    CHECK(report.find("α =") == std::string::npos);
    CHECK(report.find("β =") == std::string::npos);
    CHECK(report.find("peak |E(t)| of the storm record") != std::string::npos);
    const auto layers = gpkg_layers(dir / "out" / "sites.gpkg");
    CHECK(layers.count("sites") == 1);
    CHECK(layers.count("substations") == 1);
    CHECK(layers.count("lines") == 1);
    CHECK(fs::exists(dir / "out" / "map.png"));
    fs::remove_all(dir);
}

TEST_CASE("report.md: input paths relative to the scenario file, names that cannot break the table", "[cli][study]") {
    const fs::path dir = swx::test::temp_dir("report-names");
    fs::create_directories(dir / "data");
    // A name with '|' and a line break, a blank name, an id with a comma listed in CSV-style quotes.
    std::ofstream(dir / "data" / "sites.geojson")
        << R"({"type":"FeatureCollection","features":[)"
        << R"({"type":"Feature","properties":{"id":"P1","name":"Plant | North\nBlock B"},"geometry":{"type":"Point","coordinates":[-84.0,33.5]}},)"
        << R"({"type":"Feature","properties":{"id":"B2","name":"   "},"geometry":{"type":"Point","coordinates":[-84.2,33.6]}},)"
        << R"({"type":"Feature","properties":{"id":"Q3","name":"Quoted","supply_substations":"\"1\", 2"},"geometry":{"type":"Point","coordinates":[-84.1,33.4]}}]})";
    std::ofstream(dir / "s.toml") << "[inputs]\nsites = \"data/sites.geojson\"\ngrid = \""
                                  << (swx::test::datasets_dir / "horton2012").string()
                                  << "\"\nearth_model = \"PT1\"\n[storm]\nscenario = \"nerc-benchmark\"\n[outputs]\nfolder = \"out\"\n";
    const Run r = swxrisk({"run", (dir / "s.toml").string(), "-q"});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    const std::string report = slurp(dir / "out" / "report.md");
    CHECK(report.find(dir.string()) == std::string::npos);  // no absolute local path of this machine
    CHECK(report.find("`data/sites.geojson`") != std::string::npos);
    const auto rows = ranking_rows(report);
    REQUIRE(rows.size() == 3);
    for (const auto& row : rows) {
        INFO(row);
        CHECK(pipes(row) == 13);  // 12 columns
    }
    CHECK(report.find("Plant \\| North Block B") != std::string::npos);
    CHECK(report.find("| B2 (`B2`) |") != std::string::npos);
    int checked = 0;
    for (const auto& row : read_csv(dir / "out" / "sites.csv")) {  // (read_csv splits P1's two-line name: skip it)
        if (row.count("n_supplies") == 0) {
            continue;
        }
        checked += row.at("site_id") == "B2" || row.at("site_id") == "Q3" ? 1 : 0;
        if (row.at("site_id") == "B2") {
            CHECK(row.at("name") == "B2");
        }
        if (row.at("site_id") == "Q3") {
            CHECK(row.at("n_supplies") == "2");
        }
    }
    CHECK(checked == 2);
    fs::remove_all(dir);
}

TEST_CASE("supply_substations: ids with commas in CSV-style quotes", "[core][exposure]") {
    using V = std::vector<std::string>;
    CHECK(swx::parse_supply_ids("A, B,,C ") == V{"A", "B", "C"});
    CHECK(swx::parse_supply_ids(R"("SUB 1,North", B)") == V{"SUB 1,North", "B"});
    CHECK(swx::parse_supply_ids(R"("say ""hi""",X)") == V{R"(say "hi")", "X"});
    CHECK(swx::parse_supply_ids(R"( "A,1" , "B" )") == V{"A,1", "B"});
    for (const V& ids : {V{"A,1", "B"}, V{R"(q"x)", "plain"}, V{"one"}}) {
        CHECK(swx::parse_supply_ids(swx::format_supply_ids(ids)) == ids);
    }
    CHECK(swx::format_supply_ids({"A,1", "B"}) == R"("A,1",B)");
}
