// Quick-look map rendering: a small RGB canvas drawn in C++ (colour ramp, Bresenham lines, markers and a
// built-in 5x7 bitmap font for labels), written as PNG by GDAL.

#include <swx/io/map_image.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>
#include <gdal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace swx::io {

namespace {

struct Rgb {
    std::uint8_t r, g, b;
};

// 5x7 glyphs, one row per entry, bit 4 = leftmost column.
const std::map<char, std::array<std::uint8_t, 7>>& font() {
    static const std::map<char, std::array<std::uint8_t, 7>> f{
        {'A', {14, 17, 17, 31, 17, 17, 17}}, {'B', {30, 17, 17, 30, 17, 17, 30}}, {'C', {14, 17, 16, 16, 16, 17, 14}},
        {'D', {30, 17, 17, 17, 17, 17, 30}}, {'E', {31, 16, 16, 30, 16, 16, 31}}, {'F', {31, 16, 16, 30, 16, 16, 16}},
        {'G', {14, 17, 16, 23, 17, 17, 15}}, {'H', {17, 17, 17, 31, 17, 17, 17}}, {'I', {14, 4, 4, 4, 4, 4, 14}},
        {'J', {7, 2, 2, 2, 2, 18, 12}},      {'K', {17, 18, 20, 24, 20, 18, 17}}, {'L', {16, 16, 16, 16, 16, 16, 31}},
        {'M', {17, 27, 21, 21, 17, 17, 17}}, {'N', {17, 17, 25, 21, 19, 17, 17}}, {'O', {14, 17, 17, 17, 17, 17, 14}},
        {'P', {30, 17, 17, 30, 16, 16, 16}}, {'Q', {14, 17, 17, 17, 21, 18, 13}}, {'R', {30, 17, 17, 30, 20, 18, 17}},
        {'S', {15, 16, 16, 14, 1, 1, 30}},   {'T', {31, 4, 4, 4, 4, 4, 4}},       {'U', {17, 17, 17, 17, 17, 17, 14}},
        {'V', {17, 17, 17, 17, 17, 10, 4}},  {'W', {17, 17, 17, 21, 21, 21, 10}}, {'X', {17, 17, 10, 4, 10, 17, 17}},
        {'Y', {17, 17, 10, 4, 4, 4, 4}},     {'Z', {31, 1, 2, 4, 8, 16, 31}},     {'0', {14, 17, 19, 21, 25, 17, 14}},
        {'1', {4, 12, 4, 4, 4, 4, 14}},      {'2', {14, 17, 1, 2, 4, 8, 31}},     {'3', {31, 2, 4, 2, 1, 17, 14}},
        {'4', {2, 6, 10, 18, 31, 2, 2}},     {'5', {31, 16, 30, 1, 1, 17, 14}},   {'6', {6, 8, 16, 30, 17, 17, 14}},
        {'7', {31, 1, 2, 4, 8, 8, 8}},       {'8', {14, 17, 17, 14, 17, 17, 14}}, {'9', {14, 17, 17, 15, 1, 2, 12}},
        {'.', {0, 0, 0, 0, 0, 12, 12}},      {'-', {0, 0, 0, 31, 0, 0, 0}},       {'/', {0, 1, 2, 4, 8, 16, 0}},
        {':', {0, 12, 12, 0, 12, 12, 0}},    {'(', {2, 4, 8, 8, 8, 4, 2}},        {')', {8, 4, 2, 2, 2, 4, 8}},
        {',', {0, 0, 0, 0, 12, 4, 8}},       {'%', {24, 25, 2, 4, 8, 19, 3}},     {'=', {0, 0, 31, 0, 31, 0, 0}},
        {'+', {0, 4, 4, 31, 4, 4, 0}},       {'<', {2, 4, 8, 16, 8, 4, 2}},       {'>', {8, 4, 2, 1, 2, 4, 8}},
    };
    return f;
}

class Canvas {
public:
    Canvas(int w, int h) : m_w(w), m_h(h), m_px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), Rgb{255, 255, 255}) {}
    void set(int x, int y, Rgb c) {
        if (x >= 0 && y >= 0 && x < m_w && y < m_h) {
            m_px[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_w) + static_cast<std::size_t>(x)] = c;
        }
    }
    void fill(int x0, int y0, int x1, int y1, Rgb c) {
        for (int y = y0; y <= y1; ++y) {
            for (int x = x0; x <= x1; ++x) {
                set(x, y, c);
            }
        }
    }
    void line(int x0, int y0, int x1, int y1, Rgb c) {
        const int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        const int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        for (int guard = 0; guard < 100000; ++guard) {
            set(x0, y0, c);
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
    /// Text in the 5x7 font at `scale`, top-left at (x, y); lower case is drawn as upper case.
    int text(int x, int y, const std::string& s, Rgb c, int scale = 2) {
        for (char ch : s) {
            const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            const auto it = font().find(u);
            if (it != font().end()) {
                for (int row = 0; row < 7; ++row) {
                    for (int col = 0; col < 5; ++col) {
                        if ((it->second[static_cast<std::size_t>(row)] >> (4 - col)) & 1) {
                            fill(x + col * scale, y + row * scale, x + col * scale + scale - 1, y + row * scale + scale - 1, c);
                        }
                    }
                }
            }
            x += 6 * scale;
        }
        return x;
    }
    [[nodiscard]] int width() const { return m_w; }
    [[nodiscard]] int height() const { return m_h; }
    [[nodiscard]] const std::vector<Rgb>& pixels() const { return m_px; }

private:
    int m_w, m_h;
    std::vector<Rgb> m_px;
};

Rgb colour_for(double index) {
    if (std::isnan(index)) {
        return {225, 225, 225};
    }
    // low → severe: green, yellow, orange, red; shaded within each class.
    static const std::array<Rgb, 4> base{{{46, 160, 67}, {240, 200, 40}, {240, 120, 30}, {200, 30, 40}}};
    const int cls = std::clamp(static_cast<int>(index / 25.0), 0, 3);
    const double within = std::clamp(index / 25.0 - cls, 0.0, 1.0);
    const double shade = 1.15 - 0.3 * within;
    auto s = [&](std::uint8_t v) { return static_cast<std::uint8_t>(std::clamp(v * shade, 0.0, 255.0)); };
    return {s(base[static_cast<std::size_t>(cls)].r), s(base[static_cast<std::size_t>(cls)].g), s(base[static_cast<std::size_t>(cls)].b)};
}

std::string nice_km(double km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g KM", km);
    return buf;
}

/// Where the map sits on the canvas: the grid's cells scaled to pixels, below the title, above the legend.
struct MapFrame {
    static constexpr int top = 36;
    static constexpr int bottom = 110;
    static constexpr int margin = 10;
    GridSpec spec;
    int grid_w = 0, grid_h = 0;  ///< grid cells
    double scale = 1.0;          ///< map pixels per grid cell
    int map_w = 0, map_h = 0;    ///< map pixels

    explicit MapFrame(const GridSpec& grid) : spec(grid) {
        grid_w = static_cast<int>(spec.width());
        grid_h = static_cast<int>(spec.height());
        scale = std::clamp(1000.0 / std::max(grid_w, grid_h), 0.05, 8.0);
        map_w = std::max(200, static_cast<int>(grid_w * scale));
        map_h = std::max(100, static_cast<int>(grid_h * scale));
    }
    [[nodiscard]] int canvas_width() const { return map_w + 2 * margin; }
    [[nodiscard]] int canvas_height() const { return map_h + top + bottom; }
    [[nodiscard]] std::pair<int, int> to_px(const GeoPoint& p) const {
        // Longitude east of the grid's west edge, continuous across the antimeridian for a crossing grid
        // (measured from the grid's middle meridian, so points just outside stay just outside).
        const double half = 0.5 * spec.lon_extent_deg();
        const double x = (std::remainder(p.lon_deg - (spec.west_deg + half), 360.0) + half) / spec.resolution_deg * scale;
        const double y = (spec.north_deg - p.lat_deg) / spec.resolution_deg * scale;
        return {margin + static_cast<int>(std::lround(x)), top + static_cast<int>(std::lround(y))};
    }
};

/// The exposure raster, nearest cell per pixel.
void draw_raster(Canvas& canvas, const MapFrame& f, const Raster& exposure) {
    for (int y = 0; y < f.map_h; ++y) {
        const auto row = static_cast<std::size_t>(std::min(f.grid_h - 1, static_cast<int>(y / f.scale)));
        for (int x = 0; x < f.map_w; ++x) {
            const auto col = static_cast<std::size_t>(std::min(f.grid_w - 1, static_cast<int>(x / f.scale)));
            canvas.set(MapFrame::margin + x, MapFrame::top + y, colour_for(exposure.at(col, row)));
        }
    }
}

/// Line routes, then substations on top.
void draw_grid(Canvas& canvas, const MapFrame& f, const std::vector<FeatureTable>& grid_layers) {
    for (const auto& layer : grid_layers) {
        if (layer.name == "lines") {
            for (const auto& route : layer.geometry) {
                for (std::size_t i = 1; i < route.size(); ++i) {
                    const auto [x0, y0] = f.to_px(route[i - 1]);
                    const auto [x1, y1] = f.to_px(route[i]);
                    canvas.line(x0, y0, x1, y1, {40, 40, 40});
                }
            }
        }
    }
    for (const auto& layer : grid_layers) {
        if (layer.name == "substations") {
            for (const auto& g : layer.geometry) {
                if (!g.empty()) {
                    const auto [x, y] = f.to_px(g[0]);
                    canvas.fill(x - 3, y - 3, x + 3, y + 3, {20, 20, 120});
                }
            }
        }
    }
}

/// Sites as discs, labelled with their rank when the table has one.
void draw_sites(Canvas& canvas, const MapFrame& f, const FeatureTable& sites) {
    const std::vector<double>* ranks = nullptr;
    for (const auto& col : sites.columns) {
        if (col.name == "rank") {
            ranks = std::get_if<std::vector<double>>(&col.values);
        }
    }
    for (std::size_t i = 0; i < sites.geometry.size(); ++i) {
        if (sites.geometry[i].empty()) {
            continue;
        }
        const auto [x, y] = f.to_px(sites.geometry[i][0]);
        canvas.disc(x, y, 7, {255, 255, 255}, {0, 0, 0});
        if (ranks != nullptr) {
            char label[16];
            std::snprintf(label, sizeof label, "%.0f", (*ranks)[i]);
            canvas.text(x + 10, y - 7, label, {0, 0, 0}, 2);
        }
    }
}

/// A scale bar at the map's mid latitude, at most 220 pixels long.
void draw_scale_bar(Canvas& canvas, const MapFrame& f, int by) {
    constexpr int margin = MapFrame::margin;
    const double mid_lat = 0.5 * (f.spec.south_deg + f.spec.north_deg) * M_PI / 180.0;
    const double km_per_px = 111.32 * std::cos(mid_lat) * f.spec.resolution_deg / f.scale;
    double bar_km = 1.0;
    for (const double candidate : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0}) {
        if (candidate / km_per_px <= 220.0) {
            bar_km = candidate;
        }
    }
    const int bar_px = static_cast<int>(bar_km / km_per_px);
    canvas.fill(margin, by, margin + bar_px, by + 5, {0, 0, 0});
    canvas.fill(margin + bar_px / 2, by, margin + bar_px, by + 5, {255, 255, 255});
    canvas.line(margin, by, margin + bar_px, by, {0, 0, 0});
    canvas.line(margin, by + 5, margin + bar_px, by + 5, {0, 0, 0});
    canvas.line(margin + bar_px, by, margin + bar_px, by + 5, {0, 0, 0});
    canvas.text(margin + bar_px + 10, by - 4,
                nice_km(bar_km) + " (AT " + std::to_string(static_cast<int>(std::lround(mid_lat * 180.0 / M_PI))) +
                    " DEG LAT). PLATE CARREE, WGS84",
                {0, 0, 0}, 2);
}

