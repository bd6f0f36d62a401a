#pragma once
/// @file raster.hpp
/// A regular latitude/longitude grid and a single-band raster on it, with no GDAL types: the shape
/// every map output (geoelectric field, exposure surface) takes before io/ writes it as a GeoTIFF.
///
/// The grid is north-up: row 0 is the northernmost row, column 0 the westernmost column; values are
/// stored row-major (index = row * width + col). Coordinates are WGS84 longitude/latitude in degrees.
/// A grid may cross the antimeridian (west > east): its columns then run eastward from west through
/// 180° to east, and its georeferencing continues past 180° (e.g. 170…190). Not modelled: rotated or
/// non-square cells, and more than one band.

#include <swx/core/base/problems.hpp>
#include <swx/core/network/network.hpp>  // GeoPoint

#include <cstddef>
#include <string>
#include <vector>

namespace swx {

/// The extent and cell size of a north-up WGS84 grid.
///
/// Cells are square (resolution_deg) and the grid starts at (west, north). When the extent is not a
/// whole number of cells, the last column (row) covers the rest of the box and so extends past east
/// (south) by less than a cell — unless that would take the grid out of the valid range: past −90°
/// latitude, past 180° longitude for a box that does not cross the antimeridian, or round more than
/// 360° of longitude. Then that partial column (row) is left out and the grid stops short of the
/// edge by less than one cell. The grid therefore never leaves [−180, 180] × [−90, 90] (a crossing
/// grid runs from west to east + 360).
struct GridSpec {
    double west_deg = 0.0;        ///< western edge, [-180, 180]
    double south_deg = 0.0;       ///< southern edge, [-90, 90)
    double east_deg = 0.0;        ///< eastern edge, [-180, 180]; < west_deg: the grid crosses the antimeridian
    double north_deg = 0.0;       ///< northern edge, (south, 90]
    double resolution_deg = 0.0;  ///< cell size in degrees, > 0

    /// @throws ConfigError naming the bad value if the box is empty (west == east, south >= north),
    ///         lies outside ±180/±90, has a non-finite edge, the resolution is not > 0, or no whole
    ///         cell fits where a partial one would leave the valid range.
    void validate() const;
    /// west > east: the box runs eastward from west across 180° to east.
    [[nodiscard]] bool crosses_antimeridian() const { return west_deg > east_deg; }
    /// East - west in degrees of longitude, adding 360 for a box that crosses the antimeridian.
    [[nodiscard]] double lon_extent_deg() const { return crosses_antimeridian() ? east_deg + 360.0 - west_deg : east_deg - west_deg; }
    /// Number of columns: ceil(lon_extent / resolution), tolerant to rounding (1e-9 of a cell), or
    /// floor where the partial column would leave the valid range (see above).
    [[nodiscard]] std::size_t width() const;
    /// Number of rows: ceil((north - south) / resolution), or floor where the partial row would run
    /// past −90°.
    [[nodiscard]] std::size_t height() const;
    /// Centre of cell (col, row), longitude in [−180, 180); row 0 is the northernmost row. No range check.
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

/// Warns (`wide_area`) when an area crossing the antimeridian (west > east) spans more than 180° of
/// longitude: most often west and east were swapped by mistake (-77,30,-90,40 is 347° wide, not 13°).
void warn_if_wide_crossing(const GridSpec& area, ProblemSink& problems, const std::string& location);

}  // namespace swx
