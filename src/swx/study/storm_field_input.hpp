#pragma once
/// @file storm_field_input.hpp
/// Reads a storm field that varies in space — many magnetometer records and/or MT sites — and builds
/// it over the ground (core/efield/storm_field.hpp). Shared by `efield`, `efield-map`, `gic` and studies.

#include <swx/core/base/problems.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/storm_field.hpp>
#include <swx/core/storm/station_set.hpp>
#include <swx/study/requests.hpp>

#include <memory>
#include <string>
#include <vector>

namespace swx::study {

struct StormFieldInput {
    StationSet records;
    std::vector<MtSite> mt_sites;
    std::unique_ptr<StormField> field;
    std::string storm_text;   ///< "3 magnetometers (…) 2024-05-10T00:00:00Z, 4320 steps of 60 s"
    std::string method_text;  ///< how E was computed, for provenance
};

/// True when the storm request asks for a field that varies in space (many magnetometers or MT sites).
[[nodiscard]] inline bool uses_storm_field(const StormRequest& storm) { return storm.field.varying(); }

/// Reads the records (`field.magnetometers`, or the one `magnetometer` as a uniform source) and the MT
/// sites, and builds the field. `stage` names the command in messages; `flags`: CLI flag names (else
/// scenario-file names). Warnings (gaps, trims, positions, dropped MT periods) go to `problems`.
/// @throws ConfigError for both or neither of magnetometer/magnetometers, or bad options;
///         InputError for bad records or MT files.
[[nodiscard]] StormFieldInput load_storm_field(const StormRequest& storm, const Ground& ground, ProblemSink& problems,
                                               const std::string& stage, bool flags);

}  // namespace swx::study
