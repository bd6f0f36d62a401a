#include <swx/core/network/grid_build.hpp>

#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/synthetic_grid.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <string>

using namespace swx;

namespace {

// One degree of latitude on the sphere of the mean earth radius (IUGG R1 = 6371.0088 km): 111.1951 km.
constexpr double km_per_deg_lat = 6371.0088 * 3.14159265358979323846 / 180.0;

MapVertex vertex(std::string id, double lon, double lat, MapVertexKind kind = MapVertexKind::substation) {
    MapVertex v;
    v.id = std::move(id);
    v.location = {lon, lat};
    v.kind = kind;
    return v;
}

MapLine line(std::string id, std::vector<GeoPoint> path, std::vector<double> kv, std::string from = {}, std::string to = {}) {
    MapLine l;
    l.id = std::move(id);
    l.path = std::move(path);
    l.kv = std::move(kv);
    l.from_vertex = std::move(from);
    l.to_vertex = std::move(to);
    return l;
}

std::size_t count_code(const ProblemSink& p, const std::string& code) {
    std::size_t n = 0;
    for (const auto& q : p.problems()) {
        n += q.code == code ? 1 : 0;
    }
    return n;
}

const Transformer* find_transformer(const Network& net, const std::string& id) {
    for (const auto& t : net.transformers) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

std::size_t substation_index(const Network& net, const std::string& id) {
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        if (net.substations[s].id == id) {
            return s;
        }
    }
    FAIL("no substation " << id);
    return 0;
}

}  // namespace

TEST_CASE("grid build: buses per level, transformers by rule, junctions ungrounded, every default marked", "[core][grid_build]") {
    PublicMapInput map;
    map.vertices = {vertex("A", -80.0, 35.0), vertex("P", -80.0, 36.0, MapVertexKind::plant),
                    vertex("J", -79.0, 35.0, MapVertexKind::junction), vertex("C", -78.0, 35.0)};
    // A: 500 and 345 kV (auto, ratio 1.45); P: 500 kV plant (GSU); C: 345 and 115 kV (ratio 3.0 -> auto);
    // J: a tap joining two 345 kV sections A-J-C.
    map.lines = {line("L1", {{-80.0, 35.0}, {-80.0, 36.0}}, {500.0}, "A", "P"),
                 line("L2", {{-80.0, 35.0}, {-79.0, 35.0}}, {345.0, 345.0}, "A", "J"),
                 line("L3", {{-79.0, 35.0}, {-78.0, 35.0}}, {345.0}, "J", "C"),
                 line("L4", {{-78.0, 35.0}, {-78.0, 34.5}}, {115.0}, "C", "")};  // end snaps? no vertex: junction
    ProblemSink problems;
    GridBuildReport report;
    const Network net = build_grid(map, {}, problems, &report);
    REQUIRE_NOTHROW(validate_network(net, {}));

    CHECK(report.circuits == 5);  // L2 is two circuits
    CHECK(net.lines.size() == 5);
    CHECK(report.unsnapped_ends == 1);
    CHECK(count_code(problems, "unsnapped_end") == 1);
    CHECK(report.junctions_added == 1);

    // Substation A: buses 500 and 345, one autotransformer.
    const Transformer* a = find_transformer(net, "A-T500/345");
    REQUIRE(a != nullptr);
    CHECK(a->type == TransformerType::autotransformer);
    CHECK(net.buses[a->hv_bus].kv == 500.0);
    CHECK(net.buses[a->lv_bus].kv == 345.0);
    CHECK(a->assumed == "type,r_hv_ohm,r_lv_ohm");
    // C: 345/115 kV, ratio 3 <= 4: autotransformer too.
    const Transformer* c = find_transformer(net, "C-T345/115");
    REQUIRE(c != nullptr);
    CHECK(c->type == TransformerType::autotransformer);
    // P: a GSU to an assumed 22 kV generator bus.
    const Transformer* g = find_transformer(net, "P-GSU");
    REQUIRE(g != nullptr);
    CHECK(g->type == TransformerType::gsu);
    CHECK(net.buses[g->lv_bus].kv == 22.0);
    CHECK(net.buses[g->lv_bus].assumed == "kv");
    // The tap J and the added junction: no transformer, no grounding resistance, nothing assumed but the
    // added junction's location.
    for (const auto& t : net.transformers) {
        CHECK(net.substations[net.substation_of(t)].id != "J");
    }
    const auto& j = net.substations[substation_index(net, "J")];
    CHECK_FALSE(j.grounding_ohm.has_value());
    CHECK(j.assumed.empty());
    const auto& added = net.substations[substation_index(net, "JL4-to")];
    CHECK_FALSE(added.grounding_ohm.has_value());
    CHECK(added.assumed == "location");
    // Grounding by bus count: A has 2 buses with 500 kV: PowerWorld's 0.1767 ohm; P 2 buses (500, 22) 0.1767.
    CHECK(net.substations[substation_index(net, "A")].grounding_ohm.value() == Approx(0.1767).margin(1e-9));
    CHECK(net.substations[substation_index(net, "A")].assumed == "grounding_ohm");
    // Lines: R = length × typical ohm/km; L1 runs 1° of latitude.
    for (const auto& l : net.lines) {
        CHECK(l.assumed == "r_ohm");
        if (l.id == "L1") {
            CHECK(l.r_ohm == Approx(km_per_deg_lat * 0.0185).epsilon(1e-9));
        }
    }
    const auto counts = assumed_counts(net);
    std::map<std::string, std::size_t> m(counts.begin(), counts.end());
    CHECK(m["lines.r_ohm"] == 5);
    CHECK(m["transformers.type"] == net.transformers.size());
    CHECK(m["buses.kv"] == 1);  // the generator bus
}

