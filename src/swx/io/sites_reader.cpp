#define SWX_IO_INTERNAL
#include <swx/io/sites_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <unordered_set>

namespace swx::io {

namespace {
constexpr const char* stage = "readers.sites";

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t");
    const auto b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}
}  // namespace

std::vector<Site> read_sites(const std::string& path, ProblemSink& problems) {
    ensure_gdal();
    detail::DatasetPtr ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) {
        throw InputError({stage, path, "", "", ""}, "cannot open as a vector datasource: " + std::string(CPLGetLastErrorMsg()));
    }
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "sites");
    if (layer == nullptr) {
        layer = GDALDatasetGetLayer(ds.get(), 0);
    }
    if (layer == nullptr) {
        throw InputError({stage, path, "", "", ""}, "no layer found");
    }
    const std::string layer_name = OGR_L_GetName(layer);
    auto fail = [&](const std::string& feature, const std::string& field, const std::string& why) {
        throw InputError({stage, path, layer_name, feature, field}, why);
    };
    if (OGR_L_GetFeatureCount(layer, TRUE) == 0) {
        fail("", "", "layer has no features");
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int f_id = OGR_FD_GetFieldIndex(defn, "id");
    const int f_name = OGR_FD_GetFieldIndex(defn, "name");
    const int f_supply = OGR_FD_GetFieldIndex(defn, "supply_substations");
    const int f_crit = OGR_FD_GetFieldIndex(defn, "criticality");
    if (f_id < 0) {
        fail("", "id", "required field is missing");
    }
    detail::TransformPtr transform;
    const OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs == nullptr) {
        problems.warn("no_crs", "", path, "sites layer has no CRS; coordinates are taken as WGS84 lon/lat");
    } else {
        const detail::SrsPtr wgs84 = detail::make_wgs84();
        detail::SrsPtr source(OSRClone(srs));
        OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRIsSame(source.get(), wgs84.get()) == 0) {
            transform.reset(OCTNewCoordinateTransformation(source.get(), wgs84.get()));
            if (!transform) {
                throw CrsError({stage, path, layer_name, "", ""}, "cannot transform the layer's CRS to WGS84");
            }
        }
    }
    auto to_wgs84 = [&](double x, double y, const std::string& id) {
        if (!std::isfinite(x) || !std::isfinite(y)) {
            fail(id, "geometry", "coordinates are NaN or infinite");
        }
        if (transform && OCTTransform(static_cast<OGRCoordinateTransformationH>(transform.get()), 1, &x, &y, nullptr) == 0) {
            fail(id, "geometry", "coordinates cannot be transformed to WGS84");
        }
        if (std::abs(y) > 90.0 || std::abs(x) > 360.0) {
            fail(id, "geometry", "coordinates out of range for WGS84 (is the layer's CRS right?)");
        }
        return GeoPoint{x, y};
    };

    std::vector<Site> sites;
    std::unordered_set<std::string> ids;
    OGR_L_ResetReading(layer);
    while (detail::FeaturePtr feature{OGR_L_GetNextFeature(layer)}) {
        OGRFeatureH f = static_cast<OGRFeatureH>(feature.get());
        Site s;
        s.id = OGR_F_IsFieldSetAndNotNull(f, f_id) ? trim(OGR_F_GetFieldAsString(f, f_id)) : "";
        if (s.id.empty()) {
            fail("FID " + std::to_string(OGR_F_GetFID(f)), "id", "empty id");
        }
        if (!ids.insert(s.id).second) {
            fail(s.id, "id", "duplicate id: another site has the same id");
        }
        s.name = f_name >= 0 && OGR_F_IsFieldSetAndNotNull(f, f_name) ? trim(OGR_F_GetFieldAsString(f, f_name)) : s.id;
        if (f_supply >= 0 && OGR_F_IsFieldSetAndNotNull(f, f_supply)) {
            std::stringstream ss(OGR_F_GetFieldAsString(f, f_supply));
            for (std::string part; std::getline(ss, part, ',');) {
                if (!trim(part).empty()) {
                    s.supply_substations.push_back(trim(part));
                }
            }
        }
        if (f_crit >= 0 && OGR_F_IsFieldSetAndNotNull(f, f_crit)) {
            const std::string text = trim(OGR_F_GetFieldAsString(f, f_crit));
            char* end = nullptr;
            s.criticality = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !std::isfinite(s.criticality) || s.criticality <= 0.0) {
                fail(s.id, "criticality", "expected a number > 0, got '" + text + "'");
            }
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g == nullptr) {
            fail(s.id, "geometry", "geometry is missing; a Point or Polygon is required");
        }
        if (OGR_G_IsEmpty(g) != 0) {
            fail(s.id, "geometry", "geometry is empty or has NaN coordinates");
        }
        const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
        if (type == wkbPoint) {
            s.location = to_wgs84(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), s.id);
        } else if (type == wkbPolygon || type == wkbMultiPolygon) {
            OGRGeometryH poly = type == wkbPolygon ? g : OGR_G_GetGeometryRef(g, 0);
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, 0);
            for (int i = 0; i < OGR_G_GetPointCount(ring); ++i) {
                s.outline.push_back(to_wgs84(OGR_G_GetX(ring, i), OGR_G_GetY(ring, i), s.id));
            }
            detail::GeometryPtr centroid(OGR_G_CreateGeometry(wkbPoint));
            if (OGR_G_Centroid(g, static_cast<OGRGeometryH>(centroid.get())) != OGRERR_NONE) {
                fail(s.id, "geometry", "cannot compute the polygon's centroid (invalid polygon?)");
            }
            s.location = to_wgs84(OGR_G_GetX(static_cast<OGRGeometryH>(centroid.get()), 0),
                                  OGR_G_GetY(static_cast<OGRGeometryH>(centroid.get()), 0), s.id);
        } else {
            fail(s.id, "geometry", std::string("expected a Point or Polygon, got ") + OGR_G_GetGeometryName(g));
        }
        sites.push_back(std::move(s));
    }
    return sites;
}

}  // namespace swx::io
