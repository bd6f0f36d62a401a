#pragma once
/// @file field_config.hpp
/// The options of a storm field that varies in space (issue 11): many magnetometers (SECS) and MT
/// impedance tensors, as one plain struct shared by the scenario file, the CLI and Python. Names,
/// help and ranges are in options.hpp.

#include <swx/core/base/error.hpp>
#include <swx/core/efield/storm_field.hpp>

#include <string>

namespace swx::io {

struct FieldConfig {
    std::string magnetometers;             ///< options::magnetometers (folder or comma list)
    std::string stations;                  ///< options::stations
    std::string baseline = "median";       ///< options::baseline
    double secs_pole_spacing_deg = 0.5;    ///< options::secs_pole_spacing_deg
    double secs_margin_deg = 5.0;          ///< options::secs_margin_deg
    double secs_epsilon = 0.1;             ///< options::secs_epsilon
    std::string secs_regularisation = "tsvd";  ///< options::secs_regularisation
    double line_sample_km = 10.0;          ///< options::line_sample_km
    std::string mt_sites;                  ///< options::mt_sites
    double mt_max_distance_km = 100.0;     ///< options::mt_max_distance_km
    std::string mt_interpolation = "nearest";  ///< options::mt_interpolation

    /// True when the field varies in space: many magnetometers, or MT sites.
    [[nodiscard]] bool varying() const { return !magnetometers.empty() || !mt_sites.empty(); }
    /// The core options. @throws ConfigError (stage `where.stage`, field = the option's name in `dotted`
    /// or flag form) for a value out of range or an unknown name.
    [[nodiscard]] StormFieldOptions field_options(const ErrorContext& where, bool flags) const;
    /// Refuses options given for a part of the field that is not in use (they would be silently ignored):
    /// stations, baseline and secs_* without `magnetometers`; mt_max_distance_km and mt_interpolation
    /// without `mt_sites`; line_sample_km when the field does not vary in space. An option counts as given
    /// when it differs from its default. @throws ConfigError naming the option.
    void check_used(const ErrorContext& where, bool flags) const;
    /// The baseline method. @throws ConfigError as field_options.
    [[nodiscard]] BaselineMethod baseline_method(const ErrorContext& where, bool flags) const;
};

}  // namespace swx::io
