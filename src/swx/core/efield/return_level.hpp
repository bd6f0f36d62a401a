#pragma once
/// @file return_level.hpp
/// The geoelectric hazard by return period at any point on Earth (docs/hazard-model.md). Three waveform
/// terms, each through the ground's own response, each reported so a reader sees which dominates:
///
///  - auroral: the NERC benchmark waveform scaled to the driver, E = E_ref·β·D_T(λ)/D_100(60°) — NERC
///    places its 8 V/km 1-in-100-year event at 60°, so at 60° the 100-year level is the benchmark;
///  - sudden commencement: an H rise of amplitude A_T·cos λ/cos λ_ref over its rise time, through the
///    earth model's plane-wave impedance, enhanced by the equatorial electrojet near the dip equator;
///  - storm main phase: the |Dst|-scaled H depression, A_T·cos λ/cos λ_ref, over hours.
///
/// The level at T is the largest term (they peak at different times of a storm; they are not added);
/// its band the largest of the terms' lower and of their upper values. λ is the centred-dipole latitude
/// at the study epoch, λ_dip the dip latitude (IGRF inclination) for the electrojet.
///
/// GIC is linear in E, so the site's return period of the field E* that drives its worst supplying
/// transformer to a threshold follows from the hazard curve E_T(site) (return_period_of()).

#include <swx/core/base/problems.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/storm/hazard_profile.hpp>
#include <swx/core/storm/nerc.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace swx {

/// The three terms' peak fields at one return period, V/km (band: lo/hi).
struct TermFields {
    Banded auroral;
    Banded sudden_commencement;  ///< including the electrojet factor
    Banded main_phase;
};

/// The names of the terms, as written in outputs ("auroral", "sudden_commencement", "main_phase").
[[nodiscard]] std::string dominant_term_name(const TermFields& t);

/// The peak field of the terms: the largest value, the largest lower and the largest upper bound.
[[nodiscard]] Banded largest_term(const TermFields& t);

/// True where a published anchor supports `term` (a dominant_term_name) at |dipole latitude|: the driver
/// profile's supported knots for "auroral", the storm term's band for the others.
[[nodiscard]] bool term_supported(const std::string& term, double dipole_lat_deg, const DriverProfile& profile, const StormTerms& terms);

/// The hazard curve at one point.
struct HazardCurve {
    double dipole_lat_deg = not_a_number;
    double dip_lat_deg = not_a_number;
    std::string earth_model;            ///< empty where the ground is unknown (then every field is NaN)
    double beta = not_a_number;         ///< NERC β of the ground (auroral term)
    double electrojet_factor = 1.0;     ///< f(λ_dip) applied to the sudden commencement
    std::vector<double> periods_years;  ///< the profile's return periods, ascending
    std::vector<Banded> e_v_per_km;     ///< the peak field at each period (the largest term)
    std::vector<TermFields> terms;      ///< each term at each period
    TermFields reference_terms;         ///< each term at the reference period (100 years)
    std::string dominant_term;          ///< the largest term at 100 years
    bool unvalidated_latitude = false;  ///< no published anchor supports the dominant term at |λ|

    /// E at any return period (log-log between the tabulated ones, extrapolated beyond), V/km.
    [[nodiscard]] Banded e_at(double return_period_years) const;
};

/// A return period read off a hazard curve.
struct ReturnPeriod {
    double years = not_a_number;     ///< central curve; capped to [1, max_return_period_years] (a field never reached gives the cap)
    double lo_years = not_a_number;  ///< from the upper band (the shorter period)
    double hi_years = not_a_number;  ///< from the lower band
    bool extrapolated = false;       ///< outside the tabulated return periods (e.g. beyond 1,000 years)
    /// Annual probability of at least one exceedance, 1 − exp(−1/T) (Poisson occurrence).
    [[nodiscard]] double annual_probability() const;
};

/// The return period at which the curve reaches `e_v_per_km`; periods are extrapolated along the end
/// segments (log-log) and capped to [max_return_period_years⁻¹ ... max_return_period_years].
[[nodiscard]] ReturnPeriod return_period_of(const HazardCurve& curve, double e_v_per_km);
/// Longest return period reported, years (beyond it: +inf, "not reached").
inline constexpr double max_return_period_years = 1.0e6;

/// A return period as people read it: two significant digits with thousands separators ("38",
/// "2,500"), one decimal below 10 ("2.7"), "≤ 1" at the 1-year floor, "> 1,000,000" at the cap; "–" for NaN.
[[nodiscard]] std::string format_return_period_years(double years);

/// Settings of a return-period study ([storm] hazard = "return-period").
struct ReturnPeriodSettings {
    std::vector<double> report_periods_years{10.0, 100.0, 1000.0};  ///< E_T columns of sites.csv
    double threshold_a = 75.0;           ///< Ieff that defines exceedance, A per phase (TPL-007: 75)
    double no_grid_e_star_v_per_km = 2.0;  ///< the stated field for sites without a grid
    double reference_period_years = 100.0;  ///< the period of the grid solve and of the scenario index
    /// @throws ConfigError naming the key for a value out of range.
    void validate() const;
};

/// The dip latitude at a point (the study passes the IGRF-14 synthesis; tests may pass a dipole).
using DipLatitudeFn = std::function<double(GeoPoint)>;

