// Public line maps (public_grid_reader.hpp): OGR layers with HIFLD / GridKit / own field names, the
// GridKit '#'-separated text extracts (a hand parser: the WKT is read here, not by OGR), and the TOML
// override of the voltage-class defaults.

#define SWX_IO_INTERNAL
#include <swx/io/public_grid_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/ogr_layer.hpp>
#include <swx/io/detail/toml.hpp>
#include <swx/io/gdal_session.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace swx::io {

namespace {

constexpr const char* stage = "readers.public_grid";

using detail::FeaturePtr;
using detail::OgrLayer;

/// A whole decimal number (no trailing text), or nullopt.
std::optional<double> parse_number(std::string_view text) {
    const std::string s = trim(text);
    if (s.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(sep, start);
        out.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return out;
        }
        start = end + 1;
    }
}

enum class VoltageUnit { kv, volt };

/// Voltages of a `;`-joined list, kV. Values <= 0 (HIFLD -999999, GridKit 0) are unknown and left
/// out. `fail(why)` reports a non-numeric entry.
template <class Fail>
std::vector<double> parse_voltages(std::string_view text, VoltageUnit unit, Fail&& fail) {
    std::vector<double> kv;
    if (trim(text).empty()) {
        return kv;
    }
    for (const auto& part : split(text, ';')) {
        if (trim(part).empty()) {
            continue;
        }
        const auto v = parse_number(part);
        if (!v) {
            fail("expected a number or numbers joined by ';' (" + std::string(unit == VoltageUnit::kv ? "kV" : "volts") + "), got '" +
                 std::string(text) + "'");
        }
        if (*v > 0.0) {
            kv.push_back(unit == VoltageUnit::volt ? *v / 1000.0 : *v);
        }
    }
    return kv;
}

/// Circuits per voltage from OSM/GridKit `cables` (3 per three-phase circuit; `;`-joined like the
/// voltages): each voltage repeated cables/3 times when the lists match; otherwise one circuit each.
std::vector<double> expand_cables(const std::vector<double>& kv, std::string_view cables) {
    if (trim(cables).empty() || kv.empty()) {
        return kv;
    }
    const auto parts = split(cables, ';');
    if (parts.size() != kv.size()) {
        return kv;
    }
    std::vector<double> out;
    for (std::size_t i = 0; i < kv.size(); ++i) {
        const auto c = parse_number(parts[i]);
        int n = 1;
        if (c && *c >= 6.0 && *c <= 60.0 && std::fmod(*c, 3.0) == 0.0) {
            n = static_cast<int>(*c / 3.0);
        }
        out.insert(out.end(), static_cast<std::size_t>(n), kv[i]);
    }
    return out;
}

MapVertexKind kind_of(std::string_view text) {
    const std::string k = lower(trim(text));
    if (k.find("plant") != std::string::npos || k.find("generat") != std::string::npos) {
        return MapVertexKind::plant;
    }
    if (k == "joint" || k == "merge" || k == "junction" || k == "tap" || k.find("tap") == 0 || k == "riser" ||
        k == "dead end" || k == "deadend") {
        return MapVertexKind::junction;
    }
    return MapVertexKind::substation;
}

// ---------------------------------------------------------------------------------------------------
// GridKit text

