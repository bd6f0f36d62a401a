// The GIC time series by superposition (2K unit-field solves, then R·E per block) against one solve per
// step, the exact path (gic_timeseries.hpp): every output series, every statistic, and the HDF5 file the
// writer makes from each (with and without compression). Tolerance: 1e-9 A (or V, Mvar) plus 1e-12
// relative on the double-precision results; the float32 datasets read back agree to float32 rounding.

#include <swx/core/emf/geodesic.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/io/gic_timeseries_writer.hpp>
#include <swx/io/grid_reader.hpp>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include "support/temp_dir.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

using namespace swx;

namespace {

constexpr double abs_tol = 1e-9;  // A, V or Mvar
constexpr double rel_tol = 1e-12;

/// Every block of a run, gathered into whole matrices (rows × steps).
struct Series {
    std::map<std::string, Eigen::MatrixXd> m;
    std::function<void(const GicBlock&)> sink(const Network& net, std::size_t steps) {
        const auto n = static_cast<Eigen::Index>(steps);
        const auto lines = static_cast<Eigen::Index>(net.lines.size());
        const auto trs = static_cast<Eigen::Index>(net.transformers.size());
        const auto subs = static_cast<Eigen::Index>(net.substations.size());
        for (const auto& [name, rows] : std::map<std::string, Eigen::Index>{
                 {"emf", lines}, {"ground", subs}, {"ieff", trs}, {"line_gic", lines}, {"hv", trs}, {"lv", trs}, {"qloss", trs}, {"system", 1}}) {
            m[name].setConstant(rows, n, std::nan(""));
        }
        return [this](const GicBlock& b) {
            const auto c0 = static_cast<Eigen::Index>(b.first_step);
            const auto put = [&](const char* name, const Eigen::MatrixXd* x) { m[name].middleCols(c0, x->cols()) = *x; };
            put("emf", b.line_emf_v);
            put("ground", b.ground_gic_a);
            put("ieff", b.ieff_a);
            put("line_gic", b.line_gic_a);
            put("hv", b.winding_h_a);
            put("lv", b.winding_x_a);
            put("qloss", b.qloss_mvar);
            put("system", b.system_qloss_mvar);
        };
    }
};

/// Largest |a − b| where it exceeds the tolerance scale, as a multiple of it (≤ 1 passes), and the largest |a − b|.
struct Diff {
    double worst_ratio = 0.0;
    double worst_abs = 0.0;
    void add(double a, double b) {
        const double d = std::abs(a - b);
        worst_abs = std::max(worst_abs, d);
        worst_ratio = std::max(worst_ratio, d / (abs_tol + rel_tol * std::abs(b)));
    }
    void add(const std::vector<double>& a, const std::vector<double>& b) {
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            add(a[i], b[i]);
        }
    }
};

/// Peak steps agree, or the two steps' values agree within the tolerance (a tie to rounding: a unit whose
/// effective GIC is zero to rounding, e.g. behind a blocked neutral, has its "peak" anywhere).
void compare_steps(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b, const Eigen::MatrixXd& series, bool absolute) {
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i]) {
            continue;
        }
        ++differ;
        const auto row = static_cast<Eigen::Index>(i);
        double va = series(row, static_cast<Eigen::Index>(a[i])), vb = series(row, static_cast<Eigen::Index>(b[i]));
        if (absolute) {
            va = std::abs(va);
            vb = std::abs(vb);
        }
        INFO("element " << i << ": steps " << a[i] << " and " << b[i]);
        CHECK(std::abs(va - vb) <= abs_tol + rel_tol * std::abs(vb));
    }
    CHECK(differ * 20 < a.size() + 20);  // ties are the exception
}

