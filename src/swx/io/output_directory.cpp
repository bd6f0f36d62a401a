#include <swx/io/output_directory.hpp>

#include <swx/core/base/error.hpp>

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <limits>
#include <string_view>
#include <system_error>

namespace swx::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* stage = "writers";

/// Counts the staging names handed out by this process, so that concurrent runs (threads) differ.
std::atomic<unsigned long> staging_counter{0};

fs::path without_trailing_slash(const fs::path& target) {
    return target.has_filename() ? target : target.parent_path();
}

/// "<pid>-<n>": unique per process and per run.
std::string staging_suffix() {
    return std::to_string(::getpid()) + "-" + std::to_string(staging_counter.fetch_add(1) + 1);
}

fs::path staging_name(const fs::path& target) {
    const fs::path clean = without_trailing_slash(target);
    return clean.parent_path() / ("." + clean.filename().string() + ".partial-" + staging_suffix());
}

/// The pid in a staging suffix "<pid>" or "<pid>-<n>" (digits only), or 0 when it is not one.
pid_t staging_pid(std::string_view suffix) {
    const auto dash = suffix.find('-');
    const std::string_view pid_text = suffix.substr(0, dash);
    if (dash != std::string_view::npos) {
        const std::string_view n = suffix.substr(dash + 1);
        if (n.empty() || n.find_first_not_of("0123456789") != std::string_view::npos) {
            return 0;
        }
    }
    long pid = 0;
    const auto [end, err] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
    if (err != std::errc{} || end != pid_text.data() + pid_text.size() || pid <= 0 ||
        pid > std::numeric_limits<pid_t>::max()) {
        return 0;
    }
    return static_cast<pid_t>(pid);
}

}  // namespace

const std::vector<std::string>& swxrisk_output_names() {
    static const std::vector<std::string> names{"sites.csv",      "sites.gpkg",       "report.md",  "exposure.tif",
                                                "exposure_class.tif", "peak_e.tif", "map.png", "substations.csv",
                                                "buses.csv",          "transformers.csv", "lines.csv",      "gic.gpkg",   "gic_timeseries.h5"};
    return names;
}

void check_output_folder(const fs::path& target, bool overwrite) {
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        return;
    }
    if (!fs::is_directory(target, ec)) {
        throw ConfigError({stage, target.string(), "", "", ""},
                          "output path exists and is a file, not a folder (--overwrite replaces a folder's outputs, never a "
                          "file): give a folder name");
    }
    if (!overwrite && !fs::is_empty(target, ec)) {
        throw ConfigError({stage, target.string(), "", "", ""}, "output folder already exists and is not empty");
    }
}

std::vector<std::string> OutputDirectory::remove_stale_staging(const fs::path& target) {
    std::vector<std::string> notices;
    const fs::path clean = without_trailing_slash(target);
    const std::string prefix = "." + clean.filename().string() + ".partial-";
    const fs::path parent = clean.parent_path().empty() ? fs::path(".") : clean.parent_path();
    std::error_code ec;
    fs::directory_iterator it(parent, ec);
    if (ec) {
        return notices;
    }
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            break;
        }
        const std::string name = it->path().filename().string();
        if (!name.starts_with(prefix) || !it->is_directory(ec)) {
            continue;
        }
        const pid_t pid = staging_pid(std::string_view(name).substr(prefix.size()));
        if (pid == 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) {
            continue;  // not ours, our own (another run of this process), or its process may still be running
        }
        std::error_code rm;
        fs::remove_all(it->path(), rm);
        if (!rm) {
            notices.push_back("removed the staging folder '" + (clean.parent_path() / name).string() +
                              "' left by an interrupted run (process " + std::to_string(pid) + " no longer exists)");
        }
    }
    return notices;
}

OutputDirectory::OutputDirectory(fs::path target, bool overwrite) : m_target(std::move(target)) {
    std::error_code ec;
    if (!m_target.has_filename()) {
        m_target = m_target.parent_path();
    }
    m_notices = remove_stale_staging(m_target);
    check_output_folder(m_target, overwrite);
    m_staging = staging_name(m_target);
    fs::remove_all(m_staging, ec);
    if (!fs::create_directories(m_staging, ec) || ec) {
        throw ConfigError({stage, m_target.string(), "", "", ""},
                          "cannot create the output folder here: " + ec.message());
    }
}

OutputDirectory::~OutputDirectory() {
    std::error_code ec;
    fs::remove_all(m_staging, ec);
}

fs::path OutputDirectory::staged(const std::string& name) {
    m_names.push_back(name);
    return m_staging / name;
}

void OutputDirectory::commit() {
    std::error_code ec;
    if (!fs::exists(m_target, ec)) {
        fs::rename(m_staging, m_target, ec);
        if (ec) {
            throw Error({stage, m_target.string(), "", "", ""}, "cannot move results into place: " + ec.message());
        }
        m_committed = true;
        return;
    }
    for (const auto& name : m_names) {
        fs::rename(m_staging / name, m_target / name, ec);
        if (ec) {
            throw Error({stage, (m_target / name).string(), "", "", ""}, "cannot move result into place: " + ec.message());
        }
    }
    m_committed = true;
    // The earlier run's outputs that this run did not write (another mode, no study area this time).
    auto written = [&](const std::string& n) { return std::find(m_names.begin(), m_names.end(), n) != m_names.end(); };
    for (const auto& name : swxrisk_output_names()) {
        for (const std::string& candidate : {name, name + ".aux.xml", fs::path(name).stem().string() + ".qml"}) {
            if (!written(candidate)) {
                fs::remove(m_target / candidate, ec);
            }
        }
    }
}

OutputFile::OutputFile(fs::path target, bool overwrite) : m_target(std::move(target)) {
    std::error_code ec;
    if (fs::exists(m_target, ec) && !overwrite) {
        throw ConfigError({stage, m_target.string(), "", "", ""}, "output file already exists");
    }
    const fs::path parent = m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) {
        throw ConfigError({stage, m_target.string(), "", "", ""}, "the folder for the output file does not exist");
    }
    m_staged = parent / ("." + m_target.filename().string() + ".partial-" + staging_suffix() + m_target.extension().string());
    fs::remove(m_staged, ec);
}

OutputFile::~OutputFile() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove(m_staged, ec);
        fs::remove(fs::path(m_staged.string() + ".aux.xml"), ec);
    }
}

void OutputFile::commit() {
    std::error_code ec;
    fs::rename(m_staged, m_target, ec);
    if (ec) {
        throw Error({stage, m_target.string(), "", "", ""}, "cannot move result into place: " + ec.message());
    }
    m_committed = true;
}

}  // namespace swx::io