/// One '#'-separated table with a header row.
class HashTable {
public:
    HashTable(std::string_view text, std::string name) : m_name(std::move(name)) {
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) {
                end = text.size();
            }
            std::string_view line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            m_lines.push_back(line);
            start = end + 1;
        }
        while (!m_lines.empty() && trim(m_lines.back()).empty()) {
            m_lines.pop_back();
        }
        if (m_lines.empty()) {
            throw InputError({stage, m_name, "", "", ""}, "file is empty: expected a '#'-separated header row");
        }
        m_header = split(m_lines.front(), '#');
        for (auto& h : m_header) {
            h = trim(h);
        }
    }

    [[nodiscard]] int column(const char* name, bool required = true) const {
        for (std::size_t i = 0; i < m_header.size(); ++i) {
            if (m_header[i] == name) {
                return static_cast<int>(i);
            }
        }
        if (required) {
            throw InputError({stage, m_name, "", "line 1", name},
                             "required column is missing from the header (a GridKit extract, '#'-separated)");
        }
        return -1;
    }

    [[nodiscard]] std::size_t rows() const { return m_lines.size() - 1; }
    /// Fields of row r (0-based, after the header); the line number is r + 2.
    [[nodiscard]] std::vector<std::string> row(std::size_t r) const {
        auto fields = split_fields(r);
        if (fields.size() != m_header.size()) {
            fail(r, "", "", "expected " + std::to_string(m_header.size()) + " '#'-separated fields as in the header, got " +
                                std::to_string(fields.size()));
        }
        return fields;
    }
    [[nodiscard]] bool blank(std::size_t r) const { return trim(m_lines[r + 1]).empty(); }

    [[noreturn]] void fail(std::size_t r, const std::string& id, const std::string& field, const std::string& why) const {
        throw InputError({stage, m_name, "", "line " + std::to_string(r + 2) + (id.empty() ? "" : " (id " + id + ")"), field}, why);
    }

    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    /// GridKit quotes a field holding '#' SQL-style: 'Line #2', with '' for a quote inside.
    [[nodiscard]] std::vector<std::string> split_fields(std::size_t r) const {
        const std::string_view line = m_lines[r + 1];
        std::vector<std::string> out;
        std::size_t i = 0;
        while (true) {
            std::string field;
            if (i < line.size() && line[i] == '\'') {
                ++i;
                while (true) {
                    if (i >= line.size()) {
                        fail(r, "", "", "unterminated quoted field (a field starting with ' must end with ')");
                    }
                    if (line[i] == '\'') {
                        if (i + 1 < line.size() && line[i + 1] == '\'') {
                            field += '\'';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    field += line[i++];
                }
                if (i < line.size() && line[i] != '#') {
                    fail(r, "", "", "text after a quoted field: expected '#' after the closing '");
                }
            } else {
                const std::size_t end = line.find('#', i);
                field = std::string(line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
                i = end == std::string_view::npos ? line.size() : end;
            }
            out.push_back(std::move(field));
            if (i >= line.size()) {
                return out;
            }
            ++i;  // the '#'
        }
    }

    std::string m_name;
    std::vector<std::string_view> m_lines;
    std::vector<std::string> m_header;
};

/// "SRID=4326;LINESTRING(x y,x y)" or "POINT(x y)" (the SRID prefix optional, must be 4326 if given).
std::vector<GeoPoint> parse_wkt(std::string_view wkt, const char* expected, const HashTable& t, std::size_t r,
                                const std::string& id, const char* field) {
    std::string s = trim(wkt);
    if (s.rfind("SRID=", 0) == 0) {
        const std::size_t semi = s.find(';');
        if (semi == std::string::npos || trim(std::string_view(s).substr(5, semi - 5)) != "4326") {
            t.fail(r, id, field, "expected the prefix SRID=4326; (WGS84 lon/lat), got '" + s.substr(0, 20) + "'");
        }
        s = trim(std::string_view(s).substr(semi + 1));
    }
    const std::string s_upper = upper(s);
    const std::string kw(expected);
    if (s_upper.rfind(kw, 0) != 0) {
        t.fail(r, id, field, "expected WKT " + kw + "(...), got '" + s.substr(0, 30) + "'");
    }
    const std::size_t open = s.find('(');
    const std::size_t close = s.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open || trim(std::string_view(s).substr(kw.size(), open - kw.size())) != "" ||
        !trim(std::string_view(s).substr(close + 1)).empty()) {
        t.fail(r, id, field, "malformed WKT " + kw + ": expected " + kw + "(lon lat, ...)");
    }
    std::vector<GeoPoint> points;
    for (const auto& pair : split(std::string_view(s).substr(open + 1, close - open - 1), ',')) {
        std::istringstream in{std::string(pair)};
        std::string a, b, extra;
        in >> a >> b >> extra;
        const auto lon = parse_number(a);
        const auto lat = parse_number(b);
        if (!lon || !lat || !extra.empty()) {
            t.fail(r, id, field, "expected 'lon lat' coordinate pairs, got '" + trim(pair) + "'");
        }
        if (std::abs(*lat) > 90.0 || std::abs(*lon) > 540.0) {
            t.fail(r, id, field, "coordinates out of range (|lat| <= 90, |lon| <= 540): " + trim(pair));
        }
        if (!points.empty() && points.back().lon_deg == *lon && points.back().lat_deg == *lat) {
            continue;
        }
        points.push_back({*lon, *lat});
    }
    return points;
}

}  // namespace

