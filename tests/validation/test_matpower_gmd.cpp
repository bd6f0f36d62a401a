// Validation of the MATPOWER-GMD reader + GIC solver against independent results for the cases of
// PowerModelsGMD (lanl-ansi/PowerModelsGMD.jl) and PowerModelsGMDLib, collected with their provenance in
// ../shared/reference/interop (README.md there; §-numbers below refer to it):
//   * epri21.m (model A of the EPRI/Horton benchmark): Horton et al. 2012 Table VII (substation ground
//     GIC, 1 V/km east) and the project's own Horton dataset (datasets/horton2012) solved the same way;
//   * b4gic.m: PowerWorld v23 bus / neutral voltages and Ieff (pw_csv/verification/Bus4_GIC_*.csv);
//   * epricase_aug2022_v22_fix.m (model B) and activsg200.m: every numeric assertion of the upstream
//     tests (expected/*.csv; PowerWorld results), keys = gmd_bus rows (gmd_vdc) and mpc.branch rows;
//   * autotransformer.m, b4gic_two_gens.m, b4gic_offbase.m (pmgmd_master_gmd_jl.csv) and the known
//     discrepancies of §7 (1 V/mile cases, the Qloss off-base bug, the sign of dcf).
// All solves use a uniform field towards azimuth 90° (east) and the straight-line NERC/Horton coupling,
// except autotransformer.m, whose lines have no geometry: there the case's br_v are the fixed EMFs.

#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/network/qloss.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/matpower_reader.hpp>

#include <catch2/catch.hpp>

#include "support/reference.hpp"
#include "test_paths.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace swx;
namespace fs = std::filesystem;

namespace {

const fs::path interop = swx::test::reference_dir / "interop";
const fs::path matpower_dir = interop / "pmgmd" / "test" / "data" / "matpower";
constexpr double km_per_mile = 1.609344;

// A CSV with quoted fields ("" inside quotes), header first.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    [[nodiscard]] std::size_t col(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) {
                return i;
            }
        }
        FAIL("no column " << name);
        return 0;
    }
};

Csv read_quoted_csv(const fs::path& path) {
    std::ifstream in(path);
    REQUIRE(in);
    Csv csv;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::vector<std::string> fields(1);
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quoted) {
                if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                    fields.back() += '"';
                    ++i;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    fields.back() += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.emplace_back();
            } else {
                fields.back() += c;
            }
        }
        if (first) {
            csv.header = fields;
            first = false;
        } else {
            csv.rows.push_back(fields);
        }
    }
    return csv;
}

struct Solved {
    io::MatpowerCase mc;
    ProblemSink problems;
    GicResult result;
};

// Solves a read case at `e_v_per_km` towards the east from geometry, or from the case's br_v
// (`fixed_emfs`). `min_line_km` > 0 zeroes the EMF of shorter lines, PMGMD's and PowerWorld's rule
// (README §7.12: PMGMD's min_line_length = 1 km; activsg200.m's 0.26 km line 110-101 has br_v 0).
void solve_read(Solved& s, double e_v_per_km, bool fixed_emfs = false, double min_line_km = 0.0) {
    const Network& n = s.mc.grid.network;
    const GicSolver solver(n, s.problems);
    std::vector<double> emf(n.lines.size(), 0.0);
    const auto d = line_displacements(n, DistanceMethod::nerc);
    const UniformField field = field_from_azimuth(e_v_per_km, 90.0);
    for (std::size_t l = 0; l < n.lines.size(); ++l) {
        if (fixed_emfs) {
            emf[l] = std::isfinite(s.mc.line_br_v[l]) ? s.mc.line_br_v[l] : 0.0;
        } else if (std::hypot(d[l].north_km, d[l].east_km) >= min_line_km) {
            emf[l] = emf_v(d[l], field);
        }
    }
    s.result = solver.solve(emf);
    REQUIRE(s.result.bus_voltage_v.size() == n.buses.size());
    REQUIRE(s.result.neutral_voltage_v.size() == n.substations.size());
}

