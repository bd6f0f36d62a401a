// Grid reader: OGR layers -> swx::Network. Every value is checked as it is read, so a bad record is
// reported with its file, layer, feature id and field before any computation starts.

#define SWX_IO_INTERNAL
#include <swx/io/grid_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/network/qloss.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/gpkg_table.hpp>
#include <swx/io/detail/grid_read.hpp>
#include <swx/io/detail/id_index.hpp>
#include <swx/io/detail/ogr_layer.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace swx::io {

namespace {

using detail::DatasetPtr;
using detail::FeaturePtr;
using detail::OgrLayer;

constexpr const char* stage = "readers.grid";
constexpr std::array<const char*, 8> layer_file_extensions{".gpkg", ".geojson", ".json", ".shp", ".fgb", ".csv", ".gml", ".kml"};

/// Opens the four layers, from one datasource or from one file per layer in a folder.
class GridSource {
public:
    GridSource(const std::string& path, ProblemSink& problems) : m_path(path), m_problems(problems) {
        ensure_gdal();
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            throw InputError({stage, path, "", "", ""}, "no such file or folder");
        }
        if (fs::is_directory(path, ec)) {
            m_folder = true;
            return;
        }
        m_dataset = detail::open_vector_source(stage, path);
    }

    OgrLayer layer(const std::string& name) { return layer(name, m_problems); }
    /// The layer, its warnings (a missing CRS) to `problems`.
    OgrLayer layer(const std::string& name, ProblemSink& problems) {
        if (!m_folder) {
            OGRLayerH layer = GDALDatasetGetLayerByName(m_dataset.get(), name.c_str());
            if (layer == nullptr) {
                throw InputError({stage, m_path, name, "", ""}, "required layer is missing (" + layers_found() + ")");
            }
            return finish(OgrLayer(stage, m_path, name, layer), has_geometry_field(layer), problems);
        }
        for (const char* ext : layer_file_extensions) {
            const std::filesystem::path file = std::filesystem::path(m_path) / (name + ext);
            if (!std::filesystem::exists(file)) {
                continue;
            }
            DatasetPtr ds(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
            if (!ds || GDALDatasetGetLayerCount(ds.get()) < 1) {
                throw InputError({stage, file.string(), name, "", ""},
                                 "cannot open as a vector layer: " + std::string(CPLGetLastErrorMsg()));
            }
            OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), name.c_str());
            if (layer == nullptr) {
                layer = GDALDatasetGetLayer(ds.get(), 0);
            }
            const bool geometry = has_geometry_field(layer);
            return finish(OgrLayer(stage, file.string(), name, layer, std::move(ds)), geometry, problems);
        }
        throw InputError({stage, m_path, name, "", ""},
                         "required layer is missing: expected a file " + name + ".geojson (or .gpkg, .shp, .fgb, .csv) in the folder");
    }

private:
    static bool has_geometry_field(OGRLayerH layer) { return OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0; }

    static OgrLayer finish(OgrLayer reader, bool has_geometry, ProblemSink& problems) {
        reader.require_features();
        // The layers with coordinates. A layer without a geometry column (a CSV) has no CRS to miss: its
        // coordinates, if any, are the lon_deg/lat_deg columns, WGS84 by definition.
        if ((reader.name() == "substations" || reader.name() == "lines") && has_geometry) {
            reader.warn_if_no_crs(problems);
        }
        return reader;
    }

    std::string layers_found() const {
        std::string names;
        for (int i = 0; i < GDALDatasetGetLayerCount(m_dataset.get()); ++i) {
            names += (i ? ", " : "") + std::string(OGR_L_GetName(GDALDatasetGetLayer(m_dataset.get(), i)));
        }
        return "layers found: " + (names.empty() ? std::string("none") : names);
    }

    std::string m_path;
    ProblemSink& m_problems;
    DatasetPtr m_dataset;
    bool m_folder = false;
};

/// Coordinate columns of a substations layer without geometry (a CSV, an attribute table): WGS84
/// degrees in `lon_deg`/`lat_deg` (or `lon`/`lat`, `longitude`/`latitude`; any case).
struct CoordinateColumns {
    int lon = -1;
    int lat = -1;
    const char* lon_name = "lon_deg";
    const char* lat_name = "lat_deg";
};

