#pragma once
/// @file earth_regions_reader.hpp
/// Reads earth regions (polygons assigning a 1-D earth model to the ground) from any OGR datasource.
/// The format is documented in docs/earth-regions.md.

#include <swx/core/earth/earth_regions.hpp>
#include <swx/core/base/problems.hpp>

#include <string>

namespace swx::io {

/// Reads the earth regions of one polygon layer: the layer named `regions` if the datasource has
/// one, otherwise its first layer. Features keep their layer order (which decides overlaps).
///
/// Fields: `model` (text, required, non-empty: the 1-D earth model, e.g. "PT1"); `id` and `name`
/// (optional). Geometries must be Polygon or MultiPolygon (2-D; Z is dropped). Coordinates in any
/// CRS are transformed to WGS84 longitude/latitude with PROJ (vertex by vertex: edges stay straight
/// in lon/lat; rings stay whole across the antimeridian, see OgrLayer::ring_to_wgs84); a layer
/// without a CRS is taken as WGS84 with a `no_crs` warning. Invalid geometries are errors, never
/// repaired (docs/earth-regions.md).
/// @param[in] path a GeoJSON, GeoPackage, Shapefile, FlatGeobuf, ... datasource.
/// @param[out] problems receives warnings (`no_crs`, `duplicate_region_id`).
/// @throws InputError if the file cannot be opened, the layer is empty, the `model` field is missing
///         or a value empty, or a geometry is missing, not a polygon, empty, out of range, round a pole
///         or invalid (self-intersections, overlapping parts, ...); the message names the file, layer,
///         feature (id, or FID), field and the reason.
/// @throws CrsError if the layer's CRS cannot be transformed to WGS84.
[[nodiscard]] EarthRegions read_earth_regions(const std::string& path, ProblemSink& problems);

}  // namespace swx::io
