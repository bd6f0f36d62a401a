#define SWX_IO_INTERNAL
// The ensemble report's convergence plot on the map's canvas (detail/map_canvas): axes, decade grid,
// one coloured line per series with ±2 standard-error bars, a legend; PNG through GDAL.

#include <swx/io/convergence_chart.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/map_canvas.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace swx::io {

namespace {
using detail::Canvas;
using detail::Font;
using detail::Rgb;

constexpr Rgb palette[] = {{31, 119, 180}, {214, 39, 40}, {44, 160, 44}, {148, 103, 189}, {255, 127, 14}, {23, 190, 207}};

/// A round step for about `ticks` intervals over [0, top].
double nice_step(double top, int ticks) {
    const double raw = top / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (raw <= m * mag) {
            return m * mag;
        }
    }
    return 10.0 * mag;
}

std::string tick_text(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", v);
    return b;
}
}  // namespace

void write_convergence_png(const std::vector<ConvergenceSeries>& series, const std::string& title, const std::string& y_label,
                           const std::filesystem::path& path) {
    double n_lo = 1e300;
    double n_hi = 0.0;
    double y_hi = 0.0;
    for (const auto& s : series) {
        if (s.n.size() != s.p.size() || s.n.size() != s.se.size()) {
            throw ConfigError({"writers.png", path.string(), "", s.label, "n"}, "counts, estimates and errors differ in length");
        }
        for (std::size_t i = 0; i < s.n.size(); ++i) {
            if (!(s.n[i] > 0.0)) {
                throw ConfigError({"writers.png", path.string(), "", s.label, "n"}, "member counts must be > 0");
            }
            n_lo = std::min(n_lo, s.n[i]);
            n_hi = std::max(n_hi, s.n[i]);
            if (std::isfinite(s.p[i])) {
                y_hi = std::max(y_hi, s.p[i] + 2.0 * (std::isfinite(s.se[i]) ? s.se[i] : 0.0));
            }
        }
    }
    if (n_hi <= 0.0) {
        n_lo = 1.0;
        n_hi = 10.0;
    }
    const double x0_log = std::floor(std::log10(n_lo));
    const double x1_log = std::max(x0_log + 1.0, std::ceil(std::log10(n_hi)));
    y_hi = std::min(1.0, y_hi > 0.0 ? y_hi * 1.1 : 0.01);
    const double y_step = nice_step(y_hi, 5);
    y_hi = std::ceil(y_hi / y_step - 1e-9) * y_step;

    const int w = 800;
    const int h = 480;
    const int left = 80;
    const int right = 610;
    const int top = 50;
    const int bottom = 420;
    Canvas c(w, h);
    c.fill(0, 0, w - 1, h - 1, {255, 255, 255});
    const Font font;
    auto px = [&](double n) { return left + (std::log10(n) - x0_log) / (x1_log - x0_log) * (right - left); };
    auto py = [&](double p) { return bottom - p / y_hi * (bottom - top); };
    // Grid and ticks.
    const Rgb grid{225, 225, 225};
    const Rgb ink{40, 40, 40};
    for (double d = x0_log; d <= x1_log + 1e-9; d += 1.0) {
        const double x = px(std::pow(10.0, d));
        c.line(x, top, x, bottom, grid);
        const std::string t = tick_text(std::pow(10.0, d));
        font.draw(&c, static_cast<int>(x) - font.measure(t) / 2, bottom + 6, t, ink);
        for (int k = 2; k < 10 && d < x1_log - 1e-9; ++k) {
            const double xm = px(k * std::pow(10.0, d));
            c.line(xm, bottom - 4, xm, bottom, ink);
        }
    }
    for (double v = 0.0; v <= y_hi + 1e-12; v += y_step) {
        const double y = py(v);
        c.line(left, y, right, y, grid);
        const std::string t = tick_text(v);
        font.draw(&c, left - 8 - font.measure(t), static_cast<int>(y) - Font::size_px / 2, t, ink);
    }
    c.line(left, bottom, right, bottom, ink);
    c.line(left, top, left, bottom, ink);
    font.draw(&c, left, 14, title, ink);
    const std::string x_label = "members (log scale)";
    font.draw(&c, (left + right) / 2 - font.measure(x_label) / 2, bottom + 28, x_label, ink);
    font.draw(&c, 8, top - 24, y_label, ink);
    // Series: error bars, then the line and points.
    for (std::size_t k = 0; k < series.size(); ++k) {
        const auto& s = series[k];
        const Rgb col = palette[k % (sizeof palette / sizeof palette[0])];
        for (std::size_t i = 0; i < s.n.size(); ++i) {
            if (!std::isfinite(s.p[i])) {
                continue;
            }
            const double x = px(s.n[i]) + (static_cast<double>(k) - 0.5 * static_cast<double>(series.size() - 1)) * 3.0;
            const double e = std::isfinite(s.se[i]) ? 2.0 * s.se[i] : 0.0;
            c.line(x, py(std::max(0.0, s.p[i] - e)), x, py(std::min(y_hi, s.p[i] + e)), col, 120);
            if (i > 0 && std::isfinite(s.p[i - 1])) {
                const double xp = px(s.n[i - 1]) + (static_cast<double>(k) - 0.5 * static_cast<double>(series.size() - 1)) * 3.0;
                c.line(xp, py(s.p[i - 1]), x, py(s.p[i]), col);
            }
            c.disc(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(py(s.p[i]))), 3, col, col);
        }
        const int ly = top + 10 + static_cast<int>(k) * 24;
        c.fill(right + 20, ly, right + 40, ly + 12, col);
        font.draw(&c, right + 48, ly - 1, s.label, ink);
    }
    const std::string note = "bars: ±2 s.e.";
    font.draw(&c, right + 20, top + 10 + static_cast<int>(series.size()) * 24 + 8, note, {110, 110, 110});
    detail::encode_png(c, path);
}

}  // namespace swx::io
