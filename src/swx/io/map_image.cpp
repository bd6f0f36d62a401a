// Quick-look map rendering on a small RGB canvas (detail/map_canvas: clipped Bresenham lines, text in
// a TrueType font through FreeType or a built-in 5x7 bitmap font): the layout, colour ramps, basemap
// and graticule, markers, labels placed so that they do not overlap; written as PNG by GDAL.
//
// Drawing order: the raster (nearest cell per pixel), the graticule, country borders (translucent
// black, so they darken whatever colour lies under them), coastlines (solid dark grey), the grid,
// the graticule's degree labels on white boxes inside the map edges, the sites and their rank labels,
// then the title, legend and scale bar outside the map. Basemap rings are drawn segment by segment,
// each segment the short way round (|dlon| <= 180) from its first point and repeated one period
// (360 degrees) east and west, clipped to the map: so rings that cross the antimeridian, and grids that
// cross it, need no special case.

#define SWX_IO_INTERNAL
#include <swx/io/map_image.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/basemap.hpp>
#include <swx/io/detail/map_canvas.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>
#include <gdal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace swx::io {

namespace {

using detail::Box;
using detail::Canvas;
using detail::Font;
using detail::Rgb;

/// The colour of an exposure index: one hue per class (low < 25 <= moderate < 50 <= high < 75 <= severe),
/// lighter at the class's lower end and darker at its upper end.
Rgb colour_for(double index) {
    if (std::isnan(index)) {
        return {225, 225, 225};
    }
    static const std::array<Rgb, 4> base{{{46, 160, 67}, {240, 200, 40}, {240, 120, 30}, {200, 30, 40}}};
    const int cls = std::clamp(static_cast<int>(index / 25.0), 0, 3);
    const double within = std::clamp(index / 25.0 - cls, 0.0, 1.0);
    const double shade = 1.15 - 0.3 * within;
    auto s = [&](std::uint8_t v) { return static_cast<std::uint8_t>(std::clamp(v * shade, 0.0, 255.0)); };
    return {s(base[static_cast<std::size_t>(cls)].r), s(base[static_cast<std::size_t>(cls)].g), s(base[static_cast<std::size_t>(cls)].b)};
}

/// Return-period classes, upper bounds in years (the last class is open: >= 10,000 years, and +inf).
constexpr std::array<double, 5> return_period_bounds_years{30.0, 100.0, 300.0, 1000.0, 10000.0};

/// The colour of a return period: one flat colour per class, hot (short return period, exceeded
/// often) to cool (ColorBrewer RdYlBu). NaN (and a negative value) is no data.
Rgb colour_for_return_period(double years) {
    static const std::array<Rgb, 6> ramp{{{165, 0, 38}, {215, 48, 39}, {244, 109, 67}, {253, 174, 97}, {254, 224, 144}, {171, 217, 233}}};
    if (std::isnan(years) || years < 0.0) {
        return {225, 225, 225};
    }
    std::size_t cls = 0;
    while (cls < return_period_bounds_years.size() && years >= return_period_bounds_years[cls]) {
        ++cls;
    }
    return ramp[cls];
}

Rgb colour_of(MapQuantity q, double value) {
    return q == MapQuantity::return_period_years ? colour_for_return_period(value) : colour_for(value);
}

std::string nice_km(double km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g km", km);
    return buf;
}

/// Where the map sits on the canvas: the grid's cells scaled to pixels, below the title, above the legend.
struct MapFrame {
    static constexpr int top = 36;
    static constexpr int bottom = 136;
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
    [[nodiscard]] int canvas_width() const { return std::max(map_w + 2 * margin, 760); }
    [[nodiscard]] int canvas_height() const { return map_h + top + bottom; }
    /// Canvas pixel coordinates of a point, unrounded (they may lie far outside the canvas).
    /// Longitude east of the grid's west edge, continuous across the antimeridian for a crossing grid
    /// (measured from the grid's middle meridian, so points just outside stay just outside).
    [[nodiscard]] std::pair<double, double> to_px(const GeoPoint& p) const {
        const double half = 0.5 * spec.lon_extent_deg();
        const double x = (std::remainder(p.lon_deg - (spec.west_deg + half), 360.0) + half) / spec.resolution_deg * scale;
        const double y = (spec.north_deg - p.lat_deg) / spec.resolution_deg * scale;
        return {margin + x, top + y};
    }
    /// The rounded pixel of a point within `pad` pixels of the map, or nothing.
    [[nodiscard]] Box map_box() const { return {margin, top, margin + map_w - 1, top + map_h - 1}; }
    /// Pixels per 360 degrees of longitude.
    [[nodiscard]] double period_px() const { return 360.0 / spec.resolution_deg * scale; }
    [[nodiscard]] std::optional<std::pair<int, int>> marker_px(const GeoPoint& p, int pad) const {
        const auto [x, y] = to_px(p);
        if (!(x >= margin - pad && x <= margin + map_w + pad && y >= top - pad && y <= top + map_h + pad)) {
            return std::nullopt;
        }
        return std::pair<int, int>{static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y))};
    }
};

