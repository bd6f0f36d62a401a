// Grid reader: OGR layers -> swx::Network. Every value is checked as it is read, so a bad record is
// reported with its file, layer, feature id and field before any computation starts.

#define SWX_IO_INTERNAL
#include <swx/io/grid_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <unordered_map>

namespace swx::io {

namespace {

using detail::DatasetPtr;
using detail::FeaturePtr;
using detail::SrsPtr;
using detail::TransformPtr;

constexpr const char* stage = "readers.grid";
constexpr std::array<const char*, 8> layer_file_extensions{".gpkg", ".geojson", ".json", ".shp", ".fgb", ".csv", ".gml", ".kml"};

/// One opened layer with its CRS transformation to WGS84 and error context.
class LayerReader {
public:
    LayerReader(DatasetPtr owned, OGRLayerH layer, std::string path, std::string name, ProblemSink& problems)
        : m_owned(std::move(owned)), m_layer(layer), m_path(std::move(path)), m_name(std::move(name)) {
        m_defn = OGR_L_GetLayerDefn(m_layer);
        const OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(m_layer);
        if (srs == nullptr) {
            m_assume_wgs84 = true;
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
            const char* name_c = OSRGetName(source.get());
            throw CrsError({stage, m_path, m_name, "", ""},
                           "cannot transform its CRS '" + std::string(name_c != nullptr ? name_c : "?") +
                               "' to WGS84: " + CPLGetLastErrorMsg());
        }
        (void)problems;
    }

    [[nodiscard]] bool assumed_wgs84() const { return m_assume_wgs84; }
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] OGRLayerH handle() const { return m_layer; }
    [[nodiscard]] std::string location() const { return m_path + "/" + m_name; }

    [[noreturn]] void fail(const std::string& feature, const std::string& field, const std::string& why) const {
        throw InputError({stage, m_path, m_name, feature, field}, why);
    }

    /// Index of a field, or -1 when optional and absent. Required fields must exist.
    int field(const char* name, bool required) const {
        const int index = OGR_FD_GetFieldIndex(m_defn, name);
        if (index < 0 && required) {
            std::string found;
            for (int i = 0; i < OGR_FD_GetFieldCount(m_defn); ++i) {
                found += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(m_defn, i)));
            }
            fail("", name, "required field is missing (fields found: " + (found.empty() ? "none" : found) + ")");
        }
        return index;
    }

    static bool is_null(OGRFeatureH f, int index) { return index < 0 || OGR_F_IsFieldSetAndNotNull(f, index) == 0; }

    static std::string text(OGRFeatureH f, int index) {
        if (is_null(f, index)) {
            return {};
        }
        std::string s = OGR_F_GetFieldAsString(f, index);
        const auto first = s.find_first_not_of(" \t");
        const auto last = s.find_last_not_of(" \t");
        return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    }

    /// A number; nullopt when empty. Text that is not a number is an error.
    std::optional<double> number(OGRFeatureH f, int index, const std::string& id, const char* field_name) const {
        if (is_null(f, index)) {
            return std::nullopt;
        }
        const OGRFieldType type = OGR_Fld_GetType(OGR_FD_GetFieldDefn(m_defn, index));
        if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
            return OGR_F_GetFieldAsDouble(f, index);
        }
        const std::string s = text(f, index);
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

    double required_number(OGRFeatureH f, int index, const std::string& id, const char* field_name) const {
        const auto v = number(f, index, id, field_name);
        if (!v) {
            fail(id, field_name, "value is empty; a number is required");
        }
        return *v;
    }

    /// 0/1 flags; also yes/no, true/false. Empty = false.
    bool flag(OGRFeatureH f, int index, const std::string& id, const char* field_name) const {
        std::string s = text(f, index);
        for (auto& c : s) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (s.empty() || s == "0" || s == "no" || s == "false" || s == "n" || s == "f" || s == "0.0") {
            return false;
        }
        if (s == "1" || s == "yes" || s == "true" || s == "y" || s == "t" || s == "1.0") {
            return true;
        }
        fail(id, field_name, "expected 0 or 1 (or yes/no, true/false), got '" + s + "'");
    }

    std::string required_id(OGRFeatureH f, int index, const char* field_name) const {
        std::string id = text(f, index);
        if (id.empty()) {
            fail("FID " + std::to_string(OGR_F_GetFID(f)), field_name, "empty id");
        }
        return id;
    }

    /// Transforms a vertex to WGS84. Non-finite coordinates are an error.
    GeoPoint to_wgs84(double x, double y, const std::string& id) const {
        if (!std::isfinite(x) || !std::isfinite(y)) {
            fail(id, "geometry", "coordinates are NaN or infinite");
        }
        if (m_transform && OCTTransform(static_cast<OGRCoordinateTransformationH>(m_transform.get()), 1, &x, &y, nullptr) == 0) {
            fail(id, "geometry", "coordinates cannot be transformed to WGS84");
        }
        if (!std::isfinite(x) || !std::isfinite(y) || std::abs(y) > 90.0 || std::abs(x) > 540.0) {
            fail(id, "geometry",
                 "coordinates out of range after transformation to WGS84 (lon " + std::to_string(x) + ", lat " +
                     std::to_string(y) + "): is the layer's CRS right?");
        }
        return {x, y};
    }

    FeaturePtr next() const { return FeaturePtr(OGR_L_GetNextFeature(m_layer)); }