CoordinateColumns coordinate_columns(const OgrLayer& layer) {
    CoordinateColumns c;
    for (const auto& [lon, lat] : {std::pair{"lon_deg", "lat_deg"}, std::pair{"lon", "lat"}, std::pair{"longitude", "latitude"}}) {
        const int i_lon = layer.field(lon);
        const int i_lat = layer.field(lat);
        if (i_lon < 0 && i_lat < 0) {
            continue;
        }
        if (i_lon < 0 || i_lat < 0) {
            layer.fail("", i_lon < 0 ? lon : lat,
                       std::string("coordinate column missing: column '") + (i_lon < 0 ? lat : lon) + "' needs '" +
                           (i_lon < 0 ? lon : lat) + "' beside it (WGS84 degrees, columns lon_deg and lat_deg)");
        }
        c = {i_lon, i_lat, lon, lat};
        return c;
    }
    return c;
}

/// Fails when a substation without geometry sits in a layer with projected-looking x/y columns, which a
/// CSV cannot tie to a CRS: say what is expected instead.
void reject_xy_columns(const OgrLayer& layer) {
    for (const auto& [x, y] : {std::pair{"x", "y"}, std::pair{"easting", "northing"}}) {
        if (layer.field(x) >= 0 && layer.field(y) >= 0) {
            layer.fail("", x,
                       std::string("coordinates in columns must be WGS84 degrees in columns lon_deg, lat_deg; columns '") + x +
                           "', '" + y +
                           "' have no CRS here. Convert a projected CSV first, e.g. ogr2ogr -oo X_POSSIBLE_NAMES=" + x +
                           " -oo Y_POSSIBLE_NAMES=" + y + " -a_srs EPSG:<code> substations.gpkg substations.csv");
        }
    }
}

using Index = detail::IdIndex;

/// Adds the id of items.back() (just read) to the index; fails for a duplicate.
template <class T>
void check_unique(Index& index, const std::vector<T>& items, const OgrLayer& layer) {
    if (!index.insert(items.back().id)) {
        layer.fail(items.back().id, "id", "duplicate id: another feature in this layer has the same id");
    }
}

std::size_t lookup(const Index& index, const std::string& ref, const OgrLayer& layer, const std::string& id,
                   const char* field, const char* target) {
    if (ref.empty()) {
        layer.fail(id, field, std::string("value is empty; expected the id of a feature in layer '") + target + "'");
    }
    const std::size_t i = index.find(ref);
    if (i == Index::npos) {
        layer.fail(id, field, "unknown " + std::string(target) + " id '" + ref + "'");
    }
    return i;
}

/// A feature's geometry as the readers take it: none, empty, a point, line parts, or another type.
struct Shape {
    enum class State { none, empty, point, lines, other };
    State state = State::none;
    detail::GpkgGeometry vertices;  ///< point: one vertex; lines: every part (part_end)
    std::string type_name{};        ///< OGR's name of the geometry type (set for a non-empty geometry)
};

void ogr_shape(OGRGeometryH g, Shape& s) {
    s.vertices.x.clear();
    s.vertices.y.clear();
    s.vertices.part_end.clear();
    if (g == nullptr) {
        s.state = Shape::State::none;
        return;
    }
    if (OGR_G_IsEmpty(g) != 0) {
        s.state = Shape::State::empty;
        return;
    }
    s.type_name = OGR_G_GetGeometryName(g);
    auto add_part = [&](OGRGeometryH part) {
        for (int i = 0; i < OGR_G_GetPointCount(part); ++i) {
            s.vertices.x.push_back(OGR_G_GetX(part, i));
            s.vertices.y.push_back(OGR_G_GetY(part, i));
        }
        s.vertices.part_end.push_back(s.vertices.x.size());
    };
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type == wkbPoint) {
        s.state = Shape::State::point;
        s.vertices.x.push_back(OGR_G_GetX(g, 0));
        s.vertices.y.push_back(OGR_G_GetY(g, 0));
    } else if (type == wkbLineString) {
        s.state = Shape::State::lines;
        add_part(g);
    } else if (type == wkbMultiLineString) {
        s.state = Shape::State::lines;
        for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
            add_part(OGR_G_GetGeometryRef(g, i));
        }
    } else {
        s.state = Shape::State::other;
    }
}

