#pragma once
/// @file raster_writer.hpp
/// Writes a swx::Raster as a tiled, compressed, overviewed single-band Float32 GeoTIFF, in WGS84
/// (EPSG:4326, the raster's own grid) or warped to another CRS. Layout: docs/output-formats.md.

#include <swx/core/base/raster.hpp>

#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>

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

struct StudyConfig;

/// What a raster was computed from: the documented GeoTIFF metadata (docs/output-formats.md).
struct RasterProvenance {
    std::string study;          ///< SWXRISK_STUDY: the study's name
    std::string scenario;       ///< SWXRISK_SCENARIO: the NERC scenario, or the storm record's path
    std::string earth_regions;  ///< SWXRISK_EARTH_REGIONS: the earth-region polygons ("" = none)
    std::string earth_model;    ///< SWXRISK_EARTH_MODEL: the model outside (or without) regions
    double dipole_epoch = std::numeric_limits<double>::quiet_NaN();  ///< SWXRISK_DIPOLE_EPOCH, decimal year
    std::string method;         ///< SWXRISK_METHOD: how the values were computed, one line
};

/// SWXRISK_METHOD of a NERC peak-field raster (efield-map, the study's peak_e.tif for a scenario).
inline constexpr std::string_view nerc_peak_field_method =
    "E_peak = E_ref x alpha(centred-dipole latitude) x beta(earth model); NERC TPL-007";

/// The metadata of `p` as RasterWriteOptions::metadata: every SWXRISK_* key of RasterProvenance, with
/// empty values written as "none" (so that "no earth regions" is stated, not missing) and the epoch as a
/// decimal year; SWXRISK_VERSION is added by write_geotiff.
[[nodiscard]] std::map<std::string, std::string> provenance_metadata(const RasterProvenance& p);

/// The rasters of a site study (return_period: return-period studies only).
enum class StudyRaster { exposure, peak_e, return_period };

/// Write options (CRS and provenance metadata) of a study's exposure.tif or peak_e.tif, from its
/// scenario file: study, scenario or storm record, earth regions and model, dipole epoch, method.
[[nodiscard]] RasterWriteOptions study_raster_options(const StudyConfig& config, StudyRaster raster);

/// Writes the exposure classes of an exposure-index GeoTIFF (as write_geotiff wrote it, in any CRS) as
/// a paletted Byte GeoTIFF on the same grid: 1 low (< 25), 2 moderate (25-50), 3 high (50-75),
/// 4 severe (>= 75), 0 nodata; a colour table in map.png's colours (nodata transparent), so that any GIS
/// shows it styled by class. Metadata: the source's, plus SWXRISK_CLASSES naming the values. Tiled,
/// DEFLATE, NEAREST overviews; written under a temporary name and renamed on success.
/// @throws Error if `exposure_tif` cannot be read or the file cannot be written.
void write_exposure_class_geotiff(const std::filesystem::path& exposure_tif, const std::filesystem::path& path);

/// Writes a QGIS layer style (.qml) that shows an exposure-index raster by class, in the colours of
/// map.png: low < 25 (green), moderate 25-50 (yellow), high 50-75 (orange), severe >= 75 (red), nodata
/// transparent. QGIS applies `<name>.qml` when it opens `<name>.tif` from the same folder.
/// @throws Error if the file cannot be written.
void write_exposure_qml(const std::filesystem::path& path);

}  // namespace swx::io
