// libFuzzer harness: swx::io::read_emtf_xml on arbitrary text (docs/fuzzing.md).
#include "fuzz_support.hpp"

#include <swx/core/base/problems.hpp>
#include <swx/io/emtf_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("input.xml", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        (void)swx::io::read_emtf_xml(path.string(), &problems);
    });
    return 0;
}
