// libFuzzer harness: swx::io::detail::decode_gpkg_geometry (the GeoPackage geometry blobs the grid and
// sites readers decode themselves, io/detail/gpkg_table.hpp) on arbitrary bytes, docs/fuzzing.md. Passes
// when it refuses the blob, or accepts it with consistent output that agrees with OGR's reading of the
// same WKB (vertex for vertex); a disagreement or a read past the end (ASan) is a finding.
#define SWX_IO_INTERNAL
#include "fuzz_support.hpp"

#include <swx/io/detail/gpkg_table.hpp>
#include <swx/io/gdal_session.hpp>

#include <ogr_api.h>

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool gdal = (swx::io::ensure_gdal(), true);
    (void)gdal;
    swx::io::detail::GpkgGeometry out;
    if (!swx::io::detail::decode_gpkg_geometry(data, size, out)) {
        return 0;
    }
    // A MultiLineString of no parts has no part_end; otherwise the last part ends at the last vertex.
    if (out.x.size() != out.y.size() || (out.part_end.empty() ? !out.x.empty() : out.part_end.back() != out.x.size())) {
        __builtin_trap();
    }
    for (std::size_t i = 0; i < out.x.size(); ++i) {
        if (!std::isfinite(out.x[i]) || !std::isfinite(out.y[i])) {
            __builtin_trap();
        }
    }
    // The same WKB through OGR: the same vertices.
    static constexpr std::size_t envelope_bytes[] = {0, 32, 48, 48, 64};
    const std::size_t header = 8 + envelope_bytes[(data[3] >> 1U) & 0x07U];
    OGRGeometryH g = nullptr;
    if (OGR_G_CreateFromWkb(data + header, nullptr, &g, static_cast<int>(size - header)) != OGRERR_NONE || g == nullptr) {
        __builtin_trap();  // accepted a blob OGR cannot read
    }
    std::vector<double> x, y;
    auto collect = [&](OGRGeometryH part) {
        for (int i = 0; i < OGR_G_GetPointCount(part); ++i) {
            x.push_back(OGR_G_GetX(part, i));
            y.push_back(OGR_G_GetY(part, i));
        }
    };
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiLineString) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
            collect(OGR_G_GetGeometryRef(g, i));
        }
    } else {
        collect(g);
    }
    OGR_G_DestroyGeometry(g);
    if (x != out.x || y != out.y) {
        __builtin_trap();
    }
    return 0;
}