void solve(Solved& s, const fs::path& path, double e_v_per_km, bool fixed_emfs = false, double min_line_km = 0.0) {
    s.mc = io::read_matpower_case(path.string(), s.problems);
    solve_read(s, e_v_per_km, fixed_emfs, min_line_km);
}

// A bus with no DC branch at all (the delta side of a GSU).
bool floating_bus(const Network& n, std::size_t b) {
    for (const auto& l : n.lines) {
        if (!l.dc_blocked && (l.from_bus == b || l.to_bus == b)) {
            return false;
        }
    }
    for (const auto& t : n.transformers) {
        if ((t.hv_bus == b && hv_winding_carries_dc(t.type)) || (t.lv_bus == b && lv_winding_carries_dc(t.type))) {
            if (!t.neutral_blocked || t.type == TransformerType::autotransformer) {
                return false;
            }
        }
        if (t.type == TransformerType::autotransformer && (t.hv_bus == b || t.lv_bus == b)) {
            return false;
        }
    }
    return true;
}

bool has_ties(const Solved& s) {
    for (const auto& p : s.problems.problems()) {
        if (p.code == "floating_bus_ties") {
            return true;
        }
    }
    return false;
}

// The neutral voltage PowerWorld gives a substation with no grounded neutral: its 25 kohm floating-bus
// ties (README §1.5; not modelled by the reader) join the substation node to each of its n buses, so the
// node sits at sum(V_bus/R_tie) / (g_gnd + n/R_tie), a few mV. Computed from our bus voltages.
double tie_neutral_v(const Solved& s, std::size_t sub) {
    constexpr double r_tie = 25000.0;
    const Network& n = s.mc.grid.network;
    double num = 0.0;
    double den = n.substations[sub].grounding_ohm ? 1.0 / *n.substations[sub].grounding_ohm : 0.0;
    for (std::size_t b = 0; b < n.buses.size(); ++b) {
        if (n.buses[b].substation == sub) {
            num += s.result.bus_voltage_v[b] / r_tie;
            den += 1.0 / r_tie;
        }
    }
    return den > 0.0 ? num / den : 0.0;
}

bool grounded(const Network& n, std::size_t sub) {
    for (const auto& t : n.transformers) {
        if (n.substation_of(t) == sub && !t.neutral_blocked && has_neutral_winding(t.type)) {
            return true;
        }
    }
    return false;
}

// gmd_vdc of a gmd_bus row (1-based): the bus voltage, or the substation's neutral voltage (0 for a
// substation node with no buses, which has no conductance but its g_gnd in PMGMD). In a PowerWorld
// export (with ties), an ungrounded substation's node and its floating buses get tie_neutral_v.
double gmd_vdc(const Solved& s, std::size_t row) {
    REQUIRE(row >= 1);
    REQUIRE(row <= s.mc.gmd_nodes.size());
    const auto node = s.mc.gmd_nodes[row - 1];
    const Network& n = s.mc.grid.network;
    const bool ties = has_ties(s);
    switch (node.kind) {
        case io::MatpowerCase::NodeKind::bus: {
            const std::size_t sub = n.buses[node.index].substation;
            const double v = s.result.bus_voltage_v[node.index];
            if (ties && !grounded(n, sub) && v == s.result.neutral_voltage_v[sub]) {
                return tie_neutral_v(s, sub);  // a floating bus in an ungrounded substation
            }
            return v;
        }
        case io::MatpowerCase::NodeKind::substation:
            return ties && !grounded(n, node.index) ? tie_neutral_v(s, node.index) : s.result.neutral_voltage_v[node.index];
        case io::MatpowerCase::NodeKind::none: return 0.0;
    }
    return 0.0;
}

bool is_line(const Solved& s, std::size_t row) {
    REQUIRE(row >= 1);
    REQUIRE(row <= s.mc.branch_line.size());
    return s.mc.branch_line[row - 1] != io::MatpowerCase::npos;
}

