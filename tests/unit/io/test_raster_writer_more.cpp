// More GeoTIFF writer checks (from the raster review): NaN in AVERAGE overviews, nodata outside a warped
// footprint, a GDAL failure after staging leaves nothing behind, no .aux.xml beside the file.

#include <swx/core/base/error.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/io/raster_writer.hpp>

#include <support/grid_fixture.hpp>

#include <catch2/catch.hpp>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Closer {
    void operator()(void* ds) const noexcept { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
using Dataset = std::unique_ptr<void, Closer>;

float read_pixel(GDALDatasetH ds, int col, int row) {
    float v = 0.0F;
    REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None);
    return v;
}

float read_at(GDALDatasetH ds, double x, double y) {
    std::array<double, 6> gt{};
    REQUIRE(GDALGetGeoTransform(ds, gt.data()) == CE_None);
    const int col = static_cast<int>(std::floor((x - gt[0]) / gt[1]));
    const int row = static_cast<int>(std::floor((y - gt[3]) / gt[5]));
    REQUIRE((col >= 0 && row >= 0 && col < GDALGetRasterXSize(ds) && row < GDALGetRasterYSize(ds)));
    return read_pixel(ds, col, row);
}

std::size_t files_in(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

swx::Raster small_raster() {
    auto r = swx::Raster::nodata({-5.0, 40.0, 0.0, 43.0, 0.5}, "peak geoelectric field", "V/km");
    for (std::size_t row = 0; row < 6; ++row) {
        for (std::size_t col = 0; col < 10; ++col) {
            r.at(col, row) = static_cast<float>(100 * row + col);
        }
    }
    r.at(3, 2) = NAN;
    return r;
}

}  // namespace