/// One feature read through OGR (any driver).
class OgrRow {
public:
    OgrRow(const OgrLayer& layer, OGRFeatureH f) : m_layer(layer), m_f(f) {}
    [[nodiscard]] std::string text(int i) const { return OgrLayer::text(m_f, i); }
    [[nodiscard]] std::string id(int i, const char* name) const { return m_layer.required_id(m_f, i, name); }
    [[nodiscard]] std::optional<double> number(int i, const std::string& id, const char* name) const {
        return m_layer.number(m_f, i, id, name);
    }
    [[nodiscard]] double required_number(int i, const std::string& id, const char* name) const {
        return m_layer.required_number(m_f, i, id, name);
    }
    [[nodiscard]] bool flag(int i, const std::string& id, const char* name) const { return m_layer.flag(m_f, i, id, name); }
    void shape(Shape& s, Shape::State /*expected*/) const { ogr_shape(OGR_F_GetGeometryRef(m_f), s); }

private:
    const OgrLayer& m_layer;
    OGRFeatureH m_f;
};

/// A feature by its FID through OGR; under `ogr` (when given), which serialises the OGR calls of two
/// layers read at once (read_transformers_and_lines: one GDAL dataset is not for two threads at a time).
FeaturePtr feature_by_fid(const OgrLayer& layer, std::int64_t fid, std::mutex* ogr) {
    std::unique_lock<std::mutex> lock;
    if (ogr != nullptr) {
        lock = std::unique_lock<std::mutex>(*ogr);
    }
    return FeaturePtr(OGR_L_GetFeature(layer.handle(), fid));
}

/// One plain row of a GeoPackage table read with SQLite (detail/gpkg_table.hpp): the same values, and
/// the same errors, as OgrRow gives for that feature. A geometry that is not plain is read through OGR.
class SqlRow {
public:
    SqlRow(const OgrLayer& layer, const detail::GpkgTable& table, std::mutex* ogr) : m_layer(layer), m_t(table), m_ogr(ogr) {}

    [[nodiscard]] std::string text(int i) const {
        if (m_t.is_null(i)) {
            return {};
        }
        if (m_t.type(i) == detail::GpkgColumn::integer || m_t.type(i) == detail::GpkgColumn::integer64) {
            return std::to_string(m_t.integer(i));  // OGR's "%d" / "%lld"
        }
        return trim(m_t.text(i));
    }
    [[nodiscard]] std::string id(int i, const char* name) const {
        std::string id = text(i);
        if (id.empty()) {
            m_layer.fail("FID " + std::to_string(m_t.fid()), name, "empty id");
        }
        return id;
    }
    [[nodiscard]] std::optional<double> number(int i, const std::string& id, const char* name) const {
        if (m_t.is_null(i)) {
            return std::nullopt;
        }
        if (m_t.type(i) == detail::GpkgColumn::real) {
            return m_t.real(i);
        }
        if (m_t.type(i) != detail::GpkgColumn::text) {
            return static_cast<double>(m_t.integer(i));
        }
        return m_layer.number_from_text(text(i), id, name);
    }
    [[nodiscard]] double required_number(int i, const std::string& id, const char* name) const {
        const auto v = number(i, id, name);
        if (!v) {
            m_layer.fail(id, name, "value is empty; a number is required");
        }
        return *v;
    }
    [[nodiscard]] bool flag(int i, const std::string& id, const char* name) const {
        if (m_t.is_null(i)) {
            return false;
        }
        if (m_t.type(i) != detail::GpkgColumn::text) {
            const std::int64_t v = m_t.integer(i);
            if (v == 0 || v == 1) {
                return v == 1;
            }
            m_layer.fail(id, name, "expected 0 or 1 (or yes/no, true/false), got '" + std::to_string(v) + "'");
        }
        const std::string s = lower(text(i));
        if (s.empty() || s == "0" || s == "no" || s == "false" || s == "n" || s == "f" || s == "0.0") {
            return false;
        }
        if (s == "1" || s == "yes" || s == "true" || s == "y" || s == "t" || s == "1.0") {
            return true;
        }
        m_layer.fail(id, name, "expected 0 or 1 (or yes/no, true/false), got '" + s + "'");
    }
    /// The geometry; through OGR (this feature, by FID) unless the blob is plain and of the expected kind.
    void shape(Shape& s, Shape::State expected) const {
        const auto [blob, size] = m_t.geometry();
        if (blob == nullptr) {
            ogr_shape(nullptr, s);
            return;
        }
        if (detail::decode_gpkg_geometry(blob, size, s.vertices)) {
            const bool point = s.vertices.kind == detail::GpkgGeometry::Kind::point;
            if (expected == Shape::State::lines && !point) {
                s.state = s.vertices.x.empty() ? Shape::State::empty : Shape::State::lines;
                return;
            }
            if (expected == Shape::State::point && point) {
                s.state = Shape::State::point;
                return;
            }
        }
        const detail::FeaturePtr f = feature_by_fid(m_layer, m_t.fid(), m_ogr);
        if (!f) {
            m_layer.fail("FID " + std::to_string(m_t.fid()), "geometry", "OGR cannot read this feature: " + std::string(CPLGetLastErrorMsg()));
        }
        ogr_shape(OGR_F_GetGeometryRef(f.get()), s);
    }

private:
    const OgrLayer& m_layer;
    const detail::GpkgTable& m_t;
    std::mutex* m_ogr;
};

