// libFuzzer harness: swx::io::read_nerc_magnetometer_csv on arbitrary text (docs/fuzzing.md).
#include "fuzz_support.hpp"

#include <swx/io/magnetometer_set.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("input.csv", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::io::read_nerc_magnetometer_csv(path.string()); });
    return 0;
}
