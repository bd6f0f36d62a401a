#pragma once
/// @file grid_build.hpp
/// An approximate GIC network from a public line map (HIFLD, OpenStreetMap/GridKit): lines with a
/// voltage and a route, substations and junctions with coordinates, nothing else. Buses, transformers,
/// resistances and grounding are assumed from voltage-class tables (docs/grid-format.md, "Public line
/// maps"), and every assumed value is named in its element's `assumed` field.
///
/// Rules (each documented with its source in docs/grid-format.md):
/// - one bus per voltage level per substation (levels = the voltages of its lines and its own);
/// - transformers between adjacent levels of a substation: an autotransformer when both sides are at
///   least `auto_min_kv` and the ratio is at most `auto_max_ratio` (PowerWorld's blank-vector-group
///   rule), else grounded-wye/grounded-wye with a delta tertiary;
/// - a plant (generation) vertex gets a generator step-up transformer from its highest level to an
///   assumed generator bus of `generator_kv`;
/// - a substation with one level gets a grounded-wye/delta step-down to an assumed LV bus when
///   `single_level_step_down` (off by default), else no transformer (a switching station);
/// - a junction (tap, GridKit joint/merge) is a substation with buses and no transformer: an ungrounded
///   node (the solver gives it no neutral node);
/// - line ends without a substation id (or with an unknown one) snap to the nearest vertex within
///   `snap_km`; an end with none gets a new junction (`unsnapped_ends`);
/// - a way with several voltages (`345000;345000`) or several circuits is one Line per circuit.

#include <swx/core/base/problems.hpp>
#include <swx/core/network/network.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace swx {

enum class MapVertexKind {
    substation,  ///< a substation or switching station
    plant,       ///< a power plant (generation): gets a GSU
    junction,    ///< a tap or a joint of two line sections: no transformer, no ground
};

struct MapVertex {
    std::string id;
    GeoPoint location;
    MapVertexKind kind = MapVertexKind::substation;
    std::string name{};
    std::vector<double> kv{};  ///< voltage levels given for the vertex itself (may be empty)
};

struct MapLine {
    std::string id;
    std::vector<GeoPoint> path;  ///< WGS84 route, at least two points
    /// One voltage per circuit, kV (`345;345` = two circuits); empty = unknown (inferred from the lines
    /// at its ends, or dropped with a warning).
    std::vector<double> kv{};
    std::string from_vertex{};  ///< end vertex ids; "" = snap the route's end
    std::string to_vertex{};
    int circuits = 0;  ///< circuits of the way when known (from `cables`/`circuits`); 0 = one per voltage
};

/// What a public map holds. `location` strings name the sources in warnings.
struct PublicMapInput {
    std::vector<MapVertex> vertices;
    std::vector<MapLine> lines;
    std::string vertices_location{};
    std::string lines_location{};
};

/// A value with its documented range: the low and high ends bracket published values.
struct AssumedRange {
    double low = not_a_number;
    double typical = not_a_number;
    double high = not_a_number;
};

/// One voltage class: the typical values for elements at this nominal voltage.
struct VoltageClassDefaults {
    double kv = not_a_number;
    AssumedRange line_r_ohm_per_km;  ///< DC resistance per phase per km of line
    AssumedRange winding_r_ohm;      ///< HV winding of a GSU / two-winding unit with this HV voltage, per phase
    AssumedRange lv_winding_r_ohm;   ///< LV winding of a gy_gy_d unit with this LV voltage, per phase
    AssumedRange auto_series_r_ohm;  ///< series winding of an autotransformer with this HV voltage, per phase
    AssumedRange auto_common_r_ohm;  ///< common winding of an autotransformer with this HV voltage, per phase
};

/// Grounding of a substation with at least `buses` buses and a highest voltage of at least `kv_min`.
struct GroundingDefaults {
    int buses = 1;
    double kv_min = 0.0;
    AssumedRange grounding_ohm;
};

struct GridDefaults {
    std::vector<VoltageClassDefaults> classes;  ///< sorted by kv; the class of a voltage is the nearest (log kV)
    std::vector<GroundingDefaults> grounding;   ///< the row with the most buses <= n, then the highest kv_min <= kV
    double auto_min_kv = 50.0;     ///< both sides at least this for an autotransformer
    double auto_max_ratio = 4.0;   ///< HV/LV ratio at most this for an autotransformer
    double generator_kv = 22.0;    ///< assumed generator bus voltage behind a GSU
    /// A one-level substation gets an assumed grounded-wye step-down. Off by default: on ACTIVSg2000 and
    /// uiuc150 the rule added 988 and 72 transformer groups the cases do not have and ranked ground GIC
    /// worse (docs/grid-format.md, "What a built grid is worth").
    bool single_level_step_down = false;
    double step_down_ratio = 2.5;  ///< its LV bus is at kV / this

