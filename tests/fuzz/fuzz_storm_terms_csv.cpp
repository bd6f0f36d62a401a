// libFuzzer harness: swx::StormTerms::parse (datasets/hazard/storm_terms.csv, the hazard model's storm-terms table) on
// arbitrary text. Passing: it returns a table or throws a swx::Error (fuzz_support.hpp).
#include "fuzz_support.hpp"

#include <swx/core/storm/hazard_profile.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    swx::fuzz::expect_swx_errors_only([&] { (void)swx::StormTerms::parse(swx::fuzz::as_text(data, size), "storm_terms.csv"); });
    return 0;
}
