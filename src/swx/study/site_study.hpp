#pragma once
/// @file site_study.hpp
/// The site-exposure study (`swxrisk run SCENARIO.toml`, Python `run_study*`): read every input once
/// (io), run the chain in core — ground, storm hazard, grid GIC, supplies, index, rank, rasters — and
/// write every output once (io), all or nothing.

#include <swx/core/base/problems.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>
#include <swx/core/exposure/site_study.hpp>
#include <swx/io/study_config.hpp>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace swx::study {

/// Everything a study computed.
struct StudyResult {
    std::vector<SiteResult> sites;  ///< in input order
    std::optional<Raster> peak_e;
    std::optional<Raster> exposure;
    std::optional<Raster> return_period;  ///< return-period studies: years until the threshold is reached
    std::vector<FeatureTable> grid_layers;  ///< substations, transformers, lines with their currents
    std::vector<std::string> notes;         ///< scenario and inputs, for the report
};

/// Receives one line per step of a long run.
using Progress = std::function<void(const std::string&)>;

/// What `validate` / `run --dry-run` print: the inputs found and what would be computed.
void describe_study(const io::StudyConfig& config, std::ostream& out);

/// Every check `run` makes before computing, without computing or writing: reads every input, checks
/// β for every model, the dipole epoch, and the output folder (`overwrite` as `run` would be given it).
/// Prints one line per input to `out`; warnings go to `problems`.
/// @throws InputError/ConfigError/CrsError as run_study would.
void validate_study(const io::StudyConfig& config, bool overwrite, ProblemSink& problems, std::ostream& out);

/// Runs the study on the sites named in the configuration.
/// @throws InputError/ConfigError/CrsError for bad inputs (before anything is written).
[[nodiscard]] StudyResult run_study(const io::StudyConfig& config, ProblemSink& problems, const Progress& progress = {});

/// The same with the sites given as objects (config.sites is then only used in messages).
[[nodiscard]] StudyResult run_study(const io::StudyConfig& config, const std::vector<Site>& sites, ProblemSink& problems,
                                    const Progress& progress = {});

/// Writes sites.csv, sites.gpkg, report.md and, with a study area, exposure.tif, peak_e.tif and map.png
/// into the output folder (io::study_output_names): all or nothing.
/// @throws ConfigError if the folder exists and is not empty (and !overwrite).
void write_study(const io::StudyConfig& config, const StudyResult& result, bool overwrite);

/// io::check_output_folder: @throws ConfigError if `folder` is a file, or exists and is not empty and
/// !overwrite (checked before the work).
void check_output_folder(const std::string& folder, bool overwrite);

/// check_output_folder, then removes the staging folders that killed runs into `folder` left behind
/// (their process is gone), reporting each as a "stale_staging" warning.
void prepare_output_folder(const std::string& folder, bool overwrite, ProblemSink& problems);

}  // namespace swx::study
