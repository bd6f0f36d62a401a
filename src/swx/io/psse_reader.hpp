#pragma once
/// @file psse_reader.hpp
/// PSS/E power-flow cases (`.raw`, the versions documented in docs/grid-format.md) with their GIC data
/// file (`.gic`, GICFILEVRSN 3 and 4), read into the core network model, and written back.
///
/// Ids keep the case's numbering: substation ids are the .gic substation numbers, bus ids the bus
/// numbers, transformer and line ids `FROM-TO-CKT` (CKT is the PSS/E circuit id, trimmed). Missing data
/// gets PowerWorld's documented defaults, each with a warning naming the element and marked in the
/// element's `assumed` field (docs/grid-format.md lists each default and its source).

#include <swx/core/base/problems.hpp>
#include <swx/io/grid_reader.hpp>

#include <string>

namespace swx::io {

/// Reads `raw_path` + `gic_path`. @throws InputError naming the file, line (and record) and field of
/// bad input: truncated or misordered sections, unknown buses, non-numeric fields, duplicate ids, a
/// .gic that does not match its .raw, an unsupported version.
[[nodiscard]] GridDataset read_psse(const std::string& raw_path, const std::string& gic_path, ProblemSink& problems);

/// Writes a network as a PSS/E v33 `.raw` and a GICFILEVRSN=3 `.gic` that read_psse reads back to the
/// same solution. Both files are written whole or not at all. @throws Error on failure.
void write_psse(const Network& network, const std::string& raw_path, const std::string& gic_path);

}  // namespace swx::io
