// libFuzzer harness: swx::io::read_geoelectric_waveform (NERC TPL-007 CSV) on arbitrary text.
#include "fuzz_support.hpp"

#include <swx/io/waveform.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("waveform.csv", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::io::read_geoelectric_waveform(path.string()); });
    return 0;
}
