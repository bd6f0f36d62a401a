#pragma once
// Shared helpers for the libFuzzer harnesses: a per-process scratch folder on tmpfs, input files
// written into it, and the pass rule (a parser returns, or throws a swx::Error; anything else is a
// finding).
#include <swx/core/base/error.hpp>

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace swx::fuzz {

/// /dev/shm/swx-fuzz-<pid>/ (or the temp folder when /dev/shm is missing); created once. Removed at
/// exit() and, since libFuzzer usually ends with _Exit, by scripts/fuzz.
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        std::error_code ec;
        std::filesystem::path base = "/dev/shm";
        if (!std::filesystem::is_directory(base, ec)) {
            base = std::filesystem::temp_directory_path();
        }
        auto d = base / ("swx-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ignore;
            std::filesystem::remove_all(scratch_dir(), ignore);
        });
        return d;
    }();
    return dir;
}

/// Writes `data` to scratch_dir()/name (replacing it) and returns the path.
inline std::filesystem::path write_file(const std::string& name, std::string_view data) {
    const auto path = scratch_dir() / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    return path;
}

/// Splits `data` at every `separator` (the parts of a multi-file input).
inline std::vector<std::string_view> split(std::string_view data, std::string_view separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t pos; (pos = data.find(separator, start)) != std::string_view::npos; start = pos + separator.size()) {
        parts.push_back(data.substr(start, pos - start));
    }
    parts.push_back(data.substr(start));
    return parts;
}

/// Runs the parser: returning or throwing a swx::Error passes; any other exception aborts, which
/// libFuzzer reports as a crash and saves the input.
template <class F>
void expect_swx_errors_only(F&& parse) {
    try {
        parse();
    } catch (const swx::Error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FINDING: exception that is not a swx::Error: %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "FINDING: non-standard exception\n");
        std::abort();
    }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace swx::fuzz
