#pragma once
/// @file secs.hpp
/// Many magnetometers → the horizontal variation field B_x, B_y anywhere: divergence-free spherical
/// elementary current systems (SECS; Amm 1997, Amm & Viljanen 1999, Earth Planets Space 51, 431–440;
/// as in pysecs). Poles on a regular latitude–longitude grid at the ionospheric height cover the
/// stations with a margin; a regularised least-squares fit maps the stations' (B_x, B_y) to pole
/// amplitudes, and the forward operator maps the amplitudes to any point. The station→pole system does
/// not depend on time, so it is factored once: prediction_matrix() returns the fixed linear map from
/// station components to point components, and a whole storm is one matrix product.
/// Only the external (ionospheric) equivalent currents are modelled: induced (internal) currents are not
/// separated, as in the USGS/NOAA geoelectric products. docs/storm-data.md, "Many magnetometers".

#include <swx/core/network/network.hpp>  // GeoPoint

#include <Eigen/Core>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace swx {

/// How the fit is regularised (docs/storm-data.md states the choice and why).
enum class SecsRegularisation {
    truncated_svd,  ///< singular values below epsilon·s_max are dropped (pysecs' default method)
    tikhonov,       ///< damped least squares with λ = epsilon·s_max
};

struct SecsOptions {
    double ionosphere_height_km = 110.0;  ///< height of the current sheet above the Earth's surface (R_E = 6371.2 km)
    double pole_spacing_deg = 0.5;        ///< latitude spacing of the pole grid (longitude spacing ≈ this / cos(lat))
    double margin_deg = 5.0;              ///< the pole grid covers the stations' bounding box widened by this
    SecsRegularisation regularisation = SecsRegularisation::truncated_svd;
    double epsilon = 0.1;                 ///< relative singular-value cut-off (TSVD) or damping (Tikhonov)
    double station_noise_nt = 1.0;        ///< assumed 1-σ station error per component, for prediction_sigma_nt
};

/// The fitted SECS operator for a fixed set of stations. Thread-safe for concurrent const calls.
class SecsInterpolator {
public:
    /// Builds the pole grid, the station transfer matrix and its regularised pseudo-inverse (one SVD).
    /// With one station no fit is made: the field is uniform (every point gets the station's B).
    /// @param[in] stations station positions (geodetic lat/lon, degrees), ≥ 1, valid, no two within 1 km.
    /// @throws InputError naming the stations for an empty list, an invalid position or coincident stations;
    ///         ConfigError for options out of range (height ≤ 0, spacing ≤ 0 or > 10°, margin not in [0, 45]°,
    ///         epsilon not in (0, 1), station_noise_nt < 0) or a pole grid of more than 20,000 poles.
    SecsInterpolator(std::vector<GeoPoint> stations, const SecsOptions& options = {});

    [[nodiscard]] std::size_t stations() const noexcept;
    [[nodiscard]] std::size_t poles() const noexcept;        ///< 0 for a single station
    [[nodiscard]] std::size_t kept_singular_values() const noexcept;  ///< TSVD rank (all for Tikhonov)
    [[nodiscard]] const SecsOptions& options() const noexcept;

    /// The linear map from station components to the field at `points`: a (2·points) × (2·stations)
    /// matrix P with rows (B_x(p0), B_y(p0), B_x(p1), B_y(p1), …) and columns (B_x(s0), B_y(s0), B_x(s1), …),
    /// so that B(points, t) = P · B(stations, t). One station: P is the identity pattern (uniform field).
    [[nodiscard]] Eigen::MatrixXd prediction_matrix(std::span<const GeoPoint> points) const;

    /// Formal 1-σ prediction error of |B_h| at each point from station noise alone (station_noise_nt
    /// propagated through P: station_noise_nt · sqrt(Σ_j P(2p, j)² + Σ_j P(2p+1, j)²), both components);
    /// it does not include the interpolation (model) error, which the validation reports by distance.
    [[nodiscard]] std::vector<double> prediction_sigma_nt(std::span<const GeoPoint> points) const;
    /// The same from a prediction matrix already computed (prediction_matrix(points)), without building it again.
    [[nodiscard]] std::vector<double> prediction_sigma_nt(const Eigen::MatrixXd& prediction) const;

    /// B(t) at `points` from station series: `station_bx_nt[s]`, `station_by_nt[s]` (all of one length).
    /// Returns bx[p], by[p] series (nT).
    /// @throws InputError for the wrong number of series, series of different lengths, a non-finite value
    ///         (naming the station and step) or an invalid point.
    struct Prediction {
        std::vector<std::vector<double>> bx_nt;
        std::vector<std::vector<double>> by_nt;
    };
    [[nodiscard]] Prediction predict(std::span<const GeoPoint> points, const std::vector<std::vector<double>>& station_bx_nt,
                                     const std::vector<std::vector<double>>& station_by_nt) const;

    ~SecsInterpolator();
    SecsInterpolator(SecsInterpolator&&) noexcept;
    SecsInterpolator& operator=(SecsInterpolator&&) noexcept;
    SecsInterpolator(const SecsInterpolator&) = delete;
    SecsInterpolator& operator=(const SecsInterpolator&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Forward model (exposed for validation): ground field (B_x north, B_y east, B_z down), nT, at `point`
/// of a divergence-free SECS of amplitude `amplitude_a` (A) at `pole` on the sphere of radius
/// R_E + height_km (Amm & Viljanen 1999 eqs. 9–10, the point below the current sheet).
struct GroundField {
    double bx_nt = 0.0;
    double by_nt = 0.0;
    double bz_nt = 0.0;
};
[[nodiscard]] GroundField secs_df_field(GeoPoint pole, double amplitude_a, GeoPoint point, double height_km = 110.0);

}  // namespace swx
