#pragma once
/// @file sites_reader.hpp
/// Candidate sites from any OGR source (docs/scenario-format.md): points or polygons with `id`,
/// `name`, optional `supply_substations` (comma-separated substation ids) and `criticality` (> 0).

#include <swx/core/exposure/site.hpp>
#include <swx/core/network/network.hpp>
#include <swx/core/base/problems.hpp>

#include <string>
#include <vector>

namespace swx::io {

/// Reads the layer named `sites`, else the first layer. Any CRS is transformed to WGS84; longitudes
/// are normalised to [-180, 180). A Polygon or MultiPolygon site keeps the exterior ring of every part
/// (Site::outlines) and its centroid on the sphere (spherical_centroid), so a site split at or drawn
/// across the antimeridian is placed there, not at longitude 0.
/// @throws InputError naming the file, layer, feature and field for a missing `id`, a duplicate id,
///         a geometry that is not a point or polygon or has NaN coordinates, a criticality that is not
///         a number > 0, or an empty layer.
[[nodiscard]] std::vector<Site> read_sites(const std::string& path, ProblemSink& problems);

}  // namespace swx::io
