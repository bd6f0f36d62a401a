#pragma once
/// @file output_directory.hpp
/// Outputs are written whole or not at all: files go to a staging folder beside the target and are
/// moved in only by commit(). Destroying an uncommitted OutputDirectory removes the staging folder.
/// Staging folders are named `.<target>.partial-<pid>-<n>` (n counts the runs of this process), so two
/// runs never share one, even in one process at once; a run killed before commit() leaves its staging
/// folder behind, and the next run into the same target removes it (see notices()).
///
/// Overwriting replaces the folder's swxrisk outputs as a whole: commit() into an existing folder
/// removes every file swxrisk could have written there (swxrisk_output_names(), with their GDAL and
/// QGIS sidecars `<name>.aux.xml` and `<stem>.qml`) that this run did not write, so no result of an
/// earlier run (another mode, another scenario) survives beside the new ones. Any other file in the
/// folder is the user's and is kept.

#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

/// Every file name any swxrisk command writes into an output folder (run: sites.csv, sites.gpkg,
/// report.md, exposure.tif, peak_e.tif, map.png; gic: substations.csv, buses.csv, transformers.csv, lines.csv,
/// gic.gpkg, gic_timeseries.h5). A command that adds an output adds its name here.
[[nodiscard]] const std::vector<std::string>& swxrisk_output_names();

/// @throws ConfigError naming `target` if it exists and is not a folder (whatever `overwrite` says:
///         --overwrite replaces a folder's outputs, never a file), or is a non-empty folder and !overwrite.
void check_output_folder(const std::filesystem::path& target, bool overwrite);

class OutputDirectory {
public:
    /// @param[in] target the folder the results belong in.
    /// @param[in] overwrite allow replacing files in an existing, non-empty folder.
    /// @throws ConfigError if the target exists and is not empty (and !overwrite), is a file, or the
    ///         staging folder cannot be created (unwritable parent).
    OutputDirectory(std::filesystem::path target, bool overwrite);
    OutputDirectory(const OutputDirectory&) = delete;
    OutputDirectory(OutputDirectory&&) = delete;
    OutputDirectory& operator=(const OutputDirectory&) = delete;
    OutputDirectory& operator=(OutputDirectory&&) = delete;
    ~OutputDirectory();

    /// Removes the staging folders of `target` left by processes that no longer exist
    /// (`.<target>.partial-<pid>[-<n>]` beside it, where kill(pid, 0) fails with ESRCH). Never throws.
    /// @returns one line for each folder removed, for the caller to print as a warning.
    [[nodiscard]] static std::vector<std::string> remove_stale_staging(const std::filesystem::path& target);

    /// What the constructor cleaned up (remove_stale_staging()): one line per stale staging folder.
    [[nodiscard]] const std::vector<std::string>& notices() const noexcept { return m_notices; }
    /// The staging folder (inside target()'s parent).
    [[nodiscard]] const std::filesystem::path& staging() const noexcept { return m_staging; }

    /// Where to write a file named `name` now (inside the staging folder).
    [[nodiscard]] std::filesystem::path staged(const std::string& name);
    /// Moves every staged file into the target, then removes the earlier outputs this run did not
    /// write (see the file comment). @throws Error if a move fails.
    void commit();
    [[nodiscard]] const std::filesystem::path& target() const noexcept { return m_target; }

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    std::vector<std::string> m_names;
    std::vector<std::string> m_notices;
    bool m_committed = false;
};

/// The same for a single output file: write to staged(), then commit() renames it into place.
class OutputFile {
public:
    OutputFile(std::filesystem::path target, bool overwrite);
    OutputFile(const OutputFile&) = delete;
    OutputFile(OutputFile&&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    OutputFile& operator=(OutputFile&&) = delete;
    ~OutputFile();
    [[nodiscard]] const std::filesystem::path& staged() const noexcept { return m_staged; }
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staged;
    bool m_committed = false;
};

}  // namespace swx::io
