// Public line map -> approximate GIC network (grid_build.hpp). Snapping uses a grid of buckets in
// latitude/longitude whose cells are the snap tolerance: each query looks at the few cells around a
// point, so the build is O(n) in the number of line ends.

#include <swx/core/network/grid_build.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

namespace swx {

namespace {

constexpr const char* stage = "network.grid_build";
constexpr double pi = 3.14159265358979323846;
constexpr double km_per_deg = 6371.0088 * pi / 180.0;

double distance_km(GeoPoint a, GeoPoint b) {
    constexpr double deg = pi / 180.0;
    const double dlat = (b.lat_deg - a.lat_deg) * deg;
    const double dlon = (b.lon_deg - a.lon_deg) * deg;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat_deg * deg) * std::cos(b.lat_deg * deg) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
}

double path_km(const std::vector<GeoPoint>& path) {
    double km = 0.0;
    for (std::size_t i = 1; i < path.size(); ++i) {
        km += distance_km(path[i - 1], path[i]);
    }
    return km;
}

AssumedRange spread(double typical, double factor) { return {typical / factor, typical, typical * factor}; }

double at(const AssumedRange& r, RangeEnd end) {
    switch (end) {
        case RangeEnd::low: return r.low;
        case RangeEnd::typical: return r.typical;
        case RangeEnd::high: return r.high;
    }
    return r.typical;
}

/// Voltages rounded to 0.1 kV, so 345 and 345.0000001 are one level.
double level_key(double kv) { return std::round(kv * 10.0) / 10.0; }

std::string kv_text(double kv) { return format_number(kv, 6); }

void add_assumed(std::string& assumed, std::string_view field) {
    if (is_assumed(assumed, field)) {
        return;
    }
    if (!assumed.empty()) {
        assumed += ',';
    }
    assumed += field;
}

/// Buckets of points in cells of `cell_deg` latitude × `cell_deg` longitude.
class PointGrid {
public:
    explicit PointGrid(double radius_km) : m_radius_km(radius_km), m_cell_deg(std::max(radius_km / km_per_deg, 1e-6)) {}

    void insert(GeoPoint p, std::size_t value) {
        m_cells[key(cell_lat(p.lat_deg), cell_lon(p.lon_deg))].push_back({p, value});
    }

