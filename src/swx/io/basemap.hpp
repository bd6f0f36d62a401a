#pragma once
/// @file basemap.hpp
/// The basemap of the quick-look map: Natural Earth 1:110m land and country outlines (public domain),
/// bundled in `datasets/basemap/` (see its README.md; made once by `scripts/make-basemap`).

#include <swx/core/network/network.hpp>  // GeoPoint

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

/// Outlines to draw under the map's symbols: rings as WGS84 lon/lat points. A ring may cross the
/// antimeridian (a step from +179.x to -180); drawers take each step the short way round.
struct Basemap {
    std::vector<std::vector<GeoPoint>> coastlines;  ///< the rings of the land polygons
    std::vector<std::vector<GeoPoint>> borders;     ///< the rings of the country polygons (coasts included)
    std::size_t features = 0;                       ///< land and country features read
    std::string source;  ///< the folder read; when nothing was read, why (e.g. "not found: <folder>")
    [[nodiscard]] bool empty() const { return features == 0; }
};

/// The basemap folder: `$SWXRISK_BASEMAP` when set and non-empty, else `default_data_dir() / "basemap"`
/// (the installed `share/swxrisk/basemap`, or the source checkout's `datasets/basemap` for a binary in
/// the build tree). Not checked for existence.
[[nodiscard]] std::filesystem::path default_basemap_dir();

/// Reads `land_110m.geojson` (layer `land`) and `countries_110m.geojson` (layer `countries`) from `dir`.
/// Never throws: a missing folder or file, or one GDAL cannot read, gives an empty Basemap whose
/// `source` says why (the map is then drawn without it, and says so).
[[nodiscard]] Basemap load_basemap(const std::filesystem::path& dir);

}  // namespace swx::io
