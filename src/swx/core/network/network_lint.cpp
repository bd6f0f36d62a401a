#include <swx/core/network/network_lint.hpp>

#include <swx/core/base/text.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace swx {

double typical_line_r_ohm_per_km(double kv) {
    // (kV, ohm/km per phase), ascending voltage.
    static constexpr std::array<std::pair<double, double>, 8> table{{
        {69.0, 0.20}, {115.0, 0.13}, {138.0, 0.11}, {161.0, 0.09},
        {230.0, 0.07}, {345.0, 0.037}, {500.0, 0.0185}, {765.0, 0.010},
    }};
    if (kv <= table.front().first) {
        return table.front().second;
    }
    for (std::size_t i = 1; i < table.size(); ++i) {
        if (kv <= table[i].first) {
            // interpolate log(r) linearly in kV
            const auto [k0, r0] = table[i - 1];
            const auto [k1, r1] = table[i];
            const double w = (kv - k0) / (k1 - k0);
            return std::exp(std::log(r0) + w * (std::log(r1) - std::log(r0)));
        }
    }
    return table.back().second;
}

double typical_max_line_km(double kv) {
    constexpr double km_per_kv = 1.0;
    constexpr double floor_km = 100.0;
    return std::isfinite(kv) && kv > 0.0 ? std::max(floor_km, km_per_kv * kv) : floor_km;
}

void lint_network(const Network& network, const std::vector<double>& length_km, ProblemSink& problems,
                  const LintLimits& limits) {
    for (const auto& s : network.substations) {
        if (!s.location.valid()) {
            problems.warn("no_coordinates", s.id, "substations", "substation has no coordinates");
        }
        if (s.grounding_ohm && (*s.grounding_ohm < limits.grounding_min_ohm || *s.grounding_ohm > limits.grounding_max_ohm)) {
            problems.warn("grounding_range", s.id, "substations",
                          "grounding_ohm " + format_number(*s.grounding_ohm, 3) + " is outside the usual " +
                              format_number(limits.grounding_min_ohm, 3) + "-" +
                              format_number(limits.grounding_max_ohm, 3) +
                              " ohm (is it per phase, or in the wrong unit?)");
        }
    }
    for (std::size_t i = 0; i < network.lines.size(); ++i) {
        const Line& l = network.lines[i];
        const double km = i < length_km.size() ? length_km[i] : not_a_number;
        const double max_km = limits.max_line_km.value_or(typical_max_line_km(l.kv));
        if (std::isfinite(km) && km > max_km) {
            const std::string rule = limits.max_line_km ? std::string("the limit")
                                                        : "the screening length at " + format_number(l.kv, 3) + " kV";
            problems.warn("long_line", l.id, "lines",
                          "route is " + format_number(km, 4) + " km long (> " + format_number(max_km, 4) + " km, " + rule +
                              "): check its ends, or split it at intermediate substations");
        }
        if (!l.dc_blocked && std::isfinite(km) && km > 1.0 && std::isfinite(l.kv) && l.kv > 0) {
            const double per_km = l.r_ohm / km;
            const double typical = typical_line_r_ohm_per_km(l.kv);
            if (per_km > typical * limits.r_per_km_factor || per_km < typical / limits.r_per_km_factor) {
                problems.warn("line_resistance", l.id, "lines",
                              "r_ohm " + format_number(l.r_ohm, 3) + " over " + format_number(km, 4) + " km is " +
                                  format_number(per_km, 3) + " ohm/km per phase; typical at " +
                                  format_number(l.kv, 3) + " kV is " + format_number(typical, 3) +
                                  (per_km > typical
                                       ? " - higher than typical: is it the three phases in series (3x), one "
                                         "sub-conductor of a bundle, or in a smaller unit such as milliohm?"
                                       : " - lower than typical: is it the three phases in parallel (1/3), a value per km "
                                         "instead of the whole line's, or in a larger unit such as kilohm?"));
            }
        }
    }
    for (const auto& t : network.transformers) {
        const std::size_t hs = network.buses[t.hv_bus].substation;
        const std::size_t ls = network.buses[t.lv_bus].substation;
        if (hs != ls) {
            problems.warn("transformer_substations", t.id, "transformers",
                          "HV bus is in substation '" + network.substations[hs].id + "' but LV bus in '" +
                              network.substations[ls].id + "'");
        }
    }
}

}  // namespace swx
