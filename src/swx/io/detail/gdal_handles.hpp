#pragma once
// RAII owners for GDAL/OGR C handles. Private to swx::io (never included by a public header).
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>

namespace swx::io::detail {

struct DatasetCloser {
    void operator()(void* ds) const noexcept { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
struct FeatureDestroyer {
    void operator()(void* f) const noexcept { OGR_F_Destroy(static_cast<OGRFeatureH>(f)); }
};
struct SrsReleaser {
    void operator()(void* s) const noexcept { OSRRelease(static_cast<OGRSpatialReferenceH>(s)); }
};
struct TransformDestroyer {
    void operator()(void* t) const noexcept { OCTDestroyCoordinateTransformation(static_cast<OGRCoordinateTransformationH>(t)); }
};
struct GeometryDestroyer {
    void operator()(void* g) const noexcept { OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(g)); }
};

using DatasetPtr = std::unique_ptr<void, DatasetCloser>;
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;
using SrsPtr = std::unique_ptr<void, SrsReleaser>;
using TransformPtr = std::unique_ptr<void, TransformDestroyer>;
using GeometryPtr = std::unique_ptr<void, GeometryDestroyer>;

/// A new WGS84 geographic SRS with longitude-first axis order.
inline SrsPtr make_wgs84() {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetWellKnownGeogCS(srs, "WGS84");
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return SrsPtr(srs);
}

}  // namespace swx::io::detail