std::size_t transformer_of_branch(const Solved& s, std::size_t row) {
    REQUIRE(row >= 1);
    REQUIRE(row <= s.mc.branch_transformer.size());
    const std::size_t t = s.mc.branch_transformer[row - 1];
    REQUIRE(t != io::MatpowerCase::npos);
    return t;
}

// Qloss on PowerWorld's linear path (README §1.4), the model's qloss_mvar: Q = K·V_pu·sqrt(3/2)·kV_H·Ieff/1000
// Mvar with V_pu the case Vm of the branch's from bus (PowerWorld's rule; PMGMD takes the larger of the two,
// which the suites' `alt_expected` carries), K = branch_gmd gmd_k. Every case here gives gmd_k for every unit.
double qloss(const Network& n, const Transformer& t, double ieff_a) {
    REQUIRE(std::isfinite(t.k_factor));
    return qloss_mvar(n, t, ieff_a);
}

struct Tally {
    std::size_t count = 0;
    std::size_t failed = 0;
    std::size_t explained = 0;  ///< known upstream discrepancies, checked against their explanation
    double worst_abs = 0.0;
    double worst_rel = 0.0;
    void add(double got, double want, bool ok) {
        ++count;
        failed += ok ? 0 : 1;
        worst_abs = std::max(worst_abs, std::abs(got - want));
        if (std::abs(want) > 1e-3) {
            worst_rel = std::max(worst_rel, std::abs(got - want) / std::abs(want));
        }
    }
};

// Julia's isapprox(a, b; rtol) (and atol).
bool isapprox(double a, double b, const std::string& kind, double tol) {
    if (kind == "atol") {
        return std::abs(a - b) <= tol;
    }
    return std::abs(a - b) <= tol * std::max(std::abs(a), std::abs(b));
}

// Compares every assertion of `csv_name` whose case names `case_name` with our solution `s`. The
// Qloss rows are checked with the linear-path formula (qloss() above) against `expected` or `alt_expected`.
// `skip_field` rows are left out (and counted) when a caller handles them separately.
std::map<std::string, Tally> compare_asserts(const Solved& s, const std::string& csv_name, const std::string& case_name,
                                             const std::string& skip_field = "") {
    const Csv csv = read_quoted_csv(interop / "expected" / csv_name);
    std::map<std::string, Tally> tally;
    for (const auto& row : csv.rows) {
        if (row[csv.col("case")].find(case_name) == std::string::npos) {
            continue;
        }
        const std::string field = row[csv.col("field")];
        if (field == skip_field) {
            continue;
        }
        const std::size_t key = std::stoul(row[csv.col("key")]);
        const double want = std::stod(row[csv.col("expected")]);
        const std::string alt_text = row[csv.col("alt_expected")];
        const std::string kind = row[csv.col("tol_kind")];
        const double tol = std::stod(row[csv.col("tol")]);
        double got = 0.0;
        if (field == "gmd_vdc") {
            got = gmd_vdc(s, key);
        } else if ((field == "ieff" || field == "qloss") && is_line(s, key)) {
            got = 0.0;  // PMGMD reports ieff = qloss = 0 for lines
        } else if (field == "ieff") {
            got = s.result.ieff_a[transformer_of_branch(s, key)];
        } else if (field == "qloss") {
            const std::size_t t = transformer_of_branch(s, key);
            got = qloss(s.mc.grid.network, s.mc.grid.network.transformers[t], s.result.ieff_a[t]);
        } else {
            continue;
        }
        bool ok = isapprox(got, want, kind, tol);
        if (!ok && !alt_text.empty()) {
            ok = isapprox(got, std::stod(alt_text), kind, tol);
        }
        const std::string testset = row[csv.col("testset")];
        if (!ok && row[csv.col("check_ok")] != "yes") {
            // README §5: the optimiser-path Qloss asserts use the AC-solved voltage (and, off base, the bug
            // of §7.4), so no linear DC solve meets them; the README's independent linear re-check does.
            INFO(testset << " " << field << " key " << key << ": " << got << " vs re-check " << row[csv.col("check_value")]);
            CHECK(testset.find("opt solve") != std::string::npos);
            CHECK(isapprox(got, std::stod(row[csv.col("check_value")]), "rtol", 1e-3));
            ++tally[field].explained;
            continue;
        }
        if (!ok && field == "gmd_vdc" && want == 0.0 && !has_ties(s) &&
            s.mc.gmd_nodes[key - 1].kind == io::MatpowerCase::NodeKind::bus &&
            floating_bus(s.mc.grid.network, s.mc.gmd_nodes[key - 1].index)) {
            // README §1.5: a hand-written case has no ties, so PMGMD solves a floating (delta-side) node at
            // 0 V; we report it at its substation's neutral voltage, as PowerWorld does.
            const std::size_t b = s.mc.gmd_nodes[key - 1].index;
            CHECK(got == s.result.neutral_voltage_v[s.mc.grid.network.buses[b].substation]);
            ++tally[field].explained;
            continue;
        }
        INFO(csv_name << " " << case_name << " " << field << " key " << key << " (" << row[csv.col("phys_id")] << "): got " << got
                      << ", expected " << want << (alt_text.empty() ? "" : " or " + alt_text) << " (" << kind << " " << tol << ")");
        CHECK(ok);
        tally[field].add(got, want, ok);
    }
    for (const auto& [field, t] : tally) {
        WARN(case_name << " " << field << ": " << t.count << " assertions met, " << t.failed << " failed, largest difference "
                       << t.worst_abs << " (" << 100.0 * t.worst_rel << " % relative); " << t.explained
                       << " known discrepancies reproduced as explained");
    }
    return tally;
}

}  // namespace