/// The title above the map; the exposure classes, the symbols and the scale bar below it.
void draw_legend(Canvas& canvas, const MapFrame& f, const std::string& title) {
    constexpr int margin = MapFrame::margin;
    canvas.text(margin, 10, title.substr(0, static_cast<std::size_t>(std::max(10, f.map_w / 12))), {0, 0, 0}, 2);
    int lx = margin;
    const int ly = MapFrame::top + f.map_h + 16;
    lx = canvas.text(lx, ly, "EXPOSURE INDEX:", {0, 0, 0}, 2) + 8;
    const std::array<std::pair<const char*, double>, 4> classes{
        {{"LOW <25", 12.5}, {"MODERATE", 37.5}, {"HIGH", 62.5}, {"SEVERE >75", 87.5}}};
    for (const auto& [name, value] : classes) {
        canvas.fill(lx, ly, lx + 18, ly + 13, colour_for(value));
        lx = canvas.text(lx + 24, ly, name, {0, 0, 0}, 2) + 14;
    }
    canvas.fill(lx, ly, lx + 18, ly + 13, colour_for(std::nan("")));
    canvas.text(lx + 24, ly, "NO DATA", {0, 0, 0}, 2);
    const int ly2 = ly + 30;
    canvas.disc(margin + 8, ly2 + 7, 7, {255, 255, 255}, {0, 0, 0});
    int x2 = canvas.text(margin + 22, ly2, "SITE (RANK)", {0, 0, 0}, 2) + 16;
    canvas.fill(x2, ly2 + 4, x2 + 6, ly2 + 10, {20, 20, 120});
    x2 = canvas.text(x2 + 14, ly2, "SUBSTATION", {0, 0, 0}, 2) + 16;
    canvas.line(x2, ly2 + 7, x2 + 24, ly2 + 7, {40, 40, 40});
    canvas.text(x2 + 32, ly2, "LINE", {0, 0, 0}, 2);
    draw_scale_bar(canvas, f, ly2 + 34);
}

