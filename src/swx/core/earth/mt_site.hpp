#pragma once
/// @file mt_site.hpp
/// 3-D ground from magnetotelluric (MT) transfer functions: the 2×2 impedance tensor Z(f) of one MT site,
/// interpolated between the periods it was measured at and extended beyond them, and the geoelectric
/// field E(ω) = Z(ω)·B(ω) it gives (docs/geoelectric-model.md, "MT impedance tensors").
///
/// Units and conventions: Z in (mV/km)/nT (E in mV/km from B in nT; Z[(mV/km)/nT] = Z[Ω]/(μ0·1e3) =
/// 795.8·Z[Ω]); e^{+iωt} time convention (as EarthModel::impedance: a uniform half-space has
/// arg Z_xy = +45°); x = geographic north, y = geographic east (a file measured in rotated axes is
/// rotated to geographic by the reader). For a 1-D earth Z_xy = Z/μ0, Z_yx = −Z_xy, Z_xx = Z_yy = 0.
///
/// A component not measured at a period is NaN there (EMTF files give "NaN NaN" where the processing
/// rejected a component). Each component Z_ij is interpolated and extended over its OWN finite periods:
/// between them log|Z_ij| and the (unwrapped) phase of Z_ij are linear in log T (exact for a power law
/// such as a half-space); beyond them (below its shortest or above its longest finite period, each
/// component its own edge) the value at its edge period is carried with the frequency dependence of a
/// 1-D model (the earth region's model under the site, or if none a uniform half-space):
/// Z_ij(f) = Z_ij(f_edge,ij)·Z_1D(f)/Z_1D(f_edge,ij), continuous at the edge; with no model the ratio is
/// √(f/f_edge,ij). A diagonal component (Z_xx, Z_yy) with no finite period is 0; Z_xy or Z_yx with no
/// finite period is an error (E would lack its main part). Z(0) = 0.

#include <swx/core/earth/earth_model.hpp>
#include <swx/core/network/network.hpp>  // GeoPoint

#include <array>
#include <complex>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace swx {

/// Z_xx, Z_xy, Z_yx, Z_yy.
using ImpedanceTensor = std::array<std::complex<double>, 4>;

/// One MT site as read from a transfer-function file.
struct MtSite {
    std::string id;
    std::string source_path;
    GeoPoint location;
    std::vector<double> periods_s;          ///< strictly increasing, > 0
    /// per period, (mV/km)/nT, geographic axes, e^{+iωt}; a component is NaN (both parts) where it was
    /// not measured at that period (at least one component of each period is finite)
    std::vector<ImpedanceTensor> z;
    std::vector<std::array<double, 4>> z_variance;  ///< per period, ((mV/km)/nT)², NaN where not given
};

/// Apparent resistivity ρ_a = 0.2·T·|Z_ij|² (Ω·m, Z in (mV/km)/nT, T in s) and phase arg Z_ij (degrees).
[[nodiscard]] double apparent_resistivity_ohm_m(std::complex<double> z_mv_per_km_per_nt, double period_s);
[[nodiscard]] double phase_deg(std::complex<double> z_mv_per_km_per_nt);

/// The tensor of a 1-D model at frequency f, (mV/km)/nT: {0, Z/μ0·1e-3·…, −…, 0} (the exact 1-D tensor).
[[nodiscard]] ImpedanceTensor tensor_of_1d(const EarthModel& model, double frequency_hz);

/// Z(f) of one site: interpolation and extension as described at the top of this file.
class MtImpedance {
public:
    /// @param[in] site the measured tensor (≥ 2 periods; NaN components are "not measured").
    /// @param[in] extension the 1-D model for periods outside a component's finite periods (nullptr: a
    ///            half-space, Z ∝ √f).
    /// @throws InputError naming the site's file for fewer than 2 periods, non-increasing periods, an
    ///         infinite value, or Z_xy or Z_yx with no finite value at any period.
    MtImpedance(const MtSite& site, const EarthModel* extension);
    /// Z at |frequency_hz| (the positive frequency; a caller forms Z* for negative ones), (mV/km)/nT.
    [[nodiscard]] ImpedanceTensor at(double frequency_hz) const;
    /// at() for many frequencies (any order; ascending is fastest: the bracketing periods are found by
    /// one forward walk and the extension model is evaluated once for all of them). Used per FFT bin.
    [[nodiscard]] std::vector<ImpedanceTensor> at(std::span<const double> frequencies_hz) const;
    /// The site's shortest and longest period with any finite component, s.
    [[nodiscard]] double min_period_s() const noexcept;
    [[nodiscard]] double max_period_s() const noexcept;
    /// Shortest and longest finite period of one component (0 xx, 1 xy, 2 yx, 3 yy), s; 0 for a diagonal
    /// component with no finite period (taken as 0).
    [[nodiscard]] double min_period_s(std::size_t component) const;
    [[nodiscard]] double max_period_s(std::size_t component) const;
    ~MtImpedance();
    MtImpedance(MtImpedance&&) noexcept;
    MtImpedance& operator=(MtImpedance&&) noexcept;
    MtImpedance(const MtImpedance&) = delete;
    MtImpedance& operator=(const MtImpedance&) = delete;
private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace swx
