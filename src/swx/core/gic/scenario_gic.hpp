#pragma once
/// @file scenario_gic.hpp
/// GIC under a NERC TPL-007 scenario: each line's route, split by earth region, carries the peak field
/// E_ref·α(line)·β(ground) of its pieces, in a direction that is swept (two solves give the worst
/// direction for every transformer).

#include <swx/core/gic/gic_study.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/storm/hazard_profile.hpp>
#include <swx/core/storm/nerc.hpp>

#include <functional>
#include <string>
#include <vector>

namespace swx {

struct ScenarioGic {
    UniformGicStudy study;              ///< currents at `azimuth_deg`, and the sweep (worst direction)
    std::vector<double> line_alpha;     ///< α at the middle of each line's route
    std::vector<double> line_e_peak_v_per_km;  ///< length-weighted E_ref·α·β along each line
    std::vector<std::string> models;    ///< the earth models the lines cross
    std::vector<double> model_beta;     ///< their β
    std::vector<double> line_length_km;  ///< each line's route length on the WGS84 ellipsoid (LineGroundCoupling::length_km)
};

/// The line side of a scenario, everything before the solve: each line's displacement scaled by the peak
/// field of its parts (a unit field then gives its EMF), and what the line tables report. It needs no
/// GicSolver, so it can be made while the solver factors (solve_scenario then solves).
struct ScenarioLines {
    std::vector<Displacement> scaled;           ///< Σ over the line's parts of field·displacement, V per unit field
    std::vector<double> line_alpha;             ///< as ScenarioGic (empty for a PartField)
    std::vector<double> line_e_peak_v_per_km;
    std::vector<double> line_length_km;
    std::vector<std::string> models;
    std::vector<double> model_beta;             ///< as ScenarioGic (empty for a PartField)
};

/// α at the middle of a line's route (centred-dipole latitude at the dipole's epoch).
[[nodiscard]] double line_alpha(const Network& network, const Line& line, const DipoleCoefficients& dipole);

/// @throws InputError as couple_lines() and BetaResolver::beta().
[[nodiscard]] ScenarioGic run_scenario_gic(const Network& network, const GicSolver& solver, const Ground& ground,
                                           const BetaResolver& betas, const DipoleCoefficients& dipole, double azimuth_deg);

/// The peak field over one earth model at a point, V/km (a hazard model's level for a line part).
using PartField = std::function<double(GeoPoint middle, const std::string& earth_model)>;

/// GIC under a field that varies by place and ground (the return-period hazard, a named storm): each
/// line's route, split by earth region, carries `field(middle of the route, the part's model)` on each
/// piece, in a swept direction (worst direction per transformer), as run_scenario_gic does for NERC.
/// `line_alpha` is left empty; `line_e_peak_v_per_km` is the length-weighted field along each line.
/// @throws InputError as couple_lines().
[[nodiscard]] ScenarioGic run_field_gic(const Network& network, const GicSolver& solver, const Ground& ground, const PartField& field,
                                        double azimuth_deg);

/// run_scenario_gic's line side (the lines in parallel: α once per line, β once per model).
/// @throws InputError as run_scenario_gic().
[[nodiscard]] ScenarioLines scenario_lines(const Network& network, const Ground& ground, const BetaResolver& betas,
                                           const DipoleCoefficients& dipole);
/// run_field_gic's line side (`field` is called on this thread only, line by line).
/// @throws InputError as couple_lines().
[[nodiscard]] ScenarioLines field_lines(const Network& network, const Ground& ground, const PartField& field);
/// The solve of a scenario's lines: run_scenario_gic(...) is solve_scenario(network, solver, scenario_lines(...), azimuth).
[[nodiscard]] ScenarioGic solve_scenario(const Network& network, const GicSolver& solver, ScenarioLines lines, double azimuth_deg);

/// One earth model's share of a field along every line (ensembles, docs/ensembles.md): per line, the
/// displacement of the route's pieces over coupling source `source`, each piece weighted by
/// `field(middle of the route, model)` as run_field_gic weighs it, in V per unit of direction
/// ((V/km)·km). Summed over the sources with each source's own model, the shares are the field
/// run_field_gic applies; `model` may name another earth model (an alternative ground).
[[nodiscard]] std::vector<Displacement> model_share(const Network& network, const LineGroundCoupling& coupling, std::size_t source,
                                                    const std::string& model, const PartField& field);

/// A field with its confidence band over one earth model at a point, V/km (a hazard model's level and band).
using BandedPartField = std::function<Banded(GeoPoint middle, const std::string& earth_model)>;

/// model_share for the central field and the band's lower and upper fields at once (`field` evaluated
/// once per line): each the share model_share gives for that one of the three.
struct BandedShare {
    std::vector<Displacement> value, lo, hi;
};
[[nodiscard]] BandedShare model_share_band(const Network& network, const LineGroundCoupling& coupling, std::size_t source,
                                           const std::string& model, const BandedPartField& field);

}  // namespace swx
