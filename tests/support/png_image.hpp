#pragma once
// A PNG read back through GDAL as RGB bytes, for the map tests (tests/unit/io/test_map_image*.cpp).

#include <catch2/catch.hpp>

#include <gdal.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace swx::test {

struct Rgb8 {
    int r, g, b;
    bool operator==(const Rgb8& o) const { return r == o.r && g == o.g && b == o.b; }
};

struct Image {
    int w = 0, h = 0;
    std::vector<std::uint8_t> r, g, b;
    [[nodiscard]] Rgb8 at(int x, int y) const {
        const auto i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
        return {r[i], g[i], b[i]};
    }
    [[nodiscard]] bool dark(int x, int y) const {
        const Rgb8 c = at(x, y);
        return c.r < 100 && c.g < 100 && c.b < 100;
    }
    /// Number of dark pixels in [x0, x1) x [y0, y1).
    [[nodiscard]] int dark_count(int x0, int y0, int x1, int y1) const {
        int n = 0;
        for (int y = y0; y < y1; ++y) {
            for (int x = x0; x < x1; ++x) {
                n += dark(x, y) ? 1 : 0;
            }
        }
        return n;
    }
    /// Number of pixels of exactly colour `c` in [x0, x1] x [y0, y1] (clamped to the image).
    [[nodiscard]] int count(Rgb8 c, int x0, int y0, int x1, int y1) const {
        int n = 0;
        for (int y = std::max(0, y0); y <= std::min(h - 1, y1); ++y) {
            for (int x = std::max(0, x0); x <= std::min(w - 1, x1); ++x) {
                n += at(x, y) == c ? 1 : 0;
            }
        }
        return n;
    }
};

inline Image read_png(const std::filesystem::path& path) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    Image im;
    im.w = GDALGetRasterXSize(ds);
    im.h = GDALGetRasterYSize(ds);
    for (int band = 1; band <= 3; ++band) {
        auto& v = band == 1 ? im.r : (band == 2 ? im.g : im.b);
        v.resize(static_cast<std::size_t>(im.w) * static_cast<std::size_t>(im.h));
        REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, band), GF_Read, 0, 0, im.w, im.h, v.data(), im.w, im.h, GDT_Byte, 0, 0) ==
                CE_None);
    }
    GDALClose(ds);
    return im;
}

}  // namespace swx::test