private:
    DatasetPtr m_owned;  // set when the layer lives in its own file
    OGRLayerH m_layer = nullptr;
    OGRFeatureDefnH m_defn = nullptr;
    std::string m_path;
    std::string m_name;
    TransformPtr m_transform;
    bool m_assume_wgs84 = false;
};

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
        m_dataset.reset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        if (!m_dataset) {
            throw InputError({stage, path, "", "", ""},
                             "cannot open as a vector datasource (GeoPackage, GeoJSON, ...): " +
                                 std::string(CPLGetLastErrorMsg()));
        }
    }

    LayerReader layer(const std::string& name) {
        if (!m_folder) {
            OGRLayerH layer = GDALDatasetGetLayerByName(m_dataset.get(), name.c_str());
            if (layer == nullptr) {
                throw InputError({stage, m_path, name, "", ""}, "required layer is missing (" + layers_found() + ")");
            }
            return finish(LayerReader(nullptr, layer, m_path, name, m_problems));
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
            return finish(LayerReader(std::move(ds), layer, file.string(), name, m_problems));
        }
        throw InputError({stage, m_path, name, "", ""},
                         "required layer is missing: expected a file " + name + ".geojson (or .gpkg, .shp, .fgb, .csv) in the folder");
    }

private:
    LayerReader finish(LayerReader reader) {
        if (OGR_L_GetFeatureCount(reader.handle(), TRUE) == 0) {
            reader.fail("", "", "layer has no features");
        }
        if (reader.assumed_wgs84() && (reader.name() == "substations" || reader.name() == "lines")) {
            m_problems.warn("no_crs", "", reader.location(), "layer has no CRS; coordinates are taken as WGS84 lon/lat");
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

template <class Map>
void check_unique(Map& index, const std::string& id, std::size_t position, const LayerReader& layer) {
    if (!index.emplace(id, position).second) {
        layer.fail(id, "id", "duplicate id: another feature in this layer has the same id");
    }
}

std::size_t lookup(const std::unordered_map<std::string, std::size_t>& index, const std::string& ref,
                   const LayerReader& layer, const std::string& id, const char* field, const char* target) {
    if (ref.empty()) {
        layer.fail(id, field, std::string("value is empty; expected the id of a feature in layer '") + target + "'");
    }
    const auto it = index.find(ref);
    if (it == index.end()) {
        layer.fail(id, field, "unknown " + std::string(target) + " id '" + ref + "'");
    }
    return it->second;
}

void read_substations(LayerReader& layer, Network& net, std::unordered_map<std::string, std::size_t>& index,
                      ProblemSink& problems) {
    const int f_id = layer.field("id", true);
    const int f_name = layer.field("name", false);
    const int f_ground = layer.field("grounding_ohm", true);
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Substation s;
        s.id = layer.required_id(f, f_id, "id");
        s.name = LayerReader::text(f, f_name);
        s.grounding_ohm = layer.number(f, f_ground, s.id, "grounding_ohm");
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g != nullptr && OGR_G_IsEmpty(g) != 0) {
            // GDAL reads a point with NaN coordinates as POINT EMPTY; both are errors here.
            layer.fail(s.id, "geometry",
                       "point is empty or has NaN coordinates (leave the geometry null for a substation without coordinates)");
        }
        if (g != nullptr) {
            const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
            if (type != wkbPoint) {
                layer.fail(s.id, "geometry", std::string("expected a Point, got ") + OGR_G_GetGeometryName(g));
            }
            s.location = layer.to_wgs84(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), s.id);
        } else {
            problems.warn("no_coordinates", s.id, layer.location(), "substation has no coordinates");
        }
        check_unique(index, s.id, net.substations.size(), layer);
        net.substations.push_back(std::move(s));
    }
}

