// Sites reader: one OGR point or polygon layer -> candidate sites. The layer and CRS handling is the
// shared io/detail/ogr_layer.

#define SWX_IO_INTERNAL
#include <swx/io/sites_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/ogr_layer.hpp>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <unordered_set>

namespace swx::io {

namespace {

using detail::OgrLayer;

constexpr const char* stage = "readers.sites";

/// criticality: a number > 0 (1 when the field is absent or null).
double criticality(const OgrLayer& layer, OGRFeatureH f, int index, const std::string& id) {
    if (OgrLayer::is_null(f, index)) {
        return 1.0;
    }
    const std::string text = OgrLayer::text(f, index);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value) || value <= 0.0) {
        layer.fail(id, "criticality", "expected a number > 0, got '" + text + "'");
    }
    return value;
}

/// One Polygon of a site: its rings in WGS84 (each kept whole across the antimeridian).
SitePolygon read_polygon(const OgrLayer& layer, OGRGeometryH poly, const std::string& id) {
    SitePolygon rings;
    std::optional<double> outer_lon;
    for (int r = 0; r < OGR_G_GetGeometryCount(poly); ++r) {
        rings.push_back(layer.ring_to_wgs84(OGR_G_GetGeometryRef(poly, r), id, outer_lon));
        if (r == 0 && !rings.front().empty()) {
            outer_lon = rings.front().front().lon_deg;
        }
    }
    return rings;
}

/// A point site's location; a polygon site's exterior rings (one per part) and centroid on the sphere.
/// Output longitudes are normalised to [-180, 180).
void read_site_geometry(const OgrLayer& layer, OGRGeometryH g, Site& s) {
    if (g == nullptr) {
        layer.fail(s.id, "geometry", "geometry is missing; a Point or Polygon is required");
    }
    if (OGR_G_IsEmpty(g) != 0) {
        layer.fail(s.id, "geometry", "geometry is empty or has NaN coordinates");
    }
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type == wkbPoint) {
        s.location = layer.to_wgs84(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), s.id);
    } else if (type == wkbPolygon || type == wkbMultiPolygon) {
        std::vector<SitePolygon> parts;
        if (type == wkbPolygon) {
            parts.push_back(read_polygon(layer, g, s.id));
        } else {
            for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
                OGRGeometryH part = OGR_G_GetGeometryRef(g, i);
                if (OGR_G_IsEmpty(part) == 0) {
                    parts.push_back(read_polygon(layer, part, s.id));
                }
            }
        }
        for (const SitePolygon& part : parts) {
            if (part.empty() || part.front().size() < 3) {
                layer.fail(s.id, "geometry", "a polygon part has fewer than 3 vertices");
            }
            std::vector<GeoPoint>& outline = s.outlines.emplace_back(part.front());
            for (GeoPoint& p : outline) {
                p.lon_deg = detail::normalized_lon_deg(p.lon_deg);
            }
        }
        s.location = spherical_centroid(parts);
        if (!s.location.valid()) {
            layer.fail(s.id, "geometry", "cannot compute the polygon's centroid: the polygon has no area");
        }
    } else {
        layer.fail(s.id, "geometry", std::string("expected a Point, Polygon or MultiPolygon, got ") + OGR_G_GetGeometryName(g));
    }
}

}  // namespace

std::vector<Site> read_sites(const std::string& path, ProblemSink& problems) {
    const OgrLayer layer = detail::open_layer(stage, path, "sites");
    layer.require_features();
    const int f_id = layer.required_field("id");
    const int f_name = layer.field("name");
    const int f_supply = layer.field("supply_substations");
    const int f_crit = layer.field("criticality");
    layer.warn_if_no_crs(problems);

    std::vector<Site> sites;
    std::unordered_set<std::string> ids;
    while (detail::FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Site s;
        s.id = layer.required_id(f, f_id, "id");
        if (!ids.insert(s.id).second) {
            layer.fail(s.id, "id", "duplicate id: another site has the same id");
        }
        s.name = OgrLayer::is_null(f, f_name) ? s.id : OgrLayer::text(f, f_name);
        if (!OgrLayer::is_null(f, f_supply)) {
            s.supply_substations = parse_supply_ids(OGR_F_GetFieldAsString(f, f_supply));
        }
        s.criticality = criticality(layer, f, f_crit, s.id);
        read_site_geometry(layer, OGR_F_GetGeometryRef(f), s);
        sites.push_back(std::move(s));
    }
    return sites;
}

}  // namespace swx::io
