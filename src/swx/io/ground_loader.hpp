#pragma once
/// @file ground_loader.hpp
/// Loads the ground of a study from files: the bundled earth models plus a user folder, the earth-region
/// polygons and the NERC β table, into a core swx::Ground.

#include <swx/core/base/problems.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/storm/nerc.hpp>

#include <string>

namespace swx::io {

/// @param[in] regions_path earth-region polygons (any OGR source; "" = none)
/// @param[in] fallback_model model for places outside every region ("" = none)
/// @param[in] user_models_dir extra model files ("" = only the bundled ones)
/// @param[in,out] problems receives the regions reader's per-feature problems
/// @throws ConfigError if neither regions nor a fallback model is given.
/// @throws InputError if a region or the fallback names an unknown model, or a file is invalid.
[[nodiscard]] Ground load_ground(const std::string& regions_path, const std::string& fallback_model,
                                 const std::string& user_models_dir, ProblemSink& problems);

}  // namespace swx::io

namespace swx::io {

/// β for every model of `ground` under `event`: the NERC β table the ground was loaded with (read once,
/// by load_ground), and the event's waveform read from `waveform_path` ("" = none; then only NERC
/// regions have a β). The resolver refers to `ground`'s library: `ground` must outlive it.
/// @throws InputError if the waveform cannot be read (see read_geoelectric_waveform).
[[nodiscard]] BetaResolver load_beta_resolver(NercEvent event, const Ground& ground, const std::string& waveform_path);

}  // namespace swx::io
