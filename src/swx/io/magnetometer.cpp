/// @file magnetometer.cpp
/// read_magnetometer: reads the file once and picks the IAGA-2002, the NERC portal CSV or the generic CSV
/// reader by its content.
/// The readers are iaga2002_reader.cpp and magnetometer_csv_reader.cpp; the time-grid and gap policy
/// is core/storm/magnetic_series.

#define SWX_IO_INTERNAL
#include <swx/io/magnetometer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/magnetometer_text.hpp>

namespace swx::io {

namespace {

/// An IAGA-2002 "Format" header record or a "DATE TIME" data header among the first 64 non-blank lines.
bool looks_like_iaga2002(const std::vector<std::string>& lines) {
    std::size_t seen = 0;
    for (const auto& line : lines) {
        const std::string t = trim(line);
        if (t.empty()) {
            continue;
        }
        const std::string l = lower(t);
        if ((l.rfind("format", 0) == 0 && l.find("iaga-2002") != std::string::npos) ||
            detail::looks_like_data_header(t)) {
            return true;
        }
        if (++seen >= 64) {
            break;
        }
    }
    return false;
}

}  // namespace

void warn_gap_filling(const MagnetometerSeries& series, ProblemSink& problems) {
    if (series.n_interpolated > 0) {
        problems.warn("gaps_filled", series.station, series.source_path, gap_filling_summary(series));
    }
}

MagnetometerSeries read_magnetometer(const std::string& path, const MagnetometerOptions& options) {
    const ErrorContext ctx{"readers.magnetometer", path, "", "", ""};
    const auto lines = detail::read_text_lines(path, ctx);
    if (looks_like_iaga2002(lines)) {
        return detail::parse_iaga2002(lines, path, options);
    }
    return detail::looks_like_nerc_magnetometer(lines) ? detail::parse_nerc_magnetometer_csv(lines, path, options)
                                                       : detail::parse_magnetometer_csv(lines, path, options);
}

}  // namespace swx::io
