// swxrisk run on the geometry edges of issue 9: polygon sites across the antimeridian and with several
// parts (item 4), switching stations as supplies (item 6). Each case states the figure the issue
// reported before the fix.
#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>
#include <gdal.h>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <string>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::read_csv;
using swx::test::swxrisk;

namespace {

/// Writes sites.geojson and s.toml (earth model PT1 everywhere unless `extra_inputs` says otherwise),
/// runs the study and returns the sites.csv rows by site id.
std::map<std::string, std::map<std::string, std::string>> run_sites(const fs::path& dir, const std::string& features,
                                                                    const std::string& extra_inputs, Run* run = nullptr) {
    std::ofstream(dir / "sites.geojson") << R"({"type":"FeatureCollection","features":[)" << features << "]}";
    std::ofstream(dir / "s.toml") << "[inputs]\nsites = \"sites.geojson\"\n" << extra_inputs
                                  << "[storm]\nscenario = \"nerc-benchmark\"\n[outputs]\nfolder = \"out\"\n";
    const Run r = swxrisk({"run", (dir / "s.toml").string(), "-q"});
    if (run != nullptr) {
        *run = r;
    }
    std::map<std::string, std::map<std::string, std::string>> by_id;
    if (fs::exists(dir / "out" / "sites.csv")) {
        for (auto& row : read_csv(dir / "out" / "sites.csv")) {
            by_id[row.at("site_id")] = row;
        }
    }
    return by_id;
}

std::string feature(const std::string& id, const std::string& geometry, const std::string& props = "") {
    return R"({"type":"Feature","properties":{"id":")" + id + "\"" + props + R"(},"geometry":)" + geometry + "}";
}

}  // namespace

// Issue 9 item 4. Before: SPLIT and ACROSS were evaluated at their planar centroid, lon 0 lat 52.5
// (off Wales), index 90.6; TWO was evaluated on its first part only, index 87.3, while its second
// part alone (SECOND) scores 98.8. After: each is evaluated at the worst of its centroid on the sphere
// and every vertex of every part, so SPLIT and ACROSS match the point at their worst vertex, and TWO
// matches SECOND.
TEST_CASE("polygon sites: antimeridian parts and every part of a MultiPolygon are evaluated", "[cli][study][gdal]") {
    const fs::path dir = swx::test::temp_dir("geometry-polygon-sites");
    const std::string square_e = "[[179.5,52],[180,52],[180,53],[179.5,53],[179.5,52]]";
    const std::string square_w = "[[-180,52],[-179.5,52],[-179.5,53],[-180,53],[-180,52]]";
    const std::string madrid = "[[-3.8,40.3],[-3.6,40.3],[-3.6,40.5],[-3.8,40.5],[-3.8,40.3]]";
    const std::string oslo = "[[10.6,59.8],[10.9,59.8],[10.9,60.0],[10.6,60.0],[10.6,59.8]]";
    const auto rows = run_sites(
        dir,
        feature("SPLIT", R"({"type":"MultiPolygon","coordinates":[[)" + square_e + "],[" + square_w + "]]}") + "," +
            feature("ACROSS", R"({"type":"Polygon","coordinates":[[[179.5,52],[-179.5,52],[-179.5,53],[179.5,53],[179.5,52]]]})") +
            "," + feature("NE_CORNER", R"({"type":"Point","coordinates":[-179.5,53]})") + "," +
            feature("TWO", R"({"type":"MultiPolygon","coordinates":[[)" + madrid + "],[" + oslo + "]]}") + "," +
            feature("SECOND", R"({"type":"Polygon","coordinates":[)" + oslo + "]}"),
        "earth_model = \"PT1\"\n");
    REQUIRE(rows.size() == 5);
    const double corner = std::stod(rows.at("NE_CORNER").at("exposure_index"));
    for (const char* id : {"SPLIT", "ACROSS"}) {
        INFO(id);
        const auto& row = rows.at(id);
        CHECK(std::stod(row.at("lon_deg")) == Approx(-180.0).margin(1e-6));  // centroid on the antimeridian, in [-180, 180)
        CHECK(std::stod(row.at("lat_deg")) == Approx(52.5).margin(0.01));
        CHECK(std::abs(std::remainder(std::stod(row.at("evaluated_lon_deg")) - 180.0, 360.0)) <= 0.5 + 1e-9);
        CHECK(std::stod(row.at("exposure_index")) == Approx(corner).margin(1e-6));
        CHECK(std::stod(row.at("exposure_index")) < 80.0);  // was 90.6 at lon 0
    }
    CHECK(std::stod(rows.at("TWO").at("exposure_index")) == Approx(std::stod(rows.at("SECOND").at("exposure_index"))).margin(1e-6));
    CHECK(std::stod(rows.at("TWO").at("evaluated_lat_deg")) > 59.0);  // a vertex of the Oslo part
}