/// How a reader uses a field: as text (ids, names, flags) or as a number.
struct FieldUse {
    int index;
    bool text;
};

/// The SQLite fast path for a layer of a GeoPackage file, or nullptr to read it through OGR: a plain
/// file named *.gpkg, one geometry column at most, and every field the reader uses of a type whose
/// values SqlRow reads as OGR does (text fields: String or Integer; number fields: also Real).
std::unique_ptr<detail::GpkgTable> fast_table(const OgrLayer& layer, bool allowed, std::initializer_list<FieldUse> used) {
    if (!allowed || lower(std::filesystem::path(layer.path()).extension().string()) != ".gpkg" ||
        !std::filesystem::is_regular_file(layer.path())) {
        return nullptr;
    }
    OGRLayerH h = layer.handle();
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(h);
    const char* fid = OGR_L_GetFIDColumn(h);
    if (fid == nullptr || *fid == '\0' || OGR_FD_GetGeomFieldCount(defn) > 1) {
        return nullptr;
    }
    const std::string geometry = OGR_FD_GetGeomFieldCount(defn) == 1 ? OGR_L_GetGeometryColumn(h) : "";
    if (OGR_FD_GetGeomFieldCount(defn) == 1 && geometry.empty()) {
        return nullptr;
    }
    std::vector<std::string> names;
    std::vector<detail::GpkgColumn> types;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        names.emplace_back(OGR_Fld_GetNameRef(fd));
        switch (OGR_Fld_GetType(fd)) {
            case OFTString: types.push_back(detail::GpkgColumn::text); break;
            case OFTReal: types.push_back(detail::GpkgColumn::real); break;
            case OFTInteger: types.push_back(detail::GpkgColumn::integer); break;
            case OFTInteger64: types.push_back(detail::GpkgColumn::integer64); break;
            default: types.push_back(detail::GpkgColumn::other); break;
        }
    }
    for (const FieldUse& u : used) {
        if (u.index < 0) {
            continue;
        }
        const detail::GpkgColumn t = types[static_cast<std::size_t>(u.index)];
        if (t == detail::GpkgColumn::other || (u.text && t == detail::GpkgColumn::real)) {
            return nullptr;  // OGR's own formatting of the value: read the layer through OGR
        }
    }
    // Fields the reader does not use are not checked (a Date column beside them changes nothing).
    std::vector<bool> is_used(types.size(), false);
    for (const FieldUse& u : used) {
        if (u.index >= 0) {
            is_used[static_cast<std::size_t>(u.index)] = true;
        }
    }
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (!is_used[i]) {
            types[i] = detail::GpkgColumn::other;
        }
    }
    return detail::GpkgTable::open(layer.path(), OGR_L_GetName(h), fid, geometry, names, types);
}

