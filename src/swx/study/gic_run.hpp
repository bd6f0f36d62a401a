#pragma once
/// @file gic_run.hpp
/// `swxrisk gic`: GIC in a power grid under a uniform field, a NERC TPL-007 scenario, or a storm time
/// series (magnetometer record or NERC waveform). Writes substations.csv, buses.csv (not for a time series),
/// transformers.csv, lines.csv, gic.gpkg (and gic_timeseries.h5 for a time series) into the output folder,
/// all or nothing.

#include <swx/core/base/problems.hpp>
#include <swx/study/requests.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace swx::study {

enum class GicMode {
    uniform,   ///< a uniform field of given magnitude and azimuth
    scenario,  ///< NERC peak field E_ref·α(line)·β(ground), swept over directions
    series,    ///< a time series: magnetometer record, or NERC waveform (scenario + waveform)
};

struct GicRequest {
    std::string grid;            ///< grid datasource, PSS/E .raw or MATPOWER-GMD .m
    std::string grid_gic;        ///< the PSS/E GIC data file (.gic) that goes with a .raw grid
    double e_v_per_km = 1.0;     ///< uniform field magnitude, V/km
    double azimuth_deg = 0.0;    ///< field direction, degrees clockwise from north
    /// uniform field: "geodesic" or "nerc" line integration; "" = nerc for PSS/E and MATPOWER cases (the
    /// convention of PowerWorld and PowerModelsGMD, so results compare), geodesic otherwise
    std::string distance{};
    bool sweep = false;          ///< uniform field: also the worst direction per transformer
    StormRequest storm;
    GroundRequest ground;
    double threshold_a = 75.0;   ///< time series: screening threshold, A per phase
    int hdf5_deflate = 0;        ///< time series: deflate level of gic_timeseries.h5 (0 = none)
    std::string out;             ///< output folder
    bool overwrite = false;
    /// The mode-specific options the user gave explicitly, as CLI flags ("--sweep"): gic_mode refuses
    /// those that do not apply to the selected mode (option_rules.hpp). The CLI fills it.
    std::vector<std::string> given_options;
};

/// The mode a request selects. @throws ConfigError for conflicting storm options (both a magnetometer
/// and a scenario), a scenario/series without ground, an option of `given_options` that does not apply
/// to the mode (gic_option_rules), or a non-finite --e-v-per-km / --azimuth-deg.
[[nodiscard]] GicMode gic_mode(const GicRequest& request);

/// Runs the request and writes its outputs. A human summary goes to `summary` (nullptr: none).
/// @throws InputError/ConfigError/CrsError for bad inputs, before anything is written.
void run_gic(const GicRequest& request, ProblemSink& problems, std::ostream* summary);

}  // namespace swx::study
