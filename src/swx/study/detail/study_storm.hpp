#pragma once
/// @file study_storm.hpp
/// The storm of a site study, shared by the study (site_study.cpp) and its ensemble (ensemble_run.cpp):
/// the NERC scenario's hazard, a storm record's E(t) per earth model, the return-period hazard or a
/// named storm of the hazard model, or a field varying in space. Private to swx::study.

#include <swx/core/earth/ground.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/core/efield/return_level.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/study_config.hpp>
#include <swx/study/storm_field_input.hpp>

#include <memory>
#include <optional>

namespace swx::study::detail {

/// The storm of a study: the NERC scenario's hazard, a storm record's E(t) per earth model, the
/// return-period hazard or a named storm of the hazard model.
struct Storm {
    DipoleCoefficients dipole;
    std::optional<BetaResolver> betas;
    std::optional<io::MagnetometerSeries> record;
    std::unique_ptr<HazardModel> hazard;
    const ReturnLevelHazard* levels = nullptr;      ///< return-period studies: the hazard itself
    const NamedStormHazard* named = nullptr;        ///< named-storm studies: the hazard itself
    std::optional<StormFieldInput> field;           ///< many magnetometers and/or MT sites: a field varying in space
};

/// Reads the storm of `c` over `ground` (records, tables, β, the hazard model).
/// @throws InputError/ConfigError as the study would.
[[nodiscard]] Storm read_storm(const io::StudyConfig& c, const Ground& ground, ProblemSink& problems);

}  // namespace swx::study::detail
