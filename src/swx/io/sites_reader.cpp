// Sites reader: one OGR point or polygon layer -> candidate sites. The layer and CRS handling is the
// shared io/detail/ogr_layer.

#define SWX_IO_INTERNAL
#include <swx/io/sites_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/gpkg_table.hpp>
#include <swx/io/detail/id_index.hpp>
#include <swx/io/detail/ogr_layer.hpp>

#include <cpl_conv.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <utility>

namespace swx::io {

namespace {

using detail::OgrLayer;

constexpr const char* stage = "readers.sites";

/// A criticality's text (as OGR gives it, trimmed) as a number > 0; both read paths parse it here.
double criticality_from_text(const OgrLayer& layer, const std::string& text, const std::string& id) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value) || value <= 0.0) {
        layer.fail(id, "criticality", "expected a number > 0, got '" + text + "'");
    }
    return value;
}

/// criticality: a number > 0 (1 when the field is absent or null).
double criticality(const OgrLayer& layer, OGRFeatureH f, int index, const std::string& id) {
    if (OgrLayer::is_null(f, index)) {
        return 1.0;
    }
    return criticality_from_text(layer, OgrLayer::text(f, index), id);
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

/// The SQLite fast path for a sites layer in a GeoPackage file (detail/gpkg_table.hpp), or nullptr to
/// read it through OGR: id, name and supply_substations text or integer fields, criticality absent,
/// text or integer (a Real criticality is read as OGR formats it, so through OGR).
std::unique_ptr<detail::GpkgTable> fast_table(const OgrLayer& layer, std::initializer_list<int> used) {
    namespace fs = std::filesystem;
    if (lower(fs::path(layer.path()).extension().string()) != ".gpkg" || !fs::is_regular_file(layer.path())) {
        return nullptr;
    }
    OGRLayerH h = layer.handle();
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(h);
    const char* fid = OGR_L_GetFIDColumn(h);
    if (fid == nullptr || *fid == '\0' || OGR_FD_GetGeomFieldCount(defn) != 1 || *OGR_L_GetGeometryColumn(h) == '\0') {
        return nullptr;
    }
    std::vector<std::string> names;
    std::vector<detail::GpkgColumn> types(static_cast<std::size_t>(OGR_FD_GetFieldCount(defn)), detail::GpkgColumn::other);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        names.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    for (const int i : used) {
        if (i < 0) {
            continue;
        }
        switch (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i))) {
            case OFTString: types[static_cast<std::size_t>(i)] = detail::GpkgColumn::text; break;
            case OFTInteger: types[static_cast<std::size_t>(i)] = detail::GpkgColumn::integer; break;
            case OFTInteger64: types[static_cast<std::size_t>(i)] = detail::GpkgColumn::integer64; break;
            default: return nullptr;
        }
    }
    return detail::GpkgTable::open(layer.path(), OGR_L_GetName(h), fid, OGR_L_GetGeometryColumn(h), names, types);
}

/// A field of a plain row as OGR_F_GetFieldAsString gives it (untrimmed); "" for NULL.
std::string raw_text(const detail::GpkgTable& t, int i) {
    if (t.is_null(i)) {
        return {};
    }
    return t.type(i) == detail::GpkgColumn::text ? std::string(t.text(i)) : std::to_string(t.integer(i));
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
    const GIntBig expected = OGR_L_GetFeatureCount(layer.handle(), FALSE);
    sites.reserve(expected > 0 ? static_cast<std::size_t>(expected) : 0);
    detail::IdIndex ids(sites.capacity());
    auto read_feature = [&](OGRFeatureH f) {
        Site s;
        s.id = layer.required_id(f, f_id, "id");
        if (!ids.insert(s.id)) {
            layer.fail(s.id, "id", "duplicate id: another site has the same id");
        }
        s.name = OgrLayer::is_null(f, f_name) ? s.id : OgrLayer::text(f, f_name);
        if (!OgrLayer::is_null(f, f_supply)) {
            s.supply_substations = parse_supply_ids(OGR_F_GetFieldAsString(f, f_supply));
        }
        s.criticality = criticality(layer, f, f_crit, s.id);
        read_site_geometry(layer, OGR_F_GetGeometryRef(f), s);
        sites.push_back(std::move(s));
    };
    const auto table = fast_table(layer, {f_id, f_name, f_supply, f_crit});
    if (!table) {
        while (detail::FeaturePtr feature = layer.next()) {
            read_feature(feature.get());
        }
        return sites;
    }
    detail::GpkgGeometry point;
    while (table->next()) {
        const auto [blob, size] = table->plain() ? table->geometry() : std::pair<const unsigned char*, std::size_t>{nullptr, 0};
        if (blob == nullptr || !detail::decode_gpkg_geometry(blob, size, point) || point.kind != detail::GpkgGeometry::Kind::point) {
            // Not a plain row with a plain point: the feature as OGR reads it.
            const detail::FeaturePtr f(OGR_L_GetFeature(layer.handle(), table->fid()));
            if (!f) {
                layer.fail("FID " + std::to_string(table->fid()), "", "OGR cannot read this feature: " + std::string(CPLGetLastErrorMsg()));
            }
            read_feature(f.get());
            continue;
        }
        // As read_feature, for the same values.
        Site s;
        s.id = trim(raw_text(*table, f_id));
        if (s.id.empty()) {
            layer.fail("FID " + std::to_string(table->fid()), "id", "empty id");
        }
        if (!ids.insert(s.id)) {
            layer.fail(s.id, "id", "duplicate id: another site has the same id");
        }
        s.name = table->is_null(f_name) ? s.id : trim(raw_text(*table, f_name));
        if (!table->is_null(f_supply)) {
            s.supply_substations = parse_supply_ids(raw_text(*table, f_supply));
        }
        s.criticality = table->is_null(f_crit) ? 1.0 : criticality_from_text(layer, trim(raw_text(*table, f_crit)), s.id);
        s.location = layer.to_wgs84(point.x[0], point.y[0], s.id);
        sites.push_back(std::move(s));
    }
    return sites;
}

}  // namespace swx::io
