#include <swx/core/gic/timeseries_tables.hpp>

#include <cstdio>

namespace swx {

FeatureTable timeseries_substations_table(const Network& net, const GicTimeSeriesStats& stats, const StepTime& time_of) {
    FeatureTable subs;
    subs.name = "substations";
    subs.geometry_kind = GeometryKind::point;
    std::vector<std::string> sid;
    std::vector<std::string> peak_time;
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        sid.push_back(net.substations[s].id);
        peak_time.push_back(stats.ground_peak_abs_a[s] > 0.0 ? time_of(stats.ground_peak_step[s]) : std::string());
        subs.geometry.push_back(point_geometry(net.substations[s].location));
    }
    subs.add("substation_id", std::move(sid));
    subs.add("ground_gic_peak_abs_a", stats.ground_peak_abs_a, "peak |ground GIC| over the record, 3-phase total, A");
    subs.add("ground_gic_peak_time", std::move(peak_time));
    return subs;
}

FeatureTable timeseries_transformers_table(const Network& net, const GicTimeSeriesStats& stats, const StepTime& time_of) {
    FeatureTable trans;
    trans.name = "transformers";
    trans.geometry_kind = GeometryKind::point;
    std::vector<std::string> tid;
    std::vector<std::string> tsub;
    std::vector<std::string> ttype;
    std::vector<std::string> peak_time;
    std::vector<double> minutes;
    for (std::size_t t = 0; t < net.transformers.size(); ++t) {
        const auto& tr = net.transformers[t];
        const Substation& s = net.substations[net.substation_of(tr)];
        tid.push_back(tr.id);
        tsub.push_back(s.id);
        ttype.push_back(std::string(to_string(tr.type)));
        peak_time.push_back(stats.ieff_peak_a[t] > 0.0 ? time_of(stats.ieff_peak_step[t]) : std::string());
        minutes.push_back(stats.time_above_threshold_s[t] / 60.0);
        trans.geometry.push_back(point_geometry(s.location));
    }
    trans.add("transformer_id", std::move(tid));
    trans.add("substation_id", std::move(tsub));
    trans.add("type", std::move(ttype));
    trans.add("ieff_peak_a", stats.ieff_peak_a, "peak effective GIC per phase over the record, A");
    trans.add("ieff_peak_time", std::move(peak_time));
    char minutes_name[64];
    std::snprintf(minutes_name, sizeof minutes_name, "minutes_above_%ga", stats.threshold_a);
    trans.add(minutes_name, std::move(minutes), "minutes with effective GIC above the threshold (TPL-007 thermal screening: 75 A)");
    return trans;
}

FeatureTable timeseries_lines_table(const Network& net, const GicTimeSeriesStats& stats) {
    FeatureTable lines;
    lines.name = "lines";
    lines.geometry_kind = GeometryKind::line_string;
    std::vector<std::string> lid;
    for (const auto& l : net.lines) {
        lid.push_back(l.id);
        lines.geometry.push_back(net.route(l));
    }
    lines.add("line_id", std::move(lid));
    lines.add("emf_peak_abs_v", stats.line_emf_peak_abs_v, "peak |EMF| over the record, V");
    return lines;
}

}  // namespace swx
