#define SWX_IO_INTERNAL
// Reading the bundled Natural Earth outlines (datasets/basemap) through OGR.

#include <swx/io/basemap.hpp>

#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/earth_models.hpp>  // default_data_dir
#include <swx/io/gdal_session.hpp>

#include <cpl_error.h>

#include <cstdlib>

namespace swx::io {

namespace {

/// Appends every ring of a (multi)polygon or line geometry to `rings`.
void collect_rings(OGRGeometryH g, std::vector<std::vector<GeoPoint>>& rings) {
    if (g == nullptr) {
        return;
    }
    const int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; ++i) {
            collect_rings(OGR_G_GetGeometryRef(g, i), rings);
        }
        return;
    }
    const int n = OGR_G_GetPointCount(g);
    if (n < 2) {
        return;
    }
    std::vector<GeoPoint> ring;
    ring.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        ring.push_back({OGR_G_GetX(g, i), OGR_G_GetY(g, i)});
    }
    rings.push_back(std::move(ring));
}

/// Reads the rings of every feature of `layer` in `file`; false (with `why`) if it cannot.
bool read_layer(const std::filesystem::path& file, const char* layer, std::vector<std::vector<GeoPoint>>& rings,
                std::size_t& features, std::string& why) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        why = "not found: " + file.string();
        return false;
    }
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    detail::DatasetPtr ds(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    CPLPopErrorHandler();
    if (!ds) {
        why = "cannot read " + file.string() + ": " + CPLGetLastErrorMsg();
        return false;
    }
    OGRLayerH l = GDALDatasetGetLayerByName(ds.get(), layer);
    if (l == nullptr) {
        why = file.string() + " has no layer '" + layer + "'";
        return false;
    }
    OGR_L_ResetReading(l);
    while (detail::FeaturePtr f{OGR_L_GetNextFeature(l)}) {
        ++features;
        collect_rings(OGR_F_GetGeometryRef(f.get()), rings);
    }
    return true;
}

}  // namespace

std::filesystem::path default_basemap_dir() {
    const char* env = std::getenv("SWXRISK_BASEMAP");
    if (env != nullptr && *env != '\0') {
        return std::filesystem::path(env);
    }
    return default_data_dir() / "basemap";
}

Basemap load_basemap(const std::filesystem::path& dir) {
    ensure_gdal();
    Basemap b;
    std::string why;
    if (!read_layer(dir / "land_110m.geojson", "land", b.coastlines, b.features, why) ||
        !read_layer(dir / "countries_110m.geojson", "countries", b.borders, b.features, why)) {
        return Basemap{{}, {}, 0, why};
    }
    b.source = dir.string();
    return b;
}

}  // namespace swx::io
