#define SWX_IO_INTERNAL
#include <swx/io/detail/ogr_layer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>

namespace swx::io::detail {

DatasetPtr open_vector_source(const char* stage, const std::string& path) {
    ensure_gdal();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw InputError({stage, path, "", "", ""}, "no such file");
    }
    DatasetPtr dataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        throw InputError({stage, path, "", "", ""}, "cannot open as a vector datasource (GeoPackage, GeoJSON, ...): " +
                                                        std::string(CPLGetLastErrorMsg()));
    }
    return dataset;
}

OGRLayerH layer_by_name_or_first(GDALDatasetH dataset, const char* name, const char* stage, const std::string& path) {
    OGRLayerH layer = GDALDatasetGetLayerByName(dataset, name);
    if (layer == nullptr) {
        if (GDALDatasetGetLayerCount(dataset) < 1) {
            throw InputError({stage, path, "", "", ""}, "the datasource has no layers");
        }
        layer = GDALDatasetGetLayer(dataset, 0);
    }
    return layer;
}

OgrLayer open_layer(const char* stage, const std::string& path, const char* preferred_name) {
    DatasetPtr dataset = open_vector_source(stage, path);
    OGRLayerH layer = layer_by_name_or_first(dataset.get(), preferred_name, stage, path);
    return OgrLayer(stage, path, OGR_L_GetName(layer), layer, std::move(dataset));
}

OgrLayer::OgrLayer(const char* stage, std::string path, std::string name, OGRLayerH layer, DatasetPtr owned)
    : m_owned(std::move(owned)), m_stage(stage), m_path(std::move(path)), m_name(std::move(name)), m_layer(layer) {
    m_defn = OGR_L_GetLayerDefn(m_layer);
    const OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(m_layer);
    if (srs == nullptr) {
        m_has_crs = false;
        return;
    }
    const SrsPtr wgs84 = make_wgs84();
    SrsPtr source(OSRClone(srs));
    OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
    m_geographic = OSRIsGeographic(source.get()) != 0 && std::abs(OSRGetAngularUnits(source.get(), nullptr) - std::numbers::pi / 180.0) < 1e-12;
    if (OSRIsSame(source.get(), wgs84.get()) != 0) {
        return;
    }
    m_transform.reset(OCTNewCoordinateTransformation(source.get(), wgs84.get()));
    if (!m_transform) {
        const char* crs_name = OSRGetName(source.get());
        throw CrsError({m_stage, m_path, m_name, "", ""}, "cannot transform its CRS '" +
                                                              std::string(crs_name != nullptr ? crs_name : "?") +
                                                              "' to WGS84: " + CPLGetLastErrorMsg());
    }
}

void OgrLayer::fail(const std::string& feature, const std::string& field, const std::string& why) const {
    throw InputError({m_stage, m_path, m_name, feature, field}, why);
}

void OgrLayer::warn_if_no_crs(ProblemSink& problems) const {
    if (!m_has_crs) {
        problems.warn("no_crs", "", location(), "layer has no CRS; coordinates are taken as WGS84 lon/lat");
    }
}

void OgrLayer::require_features(const std::string& why) const {
    OGR_L_ResetReading(m_layer);
    const bool empty = !FeaturePtr(OGR_L_GetNextFeature(m_layer));
    OGR_L_ResetReading(m_layer);
    if (empty) {
        fail("", "", why);
    }
}

int OgrLayer::field(const char* name) const { return OGR_FD_GetFieldIndex(m_defn, name); }

int OgrLayer::required_field(const char* name) const {
    const int index = field(name);
    if (index < 0) {
        std::string found;
        for (int i = 0; i < OGR_FD_GetFieldCount(m_defn); ++i) {
            found += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(m_defn, i)));
        }
        fail("", name, "required field is missing (fields found: " + (found.empty() ? "none" : found) + ")");
    }
    return index;
}

bool OgrLayer::is_null(OGRFeatureH f, int index) { return index < 0 || OGR_F_IsFieldSetAndNotNull(f, index) == 0; }

std::string OgrLayer::text(OGRFeatureH f, int index) {
    return is_null(f, index) ? std::string() : trim(OGR_F_GetFieldAsString(f, index));
}

std::string OgrLayer::fid_label(OGRFeatureH f) { return "FID " + std::to_string(OGR_F_GetFID(f)); }

std::string OgrLayer::required_id(OGRFeatureH f, int index, const char* field_name) const {
    std::string id = text(f, index);
    if (id.empty()) {
        fail(fid_label(f), field_name, "empty id");
    }
    return id;
}

std::optional<double> OgrLayer::number(OGRFeatureH f, int index, const std::string& id, const char* field_name) const {
    if (is_null(f, index)) {
        return std::nullopt;
    }
    const OGRFieldType type = OGR_Fld_GetType(OGR_FD_GetFieldDefn(m_defn, index));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        return OGR_F_GetFieldAsDouble(f, index);
    }
    return number_from_text(text(f, index), id, field_name);
}

