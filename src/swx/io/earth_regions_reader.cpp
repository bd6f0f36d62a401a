// Earth-regions reader: one OGR polygon layer -> swx::EarthRegions. Every feature is checked as it is
// read (model value, geometry type, coordinates, validity), so a bad feature is reported with its
// file, layer, id (or FID) and field before any region is used. The layer and CRS handling is the
// shared io/detail/ogr_layer.

#define SWX_IO_INTERNAL
#include <swx/io/earth_regions_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/ogr_layer.hpp>

#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

namespace swx::io {

namespace {

using detail::FeaturePtr;
using detail::OgrLayer;

constexpr const char* stage = "readers.earth_regions";

/// One polygon in WGS84 lon/lat: the exterior ring, then the holes. Rings stay whole across the
/// antimeridian (OgrLayer::ring_to_wgs84); holes follow their exterior ring's longitudes.
LonLatPolygon read_polygon(const OgrLayer& layer, OGRGeometryH g, const std::string& feature) {
    LonLatPolygon p;
    const int rings = OGR_G_GetGeometryCount(g);
    std::optional<double> outer_lon;
    for (int r = 0; r < rings; ++r) {
        auto& ring = r == 0 ? p.outer() : p.inners().emplace_back();
        const std::vector<GeoPoint> vertices = layer.ring_to_wgs84(OGR_G_GetGeometryRef(g, r), feature, outer_lon);
        if (r == 0 && !vertices.empty()) {
            outer_lon = vertices.front().lon_deg;
        }
        for (const GeoPoint& v : vertices) {
            ring.emplace_back(v.lon_deg, v.lat_deg);
        }
    }
    return p;
}

/// The polygons of a Polygon, MultiPolygon or collection (other parts are skipped).
LonLatMultiPolygon read_area(const OgrLayer& layer, OGRGeometryH g, const std::string& feature) {
    LonLatMultiPolygon area;
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon) {
        area.push_back(read_polygon(layer, g, feature));
        return area;
    }
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
        OGRGeometryH part = OGR_G_GetGeometryRef(g, i);
        if (wkbFlatten(OGR_G_GetGeometryType(part)) == wkbPolygon) {
            area.push_back(read_polygon(layer, part, feature));
        }
    }
    return area;
}

/// The feature's geometry as a valid area. An invalid geometry is an error: it is never "repaired"
/// (GEOS MakeValid turns the overlap of two MultiPolygon parts into a hole, so ground inside both would
/// silently get no earth model), the user repairs it knowing which area is meant.
LonLatMultiPolygon region_area(const OgrLayer& layer, OGRGeometryH g, const std::string& label) {
    if (g == nullptr) {
        layer.fail(label, "geometry", "geometry is missing; a Polygon or MultiPolygon is required");
    }
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type != wkbPolygon && type != wkbMultiPolygon) {
        layer.fail(label, "geometry", std::string("expected a Polygon or MultiPolygon, got ") + OGR_G_GetGeometryName(g));
    }
    if (OGR_G_IsEmpty(g) != 0) {
        layer.fail(label, "geometry", "geometry is empty");
    }
    LonLatMultiPolygon area = read_area(layer, g, label);
    if (const std::string why = correct_region_area(area); !why.empty()) {
        layer.fail(label, "geometry",
                   why + "; repair it in a GIS keeping the area you mean (overlapping parts of a MultiPolygon: "
                         "dissolve them into one polygon, or make them separate features)");
    }
    return area;
}

}  // namespace

EarthRegions read_earth_regions(const std::string& path, ProblemSink& problems) {
    const OgrLayer layer = detail::open_layer(stage, path, "regions");
    layer.require_features("layer has no features; at least one region polygon is required");
    const int f_model = layer.required_field("model");
    const int f_id = layer.field("id");
    const int f_name = layer.field("name");
    layer.warn_if_no_crs(problems);

    std::vector<EarthRegion> regions;
    std::unordered_set<std::string> ids;
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        EarthRegion r;
        r.id = OgrLayer::text(f, f_id);
        r.name = OgrLayer::text(f, f_name);
        r.model = OgrLayer::text(f, f_model);
        const std::string label = r.id.empty() ? OgrLayer::fid_label(f) : r.id;
        if (r.model.empty()) {
            layer.fail(label, "model", "value is empty; the name of a 1-D earth model is required (e.g. PT1)");
        }
        if (!r.id.empty() && !ids.insert(r.id).second) {
            problems.warn("duplicate_region_id", r.id, layer.location(), "another region in this layer has the same id");
        }
        r.area = region_area(layer, OGR_F_GetGeometryRef(f), label);
        regions.push_back(std::move(r));
    }
    return EarthRegions(std::move(regions));
}

}  // namespace swx::io