void compare_stats(const GicTimeSeriesStats& a, const GicTimeSeriesStats& b, const Series& exact, Diff& d) {
    d.add(a.ieff_peak_a, b.ieff_peak_a);
    d.add(a.time_above_threshold_s, b.time_above_threshold_s);
    d.add(a.ground_peak_abs_a, b.ground_peak_abs_a);
    d.add(a.line_emf_peak_abs_v, b.line_emf_peak_abs_v);
    d.add(a.line_gic_peak_abs_a, b.line_gic_peak_abs_a);
    d.add(a.qloss_peak_mvar, b.qloss_peak_mvar);
    d.add(a.qloss_integral_mvar_h, b.qloss_integral_mvar_h);
    d.add(a.system_qloss_peak_mvar, b.system_qloss_peak_mvar);
    compare_steps(a.ieff_peak_step, b.ieff_peak_step, exact.m.at("ieff"), false);
    compare_steps(a.ground_peak_step, b.ground_peak_step, exact.m.at("ground"), true);
    compare_steps({a.system_qloss_peak_step}, {b.system_qloss_peak_step}, exact.m.at("system"), false);
}

/// Runs both methods (with a sink, and statistics only) and compares everything. Returns the largest difference.
double check_equal(const Network& net, const std::vector<LineCoupling>& couplings, const FieldSources& fields, double threshold_a) {
    ProblemSink problems;
    const GicSolver solver(net, problems);
    const std::size_t steps = fields.steps();
    Series exact, fast;
    const auto s_exact = run_gic_timeseries(net, solver, couplings, fields, 60.0, threshold_a, exact.sink(net, steps), 8,
                                            GicSeriesMethod::per_step);
    const auto s_fast = run_gic_timeseries(net, solver, couplings, fields, 60.0, threshold_a, fast.sink(net, steps), 0,
                                           GicSeriesMethod::superposition);
    const auto s_fast_stats = run_gic_timeseries(net, solver, couplings, fields, 60.0, threshold_a, {}, 0, GicSeriesMethod::superposition);
    const auto s_auto_stats = run_gic_timeseries(net, solver, couplings, fields, 60.0, threshold_a);
    Diff d;
    for (const auto& [name, x] : exact.m) {
        INFO(name);
        REQUIRE(x.allFinite());
        REQUIRE(fast.m[name].allFinite());
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            for (Eigen::Index r = 0; r < x.rows(); ++r) {
                d.add(fast.m[name](r, c), x(r, c));
            }
        }
    }
    compare_stats(s_fast, s_exact, exact, d);
    compare_stats(s_fast_stats, s_exact, exact, d);
    compare_stats(s_auto_stats, s_exact, exact, d);
    // The statistics are exercised: something crosses the threshold, and the loss integral is not zero.
    double above = 0.0, integral = 0.0;
    for (std::size_t i = 0; i < s_exact.time_above_threshold_s.size(); ++i) {
        above += s_exact.time_above_threshold_s[i];
        integral += s_exact.qloss_integral_mvar_h[i];
    }
    CHECK(above > 0.0);
    CHECK(integral > 0.0);
    CHECK(d.worst_ratio <= 1.0);
    std::printf("superposition vs per-step: %zu transformers, %zu sources, %zu steps: largest difference %.3g (A, V or Mvar)\n",
                net.transformers.size(), fields.e_north_v_per_km.size(), steps, d.worst_abs);
    return d.worst_abs;
}

/// K sources with different smooth waveforms, `edge` steps of edge zone at each end.
FieldSources make_fields(std::size_t k, std::size_t steps, std::size_t edge, double scale) {
    FieldSources f;
    f.edge_steps = edge;
    f.e_north_v_per_km.assign(k, std::vector<double>(steps));
    f.e_east_v_per_km.assign(k, std::vector<double>(steps));
    for (std::size_t s = 0; s < k; ++s) {
        for (std::size_t t = 0; t < steps; ++t) {
            const double x = static_cast<double>(t);
            const double ks = static_cast<double>(s);
            f.e_north_v_per_km[s][t] = scale * std::sin(0.05 * x * (1.0 + 0.3 * ks) + ks) * std::exp(-0.001 * x);
            f.e_east_v_per_km[s][t] = scale * 0.7 * std::cos(0.031 * x * (1.0 + 0.2 * ks) - 0.5 * ks);
        }
    }
    return f;
}