void read_buses(LayerReader& layer, Network& net, const std::unordered_map<std::string, std::size_t>& subs,
                std::unordered_map<std::string, std::size_t>& index) {
    const int f_id = layer.field("id", true);
    const int f_sub = layer.field("substation_id", true);
    const int f_kv = layer.field("kv", true);
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Bus b;
        b.id = layer.required_id(f, f_id, "id");
        b.substation = lookup(subs, LayerReader::text(f, f_sub), layer, b.id, "substation_id", "substations");
        b.kv = layer.required_number(f, f_kv, b.id, "kv");
        check_unique(index, b.id, net.buses.size(), layer);
        net.buses.push_back(std::move(b));
    }
}

void read_transformers(LayerReader& layer, Network& net, const std::unordered_map<std::string, std::size_t>& buses) {
    const int f_id = layer.field("id", true);
    const int f_type = layer.field("type", true);
    const int f_hv = layer.field("hv_bus", true);
    const int f_lv = layer.field("lv_bus", true);
    const int f_rhv = layer.field("r_hv_ohm", true);
    const int f_rlv = layer.field("r_lv_ohm", true);
    const int f_blocked = layer.field("neutral_blocked", false);
    std::unordered_map<std::string, std::size_t> index;
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Transformer t;
        t.id = layer.required_id(f, f_id, "id");
        const std::string type = LayerReader::text(f, f_type);
        const auto parsed = parse_transformer_type(type);
        if (!parsed) {
            layer.fail(t.id, "type", "unknown transformer type '" + type + "' (expected gsu, gy_gy, gy_gy_d, auto, gy_d, d_gy or d_d)");
        }
        t.type = *parsed;
        t.hv_bus = lookup(buses, LayerReader::text(f, f_hv), layer, t.id, "hv_bus", "buses");
        t.lv_bus = lookup(buses, LayerReader::text(f, f_lv), layer, t.id, "lv_bus", "buses");
        t.r_hv_ohm = layer.number(f, f_rhv, t.id, "r_hv_ohm").value_or(not_a_number);
        t.r_lv_ohm = layer.number(f, f_rlv, t.id, "r_lv_ohm").value_or(not_a_number);
        t.neutral_blocked = layer.flag(f, f_blocked, t.id, "neutral_blocked");
        check_unique(index, t.id, net.transformers.size(), layer);
        net.transformers.push_back(std::move(t));
    }
}

void append_line_string(OGRGeometryH g, const LayerReader& layer, const std::string& id, std::vector<GeoPoint>& path) {
    const int n = OGR_G_GetPointCount(g);
    for (int i = 0; i < n; ++i) {
        GeoPoint p = layer.to_wgs84(OGR_G_GetX(g, i), OGR_G_GetY(g, i), id);
        if (!path.empty() && path.back().lon_deg == p.lon_deg && path.back().lat_deg == p.lat_deg) {
            continue;
        }
        path.push_back(p);
    }
}

void read_lines(LayerReader& layer, Network& net, const std::unordered_map<std::string, std::size_t>& buses) {
    const int f_id = layer.field("id", true);
    const int f_from = layer.field("from_bus", true);
    const int f_to = layer.field("to_bus", true);
    const int f_r = layer.field("r_ohm", true);
    const int f_kv = layer.field("kv", false);
    const int f_blocked = layer.field("dc_blocked", false);
    std::unordered_map<std::string, std::size_t> index;
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Line l;
        l.id = layer.required_id(f, f_id, "id");
        l.from_bus = lookup(buses, LayerReader::text(f, f_from), layer, l.id, "from_bus", "buses");
        l.to_bus = lookup(buses, LayerReader::text(f, f_to), layer, l.id, "to_bus", "buses");
        l.dc_blocked = layer.flag(f, f_blocked, l.id, "dc_blocked");
        l.r_ohm = layer.number(f, f_r, l.id, "r_ohm").value_or(not_a_number);
        l.kv = layer.number(f, f_kv, l.id, "kv").value_or(net.buses[l.from_bus].kv);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g != nullptr && OGR_G_IsEmpty(g) == 0) {
            const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
            if (type == wkbLineString) {
                append_line_string(g, layer, l.id, l.path);
            } else if (type == wkbMultiLineString) {
                for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
                    append_line_string(OGR_G_GetGeometryRef(g, i), layer, l.id, l.path);
                }
            } else {
                layer.fail(l.id, "geometry", std::string("expected a LineString, got ") + OGR_G_GetGeometryName(g));
            }
            if (l.path.size() < 2) {
                layer.fail(l.id, "geometry", "a line route needs at least two distinct vertices");
            }
        }
        check_unique(index, l.id, net.lines.size(), layer);
        net.lines.push_back(std::move(l));
    }
}

}  // namespace

