#pragma once
// Reads one cell of a GeoTIFF back with GDAL, for tests of the study rasters.
#include <catch2/catch.hpp>
#include <gdal.h>

#include <cmath>
#include <filesystem>

namespace swx::test {

struct Cell {
    double value;
    double lon_deg;  ///< the cell's centre
    double lat_deg;
};

/// The raster's value in the cell that contains (lon, lat), and that cell's centre.
inline Cell value_at(const std::filesystem::path& p, double lon_deg, double lat_deg) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(p.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    double gt[6];
    REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
    const int col = static_cast<int>(std::floor((lon_deg - gt[0]) / gt[1]));
    const int row = static_cast<int>(std::floor((lat_deg - gt[3]) / gt[5]));
    REQUIRE(col >= 0);
    REQUIRE(row >= 0);
    REQUIRE(col < GDALGetRasterXSize(ds));
    REQUIRE(row < GDALGetRasterYSize(ds));
    float v = 0.0F;
    REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None);
    GDALClose(ds);
    return {static_cast<double>(v), gt[0] + (col + 0.5) * gt[1], gt[3] + (row + 0.5) * gt[5]};
}

}  // namespace swx::test
