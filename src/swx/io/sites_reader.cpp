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

/// A point site's location; a polygon site's exterior ring (of its first polygon) and centroid.
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
        OGRGeometryH poly = type == wkbPolygon ? g : OGR_G_GetGeometryRef(g, 0);
        s.outline = layer.vertices_to_wgs84(OGR_G_GetGeometryRef(poly, 0), s.id);
        detail::GeometryPtr centroid(OGR_G_CreateGeometry(wkbPoint));
        const auto c = static_cast<OGRGeometryH>(centroid.get());
        if (OGR_G_Centroid(g, c) != OGRERR_NONE) {
            layer.fail(s.id, "geometry", "cannot compute the polygon's centroid (invalid polygon?)");
        }
        s.location = layer.to_wgs84(OGR_G_GetX(c, 0), OGR_G_GetY(c, 0), s.id);
    } else {
        layer.fail(s.id, "geometry", std::string("expected a Point or Polygon, got ") + OGR_G_GetGeometryName(g));
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
