#pragma once
/// @file hazard_point.hpp
/// The hazard curve at one point (`swxrisk hazard`, swxrisk.hazard_curve): the return-level hazard of
/// docs/hazard-model.md over the point's ground, its field and each term at the report periods, the
/// return period of a given field, and the named storm carrington-1859 at the point.

#include <swx/core/efield/return_level.hpp>
#include <swx/core/storm/hazard_profile.hpp>
#include <swx/study/requests.hpp>

#include <optional>
#include <string>
#include <vector>

namespace swx::study {

/// What to compute. Names as the options of swx/io/options.hpp.
struct HazardPointRequest {
    double lat_deg = 0.0;  ///< geodetic latitude, degrees north, [-90, 90]
    double lon_deg = 0.0;  ///< longitude, degrees east
    GroundRequest ground;  ///< earth_model "QUE" when neither earth_model nor earth_regions is given
    double epoch = 2025.0;                          ///< options::epoch
    std::string hazard_profile;                     ///< options::hazard_profile ("" = bundled)
    std::string hazard_terms;                       ///< options::hazard_terms ("" = bundled)
    std::vector<double> return_periods_years{10.0, 100.0, 1000.0};  ///< options::return_periods_years
    std::optional<double> field_v_per_km;           ///< a field whose return period to report, V/km (> 0)
};

/// One report period's row.
struct HazardPeriodRow {
    double period_years = 0.0;
    Banded e_v_per_km;   ///< the largest term (HazardCurve::e_at)
    TermFields terms;    ///< each term at this period
    std::string dominant_term;
    bool extrapolated = false;  ///< outside the profile's tabulated return periods
};

/// The result at the point.
struct HazardPointResult {
    double lat_deg = 0.0;
    double lon_deg = 0.0;
    double epoch = 2025.0;
    HazardCurve curve;                    ///< the tabulated curve (earth model, β, latitudes, electrojet factor)
    std::vector<HazardPeriodRow> rows;    ///< one per requested report period
    std::optional<double> field_v_per_km;
    ReturnPeriod field_return_period;     ///< of field_v_per_km (NaN when not given)
    std::string named_storm;              ///< "carrington-1859"
    TermFields named_storm_terms;         ///< its terms at the point
    Banded named_storm_e_v_per_km;        ///< the largest of them
    std::string named_storm_dominant_term;
    double tabulated_from_years = 0.0;    ///< the profile's shortest tabulated period
    double tabulated_to_years = 0.0;      ///< and its longest
    std::string unvalidated_band;         ///< the |dipole latitude| band the dominant term lacks an anchor in ("" = supported)
    std::vector<std::string> assumptions; ///< stated assumptions (the default earth model)
    std::string profile_source;           ///< file of the driver profile
    std::string terms_source;             ///< file of the storm terms
};

/// @throws ConfigError for a latitude outside [-90, 90], a report period or field out of range.
/// @throws InputError for an unknown earth model or an unreadable table (naming the file).
/// @throws ModelRangeError for an epoch outside the IGRF range.
[[nodiscard]] HazardPointResult run_hazard_point(const HazardPointRequest& r, ProblemSink* problems = nullptr);

}  // namespace swx::study
