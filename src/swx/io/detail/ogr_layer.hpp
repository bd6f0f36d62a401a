#pragma once
// The one OGR layer reader of swx::io, shared by the grid, sites and earth-regions readers: opening a
// vector datasource, picking its layer, the CRS -> WGS84 transformation, field lookup with the
// "required field is missing (fields found: ...)" message, trimmed text and number fields, "FID n"
// labels, the empty-layer check, and one vertex rule (finite, and |lon| <= 540, |lat| <= 90 after the
// transformation). Errors carry the reader's stage, the path, the layer, the feature and the field.
// Private to swx::io.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <swx/core/base/problems.hpp>
#include <swx/core/network/network.hpp>
#include <swx/io/detail/gdal_handles.hpp>

#include <optional>
#include <string>
#include <vector>

namespace swx::io::detail {

/// Opens `path` read-only as a vector datasource.
/// @throws InputError "no such file" if the path does not exist, or "cannot open as a vector datasource
///         (...): <GDAL message>".
[[nodiscard]] DatasetPtr open_vector_source(const char* stage, const std::string& path);

/// The layer called `name`, else the dataset's first layer.
/// @throws InputError "the datasource has no layers".
[[nodiscard]] OGRLayerH layer_by_name_or_first(GDALDatasetH dataset, const char* name, const char* stage,
                                               const std::string& path);

class OgrLayer;

/// open_vector_source(), then layer_by_name_or_first(), as a layer that owns its dataset.
/// @throws InputError and CrsError as those functions and the OgrLayer constructor.
[[nodiscard]] OgrLayer open_layer(const char* stage, const std::string& path, const char* preferred_name);

/// One OGR layer, its transformation to WGS84 lon/lat and the context for its error messages.
/// The layer handle belongs to a dataset that must outlive this object (or is passed in to own).
class OgrLayer {
public:
    /// @param[in] name the layer's name in messages (the grid reader names a folder's file layers
    ///            after their role).
    /// @throws CrsError "cannot transform its CRS '<name>' to WGS84: <GDAL message>".
    OgrLayer(const char* stage, std::string path, std::string name, OGRLayerH layer, DatasetPtr owned = nullptr);

    [[nodiscard]] bool has_crs() const { return m_has_crs; }
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    /// "path/layer", the location of problem reports.
    [[nodiscard]] std::string location() const { return m_path + "/" + m_name; }

    [[noreturn]] void fail(const std::string& feature, const std::string& field, const std::string& why) const;

    /// Warns `no_crs` at location() when the layer has no CRS (its coordinates are taken as WGS84).
    void warn_if_no_crs(ProblemSink& problems) const;

    /// Fails with `why` (at the layer) when the layer has no feature. Reads the first feature and
    /// rewinds, rather than OGR_L_GetFeatureCount(TRUE), which scans the whole layer for some drivers.
    void require_features(const std::string& why = "layer has no features") const;

    /// Index of a field, or -1 when absent.
    [[nodiscard]] int field(const char* name) const;
    /// Index of a field that must exist. @throws InputError "required field is missing (fields found: ...)".
    [[nodiscard]] int required_field(const char* name) const;

    /// True when the field is absent (index < 0), unset or null.
    [[nodiscard]] static bool is_null(OGRFeatureH f, int index);
    /// The field as text without surrounding whitespace; "" when null.
    [[nodiscard]] static std::string text(OGRFeatureH f, int index);
    /// "FID <n>", the label of a feature without an id.
    [[nodiscard]] static std::string fid_label(OGRFeatureH f);

    /// A non-empty trimmed id. @throws InputError "empty id" labelled with the FID.
    [[nodiscard]] std::string required_id(OGRFeatureH f, int index, const char* field_name) const;
    /// A number from a numeric field or from text; nullopt when null or empty.
    /// @throws InputError "expected a number, got '...'".
    [[nodiscard]] std::optional<double> number(OGRFeatureH f, int index, const std::string& id,
                                               const char* field_name) const;
    /// A field's text read as a number, as number() reads a text field (also the SQLite fast path's rows):
    /// nullopt when empty. @throws InputError "expected a number, got '...'".
    [[nodiscard]] std::optional<double> number_from_text(const std::string& s, const std::string& id,
                                                         const char* field_name) const;
    /// As number(), but empty is an error ("value is empty; a number is required").
    [[nodiscard]] double required_number(OGRFeatureH f, int index, const std::string& id, const char* field_name) const;
    /// 0/1, yes/no, true/false, y/n, t/f (any case); empty is false.
    [[nodiscard]] bool flag(OGRFeatureH f, int index, const std::string& id, const char* field_name) const;

    /// One vertex in WGS84 lon/lat, longitude normalised to [-180, 180) (a point has no continuity to
    /// keep, so 190 is reported as -170). @throws InputError (field "geometry") for NaN or infinite
    /// input, a failed transformation, or a result that is not finite or has |lat| > 90 or |lon| > 540.
    [[nodiscard]] GeoPoint to_wgs84(double x, double y, const std::string& feature) const;
    /// Every vertex of a simple geometry (point, line string, ring), transformed in one call.
    /// @throws InputError as to_wgs84().
    [[nodiscard]] std::vector<GeoPoint> vertices_to_wgs84(OGRGeometryH g, const std::string& feature) const;
    /// As above, for vertices given as x and y.
    [[nodiscard]] std::vector<GeoPoint> vertices_to_wgs84(std::vector<double> x, std::vector<double> y,
                                                          const std::string& feature) const;
    /// A polygon ring in WGS84 lon/lat that stays whole: PROJ returns every vertex in -180..180, so a
    /// ring drawn across the antimeridian in a projected CRS (e.g. Fiji in EPSG:3832) would come back
    /// as its 350°-wide complement. Longitudes are unwrapped instead:
    /// - geographic source CRS (or none): each vertex keeps the longitude branch it was given in
    ///   (190 stays 190, and an edge from -100 to 100 stays 200° long, as drawn);
    /// - projected source CRS: every edge is taken the short way round (|Δlon| < 180°), starting at
    ///   the first vertex's longitude moved to within 180° of `near_lon_deg` when that is given (the
    ///   holes of a polygon follow its exterior ring).
    /// Longitudes may therefore lie outside -180..180 (within ±540).
    /// @throws InputError as vertices_to_wgs84(), and "the ring goes round a pole" when an unwrapped
    ///         projected ring does not close (it encircles a pole, which lon/lat polygons cannot hold).
    [[nodiscard]] std::vector<GeoPoint> ring_to_wgs84(OGRGeometryH ring, const std::string& feature,
                                                      std::optional<double> near_lon_deg = std::nullopt) const;

    [[nodiscard]] FeaturePtr next() const { return FeaturePtr(OGR_L_GetNextFeature(m_layer)); }
    [[nodiscard]] OGRLayerH handle() const { return m_layer; }

private:
    void check_vertex(double x, double y, const std::string& feature) const;

    DatasetPtr m_owned;  // set when the layer lives in its own file
    const char* m_stage;
    std::string m_path;
    std::string m_name;
    OGRLayerH m_layer = nullptr;
    OGRFeatureDefnH m_defn = nullptr;
    TransformPtr m_transform;
    bool m_has_crs = true;
    bool m_geographic = true;  // the source CRS is geographic in degrees (or absent): longitudes keep their branch
};

/// `lon_deg` moved by a multiple of 360 into [-180, 180).
[[nodiscard]] double normalized_lon_deg(double lon_deg);

}  // namespace swx::io::detail