TEST_CASE("grid build: a junction carries no ground current (series lines, analytic loop current)", "[core][grid_build]") {
    // A and B single-level 345 kV substations (each an assumed grounded-wye step-down), joined through
    // a tap J. Per phase the loop is R_L1 + R_L2 + (R_w + 3 R_g) at each end; I = (EMF1 + EMF2) / R.
    PublicMapInput map;
    map.vertices = {vertex("A", -80.0, 35.0), vertex("J", -80.0, 35.5, MapVertexKind::junction), vertex("B", -80.0, 36.0)};
    map.lines = {line("L1", {{-80.0, 35.0}, {-80.0, 35.5}}, {345.0}, "A", "J"),
                 line("L2", {{-80.0, 35.5}, {-80.0, 36.0}}, {345.0}, "J", "B")};
    ProblemSink problems;
    GridBuildOptions step_down;
    step_down.defaults.single_level_step_down = true;
    const Network net = build_grid(map, step_down, problems);
    REQUIRE_NOTHROW(validate_network(net, {}));
    REQUIRE(net.transformers.size() == 2);
    const GicSolver solver(net, problems);
    const std::vector<double> emf{40.0, 15.0};
    const GicResult r = solver.solve(emf);
    const double rg_ab = net.substations[substation_index(net, "A")].grounding_ohm.value();
    CHECK(rg_ab == Approx(0.1767));  // 2 buses (345 kV and the assumed LV bus), highest >= 345 kV
    const double rw = 0.1;  // 345 kV HV winding
    const double r_total = net.lines[0].r_ohm + net.lines[1].r_ohm + 2.0 * (rw + 3.0 * rg_ab);
    const double i = 55.0 / r_total;
    CHECK(r.line_gic_a[0] == Approx(i).epsilon(1e-9));
    CHECK(r.line_gic_a[1] == Approx(i).epsilon(1e-9));
    CHECK(r.ground_gic_a[substation_index(net, "J")] == 0.0);
    CHECK(std::abs(r.ground_gic_a[substation_index(net, "A")]) == Approx(3.0 * i).epsilon(1e-9));
}

TEST_CASE("grid build: ends snap within the tolerance, else share a new junction, voltages inferred", "[core][grid_build]") {
    PublicMapInput map;
    map.vertices = {vertex("A", 10.0, 50.0), vertex("B", 11.0, 50.0)};
    const double d = 1.0 / km_per_deg_lat;  // 1 km in latitude
    map.lines = {
        line("near", {{10.0, 50.0 + 1.5 * d}, {11.0, 50.0 - 0.5 * d}}, {230.0}),  // both ends within 2 km: A-B
        line("far1", {{10.0, 50.0 + 30 * d}, {10.0, 50.0 + 3 * d}}, {230.0}),      // start 30 km from all; end 3 km from A
        line("far2", {{10.0, 50.0 + 3.5 * d}, {11.0, 50.0}}, {}),                    // starts 0.5 km from far1's end: joins it
        line("odd", {{10.0, 50.0}, {10.0, 50.0 + 0.2 * d}}, {230.0}),                // both ends at A: a loop, left out
    };
    ProblemSink problems;
    GridBuildReport report;
    GridBuildOptions options;
    options.defaults.single_level_step_down = true;  // one-level substations: a ground path
    const Network net = build_grid(map, options, problems, &report);
    CHECK(report.ends_snapped == 6);        // near ×2, far2 ×2 (to far1's junction and to B), odd ×2
    CHECK(report.unsnapped_ends == 2);      // far1's two ends
    CHECK(report.dropped_loops == 1);
    CHECK(report.kv_inferred == 1);
    REQUIRE(net.lines.size() == 3);
    const auto& far2 = net.lines[2];
    CHECK(far2.id == "far2");
    CHECK(far2.kv == 230.0);
    CHECK(far2.assumed == "r_ohm,kv");
    CHECK(net.substations[net.buses[far2.from_bus].substation].id == "Jfar1-to");
    CHECK(net.substations[net.buses[net.lines[0].from_bus].substation].id == "A");
    CHECK(net.substations[net.buses[net.lines[0].to_bus].substation].id == "B");

    GridBuildOptions tight = options;
    tight.snap_km = 1.0;  // "near" starts 1.5 km from A: now a junction
    GridBuildReport r2;
    ProblemSink p2;
    (void)build_grid(map, tight, p2, &r2);
    CHECK(r2.unsnapped_ends == 3);
}

