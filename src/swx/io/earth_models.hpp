#pragma once
/// @file earth_models.hpp
/// Loading the bundled (or user-supplied) 1-D earth models and the NERC β table.
///
/// File formats are documented in docs/earth-models.md and datasets/earth/README.md.

#include <swx/core/earth/earth_model.hpp>
#include <swx/core/earth/earth_model_library.hpp>
#include <swx/core/storm/nerc.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace swx::io {

/// Folder holding the project's bundled data (earth/ with models/ and nerc_beta.csv), in this order:
/// 1. `$SWXRISK_DATA_DIR` when the environment variable is set and non-empty (not checked);
/// 2. next to the binary that holds swx::io, the first that has an `earth/` folder: for a shared object
///    (the Python module) `<its folder>/data` and `<its folder>/../share/swxrisk` (never the
///    executable's prefix); for the executable `<its folder>/../share/swxrisk` (the installed layout,
///    `${CMAKE_INSTALL_DATADIR}/swxrisk`);
/// 3. the source checkout's `datasets/` (compiled in), but only for a binary inside the build tree;
/// 4. otherwise the first candidate of 2, so that error messages name the installed location.
/// See docs/install.md.
[[nodiscard]] std::filesystem::path default_data_dir();

/// `default_data_dir() / "earth"`. The folder is not checked for existence.
[[nodiscard]] std::filesystem::path default_earth_dir();

/// Reads one model file (TOML): name, description, source, optional notes and group, `layers` (array of
/// tables with thickness_m and resistivity_ohm_m; may be empty) and half_space_resistivity_ohm_m.
/// @throws InputError if the file cannot be read or parsed, a required key is missing or has the wrong
///         type, an unknown key appears, or a value is not finite and > 0; the message names the file,
///         the layer (1-based) and the field.
[[nodiscard]] EarthModel load_earth_model_file(const std::filesystem::path& path);

/// Loads every `*.toml` file in `models_dir` (not recursive). A model's `name` must match its file
/// name (case-insensitively) and be unique.
/// @throws InputError if the folder is missing, a file is malformed (see load_earth_model_file), or
///         two files define the same name.
[[nodiscard]] EarthModelLibrary load_earth_models(const std::filesystem::path& models_dir);

/// Loads `default_earth_dir() / "models"`. @throws InputError as load_earth_models().
[[nodiscard]] EarthModelLibrary load_default_earth_models();

/// The bundled models plus those in `user_models_dir` ("" = none).
/// @throws InputError as load_earth_models(), or if a user model repeats a bundled name.
[[nodiscard]] EarthModelLibrary load_earth_models_with(const std::string& user_models_dir);


/// Reads a β table CSV (`region,beta_benchmark,beta_supplemental,description`, `#` comment lines, fields
/// may be double-quoted). Region keys are returned upper-case.
/// @throws InputError if the file cannot be read, the header is wrong, a row has the wrong number of
///         fields, a β is not a finite number > 0, or a region repeats; the message names file, line and field.
[[nodiscard]] BetaTable load_beta_table(const std::filesystem::path& csv_path);

/// load_beta_table(default_earth_dir() / "nerc_beta.csv").
[[nodiscard]] BetaTable load_default_beta_table();

}  // namespace swx::io
