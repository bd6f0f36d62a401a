// libFuzzer harness: swx::io::read_matpower on one MATPOWER case with PowerModelsGMD tables (the
// whole input is the .m file), and, when it reads, write_matpower + read_matpower of the result.
#include "fuzz_support.hpp"

#include <swx/io/matpower_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("case.m", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        const auto grid = swx::io::read_matpower(path.string(), problems);
        const auto out = (swx::fuzz::scratch_dir() / "written.m").string();
        swx::io::write_matpower(grid.network, out);
        swx::ProblemSink again;
        (void)swx::io::read_matpower(out, again);
    });
    return 0;
}
