// Grid writer: swx::Network -> a GeoPackage in the grid format that grid_reader.cpp reads.

#include <swx/io/grid_writer.hpp>

#include <swx/core/base/table.hpp>
#include <swx/core/network/qloss.hpp>
#include <swx/io/table_writer.hpp>

namespace swx::io {

void write_grid(const Network& net, const std::string& path) {
    FeatureTable subs;
    subs.name = "substations";
    subs.geometry_kind = GeometryKind::point;
    std::vector<std::string> sid, sname, earth, sassumed;
    std::vector<double> rg;
    for (const auto& s : net.substations) {
        sid.push_back(s.id);
        sassumed.push_back(s.assumed);
        sname.push_back(s.name);
        earth.push_back(s.earth_model);
        rg.push_back(s.grounding_ohm.value_or(not_a_number));
        subs.geometry.push_back(s.location.valid() ? std::vector<GeoPoint>{s.location} : std::vector<GeoPoint>{});
    }
    subs.add("id", std::move(sid));
    subs.add("name", std::move(sname));
    subs.add("grounding_ohm", std::move(rg));
    subs.add("earth_model", std::move(earth));
    subs.add("assumed", std::move(sassumed));
    FeatureTable buses;
    buses.name = "buses";
    std::vector<std::string> bid, bsub, bassumed;
    std::vector<double> kv, vm;
    for (const auto& b : net.buses) {
        bid.push_back(b.id);
        bassumed.push_back(b.assumed);
        bsub.push_back(net.substations[b.substation].id);
        kv.push_back(b.kv);
        vm.push_back(b.vm_pu);
    }
    buses.add("id", std::move(bid));
    buses.add("substation_id", std::move(bsub));
    buses.add("kv", std::move(kv));
    buses.add("vm_pu", std::move(vm));
    buses.add("assumed", std::move(bassumed));
    FeatureTable trans;
    trans.name = "transformers";
    std::vector<std::string> tid, type, hv, lv, core, tassumed;
    std::vector<double> rhv, rlv, blocked, k, v_at_lv;
    for (const auto& t : net.transformers) {
        core.push_back(std::string(to_string(t.core)));
        k.push_back(t.k_factor);  // NaN (empty): the default for the core
        v_at_lv.push_back(t.qloss_v_at_lv ? 1.0 : 0.0);
        tassumed.push_back(t.assumed);
        tid.push_back(t.id);
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
    trans.add("core", std::move(core));
    trans.add("k_factor", std::move(k));
    trans.add("qloss_v_at_lv", std::move(v_at_lv));
    trans.add("assumed", std::move(tassumed));
    FeatureTable lines;
    lines.name = "lines";
    lines.geometry_kind = GeometryKind::line_string;
    std::vector<std::string> lid, from, to, lassumed;
    std::vector<double> r, lkv, dc;
    for (const auto& l : net.lines) {
        lassumed.push_back(l.assumed);
        lid.push_back(l.id);
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
