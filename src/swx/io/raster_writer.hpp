#pragma once
/// @file raster_writer.hpp
/// Writes a swx::Raster as a tiled, compressed, overviewed single-band Float32 GeoTIFF, in WGS84
/// (EPSG:4326, the raster's own grid) or warped to another CRS. Layout: docs/output-formats.md.

#include <swx/core/base/raster.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace swx::io {

/// How a raster is resampled when it is warped to another CRS.
enum class Resampling {
    nearest,   ///< each output cell takes the value of the source cell its centre falls in (default)
    bilinear,  ///< bilinear interpolation of the four nearest source cells; nodata cells are left out
};

struct RasterWriteOptions {
    /// Output CRS as any string GDAL/PROJ accept ("EPSG:5070", WKT, PROJJSON, "+proj=..."). Anything
    /// equivalent to WGS84 geographic writes the raster's own grid unchanged; any other CRS is
    /// reached with GDAL's warper at the resolution GDAL suggests for that CRS. Where a projected CRS
    /// stretches the raster's northern or southern edge more than tenfold along the meridian (the
    /// poles in Web Mercator), the raster is first cut to whole rows inside the CRS's area of use in
    /// latitude (PROJ database: ±85.06° for EPSG:3857), so the warped grid keeps a sensible extent
    /// and pixel size.
    std::string crs = "EPSG:4326";
    bool overwrite = false;                          ///< replace an existing file
    Resampling resampling = Resampling::nearest;     ///< only used when warping
    std::map<std::string, std::string> metadata;     ///< provenance key/value pairs (dataset metadata)
};

/// Writes `raster` to `path` as a GeoTIFF:
/// - one Float32 band, nodata = NaN (GDALGetRasterNoDataValue reports NaN), band description and
///   unit type from the raster;
/// - 256 x 256 tiles, DEFLATE with floating-point predictor (PREDICTOR=3);
/// - internal AVERAGE overviews at factors 2, 4, 8, ... until the smallest fits in 256 pixels,
///   copied with COPY_SRC_OVERVIEWS=YES so that the file has a cloud-optimized (COG-like) layout;
/// - dataset metadata SWXRISK_VERSION plus options.metadata.
///
/// The file is written under a temporary name beside `path` and renamed only on success: on any
/// failure nothing is left at `path` (an existing file there is untouched).
///
/// @param[in] raster the grid and its values (width * height values, NaN = nodata).
/// @param[in] path   the .tif file to create.
/// @param[in] options CRS, overwrite, resampling, metadata.
/// @throws ConfigError if the grid spec is invalid, the value count does not match it, `path` exists
///         and !options.overwrite, or the folder for `path` does not exist.
/// @throws CrsError if options.crs is not a CRS GDAL/PROJ understand (the message names it), the
///         raster cannot be warped to it, or it lies wholly outside the latitudes the CRS can project.
/// @throws Error if GDAL fails to write the file (unwritable folder, disk full).
void write_geotiff(const Raster& raster, const std::filesystem::path& path, const RasterWriteOptions& options = {});

}  // namespace swx::io
