// libFuzzer harness: swx::io::read_earth_regions on an arbitrary GeoJSON document. read_earth_regions
// checks the path with std::filesystem first, so the file lives on tmpfs rather than in /vsimem/.
#include "fuzz_support.hpp"

#include <swx/io/earth_regions_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("regions.geojson", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        (void)swx::io::read_earth_regions(path.string(), problems);
    });
    return 0;
}
