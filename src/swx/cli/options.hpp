#pragma once
/// @file options.hpp
/// Binds the options declared in swx/io/options.hpp to CLI11: the flag, the help text and the range
/// all come from the one declaration, so `--help`, the scenario file and Python agree.

#include <swx/io/options.hpp>
#include <swx/study/requests.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <string>

namespace swx::cli {

/// Adds `spec` as an option bound to `value`; numeric options get the spec's range as a check.
/// `also` adds further names, e.g. a short historical spelling ("--resolution").
template <class T>
CLI::Option* add_option(CLI::App* sub, const io::OptionSpec& spec, T& value, const std::string& also = {}) {
    CLI::Option* o = sub->add_option(also.empty() ? spec.flag() : also + "," + spec.flag(), value, std::string(spec.help));
    if constexpr (std::is_arithmetic_v<T>) {
        o->capture_default_str();
        const io::OptionSpec copy = spec;
        o->check(CLI::Validator(
            [copy](std::string& text) -> std::string {
                try {
                    copy.check(std::stod(text));
                } catch (const std::exception&) {
                    const std::string range = copy.range_text();
                    return "must be a finite number" + (range.empty() ? std::string() : " " + range) + ", got '" + text + "'";
                }
                return {};
            },
            copy.range_text(), "range"));
    }
    return o;
}

/// --earth-regions, --earth-model, --models.
inline void add_ground_options(CLI::App* sub, study::GroundRequest& g) {
    add_option(sub, io::options::earth_regions, g.earth_regions);
    add_option(sub, io::options::earth_model, g.earth_model);
    add_option(sub, io::options::models, g.models_dir);
}

/// --time-column, --x-column, --y-column, --max-gap-s.
inline void add_magnetometer_format_options(CLI::App* sub, io::MagnetometerOptions& m) {
    add_option(sub, io::options::time_column, m.time_column);
    add_option(sub, io::options::x_column, m.x_column);
    add_option(sub, io::options::y_column, m.y_column);
    add_option(sub, io::options::max_gap_s, m.max_gap_s);
}

/// Many magnetometers (SECS) and MT sites: --magnetometers, --stations, --baseline, --secs-*, --line-sample-km,
/// --mt-sites, --mt-max-distance-km, --mt-interpolation. `lines`: the command integrates along lines.
inline void add_field_options(CLI::App* sub, io::FieldConfig& f, bool lines) {
    add_option(sub, io::options::magnetometers, f.magnetometers);
    add_option(sub, io::options::stations, f.stations);
    add_option(sub, io::options::baseline, f.baseline)->capture_default_str()->check(CLI::IsMember({"median", "mean", "first_window"}));
    add_option(sub, io::options::secs_pole_spacing_deg, f.secs_pole_spacing_deg);
    add_option(sub, io::options::secs_margin_deg, f.secs_margin_deg);
    add_option(sub, io::options::secs_epsilon, f.secs_epsilon);
    add_option(sub, io::options::secs_regularisation, f.secs_regularisation)->capture_default_str()->check(CLI::IsMember({"tsvd", "tikhonov"}));
    if (lines) {
        add_option(sub, io::options::line_sample_km, f.line_sample_km);
    }
    add_option(sub, io::options::mt_sites, f.mt_sites);
    add_option(sub, io::options::mt_max_distance_km, f.mt_max_distance_km);
    add_option(sub, io::options::mt_interpolation, f.mt_interpolation)
        ->capture_default_str()
        ->check(CLI::IsMember({"nearest", "inverse_distance"}));
}

/// --scenario with the scenario names as the allowed values.
inline CLI::Option* add_scenario_option(CLI::App* sub, std::string& scenario) {
    return add_option(sub, io::options::scenario, scenario)
        ->check(CLI::IsMember({std::string(io::scenario_names[0]), std::string(io::scenario_names[1])}));
}

}  // namespace swx::cli
