// libFuzzer harness: swx::io::read_sites on an arbitrary GeoJSON document held in GDAL's /vsimem/.
#include "fuzz_support.hpp"

#include <swx/io/sites_reader.hpp>

#include <cpl_vsi.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/vsimem/swx-fuzz-sites.geojson";
    VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(data), size, FALSE);
    if (f == nullptr) {
        return 0;
    }
    VSIFCloseL(f);
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        (void)swx::io::read_sites(path, problems);
    });
    VSIUnlink(path.c_str());
    return 0;
}