    /// The nearest point within the radius, or npos.
    [[nodiscard]] std::size_t nearest(GeoPoint p, double* km_out = nullptr) const {
        const std::int64_t clat = cell_lat(p.lat_deg);
        const std::int64_t clon = cell_lon(p.lon_deg);
        const double c = std::cos(std::min(89.0, std::abs(p.lat_deg) + m_cell_deg) * pi / 180.0);
        const auto span = static_cast<std::int64_t>(std::ceil(1.0 / std::max(c, 0.01)));
        std::size_t best = npos;
        double best_km = m_radius_km;
        for (std::int64_t i = clat - 1; i <= clat + 1; ++i) {
            for (std::int64_t j = clon - span; j <= clon + span; ++j) {
                const auto it = m_cells.find(key(i, j));
                if (it == m_cells.end()) {
                    continue;
                }
                for (const auto& [q, value] : it->second) {
                    const double km = distance_km(p, q);
                    if (km <= best_km && (best == npos || km < best_km || value < best)) {
                        best = value;
                        best_km = km;
                    }
                }
            }
        }
        if (km_out != nullptr) {
            *km_out = best_km;
        }
        return best;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    [[nodiscard]] std::int64_t cell_lat(double lat) const { return static_cast<std::int64_t>(std::floor(lat / m_cell_deg)); }
    [[nodiscard]] std::int64_t cell_lon(double lon) const { return static_cast<std::int64_t>(std::floor(lon / m_cell_deg)); }
    static std::uint64_t key(std::int64_t i, std::int64_t j) {
        return (static_cast<std::uint64_t>(i) << 32U) ^ (static_cast<std::uint64_t>(j) & 0xffffffffU);
    }

    double m_radius_km;
    double m_cell_deg;
    std::unordered_map<std::uint64_t, std::vector<std::pair<GeoPoint, std::size_t>>> m_cells;
};

struct Circuit {
    std::size_t line = 0;  // index into map.lines
    double kv = not_a_number;
    int number = 1;
    int of = 1;
    bool kv_assumed = false;
};

}  // namespace

// ---------------------------------------------------------------------------------------------------
// The defaults table. docs/grid-format.md ("Public line maps") gives the source of every value.

GridDefaults GridDefaults::typical() {
    GridDefaults d;
    // Line resistance: the project's typical values per phase for bundled ACSR (network_lint.cpp,
    // docs/grid-format.md "Plausibility warnings"), range ÷/× 1.5 (conductor size and bundle, 20–75 °C).
    // Winding resistance per phase: Horton et al. (2012), Table III: GSU HV windings 0.1–0.15 ohm at
    // 345/500 kV; 500/345 kV autotransformers 0.04 (series) / 0.06 (common); gy_gy_d 500/345 kV 0.2 / 0.1.
    // Below 345 kV: 0.2 ohm at 230 kV and PowerModelsGMD's fallback 0.25 ohm (interop README §1.5) below.
    // Ranges ÷/× 2.
    const std::array<std::pair<double, double>, 8> line_r{{{69.0, 0.20},
                                                           {115.0, 0.13},
                                                           {138.0, 0.11},
                                                           {161.0, 0.09},
                                                           {230.0, 0.07},
                                                           {345.0, 0.037},
                                                           {500.0, 0.0185},
                                                           {765.0, 0.010}}};
    for (const auto& [kv, r] : line_r) {
        VoltageClassDefaults c;
        c.kv = kv;
        c.line_r_ohm_per_km = spread(r, 1.5);
        c.winding_r_ohm = spread(kv >= 345.0 ? 0.1 : (kv >= 230.0 ? 0.2 : 0.25), 2.0);
        c.lv_winding_r_ohm = spread(0.1, 2.0);
        c.auto_series_r_ohm = spread(0.04, 2.0);
        c.auto_common_r_ohm = spread(0.06, 2.0);
        d.classes.push_back(c);
    }
    // Substation grounding: PowerWorld's resolved defaults for uiuc150 (interop README §4.6,
    // expected/_uiuc150bus_resolved_substation_grounding.csv); 4 buses interpolated. Range ÷/× 2, which
    // covers Horton et al. (2012), Table II (0.1–1.0 ohm).
    d.grounding = {{1, 0.0, spread(0.4704, 2.0)}, {2, 0.0, spread(0.3841, 2.0)}, {2, 345.0, spread(0.1767, 2.0)},
                   {3, 0.0, spread(0.1530, 2.0)}, {4, 0.0, spread(0.1390, 2.0)}, {5, 0.0, spread(0.1249, 2.0)},
                   {6, 0.0, spread(0.1157, 2.0)}, {7, 0.0, spread(0.1082, 2.0)}};
    return d;
}

const VoltageClassDefaults& GridDefaults::class_of(double kv) const {
    const VoltageClassDefaults* best = &classes.front();
    double best_d = std::abs(std::log(kv / best->kv));
    for (const auto& c : classes) {
        const double d = std::abs(std::log(kv / c.kv));
        if (d < best_d) {
            best = &c;
            best_d = d;
        }
    }
    return *best;
}

const AssumedRange& GridDefaults::grounding_of(std::size_t buses, double max_kv) const {
    const GroundingDefaults* best = nullptr;
    for (const auto& g : grounding) {
        if (static_cast<std::size_t>(g.buses) > buses || g.kv_min > max_kv) {
            continue;
        }
        if (best == nullptr || g.buses > best->buses || (g.buses == best->buses && g.kv_min > best->kv_min)) {
            best = &g;
        }
    }
    return best != nullptr ? best->grounding_ohm : grounding.front().grounding_ohm;
}

void GridDefaults::check(const std::string& source) const {
    auto fail = [&](const std::string& field, const std::string& why) { throw ConfigError({stage, source, "", "", field}, why); };
    auto check_range = [&](const AssumedRange& r, const std::string& field) {
        if (!(std::isfinite(r.low) && std::isfinite(r.typical) && std::isfinite(r.high) && r.low > 0.0 && r.low <= r.typical &&
              r.typical <= r.high)) {
            fail(field, "expected [low, typical, high] with 0 < low <= typical <= high, got [" + format_number(r.low) + ", " +
                            format_number(r.typical) + ", " + format_number(r.high) + "]");
        }
    };
    if (classes.empty()) {
        fail("voltage_class", "the table needs at least one voltage class");
    }
    if (grounding.empty()) {
        fail("grounding", "the table needs at least one grounding row");
    }
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const auto& c = classes[i];
        const std::string where = "voltage_class[" + std::to_string(i + 1) + "]";
        if (!(std::isfinite(c.kv) && c.kv > 0.0)) {
            fail(where + ".kv", "expected a voltage > 0 kV");
        }
        if (i > 0 && !(c.kv > classes[i - 1].kv)) {
            fail(where + ".kv", "voltage classes must be in increasing kv");
        }
        check_range(c.line_r_ohm_per_km, where + ".line_r_ohm_per_km");
        check_range(c.winding_r_ohm, where + ".winding_r_ohm");
        check_range(c.lv_winding_r_ohm, where + ".lv_winding_r_ohm");
        check_range(c.auto_series_r_ohm, where + ".auto_series_r_ohm");
        check_range(c.auto_common_r_ohm, where + ".auto_common_r_ohm");
    }
    for (std::size_t i = 0; i < grounding.size(); ++i) {
        const std::string where = "grounding[" + std::to_string(i + 1) + "]";
        if (grounding[i].buses < 1) {
            fail(where + ".buses", "expected a bus count >= 1");
        }
        if (!(std::isfinite(grounding[i].kv_min) && grounding[i].kv_min >= 0.0)) {
            fail(where + ".kv_min", "expected a voltage >= 0 kV");
        }
        check_range(grounding[i].grounding_ohm, where + ".ohm");
    }
    if (!(std::isfinite(auto_min_kv) && auto_min_kv >= 0.0)) {
        fail("auto_min_kv", "expected a voltage >= 0 kV");
    }
    if (!(std::isfinite(auto_max_ratio) && auto_max_ratio >= 1.0)) {
        fail("auto_max_ratio", "expected a ratio >= 1");
    }
    if (!(std::isfinite(generator_kv) && generator_kv > 0.0)) {
        fail("generator_kv", "expected a voltage > 0 kV");
    }
    if (!(std::isfinite(step_down_ratio) && step_down_ratio > 1.0)) {
        fail("step_down_ratio", "expected a ratio > 1");
    }
}

