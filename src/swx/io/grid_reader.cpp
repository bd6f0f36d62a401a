// Grid reader: OGR layers -> swx::Network. Every value is checked as it is read, so a bad record is
// reported with its file, layer, feature id and field before any computation starts.

#define SWX_IO_INTERNAL
#include <swx/io/grid_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/ogr_layer.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <array>
#include <cmath>
#include <utility>
#include <filesystem>
#include <unordered_map>

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

    OgrLayer layer(const std::string& name) {
        if (!m_folder) {
            OGRLayerH layer = GDALDatasetGetLayerByName(m_dataset.get(), name.c_str());
            if (layer == nullptr) {
                throw InputError({stage, m_path, name, "", ""}, "required layer is missing (" + layers_found() + ")");
            }
            return finish(OgrLayer(stage, m_path, name, layer), has_geometry_field(layer));
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
            return finish(OgrLayer(stage, file.string(), name, layer, std::move(ds)), geometry);
        }
        throw InputError({stage, m_path, name, "", ""},
                         "required layer is missing: expected a file " + name + ".geojson (or .gpkg, .shp, .fgb, .csv) in the folder");
    }

private:
    static bool has_geometry_field(OGRLayerH layer) { return OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0; }

    OgrLayer finish(OgrLayer reader, bool has_geometry) {
        reader.require_features();
        // The layers with coordinates. A layer without a geometry column (a CSV) has no CRS to miss: its
        // coordinates, if any, are the lon_deg/lat_deg columns, WGS84 by definition.
        if ((reader.name() == "substations" || reader.name() == "lines") && has_geometry) {
            reader.warn_if_no_crs(m_problems);
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
void check_unique(Map& index, const std::string& id, std::size_t position, const OgrLayer& layer) {
    if (!index.emplace(id, position).second) {
        layer.fail(id, "id", "duplicate id: another feature in this layer has the same id");
    }
}

std::size_t lookup(const std::unordered_map<std::string, std::size_t>& index, const std::string& ref,
                   const OgrLayer& layer, const std::string& id, const char* field, const char* target) {
    if (ref.empty()) {
        layer.fail(id, field, std::string("value is empty; expected the id of a feature in layer '") + target + "'");
    }
    const auto it = index.find(ref);
    if (it == index.end()) {
        layer.fail(id, field, "unknown " + std::string(target) + " id '" + ref + "'");
    }
    return it->second;
}

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

void read_substations(OgrLayer& layer, Network& net, std::unordered_map<std::string, std::size_t>& index,
                      ProblemSink& problems) {
    const int f_id = layer.required_field("id");
    const int f_name = layer.field("name");
    const int f_ground = layer.required_field("grounding_ohm");
    const int f_assumed = layer.field("assumed");
    const CoordinateColumns cols = coordinate_columns(layer);
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Substation s;
        s.id = layer.required_id(f, f_id, "id");
        s.name = OgrLayer::text(f, f_name);
        s.grounding_ohm = layer.number(f, f_ground, s.id, "grounding_ohm");
        s.assumed = OgrLayer::text(f, f_assumed);
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
        } else if (cols.lon >= 0) {
            const auto lon = layer.number(f, cols.lon, s.id, cols.lon_name);
            const auto lat = layer.number(f, cols.lat, s.id, cols.lat_name);
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
        check_unique(index, s.id, net.substations.size(), layer);
        net.substations.push_back(std::move(s));
    }
}

void read_buses(OgrLayer& layer, Network& net, const std::unordered_map<std::string, std::size_t>& subs,
                std::unordered_map<std::string, std::size_t>& index) {
    const int f_id = layer.required_field("id");
    const int f_sub = layer.required_field("substation_id");
    const int f_kv = layer.required_field("kv");
    const int f_assumed = layer.field("assumed");
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Bus b;
        b.id = layer.required_id(f, f_id, "id");
        b.substation = lookup(subs, OgrLayer::text(f, f_sub), layer, b.id, "substation_id", "substations");
        b.kv = layer.required_number(f, f_kv, b.id, "kv");
        b.assumed = OgrLayer::text(f, f_assumed);
        check_unique(index, b.id, net.buses.size(), layer);
        net.buses.push_back(std::move(b));
    }
}

