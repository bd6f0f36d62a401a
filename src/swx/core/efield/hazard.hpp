#pragma once
/// @file hazard.hpp
/// The NERC TPL-007 storm hazard at a place: centred-dipole geomagnetic latitude at the study epoch,
/// α(latitude), the earth model of the ground there and its β, and the peak geoelectric field
/// E_peak = E_ref·α·β (8 V/km benchmark, 12 V/km supplemental). Also as a map (GeoTIFF-ready raster).

#include <swx/core/storm/geomag.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/storm/nerc.hpp>

#include <swx/core/efield/efield.hpp>

#include <cstddef>
#include <map>
#include <span>
#include <optional>
#include <string>
#include <vector>

namespace swx {

struct PointHazard {
    double geomagnetic_lat_deg = not_a_number;
    double alpha = not_a_number;
    std::string earth_model;  ///< empty where the ground is unknown (outside every region, no fallback)
    double beta = not_a_number;
    double e_peak_v_per_km = not_a_number;  ///< NaN where the ground is unknown
};

/// The storm hazard at any point, whatever drives it (a NERC scenario, a storm record). Thread-safe
/// for concurrent const calls.
class HazardModel {
public:
    HazardModel() = default;
    HazardModel(const HazardModel&) = default;
    HazardModel& operator=(const HazardModel&) = delete;
    virtual ~HazardModel() = default;
    /// Everything known about the hazard at `p` (NaN fields where unknown).
    [[nodiscard]] virtual PointHazard at(GeoPoint p) const = 0;
    /// Peak field only, V/km (fast path for maps); NaN where the ground is unknown.
    [[nodiscard]] virtual double e_peak_v_per_km(GeoPoint p) const = 0;
    /// The peak field of many points (a raster row): out[i] = e_peak_v_per_km(points[i]). Models that work
    /// faster on batches (a storm field: one SECS prediction for all) override it.
    virtual void e_peak_many(std::span<const GeoPoint> points, std::span<double> out) const {
        for (std::size_t i = 0; i < points.size(); ++i) {
            out[i] = e_peak_v_per_km(points[i]);
        }
    }
    /// The peak field of every cell centre of one row of `spec` (out.size() == spec.width()), as float,
    /// NaN where unknown: what peak_field_map() fills. Default: e_peak_v_per_km() per cell centre.
    virtual void e_peak_row(const GridSpec& spec, std::size_t row, std::span<float> out) const {
        for (std::size_t col = 0; col < out.size(); ++col) {
            out[col] = static_cast<float>(e_peak_v_per_km(spec.cell_center(col, row)));
        }
    }
    /// True if e_peak_many is much faster than point calls (maps then go a row at a time).
    [[nodiscard]] virtual bool prefers_batches() const { return false; }
    /// What the peak field is, in words, for raster descriptions and reports.
    [[nodiscard]] virtual std::string description() const = 0;
};

/// NERC TPL-007 hazard: E_peak = E_ref·α(dipole latitude)·β(ground). Keeps a reference to `ground`:
/// the ground must outlive the hazard.
class NercHazard final : public HazardModel {
public:
    /// Resolves β for every model the ground uses (NERC table, else from the waveform).
    /// @throws InputError as BetaResolver::beta for a model with no β.
    NercHazard(NercEvent event, const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole);

    [[nodiscard]] PointHazard at(GeoPoint p) const override;
    [[nodiscard]] double e_peak_v_per_km(GeoPoint p) const override;
    /// The same values as e_peak_v_per_km() per cell (tested), computed a row at a time: regions by
    /// EarthRegions::regions_on_row (scanline), E_ref·β per region once, and the dipole latitude from
    /// per-row and per-column factors of the same expression.
    void e_peak_row(const GridSpec& spec, std::size_t row, std::span<float> out) const override;
    [[nodiscard]] std::string description() const override;
    [[nodiscard]] NercEvent event() const noexcept { return m_event; }
    [[nodiscard]] const DipoleCoefficients& dipole() const noexcept { return m_dipole; }

private:
    [[nodiscard]] std::optional<std::size_t> ground_index(GeoPoint p) const;  // region index, or regions.size() = fallback
    NercEvent m_event;
    const Ground& m_ground;
    DipoleCoefficients m_dipole;
    double m_e_ref = 0.0;
    std::vector<double> m_beta;          // per region, then the fallback last
    std::vector<std::string> m_model;    // per region, then the fallback last
};

/// The hazard of a measured storm: the peak over the record of |E(t)|, E(t) computed from the record's
/// B(t) through each earth model's plane-wave impedance (uniform B over the area: one magnetometer).
/// α and β are reported for reference only (β where the model is a NERC region); they play no part in
/// the field. Keeps a reference to `ground` and `betas`: both must outlive the hazard.
class RecordHazard final : public HazardModel {
public:
    /// Computes E(t) for every model the ground uses.
    /// @param[in] bx_nt, by_nt the record, nT (x north, y east), regular at `dt_s` (> 0).
    /// @throws InputError if a model the ground uses has no model file (a β-only region).
    RecordHazard(const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole,
                 std::span<const double> bx_nt, std::span<const double> by_nt, double dt_s, std::string record_name);

    [[nodiscard]] PointHazard at(GeoPoint p) const override;
    [[nodiscard]] double e_peak_v_per_km(GeoPoint p) const override;
    [[nodiscard]] std::string description() const override;
    /// E(t) per earth model (canonical names), V/km.
    [[nodiscard]] const std::map<std::string, GeoelectricSeries>& fields() const noexcept { return m_fields; }
    [[nodiscard]] double dt_s() const noexcept { return m_dt_s; }

private:
    const Ground& m_ground;
    const BetaResolver& m_betas;
    DipoleCoefficients m_dipole;
    double m_dt_s;
    std::string m_record;
    std::map<std::string, double> m_peak_by_model;
    std::map<std::string, GeoelectricSeries> m_fields;
};

/// The peak-field map over a grid (NaN outside the ground), a row at a time (HazardModel::e_peak_row) on
/// all hardware threads.
[[nodiscard]] Raster peak_field_map(const HazardModel& hazard, const GridSpec& spec);

}  // namespace swx
