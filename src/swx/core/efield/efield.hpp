#pragma once
/// @file efield.hpp
/// Geoelectric field E(t) from the magnetic field B(t) over a 1-D layered earth (plane-wave method), and
/// the NERC earth-conductivity scaling factor β.

#include <swx/core/earth/earth_model.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace swx {

/// Horizontal geoelectric field time series, x = north, y = east (IAGA X, Y), V/km.
struct GeoelectricSeries {
    std::vector<double> ex_v_per_km;  ///< northward component
    std::vector<double> ey_v_per_km;  ///< eastward component
    /// Samples at *each* end of the record inside the edge zone (edge_zone_samples()): there E depends on
    /// the unknown field before the record's start (or after its end), so they are written but flagged,
    /// and left out of every peak, time above a threshold and study value. 0 for a filtered waveform.
    std::size_t edge_samples = 0;

    /// True if sample i lies in the edge zone at either end.
    [[nodiscard]] bool in_edge_zone(std::size_t i) const noexcept {
        return i < edge_samples || i + edge_samples >= ex_v_per_km.size();
    }
};

/// Length of the edge zone at each end of an E(t) computed from B(t), s: 10 minutes (see
/// edge_zone_samples() and docs/geoelectric-model.md, "Record edges").
inline constexpr double edge_zone_s = 600.0;

/// Samples in the edge zone at each end of an n-sample record at dt_s: ceil(edge_zone_s / dt_s), at
/// least 1, but at most n / 4 so that half of any record of 4 or more samples stays in the interior
/// (0 for records of fewer than 4 samples).
[[nodiscard]] std::size_t edge_zone_samples(std::size_t n_samples, double dt_s);

/// FFT length used for n samples when none is given: the smallest 2^a·3^b·5^c ≥ 2n, so that the
/// circular convolution of the zero-padded record does not wrap into the output (bezpy `convolve_fft`
/// pads further, to 2^(floor(log2 n) + 2); the results agree to within the test tolerances).
/// @throws InputError if n == 0.
[[nodiscard]] std::size_t default_fft_length(std::size_t n_samples);

/// How PlaneWaveConverter evaluates the surface impedance at the FFT bins.
enum class ImpedanceEvaluation {
    /// Quintic Hermite interpolation between adaptively refined nodes, relative error on Z ≤ 1e-6/sqrt(L)
    /// at every bin (L = FFT length), hence max_t |ΔE(t)| ≤ 1e-6·max_t |E(t)| (docs/geoelectric-model.md,
    /// "Impedance at the FFT bins"). The default.
    interpolated,
    /// The layered-earth recursion at every bin (the reference the interpolation is tested against).
    exact,
};

/// Reusable plane-wave converter for one earth model, record length and sample interval: the transfer
/// function is evaluated once per FFT bin (interpolated from a few hundred exact nodes by default, see
/// ImpedanceEvaluation) and the FFT plans are kept, so repeated conversions (many stations, many
/// storms) cost two real FFT pairs each, one per component, run on two threads.
///
/// Method (GEOELECTRIC.md §3.2–3.3, bezpy `convolve_fft`, with reflection instead of bezpy's zero
/// padding): remove the mean of B_x and B_y, extend the record to the FFT length with its mirror images
/// (reflected about the last sample after the end and about the first sample before the start,
/// cross-faded across the padding) so that no step appears at either end, transform, multiply by K(f) = Z(|f|)/μ0 (conjugate for negative f, Z(0) = 0),
/// transform back and keep the first n samples: E_x = Z·B_y/μ0, E_y = −Z·B_x/μ0. Each component is one
/// real-to-complex and one complex-to-real FFT (pocketfft), the two components on two threads.
///
/// Not done here: gap filling, tapering. Samples must be uniform and finite.
/// Edge effects: with the reflected padding there is no step, but E in the first and last minutes still
/// depends on the field outside the record; the result marks edge_zone_samples() at each end
/// (GeoelectricSeries::edge_samples). A 4-hour FRD 1989 window from 21:50 (PT1) peaks at 22:09 with
/// 1.158 V/km (the full record gives 1.136 V/km there); mean removal and zero padding gave 2.07 V/km at 21:50.
class PlaneWaveConverter {
public:
    /// @param[in] model earth model (copied)
    /// @param[in] n_samples record length (≥ 1)
    /// @param[in] dt_s sample interval, s (> 0, finite)
    /// @param[in] fft_length FFT length (≥ n_samples); 0 selects default_fft_length(n_samples)
    /// @param[in] evaluation interpolated Z (default) or the exact recursion at every bin
    /// @throws InputError if n_samples is 0, dt_s is not finite and > 0, or fft_length < n_samples.
    PlaneWaveConverter(const EarthModel& model, std::size_t n_samples, double dt_s, std::size_t fft_length = 0,
                       ImpedanceEvaluation evaluation = ImpedanceEvaluation::interpolated);
    ~PlaneWaveConverter();
    PlaneWaveConverter(PlaneWaveConverter&&) noexcept;
    PlaneWaveConverter& operator=(PlaneWaveConverter&&) noexcept;
    PlaneWaveConverter(const PlaneWaveConverter&) = delete;
    PlaneWaveConverter& operator=(const PlaneWaveConverter&) = delete;

