// Grid writer: swx::Network -> a GeoPackage in the grid format that grid_reader.cpp reads.

#include <swx/io/grid_writer.hpp>

#include <swx/core/base/table.hpp>
#include <swx/io/table_writer.hpp>

namespace swx::io {

void write_grid(const Network& net, const std::string& path) {
    FeatureTable subs;
    subs.name = "substations";
    subs.geometry_kind = GeometryKind::point;
    std::vector<std::string> sid, sname, sassumed;
    std::vector<double> rg;
    for (const auto& s : net.substations) {
        sid.push_back(s.id);
        sassumed.push_back(s.assumed);
        sname.push_back(s.name);
        rg.push_back(s.grounding_ohm.value_or(not_a_number));
        subs.geometry.push_back(s.location.valid() ? std::vector<GeoPoint>{s.location} : std::vector<GeoPoint>{});
    }
    subs.add("id", std::move(sid));
    subs.add("name", std::move(sname));
    subs.add("grounding_ohm", std::move(rg));
    subs.add("assumed", std::move(sassumed));
    FeatureTable buses;
    buses.name = "buses";
    std::vector<std::string> bid, bsub, bassumed;
    std::vector<double> kv;
    for (const auto& b : net.buses) {
        bid.push_back(b.id);
        bassumed.push_back(b.assumed);
        bsub.push_back(net.substations[b.substation].id);
        kv.push_back(b.kv);
    }
    buses.add("id", std::move(bid));
    buses.add("substation_id", std::move(bsub));
    buses.add("kv", std::move(kv));
    buses.add("assumed", std::move(bassumed));
    FeatureTable trans;
    trans.name = "transformers";
    std::vector<std::string> tid, type, hv, lv, tassumed;
    std::vector<double> rhv, rlv, blocked;
    for (const auto& t : net.transformers) {
        tid.push_back(t.id);
        tassumed.push_back(t.assumed);
        type.push_back(std::string(to_string(t.type)));
        hv.push_back(net.buses[t.hv_bus].id);
        lv.push_back(net.buses[t.lv_bus].id);
        rhv.push_back(t.r_hv_ohm);
        rlv.push_back(t.r_lv_ohm);
        blocked.push_back(t.neutral_blocked ? 1.0 : 0.0);
    }
    trans.add("id", std::move(tid));
    trans.add("type", std::move(type));
    trans.add("hv_bus", std::move(hv));
    trans.add("lv_bus", std::move(lv));
    trans.add("r_hv_ohm", std::move(rhv));
    trans.add("r_lv_ohm", std::move(rlv));
    trans.add("neutral_blocked", std::move(blocked));
    trans.add("assumed", std::move(tassumed));
    FeatureTable lines;
    lines.name = "lines";
    lines.geometry_kind = GeometryKind::line_string;
    std::vector<std::string> lid, from, to, lassumed;
    std::vector<double> r, lkv, dc;
    for (const auto& l : net.lines) {
        lid.push_back(l.id);
        lassumed.push_back(l.assumed);
        from.push_back(net.buses[l.from_bus].id);
        to.push_back(net.buses[l.to_bus].id);
        r.push_back(l.r_ohm);
        lkv.push_back(l.kv);
        dc.push_back(l.dc_blocked ? 1.0 : 0.0);
        lines.geometry.push_back(l.path);  // empty: straight between the substations
    }
    lines.add("id", std::move(lid));
    lines.add("from_bus", std::move(from));
    lines.add("to_bus", std::move(to));
    lines.add("r_ohm", std::move(r));
    lines.add("kv", std::move(lkv));
    lines.add("dc_blocked", std::move(dc));
    lines.add("assumed", std::move(lassumed));
    write_gpkg({&subs, &buses, &trans, &lines}, path);
}

}  // namespace swx::io
