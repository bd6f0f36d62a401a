#pragma once
/// @file storm_field.hpp
/// A measured storm's geoelectric field that varies in space and time: many magnetometers (interpolated
/// by SECS, storm/secs.hpp) over 3-D ground (MT impedance tensors, earth/mt_site.hpp) where an MT site is
/// near, and over the 1-D earth model of the region elsewhere (docs/geoelectric-model.md, "Fields that
/// vary in space").
///
/// The field is linear in the records, so it is kept as K source pairs (S_k,N(t), S_k,E(t)), V/km, and
/// a point's field is a small linear combination of them:
///     E_N(p, t) = Σ_k a_k,00·S_k,N(t) + a_k,01·S_k,E(t),   E_E(p, t) = Σ_k a_k,10·S_k,N(t) + a_k,11·S_k,E(t).
///  - 1-D ground: one pair per (earth model r, station s): E over model r of station s's record alone
///    (S_N = Z_r∗B_y,s/μ0, S_E = −Z_r∗B_x,s/μ0). With B(p) = Σ_s P_ps·B_s (the SECS prediction, P_ps a
///    2×2 block) the point's weights are a = [[P_yy, −P_yx], [−P_xy, P_xx]] of each block: exact, since the
///    1-D impedance is the same at every point of the region.
///  - MT site m: one pair, E(t) through the site's tensor of B predicted at the site (SECS). A point within
///    `mt_max_distance_km` of MT sites takes the nearest site's field (a = I), or inverse-distance weights
///    of the nearest sites (a = w_m·I); beyond it the region's 1-D model applies.
/// A single station gives P = I (a uniform source field), and without MT sites the result equals the
/// one-magnetometer path (RecordHazard) exactly.

#include <swx/core/base/table.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/core/storm/secs.hpp>
#include <swx/core/storm/station_set.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace swx {

enum class MtInterpolation {
    nearest,           ///< the nearest MT site within the distance
    inverse_distance,  ///< weights 1/d² of the (up to) `mt_neighbours` nearest sites within the distance
};

struct StormFieldOptions {
    double mt_max_distance_km = 100.0;  ///< MT sites farther than this are not used (the 1-D model applies)
    MtInterpolation mt_interpolation = MtInterpolation::nearest;
    std::size_t mt_neighbours = 4;      ///< inverse_distance only
    SecsOptions secs;                   ///< the SECS fit (used with two or more stations)
};

/// One source pair's weights at a point: rows (E_N, E_E), columns (S_N, S_E).
struct FieldTerm {
    std::uint32_t source = 0;
    std::array<double, 4> a{};  ///< a00, a01, a10, a11
};

/// What drives the field at a point, for sites.csv and messages.
struct FieldProvenance {
    std::string mt_site;            ///< the nearest MT site used; empty where the 1-D model applies
    double mt_distance_km = not_a_number;  ///< its distance; NaN where the 1-D model applies
    std::string earth_model;        ///< the 1-D model where it applies (empty where an MT site does)
    std::string stations;           ///< the records that weigh most: "50112 0.62; FRD 0.31" (share of |P|)
    double b_sigma_nt = not_a_number;  ///< formal SECS prediction error of |B_h| (NaN for one station)
    /// Great-circle distance to the nearest record's station, km (NaN where no station has a position):
    /// how far the source field is carried (SECS errors grow with it; one record is taken as uniform).
    double nearest_station_km = not_a_number;
    /// True outside the SECS pole grid (the stations' box widened by secs margin_deg): B there is an
    /// extrapolation of the equivalent currents and is underestimated far from every station.
    bool secs_extrapolated = false;
};

/// "S1 0.62; S2 0.31; S3 0.05": the three stations with the largest `weight` (one per station) and their share
/// of the total (no shares for a single station or a zero total). The `stations` text of points and lines.
[[nodiscard]] std::string station_shares_text(const std::vector<double>& weight, const std::vector<StationRecord>& stations);

/// Adds the columns mt_site, mt_distance_km (empty where the 1-D model applied), stations,
/// nearest_station_km, b_sigma_nt and secs_extrapolated (1/0) to a
/// table with one row per entry of `provenance`.
void add_field_provenance_columns(FeatureTable& table, const std::vector<FieldProvenance>& provenance);

