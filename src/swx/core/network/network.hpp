#pragma once
/// @file network.hpp
/// The power grid as the DC GIC model sees it: substations (with one ground-grid resistance each),
/// buses, transformers and lines. Elements refer to each other by index; ids are the user's.
///
/// Not modelled: shunt reactors and other grounded devices besides transformer neutrals, the
/// resistance of the neutral conductor itself, and the temperature dependence of resistances.

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace swx {

inline constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// A point on the WGS84 ellipsoid, degrees (longitude east, latitude north).
struct GeoPoint {
    double lon_deg = not_a_number;
    double lat_deg = not_a_number;
    [[nodiscard]] bool valid() const noexcept { return std::isfinite(lon_deg) && std::isfinite(lat_deg); }
};

struct Substation {
    std::string id;
    std::string name;
    GeoPoint location;                    ///< invalid when the source has no coordinates
    std::optional<double> grounding_ohm;  ///< ground-grid resistance to remote earth (one per substation)
    std::string earth_model{};            ///< the case's earth-model name (PSS/E .gic), informational; "" = none
    /// Fields whose values are assumed (defaults, voltage-class tables), not data: a comma list of field
    /// names (e.g. "grounding_ohm,location"); "" = everything given. Written as the `assumed` field.
    std::string assumed{};
};

struct Bus {
    std::string id;
    std::size_t substation = 0;  ///< index into Network::substations
    double kv = not_a_number;             ///< nominal line-to-line voltage
    double vm_pu = 1.0;                   ///< the case's AC voltage magnitude, per unit (Qloss); 1 = not given
    std::string assumed{};                ///< as Substation::assumed
};

/// Transformer winding configurations. Names follow the grid format (`type` field).
enum class TransformerType {
    gsu,              ///< generator step-up: grounded-wye HV, delta LV (only HV carries DC)
    gy_gy,            ///< grounded-wye / grounded-wye
    gy_gy_d,          ///< grounded-wye / grounded-wye with delta tertiary (tertiary carries no DC)
    autotransformer,  ///< series winding HV bus -> LV bus, common winding LV bus -> neutral
    gy_d,             ///< grounded-wye HV, delta LV (same DC path as gsu)
    d_gy,             ///< delta HV, grounded-wye LV (only LV carries DC)
    d_d,              ///< delta / delta: no DC path
};

/// Transformer core designs, for the default Mvar-loss K factor (PowerWorld's table, docs/gic-model.md).
enum class TransformerCore {
    unknown,
    single_phase,  ///< bank of single-phase units
    three_leg,     ///< three-phase, three-legged core type
    five_leg,      ///< three-phase, five-legged core type
    shell,         ///< three-phase shell type
    seven_leg,     ///< three-phase, seven-legged (shell-form) core
};

/// Parses a `type` value (case-insensitive, '-' or ' ' equal to '_'; "auto" for autotransformer).
/// @return nullopt for an unknown name.
[[nodiscard]] std::optional<TransformerType> parse_transformer_type(std::string_view text);
[[nodiscard]] std::string_view to_string(TransformerType type);
/// Does the HV / LV winding carry DC to the neutral (or, for an autotransformer, the series winding)?
[[nodiscard]] bool hv_winding_carries_dc(TransformerType type);
[[nodiscard]] bool lv_winding_carries_dc(TransformerType type);
/// Does any winding end at the neutral (so that, unblocked, the unit grounds its substation)?
[[nodiscard]] bool has_neutral_winding(TransformerType type);

struct Transformer {
    std::string id;
    TransformerType type = TransformerType::gsu;
    std::size_t hv_bus = 0;
    std::size_t lv_bus = 0;
    double r_hv_ohm = not_a_number;         ///< DC resistance per phase, HV winding (auto: series winding)
    double r_lv_ohm = not_a_number;         ///< DC resistance per phase, LV winding (auto: common winding)
    bool neutral_blocked = false;  ///< a GIC blocking device in the neutral
    TransformerCore core = TransformerCore::unknown;
    /// Mvar-loss factor in PowerWorld's per-unit form ("GICModelKUsed", = PSS/E KFACTOR·2·sqrt(2/3)):
    /// Q = K·V_pu·sqrt(3/2)·kV_H·Ieff/1000 Mvar (docs/gic-model.md). NaN = the default for `core`.
    double k_factor = not_a_number;
    /// Which bus's case voltage (Bus::vm_pu) scales the Mvar loss. PowerWorld takes the transformer's
    /// from bus (PSS/E BUSI, MATPOWER f_bus), which some cases give as the LV bus (docs/gic-model.md):
    /// true = the LV bus, false = the HV bus.
    bool qloss_v_at_lv = false;
    std::string assumed{};         ///< as Substation::assumed
};

struct Line {
    std::string id;
    std::size_t from_bus = 0;
    std::size_t to_bus = 0;
    double r_ohm = not_a_number;            ///< DC resistance per phase
    double kv = not_a_number;
    bool dc_blocked = false;       ///< series capacitor: no DC path
    std::vector<GeoPoint> path;    ///< WGS84 route; empty = straight between its substations
    std::string assumed{};         ///< as Substation::assumed
};

struct Network {
    std::vector<Substation> substations;
    std::vector<Bus> buses;
    std::vector<Transformer> transformers;
    std::vector<Line> lines;

    /// The substation a transformer stands in (that of its HV bus).
    [[nodiscard]] std::size_t substation_of(const Transformer& t) const { return buses[t.hv_bus].substation; }
    /// The route of a line: its own path, or its two substations' locations.
    [[nodiscard]] std::vector<GeoPoint> route(const Line& line) const;
    /// The same route without copying it (for loops over every line): a view of the line's own path, or
    /// of its two substations' locations written into `ends`. Valid while `line` and `ends` are.
    [[nodiscard]] std::span<const GeoPoint> route(const Line& line, std::array<GeoPoint, 2>& ends) const;
};

/// Grounding resistance used for a substation whose value is unknown (documented in docs/gic-model.md).
inline constexpr double default_grounding_ohm = 0.5;

/// Winding resistance per phase used when neither winding of a transformer has one: PowerModelsGMD's
/// 0.25 ohm in its three-phase-lumped DC network, i.e. three times that per phase (the PSS/E reader's
/// default, docs/grid-format.md).
inline constexpr double default_winding_ohm = 3.0 * 0.25;

/// Gives each winding that carries DC for `t.type` a resistance where it has none (non-finite or <= 0),
/// as the PSS/E reader derives one winding from the other: with ratio = hv_kv / lv_kv and k = ratio
/// (two windings) or ratio − 1 (autotransformer), r_lv = r_hv / k² and r_hv = r_lv · k², kept within
/// [min_resistance_ohm, max_resistance_ohm]. With neither winding known, the first winding the type
/// needs (HV, else LV) gets default_winding_ohm and the other follows from it; with no usable k (a NaN kV, or an autotransformer with ratio <= 1) the missing winding
/// gets default_winding_ohm. Windings that carry
/// no DC for the type are left as they are. For a type drawn in an ensemble (docs/ensembles.md,
/// "Transformer types"). @return whether a resistance was filled.
bool fill_winding_resistances(Transformer& t, double hv_kv, double lv_kv);

/// Where the elements came from, for error messages ("<path>" and the four layer names). A grid read
/// from a folder has one file per layer: `*_file` names it (empty = `path`).
struct NetworkSource {
    std::string path;
    std::string substations_layer = "substations";
    std::string buses_layer = "buses";
    std::string transformers_layer = "transformers";
    std::string lines_layer = "lines";
    std::string substations_file{};
    std::string buses_file{};
    std::string transformers_file{};
    std::string lines_file{};

    /// The file holding `layer`: the layer's own file in a folder grid, else `path` (the datasource).
    [[nodiscard]] const std::string& file_of(const std::string& layer) const;
};

/// Runs `f`; an InputError it throws about a layer of this grid but naming no file (a core step such as
/// couple_lines knows the layer and feature, not the file) is rethrown naming the layer's file.
template <class F>
auto naming_grid_files(const NetworkSource& source, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const InputError& e) {
        if (!e.context().path.empty() || e.context().layer.empty() || source.path.empty()) {
            throw;
        }
        ErrorContext where = e.context();
        where.path = source.file_of(where.layer);
        throw InputError(where, e.why());
    }
}