TEST_CASE("epri21.m (model A) reproduces Horton 2012 Table VII and the project's Horton dataset", "[validation][matpower]") {
    const fs::path path = matpower_dir / "epri21.m";
    const fs::path table7_path = swx::test::reference_dir / "horton2012" / "table7_substation_ground_gic.csv";
    if (!swx::test::require_reference(path) || !swx::test::require_reference(table7_path)) {
        return;
    }
    ProblemSink problems;
    const io::MatpowerCase mc = io::read_matpower_case(path.string(), problems);
    auto solve_east = [](const Network& n) {
        ProblemSink p;
        const GicSolver solver(n, p);
        return run_uniform_gic(n, line_displacements(n, DistanceMethod::nerc), solver, 1.0, 90.0, false).result;
    };
    // epri21.m gives its four autotransformers series 0.06 ohm / common 0.04 ohm per phase (br_r 0.02 /
    // 0.01333 lumped); Horton's transformer table has series (W1) 0.04, common (W2) 0.06 ohm
    // (../horton2012/transformers.csv). Solved as written, and corrected: those two values exchanged.
    Network corrected = mc.grid.network;
    std::size_t autos = 0;
    for (auto& t : corrected.transformers) {
        if (t.type == TransformerType::autotransformer) {
            REQUIRE(t.r_hv_ohm == Approx(0.06));
            REQUIRE(t.r_lv_ohm == Approx(0.04));
            std::swap(t.r_hv_ohm, t.r_lv_ohm);
            ++autos;
        }
    }
    CHECK(autos == 4);

    // The project's Horton dataset, solved with the same coupling.
    ProblemSink hp;
    const io::GridDataset horton = io::read_grid((swx::test::datasets_dir / "horton2012").string(), hp);
    const GicResult h = solve_east(horton.network);

    // epri21.m's line resistances are 3·br_r from PowerWorld's per-unit values: they differ from the
    // paper's ohms by up to 0.6 % (15-4: 1.975 against 1.986 ohm per phase). The corrected network also
    // takes the paper's line resistances (by bus pair; 21-11 has no counterpart: the paper's line 5-11 is
    // the series-compensated one, and 5-21 blocks DC in both), so that only the reader's mapping
    // (topology, substations, coordinates, windings) remains to compare.
    std::map<std::pair<std::string, std::string>, double> paper_r;
    for (const auto& l : horton.network.lines) {
        auto a = horton.network.buses[l.from_bus].id;
        auto b = horton.network.buses[l.to_bus].id;
        paper_r[{std::min(a, b), std::max(a, b)}] = l.r_ohm;
    }
    double largest_r_change = 0.0;
    for (auto& l : corrected.lines) {
        auto a = corrected.buses[l.from_bus].id;
        auto b = corrected.buses[l.to_bus].id;
        const auto it = paper_r.find({std::min(a, b), std::max(a, b)});
        if (it != paper_r.end() && !l.dc_blocked) {
            largest_r_change = std::max(largest_r_change, std::abs(l.r_ohm - it->second) / it->second);
            l.r_ohm = it->second;
        }
    }
    CHECK(largest_r_change < 0.01);
    const GicResult as_written = solve_east(mc.grid.network);
    const GicResult fixed = solve_east(corrected);

    const Network& n = mc.grid.network;
    const Csv table7 = read_quoted_csv(table7_path);
    double worst_written = 0.0;
    double worst_fixed = 0.0;
    double worst_dataset = 0.0;
    std::size_t count = 0;
    for (const auto& row : table7.rows) {
        const std::string id = row[table7.col("substation_id")];
        const double east = std::stod(row[table7.col("east_1_v_per_km_a")]);
        double written = 0.0;  // a substation left out (no buses) carries no ground GIC
        double ours = 0.0;
        for (std::size_t k = 0; k < n.substations.size(); ++k) {
            if (n.substations[k].id == id) {
                written = as_written.ground_gic_a[k];
                ours = fixed.ground_gic_a[k];
            }
        }
        double dataset = 0.0;
        for (std::size_t k = 0; k < horton.network.substations.size(); ++k) {
            if (horton.network.substations[k].id == id) {
                dataset = h.ground_gic_a[k];
            }
        }
        INFO("substation " << id << ": epri21.m " << written << " A (resistances corrected " << ours << " A), Table VII " << east
                           << " A, Horton dataset " << dataset << " A");
        CHECK(std::abs(written - east) <= 0.5);   // as written: the auto resistances differ from the paper
        CHECK(std::abs(ours - east) <= 0.05);     // Table VII prints 0.01 A
        CHECK(std::abs(ours - dataset) <= 0.02);  // same data, same coupling
        worst_written = std::max(worst_written, std::abs(written - east));
        worst_fixed = std::max(worst_fixed, std::abs(ours - east));
        worst_dataset = std::max(worst_dataset, std::abs(ours - dataset));
        ++count;
    }
    CHECK(count == 8);
    WARN("epri21.m substation ground GIC (1 V/km east), " << count << " substations: as written " << worst_written
                                                          << " A from Table VII; resistances corrected " << worst_fixed
                                                          << " A from Table VII, " << worst_dataset << " A from datasets/horton2012");

    // Transformer Ieff against the Horton dataset's solution: units matched by their buses and kind, in order.
    using Key = std::tuple<std::string, std::string, bool>;
    std::map<Key, std::vector<double>> dataset_ieff;
    for (std::size_t t = 0; t < horton.network.transformers.size(); ++t) {
        const auto& tr = horton.network.transformers[t];
        auto a = horton.network.buses[tr.hv_bus].id;
        auto b = horton.network.buses[tr.lv_bus].id;
        dataset_ieff[{std::min(a, b), std::max(a, b), tr.type == TransformerType::autotransformer}].push_back(h.ieff_a[t]);
    }
    double worst_ieff = 0.0;
    double worst_ieff_written = 0.0;
    std::size_t matched = 0;
    std::map<Key, std::size_t> used;
    for (std::size_t t = 0; t < n.transformers.size(); ++t) {
        const auto& tr = n.transformers[t];
        auto a = n.buses[tr.hv_bus].id;
        auto b = n.buses[tr.lv_bus].id;
        const Key key{std::min(a, b), std::max(a, b), tr.type == TransformerType::autotransformer};
        const auto& list = dataset_ieff[key];
        const std::size_t k = used[key]++;
        INFO("transformer " << tr.id);
        REQUIRE(k < list.size());
        CHECK(std::abs(fixed.ieff_a[t] - list[k]) <= 0.02);
        worst_ieff = std::max(worst_ieff, std::abs(fixed.ieff_a[t] - list[k]));
        worst_ieff_written = std::max(worst_ieff_written, std::abs(as_written.ieff_a[t] - list[k]));
        ++matched;
    }
    CHECK(matched == 15);
    WARN("epri21.m transformer Ieff vs datasets/horton2012, " << matched << " units: resistances corrected " << worst_ieff
                                                               << " A, as written " << worst_ieff_written << " A");
}

