#pragma once
// The drawing surface of map.png (io/map_image): an RGB canvas with clipped lines, blending, boxes and
// discs, and the font labels are drawn in (FreeType, or a built-in 5x7 bitmap font). Private to swx::io.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace swx::io::detail {

struct Rgb {
    std::uint8_t r, g, b;
};

struct Box {
    int x0, y0, x1, y1;
    [[nodiscard]] bool overlaps(const Box& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
};

class Canvas {
public:
    Canvas(int w, int h) : m_w(w), m_h(h), m_px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), Rgb{255, 255, 255}) {}
    void set(int x, int y, Rgb c) {
        if (x >= 0 && y >= 0 && x < m_w && y < m_h) {
            m_px[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_w) + static_cast<std::size_t>(x)] = c;
        }
    }
    /// `c` over the pixel with coverage alpha in [0, 255].
    void blend(int x, int y, Rgb c, int alpha) {
        if (x >= 0 && y >= 0 && x < m_w && y < m_h && alpha > 0) {
            Rgb& p = m_px[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_w) + static_cast<std::size_t>(x)];
            auto mix = [&](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>((a * (255 - alpha) + b * alpha) / 255); };
            p = {mix(p.r, c.r), mix(p.g, c.g), mix(p.b, c.b)};
        }
    }
    void fill(int x0, int y0, int x1, int y1, Rgb c) {
        for (int y = std::max(0, y0); y <= std::min(m_h - 1, y1); ++y) {
            for (int x = std::max(0, x0); x <= std::min(m_w - 1, x1); ++x) {
                set(x, y, c);
            }
        }
    }
    /// A straight line between two points in pixel coordinates (any magnitude): clipped to the canvas
    /// (or to `clip`) in floating point (Liang-Barsky) before it is rounded and rasterised, so that no
    /// integer arithmetic sees a coordinate far outside the image. `alpha` < 255 blends the colour.
    void line(double x0, double y0, double x1, double y1, Rgb c, int alpha = 255, const Box* clip = nullptr) {
        if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) {
            return;
        }
        const double xmin = clip != nullptr ? clip->x0 - 0.49 : -1.0, xmax = clip != nullptr ? clip->x1 + 0.49 : m_w;
        const double ymin = clip != nullptr ? clip->y0 - 0.49 : -1.0, ymax = clip != nullptr ? clip->y1 + 0.49 : m_h;
        double t0 = 0.0, t1 = 1.0;
        const double dx = x1 - x0, dy = y1 - y0;
        const std::array<double, 4> p{-dx, dx, -dy, dy};
        const std::array<double, 4> q{x0 - xmin, xmax - x0, y0 - ymin, ymax - y0};
        for (std::size_t i = 0; i < 4; ++i) {
            if (p[i] == 0.0) {
                if (q[i] < 0.0) {
                    return;
                }
            } else {
                const double t = q[i] / p[i];
                if (p[i] < 0.0) {
                    t0 = std::max(t0, t);
                } else {
                    t1 = std::min(t1, t);
                }
            }
        }
        if (t0 > t1) {
            return;
        }
        line_px(static_cast<int>(std::lround(x0 + t0 * dx)), static_cast<int>(std::lround(y0 + t0 * dy)),
                static_cast<int>(std::lround(x0 + t1 * dx)), static_cast<int>(std::lround(y0 + t1 * dy)), c, alpha);
    }
    void disc(int cx, int cy, int r, Rgb fill_colour, Rgb edge) {
        for (int y = -r; y <= r; ++y) {
            for (int x = -r; x <= r; ++x) {
                const int d2 = x * x + y * y;
                if (d2 <= r * r) {
                    set(cx + x, cy + y, d2 >= (r - 1) * (r - 1) ? edge : fill_colour);
                }
            }
        }
    }
    [[nodiscard]] int width() const { return m_w; }
    [[nodiscard]] int height() const { return m_h; }
    [[nodiscard]] const std::vector<Rgb>& pixels() const { return m_px; }

private:
    /// Bresenham between two points within one pixel of the canvas.
    void line_px(int x0, int y0, int x1, int y1, Rgb c, int alpha) {
        const int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        const int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            if (alpha >= 255) {
                set(x0, y0, c);
            } else {
                blend(x0, y0, c, alpha);
            }
            if (x0 == x1 && y0 == y1) {
                break;
            }
            const int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    int m_w, m_h;
    std::vector<Rgb> m_px;
};

/// The font labels are drawn in: a TrueType face through FreeType, or the built-in bitmap font.
class Font {
public:
    static constexpr int size_px = 14;  ///< text height (the bitmap font at scale 2 is 14 pixels too)

    Font();
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    [[nodiscard]] const std::string& path() const { return m_path; }

    /// Width in pixels of `s` (UTF-8).
    [[nodiscard]] int measure(const std::string& s) const { return draw(nullptr, 0, 0, s, {0, 0, 0}); }

    /// Draws `s` (UTF-8) with its top-left corner at (x, y) (nothing when `canvas` is null); returns
    /// the x after the text.
    int draw(Canvas* canvas, int x, int y, const std::string& s, Rgb c) const;

private:
    /// $SWXRISK_MAP_FONT when set (empty or unreadable: the bitmap font), else the first DejaVu Sans
    /// found where Debian's fonts-dejavu-core (and other distributions) install it.
    static std::string map_font_path();

    FT_Library m_library = nullptr;
    FT_Face m_face = nullptr;
    std::string m_path;
};

/// Writes the canvas as a PNG through GDAL (a MEM RGB dataset copied by the PNG driver; no .aux.xml
/// left behind). @throws Error naming `path` if GDAL cannot write it.
void encode_png(const Canvas& canvas, const std::filesystem::path& path);

}  // namespace swx::io::detail
