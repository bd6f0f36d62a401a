// Transformer reactive power loss (qloss.hpp, docs/gic-model.md).

#include <swx/core/network/qloss.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>

namespace swx {

namespace {

constexpr std::array<std::pair<std::string_view, TransformerCore>, 6> core_names{{
    {"unknown", TransformerCore::unknown},
    {"single_phase", TransformerCore::single_phase},
    {"three_leg", TransformerCore::three_leg},
    {"five_leg", TransformerCore::five_leg},
    {"shell", TransformerCore::shell},
    {"seven_leg", TransformerCore::seven_leg},
}};

}  // namespace

std::string_view to_string(TransformerCore core) {
    for (const auto& [name, value] : core_names) {
        if (value == core) {
            return name;
        }
    }
    return "unknown";
}

std::optional<TransformerCore> parse_transformer_core(std::string_view text) {
    std::string key;
    for (const char c : text) {
        key.push_back(c == '-' || c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (key.empty()) {
        return TransformerCore::unknown;
    }
    for (const auto& [name, value] : core_names) {
        if (name == key) {
            return value;
        }
    }
    return std::nullopt;
}

double default_k_factor(TransformerCore core) {
    // No published per-core table of PowerWorld's defaults was found (docs/gic-model.md). PowerWorld's
    // own export of uiuc150, whose transformers all have an unknown core (CORE 0), carries KFACTOR 1.1023,
    // i.e. K = 1.80 per unit, and its Qloss column gives K = 1.8000 for those 59 units: that value serves
    // every core design until a sourced table replaces it.
    switch (core) {
        case TransformerCore::unknown:
        case TransformerCore::single_phase:
        case TransformerCore::three_leg:
        case TransformerCore::five_leg:
        case TransformerCore::shell:
        case TransformerCore::seven_leg: return 1.80;
    }
    return 1.80;
}

bool k_factor_assumed(const Transformer& transformer) { return !std::isfinite(transformer.k_factor); }

double k_factor_used(const Transformer& transformer) {
    return k_factor_assumed(transformer) ? default_k_factor(transformer.core) : transformer.k_factor;
}

double k_factor_from_psse(double kfactor) { return kfactor * 2.0 * std::sqrt(2.0 / 3.0); }

double qloss_mvar_per_a(const Network& network, const Transformer& transformer) {
    const double kv_h = network.buses[transformer.hv_bus].kv;
    const double vm = network.buses[transformer.qloss_v_at_lv ? transformer.lv_bus : transformer.hv_bus].vm_pu;
    return k_factor_used(transformer) * vm * std::sqrt(1.5) * kv_h / 1000.0;
}

double qloss_mvar(const Network& network, const Transformer& transformer, double ieff_a) {
    return qloss_mvar_per_a(network, transformer) * std::abs(ieff_a);
}

}  // namespace swx
