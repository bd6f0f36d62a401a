#include <swx/core/gic/scenario_gic.hpp>

#include <swx/core/emf/coupling.hpp>

#include <cmath>

namespace swx {

double line_alpha(const Network& network, const Line& line, const DipoleCoefficients& dipole) {
    const auto route = network.route(line);
    const GeoPoint a = route.front();
    const GeoPoint b = route.back();
    const double dlon = std::remainder(b.lon_deg - a.lon_deg, 360.0);
    return nerc_alpha(dipole_latitude_deg(0.5 * (a.lat_deg + b.lat_deg), a.lon_deg + 0.5 * dlon, dipole));
}

ScenarioGic run_scenario_gic(const Network& network, const GicSolver& solver, const Ground& ground, const BetaResolver& betas,
                             const DipoleCoefficients& dipole, double azimuth_deg) {
    ScenarioGic out;
    const LineGroundCoupling coupling = couple_lines(network, ground);
    out.models = coupling.models;
    for (const auto& model : coupling.models) {
        out.model_beta.push_back(betas.beta(model));
    }
    const double e_ref = nerc_reference_field_v_per_km(betas.event());
    std::vector<Displacement> scaled(network.lines.size());
    out.line_alpha.resize(network.lines.size());
    out.line_e_peak_v_per_km.resize(network.lines.size());
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        out.line_alpha[l] = line_alpha(network, network.lines[l], dipole);
        double length = 0.0;
        double weighted = 0.0;
        for (const auto& part : coupling.couplings[l].parts) {
            const double k = e_ref * out.line_alpha[l] * out.model_beta[part.source];
            scaled[l].north_km += k * part.d.north_km;
            scaled[l].east_km += k * part.d.east_km;
            const double km = std::hypot(part.d.north_km, part.d.east_km);
            length += km;
            weighted += km * k;
        }
        out.line_e_peak_v_per_km[l] = length > 0.0 ? weighted / length : e_ref * out.line_alpha[l];
    }
    // The displacements already carry the field magnitude: solve for a unit field.
    out.study = run_uniform_gic(network, scaled, solver, 1.0, azimuth_deg, true);
    return out;
}

ScenarioGic run_field_gic(const Network& network, const GicSolver& solver, const Ground& ground, const PartField& field,
                          double azimuth_deg) {
    ScenarioGic out;
    const LineGroundCoupling coupling = couple_lines(network, ground);
    out.models = coupling.models;
    std::vector<Displacement> scaled(network.lines.size());
    out.line_e_peak_v_per_km.resize(network.lines.size());
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        const auto route = network.route(network.lines[l]);
        const GeoPoint a = route.front();
        const GeoPoint b = route.back();
        const double dlon = std::remainder(b.lon_deg - a.lon_deg, 360.0);
        const GeoPoint middle{a.lon_deg + 0.5 * dlon, 0.5 * (a.lat_deg + b.lat_deg)};
        double length = 0.0;
        double weighted = 0.0;
        for (const auto& part : coupling.couplings[l].parts) {
            const double k = field(middle, coupling.models[part.source]);
            scaled[l].north_km += k * part.d.north_km;
            scaled[l].east_km += k * part.d.east_km;
            const double km = std::hypot(part.d.north_km, part.d.east_km);
            length += km;
            weighted += km * k;
        }
        out.line_e_peak_v_per_km[l] = length > 0.0 ? weighted / length : not_a_number;
    }
    out.study = run_uniform_gic(network, scaled, solver, 1.0, azimuth_deg, true);
    return out;
}

}  // namespace swx