void read_transformers(OgrLayer& layer, Network& net, const std::unordered_map<std::string, std::size_t>& buses) {
    const int f_id = layer.required_field("id");
    const int f_type = layer.required_field("type");
    const int f_hv = layer.required_field("hv_bus");
    const int f_lv = layer.required_field("lv_bus");
    const int f_rhv = layer.required_field("r_hv_ohm");
    const int f_rlv = layer.required_field("r_lv_ohm");
    const int f_blocked = layer.field("neutral_blocked");
    const int f_assumed = layer.field("assumed");
    std::unordered_map<std::string, std::size_t> index;
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Transformer t;
        t.id = layer.required_id(f, f_id, "id");
        const std::string type = OgrLayer::text(f, f_type);
        const auto parsed = parse_transformer_type(type);
        if (!parsed) {
            layer.fail(t.id, "type", "unknown transformer type '" + type + "' (expected gsu, gy_gy, gy_gy_d, auto, gy_d, d_gy or d_d)");
        }
        t.type = *parsed;
        t.hv_bus = lookup(buses, OgrLayer::text(f, f_hv), layer, t.id, "hv_bus", "buses");
        t.lv_bus = lookup(buses, OgrLayer::text(f, f_lv), layer, t.id, "lv_bus", "buses");
        t.r_hv_ohm = layer.number(f, f_rhv, t.id, "r_hv_ohm").value_or(not_a_number);
        t.r_lv_ohm = layer.number(f, f_rlv, t.id, "r_lv_ohm").value_or(not_a_number);
        t.neutral_blocked = layer.flag(f, f_blocked, t.id, "neutral_blocked");
        t.assumed = OgrLayer::text(f, f_assumed);
        check_unique(index, t.id, net.transformers.size(), layer);
        net.transformers.push_back(std::move(t));
    }
}

void append_line_string(OGRGeometryH g, const OgrLayer& layer, const std::string& id, std::vector<GeoPoint>& path) {
    for (const GeoPoint& p : layer.vertices_to_wgs84(g, id)) {
        if (!path.empty() && path.back().lon_deg == p.lon_deg && path.back().lat_deg == p.lat_deg) {
            continue;
        }
        path.push_back(p);
    }
}

void read_lines(OgrLayer& layer, Network& net, const std::unordered_map<std::string, std::size_t>& buses) {
    const int f_id = layer.required_field("id");
    const int f_from = layer.required_field("from_bus");
    const int f_to = layer.required_field("to_bus");
    const int f_r = layer.required_field("r_ohm");
    const int f_kv = layer.field("kv");
    const int f_blocked = layer.field("dc_blocked");
    const int f_assumed = layer.field("assumed");
    std::unordered_map<std::string, std::size_t> index;
    while (FeaturePtr feature = layer.next()) {
        OGRFeatureH f = feature.get();
        Line l;
        l.id = layer.required_id(f, f_id, "id");
        l.from_bus = lookup(buses, OgrLayer::text(f, f_from), layer, l.id, "from_bus", "buses");
        l.to_bus = lookup(buses, OgrLayer::text(f, f_to), layer, l.id, "to_bus", "buses");
        l.dc_blocked = layer.flag(f, f_blocked, l.id, "dc_blocked");
        l.assumed = OgrLayer::text(f, f_assumed);
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
    std::string lines_location;
    {
        OgrLayer layer = source.layer("substations");
        grid.source.substations_file = layer.path();
        read_substations(layer, grid.network, sub_index, problems);
    }
    {
        OgrLayer layer = source.layer("buses");
        grid.source.buses_file = layer.path();
        read_buses(layer, grid.network, sub_index, bus_index);
    }
    {
        OgrLayer layer = source.layer("transformers");
        grid.source.transformers_file = layer.path();
        read_transformers(layer, grid.network, bus_index);
    }
    {
        OgrLayer layer = source.layer("lines");
        grid.source.lines_file = layer.path();
        lines_location = layer.location();
        read_lines(layer, grid.network, bus_index);
    }
    validate_network(grid.network, grid.source);
    // The EMF sign follows the route's direction: start every route at its from_bus substation.
    orient_routes(grid.network, problems, lines_location);
    return grid;
}

}  // namespace swx::io
