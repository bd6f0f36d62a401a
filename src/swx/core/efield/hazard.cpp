#include <swx/core/efield/hazard.hpp>

#include <swx/core/base/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

namespace swx {

NercHazard::NercHazard(NercEvent event, const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole)
    : m_event(event), m_ground(ground), m_dipole(dipole), m_e_ref(nerc_reference_field_v_per_km(event)) {
    if (const EarthRegions* regions = ground.regions()) {
        for (const auto& r : regions->regions()) {
            m_beta.push_back(betas.beta(r.model));
            m_model.push_back(ground.canonical_model(r.model));
        }
    }
    if (!ground.fallback_model().empty()) {
        m_beta.push_back(betas.beta(ground.fallback_model()));
        m_model.push_back(ground.fallback_model());
    } else {
        m_beta.push_back(not_a_number);
        m_model.emplace_back();
    }
}

std::optional<std::size_t> NercHazard::ground_index(GeoPoint p) const {
    const EarthRegions* regions = m_ground.regions();
    if (regions != nullptr) {
        if (const auto r = regions->region_at(p)) {
            return *r;
        }
    }
    if (m_ground.fallback_model().empty()) {
        return std::nullopt;
    }
    return m_beta.size() - 1;
}

PointHazard NercHazard::at(GeoPoint p) const {
    PointHazard h;
    if (!p.valid()) {
        return h;
    }
    h.geomagnetic_lat_deg = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
    h.alpha = nerc_alpha(h.geomagnetic_lat_deg);
    if (const auto g = ground_index(p)) {
        h.earth_model = m_model[*g];
        h.beta = m_beta[*g];
        h.e_peak_v_per_km = m_e_ref * h.alpha * h.beta;
    }
    return h;
}

double NercHazard::e_peak_v_per_km(GeoPoint p) const {
    const auto g = ground_index(p);
    if (!g) {
        return not_a_number;
    }
    return m_e_ref * nerc_alpha(dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole)) * m_beta[*g];
}

void NercHazard::e_peak_row(const GridSpec& spec, std::size_t row, std::span<float> out) const {
    const std::size_t width = spec.width();
    constexpr double deg = std::numbers::pi / 180.0;
    thread_local std::vector<std::uint32_t> region;
    region.resize(width);
    const EarthRegions* regions = m_ground.regions();
    if (regions != nullptr) {
        regions->regions_on_row(spec, row, region);
    } else {
        std::fill(region.begin(), region.end(), EarthRegions::no_region);
    }
    const std::size_t fallback = m_beta.size() - 1;
    const bool has_fallback = !m_ground.fallback_model().empty();
    // dipole_latitude_deg(lat, lon) = asin(sin ψ sin ψ0 + cos ψ cos ψ0 cos(λ − λ0)): the same operations
    // in the same order, with the row's and the pole's factors taken out of the loop.
    const DipolePole pole = dipole_pole(m_dipole);
    const double lat = spec.cell_center(0, row).lat_deg;
    const double psi = geocentric_latitude_deg(lat);
    const double a = std::sin(psi * deg) * std::sin(pole.lat_deg * deg);
    const double b = std::cos(psi * deg) * std::cos(pole.lat_deg * deg);
    for (std::size_t col = 0; col < width; ++col) {
        std::size_t g = region[col];
        if (region[col] == EarthRegions::no_region) {
            if (!has_fallback) {
                out[col] = std::numeric_limits<float>::quiet_NaN();
                continue;
            }
            g = fallback;
        }
        const double lon = spec.cell_center(col, row).lon_deg;
        if (std::isnan(psi) || !std::isfinite(lon)) {
            out[col] = static_cast<float>(e_peak_v_per_km(GeoPoint{lon, lat}));
            continue;
        }
        const double s = a + b * std::cos((lon - pole.lon_deg) * deg);
        const double magnetic_lat = std::asin(std::clamp(s, -1.0, 1.0)) / deg;
        out[col] = static_cast<float>(m_e_ref * nerc_alpha(magnetic_lat) * m_beta[g]);
    }
}

std::string NercHazard::description() const { return "NERC TPL-007 " + to_string(m_event) + " (E_ref x alpha x beta)"; }

RecordHazard::RecordHazard(const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole,
                           std::span<const double> bx_nt, std::span<const double> by_nt, double dt_s, std::string record_name)
    : m_ground(ground), m_betas(betas), m_dipole(dipole), m_dt_s(dt_s), m_record(std::move(record_name)) {
    for (const auto& model : ground.model_names()) {
        GeoelectricSeries e = geoelectric_from_magnetic(ground.library().find(model), bx_nt, by_nt, dt_s);
        m_peak_by_model[model] = interior_peak_magnitude(e);  // the record's edge zone left out
        m_fields[model] = std::move(e);
    }
}

PointHazard RecordHazard::at(GeoPoint p) const {
    PointHazard h;
    h.geomagnetic_lat_deg = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
    h.alpha = nerc_alpha(h.geomagnetic_lat_deg);
    if (const EarthModel* m = m_ground.model_at(p)) {
        h.earth_model = m->name();
        const auto source = m_betas.source(m->name());
        h.beta = source.rfind("NERC", 0) == 0 ? m_betas.beta(m->name()) : not_a_number;
        h.e_peak_v_per_km = m_peak_by_model.at(m->name());
    }
    return h;
}

double RecordHazard::e_peak_v_per_km(GeoPoint p) const {
    const EarthModel* m = m_ground.model_at(p);
    return m == nullptr ? not_a_number : m_peak_by_model.at(m->name());
}

std::string RecordHazard::description() const { return "peak |E(t)| of the storm record"; }

Raster peak_field_map(const HazardModel& hazard, const GridSpec& spec) {
    Raster r = Raster::nodata(spec, "peak geoelectric field magnitude, " + hazard.description(), "V/km");
    const std::size_t width = spec.width();
    parallel_for(
        spec.height(),
        [&](std::size_t row) {
            hazard.e_peak_row(spec, row, std::span<float>(r.values).subspan(row * width, width));
        },
        0, 1);
    return r;
}

}  // namespace swx
