// Earth-regions reader: one OGR polygon layer -> swx::EarthRegions. Every feature is checked as it is
// read (model value, geometry type, coordinates, validity), so a bad feature is reported with its
// file, layer, id (or FID) and field before any region is used.
//
// The layer/CRS handling mirrors grid_reader.cpp (whose LayerReader is private to that file); if a
// third reader needs it, the two should move into a shared io/detail helper.

#define SWX_IO_INTERNAL
#include <swx/io/earth_regions_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <cmath>
#include <filesystem>
#include <unordered_set>
#include <utility>
#include <vector>

namespace swx::io {

namespace {

using detail::DatasetPtr;
using detail::FeaturePtr;
using detail::GeometryPtr;
using detail::SrsPtr;
using detail::TransformPtr;

constexpr const char* stage = "readers.earth_regions";

std::string trimmed_text(OGRFeatureH f, int index) {
    if (index < 0 || OGR_F_IsFieldSetAndNotNull(f, index) == 0) {
        return {};
    }
    std::string s = OGR_F_GetFieldAsString(f, index);
    const auto first = s.find_first_not_of(" \t\r\n");
    const auto last = s.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

class RegionLayer {
public:
    RegionLayer(std::string path, std::string name, OGRLayerH layer) : m_path(std::move(path)), m_name(std::move(name)), m_layer(layer) {
        const OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(m_layer);
        if (srs == nullptr) {
            m_no_crs = true;
            return;
        }
        const SrsPtr wgs84 = detail::make_wgs84();
        SrsPtr source(OSRClone(srs));
        OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRIsSame(source.get(), wgs84.get()) != 0) {
            return;
        }
        m_transform.reset(OCTNewCoordinateTransformation(source.get(), wgs84.get()));
        if (!m_transform) {
            const char* crs_name = OSRGetName(source.get());
            throw CrsError({stage, m_path, m_name, "", ""}, "cannot transform its CRS '" +
                                                                 std::string(crs_name != nullptr ? crs_name : "?") +
                                                                 "' to WGS84: " + CPLGetLastErrorMsg());
        }
    }

    [[nodiscard]] bool no_crs() const { return m_no_crs; }
    [[nodiscard]] std::string location() const { return m_path + "/" + m_name; }

    [[noreturn]] void fail(const std::string& feature, const std::string& field, const std::string& why) const {
        throw InputError({stage, m_path, m_name, feature, field}, why);
    }

    /// The ring's vertices in WGS84 lon/lat.
    void append_ring(OGRGeometryH ring, const std::string& feature, boost::geometry::model::ring<LonLatPoint>& out) const {
        const int n = OGR_G_GetPointCount(ring);
        std::vector<double> x(static_cast<std::size_t>(n));
        std::vector<double> y(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            const auto k = static_cast<std::size_t>(i);
            x[k] = OGR_G_GetX(ring, i);
            y[k] = OGR_G_GetY(ring, i);
            if (!std::isfinite(x[k]) || !std::isfinite(y[k])) {
                fail(feature, "geometry", "coordinates are NaN or infinite");
            }
        }
        if (m_transform && n > 0 &&
            OCTTransform(static_cast<OGRCoordinateTransformationH>(m_transform.get()), n, x.data(), y.data(), nullptr) == 0) {
            fail(feature, "geometry", "coordinates cannot be transformed to WGS84");
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || std::abs(y[i]) > 90.0 || std::abs(x[i]) > 540.0) {
                fail(feature, "geometry",
                     "coordinates out of range after transformation to WGS84 (lon " + std::to_string(x[i]) + ", lat " +
                         std::to_string(y[i]) + "): is the layer's CRS right?");
            }
            out.emplace_back(x[i], y[i]);
        }
    }

    LonLatPolygon polygon(OGRGeometryH g, const std::string& feature) const {
        LonLatPolygon p;
        const int rings = OGR_G_GetGeometryCount(g);
        for (int r = 0; r < rings; ++r) {
            if (r == 0) {
                append_ring(OGR_G_GetGeometryRef(g, r), feature, p.outer());
            } else {
                p.inners().emplace_back();
                append_ring(OGR_G_GetGeometryRef(g, r), feature, p.inners().back());
            }
        }
        return p;
    }

private:
    std::string m_path;
    std::string m_name;
    OGRLayerH m_layer = nullptr;
    TransformPtr m_transform;
    bool m_no_crs = false;
};

}  // namespace

