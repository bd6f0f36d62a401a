// map.png (io/map_image): coastlines and borders from the bundled Natural Earth basemap where the
// coasts are (checked at named capes, not against the drawing code), none in mid-ocean, no streak
// across the map from rings that cross the antimeridian, the graticule's spacing, the return-period
// colour classes, and a map drawn (and reported) without the basemap when it is absent.

#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>
#include <swx/io/basemap.hpp>
#include <swx/io/map_image.hpp>

#include "support/png_image.hpp"
#include "test_paths.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using swx::test::Rgb8;

namespace {

/// The coastline colour of map_image.cpp (solid dark grey); nothing else on these maps has it.
constexpr Rgb8 coast{45, 45, 45};

fs::path temp_png(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("swx_map_basemap_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

swx::FeatureTable no_sites() {
    swx::FeatureTable t;
    t.name = "sites";
    t.geometry_kind = swx::GeometryKind::point;
    return t;
}

/// Sets (or unsets) an environment variable for the scope.
struct EnvVar {
    EnvVar(const char* name, const char* value) : m_name(name) {
        if (value == nullptr) {
            ::unsetenv(name);
        } else {
            ::setenv(name, value, 1);
        }
    }
    ~EnvVar() { ::unsetenv(m_name); }
    EnvVar(const EnvVar&) = delete;
    EnvVar& operator=(const EnvVar&) = delete;

private:
    const char* m_name;
};

/// Canvas pixel of a point on a map of `spec` (the frame's layout: 10 px left margin, 36 px title
/// band, at most 1,000 map pixels along the larger side and at most 8 pixels a cell), written out
/// here rather than taken from the code under test.
std::pair<int, int> pixel(const swx::GridSpec& spec, double lon, double lat) {
    const double scale = std::min(8.0, 1000.0 / static_cast<double>(std::max(spec.width(), spec.height())));
    double dlon = lon - spec.west_deg;
    if (dlon < 0.0) {
        dlon += 360.0;
    }
    return {static_cast<int>(std::lround(10 + dlon / spec.resolution_deg * scale)),
            static_cast<int>(std::lround(36 + (spec.north_deg - lat) / spec.resolution_deg * scale))};
}

/// Coastline pixels within `r` pixels of a point.
int coast_near(const swx::test::Image& im, const swx::GridSpec& spec, double lon, double lat, int r) {
    const auto [x, y] = pixel(spec, lon, lat);
    return im.count(coast, x - r, y - r, x + r, y + r);
}

}  // namespace

TEST_CASE("map.png: coastlines where the coasts are, none in mid-ocean (global 1-degree map)", "[map][basemap]") {
    const EnvVar env("SWXRISK_BASEMAP", nullptr);
    const swx::GridSpec spec{-180.0, -90.0, 180.0, 90.0, 1.0};  // 2.78 pixels a degree
    const fs::path png = temp_png("global.png");
    const auto summary = swx::io::write_map_png(swx::Raster::nodata(spec), no_sites(), {}, "global", png);
    REQUIRE(summary.basemap);
    CHECK(summary.basemap_features == 178);  // 1 land multipolygon + 177 countries (datasets/basemap/README.md)
    CHECK(summary.graticule_step_deg == 30.0);
    const auto im = swx::test::read_png(png);
    // Named capes (coordinates from the gazetteer, not from the data), within 1 degree (3 pixels): the
    // 1:110m outlines are generalised by up to tens of km.
    CHECK(coast_near(im, spec, -9.50, 38.78, 3) > 0);    // Cabo da Roca, Portugal (westernmost continental Europe)
    CHECK(coast_near(im, spec, 113.15, -26.15, 3) > 0);  // Steep Point (westernmost Australia)
    CHECK(coast_near(im, spec, 142.53, -10.69, 3) > 0);  // Cape York (northernmost Australia)
    CHECK(coast_near(im, spec, 153.64, -28.64, 3) > 0);  // Cape Byron (easternmost Australia)
    CHECK(coast_near(im, spec, 146.38, -39.13, 3) > 0);  // Wilsons Promontory (southernmost mainland Australia)
    // Open sea and the middle of a continent, 3 degrees (8 pixels) around the point.
    CHECK(coast_near(im, spec, -13.5, 38.78, 8) == 0);  // Atlantic west of Lisbon
    CHECK(coast_near(im, spec, -30.0, -45.0, 8) == 0);  // South Atlantic
    CHECK(coast_near(im, spec, -140.0, 10.0, 8) == 0);  // North Pacific
    CHECK(coast_near(im, spec, 134.0, -25.0, 8) == 0);  // central Australia
    // Fiji's and Russia's rings step from +180 to -180: drawn the long way they would streak across
    // the map along their latitude. Row of Fiji's step (16.07 deg S) from 170 W to 80 W: no coast.
    const auto [x0, y] = pixel(spec, -170.0, -16.067);
    const auto [x1, y_] = pixel(spec, -80.0, -16.067);
    CHECK(im.count(coast, x0, y - 1, x1, y + 1) == 0);
    // Country borders darken the raster under them (translucent): the Pyrenees (France-Spain) are drawn.
    const auto [px, py] = pixel(spec, 1.0, 42.6);
    int darker = 0;
    for (int yy = py - 6; yy <= py + 6; ++yy) {
        for (int xx = px - 8; xx <= px + 8; ++xx) {
            const Rgb8 c = im.at(xx, yy);
            darker += c.r < 160 && c.r > 60 && c == Rgb8{c.r, c.r, c.r} ? 1 : 0;
        }
    }
    CHECK(darker > 0);
}

TEST_CASE("map.png: an area across the antimeridian draws the coasts on both sides of 180 degrees", "[map][basemap]") {
    const EnvVar env("SWXRISK_BASEMAP", nullptr);
    const swx::GridSpec spec{170.0, -40.0, -170.0, -10.0, 0.1};  // 200 x 300 cells, 3.33 pixels a cell
    REQUIRE(spec.crosses_antimeridian());
    const fs::path png = temp_png("antimeridian.png");
    const auto summary = swx::io::write_map_png(swx::Raster::nodata(spec), no_sites(), {}, "Fiji", png);
    REQUIRE(summary.basemap);
    CHECK(summary.graticule_step_deg == 5.0);
    const auto im = swx::test::read_png(png);
    CHECK(coast_near(im, spec, 172.68, -34.43, 7) > 0);    // Cape Reinga, New Zealand (west of 180)
    CHECK(coast_near(im, spec, -179.9, -16.3, 5) > 0);     // Vanua Levu's eastern end, Fiji (east of 180)
    CHECK(coast_near(im, spec, -172.0, -30.0, 30) == 0);   // open Pacific, 3 degrees around
    const auto [x0, y] = pixel(spec, -178.5, -16.067);     // no streak east of Fiji along its step
    const auto [x1, y_] = pixel(spec, -170.5, -16.067);
    CHECK(im.count(coast, x0, y - 1, x1, y + 1) == 0);
}

TEST_CASE("map.png: return periods in six classes, hot for short, with their legend", "[map][return_period]") {
    const EnvVar env("SWXRISK_BASEMAP", nullptr);
    // Mid-Pacific (no land within 20 degrees), 100 x 20 cells of 0.1 degree: 8 pixels a cell. Eight
    // blocks of 12.5 columns; the upper ten rows hold one return period per block, the lower ten NaN.
    const swx::GridSpec spec{-160.0, -5.0, -150.0, -3.0, 0.1};
    swx::Raster raster = swx::Raster::nodata(spec);
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> years{10.0, 30.0, 99.9, 150.0, 300.0, 1000.0, 10000.0, inf};
    for (std::size_t row = 0; row < 10; ++row) {
        for (std::size_t col = 0; col < 100; ++col) {
            raster.at(col, row) = static_cast<float>(years[col * 8 / 100]);
        }
    }
    const fs::path png = temp_png("return_period.png");
    const auto summary =
        swx::io::write_map_png(raster, swx::io::MapQuantity::return_period_years, no_sites(), {}, "return period", png);
    CHECK(summary.graticule_step_deg == 2.0);
    const auto im = swx::test::read_png(png);
    // ColorBrewer RdYlBu (6 classes), the ramp docs/output-formats.md documents: < 30, 30-100, 100-300,
    // 300-1,000, 1,000-10,000, >= 10,000 years.
    const std::vector<Rgb8> ramp{{165, 0, 38}, {215, 48, 39}, {244, 109, 67}, {253, 174, 97}, {254, 224, 144}, {171, 217, 233}};
    const std::vector<std::size_t> expected_class{0, 1, 1, 2, 3, 4, 5, 5};  // a class includes its lower bound
    for (std::size_t k = 0; k < years.size(); ++k) {
        const double lon = -160.0 + (static_cast<double>(k) + 0.5) * 1.25;  // block centres, 0.375 deg from a meridian
        const auto [x, y] = pixel(spec, lon, -3.5);
        INFO("block " << k << ": " << years[k] << " years");
        CHECK(im.at(x, y) == ramp[expected_class[k]]);
        const auto [xn, yn] = pixel(spec, lon, -4.5);
        CHECK(im.at(xn, yn) == Rgb8{225, 225, 225});  // NaN: neutral grey, "no data"
    }
    // Each class has its swatch in the legend below the map (y > 36 + 160).
    for (const auto& c : ramp) {
        CHECK(im.count(c, 0, 36 + 160 + 2, im.w - 1, im.h - 1) >= 19 * 14);
    }
}

TEST_CASE("map.png: without the basemap the map is drawn without coastlines, and says so", "[map][basemap]") {
    const swx::GridSpec spec{-180.0, -90.0, 180.0, 90.0, 1.0};
    SECTION("SWXRISK_BASEMAP names a folder that does not exist") {
        const EnvVar env("SWXRISK_BASEMAP", "/nonexistent/swx-basemap");
        const fs::path png = temp_png("no_basemap.png");
        const auto summary = swx::io::write_map_png(swx::Raster::nodata(spec), no_sites(), {}, "none", png);
        CHECK_FALSE(summary.basemap);
        CHECK(summary.basemap_features == 0);
        CHECK(summary.basemap_source.find("not found") != std::string::npos);
        CHECK(summary.basemap_source.find("/nonexistent/swx-basemap") != std::string::npos);
        const auto im = swx::test::read_png(png);
        CHECK(coast_near(im, spec, -9.50, 38.78, 3) == 0);
        CHECK(im.count(coast, 0, 0, im.w - 1, im.h - 1) == 0);
    }
    SECTION("SWXRISK_BASEMAP names the bundled folder") {
        const std::string dir = (swx::test::datasets_dir / "basemap").string();
        const EnvVar env("SWXRISK_BASEMAP", dir.c_str());
        CHECK(swx::io::default_basemap_dir() == fs::path(dir));
        const auto summary = swx::io::write_map_png(swx::Raster::nodata(spec), no_sites(), {}, "bundled", temp_png("bundled.png"));
        CHECK(summary.basemap);
        CHECK(summary.basemap_source == dir);
    }
    SECTION("a basemap file GDAL cannot read") {
        const fs::path dir = temp_png("broken_basemap");
        fs::create_directories(dir);
        {
            std::FILE* f = std::fopen((dir / "land_110m.geojson").c_str(), "w");
            REQUIRE(f != nullptr);
            std::fputs("{ not json", f);
            std::fclose(f);
        }
        const EnvVar env("SWXRISK_BASEMAP", dir.c_str());
        const auto basemap = swx::io::load_basemap(dir);
        CHECK(basemap.empty());
        CHECK(basemap.source.find("land_110m.geojson") != std::string::npos);
        const auto summary = swx::io::write_map_png(swx::Raster::nodata(spec), no_sites(), {}, "broken", temp_png("broken.png"));
        CHECK_FALSE(summary.basemap);
    }
}