PublicMapInput parse_gridkit(std::string_view vertices_text, const std::string& vertices_name, std::string_view links_text,
                             const std::string& links_name, ProblemSink& problems) {
    PublicMapInput map;
    map.vertices_location = vertices_name;
    map.lines_location = links_name;
    {
        const HashTable t(vertices_text, vertices_name);
        const int c_id = t.column("v_id");
        const int c_lon = t.column("lon");
        const int c_lat = t.column("lat");
        const int c_typ = t.column("typ");
        const int c_kv = t.column("voltage", false);
        const int c_name = t.column("name", false);
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (t.blank(r)) {
                continue;
            }
            const auto f = t.row(r);
            MapVertex v;
            v.id = trim(f[static_cast<std::size_t>(c_id)]);
            if (v.id.empty()) {
                t.fail(r, "", "v_id", "value is empty; every vertex needs an id");
            }
            if (!seen.emplace(v.id, r).second) {
                t.fail(r, v.id, "v_id", "duplicate vertex id (also on line " + std::to_string(seen[v.id] + 2) + ")");
            }
            const auto lon = parse_number(f[static_cast<std::size_t>(c_lon)]);
            const auto lat = parse_number(f[static_cast<std::size_t>(c_lat)]);
            if (!lon || std::abs(*lon) > 540.0) {
                t.fail(r, v.id, "lon", "expected a longitude in degrees, got '" + f[static_cast<std::size_t>(c_lon)] + "'");
            }
            if (!lat || std::abs(*lat) > 90.0) {
                t.fail(r, v.id, "lat", "expected a latitude in degrees (|lat| <= 90), got '" + f[static_cast<std::size_t>(c_lat)] + "'");
            }
            v.location = {*lon, *lat};
            v.kind = kind_of(f[static_cast<std::size_t>(c_typ)]);
            if (c_name >= 0) {
                v.name = trim(f[static_cast<std::size_t>(c_name)]);
            }
            if (c_kv >= 0) {
                v.kv = parse_voltages(f[static_cast<std::size_t>(c_kv)], VoltageUnit::volt,
                                      [&](const std::string& why) { t.fail(r, v.id, "voltage", why); });
            }
            map.vertices.push_back(std::move(v));
        }
    }
    {
        const HashTable t(links_text, links_name);
        const int c_id = t.column("l_id");
        const int c_a = t.column("v_id_1");
        const int c_b = t.column("v_id_2");
        const int c_kv = t.column("voltage");
        const int c_cables = t.column("cables", false);
        const int c_wkt = t.column("wkt_srid_4326");
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (t.blank(r)) {
                continue;
            }
            const auto f = t.row(r);
            MapLine l;
            l.id = trim(f[static_cast<std::size_t>(c_id)]);
            if (l.id.empty()) {
                t.fail(r, "", "l_id", "value is empty; every link needs an id");
            }
            if (!seen.emplace(l.id, r).second) {
                t.fail(r, l.id, "l_id", "duplicate link id (also on line " + std::to_string(seen[l.id] + 2) + ")");
            }
            l.from_vertex = trim(f[static_cast<std::size_t>(c_a)]);
            l.to_vertex = trim(f[static_cast<std::size_t>(c_b)]);
            l.kv = parse_voltages(f[static_cast<std::size_t>(c_kv)], VoltageUnit::volt,
                                  [&](const std::string& why) { t.fail(r, l.id, "voltage", why); });
            if (c_cables >= 0) {
                l.kv = expand_cables(l.kv, f[static_cast<std::size_t>(c_cables)]);
            }
            l.path = parse_wkt(f[static_cast<std::size_t>(c_wkt)], "LINESTRING", t, r, l.id, "wkt_srid_4326");
            if (l.path.size() < 2) {
                t.fail(r, l.id, "wkt_srid_4326", "a line route needs at least two distinct points");
            }
            map.lines.push_back(std::move(l));
        }
    }
    (void)problems;
    return map;
}

