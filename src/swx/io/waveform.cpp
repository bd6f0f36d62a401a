#define SWX_IO_INTERNAL
#include <swx/io/waveform.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/csv.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

namespace swx::io {

namespace {

constexpr const char* stage = "readers.waveform";

}  // namespace

GeoelectricWaveform read_geoelectric_waveform(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw InputError({stage, path, "", "", ""}, "cannot open the file");
    }
    std::string header;
    while (std::getline(in, header) && (header.empty() || header[0] == '#')) {
    }
    const auto names = detail::split_csv(header);
    int c_t = -1, c_ee = -1, c_en = -1;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string n = lower(names[i]);
        if (c_t < 0 && n.rfind("time", 0) == 0) {
            c_t = static_cast<int>(i);
        } else if (c_ee < 0 && (n.rfind("e_ew", 0) == 0 || n.rfind("ee", 0) == 0 || n.rfind("e_east", 0) == 0)) {
            c_ee = static_cast<int>(i);
        } else if (c_en < 0 && (n.rfind("e_ns", 0) == 0 || n.rfind("en", 0) == 0 || n.rfind("e_north", 0) == 0)) {
            c_en = static_cast<int>(i);
        }
    }
    if (c_t < 0 || c_ee < 0 || c_en < 0) {
        const char* missing = c_t < 0 ? "Time" : (c_ee < 0 ? "E_EW (V/km)" : "E_NS (V/km)");
        throw InputError({stage, path, "", "", missing}, "column not found in the header '" + header + "'");
    }
    GeoelectricWaveform w;
    w.source_path = path;
    std::size_t line_no = 1;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (line.empty() || line == "\r" || line[0] == '#') {
            continue;
        }
        const auto cells = detail::split_csv(line);
        auto value = [&](int c, const char* name) {
            if (static_cast<std::size_t>(c) >= cells.size()) {
                throw InputError({stage, path, "", "line " + std::to_string(line_no), name}, "missing value");
            }
            const std::string& s = cells[static_cast<std::size_t>(c)];
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end == s.c_str() || *end != '\0' || !std::isfinite(v)) {
                throw InputError({stage, path, "", "line " + std::to_string(line_no), name},
                                 "expected a finite number, got '" + cells[static_cast<std::size_t>(c)] + "'");
            }
            return v;
        };
        w.t_s.push_back(value(c_t, "Time"));
        w.e_east_v_per_km.push_back(value(c_ee, "E_EW"));
        w.e_north_v_per_km.push_back(value(c_en, "E_NS"));
    }
    if (w.t_s.size() < 2) {
        throw InputError({stage, path, "", "", ""}, "fewer than two samples");
    }
    w.dt_s = w.t_s[1] - w.t_s[0];
    for (std::size_t i = 1; i < w.t_s.size(); ++i) {
        const double step = w.t_s[i] - w.t_s[i - 1];
        if (!(w.dt_s > 0.0) || std::abs(step - w.dt_s) > 1e-6 * w.dt_s) {
            throw InputError({stage, path, "", "sample " + std::to_string(i + 1), "Time"},
                             "irregular cadence: step " + swx::format_number(step, 10) + " s after " + swx::format_number(w.dt_s, 10) + " s");
        }
    }
    return w;
}

}  // namespace swx::io