bool is_assumed(const std::string& assumed, std::string_view field) {
    std::size_t start = 0;
    while (start <= assumed.size()) {
        std::size_t end = assumed.find(',', start);
        if (end == std::string::npos) {
            end = assumed.size();
        }
        if (trim(std::string_view(assumed).substr(start, end - start)) == field) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------------

Network build_grid(const PublicMapInput& map, const GridBuildOptions& options, ProblemSink& problems, GridBuildReport* report_out) {
    const GridDefaults& defaults = options.defaults;
    defaults.check("grid defaults");
    GridBuildReport report;
    report.vertices_read = map.vertices.size();
    report.lines_read = map.lines.size();

    // Vertices, with those the build adds for unsnapped ends.
    struct Node {
        std::string id;
        std::string name;
        GeoPoint location;
        MapVertexKind kind;
        std::set<double> levels;  // kV of its lines and its own
        bool added = false;
    };
    std::vector<Node> nodes;
    nodes.reserve(map.vertices.size());
    std::unordered_map<std::string, std::size_t> node_index;
    PointGrid grid(options.snap_km);
    for (const auto& v : map.vertices) {
        if (!v.location.valid()) {
            throw InputError({stage, map.vertices_location, "vertices", v.id, "geometry"}, "vertex has no valid coordinates");
        }
        if (!node_index.emplace(v.id, nodes.size()).second) {
            throw InputError({stage, map.vertices_location, "vertices", v.id, "id"}, "duplicate vertex id");
        }
        Node n{v.id, v.name, v.location, v.kind, {}, false};
        for (const double kv : v.kv) {
            if (std::isfinite(kv) && kv > 0.0) {
                n.levels.insert(level_key(kv));
            }
        }
        grid.insert(v.location, nodes.size());
        nodes.push_back(std::move(n));
    }

    // Ends: by id, else snapped, else a new junction.
    std::vector<std::pair<std::size_t, std::size_t>> ends(map.lines.size());
    auto resolve = [&](const MapLine& line, const std::string& ref, GeoPoint p, const char* field) -> std::size_t {
        if (!ref.empty()) {
            if (const auto it = node_index.find(ref); it != node_index.end()) {
                ++report.ends_by_id;
                return it->second;
            }
            ++report.unknown_end_ids;
            problems.warn("unknown_vertex", line.id, map.lines_location,
                          std::string(field) + " '" + ref + "' is not among the substations/vertices: the end is snapped instead");
        }
        double km = 0.0;
        if (const std::size_t n = grid.nearest(p, &km); n != PointGrid::npos) {
            ++report.ends_snapped;
            return n;
        }
        ++report.unsnapped_ends;
        ++report.junctions_added;
        problems.warn("unsnapped_end", line.id, map.lines_location,
                      std::string("line end (") + field + ") has no substation within " + format_number(options.snap_km) +
                          " km: a junction (ungrounded node) is added at " + format_number(p.lon_deg, 8) + ", " +
                          format_number(p.lat_deg, 8));
        const std::size_t index = nodes.size();
        Node n{"J" + line.id + (std::string(field) == "to" ? "-to" : "-from"), "", p, MapVertexKind::junction, {}, true};
        node_index.emplace(n.id, index);
        grid.insert(p, index);
        nodes.push_back(std::move(n));
        return index;
    };
    for (std::size_t i = 0; i < map.lines.size(); ++i) {
        const MapLine& line = map.lines[i];
        if (line.path.size() < 2) {
            throw InputError({stage, map.lines_location, "lines", line.id, "geometry"}, "a line route needs at least two points");
        }
        for (const auto& p : line.path) {
            if (!p.valid() || std::abs(p.lat_deg) > 90.0) {
                throw InputError({stage, map.lines_location, "lines", line.id, "geometry"}, "route point with invalid coordinates");
            }
        }
        for (const double kv : line.kv) {
            if (!(std::isfinite(kv) && kv > 0.0)) {
                throw InputError({stage, map.lines_location, "lines", line.id, "voltage"},
                                 "expected voltages > 0 kV (leave empty for unknown), got " + format_number(kv));
            }
        }
        ends[i].first = resolve(line, line.from_vertex, line.path.front(), "from");
        ends[i].second = resolve(line, line.to_vertex, line.path.back(), "to");
    }

    // Circuits. A line without a voltage takes one its ends' other lines share (the highest), else the
    // highest at either end.
    std::vector<std::set<double>> line_levels(nodes.size());
    for (std::size_t i = 0; i < map.lines.size(); ++i) {
        for (const double kv : map.lines[i].kv) {
            line_levels[ends[i].first].insert(level_key(kv));
            line_levels[ends[i].second].insert(level_key(kv));
        }
    }
    std::vector<Circuit> circuits;
    for (std::size_t i = 0; i < map.lines.size(); ++i) {
        const MapLine& line = map.lines[i];
        if (ends[i].first == ends[i].second) {
            ++report.dropped_loops;
            problems.warn("loop_line", line.id, map.lines_location, "both ends of the line are at '" + nodes[ends[i].first].id + "': left out");
            continue;
        }
        std::vector<double> kvs(line.kv.begin(), line.kv.end());
        bool inferred = false;
        if (kvs.empty()) {
            const auto& a = line_levels[ends[i].first];
            const auto& b = line_levels[ends[i].second];
            double pick = not_a_number;
            for (auto it = a.rbegin(); it != a.rend(); ++it) {
                if (b.count(*it) != 0) {
                    pick = *it;
                    break;
                }
            }
            if (std::isnan(pick)) {
                if (!a.empty() || !b.empty()) {
                    pick = std::max(a.empty() ? 0.0 : *a.rbegin(), b.empty() ? 0.0 : *b.rbegin());
                }
            }
            if (std::isnan(pick)) {
                ++report.dropped_no_voltage;
                problems.warn("no_voltage", line.id, map.lines_location,
                              "line has no voltage and no line at its ends has one: left out");
                continue;
            }
            ++report.kv_inferred;
            problems.warn("kv_inferred", line.id, map.lines_location,
                          "line has no voltage: " + kv_text(pick) + " kV assumed from the lines at its ends");
            kvs.push_back(pick);
            inferred = true;
        }
        // One voltage given with more circuits known: that many circuits at the voltage.
        if (kvs.size() == 1 && line.circuits > 1) {
            kvs.assign(static_cast<std::size_t>(line.circuits), kvs.front());
        }
        for (std::size_t k = 0; k < kvs.size(); ++k) {
            circuits.push_back({i, level_key(kvs[k]), static_cast<int>(k + 1), static_cast<int>(kvs.size()), inferred});
            nodes[ends[i].first].levels.insert(level_key(kvs[k]));
            nodes[ends[i].second].levels.insert(level_key(kvs[k]));
        }
    }

    // Substations and buses: every node a circuit reaches.
    Network net;
    std::vector<std::size_t> sub_of_node(nodes.size(), PointGrid::npos);
    std::vector<std::map<double, std::size_t>> bus_of_level(nodes.size());
    std::vector<char> used(nodes.size(), 0);
    for (const auto& c : circuits) {
        used[ends[c.line].first] = 1;
        used[ends[c.line].second] = 1;
    }
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (used[n] == 0) {
            if (!nodes[n].added) {
                ++report.vertices_unused;
            }
            continue;
        }
        const Node& node = nodes[n];
        sub_of_node[n] = net.substations.size();
        Substation s;
        s.id = node.id;
        s.name = node.name.empty() && node.kind == MapVertexKind::junction ? "junction" : node.name;
        s.location = node.location;
        if (node.added) {
            add_assumed(s.assumed, "location");  // the line's end point, not a mapped substation
        }
        net.substations.push_back(std::move(s));
        for (auto it = node.levels.rbegin(); it != node.levels.rend(); ++it) {
            bus_of_level[n][*it] = net.buses.size();
            net.buses.push_back({node.id + "-" + kv_text(*it), sub_of_node[n], *it, 1.0, ""});
        }
    }

    // Transformers.
    auto add_bus = [&](std::size_t sub, double kv, const std::string& suffix) {
        net.buses.push_back({net.substations[sub].id + "-" + suffix, sub, kv, 1.0, "kv"});
        return net.buses.size() - 1;
    };
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (used[n] == 0 || nodes[n].kind == MapVertexKind::junction) {
            continue;
        }
        const std::size_t sub = sub_of_node[n];
        const std::string& sid = net.substations[sub].id;
        std::vector<std::pair<double, std::size_t>> levels(bus_of_level[n].rbegin(), bus_of_level[n].rend());  // high to low
        for (std::size_t k = 0; k + 1 < levels.size(); ++k) {
            const auto [hv_kv, hv] = levels[k];
            const auto [lv_kv, lv] = levels[k + 1];
            Transformer t;
            t.id = sid + "-T" + kv_text(hv_kv) + "/" + kv_text(lv_kv);
            t.hv_bus = hv;
            t.lv_bus = lv;
            const auto& cls = defaults.class_of(hv_kv);
            if (lv_kv >= defaults.auto_min_kv && hv_kv / lv_kv <= defaults.auto_max_ratio) {
                t.type = TransformerType::autotransformer;
                t.r_hv_ohm = cls.auto_series_r_ohm.typical;
                t.r_lv_ohm = cls.auto_common_r_ohm.typical;
            } else {
                t.type = TransformerType::gy_gy_d;
                t.r_hv_ohm = cls.winding_r_ohm.typical;
                t.r_lv_ohm = defaults.class_of(lv_kv).lv_winding_r_ohm.typical;
            }
            t.assumed = "type,r_hv_ohm,r_lv_ohm";
            net.transformers.push_back(std::move(t));
        }
        const double top_kv = levels.front().first;
        const std::size_t top = levels.front().second;
        if (nodes[n].kind == MapVertexKind::plant) {
            Transformer t;
            t.id = sid + "-GSU";
            t.type = TransformerType::gsu;
            t.hv_bus = top;
            t.lv_bus = add_bus(sub, defaults.generator_kv, "G");
            t.r_hv_ohm = defaults.class_of(top_kv).winding_r_ohm.typical;
            t.assumed = "type,r_hv_ohm";
            net.transformers.push_back(std::move(t));
        } else if (levels.size() == 1 && defaults.single_level_step_down) {
            const double lv_kv = level_key(top_kv / defaults.step_down_ratio);
            Transformer t;
            t.id = sid + "-T" + kv_text(top_kv) + "/LV";
            t.type = TransformerType::gy_d;
            t.hv_bus = top;
            t.lv_bus = add_bus(sub, lv_kv, "LV");
            t.r_hv_ohm = defaults.class_of(top_kv).winding_r_ohm.typical;
            t.assumed = "type,r_hv_ohm";
            net.transformers.push_back(std::move(t));
        }
    }
    // Grounding of the substations with a transformer (by bus count and highest voltage).
    std::vector<std::size_t> bus_count(net.substations.size(), 0);
    std::vector<double> max_kv(net.substations.size(), 0.0);
    for (const auto& b : net.buses) {
        ++bus_count[b.substation];
        max_kv[b.substation] = std::max(max_kv[b.substation], b.kv);
    }
    std::vector<char> has_transformer(net.substations.size(), 0);
    for (const auto& t : net.transformers) {
        has_transformer[net.substation_of(t)] = 1;
    }
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        if (has_transformer[s] != 0) {
            net.substations[s].grounding_ohm = defaults.grounding_of(bus_count[s], max_kv[s]).typical;
            add_assumed(net.substations[s].assumed, "grounding_ohm");
        }
    }

    // Lines, one per circuit.
    for (const auto& c : circuits) {
        const MapLine& line = map.lines[c.line];
        Line l;
        l.id = c.of > 1 ? line.id + ":" + std::to_string(c.number) : line.id;
        l.from_bus = bus_of_level[ends[c.line].first].at(c.kv);
        l.to_bus = bus_of_level[ends[c.line].second].at(c.kv);
        l.kv = c.kv;
        l.path = line.path;
        const double km = std::max(path_km(line.path), 1e-3);
        l.r_ohm = std::max(km * defaults.class_of(c.kv).line_r_ohm_per_km.typical, min_resistance_ohm);
        l.assumed = c.kv_assumed ? "r_ohm,kv" : "r_ohm";
        net.lines.push_back(std::move(l));
    }
    report.circuits = net.lines.size();
    if (net.lines.empty()) {
        throw InputError({stage, map.lines_location, "lines", "", ""}, "no line with a voltage between two vertices: nothing to build");
    }
    if (net.transformers.empty()) {
        throw InputError({stage, map.vertices_location, "vertices", "", "kind"},
                         "no substation has two voltage levels and no vertex is a plant: the built grid would have no "
                         "transformer and so no path to earth; give a --defaults file with single_level_step_down = true "
                         "to assume a grounded step-down in one-level substations");
    }
    // A map's route may run either way between its end substations (GridKit v_id_1 is not always at
    // the start): start every route at its from_bus substation, as the grid reader does.
    validate_network(net, NetworkSource{map.lines_location});
    orient_routes(net, problems, map.lines_location);
    problems.warn("grid_build", "", map.lines_location,
                  std::to_string(net.lines.size()) + " circuits from " + std::to_string(map.lines.size()) + " lines, " +
                      std::to_string(net.substations.size()) + " substations/junctions, " + std::to_string(net.transformers.size()) +
                      " assumed transformers; ends: " + std::to_string(report.ends_by_id) + " by id, " +
                      std::to_string(report.ends_snapped) + " snapped, " + std::to_string(report.unsnapped_ends) +
                      " unsnapped (new junctions); resistances and grounding are assumed from voltage-class defaults");
    if (report_out != nullptr) {
        *report_out = report;
    }
    return net;
}