/// The raster, nearest cell per pixel.
void draw_raster(Canvas& canvas, const MapFrame& f, const Raster& raster, MapQuantity quantity) {
    for (int y = 0; y < f.map_h; ++y) {
        const auto row = static_cast<std::size_t>(std::min(f.grid_h - 1, static_cast<int>(y / f.scale)));
        for (int x = 0; x < f.map_w; ++x) {
            const auto col = static_cast<std::size_t>(std::min(f.grid_w - 1, static_cast<int>(x / f.scale)));
            canvas.set(MapFrame::margin + x, MapFrame::top + y, colour_of(quantity, raster.at(col, row)));
        }
    }
}

/// A geographic segment the short way round (|dlon| <= 180), once and one period east and west,
/// clipped to the map.
void draw_segment(Canvas& canvas, const MapFrame& f, const GeoPoint& a, const GeoPoint& b, Rgb c, int alpha) {
    const auto [x0, y0] = f.to_px(a);
    const double x1 = x0 + std::remainder(b.lon_deg - a.lon_deg, 360.0) / f.spec.resolution_deg * f.scale;
    const double y1 = f.to_px(b).second;
    const Box box = f.map_box();
    for (const double shift : {0.0, f.period_px(), -f.period_px()}) {
        if (std::min(x0, x1) + shift <= box.x1 + 1 && std::max(x0, x1) + shift >= box.x0 - 1) {
            canvas.line(x0 + shift, y0, x1 + shift, y1, c, alpha, &box);
        }
    }
}

/// Country outlines (translucent, so the colour under them stays readable), then coastlines over them.
void draw_basemap(Canvas& canvas, const MapFrame& f, const Basemap& basemap) {
    auto draw = [&](const std::vector<std::vector<GeoPoint>>& rings, Rgb c, int alpha) {
        for (const auto& ring : rings) {
            for (std::size_t i = 1; i < ring.size(); ++i) {
                draw_segment(canvas, f, ring[i - 1], ring[i], c, alpha);
            }
        }
    };
    draw(basemap.borders, {0, 0, 0}, 110);
    draw(basemap.coastlines, {45, 45, 45}, 255);
}

/// The graticule's spacing: the largest of 30, 10, 5, 2, 1, 0.5, 0.2, 0.1, ... degrees that gives at
/// least four lines across the larger side of the map.
double graticule_step_deg(const GridSpec& spec) {
    const double extent = std::max(spec.lon_extent_deg(), spec.north_deg - spec.south_deg);
    if (extent >= 120.0) {
        return 30.0;
    }
    double step = 10.0;
    for (int k = 0; k < 40 && extent / step < 4.0; ++k) {
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        step *= mantissa > 4.0 ? 0.4 : 0.5;  // 10 -> 5 -> 2 -> 1 -> 0.5 -> 0.2 -> 0.1 ...
    }
    return step;
}

/// "30°E", "120°W", "0°", "60°N", "15.5°S".
std::string degree_label(double v, bool longitude) {
    if (longitude) {
        v = std::remainder(v, 360.0);
    }
    if (std::abs(v) < 1e-9) {
        v = 0.0;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g\u00b0%s", std::abs(v),
                  v == 0.0 || (longitude && std::abs(std::abs(v) - 180.0) < 1e-9) ? "" : (longitude ? (v > 0 ? "E" : "W") : (v > 0 ? "N" : "S")));
    return buf;
}

/// One labelled graticule line: where it crosses the map, and its label.
struct GraticuleLine {
    double px;  ///< x of a meridian, y of a parallel (canvas pixels)
    std::string label;
};