TEST_CASE("b4gic.m against PowerWorld v23: bus and neutral voltages within 0.01 V, Ieff within 0.01 A", "[validation][matpower]") {
    const fs::path path = matpower_dir / "b4gic.m";
    const fs::path pw = interop / "pmgmd" / "test" / "data" / "pw_csv" / "verification";
    if (!swx::test::require_reference(path) || !swx::test::require_reference(pw / "Bus4_GIC_Bus.csv")) {
        return;
    }
    Solved s;
    solve(s, path, 1.0);
    const Network& n = s.mc.grid.network;
    // Bus voltages (the delta buses 3, 4 float: PowerWorld and our solver report their substation's neutral
    // voltage, PMGMD's hand-written-case solve would give 0 V there: README §1.5).
    const Csv bus = read_quoted_csv(pw / "Bus4_GIC_Bus.csv");  // first line "Bus", then the header
    double worst_v = 0.0;
    std::size_t nv = 0;
    for (const auto& row : bus.rows) {
        if (row.size() < 2 || row[0] == "Number") {
            continue;
        }
        for (std::size_t b = 0; b < n.buses.size(); ++b) {
            if (n.buses[b].id == row[0]) {
                INFO("bus " << row[0]);
                CHECK_THAT(s.result.bus_voltage_v[b], Catch::Matchers::WithinAbs(std::stod(row[1]), 0.01));
                worst_v = std::max(worst_v, std::abs(s.result.bus_voltage_v[b] - std::stod(row[1])));
                ++nv;
            }
        }
    }
    CHECK(nv == 4);
    const Csv sub = read_quoted_csv(pw / "Bus4_GIC_Substation.csv");
    std::size_t ns = 0;
    for (const auto& row : sub.rows) {
        if (row.size() < 2 || row[0] == "Number") {
            continue;
        }
        for (std::size_t k = 0; k < n.substations.size(); ++k) {
            if (n.substations[k].id == row[0]) {
                INFO("substation " << row[0]);
                CHECK_THAT(s.result.neutral_voltage_v[k], Catch::Matchers::WithinAbs(std::stod(row[1]), 0.01));
                worst_v = std::max(worst_v, std::abs(s.result.neutral_voltage_v[k] - std::stod(row[1])));
                ++ns;
            }
        }
    }
    CHECK(ns == 2);
    const Csv xf = read_quoted_csv(pw / "Bus4_GIC_Transformer.csv");
    double worst_i = 0.0;
    std::size_t ni = 0;
    for (const auto& row : xf.rows) {
        if (row.size() < 5 || row[0] == "BusNum3W") {
            continue;
        }
        for (std::size_t t = 0; t < n.transformers.size(); ++t) {
            const auto& tr = n.transformers[t];
            if (n.buses[tr.hv_bus].id == row[0] && n.buses[tr.lv_bus].id == row[1]) {
                CHECK_THAT(s.result.ieff_a[t], Catch::Matchers::WithinAbs(std::stod(row[4]), 0.01));
                worst_i = std::max(worst_i, std::abs(s.result.ieff_a[t] - std::stod(row[4])));
                ++ni;
            }
        }
    }
    CHECK(ni == 2);
    WARN("b4gic.m vs PW v23: " << nv + ns << " voltages, largest difference " << worst_v << " V; " << ni << " Ieff, largest "
                               << worst_i << " A");
}

