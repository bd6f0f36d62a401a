#pragma once
/// @file option_rules.hpp
/// Which option applies to which mode of `swxrisk gic`, as one table, and the checks made on every
/// request before any input is read: an option given for a mode it does not apply to is a usage error
/// (it would otherwise be silently ignored), as is a NERC waveform run as the storm whose peak is not
/// the scenario's reference field (it would run one event labelled as the other). A waveform used only
/// for β (efield-map, study scenarios) is not checked: β is a ratio and does not depend on its scale.

#include <swx/core/base/error.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/storm/waveform.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace swx::study {

/// The four ways `swxrisk gic` runs (GicMode, with the time series split by its source).
enum class GicVariant {
    uniform,   ///< --e-v-per-km / --azimuth-deg
    scenario,  ///< --scenario
    waveform,  ///< --scenario with --waveform (time series)
    record,    ///< --magnetometer (time series)
};

/// The mode's name in messages ("uniform field", "NERC scenario", ...).
[[nodiscard]] std::string_view to_string(GicVariant variant);

/// One row of the table: a CLI flag and the modes it applies to.
struct GicOptionRule {
    std::string_view flag;
    bool uniform;
    bool scenario;
    bool waveform;
    bool record;
    [[nodiscard]] bool applies(GicVariant v) const;
};

/// Every `gic` option that belongs to some modes only (options of every mode — --grid, --out,
/// --overwrite, --quiet — are not listed). docs/cli.md shows the same table.
inline constexpr std::array<GicOptionRule, 28> gic_option_rules{{
    //  flag              uniform scenario waveform record
    {"--e-v-per-km", true, false, false, false},
    {"--azimuth-deg", true, true, false, false},
    {"--distance", true, false, false, false},
    {"--sweep", true, false, false, false},
    {"--earth-regions", false, true, true, true},
    {"--earth-model", false, true, true, true},
    {"--models", false, true, true, true},
    {"--epoch", false, true, true, false},
    {"--waveform", false, true, true, false},
    {"--magnetometer", false, false, false, true},
    {"--time-column", false, false, false, true},
    {"--x-column", false, false, false, true},
    {"--y-column", false, false, false, true},
    {"--max-gap-s", false, false, false, true},
    {"--magnetometers", false, false, false, true},
    {"--stations", false, false, false, true},
    {"--baseline", false, false, false, true},
    {"--secs-pole-spacing-deg", false, false, false, true},
    {"--secs-margin-deg", false, false, false, true},
    {"--secs-epsilon", false, false, false, true},
    {"--secs-regularisation", false, false, false, true},
    {"--line-sample-km", false, false, false, true},
    {"--mt-sites", false, false, false, true},
    {"--mt-max-distance-km", false, false, false, true},
    {"--mt-interpolation", false, false, false, true},
    {"--threshold-a", false, false, true, true},
    {"--hdf5-deflate", false, false, true, true},
    {"--scenario", false, true, true, false},
}};

/// @param[in] given the flags the user gave (e.g. "--sweep"), in any order.
/// @throws ConfigError naming the first flag of `given` that does not apply to `variant`, the mode and
///         the modes it applies to.
void check_gic_options(GicVariant variant, const std::vector<std::string>& given);

/// A NERC waveform run as the storm of `event` (gic --scenario --waveform) must be that event's waveform: its peak |E| must be
/// within 5 % of the event's reference field (8 V/km benchmark, 12 V/km supplemental).
/// @param[in] where the option naming the waveform (CLI flag, or the scenario file's key).
/// @throws ConfigError naming `where` if it is not.
void check_waveform_event(NercEvent event, const GeoelectricWaveform& waveform, ErrorContext where);

/// @throws ConfigError naming `where` if `value` is not finite ("--e-v-per-km nan").
void check_finite(double value, const ErrorContext& where);

}  // namespace swx::study
