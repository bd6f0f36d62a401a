#include <swx/core/gic/gic_study.hpp>

#include <swx/core/network/qloss.hpp>

#include <cmath>

namespace swx {

UniformGicStudy run_uniform_gic(const Network& network, const std::vector<Displacement>& displacements,
                                const GicSolver& solver, double e_v_per_km, double azimuth_deg, bool sweep) {
    UniformGicStudy study;
    study.e_v_per_km = e_v_per_km;
    study.azimuth_deg = azimuth_deg;
    study.field = field_from_azimuth(e_v_per_km, azimuth_deg);
    auto emfs = [&](const UniformField& e) {
        std::vector<double> v(network.lines.size());
        for (std::size_t l = 0; l < v.size(); ++l) {
            v[l] = emf_v(displacements[l], e);
        }
        return v;
    };
    study.result = solver.solve(emfs(study.field));
    if (sweep) {
        const GicResult north = solver.solve(emfs({1.0, 0.0}));
        const GicResult east = solver.solve(emfs({0.0, 1.0}));
        study.sweep = sweep_from_unit_fields(north, east, e_v_per_km);
    }
    return study;
}

FeatureTable substations_table(const Network& network, const GicResult& result) {
    FeatureTable t;
    t.name = "substations";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> id, name;
    std::vector<double> lat, lon, rg;
    for (const auto& s : network.substations) {
        id.push_back(s.id);
        name.push_back(s.name);
        lat.push_back(s.location.lat_deg);
        lon.push_back(s.location.lon_deg);
        rg.push_back(s.grounding_ohm.value_or(not_a_number));
        t.geometry.push_back(point_geometry(s.location));
    }
    t.add("substation_id", std::move(id));
    t.add("name", std::move(name));
    t.add("ground_gic_a", result.ground_gic_a, "GIC into the ground grid, 3-phase total, A, + from neutral into earth");
    t.add("neutral_voltage_v", result.neutral_voltage_v,
          "DC voltage of the substation ground node to remote earth, V (0 without a grounded neutral)");
    t.add("grounding_ohm", std::move(rg), "ground-grid resistance, ohm (empty: unknown)");
    t.add("lat_deg", std::move(lat));
    t.add("lon_deg", std::move(lon));
    return t;
}

FeatureTable buses_table(const Network& network, const GicResult& result) {
    FeatureTable t;
    t.name = "buses";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> id, sub;
    for (const auto& b : network.buses) {
        const Substation& s = network.substations[b.substation];
        id.push_back(b.id);
        sub.push_back(s.id);
        t.geometry.push_back(point_geometry(s.location));
    }
    t.add("bus_id", std::move(id));
    t.add("substation_id", std::move(sub));
    t.add("dc_voltage_v", result.bus_voltage_v,
          "DC voltage of the bus to remote earth, V (a bus with no DC path: its substation's neutral voltage)");
    return t;
}

FeatureTable transformers_table(const Network& network, const GicResult& result, const std::optional<GicSweep>& sweep) {
    FeatureTable t;
    t.name = "transformers";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> id, sub, type;
    std::vector<double> blocked, k, k_assumed, qloss, qloss_max;
    for (std::size_t i = 0; i < network.transformers.size(); ++i) {
        const Transformer& tr = network.transformers[i];
        const Substation& s = network.substations[network.substation_of(tr)];
        id.push_back(tr.id);
        sub.push_back(s.id);
        type.push_back(std::string(to_string(tr.type)));
        blocked.push_back(tr.neutral_blocked ? 1.0 : 0.0);
        k.push_back(k_factor_used(tr));
        k_assumed.push_back(k_factor_assumed(tr) ? 1.0 : 0.0);
        qloss.push_back(qloss_mvar(network, tr, result.ieff_a[i]));
        if (sweep) {
            qloss_max.push_back(qloss_mvar(network, tr, sweep->ieff_max_a[i]));
        }
        t.geometry.push_back(point_geometry(s.location));
    }
    t.add("transformer_id", std::move(id));
    t.add("substation_id", std::move(sub));
    t.add("type", std::move(type));
    t.add("i_hv_a", result.i_hv_a, "HV (auto: series) winding current per phase, A, + from bus to neutral");
    t.add("i_lv_a", result.i_lv_a, "LV (auto: common) winding current per phase, A, + from bus to neutral");
    t.add("ieff_a", result.ieff_a, "effective GIC per phase |I_H + I_X/a|, A");
    t.add("qloss_mvar", std::move(qloss), "reactive power loss K*V_pu*sqrt(3/2)*kV_H*ieff_a/1000, Mvar (docs/gic-model.md)");
    if (sweep) {
        t.add("ieff_max_a", sweep->ieff_max_a, "maximum effective GIC over all field azimuths, A per phase");
        t.add("worst_azimuth_deg", sweep->worst_azimuth_deg,
              "field azimuth of the maximum, degrees clockwise from north in [0,180) (+180 gives the same)");
        t.add("qloss_max_mvar", std::move(qloss_max), "reactive power loss at ieff_max_a (the worst direction), Mvar");
    }
    t.add("neutral_blocked", std::move(blocked));
    t.add("k_factor", std::move(k), "Mvar-loss K used, per unit (PowerWorld's form, = PSS/E KFACTOR*2*sqrt(2/3))");
    t.add("k_assumed", std::move(k_assumed), "1 = the grid gives no K: the default for the core type is assumed");
    return t;
}

FeatureTable lines_table(const Network& network, const GicResult& result, const std::vector<double>& length_km) {
    FeatureTable t;
    t.name = "lines";
    t.geometry_kind = GeometryKind::line_string;
    std::vector<std::string> id, from, to;
    std::vector<double> r, blocked, kv;
    for (const auto& l : network.lines) {
        id.push_back(l.id);
        from.push_back(network.buses[l.from_bus].id);
        to.push_back(network.buses[l.to_bus].id);
        r.push_back(l.r_ohm);
        kv.push_back(l.kv);
        blocked.push_back(l.dc_blocked ? 1.0 : 0.0);
        t.geometry.push_back(network.route(l));
    }
    t.add("line_id", std::move(id));
    t.add("from_bus", std::move(from));
    t.add("to_bus", std::move(to));
    t.add("emf_v", result.line_emf_v, "EMF from from_bus to to_bus, V");
    t.add("gic_a", result.line_gic_a, "GIC per phase from from_bus to to_bus, A");
    t.add("length_km", length_km, "route length on the WGS84 ellipsoid, km");
    t.add("r_ohm", std::move(r));
    t.add("kv", std::move(kv));
    t.add("dc_blocked", std::move(blocked));
    return t;
}

}  // namespace swx
