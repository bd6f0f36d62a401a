#pragma once
/// @file matpower_reader.hpp
/// MATPOWER cases (`.m`) with the PowerModelsGMD tables (gmd_bus, gmd_branch, branch_gmd, bus_gmd,
/// branch_thermal, gmd_blocker), read as data (no MATLAB/Julia evaluation) into the core network model,
/// and written back.
///
/// Ids keep the case's numbering: bus ids are the MATPOWER bus numbers, substation ids the gmd_bus
/// substation rows' parent numbers (else their row), transformer and line ids `FROM-TO-N` with N the
/// n-th parallel branch between the same two buses, from 1 (docs/grid-format.md).

#include <swx/core/base/problems.hpp>
#include <swx/io/grid_reader.hpp>

#include <string>

namespace swx::io {

/// Reads a MATPOWER-GMD case. @throws InputError naming the file, line, table and field of bad input.
[[nodiscard]] GridDataset read_matpower(const std::string& path, ProblemSink& problems);

/// Writes a network as a MATPOWER-GMD case that read_matpower reads back to the same solution. Written
/// whole or not at all. @throws Error on failure.
void write_matpower(const Network& network, const std::string& path);

}  // namespace swx::io