// Issue 9 item 6. Before: a site 3.3 km from Horton's switching station 7 (no transformer) was
// "supplied" by it: ieff_max_a 0, grid term 0, index 24.3 ("low"). After: switching stations are not
// supplies; no substation with a grounded transformer lies within 50 km, so the site is flagged
// no_grid and scored on the hazard alone (48.7, "moderate") — unknown is not safe. Listing station 7
// explicitly is an error.
TEST_CASE("a switching station is not a supply", "[cli][study][gdal][errors]") {
    const fs::path dir = swx::test::temp_dir("geometry-switching-station");
    const std::string inputs = "grid = \"" + (swx::test::datasets_dir / "horton2012").string() + "\"\nearth_regions = \"" +
                               (swx::test::datasets_dir / "demo" / "southeast-us" / "earth_regions.geojson").string() + "\"\n";
    const std::string sw7 = R"({"type":"Point","coordinates":[-82.80,34.25]})";
    SECTION("the nearest-substation search skips it") {
        const auto rows = run_sites(dir, feature("SW7", sw7), inputs);
        REQUIRE(rows.count("SW7") == 1);
        const auto& row = rows.at("SW7");
        CHECK(row.at("supply_substations").empty());
        CHECK(row.at("flags").find("no_grid") != std::string::npos);
        CHECK(row.at("ieff_max_a").empty());
        CHECK(std::stod(row.at("exposure_index")) > 40.0);  // was 24.3 with ieff 0 A from station 7
    }
    SECTION("listing it is an error naming the site, field and substation") {
        Run r;
        (void)run_sites(dir, feature("SW7", sw7, R"(,"supply_substations":"7")"), inputs, &r);
        CHECK(r.code == swx::cli::exit_usage);
        CHECK(r.err.find("feature SW7, field supply_substations") != std::string::npos);
        CHECK(r.err.find("substation '7' has no grounded transformer") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out" / "sites.csv"));
        const Run v = swxrisk({"validate", (dir / "s.toml").string()});
        CHECK(v.code == swx::cli::exit_usage);
        CHECK(v.err.find("has no grounded transformer") != std::string::npos);
    }
}

// Issue 9 item 12: an area across the antimeridian was refused ("bbox is inverted", and east > 180
// "must lie within [-180, 180]"). West > east now means crossing it, in efield-map and in a study.
TEST_CASE("areas across the antimeridian: efield-map and a study's rasters", "[cli][study][gdal]") {
    const fs::path dir = swx::test::temp_dir("geometry-antimeridian");
    const Run m = swxrisk({"efield-map", "--scenario", "nerc-benchmark", "--earth-model", "PT1", "--bbox=170,-20,-170,-10",
                           "--resolution", "0.5", "--out", (dir / "fiji.tif").string()});
    INFO(m.err);
    REQUIRE(m.code == swx::cli::exit_ok);
    const auto fiji = (dir / "fiji.tif").string();
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(fiji.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    double gt[6];
    REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
    CHECK(gt[0] == 170.0);
    CHECK(gt[3] == -10.0);
    CHECK(GDALGetRasterXSize(ds) == 40);  // 20 degrees, through 180
    CHECK(GDALGetRasterYSize(ds) == 20);
    float v[40];
    REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 10, 40, 1, v, 40, 1, GDT_Float32, 0, 0) == CE_None);
    for (const float x : v) {
        CHECK(std::isfinite(x));  // every cell has ground (PT1 everywhere), on both sides of 180
    }
    GDALClose(ds);
    const Run bad = swxrisk({"efield-map", "--scenario", "nerc-benchmark", "--earth-model", "PT1", "--bbox=170,-20,190,-10",
                             "--resolution", "0.5", "--out", (dir / "bad.tif").string()});
    CHECK(bad.code == swx::cli::exit_usage);
    CHECK(bad.err.find("west > east") != std::string::npos);
    CHECK(m.err.find("[wide_area]") == std::string::npos);  // 20 degrees: no doubt
    // Swapped west and east (-77 and -90) read as a 347-degree area across the antimeridian: it runs, with a warning.
    const Run swapped = swxrisk({"efield-map", "--scenario", "nerc-benchmark", "--earth-model", "PT1", "--bbox=-77,30,-90,40",
                                 "--resolution", "2", "--out", (dir / "swapped.tif").string()});
    INFO(swapped.err);
    CHECK(swapped.code == swx::cli::exit_ok);
    CHECK(swapped.err.find("WARNING: [wide_area]") != std::string::npos);
    CHECK(swapped.err.find("347 degrees wide; if west and east were swapped, give west -90, east -77") != std::string::npos);

    const fs::path study = dir / "study";
    fs::create_directories(study);
    const auto rows = run_sites(study, feature("SUVA", R"({"type":"Point","coordinates":[178.44,-18.14]})"),
                                "earth_model = \"PT1\"\n[area]\nbbox = [175.0, -20.0, -175.0, -15.0]\nresolution_deg = 0.1\n");
    CHECK(rows.count("SUVA") == 1);
    CHECK(fs::exists(study / "out" / "exposure.tif"));
    CHECK(fs::exists(study / "out" / "peak_e.tif"));
    CHECK(fs::exists(study / "out" / "map.png"));
}