std::optional<double> OgrLayer::number_from_text(const std::string& s, const std::string& id, const char* field_name) const {
    if (s.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || errno == ERANGE) {
        fail(id, field_name, "expected a number, got '" + s + "'");
    }
    return v;
}

double OgrLayer::required_number(OGRFeatureH f, int index, const std::string& id, const char* field_name) const {
    const auto v = number(f, index, id, field_name);
    if (!v) {
        fail(id, field_name, "value is empty; a number is required");
    }
    return *v;
}

bool OgrLayer::flag(OGRFeatureH f, int index, const std::string& id, const char* field_name) const {
    const std::string s = lower(text(f, index));
    if (s.empty() || s == "0" || s == "no" || s == "false" || s == "n" || s == "f" || s == "0.0") {
        return false;
    }
    if (s == "1" || s == "yes" || s == "true" || s == "y" || s == "t" || s == "1.0") {
        return true;
    }
    fail(id, field_name, "expected 0 or 1 (or yes/no, true/false), got '" + s + "'");
}

void OgrLayer::check_vertex(double x, double y, const std::string& feature) const {
    if (!std::isfinite(x) || !std::isfinite(y) || std::abs(y) > 90.0 || std::abs(x) > 540.0) {
        fail(feature, "geometry",
             "coordinates out of range after transformation to WGS84 (lon " + swx::format_number(x) + ", lat " +
                 swx::format_number(y) + "): is the layer's CRS right?");
    }
}

GeoPoint OgrLayer::to_wgs84(double x, double y, const std::string& feature) const {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        fail(feature, "geometry", "coordinates are NaN or infinite");
    }
    if (m_transform &&
        OCTTransform(static_cast<OGRCoordinateTransformationH>(m_transform.get()), 1, &x, &y, nullptr) == 0) {
        fail(feature, "geometry", "coordinates cannot be transformed to WGS84");
    }
    check_vertex(x, y, feature);
    return {normalized_lon_deg(x), y};
}

double normalized_lon_deg(double lon_deg) {
    const double lon = std::fmod(lon_deg + 180.0, 360.0);
    return (lon < 0.0 ? lon + 360.0 : lon) - 180.0;
}

std::vector<GeoPoint> OgrLayer::ring_to_wgs84(OGRGeometryH ring, const std::string& feature,
                                              std::optional<double> near_lon_deg) const {
    std::vector<GeoPoint> out = vertices_to_wgs84(ring, feature);
    if (out.empty() || !m_transform) {
        return out;  // no transformation: the source longitudes as given
    }
    if (m_geographic) {
        for (std::size_t i = 0; i < out.size(); ++i) {
            const double given = OGR_G_GetX(ring, static_cast<int>(i));
            out[i].lon_deg += 360.0 * std::round((given - out[i].lon_deg) / 360.0);
        }
        return out;
    }
    if (near_lon_deg) {
        out[0].lon_deg = *near_lon_deg + std::remainder(out[0].lon_deg - *near_lon_deg, 360.0);
    }
    for (std::size_t i = 1; i < out.size(); ++i) {
        out[i].lon_deg = out[i - 1].lon_deg + std::remainder(out[i].lon_deg - out[i - 1].lon_deg, 360.0);
    }
    if (out.size() > 1 && std::abs(out.back().lon_deg - out.front().lon_deg) > 180.0 &&
        std::abs(std::remainder(out.back().lon_deg - out.front().lon_deg, 360.0)) < 1e-6) {
        fail(feature, "geometry",
             "the ring goes round a pole (its longitudes span 360 degrees); polygons containing a pole are not "
             "supported, split it at a meridian");
    }
    for (const GeoPoint& p : out) {
        check_vertex(p.lon_deg, p.lat_deg, feature);
    }
    return out;
}

std::vector<GeoPoint> OgrLayer::vertices_to_wgs84(OGRGeometryH g, const std::string& feature) const {
    const int n = OGR_G_GetPointCount(g);
    std::vector<double> x(static_cast<std::size_t>(n));
    std::vector<double> y(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        x[k] = OGR_G_GetX(g, i);
        y[k] = OGR_G_GetY(g, i);
    }
    return vertices_to_wgs84(std::move(x), std::move(y), feature);
}

std::vector<GeoPoint> OgrLayer::vertices_to_wgs84(std::vector<double> x, std::vector<double> y, const std::string& feature) const {
    const int n = static_cast<int>(x.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
        if (!std::isfinite(x[k]) || !std::isfinite(y[k])) {
            fail(feature, "geometry", "coordinates are NaN or infinite");
        }
    }
    if (m_transform && n > 0 &&
        OCTTransform(static_cast<OGRCoordinateTransformationH>(m_transform.get()), n, x.data(), y.data(), nullptr) == 0) {
        fail(feature, "geometry", "coordinates cannot be transformed to WGS84");
    }
    std::vector<GeoPoint> out;
    out.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        check_vertex(x[i], y[i], feature);
        out.push_back({x[i], y[i]});
    }
    return out;
}

}  // namespace swx::io::detail
