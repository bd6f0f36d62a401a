#pragma once
/// @file convergence_chart.hpp
/// A line chart of estimates against sample size (the ensemble report's convergence plot): each
/// series' value at each member count with ±2 standard-error bars, log-scaled member axis, legend.

#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

struct ConvergenceSeries {
    std::string label;
    std::vector<double> n;   ///< member counts (> 0), increasing
    std::vector<double> p;   ///< the estimate at each count
    std::vector<double> se;  ///< its standard error
};

/// Writes the chart as a PNG (800 x 480, RGB).
/// @throws ConfigError if a series' vectors differ in length or a count is not > 0; Error if GDAL
///         cannot write the file.
void write_convergence_png(const std::vector<ConvergenceSeries>& series, const std::string& title, const std::string& y_label,
                           const std::filesystem::path& path);

}  // namespace swx::io
