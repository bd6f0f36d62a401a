#pragma once
/// @file hazard_tables.hpp
/// The hazard model's tables from files (a user's replacement for datasets/hazard/*.csv; "" = the
/// bundled one), and the IGRF-14 dip latitude of a study epoch as the hazard model takes it.

#include <swx/core/base/problems.hpp>
#include <swx/core/efield/return_level.hpp>
#include <swx/core/storm/hazard_profile.hpp>

#include <string>

namespace swx::io {

/// @param[in] path a driver-profile CSV ("" = the bundled profile).
/// @throws InputError if the file cannot be read or is invalid (names the file, line and column).
[[nodiscard]] DriverProfile load_driver_profile(const std::string& path);

/// @param[in] path a storm-terms CSV ("" = the bundled terms).
/// @throws InputError as load_driver_profile().
[[nodiscard]] StormTerms load_storm_terms(const std::string& path);

/// Dip latitude from the IGRF-14 synthesis at `epoch_year` (coefficients computed once; thread-safe).
/// @throws ModelRangeError for an epoch outside [1900, 2035]; warns to `problems` in the guard band.
[[nodiscard]] DipLatitudeFn igrf_dip_latitude(double epoch_year, ProblemSink* problems = nullptr);

}  // namespace swx::io
