#include <swx/io/output_directory.hpp>

#include <swx/core/base/error.hpp>

#include <unistd.h>

#include <system_error>

namespace swx::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* stage = "writers";

fs::path staging_name(const fs::path& target) {
    fs::path clean = target;
    if (!clean.has_filename()) {
        clean = clean.parent_path();
    }
    return clean.parent_path() / ("." + clean.filename().string() + ".partial-" + std::to_string(::getpid()));
}

}  // namespace

OutputDirectory::OutputDirectory(fs::path target, bool overwrite) : m_target(std::move(target)) {
    std::error_code ec;
    if (!m_target.has_filename()) {
        m_target = m_target.parent_path();
    }
    if (fs::exists(m_target, ec)) {
        if (!fs::is_directory(m_target, ec)) {
            throw ConfigError({stage, m_target.string(), "", "", ""}, "output path exists and is not a folder");
        }
        if (!overwrite && !fs::is_empty(m_target, ec)) {
            throw ConfigError({stage, m_target.string(), "", "", ""}, "output folder already exists and is not empty");
        }
    }
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
    m_staged = parent / ("." + m_target.filename().string() + ".partial-" + std::to_string(::getpid()) +
                         m_target.extension().string());
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