PublicMapInput read_gridkit(const std::string& vertices_csv, const std::string& links_csv, ProblemSink& problems) {
    auto slurp = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw InputError({stage, path, "", "", ""}, "cannot open the file");
        }
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    const std::string v = slurp(vertices_csv);
    const std::string l = slurp(links_csv);
    return parse_gridkit(v, vertices_csv, l, links_csv, problems);
}

// ---------------------------------------------------------------------------------------------------
// OGR layers

namespace {

/// A field by its exact name (case matters: HIFLD `VOLTAGE` is kV, GridKit `voltage` volts).
int exact_field(OGRLayerH layer, std::string_view name) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        if (name == OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))) {
            return i;
        }
    }
    return -1;
}

/// The given field (must exist), else the first of `candidates` present; -1 when none.
int pick_field(OGRLayerH layer, const OgrLayer& reader, const std::string& given, std::initializer_list<const char*> candidates,
               std::string* chosen = nullptr) {
    if (!given.empty()) {
        const int i = exact_field(layer, given);
        if (i < 0) {
            (void)reader.required_field(given.c_str());  // the "fields found" message
            reader.fail("", given, "field given by option is missing (field names are case-sensitive here)");
        }
        if (chosen != nullptr) {
            *chosen = given;
        }
        return i;
    }
    for (const char* c : candidates) {
        if (const int i = exact_field(layer, c); i >= 0) {
            if (chosen != nullptr) {
                *chosen = c;
            }
            return i;
        }
    }
    return -1;
}

std::string fid_or(OGRFeatureH f, int field) {
    std::string id = field >= 0 ? OgrLayer::text(f, field) : "";
    return id.empty() ? std::to_string(OGR_F_GetFID(f)) : id;
}

VoltageUnit unit_for(const std::string& field, const std::string& option) {
    if (!option.empty()) {
        return lower(option) == "v" ? VoltageUnit::volt : VoltageUnit::kv;
    }
    return field == "voltage" ? VoltageUnit::volt : VoltageUnit::kv;
}

/// Substation ends of HIFLD that mean "no substation".
bool placeholder_end(const std::string& ref) {
    const std::string u = upper(ref);
    return u == "NOT AVAILABLE" || u == "UNKNOWN" || u == "N/A" || u == "NA" || u == "-999999";
}

}  // namespace

