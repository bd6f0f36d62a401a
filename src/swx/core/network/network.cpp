#include <swx/core/network/network.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
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

std::string fmt_value(double v) {
    if (std::isnan(v)) {
        return "empty/NaN";
    }
    return format_fixed(v, 6);
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

std::vector<GeoPoint> Network::route(const Line& line) const {
    if (!line.path.empty()) {
        return line.path;
    }
    return {substations[buses[line.from_bus].substation].location,
            substations[buses[line.to_bus].substation].location};
}

void validate_network(const Network& network, const NetworkSource& source) {
    const std::string stage = "readers.grid";
    auto fail = [&](const std::string& layer, const std::string& id, const std::string& field,
                    const std::string& why) { throw InputError({stage, source.path, layer, id, field}, why); };

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
        if (s.grounding_ohm && !positive_finite(*s.grounding_ohm)) {
            fail(source.substations_layer, s.id, "grounding_ohm",
                 "expected a resistance > 0 ohm (or empty for unknown), got " + fmt_value(*s.grounding_ohm));
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
        if (hv_winding_carries_dc(t.type) && !positive_finite(t.r_hv_ohm)) {
            fail(source.transformers_layer, t.id, "r_hv_ohm",
                 "expected a winding resistance > 0 ohm for type " + std::string(to_string(t.type)) + ", got " +
                     fmt_value(t.r_hv_ohm));
        }
        if (lv_winding_carries_dc(t.type) && !positive_finite(t.r_lv_ohm)) {
            fail(source.transformers_layer, t.id, "r_lv_ohm",
                 "expected a winding resistance > 0 ohm for type " + std::string(to_string(t.type)) + ", got " +
                     fmt_value(t.r_lv_ohm));
        }
        if (!t.neutral_blocked && has_neutral_winding(t.type)) {
            grounded = true;
        }
    }
    for (const auto& l : network.lines) {
        if (l.from_bus == l.to_bus) {
            fail(source.lines_layer, l.id, "to_bus", "both ends are the same bus '" + network.buses[l.from_bus].id + "'");
        }
        if (!l.dc_blocked && !positive_finite(l.r_ohm)) {
            fail(source.lines_layer, l.id, "r_ohm", "expected a resistance > 0 ohm per phase, got " + fmt_value(l.r_ohm));
        }
        if (l.path.empty()) {
            for (const std::size_t bus : {l.from_bus, l.to_bus}) {
                const Substation& s = network.substations[network.buses[bus].substation];
                if (!s.location.valid()) {
                    fail(source.lines_layer, l.id, "geometry",
                         "the line has no geometry and its substation '" + s.id +
                             "' has no coordinates, so its route is unknown");
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

}  // namespace swx
