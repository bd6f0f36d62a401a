#include <swx/core/network/network.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>
#include <utility>

namespace swx {

namespace {

constexpr std::array<std::pair<std::string_view, TransformerType>, 13> type_names{{
    {"gsu", TransformerType::gsu},
    {"gy_gy", TransformerType::gy_gy},
    {"gy_gy_d", TransformerType::gy_gy_d},
    {"auto", TransformerType::autotransformer},
    {"autotransformer", TransformerType::autotransformer},
    {"gy_d", TransformerType::gy_d},
    {"d_gy", TransformerType::d_gy},
    {"d_d", TransformerType::d_d},
    {"gwye_gwye", TransformerType::gy_gy},
    {"gwye_delta", TransformerType::gy_d},
    {"delta_gwye", TransformerType::d_gy},
    {"delta_delta", TransformerType::d_d},
    {"gwye_gwye_delta", TransformerType::gy_gy_d},
}};

std::string normalise(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '-' || c == ' ') {
            out += '_';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

bool positive_finite(double v) { return std::isfinite(v) && v > 0.0; }

bool resistance_ok(double v) { return std::isfinite(v) && v >= min_resistance_ohm && v <= max_resistance_ohm; }

std::string fmt_value(double v) {
    if (std::isnan(v)) {
        return "empty/NaN";
    }
    return format_number(v, 6);
}

/// " (between 1e-06 and 1e+06 ohm), got <v>", with a word on why when v is > 0 but out of range.
std::string resistance_range(double v) {
    std::string why = " (between " + format_number(min_resistance_ohm) + " and " + format_number(max_resistance_ohm) +
                      " ohm), got " + fmt_value(v);
    if (std::isfinite(v) && v > 0.0 && v < min_resistance_ohm) {
        why += ": a value this small makes the nodal admittance matrix ill-conditioned (is it in the wrong unit?)";
    } else if (std::isfinite(v) && v > max_resistance_ohm) {
        why += ": an element this resistive carries no DC (mark it dc_blocked / neutral_blocked instead, or check the unit)";
    }
    return why;
}

/// Great-circle distance on a sphere of the mean earth radius (IUGG R1 = 6371.0088 km), km.
double distance_km(GeoPoint a, GeoPoint b) {
    constexpr double deg = 3.14159265358979323846 / 180.0;
    const double dlat = (b.lat_deg - a.lat_deg) * deg;
    const double dlon = (b.lon_deg - a.lon_deg) * deg;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat_deg * deg) * std::cos(b.lat_deg * deg) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace

std::optional<TransformerType> parse_transformer_type(std::string_view text) {
    const std::string key = normalise(text);
    for (const auto& [name, type] : type_names) {
        if (name == key) {
            return type;
        }
    }
    return std::nullopt;
}

std::string_view to_string(TransformerType type) {
    switch (type) {
        case TransformerType::gsu: return "gsu";
        case TransformerType::gy_gy: return "gy_gy";
        case TransformerType::gy_gy_d: return "gy_gy_d";
        case TransformerType::autotransformer: return "auto";
        case TransformerType::gy_d: return "gy_d";
        case TransformerType::d_gy: return "d_gy";
        case TransformerType::d_d: return "d_d";
    }
    return "unknown";
}

bool hv_winding_carries_dc(TransformerType type) {
    switch (type) {
        case TransformerType::gsu:
        case TransformerType::gy_gy:
        case TransformerType::gy_gy_d:
        case TransformerType::autotransformer:
        case TransformerType::gy_d: return true;
        case TransformerType::d_gy:
        case TransformerType::d_d: return false;
    }
    return false;
}

bool lv_winding_carries_dc(TransformerType type) {
    switch (type) {
        case TransformerType::gy_gy:
        case TransformerType::gy_gy_d:
        case TransformerType::autotransformer:
        case TransformerType::d_gy: return true;
        case TransformerType::gsu:
        case TransformerType::gy_d:
        case TransformerType::d_d: return false;
    }
    return false;
}

bool has_neutral_winding(TransformerType type) {
    return (hv_winding_carries_dc(type) && type != TransformerType::autotransformer) || lv_winding_carries_dc(type);
}

bool fill_winding_resistances(Transformer& t, double hv_kv, double lv_kv) {
    const bool need_hv = hv_winding_carries_dc(t.type) && !positive_finite(t.r_hv_ohm);
    const bool need_lv = lv_winding_carries_dc(t.type) && !positive_finite(t.r_lv_ohm);
    if (!need_hv && !need_lv) {
        return false;
    }
    const double ratio = hv_kv / lv_kv;
    const double k = t.type == TransformerType::autotransformer ? ratio - 1.0 : ratio;
    const bool k_ok = positive_finite(k);
    // Within the range validate_network accepts: an extreme ratio (an autotransformer of ratio near 1,
    // a grid's made-up LV voltage) must not make the admittance matrix ill-conditioned.
    const auto in_range = [](double r) { return std::clamp(r, min_resistance_ohm, max_resistance_ohm); };
    if (need_hv) {
        t.r_hv_ohm = positive_finite(t.r_lv_ohm) && k_ok ? in_range(t.r_lv_ohm * k * k) : default_winding_ohm;
    }
    if (need_lv) {
        t.r_lv_ohm = positive_finite(t.r_hv_ohm) && k_ok ? in_range(t.r_hv_ohm / (k * k)) : default_winding_ohm;
    }
    return true;
}

std::vector<GeoPoint> Network::route(const Line& line) const {
    if (!line.path.empty()) {
        return line.path;
    }
    return {substations[buses[line.from_bus].substation].location,
            substations[buses[line.to_bus].substation].location};
}

std::span<const GeoPoint> Network::route(const Line& line, std::array<GeoPoint, 2>& ends) const {
    if (!line.path.empty()) {
        return line.path;
    }
    ends = {substations[buses[line.from_bus].substation].location, substations[buses[line.to_bus].substation].location};
    return ends;
}

const std::string& NetworkSource::file_of(const std::string& layer) const {
    for (const auto& [name, file] : {std::pair{&substations_layer, &substations_file}, std::pair{&buses_layer, &buses_file},
                                     std::pair{&transformers_layer, &transformers_file}, std::pair{&lines_layer, &lines_file}}) {
        if (*name == layer && !file->empty()) {
            return *file;
        }
    }
    return path;
}

void validate_network(const Network& network, const NetworkSource& source) {
    const std::string stage = "readers.grid";
    auto fail = [&](const std::string& layer, const std::string& id, const std::string& field, const std::string& why) {
        throw InputError({stage, source.file_of(layer), layer, id, field}, why);
    };

    if (network.substations.empty()) {
        fail(source.substations_layer, "", "", "layer has no features: a grid needs substations");
    }
    if (network.buses.empty()) {
        fail(source.buses_layer, "", "", "layer has no features: a grid needs buses");
    }
    if (network.transformers.empty()) {
        fail(source.transformers_layer, "", "", "layer has no features: a grid needs transformers");
    }
    if (network.lines.empty()) {
        fail(source.lines_layer, "", "", "layer has no features: a grid needs lines");
    }
    for (const auto& s : network.substations) {
        if (s.grounding_ohm && !resistance_ok(*s.grounding_ohm)) {
            fail(source.substations_layer, s.id, "grounding_ohm",
                 "expected a resistance > 0 ohm, or empty for unknown" + resistance_range(*s.grounding_ohm));
        }
    }
    for (const auto& b : network.buses) {
        if (!positive_finite(b.kv)) {
            fail(source.buses_layer, b.id, "kv", "expected a nominal voltage > 0 kV, got " + fmt_value(b.kv));
        }
    }
    bool grounded = false;
    for (const auto& t : network.transformers) {
        if (t.hv_bus == t.lv_bus) {
            fail(source.transformers_layer, t.id, "lv_bus",
                 "HV and LV side are the same bus '" + network.buses[t.hv_bus].id + "'");
        }
        if (hv_winding_carries_dc(t.type) && !resistance_ok(t.r_hv_ohm)) {
            fail(source.transformers_layer, t.id, "r_hv_ohm",
                 "expected a winding resistance > 0 ohm per phase for type " + std::string(to_string(t.type)) +
                     resistance_range(t.r_hv_ohm));
        }
        if (lv_winding_carries_dc(t.type) && !resistance_ok(t.r_lv_ohm)) {
            fail(source.transformers_layer, t.id, "r_lv_ohm",
                 "expected a winding resistance > 0 ohm per phase for type " + std::string(to_string(t.type)) +
                     resistance_range(t.r_lv_ohm));
        }
        if (!t.neutral_blocked && has_neutral_winding(t.type)) {
            grounded = true;
        }
    }
    for (const auto& l : network.lines) {
        if (l.from_bus == l.to_bus) {
            fail(source.lines_layer, l.id, "to_bus", "both ends are the same bus '" + network.buses[l.from_bus].id + "'");
        }
        if (!l.dc_blocked && !resistance_ok(l.r_ohm)) {
            fail(source.lines_layer, l.id, "r_ohm", "expected a resistance > 0 ohm per phase" + resistance_range(l.r_ohm));
        }
        if (l.path.empty()) {
            for (const std::size_t bus : {l.from_bus, l.to_bus}) {
                const Substation& s = network.substations[network.buses[bus].substation];
                if (!s.location.valid()) {
                    fail(source.lines_layer, l.id, "geometry",
                         "the line has no geometry and its substation '" + s.id +
                             "' has no coordinates, so its route is unknown: give the substation a Point geometry (in a CSV "
                             "layer the columns lon_deg, lat_deg, WGS84 degrees) or the line a LineString");
                }
            }
        }
        for (const auto& p : l.path) {
            if (!p.valid() || std::abs(p.lat_deg) > 90.0 || std::abs(p.lon_deg) > 540.0) {
                fail(source.lines_layer, l.id, "geometry", "route has a vertex with invalid (NaN or out-of-range) coordinates");
            }
        }
    }
    if (!grounded) {
        fail(source.transformers_layer, "", "neutral_blocked",
             "the grid has no grounded node: every transformer neutral is blocked or ungrounded, so GIC has no "
             "path to earth");
    }
}

void orient_routes(Network& network, ProblemSink& problems, const std::string& location, double tolerance_km) {
    for (Line& l : network.lines) {
        if (l.path.size() < 2) {
            continue;
        }
        const std::size_t from_sub = network.buses[l.from_bus].substation;
        const std::size_t to_sub = network.buses[l.to_bus].substation;
        if (from_sub == to_sub) {
            continue;  // both ends in one substation: no direction to recover
        }
        const GeoPoint from = network.substations[from_sub].location;
        const GeoPoint to = network.substations[to_sub].location;
        const GeoPoint start = l.path.front();
        const GeoPoint end = l.path.back();
        // Sum of the two end distances for each orientation; a missing substation location contributes
        // nothing, so the known end alone decides.
        auto d = [](GeoPoint a, GeoPoint b) { return a.valid() && b.valid() ? distance_km(a, b) : 0.0; };
        const double as_drawn = d(start, from) + d(end, to);
        const double reversed = d(end, from) + d(start, to);
        if (reversed < as_drawn) {
            std::reverse(l.path.begin(), l.path.end());
        }
        std::string far;
        for (const auto& [end_point, sub, bus] : {std::tuple{l.path.front(), from_sub, l.from_bus},
                                                  std::tuple{l.path.back(), to_sub, l.to_bus}}) {
            const GeoPoint at = network.substations[sub].location;
            if (!at.valid()) {
                continue;
            }
            const double km = distance_km(end_point, at);
            if (km > tolerance_km) {
                far += (far.empty() ? "" : "; ") + std::string("the end nearest substation '") + network.substations[sub].id +
                       "' (bus " + network.buses[bus].id + ") is " + format_number(km, 4) + " km from it";
            }
        }
        if (!far.empty()) {
            problems.warn("route_end", l.id, location,
                          "route does not end at its substations (tolerance " + format_number(tolerance_km, 3) +
                              " km): " + far + "; check the geometry and the line's from_bus/to_bus");
        }
    }
}

}  // namespace swx