std::vector<double> read_dataset(hid_t file, const std::string& name) {
    const hid_t ds = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
    REQUIRE(ds >= 0);
    const hid_t space = H5Dget_space(ds);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    std::vector<double> v(n);
    REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
    H5Sclose(space);
    H5Dclose(ds);
    return v;
}

const std::vector<std::string> series_datasets{"transformers/ieff_a",   "transformers/i_hv_a",   "transformers/i_lv_a",
                                               "transformers/qloss_mvar", "system/qloss_mvar",     "substations/ground_gic_a",
                                               "lines/emf_v",           "lines/gic_a",           "transformers/ieff_peak_a",
                                               "transformers/qloss_integral_mvar_h", "transformers/minutes_above_threshold",
                                               "substations/ground_gic_peak_abs_a", "lines/gic_peak_abs_a"};

std::map<std::string, std::vector<double>> write_and_read(const std::filesystem::path& path, const Network& net, const GicSolver& solver,
                                                          const std::vector<LineCoupling>& couplings, const FieldSources& fields,
                                                          GicSeriesMethod method, int deflate_level, std::size_t block_steps) {
    {
        io::GicTimeSeriesWriter writer(path, net, {0, 60.0, fields.steps()}, {"A", "B", "C"}, fields, {}, 20.0, deflate_level);
        const auto stats = run_gic_timeseries(net, solver, couplings, fields, 60.0, 20.0, [&](const GicBlock& b) { writer.write_block(b); },
                                              block_steps, method);
        writer.finish(stats);
    }
    const hid_t file = H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    std::map<std::string, std::vector<double>> out;
    for (const auto& name : series_datasets) {
        out[name] = read_dataset(file, name);
    }
    H5Fclose(file);
    return out;
}

}  // namespace

