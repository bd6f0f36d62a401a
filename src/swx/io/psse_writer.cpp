// write_psse: a network as a PSS/E v33 .raw and a GICFILEVRSN=3 .gic (docs/grid-format.md). The .gic
// carries the DC data exactly (winding and line resistances in ohm, vector groups, grounding, K), so
// read_psse gives back the same DC network; the .raw carries the buses, the topology and placeholder AC
// impedances (R from the DC resistance, X = 10 R), which the DC model does not use.

#include <swx/io/psse_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/output_directory.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace swx::io {

namespace {

constexpr const char* stage = "writers.psse";
constexpr double sbase_mva = 100.0;

// Positive integer ids are kept (PSS/E numbers elements); otherwise elements are numbered 1..n in order.
std::vector<long> numbers_for(const std::vector<std::string>& ids) {
    std::vector<long> out;
    out.reserve(ids.size());
    std::set<long> seen;
    for (const auto& id : ids) {
        char* end = nullptr;
        const long v = id.empty() ? 0 : std::strtol(id.c_str(), &end, 10);
        if (id.empty() || *end != '\0' || v <= 0 || v > 999999 || !seen.insert(v).second) {
            out.clear();
            for (std::size_t k = 0; k < ids.size(); ++k) {
                out.push_back(static_cast<long>(k + 1));
            }
            return out;
        }
        out.push_back(v);
    }
    return out;
}

std::string fmt(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// A PSS/E quoted string: single quotes are not allowed inside, so they are replaced.
std::string quoted(std::string s) {
    for (char& c : s) {
        if (c == '\'' || c == '\n' || c == '\r') {
            c = '_';
        }
    }
    return "'" + s + "'";
}

// The circuit id from an element id "FROM-TO-CKT" written by read_psse, else the n-th between the pair.
std::string circuit_of(const std::string& id, long from, long to, std::map<std::pair<long, long>, int>& count) {
    const std::string prefix_a = std::to_string(from) + "-" + std::to_string(to) + "-";
    const std::string prefix_b = std::to_string(to) + "-" + std::to_string(from) + "-";
    for (const auto& prefix : {prefix_a, prefix_b}) {
        if (id.size() > prefix.size() && id.compare(0, prefix.size(), prefix) == 0) {
            const std::string ckt = id.substr(prefix.size());
            if (ckt.size() <= 2 && ckt.find_first_of("-', /") == std::string::npos) {
                return ckt;
            }
        }
    }
    return std::to_string(++count[{std::min(from, to), std::max(from, to)}]);
}

const char* vector_group(TransformerType type) {
    switch (type) {
        case TransformerType::gsu:
        case TransformerType::gy_d: return "YNd1";
        case TransformerType::gy_gy: return "YNyn0";
        case TransformerType::gy_gy_d: return "YNyn0d1";
        case TransformerType::autotransformer: return "YNa0";
        case TransformerType::d_gy: return "Dyn1";
        case TransformerType::d_d: return "Dd0";
    }
    return "";
}

int core_code(TransformerCore core) {
    switch (core) {
        case TransformerCore::unknown: return 0;
        case TransformerCore::single_phase: return 1;
        case TransformerCore::shell: return 2;
        case TransformerCore::three_leg: return 3;
        case TransformerCore::five_leg: return 5;
        case TransformerCore::seven_leg: return 7;
    }
    return 0;
}

void write_file(const std::filesystem::path& path, const std::string& text, const std::string& target) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
        throw Error({stage, target, "", "", ""}, "cannot write the file");
    }
}

}  // namespace