TEST_CASE("grid build: bad input names the line and field", "[core][grid_build]") {
    PublicMapInput map;
    map.vertices = {vertex("A", 10.0, 50.0), vertex("A", 11.0, 50.0)};
    ProblemSink problems;
    try {
        (void)build_grid(map, {}, problems);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        CHECK(e.context().feature == "A");
        CHECK(e.context().field == "id");
    }
    map.vertices.pop_back();
    map.lines = {line("L9", {{10.0, 50.0}}, {230.0})};
    try {
        (void)build_grid(map, {}, problems);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        CHECK(e.context().feature == "L9");
        CHECK(e.context().field == "geometry");
    }
}

TEST_CASE("grid build: range ends scale the assumed values only", "[core][grid_build]") {
    PublicMapInput map;
    map.vertices = {vertex("A", -80.0, 35.0), vertex("B", -80.0, 36.0)};
    map.lines = {line("L1", {{-80.0, 35.0}, {-80.0, 36.0}}, {345.0}, "A", "B")};
    ProblemSink problems;
    GridBuildOptions step_down;
    step_down.defaults.single_level_step_down = true;
    Network net = build_grid(map, step_down, problems);
    net.substations[1].assumed.clear();  // as if B's grounding were measured
    const GridDefaults d = GridDefaults::typical();
    const Network low = with_assumed_at(net, d, RangeEnd::low);
    const Network high = with_assumed_at(net, d, RangeEnd::high);
    CHECK(low.lines[0].r_ohm == Approx(net.lines[0].r_ohm / 1.5));
    CHECK(high.lines[0].r_ohm == Approx(net.lines[0].r_ohm * 1.5));
    CHECK(low.transformers[0].r_hv_ohm == Approx(0.05));
    CHECK(high.transformers[0].r_hv_ohm == Approx(0.2));
    CHECK(*low.substations[0].grounding_ohm == Approx(0.1767 / 2));
    CHECK(*high.substations[1].grounding_ohm == *net.substations[1].grounding_ohm);
}

