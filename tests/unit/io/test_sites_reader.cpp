// Sites reader: regressions from fuzz_sites_geojson (docs/fuzzing.md).
#include <swx/core/error.hpp>
#include <swx/core/problems.hpp>
#include <swx/io/sites_reader.hpp>

#include <catch2/catch.hpp>

#include "support/grid_fixture.hpp"

#include <fstream>

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
#define SWX_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SWX_TEST_ASAN 1
#endif
#endif

// Found by fuzz_sites_geojson: text that looks like GeoJSON but holds "<JCSDataFile" opens with GDAL's
// JML driver. swxrisk must report an empty layer; GDAL 3.6.2 itself leaks the expat parser on the way
// (third-party, suppressed in tests/fuzz/lsan.supp), so LeakSanitizer builds skip the case.
TEST_CASE("sites fuzz regression: a JML-looking GeoJSON is an InputError", "[io][gdal][fuzz]") {
#ifdef SWX_TEST_ASAN
    WARN("skipped under AddressSanitizer: GDAL 3.6's JML driver leaks here (tests/fuzz/lsan.supp)");
#else
    const fs::path dir = swx::test::temp_dir("sites-jml");
    const fs::path path = dir / "sites.geojson";
    std::ofstream(path) << R"({"typ<JCSDataFile", "name": "sites"})" << '\n';
    swx::ProblemSink problems;
    CHECK_THROWS_AS(swx::io::read_sites(path.string(), problems), swx::InputError);
    CHECK_THROWS_WITH(swx::io::read_sites(path.string(), problems),
                      Catch::Contains("sites.geojson") && Catch::Contains("no features"));
    fs::remove_all(dir);
#endif
}
