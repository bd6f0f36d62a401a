#pragma once
/// @file grid_read.hpp
/// read_grid's own-format reader with the choice of path made explicit, for the tests that compare
/// the SQLite fast path for GeoPackage layers (detail/gpkg_table.hpp) with OGR's feature reading.

#ifndef SWX_IO_INTERNAL
#error "swx/io/detail/grid_read.hpp is internal to swx::io"
#endif

#include <swx/io/grid_reader.hpp>

#include <string>

namespace swx::io::detail {

/// read_grid(path, problems) for the project's own format; `sqlite_fast_path` false reads every layer
/// through OGR features (the general path), true reads the plain rows of GeoPackage layers with SQLite.
[[nodiscard]] GridDataset read_own_grid(const std::string& path, ProblemSink& problems, bool sqlite_fast_path);

}  // namespace swx::io::detail
