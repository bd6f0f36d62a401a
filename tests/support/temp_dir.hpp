#pragma once
// A temporary directory removed at scope exit (tests that write files).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace swx::test {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "swx_test_") {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        m_path = std::filesystem::temp_directory_path() / (prefix + std::to_string(stamp));
        std::filesystem::create_directories(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir& operator=(TempDir&&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
    [[nodiscard]] std::string str() const { return m_path.string(); }
    /// Writes `content` (bytes as given) to the file `name` in the folder; returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        const auto p = m_path / name;
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }

private:
    std::filesystem::path m_path;
};

}  // namespace swx::test
