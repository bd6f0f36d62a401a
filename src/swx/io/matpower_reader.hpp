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

#include <cstddef>
#include <string>
#include <vector>

namespace swx::io {

/// What read_matpower reads, with the case's own numbering kept beside the network (for comparing
/// with results keyed by gmd_bus or mpc.branch rows, and for the EMFs the case carries).
struct MatpowerCase {
    GridDataset grid;
    double base_mva = 100.0;  ///< mpc.baseMVA (100 when absent)
    /// Per gmd_bus row (0-based): the bus or substation it stands for; `none` for a substation node
    /// with no buses (left out of the network).
    enum class NodeKind { bus, substation, none };
    struct GmdNode {
        NodeKind kind = NodeKind::none;
        std::size_t index = 0;  ///< into Network::buses or Network::substations
    };
    std::vector<GmdNode> gmd_nodes;
    /// Per mpc.branch row (0-based): the transformer or line it became (`npos` = the other kind).
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::vector<std::size_t> branch_transformer;
    std::vector<std::size_t> branch_line;
    /// Per network line: the case's gmd_branch br_v (V, driving current from_bus -> to_bus), the EMF
    /// PowerModelsGMD / PowerWorld baked in for the field the case was exported at; NaN without one.
    std::vector<double> line_br_v;
};

/// Reads a MATPOWER-GMD case with its row maps. @throws InputError as read_matpower.
[[nodiscard]] MatpowerCase read_matpower_case(const std::string& path, ProblemSink& problems);

/// Reads a MATPOWER-GMD case. @throws InputError naming the file, line, table and field of bad input.
[[nodiscard]] GridDataset read_matpower(const std::string& path, ProblemSink& problems);

/// Writes a network as a MATPOWER-GMD case that read_matpower reads back to the same solution. Written
/// whole or not at all. @throws Error on failure.
void write_matpower(const Network& network, const std::string& path);

}  // namespace swx::io