EarthRegions read_earth_regions(const std::string& path, ProblemSink& problems) {
    ensure_gdal();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw InputError({stage, path, "", "", ""}, "no such file");
    }
    DatasetPtr dataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        throw InputError({stage, path, "", "", ""},
                         "cannot open as a vector datasource (GeoJSON, GeoPackage, ...): " + std::string(CPLGetLastErrorMsg()));
    }
    OGRLayerH layer = GDALDatasetGetLayerByName(dataset.get(), "regions");
    if (layer == nullptr) {
        if (GDALDatasetGetLayerCount(dataset.get()) < 1) {
            throw InputError({stage, path, "", "", ""}, "the datasource has no layers");
        }
        layer = GDALDatasetGetLayer(dataset.get(), 0);
    }
    const std::string layer_name = OGR_L_GetName(layer);
    const RegionLayer reader(path, layer_name, layer);
    if (OGR_L_GetFeatureCount(layer, TRUE) == 0) {
        reader.fail("", "", "layer has no features; at least one region polygon is required");
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int f_model = OGR_FD_GetFieldIndex(defn, "model");
    const int f_id = OGR_FD_GetFieldIndex(defn, "id");
    const int f_name = OGR_FD_GetFieldIndex(defn, "name");
    if (f_model < 0) {
        std::string found;
        for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
            found += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        }
        reader.fail("", "model", "required field is missing (fields found: " + (found.empty() ? "none" : found) + ")");
    }
    if (reader.no_crs()) {
        problems.warn("no_crs", "", reader.location(), "layer has no CRS; coordinates are taken as WGS84 lon/lat");
    }

    std::vector<EarthRegion> regions;
    std::unordered_set<std::string> ids;
    OGR_L_ResetReading(layer);
    while (FeaturePtr feature{OGR_L_GetNextFeature(layer)}) {
        OGRFeatureH f = feature.get();
        EarthRegion r;
        r.id = trimmed_text(f, f_id);
        r.name = trimmed_text(f, f_name);
        r.model = trimmed_text(f, f_model);
        const std::string label = r.id.empty() ? "FID " + std::to_string(OGR_F_GetFID(f)) : r.id;
        if (r.model.empty()) {
            reader.fail(label, "model", "value is empty; the name of a 1-D earth model is required (e.g. PT1)");
        }
        if (!r.id.empty() && !ids.insert(r.id).second) {
            problems.warn("duplicate_region_id", r.id, reader.location(), "another region in this layer has the same id");
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g == nullptr) {
            reader.fail(label, "geometry", "geometry is missing; a Polygon or MultiPolygon is required");
        }
        const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            reader.fail(label, "geometry", std::string("expected a Polygon or MultiPolygon, got ") + OGR_G_GetGeometryName(g));
        }
        if (OGR_G_IsEmpty(g) != 0) {
            reader.fail(label, "geometry", "geometry is empty");
        }
        auto collect = [&](OGRGeometryH geometry, LonLatMultiPolygon& area) {
            const auto kind = wkbFlatten(OGR_G_GetGeometryType(geometry));
            if (kind == wkbPolygon) {
                area.push_back(reader.polygon(geometry, label));
                return;
            }
            for (int i = 0; i < OGR_G_GetGeometryCount(geometry); ++i) {  // multi-polygon or collection
                OGRGeometryH part = OGR_G_GetGeometryRef(geometry, i);
                if (wkbFlatten(OGR_G_GetGeometryType(part)) == wkbPolygon) {
                    area.push_back(reader.polygon(part, label));
                }
            }
        };
        collect(g, r.area);
        if (const std::string why = correct_region_area(r.area); !why.empty()) {
            // Digitised region maps often carry small self-intersections: repair them the way GIS tools
            // do (GEOS MakeValid, through GDAL), with a warning, and fail only if that does not help.
            GeometryPtr repaired(OGR_G_MakeValid(g));
            LonLatMultiPolygon area;
            if (repaired) {
                collect(static_cast<OGRGeometryH>(repaired.get()), area);
            }
            if (!repaired || area.empty() || !correct_region_area(area).empty()) {
                reader.fail(label, "geometry", why);
            }
            problems.warn("region_repaired", label, reader.location(), why + "; repaired (GEOS MakeValid)");
            r.area = std::move(area);
        }
        regions.push_back(std::move(r));
    }
    return EarthRegions(std::move(regions));
}

}  // namespace swx::io
