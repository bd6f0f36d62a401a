#define SWX_IO_INTERNAL
#include <swx/core/base/error.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>
#include <swx/io/raster_writer.hpp>

#include <catch2/catch.hpp>

#include "support/grid_fixture.hpp"

#include <cmath>

using namespace swx;
namespace fs = std::filesystem;

namespace {

/// value = lon + 1000·lat at each cell centre, with a NaN block in the south-west corner.
Raster test_raster(const GridSpec& spec) {
    Raster r = Raster::nodata(spec, "test field", "V/km");
    for (std::size_t row = 0; row < spec.height(); ++row) {
        for (std::size_t col = 0; col < spec.width(); ++col) {
            const GeoPoint c = spec.cell_center(col, row);
            r.at(col, row) = (col < 3 && row + 3 >= spec.height()) ? std::numeric_limits<float>::quiet_NaN()
                                                                    : static_cast<float>(c.lon_deg + 1000.0 * c.lat_deg);
        }
    }
    return r;
}

double pixel(GDALDatasetH ds, int col, int row) {
    float v = 0.0F;
    REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None);
    return v;
}

}  // namespace

TEST_CASE("GeoTIFF: georeferencing, nodata, tiles, compression, overviews, metadata", "[io][gdal]") {
    const GridSpec spec{-125.0, 24.0, -66.0, 50.0, 0.05};  // contiguous US: 1180 x 520
    const Raster r = test_raster(spec);
    const fs::path dir = swx::test::temp_dir("geotiff");
    io::RasterWriteOptions options;
    options.metadata["SWXRISK_SCENARIO"] = "nerc-benchmark";
    io::write_geotiff(r, dir / "map.tif", options);

    io::ensure_gdal();
    io::detail::DatasetPtr ds(GDALOpen((dir / "map.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    CHECK(GDALGetRasterXSize(ds.get()) == 1180);
    CHECK(GDALGetRasterYSize(ds.get()) == 520);
    double gt[6];
    REQUIRE(GDALGetGeoTransform(ds.get(), gt) == CE_None);
    CHECK(gt[0] == Approx(-125.0));
    CHECK(gt[3] == Approx(50.0));
    CHECK(gt[1] == Approx(0.05));
    CHECK(gt[5] == Approx(-0.05));
    const OGRSpatialReferenceH srs = GDALGetSpatialRef(ds.get());
    REQUIRE(srs != nullptr);
    CHECK(std::string(OSRGetAuthorityCode(srs, nullptr)) == "4326");
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    CHECK(GDALGetRasterDataType(band) == GDT_Float32);
    int has_nodata = 0;
    CHECK(std::isnan(GDALGetRasterNoDataValue(band, &has_nodata)));
    CHECK(has_nodata == 1);
    int bx = 0, by = 0;
    GDALGetBlockSize(band, &bx, &by);
    CHECK(bx == 256);
    CHECK(by == 256);
    CHECK(std::string(GDALGetMetadataItem(ds.get(), "COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE");
    CHECK(GDALGetOverviewCount(band) >= 2);
    CHECK(std::string(GDALGetDescription(band)) == "test field");
    CHECK(std::string(GDALGetRasterUnitType(band)) == "V/km");
    CHECK(std::string(GDALGetMetadataItem(ds.get(), "SWXRISK_SCENARIO", nullptr)) == "nerc-benchmark");
    CHECK(GDALGetMetadataItem(ds.get(), "SWXRISK_VERSION", nullptr) != nullptr);
    // Known pixel values: cell (col 100, row 40) has its centre at lon -125 + 100.5·0.05, lat 50 − 40.5·0.05.
    CHECK(pixel(ds.get(), 100, 40) == Approx((-125.0 + 100.5 * 0.05) + 1000.0 * (50.0 - 40.5 * 0.05)).margin(0.01));
    CHECK(std::isnan(pixel(ds.get(), 0, 519)));  // the NaN block reads back as nodata
    fs::remove_all(dir);
}

TEST_CASE("GeoTIFF in another CRS through PROJ (CONUS Albers, EPSG:5070)", "[io][gdal][proj]") {
    const GridSpec spec{-100.0, 35.0, -90.0, 45.0, 0.1};
    Raster r = Raster::nodata(spec, "constant blocks", "1");
    for (std::size_t row = 0; row < spec.height(); ++row) {
        for (std::size_t col = 0; col < spec.width(); ++col) {
            r.at(col, row) = col < spec.width() / 2 ? 1.0F : 2.0F;  // west half 1, east half 2 (split at -95°)
        }
    }
    const fs::path dir = swx::test::temp_dir("geotiff-albers");
    io::RasterWriteOptions options;
    options.crs = "EPSG:5070";
    io::write_geotiff(r, dir / "albers.tif", options);
    io::ensure_gdal();
    io::detail::DatasetPtr ds(GDALOpen((dir / "albers.tif").c_str(), GA_ReadOnly));
    REQUIRE(ds);
    const OGRSpatialReferenceH srs = GDALGetSpatialRef(ds.get());
    REQUIRE(srs != nullptr);
    CHECK(std::string(OSRGetAuthorityCode(srs, nullptr)) == "5070");
    // Transform two known places to EPSG:5070 and read the pixels there.
    io::detail::SrsPtr wgs84 = io::detail::make_wgs84();
    io::detail::SrsPtr albers(OSRClone(srs));
    OSRSetAxisMappingStrategy(albers.get(), OAMS_TRADITIONAL_GIS_ORDER);
    io::detail::TransformPtr ct(OCTNewCoordinateTransformation(wgs84.get(), albers.get()));
    double gt[6];
    REQUIRE(GDALGetGeoTransform(ds.get(), gt) == CE_None);
    for (const auto& [lon, lat, expected] : {std::tuple{-98.0, 40.0, 1.0}, std::tuple{-92.0, 40.0, 2.0}}) {
        double x = lon, y = lat;
        REQUIRE(OCTTransform(static_cast<OGRCoordinateTransformationH>(ct.get()), 1, &x, &y, nullptr));
        const int col = static_cast<int>((x - gt[0]) / gt[1]);
        const int row = static_cast<int>((y - gt[3]) / gt[5]);
        CHECK(pixel(ds.get(), col, row) == expected);
    }
    fs::remove_all(dir);
}

TEST_CASE("GeoTIFF errors: bad grid, unknown CRS, existing file, unwritable folder", "[io][gdal][errors]") {
    const fs::path dir = swx::test::temp_dir("geotiff-errors");
    const GridSpec good{-10.0, 40.0, 0.0, 50.0, 1.0};
    CHECK_THROWS_AS(GridSpec({10.0, 40.0, 10.0, 50.0, 1.0}).validate(), ConfigError);
    CHECK_THROWS_WITH(GridSpec({0.0, 50.0, 5.0, 40.0, 1.0}).validate(), Catch::Contains("inverted"));
    CHECK_THROWS_AS(GridSpec({-10.0, 40.0, 0.0, 50.0, 0.0}).validate(), ConfigError);
    io::RasterWriteOptions bad_crs;
    bad_crs.crs = "EPSG:999999";
    CHECK_THROWS_AS(io::write_geotiff(test_raster(good), dir / "a.tif", bad_crs), CrsError);
    CHECK_THROWS_WITH(io::write_geotiff(test_raster(good), dir / "a.tif", bad_crs), Catch::Contains("EPSG:999999"));
    CHECK_FALSE(fs::exists(dir / "a.tif"));
    io::write_geotiff(test_raster(good), dir / "b.tif");
    CHECK_THROWS_AS(io::write_geotiff(test_raster(good), dir / "b.tif"), ConfigError);
    io::RasterWriteOptions overwrite;
    overwrite.overwrite = true;
    CHECK_NOTHROW(io::write_geotiff(test_raster(good), dir / "b.tif", overwrite));
    CHECK_THROWS(io::write_geotiff(test_raster(good), dir / "missing-folder" / "c.tif"));
    for (const auto& entry : fs::directory_iterator(dir)) {
        CHECK(entry.path().filename().string().find("partial") == std::string::npos);
    }
    fs::remove_all(dir);
}
