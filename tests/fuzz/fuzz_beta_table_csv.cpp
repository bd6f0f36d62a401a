// libFuzzer harness: swx::io::load_beta_table (the NERC beta table CSV) on arbitrary text.
#include "fuzz_support.hpp"

#include <swx/io/earth_models.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("nerc_beta.csv", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::io::load_beta_table(path); });
    return 0;
}
