// GeoTIFF writer. The raster is first built as an in-memory (MEM) dataset on its WGS84 grid; when
// another CRS is asked for, GDALWarp (gdal_utils.h; PROJ does the transformation) produces a second
// MEM dataset in that CRS. Overviews are built on the MEM dataset and GDALCreateCopy with the GTiff
// driver and COPY_SRC_OVERVIEWS=YES writes image and overviews in one pass, with the IFDs first and
// tiles ordered from the smallest overview to full resolution: the cloud-optimized layout.
//
// Nodata is NaN. It is the natural "no value" of a Float32 field, it survives DEFLATE with
// PREDICTOR=3 and AVERAGE overviews (GDAL leaves NaN cells out of the average), and it cannot collide
// with a real value the way -9999 could. GDAL writes it to the GDAL_NODATA tag as "nan".

#define SWX_IO_INTERNAL
#include <swx/io/raster_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/exposure/exposure.hpp>
#include <swx/core/version.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>
#include <swx/io/options.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/study_config.hpp>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_utils.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <vector>

namespace swx::io {

namespace {

using detail::DatasetPtr;
using detail::SrsPtr;

constexpr const char* stage = "writers.geotiff";
constexpr int tile_px = 256;

std::string gdal_message() {
    const char* msg = CPLGetLastErrorMsg();
    return (msg != nullptr && *msg != '\0') ? std::string(msg) : std::string("no detail from GDAL");
}

/// Parses a user CRS string; CrsError names it when GDAL/PROJ do not understand it.
SrsPtr parse_crs(const std::string& crs, const std::string& path) {
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    CPLErrorReset();
    if (crs.empty() || OSRSetFromUserInput(srs.get(), crs.c_str()) != OGRERR_NONE) {
        throw CrsError({stage, path, "", "", ""}, "unknown CRS '" + crs + "': " + gdal_message());
    }
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

SrsPtr epsg4326() {
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(srs.get(), 4326);
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/// Overview factors 2, 4, 8, ... until the overview fits in one 256-pixel tile along its long side.
std::vector<int> overview_factors(int width, int height) {
    std::vector<int> factors;
    const int longest = std::max(width, height);
    for (int factor = 2; (longest + factor / 2 - 1) / (factor / 2) > tile_px; factor *= 2) {
        factors.push_back(factor);
    }
    return factors;
}

/// The raster on its own WGS84 grid as a MEM dataset.
enum class Predictor { none, floating_point };

/// Copies an in-memory dataset (with its overviews) to a tiled, DEFLATE-compressed GeoTIFF at `staged`;
/// the floating-point predictor for Float32 bands. @throws Error naming `where` if GDAL fails, also on
/// the flush when the file is closed.
void copy_to_geotiff(GDALDatasetH src, const std::filesystem::path& staged, const std::string& where, Predictor predictor) {
    GDALDriverH gtiff = GDALGetDriverByName("GTiff");
    if (gtiff == nullptr) {
        throw Error({stage, where, "", "", ""}, "the GDAL GTiff driver is not available");
    }
    CPLStringList create_options;
    create_options.SetNameValue("TILED", "YES");
    create_options.SetNameValue("BLOCKXSIZE", std::to_string(tile_px).c_str());
    create_options.SetNameValue("BLOCKYSIZE", std::to_string(tile_px).c_str());
    create_options.SetNameValue("COMPRESS", "DEFLATE");
    if (predictor == Predictor::floating_point) {
        create_options.SetNameValue("PREDICTOR", "3");
    }
    create_options.SetNameValue("COPY_SRC_OVERVIEWS", "YES");
    create_options.SetNameValue("BIGTIFF", "IF_SAFER");
    // DEFLATE of the tiles on every core (GDAL's worker threads; the file's bytes do not depend on it).
    create_options.SetNameValue("NUM_THREADS", "ALL_CPUS");
    CPLErrorReset();
    DatasetPtr file(GDALCreateCopy(gtiff, staged.c_str(), src, FALSE, create_options.List(), nullptr, nullptr));
    if (!file) {
        throw Error({stage, where, "", "", ""}, "cannot write the GeoTIFF: " + gdal_message());
    }
    CPLErrorReset();
    file.reset();  // GDALClose flushes; GDAL 3.6 reports a failed flush only through the error state
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw Error({stage, where, "", "", ""}, "cannot finish the GeoTIFF: " + gdal_message());
    }
}

DatasetPtr make_mem_dataset(const Raster& raster, const std::string& path) {
    const GridSpec& spec = raster.spec;
    const int width = static_cast<int>(spec.width());
    const int height = static_cast<int>(spec.height());
    GDALDriverH mem = GDALGetDriverByName("MEM");
    if (mem == nullptr) {
        throw Error({stage, path, "", "", ""}, "the GDAL MEM driver is not available");
    }
    DatasetPtr ds(GDALCreate(mem, "", width, height, 1, GDT_Float32, nullptr));
    if (!ds) {
        throw Error({stage, path, "", "", ""}, "cannot allocate a " + std::to_string(width) + " x " +
                                                   std::to_string(height) + " raster in memory: " + gdal_message());
    }
    std::array<double, 6> transform{spec.west_deg, spec.resolution_deg, 0.0, spec.north_deg, 0.0, -spec.resolution_deg};
    GDALSetGeoTransform(ds.get(), transform.data());
    const SrsPtr wgs84 = epsg4326();
    GDALSetSpatialRef(ds.get(), static_cast<OGRSpatialReferenceH>(wgs84.get()));
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    GDALSetRasterNoDataValue(band, std::numeric_limits<double>::quiet_NaN());
    // GDALRasterIO takes a non-const buffer also for writing; GF_Write only reads it.
    if (GDALRasterIO(band, GF_Write, 0, 0, width, height, const_cast<float*>(raster.values.data()), width, height,
                     GDT_Float32, 0, 0) != CE_None) {
        throw Error({stage, path, "", "", ""}, "cannot fill the in-memory raster: " + gdal_message());
    }
    return ds;
}

/// The meridional scale of `target` at (lon, lat): projected metres per metre of a short step
/// towards the equator (a step of 0.1° is ~11.1 km). Infinite where PROJ fails or returns non-finite
/// values, e.g. at the pole of Web Mercator (PROJ clamps it to y = 242,529 km).
double meridional_scale(OGRCoordinateTransformationH to_target, double metres_per_unit, double lon, double lat) {
    constexpr double step_deg = 0.1;
    constexpr double metres_per_deg = 111'132.0;  // meridian degree at mid latitudes: a threshold, not a measurement
    double x[2] = {lon, lon};
    double y[2] = {lat, lat - std::copysign(step_deg, lat)};
    CPLErrorReset();
    const bool ok = OCTTransform(to_target, 2, x, y, nullptr) != 0;
    CPLErrorReset();
    if (!ok || !std::isfinite(x[0] + x[1] + y[0] + y[1])) {
        return INFINITY;
    }
    return std::hypot(x[1] - x[0], y[1] - y[0]) * metres_per_unit / (step_deg * metres_per_deg);
}

/// The raster's rows that a projected `target` can show. Where the CRS stretches the raster's northern
/// (southern) edge more than tenfold along the meridian — the poles of Web Mercator — the raster is cut
/// to whole rows inside the CRS's area of use in latitude (PROJ database; ±85.06° for EPSG:3857).
/// Otherwise it is returned unchanged.
Raster projectable_rows(const Raster& raster, OGRSpatialReferenceH target, const std::string& crs, const std::string& path) {
    constexpr double max_scale = 10.0;
    const GridSpec& spec = raster.spec;
    if (OSRIsProjected(target) == 0) {
        return raster;
    }
    const SrsPtr wgs84 = epsg4326();
    detail::TransformPtr to_target(OCTNewCoordinateTransformation(wgs84.get(), target));
    if (!to_target) {
        return raster;  // GDALWarp reports the failure with GDAL's message
    }
    const auto t = static_cast<OGRCoordinateTransformationH>(to_target.get());
    const double metres = OSRGetLinearUnits(target, nullptr);
    const double south_edge = spec.north_deg - static_cast<double>(spec.height()) * spec.resolution_deg;
    auto edge_ok = [&](double lat) {
        for (const std::size_t col : {std::size_t{0}, spec.width() / 2, spec.width() - 1}) {
            if (!(meridional_scale(t, metres, spec.cell_center(col, 0).lon_deg, lat) <= max_scale)) {
                return false;
            }
        }
        return true;
    };
    const bool north_ok = edge_ok(spec.north_deg);
    const bool south_ok = edge_ok(south_edge);
    if (north_ok && south_ok) {
        return raster;
    }
    double aou_west = 0.0;
    double aou_south = 0.0;
    double aou_east = 0.0;
    double aou_north = 0.0;
    const char* aou_name = nullptr;
    if (OSRGetAreaOfUse(target, &aou_west, &aou_south, &aou_east, &aou_north, &aou_name) == 0) {
        throw CrsError({stage, path, "", "", ""}, "CRS '" + crs + "' cannot project the raster's " +
                                                      (north_ok ? "southern" : "northern") +
                                                      " edge without a tenfold distortion and has no area of use to cut the raster to; choose a CRS that "
                                                      "covers the area");
    }
    const double north = north_ok ? spec.north_deg : std::min(spec.north_deg, aou_north);
    const double south = south_ok ? south_edge : std::max(south_edge, aou_south);
    const double res = spec.resolution_deg;
    const auto first_row = static_cast<std::size_t>(std::max(0.0, std::ceil((spec.north_deg - north) / res - 1e-9)));
    const double last = std::floor((spec.north_deg - south) / res + 1e-9);  // one past the last row
    if (!(last > static_cast<double>(first_row))) {
        throw CrsError({stage, path, "", "", ""}, "the raster lies outside the latitudes " + format_number(aou_south) + " to " +
                                                      format_number(aou_north) + " where CRS '" + crs + "' is defined");
    }
    const auto rows = static_cast<std::size_t>(last) - first_row;
    Raster out;
    out.spec = spec;
    out.spec.north_deg = spec.north_deg - static_cast<double>(first_row) * res;
    out.spec.south_deg = out.spec.north_deg - static_cast<double>(rows) * res;
    out.band_description = raster.band_description;
    out.units = raster.units;
    const std::size_t width = spec.width();
    out.values.assign(raster.values.begin() + static_cast<std::ptrdiff_t>(first_row * width),
                      raster.values.begin() + static_cast<std::ptrdiff_t>((first_row + rows) * width));
    return out;
}

/// The WGS84 dataset warped to `target` (a MEM dataset at GDAL's suggested resolution).
DatasetPtr warp(GDALDatasetH source, OGRSpatialReferenceH target, const std::string& crs, Resampling resampling,
                const std::string& path) {
    char* wkt = nullptr;
    const char* const wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
    if (OSRExportToWktEx(target, &wkt, wkt_options) != OGRERR_NONE || wkt == nullptr) {
        CPLFree(wkt);
        throw CrsError({stage, path, "", "", ""}, "cannot express CRS '" + crs + "' as WKT: " + gdal_message());
    }
    const std::string target_wkt(wkt);
    CPLFree(wkt);
    CPLStringList args;
    args.AddString("-of");
    args.AddString("MEM");
    args.AddString("-t_srs");
    args.AddString(target_wkt.c_str());
    args.AddString("-r");
    args.AddString(resampling == Resampling::bilinear ? "bilinear" : "near");
    args.AddString("-srcnodata");
    args.AddString("nan");
    args.AddString("-dstnodata");
    args.AddString("nan");
    std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> options(
        GDALWarpAppOptionsNew(args.List(), nullptr), &GDALWarpAppOptionsFree);
    if (!options) {
        throw Error({stage, path, "", "", ""}, "internal error (bug): bad warp options: " + gdal_message());
    }
    int usage_error = FALSE;
    CPLErrorReset();
    DatasetPtr warped(GDALWarp("", nullptr, 1, &source, options.get(), &usage_error));
    if (!warped) {
        throw CrsError({stage, path, "", "", ""}, "cannot warp the raster to CRS '" + crs + "': " + gdal_message());
    }
    return warped;
}

}  // namespace

void write_geotiff(const Raster& raster, const std::filesystem::path& path, const RasterWriteOptions& options) {
    const std::string where = path.string();
    raster.spec.validate();
    const std::size_t cells = raster.spec.width() * raster.spec.height();
    if (raster.values.size() != cells) {
        throw ConfigError({stage, where, "", "", ""},
                          "raster has " + std::to_string(raster.values.size()) + " values, its grid " +
                              std::to_string(raster.spec.width()) + " x " + std::to_string(raster.spec.height()) +
                              " needs " + std::to_string(cells));
    }
    for (const auto& [key, value] : options.metadata) {
        if (key.empty() || key.find_first_of("= \t\n") != std::string::npos) {
            throw ConfigError({stage, where, "", "", ""},
                              "metadata key '" + key + "' must be non-empty without '=' or white space");
        }
    }
    ensure_gdal();
    const SrsPtr target = parse_crs(options.crs, where);
    const bool geographic_wgs84 = OSRIsSame(target.get(), epsg4326().get()) != 0;

    OutputFile out(path, options.overwrite);  // ConfigError if it exists (and !overwrite) or has no folder

    DatasetPtr ds;
    if (geographic_wgs84) {
        ds = make_mem_dataset(raster, where);
    } else {
        const auto target_srs = static_cast<OGRSpatialReferenceH>(target.get());
        ds = make_mem_dataset(projectable_rows(raster, target_srs, options.crs, where), where);
        ds = warp(ds.get(), target_srs, options.crs, options.resampling, where);
    }
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    GDALSetRasterNoDataValue(band, std::numeric_limits<double>::quiet_NaN());
    GDALSetDescription(band, raster.band_description.c_str());
    GDALSetRasterUnitType(band, raster.units.c_str());
    GDALSetMetadataItem(ds.get(), "SWXRISK_VERSION", version_string, nullptr);
    for (const auto& [key, value] : options.metadata) {
        GDALSetMetadataItem(ds.get(), key.c_str(), value.c_str(), nullptr);
    }

    std::vector<int> factors = overview_factors(GDALGetRasterXSize(ds.get()), GDALGetRasterYSize(ds.get()));
    if (!factors.empty()) {
        CPLErrorReset();
        if (GDALBuildOverviews(ds.get(), "AVERAGE", static_cast<int>(factors.size()), factors.data(), 0, nullptr, nullptr,
                               nullptr) != CE_None) {
            throw Error({stage, where, "", "", ""}, "cannot build overviews: " + gdal_message());
        }
    }

    copy_to_geotiff(ds.get(), out.staged(), where, Predictor::floating_point);
    out.commit();
}

std::map<std::string, std::string> provenance_metadata(const RasterProvenance& p) {
    auto or_none = [](const std::string& v) { return v.empty() ? std::string("none") : v; };
    return {{"SWXRISK_STUDY", or_none(p.study)},
            {"SWXRISK_SCENARIO", or_none(p.scenario)},
            {"SWXRISK_EARTH_REGIONS", or_none(p.earth_regions)},
            {"SWXRISK_EARTH_MODEL", or_none(p.earth_model)},
            {"SWXRISK_DIPOLE_EPOCH", std::isfinite(p.dipole_epoch) ? format_number(p.dipole_epoch, 8) : std::string("none")},
            {"SWXRISK_METHOD", or_none(p.method)}};
}

RasterWriteOptions study_raster_options(const StudyConfig& c, StudyRaster raster) {
    RasterProvenance p;
    p.study = c.name;
    p.scenario = !c.hazard.empty() ? "hazard " + c.hazard : c.scenario.empty() ? c.magnetometer : c.scenario;
    p.earth_regions = c.earth_regions;
    p.earth_model = c.earth_model;
    p.dipole_epoch = c.epoch;
    const bool hazard_model = !c.hazard.empty() || is_named_storm(c.scenario);
    const std::string peak =
        !c.hazard.empty() ? std::string("E_peak = the 100-year return level of the peak field: largest of the auroral, sudden-commencement "
                                        "and main-phase terms through the earth model; docs/hazard-model.md")
        : hazard_model    ? "E_peak = the named storm " + c.scenario +
                             ": largest of the auroral, sudden-commencement and main-phase terms; docs/hazard-model.md"
        : c.scenario.empty() ? std::string("E_peak = peak |E(t)| of the storm record over the earth model (1-D plane wave)")
                             : std::string(nerc_peak_field_method);
    switch (raster) {
    case StudyRaster::peak_e:
        p.method = peak;
        break;
    case StudyRaster::exposure:
        p.method = "exposure index 0-100 = weighted hazard term (" + peak +
                   ") and grid term (Ieff of the nearest substation within supply_radius_km); docs/exposure-index.md";
        break;
    case StudyRaster::return_period:
        p.method = "return period (years, capped at 1e6) at which the field reaches E* = threshold_a x E_100 / Ieff_100 of the nearest "
                   "substation within supply_radius_km (else e_star_v_per_km); threshold " + format_number(c.return_period.threshold_a) +
                   " A; docs/hazard-model.md";
        break;
    }
    RasterWriteOptions o;
    o.crs = c.crs;
    o.metadata = provenance_metadata(p);
    return o;
}

void write_exposure_qml(const std::filesystem::path& path) {
    std::ofstream out(path);
    if (!out) {
        throw Error({"writers.qml", path.string(), "", "", ""}, "cannot create the file");
    }
    // QGIS DISCRETE: a value takes the colour of the first item whose value is equal or higher ("inf"
    // closes the last class). swxrisk's classes are low < 25 <= moderate < 50 <= high < 75 <= severe
    // (ExposureClass), so the bounds are the largest float32 values below 25, 50 and 75.
    out << R"QML(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- swxrisk: exposure index (0-100) by class, as in map.png; docs/exposure-index.md -->
<qgis version="3.28.0" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1" nodataColor=""
                    classificationMin="0" classificationMax="100">
      <rastershader>
        <colorrampshader colorRampType="DISCRETE" classificationMode="2" clip="0" minimumValue="0" maximumValue="100"
                         labelPrecision="0">
          <item value="24.999998092651367" label="low (&lt; 25)" color="#2ea043" alpha="255"/>
          <item value="49.999996185302734" label="moderate (25-50)" color="#f0c828" alpha="255"/>
          <item value="74.99999237060547" label="high (50-75)" color="#f0781e" alpha="255"/>
          <item value="inf" label="severe (&#8805; 75)" color="#c81e28" alpha="255"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
)QML";
    out.flush();
    if (!out) {
        throw Error({"writers.qml", path.string(), "", "", ""}, "write failed (disk full?)");
    }
}

void write_exposure_class_geotiff(const std::filesystem::path& exposure_tif, const std::filesystem::path& path) {
    const std::string where = path.string();
    ensure_gdal();
    CPLErrorReset();
    DatasetPtr src(GDALOpenEx(exposure_tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!src) {
        throw Error({stage, exposure_tif.string(), "", "", ""}, "cannot read the exposure raster: " + gdal_message());
    }
    const int width = GDALGetRasterXSize(src.get());
    const int height = GDALGetRasterYSize(src.get());
    std::vector<float> index(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    if (GDALRasterIO(GDALGetRasterBand(src.get(), 1), GF_Read, 0, 0, width, height, index.data(), width, height, GDT_Float32, 0,
                     0) != CE_None) {
        throw Error({stage, exposure_tif.string(), "", "", ""}, "cannot read the exposure raster: " + gdal_message());
    }
    std::vector<std::uint8_t> classes(index.size());
    std::transform(index.begin(), index.end(), classes.begin(), [](float v) {
        return std::isfinite(v) ? static_cast<std::uint8_t>(1 + static_cast<int>(exposure_class(v))) : std::uint8_t{0};
    });

    OutputFile out(path, true);  // beside the exposure raster the caller just wrote
    DatasetPtr mem(GDALCreate(GDALGetDriverByName("MEM"), "", width, height, 1, GDT_Byte, nullptr));
    if (!mem) {
        throw Error({stage, where, "", "", ""}, "cannot allocate the class raster: " + gdal_message());
    }
    std::array<double, 6> transform{};
    GDALGetGeoTransform(src.get(), transform.data());
    GDALSetGeoTransform(mem.get(), transform.data());
    GDALSetProjection(mem.get(), GDALGetProjectionRef(src.get()));
    GDALRasterBandH band = GDALGetRasterBand(mem.get(), 1);
    if (GDALRasterIO(band, GF_Write, 0, 0, width, height, classes.data(), width, height, GDT_Byte, 0, 0) != CE_None) {
        throw Error({stage, where, "", "", ""}, "cannot fill the class raster: " + gdal_message());
    }
    GDALSetRasterNoDataValue(band, 0.0);
    GDALSetDescription(band, "exposure class");
    std::unique_ptr<void, decltype(&GDALDestroyColorTable)> table(GDALCreateColorTable(GPI_RGB), &GDALDestroyColorTable);
    const std::array<GDALColorEntry, 5> colours{{{0, 0, 0, 0}, {46, 160, 67, 255}, {240, 200, 40, 255}, {240, 120, 30, 255}, {200, 30, 40, 255}}};
    for (std::size_t i = 0; i < colours.size(); ++i) {
        GDALSetColorEntry(static_cast<GDALColorTableH>(table.get()), static_cast<int>(i), &colours[i]);
    }
    GDALSetRasterColorTable(band, static_cast<GDALColorTableH>(table.get()));
    GDALSetRasterColorInterpretation(band, GCI_PaletteIndex);
    if (char** md = GDALGetMetadata(src.get(), nullptr)) {
        GDALSetMetadata(mem.get(), md, nullptr);
    }
    GDALSetMetadataItem(mem.get(), "SWXRISK_CLASSES", "0 nodata, 1 low (< 25), 2 moderate (25-50), 3 high (50-75), 4 severe (>= 75)",
                        nullptr);
    src.reset();

    std::vector<int> factors = overview_factors(width, height);
    if (!factors.empty() && GDALBuildOverviews(mem.get(), "NEAREST", static_cast<int>(factors.size()), factors.data(), 0, nullptr,
                                               nullptr, nullptr) != CE_None) {
        throw Error({stage, where, "", "", ""}, "cannot build overviews: " + gdal_message());
    }
    copy_to_geotiff(mem.get(), out.staged(), where, Predictor::none);
    out.commit();
}

}  // namespace swx::io