void write_psse(const Network& network, const std::string& raw_path, const std::string& gic_path) {
    std::vector<std::string> ids;
    for (const auto& s : network.substations) {
        ids.push_back(s.id);
    }
    const std::vector<long> sub_no = numbers_for(ids);
    ids.clear();
    for (const auto& b : network.buses) {
        ids.push_back(b.id);
    }
    const std::vector<long> bus_no = numbers_for(ids);
    for (const auto& s : network.substations) {
        if (!s.location.valid()) {
            throw Error({stage, gic_path, "substations", s.id, "location"},
                        "a PSS/E GIC data file needs every substation's coordinates");
        }
    }

    std::string raw;
    std::string gic;
    raw.reserve(160 * (network.buses.size() + network.lines.size() + 3 * network.transformers.size()) + 1024);
    gic.reserve(80 * (network.substations.size() + network.buses.size() + network.lines.size() + network.transformers.size()) +
                1024);
    raw += "0, " + fmt(sbase_mva) + ", 33, 0, 0, 60.00     / PSS/E v33 case written by swxrisk (DC GIC data in the .gic)\n";
    raw += "swxrisk grid export\n";
    raw += "AC impedances are placeholders derived from the DC resistances\n";
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        const Bus& bus = network.buses[b];
        raw += std::to_string(bus_no[b]) + "," + quoted(bus.id.substr(0, 12)) + "," + fmt(bus.kv) + ",1,1,1,1," +
               fmt(bus.vm_pu) + ",0.0,1.1,0.9,1.1,0.9\n";
    }
    raw += "0 / END OF BUS DATA, BEGIN LOAD DATA\n";
    raw += "0 / END OF LOAD DATA, BEGIN FIXED SHUNT DATA\n";
    raw += "0 / END OF FIXED SHUNT DATA, BEGIN GENERATOR DATA\n";
    // A placeholder generator on the LV bus of each GSU, so that the unit reads back as a GSU (the type
    // a generator marks; its DC path is that of gy_d either way).
    std::set<std::size_t> generator_buses;
    for (const auto& t : network.transformers) {
        if (t.type == TransformerType::gsu && generator_buses.insert(t.lv_bus).second) {
            raw += std::to_string(bus_no[t.lv_bus]) + ",'1',0.0,0.0,0.0,0.0,1.0,0,100.0,0.0,1.0,0.0,0.0,1.0,1,100.0,0.0,0.0\n";
        }
    }
    raw += "0 / END OF GENERATOR DATA, BEGIN BRANCH DATA\n";
    std::map<std::pair<long, long>, int> ckt_count;
    std::string gic_branches;
    for (const auto& l : network.lines) {
        const long f = bus_no[l.from_bus], t = bus_no[l.to_bus];
        const std::string ckt = circuit_of(l.id, f, t, ckt_count);
        const double kv = network.buses[l.from_bus].kv;
        const double r_ohm = l.dc_blocked ? 1.0 : l.r_ohm;
        const double r_pu = r_ohm * sbase_mva / (kv * kv);
        // A series-compensated (DC-blocked) line has no DC path: written out of service (ST = 0).
        raw += std::to_string(f) + "," + std::to_string(t) + "," + quoted(ckt) + "," + fmt(r_pu) + "," + fmt(10.0 * r_pu) +
               ",0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0," + (l.dc_blocked ? "0" : "1") + ",1,0.0,1,1.0\n";
        if (!l.dc_blocked) {
            gic_branches += std::to_string(f) + "," + std::to_string(t) + "," + quoted(ckt) + "," + fmt(l.r_ohm) + ",,\n";
        }
    }
    raw += "0 / END OF BRANCH DATA, BEGIN TRANSFORMER DATA\n";
    std::string gic_transformers;
    for (const auto& t : network.transformers) {
        const long hv = bus_no[t.hv_bus], lv = bus_no[t.lv_bus];
        // Winding I is the HV side unless the id says "LV-HV-CKT" (as read_psse names a unit whose .raw
        // record starts at its LV bus): then I is the LV side, so that the id reads back the same.
        const std::string lv_first = std::to_string(lv) + "-" + std::to_string(hv) + "-";
        const bool swap = t.id.compare(0, lv_first.size(), lv_first) == 0;
        const long bus_i = swap ? lv : hv, bus_j = swap ? hv : lv;
        const std::string ckt = circuit_of(t.id, hv, lv, ckt_count);
        const double kv_hv = network.buses[t.hv_bus].kv;
        const double r_hv = std::isfinite(t.r_hv_ohm) ? t.r_hv_ohm : 0.0;
        const double r_lv = std::isfinite(t.r_lv_ohm) ? t.r_lv_ohm : 0.0;
        const double r12_pu = r_hv > 0.0 ? 2.0 * r_hv * sbase_mva / (kv_hv * kv_hv) : 0.0;
        std::string vg = vector_group(t.type);
        if (swap && (t.type == TransformerType::gsu || t.type == TransformerType::gy_d)) {
            vg = "Dyn1";
        } else if (swap && t.type == TransformerType::d_gy) {
            vg = "YNd1";
        }
        raw += std::to_string(bus_i) + "," + std::to_string(bus_j) + ",0," + quoted(ckt) + ",1,1,1,0.0,0.0,2," +
               quoted(t.id.substr(0, 12)) + ",1,1,1.0,0,1.0,0,1.0,0,1.0," + quoted(vg) + "\n";
        raw += fmt(r12_pu) + "," + fmt(std::max(10.0 * r12_pu, 1e-4)) + "," + fmt(sbase_mva) + "\n";
        raw += "1.0," + fmt(network.buses[swap ? t.lv_bus : t.hv_bus].kv) + ",0.0,0.0,0.0,0.0,0,0,1.1,0.9,1.1,0.9,33,0,0.0,0.0,0.0\n";
        raw += "1.0," + fmt(network.buses[swap ? t.hv_bus : t.lv_bus].kv) + "\n";
        const int blocked = t.neutral_blocked ? 1 : 0;
        const std::string kfactor = std::isfinite(t.k_factor) ? fmt(t.k_factor / (2.0 * std::sqrt(2.0 / 3.0))) : "";
        gic_transformers += std::to_string(bus_i) + "," + std::to_string(bus_j) + ",0," + quoted(ckt) + "," +
                            fmt(swap ? r_lv : r_hv) + "," + fmt(swap ? r_hv : r_lv) + ",0," + std::to_string(blocked) + "," +
                            std::to_string(blocked) + ",0," + quoted(vg) + "," + std::to_string(core_code(t.core)) + "," +
                            kfactor + ",0,0,0,0\n";
    }
    raw += "0 / END OF TRANSFORMER DATA, BEGIN AREA DATA\n";
    raw += "0 / END OF AREA DATA, BEGIN TWO-TERMINAL DC DATA\n";
    raw += "0 / END OF TWO-TERMINAL DC DATA, BEGIN VOLTAGE SOURCE CONVERTER DATA\n";
    raw += "0 / END OF VOLTAGE SOURCE CONVERTER DATA, BEGIN IMPEDANCE CORRECTION DATA\n";
    raw += "0 / END OF IMPEDANCE CORRECTION DATA, BEGIN MULTI-TERMINAL DC DATA\n";
    raw += "0 / END OF MULTI-TERMINAL DC DATA, BEGIN MULTI-SECTION LINE DATA\n";
    raw += "0 / END OF MULTI-SECTION LINE DATA, BEGIN ZONE DATA\n";
    raw += "0 / END OF ZONE DATA, BEGIN INTER-AREA TRANSFER DATA\n";
    raw += "0 / END OF INTER-AREA TRANSFER DATA, BEGIN OWNER DATA\n";
    raw += "0 / END OF OWNER DATA, BEGIN FACTS CONTROL DEVICE DATA\n";
    raw += "0 / END OF FACTS CONTROL DEVICE DATA, BEGIN SWITCHED SHUNT DATA\n";
    raw += "0 / END OF SWITCHED SHUNT DATA, BEGIN GNE DEVICE DATA\n";
    raw += "0 / END OF GNE DEVICE DATA, BEGIN INDUCTION MACHINE DATA\n";
    raw += "0 / END OF INDUCTION MACHINE DATA\nQ\n";

    gic += "GICFILEVRSN=3\n";
    for (std::size_t s = 0; s < network.substations.size(); ++s) {
        const Substation& sub = network.substations[s];
        gic += std::to_string(sub_no[s]) + "," + quoted(sub.name.empty() ? sub.id : sub.name) + ",0," +
               fmt(sub.location.lat_deg) + "," + fmt(sub.location.lon_deg) + "," + fmt(sub.grounding_ohm.value_or(0.0)) +
               "," + quoted(sub.earth_model) + "\n";
    }
    gic += "0 / End of Substation data, Begin Bus Substation Data\n";
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        gic += std::to_string(bus_no[b]) + "," + std::to_string(sub_no[network.buses[b].substation]) + "\n";
    }
    gic += "0 / End of Bus Substation Data, Begin Transformer Data\n";
    gic += gic_transformers;
    gic += "0 / End of Transformer Data, Begin Bus Fixed Shunt Data\n";
    gic += "0 / End of Bus Fixed Shunt Data, Begin Branch Data\n";
    gic += gic_branches;
    gic += "0 / End of Branch Data, Begin User Earth Model Data\n";
    gic += "0 / End of User Earth Model Data\nQ\n";

    // Both files whole or neither: stage both, then move both into place.
    OutputFile raw_out(raw_path, true);
    OutputFile gic_out(gic_path, true);
    write_file(raw_out.staged(), raw, raw_path);
    write_file(gic_out.staged(), gic, gic_path);
    raw_out.commit();
    gic_out.commit();
}

}  // namespace swx::io
