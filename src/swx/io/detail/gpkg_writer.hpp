#pragma once
// GeoPackage writing internals (io/gpkg_writer.cpp). Private to swx::io and its tests.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <swx/core/base/table.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace swx::io::detail {

/// The feature-by-feature OGR writer write_gpkg used before it wrote through SQLite directly (one
/// OGR_L_CreateFeature per row, GDAL's own R-tree). Kept as the reference the tests compare
/// write_gpkg's files with, value by value and blob by blob.
void write_gpkg_ogr(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& path);

/// One R-tree entry: a row id and its box, as doubles (rounded outward to float32 when stored).
struct RtreeEntry {
    std::int64_t id;
    double min_x, max_x, min_y, max_y;
};

/// One node of a packed R-tree: its SQLite node number and blob (rtree.c's format, `node_size` bytes).
struct RtreeNode {
    std::int64_t nodeno;
    std::int64_t parent;  ///< 0 for the root (node 1)
    std::vector<unsigned char> data;
};

/// A Sort-Tile-Recursive packing of `entries` into SQLite R*Tree nodes of `node_size` bytes (2-D: 24-byte
/// cells, at most 51 per node), the root being node 1 with the tree depth in its first two bytes.
/// `rowid_node` receives one (entry id, leaf node number) pair per entry, for the `_rowid` shadow table.
[[nodiscard]] std::vector<RtreeNode> pack_rtree(const std::vector<RtreeEntry>& entries, int node_size,
                                                std::vector<std::pair<std::int64_t, std::int64_t>>& rowid_node);

}  // namespace swx::io::detail
