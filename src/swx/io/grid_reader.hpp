#pragma once
/// @file grid_reader.hpp
/// Reads a power grid from any OGR datasource (GeoPackage, a folder of GeoJSON/Shapefile/FlatGeobuf/
/// CSV files, ...). Layers and fields are documented in docs/grid-format.md.

#include <swx/core/network/network.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/io/grid_writer.hpp>  // write_grid was declared here; kept for its callers

#include <string>

namespace swx::io {

struct GridDataset {
    Network network;
    NetworkSource source;
};

/// How to read a grid besides its path.
struct GridReadOptions {
    std::string gic_path{};  ///< the PSS/E GIC data file (.gic) that goes with a .raw path (required there)
};

/// The grid formats read_grid tells apart by the path's extension (case-insensitive).
enum class GridFormat {
    own,       ///< the project's own format (any OGR source)
    psse,      ///< `.raw` (with its `.gic`)
    matpower,  ///< `.m` with the PowerModelsGMD tables
};
[[nodiscard]] GridFormat grid_format_of(const std::string& path);

/// Reads and validates a grid in any supported format, chosen by the path: a PSS/E case (`.raw`, with
/// `options.gic_path`; io/psse_reader.hpp), a MATPOWER case with the PowerModelsGMD tables (`.m`;
/// io/matpower_reader.hpp), else the project's own grid format below. Ids keep the case's numbering.
[[nodiscard]] GridDataset read_grid(const std::string& path, ProblemSink& problems, const GridReadOptions& options);

/// Reads and validates a grid in the project's own format. Coordinates in any CRS are transformed to WGS84 (lon/lat) with PROJ.
/// @param[in] path a datasource holding layers substations, buses, transformers, lines; or a folder
///            with one file per layer named after it (substations.geojson, buses.csv, ...).
/// @param[out] problems receives warnings (no CRS, no coordinates, defaults applied).
/// @throws InputError for a missing layer or field, an unknown reference, a duplicate id, a bad value
///         (the message names the file, layer, feature id and field); CrsError for an unusable CRS.
[[nodiscard]] GridDataset read_grid(const std::string& path, ProblemSink& problems);

}  // namespace swx::io
