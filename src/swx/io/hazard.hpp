#pragma once
/// @file hazard.hpp
/// The NERC TPL-007 storm hazard at a place: centred-dipole geomagnetic latitude at the study epoch,
/// α(latitude), the earth model of the ground there and its β, and the peak geoelectric field
/// E_peak = E_ref·α·β (8 V/km benchmark, 12 V/km supplemental). Also as a map (GeoTIFF-ready raster).

#include <swx/core/geomag.hpp>
#include <swx/core/raster.hpp>
#include <swx/io/ground.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace swx::io {

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

/// Evaluates f(cell centre) for every cell of `spec` on up to `threads` threads (0 = hardware).
template <class F>
void for_each_cell(const GridSpec& spec, F&& f, unsigned threads = 0);

}  // namespace swx::io

#include <thread>

namespace swx::io {

template <class F>
void for_each_cell(const GridSpec& spec, F&& f, unsigned threads) {
    const std::size_t height = spec.height();
    const std::size_t width = spec.width();
    if (threads == 0) {
        threads = std::max(1U, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, height)));
    auto work = [&](std::size_t first_row, std::size_t last_row) {
        for (std::size_t row = first_row; row < last_row; ++row) {
            for (std::size_t col = 0; col < width; ++col) {
                f(col, row, spec.cell_center(col, row));
            }
        }
    };
    std::vector<std::thread> pool;
    const std::size_t per = (height + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
        const std::size_t a = t * per;
        const std::size_t b = std::min(height, a + per);
        if (a < b) {
            pool.emplace_back(work, a, b);
        }
    }
    work(0, std::min(height, per));
    for (auto& th : pool) {
        th.join();
    }
}

}  // namespace swx::io