GridDataset read_grid(const std::string& path, ProblemSink& problems) {
    GridSource source(path, problems);
    GridDataset grid;
    grid.source.path = path;
    std::unordered_map<std::string, std::size_t> sub_index;
    std::unordered_map<std::string, std::size_t> bus_index;
    {
        LayerReader layer = source.layer("substations");
        read_substations(layer, grid.network, sub_index, problems);
    }
    {
        LayerReader layer = source.layer("buses");
        read_buses(layer, grid.network, sub_index, bus_index);
    }
    {
        LayerReader layer = source.layer("transformers");
        read_transformers(layer, grid.network, bus_index);
    }
    {
        LayerReader layer = source.layer("lines");
        read_lines(layer, grid.network, bus_index);
    }
    validate_network(grid.network, grid.source);
    return grid;
}

}  // namespace swx::io

#include <swx/core/base/table.hpp>
#include <swx/io/table_writer.hpp>

namespace swx::io {

void write_grid(const Network& net, const std::string& path) {
    FeatureTable subs;
    subs.name = "substations";
    subs.geometry_kind = GeometryKind::point;
    std::vector<std::string> sid, sname;
    std::vector<double> rg;
    for (const auto& s : net.substations) {
        sid.push_back(s.id);
        sname.push_back(s.name);
        rg.push_back(s.grounding_ohm.value_or(not_a_number));
        subs.geometry.push_back(s.location.valid() ? std::vector<GeoPoint>{s.location} : std::vector<GeoPoint>{});
    }
    subs.add("id", std::move(sid));
    subs.add("name", std::move(sname));
    subs.add("grounding_ohm", std::move(rg));
    FeatureTable buses;
    buses.name = "buses";
    std::vector<std::string> bid, bsub;
    std::vector<double> kv;
    for (const auto& b : net.buses) {
        bid.push_back(b.id);
        bsub.push_back(net.substations[b.substation].id);
        kv.push_back(b.kv);
    }
    buses.add("id", std::move(bid));
    buses.add("substation_id", std::move(bsub));
    buses.add("kv", std::move(kv));
    FeatureTable trans;
    trans.name = "transformers";
    std::vector<std::string> tid, type, hv, lv;
    std::vector<double> rhv, rlv, blocked;
    for (const auto& t : net.transformers) {
        tid.push_back(t.id);
        type.push_back(std::string(to_string(t.type)));
        hv.push_back(net.buses[t.hv_bus].id);
        lv.push_back(net.buses[t.lv_bus].id);
        rhv.push_back(t.r_hv_ohm);
        rlv.push_back(t.r_lv_ohm);
        blocked.push_back(t.neutral_blocked ? 1.0 : 0.0);
    }
    trans.add("id", std::move(tid));
    trans.add("type", std::move(type));
    trans.add("hv_bus", std::move(hv));
    trans.add("lv_bus", std::move(lv));
    trans.add("r_hv_ohm", std::move(rhv));
    trans.add("r_lv_ohm", std::move(rlv));
    trans.add("neutral_blocked", std::move(blocked));
    FeatureTable lines;
    lines.name = "lines";
    lines.geometry_kind = GeometryKind::line_string;
    std::vector<std::string> lid, from, to;
    std::vector<double> r, lkv, dc;
    for (const auto& l : net.lines) {
        lid.push_back(l.id);
        from.push_back(net.buses[l.from_bus].id);
        to.push_back(net.buses[l.to_bus].id);
        r.push_back(l.r_ohm);
        lkv.push_back(l.kv);
        dc.push_back(l.dc_blocked ? 1.0 : 0.0);
        lines.geometry.push_back(l.path);  // empty: straight between the substations
    }
    lines.add("id", std::move(lid));
    lines.add("from_bus", std::move(from));
    lines.add("to_bus", std::move(to));
    lines.add("r_ohm", std::move(r));
    lines.add("kv", std::move(lkv));
    lines.add("dc_blocked", std::move(dc));
    write_gpkg({&subs, &buses, &trans, &lines}, path);
}

}  // namespace swx::io
