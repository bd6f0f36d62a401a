#include <swx/io/field_config.hpp>

#include <swx/io/options.hpp>

namespace swx::io {

namespace {

ErrorContext naming(ErrorContext where, const OptionSpec& spec, bool flags) {
    where.field = flags ? spec.flag() : spec.dotted();
    return where;
}

}  // namespace

StormFieldOptions FieldConfig::field_options(const ErrorContext& where, bool flags) const {
    StormFieldOptions o;
    options::secs_pole_spacing_deg.check(secs_pole_spacing_deg, naming(where, options::secs_pole_spacing_deg, flags));
    options::secs_margin_deg.check(secs_margin_deg, naming(where, options::secs_margin_deg, flags));
    options::secs_epsilon.check(secs_epsilon, naming(where, options::secs_epsilon, flags));
    options::line_sample_km.check(line_sample_km, naming(where, options::line_sample_km, flags));
    options::mt_max_distance_km.check(mt_max_distance_km, naming(where, options::mt_max_distance_km, flags));
    o.secs.pole_spacing_deg = secs_pole_spacing_deg;
    o.secs.margin_deg = secs_margin_deg;
    o.secs.epsilon = secs_epsilon;
    if (secs_regularisation == "tsvd") {
        o.secs.regularisation = SecsRegularisation::truncated_svd;
    } else if (secs_regularisation == "tikhonov") {
        o.secs.regularisation = SecsRegularisation::tikhonov;
    } else {
        throw ConfigError(naming(where, options::secs_regularisation, flags),
                          "expected tsvd or tikhonov, got '" + secs_regularisation + "'");
    }
    o.mt_max_distance_km = mt_max_distance_km;
    if (mt_interpolation == "nearest") {
        o.mt_interpolation = MtInterpolation::nearest;
    } else if (mt_interpolation == "inverse_distance") {
        o.mt_interpolation = MtInterpolation::inverse_distance;
    } else {
        throw ConfigError(naming(where, options::mt_interpolation, flags),
                          "expected nearest or inverse_distance, got '" + mt_interpolation + "'");
    }
    return o;
}

void FieldConfig::check_used(const ErrorContext& where, bool flags) const {
    const FieldConfig d;
    const auto name = [&](const OptionSpec& o) { return flags ? o.flag() : o.dotted(); };
    const auto refuse = [&](bool given, const OptionSpec& o, const std::string& needs) {
        if (given) {
            throw ConfigError(naming(where, o, flags), name(o) + " belongs to " + needs + "; without it the option would be ignored");
        }
    };
    if (magnetometers.empty()) {
        const std::string needs = name(options::magnetometers) + " (many records, SECS)";
        refuse(!stations.empty(), options::stations, needs);
        refuse(baseline != d.baseline, options::baseline, needs);
        refuse(secs_pole_spacing_deg != d.secs_pole_spacing_deg, options::secs_pole_spacing_deg, needs);
        refuse(secs_margin_deg != d.secs_margin_deg, options::secs_margin_deg, needs);
        refuse(secs_epsilon != d.secs_epsilon, options::secs_epsilon, needs);
        refuse(secs_regularisation != d.secs_regularisation, options::secs_regularisation, needs);
    }
    if (mt_sites.empty()) {
        const std::string needs = name(options::mt_sites);
        refuse(mt_max_distance_km != d.mt_max_distance_km, options::mt_max_distance_km, needs);
        refuse(mt_interpolation != d.mt_interpolation, options::mt_interpolation, needs);
    }
    refuse(!varying() && line_sample_km != d.line_sample_km, options::line_sample_km,
           name(options::magnetometers) + " or " + name(options::mt_sites) + " (a field that varies along lines)");
}

BaselineMethod FieldConfig::baseline_method(const ErrorContext& where, bool flags) const {
    if (baseline == "median") {
        return BaselineMethod::median;
    }
    if (baseline == "mean") {
        return BaselineMethod::mean;
    }
    if (baseline == "first_window") {
        return BaselineMethod::first_window;
    }
    throw ConfigError(naming(where, options::baseline, flags), "expected median, mean or first_window, got '" + baseline + "'");
}

}  // namespace swx::io
