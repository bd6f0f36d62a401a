#pragma once
/// @file public_grid_reader.hpp
/// Public line maps for `swxrisk grid build` (docs/grid-format.md, "Public line maps"): a lines layer
/// and a substations layer from any OGR source in any CRS (HIFLD, OpenStreetMap exports, the
/// project's own field names), or the GridKit text extracts (`highvoltage_links.csv`,
/// `highvoltage_vertices.csv`: `#`-separated, WKT geometry), read into swx::PublicMapInput; and the
/// TOML file that overrides the voltage-class defaults.

#include <swx/core/base/problems.hpp>
#include <swx/core/network/grid_build.hpp>

#include <string>
#include <string_view>

namespace swx::io {

/// Field names; empty = found by name (the first present of the names listed).
struct PublicMapFields {
    std::string line_id{};       ///< id, l_id, ID, OBJECTID (else the feature id)
    std::string voltage{};       ///< voltage_kv (kV), VOLTAGE (HIFLD, kV; <= 0 = unknown), voltage (GridKit, volts); `;`-joined = one circuit each
    std::string from{};          ///< from_substation, SUB_1, v_id_1
    std::string to{};            ///< to_substation, SUB_2, v_id_2
    std::string circuits{};      ///< circuits (count), or GridKit/OSM cables (3 per circuit, `;`-joined like voltage)
    std::string substation_id{};  ///< id, v_id, ID, NAME (HIFLD's SUB_1/SUB_2 hold substation names)
    std::string kind{};          ///< kind (substation/plant/junction), typ (GridKit), TYPE (HIFLD)
    std::string name{};          ///< name, NAME
    std::string substation_voltage{};  ///< voltage_kv, voltage (GridKit, volts), `;`-joined
    /// The unit of `voltage` when given by option: "kV" or "V" (empty = by the field's name).
    std::string voltage_unit{};
};

/// Reads a public map. A `lines` path that is a GridKit links file (header starting `l_id#`) is read by
/// read_gridkit with `substations` as its vertices file. @throws InputError naming the file, layer,
/// feature id and field of bad input; CrsError for an unusable CRS.
[[nodiscard]] PublicMapInput read_public_map(const std::string& lines, const std::string& substations,
                                             const PublicMapFields& fields, ProblemSink& problems);

/// Reads the GridKit text extracts (hand parser). @throws InputError naming the file, line and field.
[[nodiscard]] PublicMapInput read_gridkit(const std::string& vertices_csv, const std::string& links_csv, ProblemSink& problems);

/// The same from text (for the fuzz harness and tests); `*_name` name the sources in messages.
[[nodiscard]] PublicMapInput parse_gridkit(std::string_view vertices_text, const std::string& vertices_name,
                                           std::string_view links_text, const std::string& links_name, ProblemSink& problems);

/// GridDefaults::typical() with the values of a TOML file replaced (docs/grid-format.md gives the
/// format). @throws InputError naming the file and key.
[[nodiscard]] GridDefaults read_grid_defaults(const std::string& toml_path);

}  // namespace swx::io