/// Ground responses of the low-latitude terms for one earth model: peak |E| per nT of an H rise over
/// the term's rise times (lo/central/hi), V/km per nT.
struct TermResponse {
    Banded sc_v_per_km_per_nt;  ///< lo: longest rise, hi: shortest
    Banded mp_v_per_km_per_nt;
    Banded named_mp_v_per_km_per_nt;  ///< the named storms' main-phase rise (carrington-1859)
};

/// Peak |E| of a raised-cosine H rise of 1 nT over `rise_s` seconds through `model`, V/km.
[[nodiscard]] double rise_response_v_per_km_per_nt(const EarthModel& model, double rise_s);

/// The return-level hazard (also a HazardModel: its peak field is the level at the reference period,
/// so the scenario index and the rasters work as for a NERC scenario). Keeps references to the ground
/// and β resolver: both must outlive it.
class ReturnLevelHazard final : public HazardModel {
public:
    /// @param[in] dip_latitude the dip latitude at a point (IGRF-14 in studies).
    /// @throws InputError if a model the ground uses has neither a β (auroral term) nor a model file
    ///         (the low-latitude terms need the layered model).
    ReturnLevelHazard(const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole,
                      DipLatitudeFn dip_latitude, const DriverProfile& profile, const StormTerms& terms,
                      ReturnPeriodSettings settings);

    [[nodiscard]] PointHazard at(GeoPoint p) const override;
    [[nodiscard]] double e_peak_v_per_km(GeoPoint p) const override;
    [[nodiscard]] std::string description() const override;

    /// The full curve at `p` (earth model from the ground; NaN fields where it is unknown).
    [[nodiscard]] HazardCurve curve(GeoPoint p) const;
    /// The central peak field at `p` at return period T over `earth_model` (one of the ground's models,
    /// canonical name: the field along a line part), V/km.
    /// @throws InputError if the ground does not use `earth_model`.
    [[nodiscard]] double level_v_per_km(GeoPoint p, const std::string& earth_model, double return_period_years) const;
    /// The same level with its band (value = level_v_per_km; lo, hi the largest of the terms' bounds), V/km.
    [[nodiscard]] Banded level_band_v_per_km(GeoPoint p, const std::string& earth_model, double return_period_years) const;
    /// Each term at `p` for T over `earth_model`, with amplitudes overridden by `storm` when given.
    [[nodiscard]] TermFields terms_at(GeoPoint p, const std::string& earth_model, double return_period_years,
                                      const NamedStorm* storm = nullptr) const;
    [[nodiscard]] const ReturnPeriodSettings& settings() const noexcept { return m_settings; }
    [[nodiscard]] const DriverProfile& profile() const noexcept { return m_profile; }
    [[nodiscard]] const StormTerms& terms() const noexcept { return m_terms; }

private:
    struct ModelData {
        double beta = not_a_number;
        TermResponse response;
    };
    [[nodiscard]] const ModelData& data_for(const std::string& model) const;
    [[nodiscard]] TermFields terms_for(double dipole_lat_deg, double dip_lat_deg, const ModelData& data, double return_period_years,
                                       const NamedStorm* storm) const;

    const Ground& m_ground;
    const BetaResolver& m_betas;
    DipoleCoefficients m_dipole;
    DipLatitudeFn m_dip_latitude;
    DriverProfile m_profile;
    StormTerms m_terms;
    ReturnPeriodSettings m_settings;
    double m_auroral_scale = 0.0;  // E_ref / D_Tref(λ_ref), V/km per nT/min
    // The curve's fast path: the term amplitudes at the reference latitudes at each profile period, the
    // cosines of those latitudes, and the position of the reference period among the profile's (or npos).
    std::vector<Banded> m_sc_at_periods;
    std::vector<Banded> m_mp_at_periods;
    double m_cos_sc_ref = 1.0;
    double m_cos_mp_ref = 1.0;
    std::size_t m_reference_index = 0;
    std::map<std::string, ModelData> m_models;  // every model the ground uses
};

/// A named storm (Carrington-class) as a hazard: the same three terms for one event's amplitudes.
/// Keeps references to the ground and β resolver: both must outlive it.
class NamedStormHazard final : public HazardModel {
public:
    NamedStormHazard(const NamedStorm& storm, const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole,
                     DipLatitudeFn dip_latitude, const DriverProfile& profile, const StormTerms& terms);
    [[nodiscard]] PointHazard at(GeoPoint p) const override;
    [[nodiscard]] double e_peak_v_per_km(GeoPoint p) const override;
    [[nodiscard]] std::string description() const override;
    /// Each term of the event at `p` (NaN where the ground is unknown); `model` receives the earth model.
    [[nodiscard]] TermFields terms_at(GeoPoint p, std::string* model = nullptr) const;
    /// The event's field at `p` over `earth_model` (a line part), V/km.
    [[nodiscard]] double level_v_per_km(GeoPoint p, const std::string& earth_model) const;
    /// The same with its band, V/km.
    [[nodiscard]] Banded level_band_v_per_km(GeoPoint p, const std::string& earth_model) const;
    [[nodiscard]] const NamedStorm& storm() const noexcept { return m_storm; }
    [[nodiscard]] const ReturnLevelHazard& levels() const noexcept { return m_levels; }

private:
    NamedStorm m_storm;
    const Ground& m_ground;
    ReturnLevelHazard m_levels;  // the responses and profile, reused
};

}  // namespace swx
