#pragma once
/// @file raster.hpp
/// A regular latitude/longitude grid and a single-band raster on it, with no GDAL types: the shape
/// every map output (geoelectric field, exposure surface) takes before io/ writes it as a GeoTIFF.
///
/// The grid is north-up: row 0 is the northernmost row, column 0 the westernmost column; values are
/// stored row-major (index = row * width + col). Coordinates are WGS84 longitude/latitude in degrees.
/// Not modelled: grids crossing the antimeridian (west must be < east in [-180, 180]), rotated or
/// non-square cells, and more than one band.

#include <swx/core/network/network.hpp>  // GeoPoint

#include <cstddef>
#include <string>
#include <vector>

namespace swx {

/// The extent and cell size of a north-up WGS84 grid.
///
/// When the extent is not a whole number of cells, the last column (row) extends past east (south):
/// the grid always starts at (west, north) and has width() x height() square cells of resolution_deg.
struct GridSpec {
    double west_deg = 0.0;        ///< western edge, [-180, 180)
    double south_deg = 0.0;       ///< southern edge, [-90, 90)
    double east_deg = 0.0;        ///< eastern edge, (west, 180]
    double north_deg = 0.0;       ///< northern edge, (south, 90]
    double resolution_deg = 0.0;  ///< cell size in degrees, > 0

    /// @throws ConfigError naming the bad value if the box is inverted or empty, lies outside
    ///         ±180/±90, has a non-finite edge, or the resolution is not > 0.
    void validate() const;
    /// Number of columns: ceil((east - west) / resolution), tolerant to rounding (1e-9 of a cell).
    [[nodiscard]] std::size_t width() const;
    /// Number of rows: ceil((north - south) / resolution), tolerant to rounding (1e-9 of a cell).
    [[nodiscard]] std::size_t height() const;
    /// Centre of cell (col, row); row 0 is the northernmost row. No range check.
    [[nodiscard]] GeoPoint cell_center(std::size_t col, std::size_t row) const;
};

/// One band of float values on a GridSpec. NaN marks a cell with no data.
struct Raster {
    GridSpec spec;
    std::vector<float> values;     ///< row-major, spec.width() * spec.height(); NaN = nodata
    std::string band_description;  ///< e.g. "peak geoelectric field magnitude"
    std::string units;             ///< e.g. "V/km"

    /// A raster of `spec` filled with NaN. @throws ConfigError if spec is invalid.
    [[nodiscard]] static Raster nodata(const GridSpec& spec, std::string band_description = {}, std::string units = {});
    /// Value of cell (col, row). No range check.
    [[nodiscard]] float& at(std::size_t col, std::size_t row) { return values[row * spec.width() + col]; }
    [[nodiscard]] float at(std::size_t col, std::size_t row) const { return values[row * spec.width() + col]; }
};

}  // namespace swx
