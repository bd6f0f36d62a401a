#pragma once
/// @file options.hpp
/// The study options, each declared once: its name (the scenario file's key, the Python keyword, and —
/// with '_' written '-' — the CLI flag), the scenario-file table it belongs to, its help text and its
/// valid range. The scenario-file reader (study_config.hpp), the CLI (swx/cli) and the Python module
/// all take their names, help and checks from here, so the three front ends cannot drift apart.

#include <swx/core/base/error.hpp>
#include <swx/core/exposure/exposure.hpp>
#include <swx/core/storm/geomag.hpp>

#include <array>
#include <limits>
#include <string>
#include <string_view>

namespace swx::io {

/// One option.
struct OptionSpec {
    std::string_view key;    ///< scenario-file key and Python keyword, e.g. "earth_regions"
    std::string_view table;  ///< scenario-file table, e.g. "inputs" ("" = not in scenario files)
    std::string_view help;   ///< one line, no front-end-specific wording
    double min = -std::numeric_limits<double>::infinity();  ///< numeric options: smallest valid value
    double max = std::numeric_limits<double>::infinity();   ///< numeric options: largest valid value
    bool min_exclusive = false;                              ///< min itself is not valid

    /// The CLI flag: "--" + key with '_' written '-' ("--earth-regions").
    [[nodiscard]] std::string flag() const;
    /// The dotted scenario-file name ("inputs.earth_regions"), or the key where there is no table.
    [[nodiscard]] std::string dotted() const;
    /// The valid range in words ("> 0", ">= 0", "from 2015 to 2035"); empty for an unbounded option.
    [[nodiscard]] std::string range_text() const;
    /// @throws ConfigError (field = `field`, or dotted() when empty) if `value` is not finite or out of range.
    void check(double value, ErrorContext where = {}) const;
};

namespace options {
// [inputs]: the ground
inline constexpr OptionSpec earth_regions{"earth_regions", "inputs", "earth-region polygons with a 'model' field (any OGR source)"};
inline constexpr OptionSpec earth_model{"earth_model", "inputs",
                                        "earth model outside the earth regions, or everywhere when no regions are given"};
inline constexpr OptionSpec models{"models", "inputs", "a folder of extra earth model files (TOML)"};
// [storm]
inline constexpr OptionSpec scenario{"scenario", "storm",
                                     "NERC TPL-007 event: nerc-benchmark (8 V/km) or nerc-supplemental (12 V/km); or the named storm "
                                     "carrington-1859 (hazard model)"};
inline constexpr OptionSpec magnetometer{"magnetometer", "storm", "storm record (IAGA-2002 or CSV, nT, x north, y east)"};
inline constexpr OptionSpec waveform{"waveform", "storm",
                                     "NERC geoelectric waveform CSV of the event (Time, E_EW, E_NS); also gives beta for earth "
                                     "models that are not NERC regions"};
inline constexpr OptionSpec epoch{"epoch", "storm", "epoch of the IGRF-14 centred dipole for geomagnetic latitude (decimal year, 1900-2030; to 2035 "
                                  "extrapolated with a warning)",
                                  igrf_guard_from_year, igrf_guard_to_year};
// [storm], the return-period hazard (docs/hazard-model.md)
inline constexpr OptionSpec hazard{"hazard", "storm",
                                   "hazard model: return-period (the storm hazard by return period at every latitude; instead of a "
                                   "scenario or a magnetometer record)"};
inline constexpr OptionSpec return_periods_years{"return_periods_years", "storm",
                                                 "return periods whose fields are reported, whole years (default 10, 100, 1000)", 1.0,
                                                 1.0e5};
inline constexpr OptionSpec hazard_threshold_a{"threshold_a", "storm",
                                               "return-period hazard: effective GIC of the worst supplying transformer that counts as "
                                               "exceedance, A per phase (TPL-007: 75)",
                                               0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec e_star_v_per_km{"e_star_v_per_km", "storm",
                                            "return-period hazard: the stated field whose return period a site without a grid gets, V/km "
                                            "(default 2)",
                                            0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec hazard_profile{"hazard_profile", "storm", "driver-profile CSV replacing datasets/hazard/driver_profile.csv"};
inline constexpr OptionSpec hazard_terms{"hazard_terms", "storm", "storm-terms CSV replacing datasets/hazard/storm_terms.csv"};
inline constexpr OptionSpec time_column{"time_column", "storm", "magnetometer CSV: name of the time column (default: found by name)"};
inline constexpr OptionSpec x_column{"x_column", "storm", "magnetometer CSV: name of the X (north, nT) column"};
inline constexpr OptionSpec y_column{"y_column", "storm", "magnetometer CSV: name of the Y (east, nT) column"};
inline constexpr OptionSpec max_gap_s{"max_gap_s", "storm", "magnetometer: longest gap interpolated linearly, s; longer gaps are an error",
                                      0.0};
// [storm], many magnetometers (docs/storm-data.md, "Many magnetometers")
inline constexpr OptionSpec magnetometers{"magnetometers", "storm",
                                          "many storm records: a folder, or a comma-separated list of IAGA-2002 / CSV / NERC CSV files, "
                                          "interpolated between stations by spherical elementary current systems (SECS)"};
inline constexpr OptionSpec stations{"stations", "storm",
                                     "stations table of the records (id, lat_deg, lon_deg; or NERC magnetometers.csv); default: the "
                                     "folder's stations.csv or magnetometers.csv"};
inline constexpr OptionSpec baseline{"baseline", "storm",
                                     "baseline removed from each record before the SECS fit: median (default), mean or first_window (changes the "
                                     "predicted B only; E and GIC do not depend on it)"};
inline constexpr OptionSpec secs_pole_spacing_deg{"secs_pole_spacing_deg", "storm", "SECS pole grid spacing, degrees of latitude", 0.0,
                                                  10.0, true};
inline constexpr OptionSpec secs_margin_deg{"secs_margin_deg", "storm", "SECS pole grid margin around the stations, degrees", 0.0, 30.0};
inline constexpr OptionSpec secs_epsilon{"secs_epsilon", "storm",
                                         "SECS regularisation: relative singular-value cut-off (truncated SVD) or damping (Tikhonov)", 0.0,
                                         1.0, true};
inline constexpr OptionSpec secs_regularisation{"secs_regularisation", "storm", "SECS regularisation: tsvd (default) or tikhonov"};
inline constexpr OptionSpec line_sample_km{"line_sample_km", "storm",
                                           "longest piece of a line between field samples when the field varies along it, km", 0.0,
                                           1000.0, true};
// [inputs], 3-D ground (docs/geoelectric-model.md, "MT impedance tensors")
inline constexpr OptionSpec mt_sites{"mt_sites", "inputs", "magnetotelluric transfer functions: a folder of EMTF XML files, or a comma list"};
inline constexpr OptionSpec mt_max_distance_km{"mt_max_distance_km", "inputs",
                                               "farthest an MT site is used from a point, km; beyond it the 1-D earth model applies", 0.0,
                                               20000.0};
inline constexpr OptionSpec mt_interpolation{"mt_interpolation", "inputs",
                                             "field between MT sites: nearest (default) or inverse_distance (1/d^2 of the 4 nearest)"};
// [area]
inline constexpr OptionSpec resolution_deg{"resolution_deg", "area", "cell size of the rasters, degrees", 0.0,
                                           std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec crs{"crs", "area", "CRS of the rasters (EPSG code, WKT, PROJ string); other than EPSG:4326 they are warped"};
// [index]
inline constexpr OptionSpec weight_hazard{"weight_hazard", "index", "weight of the hazard term of the exposure index", 0.0};
inline constexpr OptionSpec weight_grid{"weight_grid", "index", "weight of the grid term of the exposure index", 0.0};
inline constexpr OptionSpec e0_v_per_km{"e0_v_per_km", "index", "field scale of the hazard term, V/km", 0.0,
                                        std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec i0_a{"i0_a", "index", "current scale of the grid term, A per phase (TPL-007: 75)", 0.0,
                                 std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec redundancy_exponent{"redundancy_exponent", "index", "redundancy exponent gamma of the grid term", 0.0};
inline constexpr OptionSpec supply_radius_km{"supply_radius_km", "index",
                                             "a site without listed supplies is supplied by the nearest substation within this distance, km",
                                             0.0, std::numeric_limits<double>::infinity(), true};
// gic, uniform field
inline constexpr OptionSpec e_v_per_km{"e_v_per_km", "", "uniform field magnitude, V/km", 0.0};
inline constexpr OptionSpec azimuth_deg{"azimuth_deg", "", "field direction, degrees clockwise from north (uniform field and scenario)",
                                        -360.0, 360.0};
// gic, time series
inline constexpr OptionSpec dt_s{"dt_s", "", "time series: sample interval, s", 0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec threshold_a{"threshold_a", "", "time series: effective GIC screening threshold, A per phase (TPL-007: 75)",
                                        0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr OptionSpec hdf5_deflate{"hdf5_deflate", "",
                                         "time series: compress gic_timeseries.h5 with HDF5's shuffle + deflate filters at this level, "
                                         "1-9 (0 = none, the default; lossless, slower to write)",
                                         0.0, 9.0};

/// Option groups, in the order their options are listed.
inline constexpr std::array<const OptionSpec*, 3> ground{&earth_regions, &earth_model, &models};
inline constexpr std::array<const OptionSpec*, 4> magnetometer_format{&time_column, &x_column, &y_column, &max_gap_s};
inline constexpr std::array<const OptionSpec*, 6> index{&weight_hazard, &weight_grid,          &e0_v_per_km,
                                                        &i0_a,          &redundancy_exponent, &supply_radius_km};
}  // namespace options

/// The scenario names: the NERC events (parse_nerc_event accepts exactly these two) and the named storms
/// of the hazard model (named_storm()).
inline constexpr std::array<std::string_view, 3> scenario_names{"nerc-benchmark", "nerc-supplemental", "carrington-1859"};
/// True for a named storm of the hazard model (a scenario name that is not a NERC event).
[[nodiscard]] inline bool is_named_storm(std::string_view scenario) {
    return !scenario.empty() && scenario.rfind("nerc-", 0) != 0;
}
/// The hazard model names ([storm] hazard).
inline constexpr std::array<std::string_view, 1> hazard_names{"return-period"};

/// Sets one [index] parameter by key (options::index): `index` or `supply_radius_km`.
/// @throws ConfigError naming `where` if the key is unknown or the value out of range.
void set_index_parameter(ExposureParameters& index, double& supply_radius_km, std::string_view key, double value,
                         ErrorContext where = {});

/// `text` with every CLI flag of an option that scenario files also have ("--earth-model") written as
/// its scenario-file key ("inputs.earth_model"): messages from a TOML study name the TOML key, not a
/// flag the user never typed.
[[nodiscard]] std::string with_scenario_keys(std::string text);

/// `text` with every such CLI flag written as the option's key, the Python keyword ("--earth-model" →
/// "earth_model"): messages from the Python module name its keywords.
[[nodiscard]] std::string with_keyword_names(std::string text);

/// @throws ConfigError naming `where` if `name` is not a NERC event (or, with `named_storms`, a named storm
///         of the hazard model: site studies take those too).
void check_scenario_name(const std::string& name, ErrorContext where = {}, bool named_storms = false);

/// @throws ConfigError naming `where` if `name` is not one of hazard_names.
void check_hazard_name(const std::string& name, ErrorContext where = {});

}  // namespace swx::io
