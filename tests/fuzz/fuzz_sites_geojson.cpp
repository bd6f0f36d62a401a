// libFuzzer harness: swx::io::read_sites on an arbitrary GeoJSON document held in GDAL's /vsimem/.
#include "fuzz_support.hpp"

#include <swx/core/exposure/site.hpp>
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
        const auto sites = swx::io::read_sites(path, problems);
        // supply_substations: the quoted-list writer and reader are inverses (sites.csv round-trips).
        for (const auto& site : sites) {
            if (swx::parse_supply_ids(swx::format_supply_ids(site.supply_substations)) != site.supply_substations) {
                __builtin_trap();
            }
        }
    });
    VSIUnlink(path.c_str());
    return 0;
}
