// libFuzzer harness: swx::DriverProfile::parse (datasets/hazard/driver_profile.csv, the hazard model's driver-profile table) on
// arbitrary text. Passing: it returns a table or throws a swx::Error (fuzz_support.hpp).
#include "fuzz_support.hpp"

#include <swx/core/storm/hazard_profile.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::DriverProfile::parse(swx::fuzz::as_text(data, size), "driver_profile.csv"); });
    return 0;
}
