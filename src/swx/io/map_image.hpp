#pragma once
/// @file map_image.hpp
/// A quick-look PNG of a study (written through GDAL's PNG driver): the exposure raster in colour by
/// class, grid lines and substations, the ranked sites with their rank, a title, a legend and a
/// scale bar. Plate carrée on the study grid; for analysis use the GeoTIFF and GeoPackage.
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
};

/// @param sites the sites table (needs `rank` and point geometry)
/// @param grid_layers tables named "lines" (line geometry) and "substations" (points) are drawn
/// @throws Error if GDAL cannot write the PNG.
MapSummary write_map_png(const Raster& exposure, const FeatureTable& sites, const std::vector<FeatureTable>& grid_layers,
                         const std::string& title, const std::filesystem::path& path);

}  // namespace swx::io
