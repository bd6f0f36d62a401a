#pragma once
/// @file table.hpp
/// A column-oriented feature table: the common shape of every tabular output (CSV, GeoPackage layer,
/// HDF5 group). Columns hold numbers or text; each row may carry a WGS84 geometry.

#include <swx/core/network/network.hpp>

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace swx {

enum class GeometryKind { none, point, line_string };

struct Column {
    std::string name;  ///< with its unit as a suffix (ground_gic_a, emf_v, ...)
    std::variant<std::vector<double>, std::vector<std::string>> values;
    std::string description;  ///< one line, with the unit spelled out
};

struct FeatureTable {
    std::string name;
    GeometryKind geometry_kind = GeometryKind::none;
    std::vector<std::vector<GeoPoint>> geometry;  ///< one per row when geometry_kind != none (may be empty)
    std::vector<Column> columns;

    [[nodiscard]] std::size_t rows() const {
        if (columns.empty()) {
            return 0;
        }
        return std::visit([](const auto& v) { return v.size(); }, columns.front().values);
    }
    void add(std::string column_name, std::vector<double> values, std::string description = {}) {
        columns.push_back({std::move(column_name), std::move(values), std::move(description)});
    }
    void add(std::string column_name, std::vector<std::string> values, std::string description = {}) {
        columns.push_back({std::move(column_name), std::move(values), std::move(description)});
    }
};

/// A location as a table row's geometry: one point, or none where the location is unknown.
[[nodiscard]] inline std::vector<GeoPoint> point_geometry(const GeoPoint& p) {
    return p.valid() ? std::vector<GeoPoint>{p} : std::vector<GeoPoint>{};
}

}  // namespace swx