TEST_CASE("epricase_aug2022_v22_fix.m (model B): every upstream assertion", "[validation][matpower]") {
    const fs::path path = matpower_dir / "epricase_aug2022_v22_fix.m";
    if (!swx::test::require_reference(path)) {
        return;
    }
    Solved s;
    solve(s, path, 1.0);
    const auto t = compare_asserts(s, "pmgmd_master_epricase_aug2022_v22_fix_jl.csv", "epricase_aug2022_v22_fix.m");
    CHECK(t.at("gmd_vdc").count == 27);
    CHECK(t.at("ieff").count == 31);
    CHECK(t.at("qloss").count == 31);
    // gmd.jl asserts the same case at rtol 1e-3.
    compare_asserts(s, "pmgmd_master_gmd_jl.csv", "epricase_aug2022_v22_fix.m");
}

TEST_CASE("activsg200.m: all 803 PowerModelsGMDLib assertions", "[validation][matpower]") {
    const fs::path path = interop / "pmgmd" / "history" / "d058f886a3" / "test" / "data" / "matpower" / "activsg200.m";
    if (!swx::test::require_reference(path)) {
        return;
    }
    Solved s;
    solve(s, path, 1.0, false, 1.0);  // lines under 1 km carry no EMF, as in the PW export (README §7.12)
    const auto t = compare_asserts(s, "pmgmdlib_activsg200_verified_jl.csv", "activsg200");
    CHECK(t.at("gmd_vdc").count == 311);
    CHECK(t.at("ieff").count == 246);
    CHECK(t.at("qloss").count == 246);
}

