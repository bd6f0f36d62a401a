#pragma once
/// @file study_config.hpp
/// The scenario file of a site-exposure study (`swxrisk run SCENARIO.toml`, docs/scenario-format.md):
/// every key, its type and range (io/options.hpp), the input files it names. The study itself runs in
/// swx/study/site_study.hpp.

#include <swx/core/efield/return_level.hpp>
#include <swx/core/exposure/exposure.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/io/ensemble_config.hpp>
#include <swx/io/field_config.hpp>
#include <swx/io/magnetometer.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace swx::io {

struct StudyConfig {
    std::filesystem::path scenario_file;  ///< where the configuration came from (provenance)
    std::string name = "swxrisk study";
    std::string sites;          ///< path (resolved against the scenario file's folder)
    std::string grid;           ///< optional; own format, PSS/E .raw (with grid_gic) or MATPOWER-GMD .m
    std::string grid_gic;       ///< optional: the PSS/E .gic that goes with a .raw grid
    std::string earth_regions;  ///< optional
    std::string earth_model;    ///< optional fallback / everywhere
    std::string models_dir;     ///< optional extra earth models
    std::string scenario;       ///< "nerc-benchmark" / "nerc-supplemental" / "carrington-1859" (or empty)
    std::string hazard;         ///< "return-period" (or empty: a scenario or a magnetometer record)
    ReturnPeriodSettings return_period;  ///< [storm] return_periods_years, threshold_a, e_star_v_per_km
    std::string hazard_profile;  ///< optional replacement of the bundled driver profile
    std::string hazard_terms;    ///< optional replacement of the bundled storm terms
    std::string magnetometer;   ///< optional storm record
    MagnetometerOptions magnetometer_options;
    FieldConfig field;          ///< many magnetometers ([storm] magnetometers, secs_*) and MT sites ([inputs] mt_sites)
    std::string waveform;       ///< optional NERC waveform (β for non-NERC models)
    double epoch = 2025.0;
    std::optional<GridSpec> area;  ///< study area for the rasters (bbox + resolution)
    std::string crs = "EPSG:4326";
    ExposureParameters index;
    double supply_radius_km = 50.0;
    std::string out_dir;  ///< resolved
    bool write_map_png = true;
    std::optional<EnsembleConfig> ensemble;  ///< `[ensemble]`: run with `swxrisk ensemble` (docs/ensembles.md)
};

/// Parses and checks a scenario file: every key known, every value of the right type and range, every
/// input file present (relative paths resolve against the file's folder).
/// @throws ConfigError naming the file, the table and the key.
[[nodiscard]] StudyConfig load_study_config(const std::filesystem::path& path);

/// The checks load_study_config makes on values (not on files): the ground is given, exactly one of
/// scenario and magnetometer, a known scenario name, the epoch, the index and the magnetometer options
/// in range. For configurations built in code (Python).
/// @throws ConfigError naming the option (scenario-file spelling, e.g. storm.scenario).
void check_study_config(const StudyConfig& config);

/// The output files a study writes, in the order they are listed (sites.csv, sites.gpkg, report.md,
/// then exposure.tif, peak_e.tif, map.png when there is a study area).
[[nodiscard]] std::vector<std::string> study_output_names(const StudyConfig& config);

/// study_output_names joined with commas, as the CLI prints them ("sites.csv,sites.gpkg,...").
[[nodiscard]] std::string study_output_list(const StudyConfig& config);

}  // namespace swx::io
