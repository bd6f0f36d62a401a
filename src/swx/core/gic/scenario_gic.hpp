#pragma once
/// @file scenario_gic.hpp
/// GIC under a NERC TPL-007 scenario: each line's route, split by earth region, carries the peak field
/// E_ref·α(line)·β(ground) of its pieces, in a direction that is swept (two solves give the worst
/// direction for every transformer).

#include <swx/core/gic/gic_study.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/storm/nerc.hpp>

#include <vector>

namespace swx {

struct ScenarioGic {
    UniformGicStudy study;              ///< currents at `azimuth_deg`, and the sweep (worst direction)
    std::vector<double> line_alpha;     ///< α at the middle of each line's route
    std::vector<double> line_e_peak_v_per_km;  ///< length-weighted E_ref·α·β along each line
    std::vector<std::string> models;    ///< the earth models the lines cross
    std::vector<double> model_beta;     ///< their β
};

/// α at the middle of a line's route (centred-dipole latitude at the dipole's epoch).
[[nodiscard]] double line_alpha(const Network& network, const Line& line, const DipoleCoefficients& dipole);

/// @throws InputError as couple_lines() and BetaResolver::beta().
[[nodiscard]] ScenarioGic run_scenario_gic(const Network& network, const GicSolver& solver, const Ground& ground,
                                           const BetaResolver& betas, const DipoleCoefficients& dipole, double azimuth_deg);

}  // namespace swx
