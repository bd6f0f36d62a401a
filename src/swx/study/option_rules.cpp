#include <swx/study/option_rules.hpp>

#include <swx/core/base/text.hpp>

#include <algorithm>
#include <cmath>

namespace swx::study {

std::string_view to_string(GicVariant v) {
    switch (v) {
        case GicVariant::uniform: return "uniform field";
        case GicVariant::scenario: return "NERC scenario (--scenario)";
        case GicVariant::waveform: return "NERC waveform time series (--scenario with --waveform)";
        case GicVariant::record: return "storm record time series (--magnetometer)";
    }
    return "?";
}

bool GicOptionRule::applies(GicVariant v) const {
    switch (v) {
        case GicVariant::uniform: return uniform;
        case GicVariant::scenario: return scenario;
        case GicVariant::waveform: return waveform;
        case GicVariant::record: return record;
    }
    return false;
}

void check_gic_options(GicVariant variant, const std::vector<std::string>& given) {
    for (const auto& flag : given) {
        const auto rule = std::find_if(gic_option_rules.begin(), gic_option_rules.end(), [&](const auto& r) { return r.flag == flag; });
        if (rule == gic_option_rules.end() || rule->applies(variant)) {
            continue;
        }
        std::string modes;
        for (const GicVariant v : {GicVariant::uniform, GicVariant::scenario, GicVariant::waveform, GicVariant::record}) {
            if (rule->applies(v)) {
                modes += (modes.empty() ? "" : "; ") + std::string(to_string(v));
            }
        }
        throw ConfigError({"gic", "", "", "", flag}, flag + " does not apply to the " + std::string(to_string(variant)) +
                                                         " mode (it applies to: " + modes + "); remove it or choose that mode");
    }
}

void check_waveform_event(NercEvent event, const GeoelectricWaveform& waveform, ErrorContext where) {
    double peak = 0.0;
    for (std::size_t i = 0; i < waveform.e_north_v_per_km.size() && i < waveform.e_east_v_per_km.size(); ++i) {
        peak = std::max(peak, std::hypot(waveform.e_north_v_per_km[i], waveform.e_east_v_per_km[i]));
    }
    const double e_ref = nerc_reference_field_v_per_km(event);
    if (!(std::abs(peak - e_ref) <= 0.05 * e_ref)) {
        if (where.path.empty()) {
            where.path = waveform.source_path;
        }
        const char* other = event == NercEvent::benchmark ? "nerc-supplemental (12 V/km)" : "nerc-benchmark (8 V/km)";
        throw ConfigError(where, "the waveform peaks at " + format_number(peak, 3) + " V/km but the " +
                                     std::string(event == NercEvent::benchmark ? "nerc-benchmark" : "nerc-supplemental") +
                                     " event's reference field is " + format_number(e_ref, 3) +
                                     " V/km (an event's waveform peaks within 5 % of it): give the event's own waveform, or the scenario it belongs to (" + other + ")");
    }
}

void check_finite(double value, const ErrorContext& where) {
    if (!std::isfinite(value)) {
        throw ConfigError(where, "must be a finite number, got " + format_number(value, 6));
    }
}

}  // namespace swx::study
