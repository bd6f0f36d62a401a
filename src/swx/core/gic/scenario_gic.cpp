#include <swx/core/gic/scenario_gic.hpp>

#include <swx/core/emf/coupling.hpp>

#include <array>
#include <cmath>
#include <map>

namespace swx {

namespace {
/// The middle of a line's route: halfway between its ends in latitude and (the short way) in longitude.
GeoPoint route_middle(const Network& network, const Line& line) {
    std::array<GeoPoint, 2> ends;
    const auto route = network.route(line, ends);
    const GeoPoint a = route.front();
    const GeoPoint b = route.back();
    const double dlon = std::remainder(b.lon_deg - a.lon_deg, 360.0);
    return {a.lon_deg + 0.5 * dlon, 0.5 * (a.lat_deg + b.lat_deg)};
}
}  // namespace

double line_alpha(const Network& network, const Line& line, const DipoleCoefficients& dipole) {
    const GeoPoint m = route_middle(network, line);
    return nerc_alpha(dipole_latitude_deg(m.lat_deg, m.lon_deg, dipole));
}

ScenarioGic run_scenario_gic(const Network& network, const GicSolver& solver, const Ground& ground, const BetaResolver& betas,
                             const DipoleCoefficients& dipole, double azimuth_deg) {
    const double e_ref = nerc_reference_field_v_per_km(betas.event());
    std::map<std::string, double> beta_of;
    const PartField field = [&](GeoPoint middle, const std::string& model) {
        auto it = beta_of.find(model);
        if (it == beta_of.end()) {
            it = beta_of.emplace(model, betas.beta(model)).first;
        }
        return e_ref * nerc_alpha(dipole_latitude_deg(middle.lat_deg, middle.lon_deg, dipole)) * it->second;
    };
    ScenarioGic out = run_field_gic(network, solver, ground, field, azimuth_deg);
    for (const auto& model : out.models) {
        out.model_beta.push_back(betas.beta(model));
    }
    out.line_alpha.resize(network.lines.size());
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        out.line_alpha[l] = line_alpha(network, network.lines[l], dipole);
        if (std::isnan(out.line_e_peak_v_per_km[l])) {
            out.line_e_peak_v_per_km[l] = e_ref * out.line_alpha[l];  // a line of zero length: the field at its middle, β aside
        }
    }
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
        const GeoPoint middle = route_middle(network, network.lines[l]);
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

std::vector<Displacement> model_share(const Network& network, const LineGroundCoupling& coupling, std::size_t source,
                                      const std::string& model, const PartField& field) {
    std::vector<Displacement> out(network.lines.size());
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        const auto& parts = coupling.couplings[l].parts;
        bool any = false;
        for (const auto& part : parts) {
            any = any || part.source == source;
        }
        if (!any) {
            continue;
        }
        const double k = field(route_middle(network, network.lines[l]), model);
        for (const auto& part : parts) {
            if (part.source == source) {
                out[l].north_km += k * part.d.north_km;
                out[l].east_km += k * part.d.east_km;
            }
        }
    }
    return out;
}

}  // namespace swx
