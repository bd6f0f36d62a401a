#include <swx/cli/cli.hpp>
#include <swx/core/storm/geomag.hpp>

#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <sstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;
using swx::test::read_csv;

namespace {
std::string regions() { return (swx::test::datasets_dir / "demo" / "southeast-us" / "earth_regions.geojson").string(); }

float pixel(GDALDatasetH ds, int col, int row) {
    float v = 0.0F;
    REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None);
    return v;
}
}  // namespace

TEST_CASE("swxrisk efield-map writes the peak-field GeoTIFF with known values", "[cli][gdal]") {
    const fs::path dir = swx::test::temp_dir("efield-map");
    const Run r = swxrisk({"efield-map", "--scenario", "nerc-benchmark", "--earth-regions", regions(), "--bbox=-90,29,-77,37",
                           "--resolution", "0.1", "--out", (dir / "peak_e.tif").string()});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen((dir / "peak_e.tif").c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    CHECK(GDALGetRasterXSize(ds) == 130);
    CHECK(GDALGetRasterYSize(ds) == 80);
    double gt[6];
    REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
    CHECK(gt[0] == Approx(-90.0));
    CHECK(gt[3] == Approx(37.0));
    CHECK(gt[1] == Approx(0.1));
    CHECK(std::string(OSRGetAuthorityCode(GDALGetSpatialRef(ds), nullptr)) == "4326");
    CHECK(std::string(GDALGetRasterUnitType(GDALGetRasterBand(ds, 1))) == "V/km");
    // Savannah, GA (81.1 W, 32.1 N) lies in the demo's CP2 region: 8 V/km × α × 0.95.
    const int col = static_cast<int>((-81.1 - gt[0]) / gt[1]);
    const int row = static_cast<int>((32.1 - gt[3]) / gt[5]);
    const double lon = gt[0] + (col + 0.5) * gt[1];
    const double lat = gt[3] + (row + 0.5) * gt[5];
    const double alpha = swx::nerc_alpha(swx::dipole_latitude_deg(lat, lon, swx::dipole_coefficients(2025.0)));
    CHECK(pixel(ds, col, row) == Approx(8.0 * alpha * 0.95).epsilon(1e-6));
    // The Gulf of Mexico (88 W, 29.5 N) is outside every region: nodata.
    CHECK(std::isnan(pixel(ds, static_cast<int>((-88.0 - gt[0]) / gt[1]), static_cast<int>((29.5 - gt[3]) / gt[5]))));
    GDALClose(ds);
    CHECK(r.out.find("written:") != std::string::npos);

    // Same map in CONUS Albers.
    const Run albers = swxrisk({"efield-map", "--scenario", "nerc-supplemental", "--earth-regions", regions(), "--bbox=-90,29,-77,37",
                                "--resolution", "0.1", "--crs", "EPSG:5070", "--out", (dir / "albers.tif").string()});
    REQUIRE(albers.code == swx::cli::exit_ok);
    ds = GDALOpen((dir / "albers.tif").c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    CHECK(std::string(OSRGetAuthorityCode(GDALGetSpatialRef(ds), nullptr)) == "5070");
    GDALClose(ds);
    fs::remove_all(dir);
}

TEST_CASE("swxrisk efield-map errors", "[cli][errors]") {
    const fs::path dir = swx::test::temp_dir("efield-map-err");
    const auto base = [&](std::vector<std::string> extra) {
        std::vector<std::string> a{"efield-map", "--scenario", "nerc-benchmark", "--earth-regions", regions(), "--resolution", "0.1",
                                   "--out", (dir / "m.tif").string()};
        a.insert(a.end(), extra.begin(), extra.end());
        return swxrisk(a);
    };
    const Run inverted = base({"--bbox=-90,37,-77,29"});  // south > north (west > east crosses the antimeridian)
    CHECK(inverted.code == swx::cli::exit_usage);
    CHECK(inverted.err.find("inverted") != std::string::npos);
    const Run garbage = base({"--bbox", "south-east"});
    CHECK(garbage.code == swx::cli::exit_usage);
    CHECK(garbage.err.find("W,S,E,N") != std::string::npos);
    const Run crs = base({"--bbox=-90,29,-77,37", "--crs", "EPSG:424242"});
    CHECK(crs.code == swx::cli::exit_usage);
    CHECK(crs.err.find("EPSG:424242") != std::string::npos);
    const Run no_ground = swxrisk({"efield-map", "--scenario", "nerc-benchmark", "--bbox=-90,29,-77,37", "--resolution", "0.1",
                                   "--out", (dir / "m.tif").string()});
    CHECK(no_ground.code == swx::cli::exit_usage);
    const Run unwritable = swxrisk({"efield-map", "--scenario", "nerc-benchmark", "--earth-regions", regions(), "--bbox=-90,29,-77,37",
                                    "--resolution", "0.1", "--out", (dir / "no" / "such" / "m.tif").string()});
    CHECK(unwritable.code == swx::cli::exit_usage);
    CHECK_FALSE(fs::exists(dir / "m.tif"));
    fs::remove_all(dir);
}