TEST_CASE("GeoTIFF: small raster, exact geotransform, values, no side files", "[io][gdal]") {
    const auto dir = swx::test::temp_dir("raster-x1");
    swx::io::write_geotiff(small_raster(), dir / "s.tif");
    CHECK(files_in(dir) == 1);
    const Dataset ds(GDALOpen((dir / "s.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    std::array<double, 6> gt{};
    REQUIRE(GDALGetGeoTransform(ds.get(), gt.data()) == CE_None);
    CHECK(gt == std::array<double, 6>{-5.0, 0.5, 0.0, 43.0, 0.0, -0.5});
    CHECK(read_at(ds.get(), -1.25, 41.25) == 307.0F);
    CHECK(std::isnan(read_pixel(ds.get(), 3, 2)));
    CHECK(std::string(GDALGetMetadataItem(ds.get(), "PREDICTOR", "IMAGE_STRUCTURE")) == "3");
    int bx = 0;
    int by = 0;
    GDALGetBlockSize(GDALGetRasterBand(ds.get(), 1), &bx, &by);
    CHECK((bx == 256 && by == 256));
    CHECK(GDALGetOverviewCount(GDALGetRasterBand(ds.get(), 1)) == 0);
}

TEST_CASE("GeoTIFF: 1000 x 600 overviews (2 and 4) average without NaN", "[io][gdal]") {
    const auto dir = swx::test::temp_dir("raster-x2");
    auto r = swx::Raster::nodata({-100.0, 30.0, 0.0, 90.0, 0.1}, "exposure index", "1");
    std::fill(r.values.begin(), r.values.end(), 2.0F);
    r.at(0, 0) = NAN;
    r.at(1, 0) = 4.0F;
    swx::io::write_geotiff(r, dir / "big.tif");
    CHECK(files_in(dir) == 1);
    const Dataset ds(GDALOpen((dir / "big.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    REQUIRE(GDALGetOverviewCount(band) == 2);
    GDALRasterBandH ovr = GDALGetOverview(band, 0);
    CHECK(GDALGetRasterBandXSize(ovr) == 500);
    CHECK(GDALGetRasterBandYSize(ovr) == 300);
    float v = 0.0F;
    REQUIRE(GDALRasterIO(ovr, GF_Read, 0, 0, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None);
    CHECK(v == Approx(8.0 / 3.0));
}

TEST_CASE("GeoTIFF: EPSG:5070 block values, nodata block and outside the footprint", "[io][gdal]") {
    const auto dir = swx::test::temp_dir("raster-x3");
    auto r = swx::Raster::nodata({-100.0, 35.0, -90.0, 45.0, 0.1}, "peak geoelectric field", "V/km");
    for (std::size_t row = 0; row < r.spec.height(); ++row) {
        for (std::size_t col = 0; col < r.spec.width(); ++col) {
            const std::size_t brow = row / 10;
            const std::size_t bcol = col / 10;
            r.at(col, row) = (brow == 2 && bcol == 5) ? NAN : static_cast<float>(10 * brow + bcol);
        }
    }
    swx::io::RasterWriteOptions options;
    options.crs = "EPSG:5070";
    swx::io::write_geotiff(r, dir / "albers.tif", options);
    CHECK(files_in(dir) == 1);
    const Dataset ds(GDALOpen((dir / "albers.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(wgs84, 4326);
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH albers = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(albers, 5070);
    OSRSetAxisMappingStrategy(albers, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs84, albers);
    REQUIRE(ct != nullptr);
    auto value_at = [&](double lon, double lat) {
        double x = lon;
        double y = lat;
        REQUIRE(OCTTransform(ct, 1, &x, &y, nullptr) == TRUE);
        return read_at(ds.get(), x, y);
    };
    CHECK(value_at(-95.5, 40.5) == 44.0F);
    CHECK(value_at(-99.5, 44.5) == 0.0F);
    CHECK(value_at(-90.5, 35.5) == 99.0F);
    CHECK(std::isnan(value_at(-94.5, 42.5)));
    CHECK(std::isnan(read_pixel(ds.get(), 0, 0)));  // outside the lon/lat rectangle
    OCTDestroyCoordinateTransformation(ct);
    OSRRelease(albers);
    OSRRelease(wgs84);
}

TEST_CASE("GeoTIFF: GDAL failing after staging leaves no partial file", "[io][gdal]") {
    const fs::path proc_path = "/proc/self/swxrisk-test.tif";  // procfs refuses new files, even for root
    CHECK_THROWS_AS(swx::io::write_geotiff(small_raster(), proc_path), swx::Error);
    CHECK_THROWS_WITH(swx::io::write_geotiff(small_raster(), proc_path), Catch::Contains(proc_path.string()));
    CHECK_FALSE(fs::exists(proc_path));
}

// Issue 9 item 12: a pole-to-pole raster warped to Web Mercator gave 1,209 km pixels and a
// ±242,529 km extent (PROJ clamps the pole to that y). It is now cut to the CRS's area of use
// (±85.06°): the extent stays within the EPSG:3857 bounds ±20,037,508.34 m (a cell of slack) and the
// pixels near a 1° cell at the equator (111 km; under 200 km).
TEST_CASE("GeoTIFF: a global raster warped to Web Mercator keeps a sensible extent", "[io][gdal][proj]") {
    const auto dir = swx::test::temp_dir("raster-merc");
    auto r = swx::Raster::nodata({-180.0, -90.0, 180.0, 90.0, 1.0}, "peak geoelectric field", "V/km");
    std::fill(r.values.begin(), r.values.end(), 1.0F);
    swx::io::RasterWriteOptions options;
    options.crs = "EPSG:3857";
    swx::io::write_geotiff(r, dir / "merc.tif", options);
    const Dataset ds(GDALOpen((dir / "merc.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    std::array<double, 6> gt{};
    REQUIRE(GDALGetGeoTransform(ds.get(), gt.data()) == CE_None);
    constexpr double bound_m = 20'037'508.34;
    const double top = gt[3];
    const double bottom = gt[3] + gt[5] * GDALGetRasterYSize(ds.get());
    INFO("pixel " << gt[1] << " m, y from " << bottom << " to " << top);
    CHECK(gt[1] < 200'000.0);
    CHECK(top <= bound_m + 200'000.0);
    CHECK(bottom >= -bound_m - 200'000.0);
    CHECK(top > 19'000'000.0);  // still reaches about 85°N (y(85°) = 19,971,868.9 m)
}

// Issue 9 item 12: a raster crossing the antimeridian is written on one continuous grid (170..190).
TEST_CASE("GeoTIFF: a raster across the antimeridian", "[io][gdal]") {
    const auto dir = swx::test::temp_dir("raster-am");
    auto r = swx::Raster::nodata({170.0, -20.0, -170.0, -10.0, 0.5}, "peak geoelectric field", "V/km");
    for (std::size_t col = 0; col < r.spec.width(); ++col) {
        for (std::size_t row = 0; row < r.spec.height(); ++row) {
            r.at(col, row) = static_cast<float>(r.spec.cell_center(col, row).lon_deg);
        }
    }
    swx::io::write_geotiff(r, dir / "am.tif");
    const Dataset ds(GDALOpen((dir / "am.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    CHECK(GDALGetRasterXSize(ds.get()) == 40);
    std::array<double, 6> gt{};
    REQUIRE(GDALGetGeoTransform(ds.get(), gt.data()) == CE_None);
    CHECK(gt == std::array<double, 6>{170.0, 0.5, 0.0, -10.0, 0.0, -0.5});
    CHECK(read_at(ds.get(), 175.1, -15.0) == 175.25F);
    CHECK(read_at(ds.get(), 185.1, -15.0) == -174.75F);  // the cell at 185.25 = -174.75
}
