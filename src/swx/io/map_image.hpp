#pragma once
/// @file map_image.hpp
/// A quick-look PNG of a study (written through GDAL's PNG driver): the exposure raster in colour by
/// class, grid lines and substations, the ranked sites with their rank, a title, a legend and a
/// scale bar. Plate carrée on the study grid; for analysis use the GeoTIFF and GeoPackage.

#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

/// @param sites the sites table (needs `rank` and point geometry)
/// @param grid_layers tables named "lines" (line geometry) and "substations" (points) are drawn
/// @throws Error if GDAL cannot write the PNG.
void write_map_png(const Raster& exposure, const FeatureTable& sites, const std::vector<FeatureTable>& grid_layers,
                   const std::string& title, const std::filesystem::path& path);

}  // namespace swx::io