Network with_assumed_at(const Network& network, const GridDefaults& defaults, RangeEnd end) {
    Network out = network;
    if (end == RangeEnd::typical) {
        return out;
    }
    for (auto& l : out.lines) {
        if (is_assumed(l.assumed, "r_ohm")) {
            const auto& r = defaults.class_of(l.kv).line_r_ohm_per_km;
            l.r_ohm *= at(r, end) / r.typical;
        }
    }
    for (auto& t : out.transformers) {
        const double hv_kv = out.buses[t.hv_bus].kv;
        const double lv_kv = out.buses[t.lv_bus].kv;
        const auto& cls = defaults.class_of(hv_kv);
        const bool aut = t.type == TransformerType::autotransformer;
        if (is_assumed(t.assumed, "r_hv_ohm") && std::isfinite(t.r_hv_ohm)) {
            const auto& r = aut ? cls.auto_series_r_ohm : cls.winding_r_ohm;
            t.r_hv_ohm *= at(r, end) / r.typical;
        }
        if (is_assumed(t.assumed, "r_lv_ohm") && std::isfinite(t.r_lv_ohm)) {
            const auto& r = aut ? cls.auto_common_r_ohm : defaults.class_of(lv_kv).lv_winding_r_ohm;
            t.r_lv_ohm *= at(r, end) / r.typical;
        }
    }
    std::vector<std::size_t> bus_count(out.substations.size(), 0);
    std::vector<double> max_kv(out.substations.size(), 0.0);
    for (const auto& b : out.buses) {
        ++bus_count[b.substation];
        max_kv[b.substation] = std::max(max_kv[b.substation], b.kv);
    }
    for (std::size_t s = 0; s < out.substations.size(); ++s) {
        auto& sub = out.substations[s];
        if (sub.grounding_ohm && is_assumed(sub.assumed, "grounding_ohm")) {
            const auto& r = defaults.grounding_of(bus_count[s], max_kv[s]);
            *sub.grounding_ohm *= at(r, end) / r.typical;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::size_t>> assumed_counts(const Network& network) {
    std::map<std::string, std::size_t> counts;
    auto count = [&](const char* layer, const std::string& assumed) {
        std::size_t start = 0;
        while (start < assumed.size()) {
            std::size_t end = assumed.find(',', start);
            if (end == std::string::npos) {
                end = assumed.size();
            }
            const std::string field = trim(std::string_view(assumed).substr(start, end - start));
            if (!field.empty()) {
                ++counts[std::string(layer) + "." + field];
            }
            start = end + 1;
        }
    };
    for (const auto& s : network.substations) {
        count("substations", s.assumed);
    }
    for (const auto& b : network.buses) {
        count("buses", b.assumed);
    }
    for (const auto& t : network.transformers) {
        count("transformers", t.assumed);
    }
    for (const auto& l : network.lines) {
        count("lines", l.assumed);
    }
    return {counts.begin(), counts.end()};
}

PublicMapInput public_map_of(const Network& network) {
    PublicMapInput map;
    map.vertices_location = "public_map_of(substations)";
    map.lines_location = "public_map_of(lines)";
    std::vector<char> has_gsu(network.substations.size(), 0);
    for (const auto& t : network.transformers) {
        const std::size_t s = network.substation_of(t);
        if (t.type == TransformerType::gsu) {
            has_gsu[s] = 1;
        }
    }
    for (std::size_t s = 0; s < network.substations.size(); ++s) {
        const auto& sub = network.substations[s];
        if (!sub.location.valid()) {
            continue;  // a public map has no vertex without coordinates
        }
        MapVertex v;
        v.id = sub.id;
        v.name = sub.name;
        v.location = sub.location;
        // A map shows a substation (or a plant) where the case has one, transformer or not.
        v.kind = has_gsu[s] != 0 ? MapVertexKind::plant : MapVertexKind::substation;
        map.vertices.push_back(std::move(v));
    }
    for (const auto& l : network.lines) {
        const auto& a = network.substations[network.buses[l.from_bus].substation];
        const auto& b = network.substations[network.buses[l.to_bus].substation];
        if (!a.location.valid() || !b.location.valid() || &a == &b) {
            continue;
        }
        MapLine m;
        m.id = l.id;
        m.path = network.route(l);
        m.kv = {std::isfinite(l.kv) ? l.kv : network.buses[l.from_bus].kv};
        m.from_vertex = a.id;
        m.to_vertex = b.id;
        map.lines.push_back(std::move(m));
    }
    return map;
}

namespace {

std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) {
            ++j;
        }
        const double mean = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t k = i; k <= j; ++k) {
            r[order[k]] = mean;
        }
        i = j + 1;
    }
    return r;
}