TEST_CASE("GIC time series: superposition equals per-step solves, synthetic grid, 3 sources", "[io][gic][superposition]") {
    SyntheticGridOptions o;
    o.substations = 400;
    o.fraction_blocked = 0.15;  // many blocked neutrals
    o.fraction_series_capacitor = 0.05;
    const Network net = make_synthetic_grid(o);
    std::size_t autos = 0, blocked = 0;
    for (const auto& t : net.transformers) {
        autos += t.type == TransformerType::autotransformer ? 1 : 0;
        blocked += t.neutral_blocked ? 1 : 0;
    }
    REQUIRE(autos > 10);
    REQUIRE(blocked > 10);
    // Each line split between two of the three sources (as a route crossing a region boundary).
    const auto disp = line_displacements(net, DistanceMethod::geodesic);
    std::vector<LineCoupling> couplings(net.lines.size());
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        const double f = 0.25 + 0.5 * static_cast<double>(l % 7) / 6.0;
        couplings[l].parts.push_back({l % 3, {f * disp[l].north_km, f * disp[l].east_km}});
        couplings[l].parts.push_back({(l + 1) % 3, {(1.0 - f) * disp[l].north_km, (1.0 - f) * disp[l].east_km}});
    }
    const FieldSources fields = make_fields(3, 333, 7, 2.0);
    CHECK(check_equal(net, couplings, fields, 20.0) <= abs_tol);

    SECTION("the automatic choice follows the operation counts") {
        ProblemSink problems;
        const GicSolver solver(net, problems);
        const auto plan = plan_gic_timeseries(net, solver, couplings, fields, true);
        CHECK(plan.method == GicSeriesMethod::superposition);
        CHECK(plan.superposition_flops < plan.per_step_flops);
        CHECK(plan.block_steps % gic_block_step_multiple == 0);
        // 2K ≥ steps: every step solved.
        const FieldSources many = make_fields(200, 300, 0, 1.0);
        std::vector<LineCoupling> spread(net.lines.size());
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            spread[l].parts.push_back({l % 200, disp[l]});
        }
        CHECK(plan_gic_timeseries(net, solver, spread, many, true).method == GicSeriesMethod::per_step);
        CHECK(plan_gic_timeseries(net, solver, spread, many, false).method == GicSeriesMethod::per_step);
    }

    SECTION("the HDF5 file: the same values by either method, with and without compression") {
        ProblemSink problems;
        const GicSolver solver(net, problems);
        test::TempDir tmp;
        // Blocks of 8 steps write parts of chunks (through H5Dwrite); automatic blocks whole chunks (H5Dwrite_chunk).
        const auto exact = write_and_read(tmp / "exact.h5", net, solver, couplings, fields, GicSeriesMethod::per_step, 0, 8);
        const auto fast = write_and_read(tmp / "fast.h5", net, solver, couplings, fields, GicSeriesMethod::superposition, 0, 0);
        const auto packed = write_and_read(tmp / "packed.h5", net, solver, couplings, fields, GicSeriesMethod::superposition, 6, 0);
        CHECK(std::filesystem::file_size(tmp / "packed.h5") < std::filesystem::file_size(tmp / "fast.h5"));
        double worst = 0.0;
        for (const auto& name : series_datasets) {
            INFO(name);
            const auto& a = fast.at(name);
            const auto& b = exact.at(name);
            REQUIRE(a.size() == b.size());
            CHECK(packed.at(name) == a);  // lossless: identical values
            for (std::size_t i = 0; i < a.size(); ++i) {
                // float32 datasets: one rounding of values equal to 1e-12 may land on either side (2^-23 relative)
                const double d = std::abs(a[i] - b[i]);
                worst = std::max(worst, d / (abs_tol + 1.2e-7 * std::abs(b[i])));
            }
        }
        CHECK(worst <= 1.0);
    }
    SECTION("the HDF5 file: whole chunks written in the background equal the same blocks written through H5Dwrite") {
        ProblemSink problems;
        const GicSolver solver(net, problems);
        test::TempDir tmp;
        // Automatic blocks (whole chunks): laid out by the caller, written by the writer thread while the next
        // block is computed (several blocks and eight datasets queued). Blocks of 8 steps: H5Dwrite, in turn.
        // The products do not depend on the block, so every series must read back bit for bit the same.
        const auto queued = write_and_read(tmp / "queued.h5", net, solver, couplings, fields, GicSeriesMethod::superposition, 0, 0);
        const auto plain = write_and_read(tmp / "plain.h5", net, solver, couplings, fields, GicSeriesMethod::superposition, 0, 8);
        REQUIRE(fields.steps() > 2 * gic_block_step_multiple);
        for (std::size_t k = 0; k < 8; ++k) {  // the element × time matrices
            INFO(series_datasets[k]);
            CHECK(queued.at(series_datasets[k]) == plain.at(series_datasets[k]));
        }
    }
}

TEST_CASE("GIC time series: superposition equals per-step solves, Horton 2012 grid, 2 regions", "[io][gic][superposition]") {
    ProblemSink problems;
    const io::GridDataset grid = io::read_grid((test::datasets_dir / "horton2012").string(), problems);
    const Network& net = grid.network;
    // Two earth regions split at 33.6°N (a line crossing it is cut at the boundary in proportion of latitude).
    const auto disp = line_displacements(net, DistanceMethod::geodesic);
    std::vector<LineCoupling> couplings(net.lines.size());
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        const auto route = net.route(net.lines[l]);
        const double lat0 = route.front().lat_deg, lat1 = route.back().lat_deg;
        double south = lat0 < 33.6 && lat1 < 33.6 ? 1.0 : (lat0 >= 33.6 && lat1 >= 33.6 ? 0.0 : (33.6 - std::min(lat0, lat1)) / std::abs(lat1 - lat0));
        couplings[l].parts.push_back({0, {south * disp[l].north_km, south * disp[l].east_km}});
        couplings[l].parts.push_back({1, {(1.0 - south) * disp[l].north_km, (1.0 - south) * disp[l].east_km}});
    }
    const FieldSources fields = make_fields(2, 700, 30, 5.0);
    CHECK(check_equal(net, couplings, fields, 50.0) <= abs_tol);
}