/// The smallest DC resistance accepted for a line, a winding or a ground grid, ohm. Real values are
/// above ~0.01 ohm (a 1 km 765 kV line is 0.01 ohm per phase); below 1e-6 ohm the admittance matrix
/// mixes conductances of more than 1e6 S with ~1 S and loses its precision (documented in
/// docs/grid-format.md).
inline constexpr double min_resistance_ohm = 1e-6;
/// The largest DC resistance accepted, ohm: above this an element is effectively open; give
/// `dc_blocked` / `neutral_blocked` instead.
inline constexpr double max_resistance_ohm = 1e6;

/// How far the end of a line's route may lie from its substation, km, before orient_routes warns.
inline constexpr double route_end_tolerance_km = 2.0;

/// Checks what the solver relies on: positive finite resistances and voltages, windings present
/// for their type, different HV and LV buses, a route for every line, and at least one grounded
/// neutral. @throws InputError naming the layer, feature id and field of the first violation.
void validate_network(const Network& network, const NetworkSource& source);

/// Orients every line route to start at its `from_bus` substation. GIS data is digitised in either
/// direction, but the EMF sign follows the route's direction, so a route whose end lies nearer the
/// `from_bus` substation than its start (sum of both end distances, great circle) is reversed. A route
/// with an end farther than `tolerance_km` from its substation is reported as a `route_end` warning
/// (line id, distance, tolerance). Lines without a route, or with both buses in one substation, are
/// left as they are. @pre validate_network() passed.
void orient_routes(Network& network, ProblemSink& problems, const std::string& location,
                   double tolerance_km = route_end_tolerance_km);

}  // namespace swx
