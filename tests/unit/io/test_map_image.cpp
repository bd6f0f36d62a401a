// map.png (io/map_image): lines clipped before they are rasterised, UTF-8 text through FreeType (and the
// bitmap fallback), rank labels that do not overlap, a legend of the layers drawn.

#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>
#include <swx/io/map_image.hpp>
#include "support/png_image.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using swx::test::Image;
using swx::test::read_png;

fs::path temp_png(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("swx_map_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

swx::FeatureTable sites_at(const std::vector<swx::GeoPoint>& points) {
    swx::FeatureTable t;
    t.name = "sites";
    t.geometry_kind = swx::GeometryKind::point;
    std::vector<double> rank;
    for (std::size_t i = 0; i < points.size(); ++i) {
        t.geometry.push_back({points[i]});
        rank.push_back(static_cast<double>(i + 1));
    }
    t.add("rank", rank);
    return t;
}

/// Unsets (or sets) SWXRISK_MAP_FONT for the scope.
struct FontEnv {
    explicit FontEnv(const char* value) {
        if (value == nullptr) {
            ::unsetenv("SWXRISK_MAP_FONT");
        } else {
            ::setenv("SWXRISK_MAP_FONT", value, 1);
        }
    }
    ~FontEnv() { ::unsetenv("SWXRISK_MAP_FONT"); }
    FontEnv(const FontEnv&) = delete;
    FontEnv& operator=(const FontEnv&) = delete;
};

}  // namespace

TEST_CASE("map.png: a line reaching far outside a tiny-resolution area is clipped, not wrapped", "[map]") {
    // 100 x 100 cells of 1e-7 degree: 8 pixels a cell. The line's far end lies 100 degrees east, 8e9
    // pixels away, beyond int range: drawn from that coordinate unclipped it wrapped (a signed overflow
    // UBSan reported) and ran west instead of east.
    const swx::Raster exposure = swx::Raster::nodata({0.0, 0.0, 1e-5, 1e-5, 1e-7});
    const swx::GeoPoint mid{0.5e-5, 0.5e-5};
    swx::FeatureTable lines;
    lines.name = "lines";
    lines.geometry_kind = swx::GeometryKind::line_string;
    lines.geometry.push_back({mid, {100.0, 0.5e-5}});
    lines.add("id", std::vector<std::string>{"L1"});
    const fs::path png = temp_png("clip.png");
    const FontEnv env(nullptr);
    const auto summary = swx::io::write_map_png(exposure, sites_at({}), {lines}, "clip", png);
    CHECK(summary.lines == 1);
    const Image im = read_png(png);
    const int x_mid = 10 + 400, y_mid = 36 + 400, x_east = 10 + 799;
    CHECK(im.dark(x_mid + 100, y_mid));
    CHECK(im.dark(x_east, y_mid));
    CHECK_FALSE(im.dark(x_mid - 100, y_mid));  // nothing drawn westward
}

TEST_CASE("map.png: UTF-8 text is drawn with a TrueType font, or folded to ASCII by the fallback", "[map]") {
    const swx::Raster exposure = swx::Raster::nodata({0.0, 0.0, 1.0, 1.0, 0.01});
    const auto title_ink = [&](const std::string& title, const std::string& file) {
        const fs::path png = temp_png(file);
        (void)swx::io::write_map_png(exposure, sites_at({}), {}, title, png);
        return read_png(png).dark_count(0, 0, 400, 34);
    };
    SECTION("DejaVu Sans (fonts-dejavu-core) when installed") {
        const FontEnv env(nullptr);
        const fs::path png = temp_png("font.png");
        const auto summary = swx::io::write_map_png(exposure, sites_at({}), {}, "x", png);
        if (summary.font.empty()) {
            WARN("no DejaVu Sans found (install fonts-dejavu-core): the bitmap fallback is used");
        } else {
            CHECK(summary.font.find("DejaVuSans") != std::string::npos);
        }
        // Before FreeType, the bytes of é and å were not in the font and nothing was drawn for them.
        CHECK(title_ink("\u00e9\u00e5", "accent.png") > 20);
        CHECK(title_ink("", "empty.png") == 0);
        // "Québec" draws more than "Qubec" (the é is not dropped).
        CHECK(title_ink("Qu\u00e9bec", "quebec.png") > title_ink("Qubec", "qubec.png"));
    }
    SECTION("the built-in bitmap font without a font file") {
        const FontEnv env("");
        const fs::path png = temp_png("bitmap.png");
        const auto summary = swx::io::write_map_png(exposure, sites_at({}), {}, "x", png);
        CHECK(summary.font.empty());
        CHECK(title_ink("\u00e9", "bitmap_e_acute.png") == title_ink("E", "bitmap_e.png"));  // é folded to E
        CHECK(title_ink("\u00e9", "bitmap_e_acute.png") > 0);
    }
}

TEST_CASE("map.png: rank labels of nearby sites do not overlap, and the legend lists only the layers drawn", "[map]") {
    const swx::Raster exposure = swx::Raster::nodata({110.0, 39.0, 114.0, 42.0, 0.01});
    // Three sites a pixel apart (Ulanqab and Beijing are ~4 pixels apart on the global demo map).
    const auto sites = sites_at({{113.0, 41.0}, {113.002, 41.0}, {113.0, 41.002}});
    const FontEnv env(nullptr);
    const auto summary = swx::io::write_map_png(exposure, sites, {}, "labels", temp_png("labels.png"));
    CHECK(summary.sites == 3);
    CHECK(summary.labels_drawn + summary.labels_hidden == 3);
    CHECK(summary.labels_drawn >= 2);
    CHECK(summary.labels_moved >= 1);
    CHECK(summary.legend == std::vector<std::string>{"site"});  // no grid layers: no substation or line entry

    swx::FeatureTable subs;
    subs.name = "substations";
    subs.geometry_kind = swx::GeometryKind::point;
    subs.geometry.push_back({{112.0, 40.0}});
    subs.add("id", std::vector<std::string>{"S1"});
    const auto with_subs = swx::io::write_map_png(exposure, sites, {subs}, "labels", temp_png("labels2.png"));
    CHECK(with_subs.legend == std::vector<std::string>{"site", "substation"});
}