TEST_CASE("autotransformer.m: fixed EMFs from the case's br_v (its coordinates are all 40N 40E)", "[validation][matpower]") {
    const fs::path path = matpower_dir / "autotransformer.m";
    if (!swx::test::require_reference(path)) {
        return;
    }
    Solved s;
    solve(s, path, 1.0, true);
    bool warned = false;
    for (const auto& p : s.problems.problems()) {
        warned = warned || p.code == "emf_not_from_geometry";
    }
    CHECK(warned);  // the reader says the field must be given as fixed EMFs
    // The Qloss asserts carry rtol 0.5 and "issue with vm for qloss" upstream; checked like the others.
    compare_asserts(s, "pmgmd_master_gmd_jl.csv", "autotransformer.m");
}

TEST_CASE("b4gic_two_gens.m and b4gic_offbase.m are 1 V/mile cases (README §7.3), the off-base Qloss bug (§7.4)",
          "[validation][matpower]") {
    const fs::path two = matpower_dir / "b4gic_two_gens.m";
    const fs::path off = matpower_dir / "b4gic_offbase.m";
    if (!swx::test::require_reference(two) || !swx::test::require_reference(off)) {
        return;
    }
    {
        // At 1 V/km the asserted 13.26 / 19.89 V and 22.099 A are missed by the factor 1.609: the tests
        // assume 1 V/mile, which the case's br_v (106.12 V on 170.79 km) confirms.
        Solved km;
        solve(km, two, 1.0);
        CHECK_THAT(gmd_vdc(km, 3), Catch::Matchers::WithinRel(-19.89 * km_per_mile, 1e-3));
        CHECK_THAT(km.mc.line_br_v[0], Catch::Matchers::WithinAbs(170.78859 / km_per_mile, 0.01));
    }
    Solved s;
    solve(s, two, 1.0 / km_per_mile);
    compare_asserts(s, "pmgmd_master_gmd_jl.csv", "b4gic_two_gens.m");
    compare_asserts(s, "pmgmdlib_b4gic_verified_jl.csv", "b4gic");

    // b4gic_offbase.m: the same network with T1's branch_gmd baseMVA 125 instead of 100. The DC results are
    // unchanged; Qloss = K·V_pu·sqrt(3/2)·kV_H·Ieff/1000 does not depend on the transformer's MVA base (it
    // cancels between K in per unit and I_base), so it stays 37.27 Mvar. PMGMD's linear path multiplies by
    // baseMVA_sys/S_xf = 100/125 once more and gets 29.87 = 0.8 × 37.34; its assert (37.26) only passes at
    // rtol 0.5. We reproduce the physically consistent value and show the factor.
    Solved o;
    solve(o, off, 1.0 / km_per_mile);
    compare_asserts(o, "pmgmd_master_gmd_jl.csv", "b4gic_offbase.m", "qloss");
    const std::size_t t1 = transformer_of_branch(o, 2);
    const double q = qloss(o.mc.grid.network, o.mc.grid.network.transformers[t1], o.result.ieff_a[t1]);
    // With V_pu = 1 (PowerWorld without a power flow) Q = 1.8·sqrt(3/2)·765·22.099/1000 = 37.27 Mvar; with
    // the case's Vm (max of buses 1 and 3: 1.0012) 37.34. PMGMD's 29.873 is 100/125 of the latter.
    // (The model takes V_pu at the from bus, as PowerWorld; PMGMD takes the larger of the two buses.)
    const Network& on = o.mc.grid.network;
    const Transformer& tr1 = on.transformers[t1];
    const double v_from = on.buses[tr1.qloss_v_at_lv ? tr1.lv_bus : tr1.hv_bus].vm_pu;
    const double v_max = std::max(on.buses[tr1.hv_bus].vm_pu, on.buses[tr1.lv_bus].vm_pu);
    const double q_1pu = q / v_from;
    CHECK_THAT(q_1pu, Catch::Matchers::WithinAbs(37.27, 0.01));
    CHECK_THAT(q_1pu * v_max * 100.0 / 125.0, Catch::Matchers::WithinAbs(29.873, 0.005));
    WARN("b4gic_offbase.m T1 Qloss: " << q << " Mvar with the from bus's Vm " << v_from << ", " << q_1pu
                                      << " Mvar at 1 pu; PMGMD's linear path (Vm " << v_max << ") gives "
                                      << q_1pu * v_max * 0.8 << " = x 100/125, its bug");

    // The sign of dcf (README §7.6): PMGMD stores dcf = -(f->t current), 3 phases lumped. gmd_mld.jl asserts
    // dcf = -106.6935 A on b4gic.m's line at 1 V/km: our line current (per phase, f->t) is +35.56 A.
    const fs::path b4 = matpower_dir / "b4gic.m";
    if (fs::exists(b4)) {
        Solved k;
        solve(k, b4, 1.0);
        const double dcf = -3.0 * k.result.line_gic_a[0];
        CHECK_THAT(dcf, Catch::Matchers::WithinAbs(-106.6935, 0.1));
    }
}

