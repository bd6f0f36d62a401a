#include <swx/core/gic/scenario_gic.hpp>

#include <swx/core/base/parallel.hpp>
#include <swx/core/emf/coupling.hpp>

#include <array>
#include <cmath>
#include <optional>
#include <utility>

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

/// Line l's scaled displacement and length-weighted field, each part k carrying field_of(part) V/km.
template <class FieldOf>
void scale_line(const LineCoupling& coupling, FieldOf&& field_of, Displacement& scaled, double& e_peak_v_per_km) {
    double length = 0.0;
    double weighted = 0.0;
    for (const auto& part : coupling.parts) {
        const double k = field_of(part);
        scaled.north_km += k * part.d.north_km;
        scaled.east_km += k * part.d.east_km;
        const double km = std::hypot(part.d.north_km, part.d.east_km);
        length += km;
        weighted += km * k;
    }
    e_peak_v_per_km = length > 0.0 ? weighted / length : not_a_number;
}

ScenarioLines from_coupling(LineGroundCoupling&& coupling, std::size_t lines) {
    ScenarioLines out;
    out.models = std::move(coupling.models);
    out.line_length_km = std::move(coupling.length_km);
    out.scaled.resize(lines);
    out.line_e_peak_v_per_km.resize(lines);
    return out;
}
}  // namespace

double line_alpha(const Network& network, const Line& line, const DipoleCoefficients& dipole) {
    const GeoPoint m = route_middle(network, line);
    return nerc_alpha(dipole_latitude_deg(m.lat_deg, m.lon_deg, dipole));
}

ScenarioLines scenario_lines(const Network& network, const Ground& ground, const BetaResolver& betas, const DipoleCoefficients& dipole) {
    LineGroundCoupling coupling = couple_lines(network, ground);
    // β of each model, resolved in line order as the lines' parts need it (the first line whose model has
    // no β is the one that fails, as a loop over the lines would); then every model's, for model_beta.
    std::vector<std::optional<double>> beta(coupling.models.size());
    for (const auto& line : coupling.couplings) {
        for (const auto& part : line.parts) {
            if (!beta[part.source]) {
                beta[part.source] = betas.beta(coupling.models[part.source]);
            }
        }
    }
    std::vector<double> model_beta;
    for (std::size_t k = 0; k < coupling.models.size(); ++k) {
        model_beta.push_back(beta[k] ? *beta[k] : betas.beta(coupling.models[k]));
    }
    const std::vector<LineCoupling> parts = std::move(coupling.couplings);
    ScenarioLines out = from_coupling(std::move(coupling), network.lines.size());
    out.model_beta = std::move(model_beta);
    out.line_alpha.resize(network.lines.size());
    const double e_ref = nerc_reference_field_v_per_km(betas.event());
    parallel_for(network.lines.size(), [&](std::size_t l) {
        // α at the middle of the route, once per line; each part E_ref·α·β(model).
        const double alpha = line_alpha(network, network.lines[l], dipole);
        out.line_alpha[l] = alpha;
        scale_line(parts[l], [&](const LineCoupling::Part& part) { return e_ref * alpha * out.model_beta[part.source]; }, out.scaled[l],
                   out.line_e_peak_v_per_km[l]);
        if (std::isnan(out.line_e_peak_v_per_km[l])) {
            out.line_e_peak_v_per_km[l] = e_ref * alpha;  // a line of zero length: the field at its middle, β aside
        }
    });
    return out;
}

ScenarioLines field_lines(const Network& network, const Ground& ground, const PartField& field) {
    LineGroundCoupling coupling = couple_lines(network, ground);
    const std::vector<LineCoupling> parts = std::move(coupling.couplings);
    const std::vector<std::string> models = coupling.models;
    ScenarioLines out = from_coupling(std::move(coupling), network.lines.size());
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        const GeoPoint middle = route_middle(network, network.lines[l]);
        scale_line(parts[l], [&](const LineCoupling::Part& part) { return field(middle, models[part.source]); }, out.scaled[l],
                   out.line_e_peak_v_per_km[l]);
    }
    return out;
}

ScenarioGic solve_scenario(const Network& network, const GicSolver& solver, ScenarioLines lines, double azimuth_deg) {
    ScenarioGic out;
    out.study = run_uniform_gic(network, lines.scaled, solver, 1.0, azimuth_deg, true);
    out.line_alpha = std::move(lines.line_alpha);
    out.line_e_peak_v_per_km = std::move(lines.line_e_peak_v_per_km);
    out.line_length_km = std::move(lines.line_length_km);
    out.models = std::move(lines.models);
    out.model_beta = std::move(lines.model_beta);
    return out;
}

ScenarioGic run_scenario_gic(const Network& network, const GicSolver& solver, const Ground& ground, const BetaResolver& betas,
                             const DipoleCoefficients& dipole, double azimuth_deg) {
    return solve_scenario(network, solver, scenario_lines(network, ground, betas, dipole), azimuth_deg);
}

ScenarioGic run_field_gic(const Network& network, const GicSolver& solver, const Ground& ground, const PartField& field,
                          double azimuth_deg) {
    return solve_scenario(network, solver, field_lines(network, ground, field), azimuth_deg);
}

namespace {

/// For every line with parts over coupling source `source`: `eval(middle of the route)` once, then
/// `add(line, value, part displacement)` for each of those parts.
template <class Eval, class Add>
void each_share_part(const Network& network, const LineGroundCoupling& coupling, std::size_t source, Eval&& eval, Add&& add) {
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        const auto& parts = coupling.couplings[l].parts;
        bool any = false;
        for (const auto& part : parts) {
            any = any || part.source == source;
        }
        if (!any) {
            continue;
        }
        const auto value = eval(route_middle(network, network.lines[l]));
        for (const auto& part : parts) {
            if (part.source == source) {
                add(l, value, part.d);
            }
        }
    }
}

void add_scaled(Displacement& out, double k, const Displacement& d) {
    out.north_km += k * d.north_km;
    out.east_km += k * d.east_km;
}

}  // namespace

std::vector<Displacement> model_share(const Network& network, const LineGroundCoupling& coupling, std::size_t source,
                                      const std::string& model, const PartField& field) {
    std::vector<Displacement> out(network.lines.size());
    each_share_part(
        network, coupling, source, [&](GeoPoint middle) { return field(middle, model); },
        [&](std::size_t l, double k, const Displacement& d) { add_scaled(out[l], k, d); });
    return out;
}

BandedShare model_share_band(const Network& network, const LineGroundCoupling& coupling, std::size_t source, const std::string& model,
                             const BandedPartField& field) {
    BandedShare out{std::vector<Displacement>(network.lines.size()), std::vector<Displacement>(network.lines.size()),
                    std::vector<Displacement>(network.lines.size())};
    each_share_part(
        network, coupling, source, [&](GeoPoint middle) { return field(middle, model); },
        [&](std::size_t l, const Banded& e, const Displacement& d) {
            add_scaled(out.value[l], e.value, d);
            add_scaled(out.lo[l], e.lo, d);
            add_scaled(out.hi[l], e.hi, d);
        });
    return out;
}

}  // namespace swx
