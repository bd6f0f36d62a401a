#pragma once
/// @file site.hpp
/// A candidate site: a point or a polygon, what supplies it (if known) and how much it matters.

#include <swx/core/network/network.hpp>

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

/// The ids in a `supply_substations` field: comma-separated, each trimmed, empty entries dropped. An id
/// that itself contains a comma is written in CSV-style double quotes (`"A,1", B` is A,1 and B; `""`
/// inside quotes is one `"`). The one rule for sites files and for sites built in code (Python).
[[nodiscard]] inline std::vector<std::string> parse_supply_ids(std::string_view field) {
    std::vector<std::string> ids;
    std::string part;
    bool quoted = false;     // inside "..."
    bool was_quoted = false;  // this entry had quotes: keep its inner spaces as written
    auto flush = [&] {
        if (std::string id = was_quoted ? part : trim(part); !id.empty()) {
            ids.push_back(std::move(id));
        }
        part.clear();
        was_quoted = false;
    };
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (quoted) {
            if (c == '"' && i + 1 < field.size() && field[i + 1] == '"') {
                part += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                part += c;
            }
        } else if (c == '"' && trim(part).empty()) {
            part.clear();
            quoted = was_quoted = true;
        } else if (c == ',') {
            flush();
        } else if (!(was_quoted && (c == ' ' || c == '\t'))) {
            part += c;
        }
    }
    flush();
    return ids;
}

/// The inverse of parse_supply_ids: ids joined with commas, an id containing a comma or a quote (or
/// starting or ending with a space) in CSV-style double quotes.
[[nodiscard]] inline std::string format_supply_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
        out += out.empty() ? "" : ",";
        const bool quote = id.find_first_of(",\"") != std::string::npos || (!id.empty() && (id.front() == ' ' || id.back() == ' '));
        if (!quote) {
            out += id;
            continue;
        }
        out += '"';
        for (const char c : id) {
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        out += '"';
    }
    return out;
}

}  // namespace swx
