// libFuzzer harness: swx::io::load_study_config (scenario TOML) on arbitrary text. The inputs a
// scenario may name exist beside it (sites.geojson, grid/, regions.geojson, storm.csv, waveform.csv,
// models/), so that the checks past the existence test are reached too; they are never opened.
#include "fuzz_support.hpp"

#include <swx/io/study_config.hpp>

#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool inputs_written = [] {
        for (const char* name : {"sites.geojson", "regions.geojson", "storm.csv", "waveform.csv", "grid/lines.geojson",
                                 "models/X.toml"}) {
            (void)swx::fuzz::write_file(std::string("scenario/") + name, "{}");
        }
        return true;
    }();
    (void)inputs_written;
    const auto path = swx::fuzz::write_file("scenario/scenario.toml", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::io::load_study_config(path); });
    return 0;
}