TEST_CASE("b6gic_nerc.m (NERC 6-bus example, 1 V/km east): the gmd_opf.jl DC asserts", "[validation][matpower]") {
    const fs::path path = matpower_dir / "b6gic_nerc.m";
    if (!swx::test::require_reference(path)) {
        return;
    }
    Solved s;
    solve(s, path, 1.0);
    // gmd_vdc(gmd_bus 5) = bus 2; gmd_idc(gmd_branch 3) = the auto's common winding, bus 3 -> substation 2,
    // 3 phases lumped (+f->t, the optimiser's sign). Both atol 0.1 upstream (inactive test file).
    CHECK_THAT(gmd_vdc(s, 5), Catch::Matchers::WithinAbs(-23.0222, 0.1));
    const std::size_t t = transformer_of_branch(s, 2);  // gmd_branch row 3's parent: mpc.branch row 2, the auto 4-3
    REQUIRE(s.mc.grid.network.transformers[t].type == TransformerType::autotransformer);
    CHECK_THAT(3.0 * s.result.i_lv_a[t], Catch::Matchers::WithinAbs(-13.5072, 0.1));
    WARN("b6gic_nerc.m: gmd_vdc(5) " << gmd_vdc(s, 5) << " V (-23.0222), common winding " << 3.0 * s.result.i_lv_a[t]
                                     << " A 3-phase (-13.5072)");
}