/// Weights of a point (empty `terms`: no ground under the point).
struct PointField {
    std::vector<FieldTerm> terms;
    FieldProvenance provenance;
};

class StormField {
public:
    /// Computes every source pair: for each earth model of `ground` and each station, E(t) of the
    /// station's record; for each MT site, B at the site by SECS and E(t) through its tensor (extended
    /// with the 1-D model of the ground under the site, if any).
    /// Keeps a reference to `ground`; copies what it needs of `records` and `mt_sites`.
    /// @throws InputError for an MT site with too few periods, or a model the ground names with no model
    ///         file (β-only regions cannot drive a record); ConfigError for bad options.
    StormField(const StationSet& records, const Ground& ground, const std::vector<MtSite>& mt_sites,
               const StormFieldOptions& options = {});
    ~StormField();
    StormField(StormField&&) noexcept;
    StormField& operator=(StormField&&) = delete;
    StormField(const StormField&) = delete;
    StormField& operator=(const StormField&) = delete;

    /// The source pairs (all of steps() samples, V/km).
    [[nodiscard]] std::size_t sources() const noexcept;
    [[nodiscard]] const std::vector<double>& source_north(std::size_t k) const;
    [[nodiscard]] const std::vector<double>& source_east(std::size_t k) const;
    [[nodiscard]] std::string source_name(std::size_t k) const;  ///< "PT1 x 50112" or "MT RF101"
    /// Sources [0, one_d_sources()) are the (1-D model r, station s) pairs at r·stations() + s; the MT sites follow.
    [[nodiscard]] std::size_t one_d_sources() const noexcept;

    [[nodiscard]] std::size_t steps() const noexcept;
    [[nodiscard]] std::size_t edge_steps() const noexcept;  ///< edge zone at each end (efield.hpp)
    [[nodiscard]] std::int64_t t0_unix_s() const noexcept;
    [[nodiscard]] double dt_s() const noexcept;
    [[nodiscard]] std::size_t stations() const noexcept;
    [[nodiscard]] const StationRecord& station(std::size_t s) const;
    [[nodiscard]] const std::vector<StationRecord>& station_records() const noexcept;
    [[nodiscard]] std::size_t mt_sites() const noexcept;
    [[nodiscard]] const StormFieldOptions& options() const noexcept;
    [[nodiscard]] const Ground& ground() const noexcept;

    /// Weights of many points at once (one SECS prediction for all). Thread-safe.
    /// @param[in] model_hint per point, the 1-D model index to use (model_index()), or npos to look it up.
    [[nodiscard]] std::vector<PointField> at(std::span<const GeoPoint> points,
                                             std::span<const std::size_t> model_hint = {}) const;
    /// Index of a 1-D model name among the ground's models (npos if unknown).
    [[nodiscard]] std::size_t model_index(const std::string& canonical_name) const;

    /// E(t) at a point from its weights (empty series where `terms` is empty).
    [[nodiscard]] GeoelectricSeries series(const PointField& f) const;
    /// The interior peak |E| of a point, V/km (NaN where `terms` is empty), and its step.
    [[nodiscard]] double peak_v_per_km(const PointField& f, std::size_t* step = nullptr) const;

    /// The variation field B_x, B_y (nT) at a point: the SECS prediction, or the one record (baseline kept).
    [[nodiscard]] std::pair<std::vector<double>, std::vector<double>> magnetic_at(GeoPoint p) const;

    /// One line in words, for reports and raster metadata.
    [[nodiscard]] std::string description() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The storm field as a site-study hazard: the peak of |E(t)| at each point (α and β play no part).
class StormFieldHazard final : public HazardModel {
public:
    StormFieldHazard(const StormField& field, const DipoleCoefficients& dipole);
    [[nodiscard]] PointHazard at(GeoPoint p) const override;
    [[nodiscard]] double e_peak_v_per_km(GeoPoint p) const override;
    void e_peak_many(std::span<const GeoPoint> points, std::span<double> out) const override;
    [[nodiscard]] bool prefers_batches() const override { return true; }
    [[nodiscard]] std::string description() const override;
    [[nodiscard]] const StormField& field() const noexcept { return m_field; }
private:
    const StormField& m_field;
    DipoleCoefficients m_dipole;
};

}  // namespace swx