/// Writes the canvas through GDAL: a MEM RGB dataset copied to PNG (no .aux.xml left behind).
void encode_png(const Canvas& canvas, const std::filesystem::path& path) {
    ensure_gdal();
    const int w = canvas.width();
    const int h = canvas.height();
    GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 3, GDT_Byte, nullptr);
    if (mem == nullptr) {
        throw Error({"writers.png", path.string(), "", "", ""}, "cannot allocate the image");
    }
    std::vector<std::uint8_t> band(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int b = 0; b < 3; ++b) {
        for (std::size_t i = 0; i < band.size(); ++i) {
            const Rgb& c = canvas.pixels()[i];
            band[i] = b == 0 ? c.r : (b == 1 ? c.g : c.b);
        }
        if (GDALRasterIO(GDALGetRasterBand(mem, b + 1), GF_Write, 0, 0, w, h, band.data(), w, h, GDT_Byte, 0, 0) !=
            CE_None) {
            GDALClose(mem);
            throw Error({"writers.png", path.string(), "", "", ""}, "cannot fill the image");
        }
    }
    GDALDatasetH png = GDALCreateCopy(GDALGetDriverByName("PNG"), path.c_str(), mem, FALSE, nullptr, nullptr, nullptr);
    GDALClose(mem);
    if (png == nullptr) {
        throw Error({"writers.png", path.string(), "", "", ""},
                    std::string("cannot write the PNG: ") + CPLGetLastErrorMsg());
    }
    GDALClose(png);
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(path.string() + ".aux.xml"), ec);
}

}  // namespace

void write_map_png(const Raster& exposure, const FeatureTable& sites, const std::vector<FeatureTable>& grid_layers,
                   const std::string& title, const std::filesystem::path& path) {
    const MapFrame frame(exposure.spec);
    Canvas canvas(frame.canvas_width(), frame.canvas_height());
    draw_raster(canvas, frame, exposure);
    draw_grid(canvas, frame, grid_layers);
    draw_sites(canvas, frame, sites);
    draw_legend(canvas, frame, title);
    encode_png(canvas, path);
}

}  // namespace swx::io
