#pragma once
/// @file ensemble_config.hpp
/// The `[ensemble]` table of a scenario file (docs/scenario-format.md, docs/ensembles.md): the
/// members, the seed, the threshold, the direction, and one sub-table per uncertain input.

#include <swx/core/ensemble/ensemble.hpp>

#include <map>
#include <string>
#include <vector>

namespace swx::io {

struct EnsembleConfig {
    EnsembleSpec spec;
    /// `[ensemble.earth.alternatives]`: for a model of the study, the models that may stand in its place
    /// (the model itself among them or not) and their probability weights.
    struct Alternatives {
        std::vector<std::string> models;
        std::vector<double> weights;
    };
    /// Keyed by earth model name, or with `earth_per_region` also by region id (a region's own entry
    /// first, else its model's).
    std::map<std::string, Alternatives> earth_alternatives;
    /// `[ensemble.earth] per = "region"`: each earth region draws its ground (alternative and β spread)
    /// on its own; `"model"` (default): the regions of one model draw together.
    bool earth_per_region = false;
    /// Write each member's largest transformer current and its count above the threshold to
    /// ensemble_members.h5 (`[ensemble] members_hdf5 = true`).
    bool members_hdf5 = false;
    /// `[ensemble] folder`: the output folder (relative to the scenario file); default: the study's
    /// output folder with "-ensemble" appended, so that `swxrisk run` and `swxrisk ensemble` of one
    /// scenario keep their results apart. Resolved by load_study_config.
    std::string out_dir;
};

/// The default convergence checkpoints for `members`: 100, 200, 500, 1000, 2000, … up to members.
[[nodiscard]] std::vector<std::uint64_t> default_checkpoints(std::uint64_t members);

/// The CLI's and Python's spelling of a distribution kind ("fixed", "lognormal", "uniform").
[[nodiscard]] std::string distribution_name(FactorDistribution::Kind kind);

}  // namespace swx::io
