#pragma once
/// @file hazard.hpp
/// The NERC TPL-007 storm hazard at a place: centred-dipole geomagnetic latitude at the study epoch,
/// α(latitude), the earth model of the ground there and its β, and the peak geoelectric field
/// E_peak = E_ref·α·β (8 V/km benchmark, 12 V/km supplemental). Also as a map (GeoTIFF-ready raster).

#include <swx/core/storm/geomag.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/core/earth/ground.hpp>
#include <swx/core/storm/nerc.hpp>

#include <cstddef>
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

class NercHazard {
public:
    /// Resolves β for every model the ground uses (NERC table, else from the waveform).
    /// @throws InputError as BetaResolver::beta for a model with no β.
    NercHazard(NercEvent event, const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole);

    [[nodiscard]] PointHazard at(GeoPoint p) const;
    /// Peak field only (fast path for maps); NaN where the ground is unknown.
    [[nodiscard]] double e_peak_v_per_km(GeoPoint p) const;
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

/// The peak-field map over a grid (NaN outside the ground), evaluated on all hardware threads.
[[nodiscard]] Raster peak_field_map(const NercHazard& hazard, const GridSpec& spec);

}  // namespace swx