/// Meridians (west to east, continuous across the antimeridian) and parallels (south to north) at
/// multiples of `step` inside the map.
std::pair<std::vector<GraticuleLine>, std::vector<GraticuleLine>> graticule_lines(const MapFrame& f, double step) {
    std::pair<std::vector<GraticuleLine>, std::vector<GraticuleLine>> out;
    const double west = f.spec.west_deg, east = west + f.spec.lon_extent_deg();
    for (auto k = static_cast<long long>(std::ceil(west / step - 1e-9)); k * step <= east + 1e-9; ++k) {
        const double lon = static_cast<double>(k) * step;
        out.first.push_back({MapFrame::margin + (lon - west) / f.spec.resolution_deg * f.scale, degree_label(lon, true)});
    }
    for (auto k = static_cast<long long>(std::ceil(f.spec.south_deg / step - 1e-9)); k * step <= f.spec.north_deg + 1e-9; ++k) {
        const double lat = static_cast<double>(k) * step;
        out.second.push_back({f.to_px({west, lat}).second, degree_label(lat, false)});
    }
    return out;
}

void draw_graticule(Canvas& canvas, const MapFrame& f, double step) {
    const Box box = f.map_box();
    const auto [meridians, parallels] = graticule_lines(f, step);
    for (const auto& m : meridians) {
        canvas.line(m.px, box.y0, m.px, box.y1, {0, 0, 0}, 50, &box);
    }
    for (const auto& p : parallels) {
        canvas.line(box.x0, p.px, box.x1, p.px, {0, 0, 0}, 50, &box);
    }
}

/// Degree labels on white boxes inside the map: longitudes along the bottom edge, latitudes along the
/// left edge; a label that would leave the map or overlap another is left out. Returns the boxes used.
std::vector<Box> draw_graticule_labels(Canvas& canvas, const Font& font, const MapFrame& f, double step) {
    const Box map = f.map_box();
    const auto [meridians, parallels] = graticule_lines(f, step);
    std::vector<Box> used;
    auto place = [&](const std::string& text, int x, int y) {
        const int w = font.measure(text);
        const Box b{x - 2, y - 1, x + w + 1, y + Font::size_px};
        if (b.x0 < map.x0 || b.x1 > map.x1 || b.y0 < map.y0 || b.y1 > map.y1 ||
            std::any_of(used.begin(), used.end(), [&](const Box& o) { return o.overlaps(b); })) {
            return;
        }
        for (int yy = b.y0; yy <= b.y1; ++yy) {
            for (int xx = b.x0; xx <= b.x1; ++xx) {
                canvas.blend(xx, yy, {255, 255, 255}, 200);
            }
        }
        font.draw(&canvas, x, y, text, {0, 0, 0});
        used.push_back(b);
    };
    for (const auto& p : parallels) {
        place(p.label, map.x0 + 3, static_cast<int>(std::lround(p.px)) - Font::size_px / 2);
    }
    for (const auto& m : meridians) {
        place(m.label, static_cast<int>(std::lround(m.px)) - font.measure(m.label) / 2, map.y1 - Font::size_px - 2);
    }
    return used;
}

/// Line routes, then substations on top. Counts what it drew in `summary`.
void draw_grid(Canvas& canvas, const MapFrame& f, const std::vector<FeatureTable>& grid_layers, MapSummary& summary) {
    for (const auto& layer : grid_layers) {
        if (layer.name == "lines") {
            for (const auto& route : layer.geometry) {
                summary.lines += route.size() >= 2 ? 1 : 0;
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
                if (g.empty()) {
                    continue;
                }
                ++summary.substations;
                if (const auto p = f.marker_px(g[0], 4)) {
                    canvas.fill(p->first - 3, p->second - 3, p->first + 3, p->second + 3, {20, 20, 120});
                }
            }
        }
    }
}

