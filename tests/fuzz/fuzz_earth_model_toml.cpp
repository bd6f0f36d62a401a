// libFuzzer harness: swx::io::load_earth_model_file (one earth-model TOML) on arbitrary text.
#include "fuzz_support.hpp"

#include <swx/io/earth_models.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("MODEL.toml", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::io::load_earth_model_file(path); });
    return 0;
}