TEST_CASE("grid build: public_map_of a synthetic grid rebuilds its lines and plants in linear time", "[core][grid_build]") {
    SyntheticGridOptions o;
    o.substations = 400;
    const Network full = make_synthetic_grid(o);
    const PublicMapInput map = public_map_of(full);
    CHECK(map.vertices.size() == full.substations.size());
    std::size_t plants = 0;
    for (const auto& v : map.vertices) {
        plants += v.kind == MapVertexKind::plant ? 1 : 0;
    }
    std::size_t gsu_subs = 0;
    {
        std::vector<char> mark(full.substations.size(), 0);
        for (const auto& t : full.transformers) {
            if (t.type == TransformerType::gsu && mark[full.substation_of(t)] == 0) {
                mark[full.substation_of(t)] = 1;
                ++gsu_subs;
            }
        }
    }
    CHECK(plants == gsu_subs);
    ProblemSink problems;
    GridBuildReport report;
    const Network approx = build_grid(map, {}, problems, &report);
    CHECK_NOTHROW(validate_network(approx, {}));
    CHECK(approx.lines.size() == full.lines.size());
    CHECK(report.ends_by_id == 2 * full.lines.size());
    CHECK(report.unsnapped_ends == 0);

    // Linear time: 4× the substations (about 4× the lines, every end found by the spatial index) in
    // well under the 16× a quadratic search would take. Best of three runs each (the machine is shared).
    auto snapped_map = [](std::size_t n) {
        SyntheticGridOptions so;
        so.substations = n;
        PublicMapInput m = public_map_of(make_synthetic_grid(so));
        for (auto& l : m.lines) {
            l.from_vertex.clear();
            l.to_vertex.clear();
        }
        return m;
    };
    auto best_time = [](const PublicMapInput& m) {
        double best = 1e9;
        for (int k = 0; k < 3; ++k) {
            ProblemSink p;
            const auto t0 = std::chrono::steady_clock::now();
            (void)build_grid(m, {}, p);
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        return best;
    };
    const double t_small = best_time(snapped_map(1600));
    const double t_big = best_time(snapped_map(6400));
    INFO("1600 substations " << t_small << " s, 6400 substations " << t_big << " s");
    CHECK(t_big / t_small < 10.0);
}

TEST_CASE("grid quality: Spearman by hand, a network against itself, and the public-map pipeline", "[core][grid_build]") {
    // Spearman: identical order 1, reversed -1; one swap of 5 ranks: 1 - 6·2/(5·24) = 0.9.
    CHECK(spearman({1, 2, 3, 4, 5}, {10, 20, 30, 40, 50}) == Approx(1.0));
    CHECK(spearman({1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}) == Approx(-1.0));
    CHECK(spearman({1, 2, 3, 4, 5}, {1, 2, 3, 5, 4}) == Approx(0.9));
    CHECK(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));

    SyntheticGridOptions o;
    o.substations = 200;
    const Network full = make_synthetic_grid(o);
    ProblemSink problems;
    const GicSolver solver(full, problems);
    std::vector<double> emf(full.lines.size());
    for (std::size_t i = 0; i < emf.size(); ++i) {
        const auto route = full.route(full.lines[i]);
        emf[i] = 111.0 * (route.back().lon_deg - route.front().lon_deg) * std::cos(route.front().lat_deg * 3.14159265358979323846 / 180.0);
    }
    const GicResult r = solver.solve(emf);
    const GridQuality self = compare_grids(full, r.ground_gic_a, r.ieff_a, full, r.ground_gic_a, r.ieff_a);
    CHECK(self.spearman_ground_gic == Approx(1.0));
    CHECK(self.ieff_median_rel_error == 0.0);
    CHECK(self.ieff_p90_rel_error == 0.0);
    CHECK(self.keys_missing == 0);
    CHECK(self.keys_extra == 0);
    CHECK(self.transformer_keys > 0);

    GridBuildOptions step_down;  // the synthetic grid has a step-down in every substation
    step_down.defaults.single_level_step_down = true;
    const Network approx = build_grid(public_map_of(full), step_down, problems);
    const GicSolver approx_solver(approx, problems);
    std::vector<double> approx_emf(approx.lines.size());
    for (std::size_t i = 0; i < approx_emf.size(); ++i) {
        approx_emf[i] = emf[i];  // public_map_of keeps the lines in order (one circuit each here)
    }
    const GicResult a = approx_solver.solve(approx_emf);
    const GridQuality q = compare_grids(full, r.ground_gic_a, r.ieff_a, approx, a.ground_gic_a, a.ieff_a);
    CHECK(q.substations_compared == self.substations_compared);
    CHECK(q.spearman_ground_gic > 0.3);  // the same lines and field: ground GIC ranks alike
    CHECK(q.spearman_ground_gic < 1.0);  // but not identically (assumed transformers and groundings)
    CHECK(std::isfinite(q.ieff_p90_rel_error));
}

TEST_CASE("grid build: a route drawn from its to-substation is turned to start at its from-substation", "[core][grid_build]") {
    PublicMapInput map;
    map.vertices = {vertex("A", -80.0, 35.0), vertex("B", -80.0, 36.0)};
    map.lines = {line("L1", {{-80.0, 36.0}, {-80.0, 35.5}, {-80.0, 35.0}}, {345.0}, "A", "B")};
    ProblemSink problems;
    GridBuildOptions options;
    options.defaults.single_level_step_down = true;
    const Network net = build_grid(map, options, problems);
    REQUIRE(net.lines.size() == 1);
    CHECK(net.lines[0].path.front().lat_deg == 35.0);  // A's end first: the EMF sign follows from_bus -> to_bus
    CHECK(net.lines[0].path.back().lat_deg == 36.0);
}

TEST_CASE("grid build: a map with one voltage level and no plant has no ground path unless step-downs are assumed", "[core][grid_build]") {
    PublicMapInput map;
    map.vertices = {vertex("A", -80.0, 35.0), vertex("B", -80.0, 36.0)};
    map.lines = {line("L1", {{-80.0, 35.0}, {-80.0, 36.0}}, {345.0}, "A", "B")};
    ProblemSink problems;
    try {
        (void)build_grid(map, {}, problems);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("single_level_step_down") != std::string::npos);
    }
    GridBuildOptions options;
    options.defaults.single_level_step_down = true;
    CHECK(build_grid(map, options, problems).transformers.size() == 2);
}
