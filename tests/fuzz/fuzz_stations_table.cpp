// libFuzzer harness: swx::io::read_station_table on arbitrary text (`id, lat_deg, lon_deg` or NERC's
// magnetometers.csv layout; docs/fuzzing.md).
#include "fuzz_support.hpp"

#include <swx/io/magnetometer_set.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("stations.csv", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::io::read_station_table(path.string()); });
    return 0;
}