/// Calls handle(row) for every feature in layer order: SqlRow for the plain rows of a fast-path table,
/// OgrRow (the feature read by its FID) for any other row, or OgrRow throughout without a table.
/// `ogr` (with a table only): the mutex feature_by_fid takes, or nullptr.
template <class Handle>
void for_each_feature(const OgrLayer& layer, detail::GpkgTable* table, Handle&& handle, std::mutex* ogr = nullptr) {
    if (table == nullptr) {
        while (FeaturePtr f = layer.next()) {
            handle(OgrRow(layer, f.get()));
        }
        return;
    }
    while (table->next()) {
        if (table->plain()) {
            handle(SqlRow(layer, *table, ogr));
            continue;
        }
        const FeaturePtr f = feature_by_fid(layer, table->fid(), ogr);
        if (!f) {
            layer.fail("FID " + std::to_string(table->fid()), "", "OGR cannot read this feature: " + std::string(CPLGetLastErrorMsg()));
        }
        handle(OgrRow(layer, f.get()));
    }
}

/// The layer's feature count when the driver knows it without a scan, for reserve(); else 0.
std::size_t expected_count(const OgrLayer& layer) {
    const GIntBig n = OGR_L_GetFeatureCount(layer.handle(), FALSE);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void append_line_string(const std::vector<GeoPoint>& vertices, std::vector<GeoPoint>& path) {
    for (const GeoPoint& p : vertices) {
        if (!path.empty() && path.back().lon_deg == p.lon_deg && path.back().lat_deg == p.lat_deg) {
            continue;
        }
        path.push_back(p);
    }
}

void read_substations(OgrLayer& layer, bool fast, Network& net, Index& index, ProblemSink& problems) {
    const int f_id = layer.required_field("id");
    const int f_name = layer.field("name");
    const int f_ground = layer.required_field("grounding_ohm");
    const int f_earth = layer.field("earth_model");
    const int f_assumed = layer.field("assumed");
    const CoordinateColumns cols = coordinate_columns(layer);
    const auto table = fast_table(layer, fast,
                                  {{f_id, true}, {f_name, true}, {f_ground, false}, {f_earth, true}, {f_assumed, true},
                                   {cols.lon, false}, {cols.lat, false}});
    net.substations.reserve(expected_count(layer));
    index = Index(net.substations.capacity());
    Shape shape;
    for_each_feature(layer, table.get(), [&](const auto& row) {
        Substation s;
        s.id = row.id(f_id, "id");
        s.name = row.text(f_name);
        s.grounding_ohm = row.number(f_ground, s.id, "grounding_ohm");
        s.earth_model = row.text(f_earth);
        s.assumed = row.text(f_assumed);
        row.shape(shape, Shape::State::point);
        if (shape.state == Shape::State::empty) {
            // GDAL reads a point with NaN coordinates as POINT EMPTY; both are errors here.
            layer.fail(s.id, "geometry",
                       "point is empty or has NaN coordinates (leave the geometry null for a substation without coordinates)");
        }
        if (shape.state != Shape::State::none) {
            if (shape.state != Shape::State::point) {
                layer.fail(s.id, "geometry", "expected a Point, got " + shape.type_name);
            }
            s.location = layer.to_wgs84(shape.vertices.x[0], shape.vertices.y[0], s.id);
        } else if (cols.lon >= 0) {
            const auto lon = row.number(cols.lon, s.id, cols.lon_name);
            const auto lat = row.number(cols.lat, s.id, cols.lat_name);
            if (lon.has_value() != lat.has_value()) {
                layer.fail(s.id, lon ? cols.lat_name : cols.lon_name,
                           "value is empty while the other coordinate is given (leave both empty for no coordinates)");
            }
            if (lon) {
                if (std::abs(*lat) > 90.0 || std::abs(*lon) > 540.0) {
                    layer.fail(s.id, std::abs(*lat) > 90.0 ? cols.lat_name : cols.lon_name,
                               "expected WGS84 degrees (|lat| <= 90, |lon| <= 540), got lon " + format_number(*lon) +
                                   ", lat " + format_number(*lat));
                }
                s.location = {*lon, *lat};
            } else {
                problems.warn("no_coordinates", s.id, layer.location(), "substation has no coordinates (lon_deg, lat_deg empty)");
            }
        } else {
            reject_xy_columns(layer);
            problems.warn("no_coordinates", s.id, layer.location(),
                          "substation has no coordinates (give a Point geometry, or in a CSV the columns lon_deg, lat_deg "
                          "in WGS84 degrees)");
        }
        net.substations.push_back(std::move(s));
        check_unique(index, net.substations, layer);
    });
}

void read_buses(OgrLayer& layer, bool fast, Network& net, const Index& subs, Index& index) {
    const int f_id = layer.required_field("id");
    const int f_sub = layer.required_field("substation_id");
    const int f_kv = layer.required_field("kv");
    const int f_vm = layer.field("vm_pu");
    const int f_assumed = layer.field("assumed");
    const auto table = fast_table(layer, fast, {{f_id, true}, {f_sub, true}, {f_kv, false}, {f_vm, false}, {f_assumed, true}});
    net.buses.reserve(expected_count(layer));
    index = Index(net.buses.capacity());
    for_each_feature(layer, table.get(), [&](const auto& row) {
        Bus b;
        b.id = row.id(f_id, "id");
        b.substation = lookup(subs, row.text(f_sub), layer, b.id, "substation_id", "substations");
        b.kv = row.required_number(f_kv, b.id, "kv");
        b.vm_pu = row.number(f_vm, b.id, "vm_pu").value_or(1.0);
        if (!std::isfinite(b.vm_pu) || b.vm_pu <= 0.0 || b.vm_pu > 2.0) {
            layer.fail(b.id, "vm_pu", "expected the case voltage magnitude in per unit (0 < vm_pu <= 2; empty = 1), got " +
                                          format_number(b.vm_pu));
        }
        b.assumed = row.text(f_assumed);
        net.buses.push_back(std::move(b));
        check_unique(index, net.buses, layer);
    });
}

/// Sets up the transformers reader (the layer's fields and its fast-path table: OGR calls) and returns
/// whether the rows go through SQLite, and the reading of the rows, read(ogr) (`ogr`: see feature_by_fid).
auto prepare_transformers(OgrLayer& layer, bool fast, Network& net, const Index& buses) {
    const int f_id = layer.required_field("id");
    const int f_type = layer.required_field("type");
    const int f_hv = layer.required_field("hv_bus");
    const int f_lv = layer.required_field("lv_bus");
    const int f_rhv = layer.required_field("r_hv_ohm");
    const int f_rlv = layer.required_field("r_lv_ohm");
    const int f_blocked = layer.field("neutral_blocked");
    const int f_core = layer.field("core");
    const int f_k = layer.field("k_factor");
    const int f_v_at_lv = layer.field("qloss_v_at_lv");
    const int f_assumed = layer.field("assumed");
    auto table = fast_table(layer, fast,
                            {{f_id, true}, {f_type, true}, {f_hv, true}, {f_lv, true}, {f_rhv, false}, {f_rlv, false},
                             {f_blocked, true}, {f_core, true}, {f_k, false}, {f_v_at_lv, true}, {f_assumed, true}});
    net.transformers.reserve(expected_count(layer));
    const bool sqlite_rows = table != nullptr;
    auto read = [&layer, &net, &buses, table = std::move(table), f_id, f_type, f_hv, f_lv, f_rhv, f_rlv, f_blocked, f_core, f_k, f_v_at_lv,
                 f_assumed](std::mutex* ogr) {
        Index index(net.transformers.capacity());
        for_each_feature(layer, table.get(), [&](const auto& row) {
            Transformer t;
            t.id = row.id(f_id, "id");
            const std::string type = row.text(f_type);
            const auto parsed = parse_transformer_type(type);
            if (!parsed) {
                layer.fail(t.id, "type", "unknown transformer type '" + type + "' (expected gsu, gy_gy, gy_gy_d, auto, gy_d, d_gy or d_d)");
            }
            t.type = *parsed;
            t.hv_bus = lookup(buses, row.text(f_hv), layer, t.id, "hv_bus", "buses");
            t.lv_bus = lookup(buses, row.text(f_lv), layer, t.id, "lv_bus", "buses");
            t.r_hv_ohm = row.number(f_rhv, t.id, "r_hv_ohm").value_or(not_a_number);
            t.r_lv_ohm = row.number(f_rlv, t.id, "r_lv_ohm").value_or(not_a_number);
            t.neutral_blocked = row.flag(f_blocked, t.id, "neutral_blocked");
            const std::string core = row.text(f_core);
            const auto parsed_core = parse_transformer_core(core);
            if (!parsed_core) {
                layer.fail(t.id, "core",
                           "unknown core design '" + core + "' (expected unknown, single_phase, three_leg, five_leg, shell or seven_leg)");
            }
            t.core = *parsed_core;
            if (const auto k = row.number(f_k, t.id, "k_factor")) {
                if (!(*k >= 0.0 && *k <= 10.0)) {
                    layer.fail(t.id, "k_factor",
                               "expected the Mvar-loss K in per unit (0 to 10, PowerWorld's form; empty = the default for the core), "
                               "got " + format_number(*k));
                }
                t.k_factor = *k;
            }
            t.qloss_v_at_lv = row.flag(f_v_at_lv, t.id, "qloss_v_at_lv");
            t.assumed = row.text(f_assumed);
            net.transformers.push_back(std::move(t));
            check_unique(index, net.transformers, layer);
        }, ogr);
    };
    return std::make_pair(sqlite_rows, std::move(read));
}

/// The lines reader, as prepare_transformers.
auto prepare_lines(OgrLayer& layer, bool fast, Network& net, const Index& buses) {
    const int f_id = layer.required_field("id");
    const int f_from = layer.required_field("from_bus");
    const int f_to = layer.required_field("to_bus");
    const int f_r = layer.required_field("r_ohm");
    const int f_kv = layer.field("kv");
    const int f_blocked = layer.field("dc_blocked");
    const int f_assumed = layer.field("assumed");
    auto table = fast_table(layer, fast,
                            {{f_id, true}, {f_from, true}, {f_to, true}, {f_r, false}, {f_kv, false}, {f_blocked, true},
                             {f_assumed, true}});
    net.lines.reserve(expected_count(layer));
    const bool sqlite_rows = table != nullptr;
    auto read = [&layer, &net, &buses, table = std::move(table), f_id, f_from, f_to, f_r, f_kv, f_blocked, f_assumed](std::mutex* ogr) {
        Index index(net.lines.capacity());
        Shape shape;
        for_each_feature(layer, table.get(), [&](const auto& row) {
            Line l;
            l.id = row.id(f_id, "id");
            l.assumed = row.text(f_assumed);
            l.from_bus = lookup(buses, row.text(f_from), layer, l.id, "from_bus", "buses");
            l.to_bus = lookup(buses, row.text(f_to), layer, l.id, "to_bus", "buses");
            l.dc_blocked = row.flag(f_blocked, l.id, "dc_blocked");
            l.r_ohm = row.number(f_r, l.id, "r_ohm").value_or(not_a_number);
            l.kv = row.number(f_kv, l.id, "kv").value_or(net.buses[l.from_bus].kv);
            row.shape(shape, Shape::State::lines);
            if (shape.state != Shape::State::none && shape.state != Shape::State::empty) {
                if (shape.state != Shape::State::lines) {
                    layer.fail(l.id, "geometry", "expected a LineString, got " + shape.type_name);
                }
                std::size_t begin = 0;
                for (const std::size_t end : shape.vertices.part_end) {
                    const auto first = shape.vertices.x.begin() + static_cast<std::ptrdiff_t>(begin);
                    const auto last = shape.vertices.x.begin() + static_cast<std::ptrdiff_t>(end);
                    const auto first_y = shape.vertices.y.begin() + static_cast<std::ptrdiff_t>(begin);
                    const auto last_y = shape.vertices.y.begin() + static_cast<std::ptrdiff_t>(end);
                    append_line_string(layer.vertices_to_wgs84(std::vector<double>(first, last), std::vector<double>(first_y, last_y), l.id),
                                       l.path);
                    begin = end;
                }
                if (l.path.size() < 2) {
                    layer.fail(l.id, "geometry", "a line route needs at least two distinct vertices");
                }
            }
            net.lines.push_back(std::move(l));
            check_unique(index, net.lines, layer);
        }, ogr);
    };
    return std::make_pair(sqlite_rows, std::move(read));
}

/// The transformers and the lines (both refer to buses only). When the transformers' rows go through
/// SQLite they are read on a second thread while the lines layer is opened and read here; OGR is called
/// by one thread at a time (feature_by_fid's mutex; a lines layer read through OGR throughout waits for
/// the transformers), the lines layer's warnings are reported after the transformers are read, and the
/// transformers' error, if any, is thrown first: the same values, warnings and errors, in the same
/// order, as reading one layer after the other.
void read_transformers_and_lines(GridSource& source, bool fast, GridDataset& grid, const Index& buses, std::string& lines_location,
                                 ProblemSink& problems) {
    Network& net = grid.network;
    OgrLayer transformers = source.layer("transformers");
    grid.source.transformers_file = transformers.path();
    // Named variables, not a structured binding: clang 14 (the fuzz preset) cannot capture those in a lambda.
    auto prepared = prepare_transformers(transformers, fast, net, buses);
    const bool transformers_sqlite = prepared.first;
    auto& read_transformers = prepared.second;
    std::mutex ogr;
    std::exception_ptr transformers_error;
    std::optional<std::thread> reading;
    if (transformers_sqlite) {
        try {
            reading.emplace([&] {
                try {
                    read_transformers(&ogr);
                } catch (...) {
                    transformers_error = std::current_exception();
                }
            });
        } catch (const std::system_error&) {
            // no thread to be had: one layer after the other
        }
    }
    if (!reading) {
        read_transformers(nullptr);
    }
    auto transformers_read = [&] {  // joins the reading thread; throws its error
        if (reading) {
            reading->join();
            reading.reset();
        }
        if (transformers_error) {
            std::rethrow_exception(transformers_error);
        }
    };
    ProblemSink held;  // the lines layer's warnings, reported once the transformers are read
    try {
        std::unique_lock<std::mutex> lock(ogr);
        OgrLayer lines = source.layer("lines", held);
        grid.source.lines_file = lines.path();
        lines_location = lines.location();
        auto [lines_sqlite, read_lines] = prepare_lines(lines, fast, net, buses);
        lock.unlock();
        if (!lines_sqlite) {
            transformers_read();  // OGR throughout for the lines: not beside another reader
        }
        read_lines(reading ? &ogr : nullptr);
    } catch (...) {
        transformers_read();
        throw;
    }
    transformers_read();
    for (const Problem& p : held.problems()) {
        problems.report(p);
    }
}

}  // namespace

namespace detail {

GridDataset read_own_grid(const std::string& path, ProblemSink& problems, bool sqlite_fast_path) {
    GridSource source(path, problems);
    GridDataset grid;
    grid.source.path = path;
    Index sub_index;
    Index bus_index;
    std::string lines_location;
    {
        OgrLayer layer = source.layer("substations");
        grid.source.substations_file = layer.path();
        read_substations(layer, sqlite_fast_path, grid.network, sub_index, problems);
    }
    {
        OgrLayer layer = source.layer("buses");
        grid.source.buses_file = layer.path();
        read_buses(layer, sqlite_fast_path, grid.network, sub_index, bus_index);
    }
    read_transformers_and_lines(source, sqlite_fast_path, grid, bus_index, lines_location, problems);
    validate_network(grid.network, grid.source);
    // The EMF sign follows the route's direction: start every route at its from_bus substation.
    orient_routes(grid.network, problems, lines_location);
    return grid;
}

}  // namespace detail

GridDataset read_grid(const std::string& path, ProblemSink& problems) { return detail::read_own_grid(path, problems, true); }

}  // namespace swx::io
