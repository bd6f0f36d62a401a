// swxrisk-bench-gic: times the GIC engine on a synthetic grid (run by scripts/bench-gic, one process
// per size so that peak memory is per size). Prints one line of figures.
#include <swx/core/gic/gic_study.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/core/emf/geodesic.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: swxrisk-bench-gic N_SUBSTATIONS [DIRECTIONS]\n");
        return 2;
    }
    swx::SyntheticGridOptions o;
    o.substations = std::strtoul(argv[1], nullptr, 10);
    const int directions = argc > 2 ? std::atoi(argv[2]) : 36;

    auto t0 = std::chrono::steady_clock::now();
    const swx::Network net = swx::make_synthetic_grid(o);
    const double generate_s = seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    const auto disp = swx::line_displacements(net, swx::DistanceMethod::geodesic);
    const double emf_s = seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    swx::validate_network(net, {});
    swx::ProblemSink problems;
    const swx::GicSolver solver(net, problems);
    const double build_s = seconds_since(t0);

    auto emfs = [&](double az) {
        const swx::UniformField e = swx::field_from_azimuth(1.0, az);
        std::vector<double> v(disp.size());
        for (std::size_t l = 0; l < v.size(); ++l) {
            v[l] = swx::emf_v(disp[l], e);
        }
        return v;
    };
    t0 = std::chrono::steady_clock::now();
    const swx::GicResult first = solver.solve(emfs(0.0));
    const double first_s = seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    double checksum = first.ground_gic_a.empty() ? 0.0 : first.ground_gic_a[0];
    for (int k = 1; k <= directions; ++k) {
        const swx::GicResult r = solver.solve(emfs(180.0 * k / directions));
        checksum += r.ieff_a[0];
    }
    const double per_direction_ms = 1e3 * seconds_since(t0) / directions;

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%9zu subs %9zu nodes %9zu lines | generate %7.3f s | line EMF (geodesic) %6.3f s | assemble %6.3f s"
                " | factor %6.3f s | first solve %7.2f ms | assemble+factor+solve %6.3f s | per further direction %7.2f ms"
                " | peak RSS %7.1f MiB | factor nnz %zu | (checksum %.3g)\n",
                net.substations.size(), solver.node_count(), net.lines.size(), generate_s, emf_s,
                solver.timings().assemble_s, solver.timings().factor_s, 1e3 * first_s, build_s + first_s, per_direction_ms,
                static_cast<double>(usage.ru_maxrss) / 1024.0, solver.nonzeros_in_factor(), checksum);
    return 0;
}
