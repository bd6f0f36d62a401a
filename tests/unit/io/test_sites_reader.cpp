// Sites reader on the shared OGR layer helper: the same vertex rule, field messages and CRS handling
// as the grid and earth-regions readers.

#include <swx/core/base/error.hpp>
#include <swx/io/sites_reader.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using Catch::Contains;

namespace {

std::string write_geojson(const std::string& name, const std::string& features) {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    const fs::path dir = fs::temp_directory_path() / ("swx_test_sites_" + std::to_string(stamp));
    fs::create_directories(dir);
    const fs::path p = dir / name;
    std::ofstream(p) << R"({"type":"FeatureCollection","features":[)" << features << "]}";
    return p.string();
}

std::string point(const std::string& props, double lon, double lat) {
    return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Point","coordinates":[)" +
           std::to_string(lon) + "," + std::to_string(lat) + "]}}";
}

}  // namespace

TEST_CASE("sites: ids, names, supplies and criticality", "[io][gdal]") {
    swx::ProblemSink problems;
    const auto sites = swx::io::read_sites(
        write_geojson("sites.geojson", point(R"("id":" A ","supply_substations":" 3, 5 ,","criticality":2)", 10, 50) +
                                           "," + point(R"("id":"B","name":"Bravo")", 11, 51)),
        problems);
    REQUIRE(sites.size() == 2);
    CHECK(sites[0].id == "A");
    CHECK(sites[0].name == "A");
    CHECK(sites[0].supply_substations == std::vector<std::string>{"3", "5"});
    CHECK(sites[0].criticality == 2.0);
    CHECK(sites[1].name == "Bravo");
    CHECK(sites[1].location.lon_deg == 11.0);
    CHECK(problems.problems().empty());  // GeoJSON is WGS84: no no_crs warning
}

TEST_CASE("sites: the vertex rule and field messages of the other OGR readers", "[io][gdal]") {
    swx::ProblemSink problems;
    // |lon| up to 540 is accepted, as in the grid and earth-regions readers (was 360 here).
    CHECK(swx::io::read_sites(write_geojson("wide.geojson", point(R"("id":"A")", 400, 10)), problems).size() == 1);
    CHECK_THROWS_WITH(swx::io::read_sites(write_geojson("far.geojson", point(R"("id":"A")", 541, 10)), problems),
                      Contains("feature A, field geometry") && Contains("out of range after transformation"));
    CHECK_THROWS_WITH(swx::io::read_sites(write_geojson("noid.geojson", point(R"("name":"A")", 1, 1)), problems),
                      Contains("[layer noid, field id]: required field is missing (fields found: name)"));
    CHECK_THROWS_WITH(swx::io::read_sites(write_geojson("empty.geojson", ""), problems),
                      Contains("layer has no features"));
    CHECK_THROWS_AS(swx::io::read_sites("/nonexistent/sites.geojson", problems), swx::InputError);
}
