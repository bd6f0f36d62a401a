// libFuzzer harness: swx::io::read_emtf_xml on arbitrary text, then the site's MtImpedance (per-component
// interpolation and extension, NaN components included) at a few frequencies (docs/fuzzing.md).
#include "fuzz_support.hpp"

#include <swx/core/base/problems.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/io/emtf_reader.hpp>

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = swx::fuzz::write_file("input.xml", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        const swx::MtSite site = swx::io::read_emtf_xml(path.string(), &problems);
        const swx::MtImpedance z(site, nullptr);
        static constexpr std::array<double, 6> f{0.0, 1e-6, 1e-4, 1e-2, 1.0, 1e3};
        (void)z.at(f);
        for (const double v : f) {
            (void)z.at(v);
        }
    });
    return 0;
}
