#pragma once
/// @file study.hpp
/// The site-exposure study (`swxrisk run SCENARIO.toml`): candidate sites, the grid that feeds them, the
/// ground under them and a storm scenario in; per-site exposure components, the index and its rank,
/// an exposure surface and a peak-field map out. Scenario format: docs/scenario-format.md.

#include <swx/core/exposure/exposure.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/sites_reader.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace swx::io {

struct StudyConfig {
    std::filesystem::path scenario_file;  ///< where the configuration came from (provenance)
    std::string name = "swxrisk study";
    std::string sites;          ///< path (resolved against the scenario file's folder)
    std::string grid;           ///< optional
    std::string earth_regions;  ///< optional
    std::string earth_model;    ///< optional fallback / everywhere
    std::string models_dir;     ///< optional extra earth models
    std::string scenario;       ///< "nerc-benchmark" / "nerc-supplemental" (or empty with a magnetometer)
    std::string magnetometer;   ///< optional storm record
    MagnetometerOptions magnetometer_options;
    std::string waveform;       ///< optional NERC waveform (β for non-NERC models)
    double epoch = 2025.0;
    std::optional<GridSpec> area;  ///< study area for the rasters (bbox + resolution)
    std::string crs = "EPSG:4326";
    ExposureParameters index;
    double supply_radius_km = 50.0;
    std::string out_dir;  ///< resolved
    bool write_map_png = true;
};

/// Parses and checks a scenario file: every key known, every value of the right type and range, every
/// input file present (relative paths resolve against the file's folder).
/// @throws ConfigError naming the file, the table and the key.
[[nodiscard]] StudyConfig load_study_config(const std::filesystem::path& path);

struct SiteResult {
    Site site;
    double geomagnetic_lat_deg = not_a_number;
    double alpha = not_a_number;
    std::string earth_model;
    double beta = not_a_number;
    double e_peak_v_per_km = not_a_number;
    double ieff_max_a = not_a_number;
    std::size_t n_supplies = 0;
    std::vector<std::string> supplies;
    double dist_substation_km = not_a_number;
    GeoPoint evaluated_at;  ///< the point that gave the index (polygon sites: the worst point)
    double exposure_index = not_a_number;
    std::string exposure_class;
    std::size_t rank = 0;
    std::string flags;  ///< what could not be computed: "no_ground", "no_grid", ...
};

struct StudyResult {
    std::vector<SiteResult> sites;  ///< in input order
    std::optional<Raster> peak_e;
    std::optional<Raster> exposure;
    std::vector<FeatureTable> grid_layers;  ///< substations, transformers, lines with their currents
    std::vector<std::string> notes;         ///< scenario and inputs, for the report
};

/// What `validate` / `run --dry-run` print: the inputs found and what would be computed.
void describe_study(const StudyConfig& config, std::ostream& out);

/// Runs the study on the sites named in the configuration. `progress` receives one line per step.
/// @throws InputError/ConfigError/CrsError for bad inputs (before anything is written).
[[nodiscard]] StudyResult run_study(const StudyConfig& config, ProblemSink& problems,
                                    const std::function<void(const std::string&)>& progress = {});

/// The same with the sites given as objects (config.sites is then only used in messages).
[[nodiscard]] StudyResult run_study(const StudyConfig& config, const std::vector<Site>& sites, ProblemSink& problems,
                                    const std::function<void(const std::string&)>& progress = {});

/// Writes sites.csv, sites.gpkg, exposure.tif, peak_e.tif, map.png and report.md into the output
/// folder: all or nothing. @throws ConfigError if the folder exists and is not empty (and !overwrite).
void write_study(const StudyConfig& config, const StudyResult& result, bool overwrite);

/// The sites table (columns documented in docs/scenario-format.md).
[[nodiscard]] FeatureTable sites_table(const StudyResult& result);

}  // namespace swx::io
