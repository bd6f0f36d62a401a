// libFuzzer harness: swx::io::parse_gridkit (the GridKit '#'-separated vertices and links extracts, with
// WKT geometry) on arbitrary text, then swx::build_grid on what it accepts. The input is the vertices
// text, a line "====", and the links text.
#include "fuzz_support.hpp"

#include <swx/core/network/grid_build.hpp>
#include <swx/io/public_grid_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = swx::fuzz::split(swx::fuzz::as_text(data, size), "\n====\n");
    const std::string_view vertices = parts[0];
    const std::string_view links = parts.size() > 1 ? parts[1] : std::string_view();
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        const swx::PublicMapInput map = swx::io::parse_gridkit(vertices, "vertices.csv", links, "links.csv", problems);
        swx::GridBuildOptions options;
        const swx::Network net = swx::build_grid(map, options, problems);
        swx::validate_network(net, {});
    });
    return 0;
}
