// libFuzzer harness: swx::io::read_grid on a folder of four GeoJSON layers. The input is split at
// lines "----" into substations, buses, transformers and lines (missing parts are left out, extra
// parts ignored). read_grid checks the folder with std::filesystem, so the files live on tmpfs rather
// than in /vsimem/.
#include "fuzz_support.hpp"

#include <swx/io/grid_reader.hpp>

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::array<const char*, 4> layers = {"substations", "buses", "transformers", "lines"};
    const auto parts = swx::fuzz::split(swx::fuzz::as_text(data, size), "\n----\n");
    std::error_code ec;
    std::filesystem::remove_all(swx::fuzz::scratch_dir() / "grid", ec);
    for (std::size_t i = 0; i < layers.size() && i < parts.size(); ++i) {
        (void)swx::fuzz::write_file(std::string("grid/") + layers[i] + ".geojson", parts[i]);
    }
    std::filesystem::create_directories(swx::fuzz::scratch_dir() / "grid");
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        (void)swx::io::read_grid((swx::fuzz::scratch_dir() / "grid").string(), problems);
    });
    return 0;
}
