#pragma once
/// @file earth_model.hpp
/// One-dimensional layered earth models and their plane-wave surface impedance.

#include <array>
#include <complex>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace swx {

/// Magnetic permeability of free space used throughout swxrisk, H/m (the classical 4π·10⁻⁷; the
/// 2019 SI value differs by 5e-10 relative, far below the accuracy of any earth model).
inline constexpr double mu0_h_per_m = 4.0e-7 * 3.14159265358979323846;

/// One finite layer of a 1-D earth model.
struct EarthLayer {
    double thickness_m;        ///< layer thickness, m (> 0, finite)
    double resistivity_ohm_m;  ///< layer resistivity, Ω·m (> 0, finite)
};

/// A horizontally layered (1-D) earth: finite layers from the surface down over a uniform half-space.
///
/// The impedance is the plane-wave (Cagniard–Tikhonov) surface impedance of GEOELECTRIC.md §3.1 (NERC
/// "GIC Application Guide" 2013 eqs. 5–7, as in bezpy `Site1d.calcZ`), with the e^{+iωt} time
/// convention: a uniform half-space has arg Z = +45° (E leads B).
///
/// Not modelled: lateral (2-D/3-D) conductivity structure, anisotropy, displacement currents (negligible
/// below ~1 kHz), the finite spatial scale of the ionospheric source (plane-wave assumption), and the
/// ocean/coast effect.
class EarthModel {
public:
    /// @param[in] name short identifier, e.g. "PT1" (non-empty)
    /// @param[in] layers finite layers, surface first; may be empty (a uniform half-space)
    /// @param[in] half_space_resistivity_ohm_m resistivity below the last layer, Ω·m (> 0, finite)
    /// @param[in] description free text, e.g. "Piedmont"
    /// @param[in] source citation of the published model
    /// @param[in] notes free text (known issues, transcription choices)
    /// @throws InputError if the name is empty or any thickness or resistivity is not finite and > 0;
    ///         the message names the offending layer (1-based) and field.
    EarthModel(std::string name, std::vector<EarthLayer> layers, double half_space_resistivity_ohm_m,
               std::string description = {}, std::string source = {}, std::string notes = {});

    /// A uniform half-space of the given resistivity, Ω·m (> 0). @throws InputError as the constructor.
    [[nodiscard]] static EarthModel uniform(double resistivity_ohm_m, std::string name = "uniform");

    [[nodiscard]] const std::string& name() const noexcept { return m_name; }
    [[nodiscard]] const std::string& description() const noexcept { return m_description; }
    [[nodiscard]] const std::string& source() const noexcept { return m_source; }
    [[nodiscard]] const std::string& notes() const noexcept { return m_notes; }
    /// Finite layers, surface first (the half-space is not included).
    [[nodiscard]] const std::vector<EarthLayer>& layers() const noexcept { return m_layers; }
    [[nodiscard]] double half_space_resistivity_ohm_m() const noexcept { return m_half_space_ohm_m; }
    /// Depth of the top of the half-space, m (sum of the layer thicknesses).
    [[nodiscard]] double depth_to_half_space_m() const noexcept;

    /// Plane-wave surface impedance Z = E/H, Ω, e^{+iωt} convention.
    /// @param[in] frequency_hz frequency, Hz (≥ 0, finite). Z(0) = 0 by definition.
    /// @return Z_1 of the recursion; accurate to ~1e-13 relative for every bundled model at 1e-6..10 Hz.
    ///         Uses e^{−2kd} only, so thick or conductive layers underflow harmlessly instead of overflowing.
    /// @throws ModelRangeError if frequency_hz is negative or not finite.
    [[nodiscard]] std::complex<double> impedance_ohm(double frequency_hz) const;

    /// impedance_ohm() at many frequencies (the per-layer constants are computed once); used for FFT bins.
    /// @param[in] frequencies_hz frequencies, Hz (each ≥ 0, finite)
    /// @return one Z per frequency, Ω.
    /// @throws ModelRangeError if a frequency is negative or not finite (nothing is returned).
    [[nodiscard]] std::vector<std::complex<double>> impedance_ohm(std::span<const double> frequencies_hz) const;

    /// Z and its first two derivatives with respect to frequency, for interpolating Z between nodes
    /// (PlaneWaveConverter): the same recursion as impedance_ohm(), carried out on second-order jets.
    /// @param[in] frequency_hz frequency, Hz (> 0, finite)
    /// @return {Z, dZ/df, d²Z/df²} in Ω, Ω/Hz, Ω/Hz².
    /// @throws ModelRangeError unless frequency_hz is > 0 and finite.
    [[nodiscard]] std::array<std::complex<double>, 3> impedance_jet_ohm(double frequency_hz) const;

    /// Apparent resistivity ρ_a = |Z|²/(ωμ0), Ω·m. @param[in] frequency_hz (> 0, finite)
    /// @throws ModelRangeError if frequency_hz is not > 0 and finite.
    [[nodiscard]] double apparent_resistivity_ohm_m(double frequency_hz) const;

    /// Impedance phase arg Z, degrees (45 for a uniform half-space; in (0, 90) for any 1-D model).
    /// @throws ModelRangeError if frequency_hz is not > 0 and finite.
    [[nodiscard]] double phase_deg(double frequency_hz) const;

    /// Magnetotelluric transfer function K = Z/μ0·10⁻³ in (mV/km)/nT, so E_x[mV/km] = K·B_y[nT].
    /// @throws ModelRangeError as impedance_ohm().
    [[nodiscard]] std::complex<double> transfer_mv_per_km_per_nt(double frequency_hz) const;

private:
    std::string m_name;
    std::string m_description;
    std::string m_source;
    std::string m_notes;
    std::vector<EarthLayer> m_layers;
    double m_half_space_ohm_m;
};

/// One row of an impedance table (what `swxrisk earth show` prints).
struct ImpedanceSample {
    double period_s;                      ///< T = 1/f, s
    double frequency_hz;                  ///< f, Hz
    std::complex<double> z_ohm;           ///< surface impedance, Ω
    double apparent_resistivity_ohm_m;    ///< ρ_a, Ω·m
    double phase_deg;                     ///< arg Z, degrees
    double k_abs_mv_per_km_per_nt;        ///< |K| = |Z|/μ0·10⁻³, (mV/km)/nT
};

/// Impedance table at the given periods.
/// @param[in] periods_s periods, s (each > 0, finite)
/// @throws ModelRangeError if a period is not > 0 and finite.
[[nodiscard]] std::vector<ImpedanceSample> impedance_table(const EarthModel& model,
                                                           std::span<const double> periods_s);

/// Logarithmically spaced periods from min_s to max_s inclusive, per_decade points per decade.
/// @throws ModelRangeError unless 0 < min_s <= max_s (finite) and per_decade >= 1.
[[nodiscard]] std::vector<double> log_spaced_periods(double min_s, double max_s, std::size_t per_decade);

}  // namespace swx