double quantile(std::vector<double> v, double q) {
    if (v.empty()) {
        return not_a_number;
    }
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

/// Group key of every transformer: "sub|hv|lv", lv = "LV" below the substation's line voltages, "gsu".
std::vector<std::string> transformer_keys(const Network& net) {
    std::vector<std::set<double>> line_kv(net.substations.size());
    for (const auto& l : net.lines) {
        for (const std::size_t b : {l.from_bus, l.to_bus}) {
            line_kv[net.buses[b].substation].insert(level_key(net.buses[b].kv));
        }
    }
    std::vector<std::string> keys;
    keys.reserve(net.transformers.size());
    for (const auto& t : net.transformers) {
        const std::size_t s = net.substation_of(t);
        const double hv = level_key(net.buses[t.hv_bus].kv);
        const double lv = level_key(net.buses[t.lv_bus].kv);
        std::string lv_text;
        if (t.type == TransformerType::gsu) {
            lv_text = "gsu";
        } else if (line_kv[s].count(lv) != 0) {
            lv_text = kv_text(lv);
        } else {
            lv_text = "LV";
        }
        keys.push_back(net.substations[s].id + "|" + kv_text(hv) + "|" + lv_text);
    }
    return keys;
}

}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.size() < 2) {
        return not_a_number;
    }
    const auto ra = ranks(a);
    const auto rb = ranks(b);
    const double n = static_cast<double>(a.size());
    const double mean = (n + 1.0) / 2.0;
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    if (saa <= 0.0 || sbb <= 0.0) {
        return not_a_number;
    }
    return sab / std::sqrt(saa * sbb);
}