PublicMapInput read_public_map(const std::string& lines, const std::string& substations, const PublicMapFields& fields,
                               ProblemSink& problems) {
    {
        std::ifstream probe(lines, std::ios::binary);
        std::string head(6, '\0');
        if (probe && probe.read(head.data(), 5) && head.rfind("l_id#", 0) == 0) {
            return read_gridkit(substations, lines, problems);
        }
    }
    ensure_gdal();
    if (!fields.voltage_unit.empty() && lower(fields.voltage_unit) != "kv" && lower(fields.voltage_unit) != "v") {
        throw ConfigError({stage, "", "", "", "voltage_unit"}, "expected kV or V, got '" + fields.voltage_unit + "'");
    }
    PublicMapInput map;
    {
        detail::DatasetPtr ds = detail::open_vector_source(stage, substations);
        OGRLayerH h = detail::layer_by_name_or_first(ds.get(), "substations", stage, substations);
        OgrLayer layer(stage, substations, OGR_L_GetName(h), h, std::move(ds));
        layer.require_features();
        layer.warn_if_no_crs(problems);
        map.vertices_location = layer.location();
        const int f_id = pick_field(h, layer, fields.substation_id, {"id", "v_id", "ID", "NAME", "name"});
        const int f_kind = pick_field(h, layer, fields.kind, {"kind", "typ", "TYPE"});
        const int f_name = pick_field(h, layer, fields.name, {"name", "NAME"});
        std::string kv_name;
        const int f_kv = pick_field(h, layer, fields.substation_voltage, {"voltage_kv", "voltage", "MAX_VOLT"}, &kv_name);
        if (f_id < 0) {
            layer.fail("", "id", "no id field (id, v_id, ID or NAME; or give --substation-id-field)");
        }
        while (FeaturePtr feature = layer.next()) {
            OGRFeatureH f = feature.get();
            MapVertex v;
            v.id = layer.required_id(f, f_id, "id");
            v.kind = f_kind >= 0 ? kind_of(OgrLayer::text(f, f_kind)) : MapVertexKind::substation;
            v.name = f_name >= 0 ? OgrLayer::text(f, f_name) : "";
            if (f_kv >= 0) {
                v.kv = parse_voltages(OgrLayer::text(f, f_kv), unit_for(kv_name, ""),
                                      [&](const std::string& why) { layer.fail(v.id, kv_name, why); });
            }
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            if (g == nullptr || OGR_G_IsEmpty(g) != 0) {
                layer.fail(v.id, "geometry", "a substation of a line map needs a location (Point or Polygon)");
            }
            const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
            if (type == wkbPoint) {
                v.location = layer.to_wgs84(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), v.id);
            } else if (type == wkbPolygon || type == wkbMultiPolygon) {
                detail::GeometryPtr c(OGR_G_CreateGeometry(wkbPoint));
                if (OGR_G_Centroid(g, c.get()) != OGRERR_NONE || OGR_G_IsEmpty(c.get()) != 0) {
                    layer.fail(v.id, "geometry", "cannot take the centroid of the polygon");
                }
                v.location = layer.to_wgs84(OGR_G_GetX(c.get(), 0), OGR_G_GetY(c.get(), 0), v.id);
            } else {
                layer.fail(v.id, "geometry", std::string("expected a Point or Polygon, got ") + OGR_G_GetGeometryName(g));
            }
            map.vertices.push_back(std::move(v));
        }
    }
    {
        detail::DatasetPtr ds = detail::open_vector_source(stage, lines);
        OGRLayerH h = detail::layer_by_name_or_first(ds.get(), "lines", stage, lines);
        OgrLayer layer(stage, lines, OGR_L_GetName(h), h, std::move(ds));
        layer.require_features();
        layer.warn_if_no_crs(problems);
        map.lines_location = layer.location();
        const int f_id = pick_field(h, layer, fields.line_id, {"id", "l_id", "ID", "OBJECTID"});
        std::string kv_name;
        const int f_kv = pick_field(h, layer, fields.voltage, {"voltage_kv", "VOLTAGE", "voltage"}, &kv_name);
        const int f_from = pick_field(h, layer, fields.from, {"from_substation", "SUB_1", "v_id_1"});
        const int f_to = pick_field(h, layer, fields.to, {"to_substation", "SUB_2", "v_id_2"});
        std::string circuits_name;
        const int f_circuits = pick_field(h, layer, fields.circuits, {"circuits", "cables"}, &circuits_name);
        if (f_kv < 0) {
            layer.fail("", "voltage_kv", "no voltage field (voltage_kv in kV, HIFLD VOLTAGE in kV, GridKit voltage in volts; or give --voltage-field)");
        }
        const VoltageUnit unit = unit_for(kv_name, fields.voltage_unit);
        std::unordered_map<std::string, char> seen;
        while (FeaturePtr feature = layer.next()) {
            OGRFeatureH f = feature.get();
            MapLine l;
            l.id = fid_or(f, f_id);
            if (!seen.emplace(l.id, 1).second) {
                layer.fail(l.id, f_id >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(h), f_id)) : "FID",
                           "duplicate line id");
            }
            l.kv = parse_voltages(OgrLayer::text(f, f_kv), unit, [&](const std::string& why) { layer.fail(l.id, kv_name, why); });
            if (f_circuits >= 0) {
                const std::string text = OgrLayer::text(f, f_circuits);
                if (circuits_name == "cables") {
                    l.kv = expand_cables(l.kv, text);
                } else if (!text.empty()) {
                    const auto n = parse_number(text);
                    if (!n || *n < 1.0 || *n > 20.0 || std::floor(*n) != *n) {
                        layer.fail(l.id, circuits_name, "expected a whole number of circuits from 1 to 20, got '" + text + "'");
                    }
                    l.circuits = static_cast<int>(*n);
                }
            }
            for (auto [index, target] : {std::pair{f_from, &l.from_vertex}, std::pair{f_to, &l.to_vertex}}) {
                if (index >= 0) {
                    *target = OgrLayer::text(f, index);
                    if (placeholder_end(*target)) {
                        target->clear();
                    }
                }
            }
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            if (g == nullptr || OGR_G_IsEmpty(g) != 0) {
                layer.fail(l.id, "geometry", "a line of a line map needs its route (LineString)");
            }
            const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
            auto append = [&](OGRGeometryH part) {
                for (const GeoPoint& p : layer.vertices_to_wgs84(part, l.id)) {
                    if (!l.path.empty() && l.path.back().lon_deg == p.lon_deg && l.path.back().lat_deg == p.lat_deg) {
                        continue;
                    }
                    l.path.push_back(p);
                }
            };
            if (type == wkbLineString) {
                append(g);
            } else if (type == wkbMultiLineString) {
                for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
                    append(OGR_G_GetGeometryRef(g, i));
                }
            } else {
                layer.fail(l.id, "geometry", std::string("expected a LineString, got ") + OGR_G_GetGeometryName(g));
            }
            if (l.path.size() < 2) {
                layer.fail(l.id, "geometry", "a line route needs at least two distinct vertices");
            }
            map.lines.push_back(std::move(l));
        }
    }
    return map;
}