/// Sites as discs, labelled with their rank when the table has one. Labels go right of the disc, or
/// left, above or below it when that would overlap another label or site; a label that fits nowhere
/// (inside the map) is left out and counted. Better-ranked sites are labelled first.
void draw_sites(Canvas& canvas, const Font& font, const MapFrame& f, const FeatureTable& sites, std::vector<Box> obstacles,
                MapSummary& summary) {
    constexpr int r = 7;
    const std::vector<double>* ranks = nullptr;
    for (const auto& col : sites.columns) {
        if (col.name == "rank") {
            ranks = std::get_if<std::vector<double>>(&col.values);
        }
    }
    std::vector<std::pair<std::size_t, std::pair<int, int>>> placed;
    for (std::size_t i = 0; i < sites.geometry.size(); ++i) {
        if (sites.geometry[i].empty()) {
            continue;
        }
        ++summary.sites;
        if (const auto p = f.marker_px(sites.geometry[i][0], r)) {
            canvas.disc(p->first, p->second, r, {255, 255, 255}, {0, 0, 0});
            placed.push_back({i, *p});
            obstacles.push_back({p->first - r, p->second - r, p->first + r, p->second + r});
        }
    }
    if (ranks == nullptr) {
        return;
    }
    std::stable_sort(placed.begin(), placed.end(), [&](const auto& a, const auto& b) { return (*ranks)[a.first] < (*ranks)[b.first]; });
    const Box map_box = f.map_box();
    for (const auto& [i, p] : placed) {
        char label[32];
        std::snprintf(label, sizeof label, "%.0f", (*ranks)[i]);
        const int w = font.measure(label);
        const int h = Font::size_px;
        const auto [x, y] = p;
        const std::array<Box, 4> candidates{{{x + r + 3, y - h / 2, x + r + 3 + w, y - h / 2 + h},
                                             {x - r - 3 - w, y - h / 2, x - r - 3, y - h / 2 + h},
                                             {x - w / 2, y - r - 2 - h, x - w / 2 + w, y - r - 2},
                                             {x - w / 2, y + r + 2, x - w / 2 + w, y + r + 2 + h}}};
        bool done = false;
        for (std::size_t k = 0; k < candidates.size() && !done; ++k) {
            const Box& b = candidates[k];
            const bool inside = b.x0 >= map_box.x0 && b.x1 <= map_box.x1 && b.y0 >= map_box.y0 && b.y1 <= map_box.y1;
            if (!inside || std::any_of(obstacles.begin(), obstacles.end(), [&](const Box& o) { return o.overlaps(b); })) {
                continue;
            }
            font.draw(&canvas, b.x0, b.y0, label, {0, 0, 0});
            obstacles.push_back(b);
            ++summary.labels_drawn;
            summary.labels_moved += k > 0 ? 1 : 0;
            done = true;
        }
        summary.labels_hidden += done ? 0 : 1;
    }
}

/// `s` cut (at a character boundary) so that it is at most `width` pixels wide, with "..." when cut.
std::string fit(const Font& font, const std::string& s, int width) {
    if (font.measure(s) <= width) {
        return s;
    }
    std::string cut = s;
    while (!cut.empty() && font.measure(cut + "...") > width) {
        cut.pop_back();
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) {
            cut.pop_back();  // the rest of a UTF-8 sequence
        }
        if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) {
            cut.pop_back();  // its lead byte
        }
    }
    return cut + "...";
}

/// A scale bar at the map's mid latitude, at most 220 pixels long.
void draw_scale_bar(Canvas& canvas, const Font& font, const MapFrame& f, int by, const MapSummary& summary) {
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
    const std::string text = nice_km(bar_km) + " (at " + std::to_string(static_cast<int>(std::lround(mid_lat * 180.0 / M_PI))) +
                             "\u00b0 lat). Plate carr\u00e9e, WGS84. " +
                             (summary.basemap ? "Outlines: Natural Earth 1:110m" : "No basemap (coastlines) found");
    font.draw(&canvas, margin + bar_px + 10, by - 4, fit(font, text, canvas.width() - margin - bar_px - 20), {0, 0, 0});
}

/// The exposure classes (each swatch shaded from its lower to its upper end, as on the map) on row
/// `ly`, the note on shading on the row below.
void draw_exposure_classes(Canvas& canvas, const Font& font, int ly) {
    const Rgb black{0, 0, 0};
    int lx = font.draw(&canvas, MapFrame::margin, ly, "Exposure index:", black) + 8;
    const std::array<std::pair<const char*, double>, 4> classes{
        {{"low <25", 0.0}, {"moderate 25-50", 25.0}, {"high 50-75", 50.0}, {"severe \u226575", 75.0}}};
    for (const auto& [name, low] : classes) {
        for (int k = 0; k <= 18; ++k) {
            canvas.fill(lx + k, ly, lx + k, ly + 13, colour_for(low + 24.99 * k / 18.0));
        }
        lx = font.draw(&canvas, lx + 24, ly, name, black) + 14;
    }
    canvas.fill(lx, ly, lx + 18, ly + 13, colour_for(std::nan("")));
    font.draw(&canvas, lx + 24, ly, "no data", black);
    font.draw(&canvas, MapFrame::margin, ly + 22, "Shade within a class follows the index: lighter = lower, darker = higher.", black);
}