    /// The built-in table (docs/grid-format.md cites each value).
    [[nodiscard]] static GridDefaults typical();
    [[nodiscard]] const VoltageClassDefaults& class_of(double kv) const;
    [[nodiscard]] const AssumedRange& grounding_of(std::size_t buses, double max_kv) const;
    /// @throws ConfigError (field named) for an empty or unsorted table, or a range not low <= typical <= high, > 0.
    void check(const std::string& source) const;
};

struct GridBuildOptions {
    double snap_km = 2.0;  ///< line ends farther than this from every vertex get a new junction
    GridDefaults defaults = GridDefaults::typical();
};

/// What the build did, for the CLI summary and the tests.
struct GridBuildReport {
    std::size_t vertices_read = 0, lines_read = 0;
    std::size_t vertices_unused = 0;     ///< vertices no line reaches (left out)
    std::size_t circuits = 0;            ///< Line elements written
    std::size_t ends_by_id = 0, ends_snapped = 0, unsnapped_ends = 0, junctions_added = 0;
    std::size_t kv_inferred = 0;         ///< lines whose voltage came from the lines at their ends
    std::size_t dropped_no_voltage = 0;  ///< lines without a voltage and no neighbour to take one from
    std::size_t dropped_loops = 0;       ///< lines with both ends at one vertex
    std::size_t unknown_end_ids = 0;     ///< end ids not among the vertices (then snapped)
};

/// Builds the network. Warnings: `unsnapped_end`, `no_voltage`, `loop_line`, `unknown_vertex`,
/// `kv_inferred` (one per case, naming the line), and `grid_build` (the summary).
/// @throws InputError (layer "lines"/"vertices", feature id, field) for a duplicate vertex id, a line
///         with fewer than two route points or non-finite coordinates, a non-positive voltage.
[[nodiscard]] Network build_grid(const PublicMapInput& map, const GridBuildOptions& options, ProblemSink& problems,
                                 GridBuildReport* report = nullptr);

/// Which end of the documented ranges to put assumed values at.
enum class RangeEnd { low, typical, high };

/// A copy of `network` with every assumed line resistance, winding resistance and grounding
/// resistance moved to the `end` of its range (value × end/typical of its class). Values not marked
/// assumed are kept. For the spread an assumed network causes (site study).
[[nodiscard]] Network with_assumed_at(const Network& network, const GridDefaults& defaults, RangeEnd end);

/// Does an element's `assumed` list name `field`?
[[nodiscard]] bool is_assumed(const std::string& assumed, std::string_view field);

/// Counts of assumed fields over a network, "layer.field" -> count (for `swxrisk info`).
[[nodiscard]] std::vector<std::pair<std::string, std::size_t>> assumed_counts(const Network& network);

/// Strips a full network to what a public map holds: the lines with their voltage and route (or the
/// straight segment between their substations) and their end substations; the substations with
/// coordinates (a plant where they have a GSU; a map shows no transformers, so every other one is a substation). Transformers,
/// resistances and grounding are dropped. For measuring how good the defaults are.
[[nodiscard]] PublicMapInput public_map_of(const Network& network);

/// How an approximate network's currents compare with the full model's (public_map_of -> build_grid).
struct GridQuality {
    std::size_t substations_compared = 0;  ///< substations grounded in the full model (and located)
    double spearman_ground_gic = not_a_number;  ///< rank correlation of |ground GIC|
    std::size_t transformer_keys = 0;      ///< (substation, HV kV, LV kV | "LV" | "gsu") groups with Ieff > 0 in the full model
    std::size_t keys_missing = 0;          ///< of those, groups the approximate network has no transformer for (error 1)
    std::size_t keys_extra = 0;            ///< approximate groups the full model has no transformer for
    double ieff_median_rel_error = not_a_number;  ///< |Ieff_approx − Ieff_full| / Ieff_full over the groups
    double ieff_p90_rel_error = not_a_number;
};

/// Compares per-element results of the two networks: substations by id; transformers grouped by
/// substation id, HV kV and LV kV (LV below every line voltage of the substation = "LV", GSUs "gsu"),
/// each group's Ieff summed over its units (parallel units of the full model against the one assumed unit).
/// `*_ieff_a`: per transformer; `*_ground_a`: per substation.
[[nodiscard]] GridQuality compare_grids(const Network& full, const std::vector<double>& full_ground_a,
                                        const std::vector<double>& full_ieff_a, const Network& approx,
                                        const std::vector<double>& approx_ground_a, const std::vector<double>& approx_ieff_a);

/// Spearman rank correlation (ties get their mean rank); NaN for fewer than 2 pairs or no variance.
[[nodiscard]] double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace swx