GridQuality compare_grids(const Network& full, const std::vector<double>& full_ground_a, const std::vector<double>& full_ieff_a,
                          const Network& approx, const std::vector<double>& approx_ground_a, const std::vector<double>& approx_ieff_a) {
    GridQuality q;
    std::unordered_map<std::string, std::size_t> approx_sub;
    for (std::size_t s = 0; s < approx.substations.size(); ++s) {
        approx_sub.emplace(approx.substations[s].id, s);
    }
    std::vector<char> grounded(full.substations.size(), 0);
    for (const auto& t : full.transformers) {
        if (!t.neutral_blocked && has_neutral_winding(t.type)) {
            grounded[full.substation_of(t)] = 1;
        }
    }
    std::vector<double> fa, aa;
    for (std::size_t s = 0; s < full.substations.size(); ++s) {
        if (grounded[s] == 0 || !full.substations[s].location.valid()) {
            continue;
        }
        const auto it = approx_sub.find(full.substations[s].id);
        fa.push_back(std::abs(full_ground_a[s]));
        aa.push_back(it == approx_sub.end() ? 0.0 : std::abs(approx_ground_a[it->second]));
    }
    q.substations_compared = fa.size();
    q.spearman_ground_gic = spearman(fa, aa);

    std::map<std::string, double> full_sum, approx_sum;
    const auto fk = transformer_keys(full);
    for (std::size_t t = 0; t < fk.size(); ++t) {
        full_sum[fk[t]] += full_ieff_a[t];
    }
    const auto ak = transformer_keys(approx);
    for (std::size_t t = 0; t < ak.size(); ++t) {
        approx_sum[ak[t]] += approx_ieff_a[t];
    }
    std::vector<double> errors;
    for (const auto& [key, f] : full_sum) {
        if (!(f > 0.0)) {
            continue;
        }
        ++q.transformer_keys;
        const auto it = approx_sum.find(key);
        if (it == approx_sum.end()) {
            ++q.keys_missing;
            errors.push_back(1.0);
        } else {
            errors.push_back(std::abs(it->second - f) / f);
        }
    }
    for (const auto& [key, a] : approx_sum) {
        q.keys_extra += full_sum.count(key) == 0 ? 1 : 0;
        (void)a;
    }
    q.ieff_median_rel_error = quantile(errors, 0.5);
    q.ieff_p90_rel_error = quantile(errors, 0.9);
    return q;
}

}  // namespace swx
