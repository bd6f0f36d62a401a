#pragma once
/// @file hazard_profile.hpp
/// The storm hazard by return period (docs/hazard-model.md): the driver profile D_T(|λ|), the 1-min
/// |dB_H/dt| reached once in T years at |dipole latitude| λ, with its confidence band; and the
/// parameters of the low-latitude waveform terms (sudden commencement, storm main phase, equatorial
/// electrojet). Both come from data files with a citation per row (datasets/hazard/driver_profile.csv and
/// datasets/hazard/storm_terms.csv, compiled in as defaults), so a user can replace them.
///
/// Interpolation: log-linear in D between latitude knots and log-log between return periods (D is a
/// power of T between tabulated periods), so the profile is continuous in λ and in T.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace swx {

/// Longest return period a hazard table may tabulate, years.
inline constexpr double max_tabulated_period_years = 1.0e5;

/// A value with its confidence band (lo ≤ value ≤ hi).
struct Banded {
    double value = 0.0;
    double lo = 0.0;
    double hi = 0.0;
};

/// D_T(|λ|): rows of (|λ|, T) on a full grid of latitude knots × return periods.
class DriverProfile {
public:
    /// Parses the CSV text of a driver profile (columns abs_dipole_lat_deg, return_period_years,
    /// dbdt_nt_per_min, dbdt_lo_nt_per_min, dbdt_hi_nt_per_min, supported, source; '#' lines are comments).
    /// Checks: every (knot, period) pair present once; knots cover 0–90°; at least two periods; values
    /// finite and > 0 with lo ≤ value ≤ hi; D non-decreasing in T at every knot (value, lo and hi).
    /// @param[in] source file name, for messages.
    /// @throws InputError naming the file, the line and the column.
    [[nodiscard]] static DriverProfile parse(std::string_view csv_text, const std::string& source);
    /// The bundled profile (datasets/hazard/driver_profile.csv).
    [[nodiscard]] static const DriverProfile& bundled();

    /// D_T at |λ| (λ in degrees, any sign; |λ| clamped to 90), nT/min. Periods outside the table are
    /// extrapolated along the nearest segment (log-log); `extrapolated()` says when.
    [[nodiscard]] Banded level(double dipole_lat_deg, double return_period_years) const;
    /// D at every tabulated return period at once (out[i] for return_periods_years()[i]): the fast path of
    /// level() for a hazard curve. @pre out.size() == return_periods_years().size().
    void levels_at(double dipole_lat_deg, std::span<Banded> out) const;
    /// True where both latitude knots around |λ| are supported by a published anchor.
    [[nodiscard]] bool supported(double dipole_lat_deg) const;
    /// Tabulated return periods, years, ascending.
    [[nodiscard]] const std::vector<double>& return_periods_years() const noexcept { return m_periods; }
    /// Latitude knots, degrees, ascending from 0 to 90.
    [[nodiscard]] const std::vector<double>& knots_deg() const noexcept { return m_knots; }
    /// Citation of the row at (knot k, period p).
    [[nodiscard]] const std::string& source_at(std::size_t k, std::size_t p) const { return m_source[k * m_periods.size() + p]; }
    [[nodiscard]] const std::string& source() const noexcept { return m_file; }
    /// True if T lies outside the tabulated periods.
    [[nodiscard]] bool extrapolated(double return_period_years) const;

private:
    std::string m_file;
    std::vector<double> m_knots;
    std::vector<double> m_periods;
    std::vector<double> m_log_periods;
    std::vector<Banded> m_d;      // knot-major: m_d[k * periods + p]
    std::vector<Banded> m_log_d;  // their natural logs (the interpolation works on log D)
    std::vector<bool> m_supported;
    std::vector<std::string> m_source;
};

/// One low-latitude waveform term: the H amplitude of a rise (sudden commencement or main phase) by
/// return period at a reference dipole latitude, scaled to other latitudes by cos λ / cos λ_ref, and
/// the time the rise takes.
struct StormTerm {
    std::string name;                        ///< "sudden_commencement" or "main_phase"
    std::vector<double> periods_years;       ///< ascending
    std::vector<Banded> amplitude_nt;        ///< per period, at ref_dipole_lat_deg
    double ref_dipole_lat_deg = 0.0;         ///< where the amplitudes were measured
    Banded rise_time_s;                      ///< duration of the rise, onset to maximum (the raised cosine's length), s (lo: shortest)
    double supported_from_deg = 0.0;         ///< |λ| band the anchor supports
    double supported_to_deg = 0.0;
    std::string source;                      ///< citation(s)
    /// Logs of periods_years and amplitude_nt, filled by StormTerms::parse (or on first use when a term is
    /// built by hand; not thread-safe then). The interpolation works on them.
    mutable std::vector<double> log_periods;
    mutable std::vector<Banded> log_amplitude;

    /// Amplitude at T (log-log interpolation; extrapolated along the end segment), nT, at |λ|.
    [[nodiscard]] Banded amplitude(double dipole_lat_deg, double return_period_years) const;
    [[nodiscard]] bool supported(double dipole_lat_deg) const;
};

/// The equatorial-electrojet enhancement of the sudden commencement near the dip equator:
/// f(λ_dip) = 1 + (F − 1)·exp(−(λ_dip / w)²).
struct ElectrojetTerm {
    Banded peak_factor;            ///< F at the dip equator
    double half_width_deg = 3.0;   ///< w, degrees of dip latitude
    std::string source;
    [[nodiscard]] Banded factor(double dip_lat_deg) const;
};

/// How the auroral (NERC-waveform) term is tied to the NERC benchmark: E = E_ref·β·D_T(λ)/D_Tref(λ_ref).
struct AuroralCalibration {
    double reference_e_v_per_km = 8.0;          ///< NERC TPL-007 benchmark on the Quebec reference earth
    double reference_dipole_lat_deg = 60.0;     ///< where NERC places it
    double reference_period_years = 100.0;      ///< NERC: a 1-in-100-year event
    std::string source;
};

/// The term parameters (datasets/hazard/storm_terms.csv).
struct StormTerms {
    StormTerm sudden_commencement;
    StormTerm main_phase;
    ElectrojetTerm electrojet;
    AuroralCalibration auroral;
    std::string file;

    /// Parses the CSV text (columns term, parameter, return_period_years, value, lo, hi, unit, source).
    /// @throws InputError naming the file, line and column.
    [[nodiscard]] static StormTerms parse(std::string_view csv_text, const std::string& source);
    [[nodiscard]] static const StormTerms& bundled();
};

/// A named storm of the hazard model: one event, not a return period.
struct NamedStorm {
    std::string name;                 ///< "carrington-1859"
    double auroral_return_period_years;  ///< the auroral driver taken at this return level
    Banded sc_amplitude_nt;           ///< sudden commencement at the term's reference latitude
    Banded main_phase_nt;             ///< main-phase H depression at the equator, scaled by cos λ (Colaba-based)
    Banded main_phase_rise_s;         ///< how long the depression took to develop, s
    std::string description;
};

/// The named storms ("carrington-1859").
[[nodiscard]] const std::vector<NamedStorm>& named_storms();
/// @throws ConfigError listing the names if `name` is not a named storm.
[[nodiscard]] const NamedStorm& named_storm(std::string_view name);

}  // namespace swx
