#include <swx/core/gic/timeseries_tables.hpp>

#include <swx/core/network/qloss.hpp>

namespace swx {

namespace {

/// The time of a step, or empty where the value never left 0 (no peak to date).
std::string peak_time(double peak, std::size_t step, const StepTime& time_of) {
    return peak > 0.0 ? time_of(step) : std::string();
}

}  // namespace

FeatureTable timeseries_substations_table(const Network& net, const GicTimeSeriesStats& stats, const StepTime& time_of) {
    FeatureTable subs;
    subs.name = "substations";
    subs.geometry_kind = GeometryKind::point;
    std::vector<std::string> sid, name, time;
    std::vector<double> lat, lon, rg;
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        const Substation& sub = net.substations[s];
        sid.push_back(sub.id);
        name.push_back(sub.name);
        time.push_back(peak_time(stats.ground_peak_abs_a[s], stats.ground_peak_step[s], time_of));
        lat.push_back(sub.location.lat_deg);
        lon.push_back(sub.location.lon_deg);
        rg.push_back(sub.grounding_ohm.value_or(not_a_number));
        subs.geometry.push_back(point_geometry(sub.location));
    }
    subs.add("substation_id", std::move(sid));
    subs.add("name", std::move(name));
    subs.add("ground_gic_peak_abs_a", stats.ground_peak_abs_a,
             "peak |ground GIC| over the record outside its edge zones, 3-phase total, A");
    subs.add("ground_gic_peak_time", std::move(time), "UTC time of the peak, ISO 8601");
    subs.add("grounding_ohm", std::move(rg), "ground-grid resistance, ohm (empty: unknown)");
    subs.add("lat_deg", std::move(lat), "WGS84 latitude, degrees");
    subs.add("lon_deg", std::move(lon), "WGS84 longitude, degrees east");
    return subs;
}

FeatureTable timeseries_transformers_table(const Network& net, const GicTimeSeriesStats& stats, const StepTime& time_of) {
    FeatureTable trans;
    trans.name = "transformers";
    trans.geometry_kind = GeometryKind::point;
    std::vector<std::string> tid, tsub, tname, ttype, hv, lv, time;
    std::vector<double> minutes, threshold, lat, lon, blocked, k, k_assumed;
    for (std::size_t t = 0; t < net.transformers.size(); ++t) {
        const auto& tr = net.transformers[t];
        const Substation& s = net.substations[net.substation_of(tr)];
        tid.push_back(tr.id);
        tsub.push_back(s.id);
        tname.push_back(s.name);
        ttype.push_back(std::string(to_string(tr.type)));
        hv.push_back(net.buses[tr.hv_bus].id);
        lv.push_back(net.buses[tr.lv_bus].id);
        time.push_back(peak_time(stats.ieff_peak_a[t], stats.ieff_peak_step[t], time_of));
        minutes.push_back(stats.time_above_threshold_s[t] / 60.0);
        threshold.push_back(stats.threshold_a);
        blocked.push_back(tr.neutral_blocked ? 1.0 : 0.0);
        k.push_back(k_factor_used(tr));
        k_assumed.push_back(k_factor_assumed(tr) ? 1.0 : 0.0);
        lat.push_back(s.location.lat_deg);
        lon.push_back(s.location.lon_deg);
        trans.geometry.push_back(point_geometry(s.location));
    }
    trans.add("transformer_id", std::move(tid));
    trans.add("substation_id", std::move(tsub));
    trans.add("substation_name", std::move(tname));
    trans.add("type", std::move(ttype));
    trans.add("hv_bus", std::move(hv));
    trans.add("lv_bus", std::move(lv));
    trans.add("ieff_peak_a", stats.ieff_peak_a, "peak effective GIC per phase over the record outside its edge zones, A");
    trans.add("ieff_peak_time", std::move(time), "UTC time of the peak, ISO 8601");
    trans.add("minutes_above_threshold", std::move(minutes),
              "minutes with effective GIC above threshold_a, edge zones left out (TPL-007 thermal screening: 75 A)");
    trans.add("threshold_a", std::move(threshold), "effective-GIC threshold of minutes_above_threshold, A per phase");
    trans.add("qloss_peak_mvar", stats.qloss_peak_mvar, "reactive power loss at ieff_peak_a, Mvar (docs/gic-model.md)");
    trans.add("qloss_integral_mvar_h", stats.qloss_integral_mvar_h,
              "reactive power loss integrated over the record outside its edge zones, Mvar*h");
    trans.add("neutral_blocked", std::move(blocked));
    trans.add("k_factor", std::move(k), "Mvar-loss K used, per unit (PowerWorld's form, = PSS/E KFACTOR*2*sqrt(2/3))");
    trans.add("k_assumed", std::move(k_assumed), "1 = the grid gives no K: the default for the core type is assumed");
    trans.add("lat_deg", std::move(lat), "WGS84 latitude of the substation, degrees");
    trans.add("lon_deg", std::move(lon), "WGS84 longitude of the substation, degrees east");
    return trans;
}

FeatureTable timeseries_lines_table(const Network& net, const GicTimeSeriesStats& stats) {
    FeatureTable lines;
    lines.name = "lines";
    lines.geometry_kind = GeometryKind::line_string;
    std::vector<std::string> lid, from, to, from_sub, to_sub;
    std::vector<double> r, kv, blocked, from_lat, from_lon, to_lat, to_lon;
    for (const auto& l : net.lines) {
        const Substation& a = net.substations[net.buses[l.from_bus].substation];
        const Substation& b = net.substations[net.buses[l.to_bus].substation];
        lid.push_back(l.id);
        from.push_back(net.buses[l.from_bus].id);
        to.push_back(net.buses[l.to_bus].id);
        from_sub.push_back(a.id);
        to_sub.push_back(b.id);
        r.push_back(l.r_ohm);
        kv.push_back(l.kv);
        blocked.push_back(l.dc_blocked ? 1.0 : 0.0);
        from_lat.push_back(a.location.lat_deg);
        from_lon.push_back(a.location.lon_deg);
        to_lat.push_back(b.location.lat_deg);
        to_lon.push_back(b.location.lon_deg);
        lines.geometry.push_back(net.route(l));
    }
    lines.add("line_id", std::move(lid));
    lines.add("from_bus", std::move(from));
    lines.add("to_bus", std::move(to));
    lines.add("from_substation", std::move(from_sub));
    lines.add("to_substation", std::move(to_sub));
    lines.add("emf_peak_abs_v", stats.line_emf_peak_abs_v, "peak |EMF| over the record outside its edge zones, V");
    lines.add("gic_peak_abs_a", stats.line_gic_peak_abs_a,
              "peak |line GIC| per phase over the record outside its edge zones, A (0 for a DC-blocked line)");
    lines.add("r_ohm", std::move(r), "DC resistance per phase, ohm");
    lines.add("kv", std::move(kv));
    lines.add("dc_blocked", std::move(blocked));
    lines.add("from_lat_deg", std::move(from_lat), "WGS84 latitude of the from-bus substation, degrees");
    lines.add("from_lon_deg", std::move(from_lon), "WGS84 longitude of the from-bus substation, degrees east");
    lines.add("to_lat_deg", std::move(to_lat), "WGS84 latitude of the to-bus substation, degrees");
    lines.add("to_lon_deg", std::move(to_lon), "WGS84 longitude of the to-bus substation, degrees east");
    return lines;
}

}  // namespace swx
