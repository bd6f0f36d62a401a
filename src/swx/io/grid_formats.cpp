// The grid-format dispatcher: PSS/E .raw + .gic, MATPOWER-GMD .m, or the project's own format.

#include <swx/core/base/error.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/matpower_reader.hpp>
#include <swx/io/psse_reader.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace swx::io {

GridFormat grid_format_of(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".raw" ? GridFormat::psse : ext == ".m" ? GridFormat::matpower : GridFormat::own;
}

GridDataset read_grid(const std::string& path, ProblemSink& problems, const GridReadOptions& options) {
    const GridFormat format = grid_format_of(path);
    if (format == GridFormat::psse) {
        if (options.gic_path.empty()) {
            throw ConfigError({"readers.grid", path, "", "", "--gic"},
                              "a PSS/E case needs its GIC data file too: give --gic CASE.gic (scenario: [inputs] grid_gic)");
        }
        return read_psse(path, options.gic_path, problems);
    }
    if (!options.gic_path.empty()) {
        throw ConfigError({"readers.grid", options.gic_path, "", "", "--gic"},
                          "a .gic file goes with a PSS/E .raw grid, not with " + path);
    }
    if (format == GridFormat::matpower) {
        return read_matpower(path, problems);
    }
    return read_grid(path, problems);
}

}  // namespace swx::io
