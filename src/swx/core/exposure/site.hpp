#pragma once
/// @file site.hpp
/// A candidate site: a point or a polygon, what supplies it (if known) and how much it matters.

#include <swx/core/network/network.hpp>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <swx/core/base/text.hpp>

namespace swx {

/// One candidate site (docs/scenario-format.md). Read by swx/io/sites_reader.hpp or built by callers.
struct Site {
    std::string id;
    std::string name;
    /// The exterior ring of each part of a polygon site (one for a Polygon, one per part of a
    /// MultiPolygon; empty for a point site). Every vertex of every part is evaluated.
    std::vector<std::vector<GeoPoint>> outlines;
    GeoPoint location;  ///< the point, or the polygon's centroid on the sphere (spherical_centroid)
    std::vector<std::string> supply_substations;  ///< ids of the substations known to supply it (trimmed)
    double criticality = 1.0;       ///< > 0: weight of the site in ties of the ranking
};

/// One part of a polygon site: its exterior ring, then its holes (WGS84 lon/lat; any longitude branch).
using SitePolygon = std::vector<std::vector<GeoPoint>>;

/// The area-weighted centroid of polygons on the sphere, longitude in [-180, 180).
///
/// Each ring is fanned into triangles of unit vectors from its first vertex; a triangle's weight is
/// its (planar, chord) area and its centre the mean of its corners. Exteriors add and holes subtract,
/// whatever the rings' orientation; the normalised weighted sum is the centroid. Edges are therefore
/// great-circle arcs, which makes the result independent of longitude wrapping: a site split at the
/// antimeridian (RFC 7946) or drawn across it has its centroid at ±180°, not at 0°. For sites (a few
/// km) the chord areas differ from spherical excess by far less than rounding of the coordinates.
/// @return an invalid GeoPoint (NaN) when the polygons have no area (degenerate or antipodal parts).
[[nodiscard]] GeoPoint spherical_centroid(const std::vector<SitePolygon>& polygons);

/// The ids in a `supply_substations` field: comma-separated, each trimmed, empty entries dropped.
/// The one rule for sites files and for sites built in code (Python).
[[nodiscard]] inline std::vector<std::string> parse_supply_ids(std::string_view field) {
    std::vector<std::string> ids;
    std::stringstream ss{std::string(field)};
    for (std::string part; std::getline(ss, part, ',');) {
        if (std::string id = trim(part); !id.empty()) {
            ids.push_back(std::move(id));
        }
    }
    return ids;
}

}  // namespace swx