/// The legend title of the return-period ramp on row `ly`, its classes on the row below.
void draw_return_period_classes(Canvas& canvas, const Font& font, int ly) {
    const Rgb black{0, 0, 0};
    font.draw(&canvas, MapFrame::margin, ly,
              "Return period of the threshold (years): shorter = exceeded more often = more exposed", black);
    const std::array<std::pair<const char*, double>, 6> classes{{{"<30", 10.0},
                                                                 {"30\u2013100", 50.0},
                                                                 {"100\u2013300", 200.0},
                                                                 {"300\u20131,000", 500.0},
                                                                 {"1,000\u201310,000", 5000.0},
                                                                 {"\u226510,000", 1e5}}};
    int lx = MapFrame::margin;
    const int row = ly + 22;
    for (const auto& [name, years] : classes) {
        canvas.fill(lx, row, lx + 18, row + 13, colour_for_return_period(years));
        lx = font.draw(&canvas, lx + 24, row, name, black) + 14;
    }
    canvas.fill(lx, row, lx + 18, row + 13, colour_for_return_period(std::nan("")));
    font.draw(&canvas, lx + 24, row, "no data", black);
}

/// The title above the map; below it the classes of the raster's quantity, the symbols of the layers
/// drawn, and the scale bar.
void draw_legend(Canvas& canvas, const Font& font, const MapFrame& f, MapQuantity quantity, const std::string& title,
                 MapSummary& summary) {
    constexpr int margin = MapFrame::margin;
    const Rgb black{0, 0, 0};
    font.draw(&canvas, margin, 10, fit(font, title, canvas.width() - 2 * margin), black);
    const int ly = MapFrame::top + f.map_h + 16;
    if (quantity == MapQuantity::return_period_years) {
        draw_return_period_classes(canvas, font, ly);
    } else {
        draw_exposure_classes(canvas, font, ly);
    }
    const int ly2 = ly + 46;
    int x2 = margin;
    if (summary.sites > 0) {
        canvas.disc(x2 + 8, ly2 + 7, 7, {255, 255, 255}, black);
        x2 = font.draw(&canvas, x2 + 22, ly2, "site (rank)", black) + 16;
        summary.legend.emplace_back("site");
    }
    if (summary.substations > 0) {
        canvas.fill(x2, ly2 + 4, x2 + 6, ly2 + 10, {20, 20, 120});
        x2 = font.draw(&canvas, x2 + 14, ly2, "substation", black) + 16;
        summary.legend.emplace_back("substation");
    }
    if (summary.lines > 0) {
        canvas.line(x2, ly2 + 7, x2 + 24, ly2 + 7, {40, 40, 40});
        x2 = font.draw(&canvas, x2 + 32, ly2, "line", black) + 16;
        summary.legend.emplace_back("line");
    }
    if (summary.labels_hidden > 0) {
        font.draw(&canvas, x2, ly2,
                  "(" + std::to_string(summary.labels_hidden) + " rank label" + (summary.labels_hidden > 1 ? "s" : "") +
                      " left out where labels would overlap; see sites.csv)",
                  black);
    }
    draw_scale_bar(canvas, font, f, ly2 + 34, summary);
}

}  // namespace

MapSummary write_map_png(const Raster& raster, MapQuantity quantity, const FeatureTable& sites,
                         const std::vector<FeatureTable>& grid_layers, const std::string& title,
                         const std::filesystem::path& path) {
    const MapFrame frame(raster.spec);
    const Font font;
    const Basemap basemap = load_basemap(default_basemap_dir());
    MapSummary summary;
    summary.font = font.path();
    summary.basemap = !basemap.empty();
    summary.basemap_features = basemap.features;
    summary.basemap_source = basemap.source;
    summary.graticule_step_deg = graticule_step_deg(raster.spec);
    Canvas canvas(frame.canvas_width(), frame.canvas_height());
    draw_raster(canvas, frame, raster, quantity);
    draw_graticule(canvas, frame, summary.graticule_step_deg);
    draw_basemap(canvas, frame, basemap);
    draw_grid(canvas, frame, grid_layers, summary);
    std::vector<Box> label_boxes = draw_graticule_labels(canvas, font, frame, summary.graticule_step_deg);
    draw_sites(canvas, font, frame, sites, std::move(label_boxes), summary);
    draw_legend(canvas, font, frame, quantity, title, summary);
    encode_png(canvas, path);
    return summary;
}

MapSummary write_map_png(const Raster& exposure, const FeatureTable& sites, const std::vector<FeatureTable>& grid_layers,
                         const std::string& title, const std::filesystem::path& path) {
    return write_map_png(exposure, MapQuantity::exposure_index, sites, grid_layers, title, path);
}

}  // namespace swx::io