// ---------------------------------------------------------------------------------------------------
// TOML defaults

GridDefaults read_grid_defaults(const std::string& toml_path) {
    using detail::TomlContext;
    const TomlContext ctx{{stage, toml_path, "", "", ""}, "", detail::TomlErrorKind::input};
    const toml::table tbl = detail::parse_toml_file(toml_path, ctx);
    detail::reject_unknown_keys(tbl,
                                {"auto_min_kv", "auto_max_ratio", "generator_kv", "single_level_step_down", "step_down_ratio",
                                 "voltage_class", "grounding"},
                                ctx);
    GridDefaults d = GridDefaults::typical();
    const GridDefaults builtin = d;
    if (auto v = detail::optional_number(tbl, "auto_min_kv", ctx)) d.auto_min_kv = *v;
    if (auto v = detail::optional_number(tbl, "auto_max_ratio", ctx)) d.auto_max_ratio = *v;
    if (auto v = detail::optional_number(tbl, "generator_kv", ctx)) d.generator_kv = *v;
    if (auto v = detail::optional_number(tbl, "step_down_ratio", ctx)) d.step_down_ratio = *v;
    if (auto v = detail::optional_bool(tbl, "single_level_step_down", ctx)) d.single_level_step_down = *v;

    // [low, typical, high], or one number for all three.
    auto read_range = [](const toml::table& t, std::string_view key, const TomlContext& c, AssumedRange& out) {
        const toml::node* node = t.get(key);
        if (node == nullptr) {
            return false;
        }
        if (const auto v = node->value<double>()) {
            out = {*v, *v, *v};
            return true;
        }
        const toml::array* a = node->as_array();
        if (a == nullptr || a->size() != 3) {
            c.fail(key, "expected [low, typical, high] (three numbers) or one number");
        }
        double v[3];
        for (std::size_t i = 0; i < 3; ++i) {
            const auto x = a->get(i)->value<double>();
            if (!x) {
                c.fail(key, "expected [low, typical, high] (three numbers) or one number");
            }
            v[i] = *x;
        }
        out = {v[0], v[1], v[2]};
        return true;
    };
    auto array_of_tables = [&](std::string_view key) -> const toml::array* {
        const toml::node* node = tbl.get(key);
        if (node == nullptr) {
            return nullptr;
        }
        const toml::array* a = node->as_array();
        if (a == nullptr || !a->is_array_of_tables()) {
            ctx.fail(key, "expected an array of tables ([[" + std::string(key) + "]])");
        }
        return a;
    };
    if (const toml::array* classes = array_of_tables("voltage_class")) {
        d.classes.clear();
        for (std::size_t i = 0; i < classes->size(); ++i) {
            const toml::table& t = *classes->get(i)->as_table();
            const TomlContext c = ctx.sub_table("voltage_class").with_layer(std::to_string(i + 1));
            detail::reject_unknown_keys(
                t, {"kv", "line_r_ohm_per_km", "winding_r_ohm", "lv_winding_r_ohm", "auto_series_r_ohm", "auto_common_r_ohm"}, c);
            VoltageClassDefaults v = builtin.class_of(std::max(detail::required_number(t, "kv", c), 1e-3));
            v.kv = detail::required_number(t, "kv", c);
            read_range(t, "line_r_ohm_per_km", c, v.line_r_ohm_per_km);
            read_range(t, "winding_r_ohm", c, v.winding_r_ohm);
            read_range(t, "lv_winding_r_ohm", c, v.lv_winding_r_ohm);
            read_range(t, "auto_series_r_ohm", c, v.auto_series_r_ohm);
            read_range(t, "auto_common_r_ohm", c, v.auto_common_r_ohm);
            d.classes.push_back(v);
        }
    }
    if (const toml::array* rows = array_of_tables("grounding")) {
        d.grounding.clear();
        for (std::size_t i = 0; i < rows->size(); ++i) {
            const toml::table& t = *rows->get(i)->as_table();
            const TomlContext c = ctx.sub_table("grounding").with_layer(std::to_string(i + 1));
            detail::reject_unknown_keys(t, {"buses", "kv_min", "ohm"}, c);
            GroundingDefaults g;
            const double buses = detail::required_number(t, "buses", c);
            if (!(buses >= 1.0 && buses <= 1000.0 && std::floor(buses) == buses)) {
                c.fail("buses", "expected a whole number of buses >= 1");
            }
            g.buses = static_cast<int>(buses);
            g.kv_min = detail::optional_number(t, "kv_min", c).value_or(0.0);
            if (!read_range(t, "ohm", c, g.grounding_ohm)) {
                c.fail("ohm", "missing required field: [low, typical, high] grounding resistance, ohm");
            }
            d.grounding.push_back(g);
        }
    }
    try {
        d.check(toml_path);
    } catch (const ConfigError& e) {
        throw InputError(e.context(), e.why());
    }
    return d;
}

}  // namespace swx::io
