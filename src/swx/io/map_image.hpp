#pragma once
/// @file map_image.hpp
/// A quick-look PNG of a study (written through GDAL's PNG driver): the raster (exposure index or
/// return period) in colour by class, coastlines and country borders (Natural Earth 1:110m, see
/// basemap.hpp) and a graticule with degree labels drawn over it, grid lines and substations, the
/// ranked sites with their rank, a title, a legend and a scale bar. Plate carrée on the study grid
/// (continuous across the antimeridian for a grid that crosses it); for analysis use the GeoTIFF and
/// GeoPackage.
///
/// Text (UTF-8) is drawn with FreeType in DejaVu Sans (Debian's fonts-dejavu-core), or the TrueType
/// font named by $SWXRISK_MAP_FONT; without a readable font it falls back to a built-in 5x7 bitmap
/// font in upper case, with accented Latin letters shown as their base letter (é -> E).

#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

/// What write_map_png drew.
struct MapSummary {
    std::string font;                 ///< the TrueType file used; empty: the built-in bitmap font
    std::size_t sites = 0;            ///< sites with a location
    std::size_t substations = 0;      ///< substations with a location
    std::size_t lines = 0;            ///< line routes with at least two points
    std::size_t labels_drawn = 0;     ///< rank labels drawn
    std::size_t labels_moved = 0;     ///< of which placed left of, above or below their site to avoid an overlap
    std::size_t labels_hidden = 0;    ///< rank labels left out because every position overlapped (said in the legend)
    std::vector<std::string> legend;  ///< symbols in the legend: "site", "substation", "line" (only layers drawn)
    bool basemap = false;             ///< coastlines and borders drawn (false: the basemap was not found or not readable)
    std::size_t basemap_features = 0; ///< land and country features read from the basemap
    std::string basemap_source;       ///< the basemap folder read, or why none was drawn
    double graticule_step_deg = 0.0;  ///< spacing of the labelled meridians and parallels
};

/// What the raster of a map shows.
enum class MapQuantity {
    exposure_index,      ///< the 0-100 scenario index: classes low < 25 <= moderate < 50 <= high < 75 <= severe
    return_period_years  ///< years between exceedances of the threshold: classes < 30, 30-100, 100-300,
                         ///< 300-1,000, 1,000-10,000, >= 10,000 (+inf: the last class); shorter = hotter
};

/// @param[in] raster the values on the study grid, NaN = no data (drawn light grey)
/// @param[in] quantity what the values are: selects the colour ramp and the legend
/// @param[in] sites the sites table (needs `rank` and point geometry)
/// @param[in] grid_layers tables named "lines" (line geometry) and "substations" (points) are drawn
/// The basemap is read from default_basemap_dir() ($SWXRISK_BASEMAP, else the bundled
/// datasets/basemap); without it the map is drawn without coastlines and MapSummary::basemap is false.
/// @throws Error if GDAL cannot write the PNG.
MapSummary write_map_png(const Raster& raster, MapQuantity quantity, const FeatureTable& sites,
                         const std::vector<FeatureTable>& grid_layers, const std::string& title,
                         const std::filesystem::path& path);

/// write_map_png of an exposure-index raster (MapQuantity::exposure_index).
MapSummary write_map_png(const Raster& exposure, const FeatureTable& sites, const std::vector<FeatureTable>& grid_layers,
                         const std::string& title, const std::filesystem::path& path);

}  // namespace swx::io