    /// E(t) from B(t).
    /// @param[in] bx_nt northward magnetic field, nT (n_samples values, finite)
    /// @param[in] by_nt eastward magnetic field, nT (n_samples values, finite)
    /// @return E_x, E_y in V/km, n_samples each, with edge_samples = edge_zone_samples(n_samples, dt_s).
    /// @throws InputError if a length differs from n_samples or a value is not finite (names the index);
    ///         nothing is returned in that case.
    [[nodiscard]] GeoelectricSeries convert(std::span<const double> bx_nt, std::span<const double> by_nt);

    [[nodiscard]] std::size_t n_samples() const noexcept;
    [[nodiscard]] std::size_t fft_length() const noexcept;
    [[nodiscard]] double dt_s() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// E(t) from B(t) in one call (builds a PlaneWaveConverter; reuse one for many records).
/// @param[in] bx_nt, by_nt northward / eastward magnetic field, nT, same length ≥ 1, finite
/// @param[in] dt_s sample interval, s (> 0)
/// @return E_x (north), E_y (east), V/km.
/// @throws InputError for different lengths, empty input, non-finite samples or a bad dt_s.
[[nodiscard]] GeoelectricSeries geoelectric_from_magnetic(const EarthModel& model, std::span<const double> bx_nt,
                                                          std::span<const double> by_nt, double dt_s,
                                                          ImpedanceEvaluation evaluation = ImpedanceEvaluation::interpolated);

/// Re-maps a geoelectric waveform computed over `reference` onto `model`:
/// E_model(ω) = Z_model(ω)/Z_reference(ω)·E_reference(ω) (conjugate ratio for negative ω; at DC the
/// half-space limit sqrt(ρ_model,hs/ρ_reference,hs)). No mean removal (GEOELECTRIC.md §2.3).
/// @param[in] e_north_v_per_km, e_east_v_per_km waveform over the reference earth, V/km, same length
/// @param[in] dt_s sample interval, s (> 0)
/// @param[in] fft_length FFT length (≥ n); 0 selects default_fft_length(n)
/// @return the field over `model`, same length and units.
/// @throws InputError as geoelectric_from_magnetic().
[[nodiscard]] GeoelectricSeries filter_geoelectric(const EarthModel& model, const EarthModel& reference,
                                                   std::span<const double> e_north_v_per_km,
                                                   std::span<const double> e_east_v_per_km, double dt_s,
                                                   std::size_t fft_length = 0);

/// max_i hypot(x[i], y[i]) over the common length of `x` and `y`: the peak magnitude of a horizontal
/// field series (0 for empty input; NaN samples are ignored).
[[nodiscard]] double peak_magnitude(std::span<const double> x, std::span<const double> y);

/// Index of the largest |E| outside the edge zone (the whole record when edge_samples is 0); 0 for an
/// empty series or one that is all edge.
[[nodiscard]] std::size_t interior_peak_index(const GeoelectricSeries& e);

/// The largest |E| outside the edge zone, V/km (0 for an empty series).
[[nodiscard]] double interior_peak_magnitude(const GeoelectricSeries& e);

/// FFT length used by beta_factor: max(65536, default_fft_length(n)), which is 65536 for the 11,201-sample
/// NERC waveforms as in GEOELECTRIC.md §2.3.
[[nodiscard]] std::size_t beta_fft_length(std::size_t n_samples);

/// Earth-conductivity scaling factor β of `model` (NERC TPL-007):
/// β = max_t |E_model(t)| / max_t |E_reference(t)|, with E_model from filter_geoelectric() and
/// E_reference the given waveform (the NERC benchmark or supplemental waveform over the Quebec model).
/// Reproduces the NERC β table within 0.02 for every USGS region (tests/validation).
/// @throws InputError as filter_geoelectric(), or if the waveform is identically zero.
[[nodiscard]] double beta_factor(const EarthModel& model, const EarthModel& reference_que,
                                 std::span<const double> e_north_v_per_km, std::span<const double> e_east_v_per_km,
                                 double dt_s);

}  // namespace swx
