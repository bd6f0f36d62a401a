#pragma once
/// @file grid_writer.hpp
/// Writes a power grid in the format grid_reader.hpp reads (docs/grid-format.md).

#include <swx/core/network/network.hpp>

#include <string>

namespace swx::io {

/// Writes a network as a GeoPackage in the grid format (docs/grid-format.md): layers substations,
/// buses, transformers, lines. Used for synthetic grids (benchmarks, tests). @throws Error on failure.
void write_grid(const Network& network, const std::string& path);

}  // namespace swx::io
