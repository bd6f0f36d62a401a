// swxrisk-bench-mt: times E(t) through MT impedance tensors at 500 sites, 1 day at 1 min (run by
// scripts/bench-mt). With --export DIR it writes the sites, B(t) and E(t) for the numpy comparison
// (scripts/bench_mt_numpy.py).
#include <swx/core/earth/earth_model.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/tensor_efield.hpp>

#include "bench_support.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace {

using cplx = std::complex<double>;

using swx::bench::seconds_since;
using swx::bench::synthetic_b;
using swx::bench::synthetic_mt_sites;

}  // namespace

int main(int argc, char** argv) {
    std::string export_dir;
    std::size_t count = 500;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--export") == 0 && i + 1 < argc) {
            export_dir = argv[++i];
        } else if (std::strcmp(argv[i], "--sites") == 0 && i + 1 < argc) {
            count = static_cast<std::size_t>(std::stoul(argv[++i]));
        }
    }
    const std::size_t n = 1440;
    const double dt = 60.0;
    const std::vector<swx::MtSite> sites = synthetic_mt_sites(count);
    std::vector<double> bx;
    std::vector<double> by;
    synthetic_b(n, dt, bx, by);

    double best_total = 1e9;
    double best_build = 1e9;
    std::vector<swx::GeoelectricSeries> e(count);
    for (int rep = 0; rep < 5; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<swx::TensorConverter> converters;
        converters.reserve(count);
        for (const swx::MtSite& s : sites) {
            converters.emplace_back(swx::MtImpedance(s, nullptr), n, dt);
        }
        const double build = seconds_since(t0);
        for (std::size_t s = 0; s < count; ++s) {
            e[s] = converters[s].convert(bx, by);
        }
        best_total = std::min(best_total, seconds_since(t0));
        best_build = std::min(best_build, build);
    }
    double peak = 0.0;
    for (const auto& es : e) {
        peak = std::max(peak, swx::interior_peak_magnitude(es));
    }
    std::printf("MT tensor E(t), %zu sites x %zu samples at %.0f s (FFT length %zu), single thread: %.3f s "
                "including %.3f s building the converters (best of 5; target < 0.5 s); largest interior |E| %.3f V/km\n",
                count, n, dt, swx::default_fft_length(n), best_total, best_build, peak);

    if (!export_dir.empty()) {
        std::ofstream sites_out(export_dir + "/mt_sites.txt");
        sites_out.precision(17);
        sites_out << "# site period_s then Zxx Zxy Zyx Zyy as re im, (mV/km)/nT, e^{+iwt}, geographic axes\n";
        for (std::size_t s = 0; s < count; ++s) {
            for (std::size_t p = 0; p < sites[s].periods_s.size(); ++p) {
                sites_out << s << ' ' << sites[s].periods_s[p];
                for (const cplx& v : sites[s].z[p]) {
                    sites_out << ' ' << v.real() << ' ' << v.imag();
                }
                sites_out << '\n';
            }
        }
        std::ofstream b_out(export_dir + "/mt_b.txt");
        b_out.precision(17);
        b_out << "# dt_s " << dt << "\n";
        for (std::size_t i = 0; i < n; ++i) {
            b_out << bx[i] << ' ' << by[i] << '\n';
        }
        std::ofstream e_out(export_dir + "/mt_e.bin", std::ios::binary);  // site-major, ex then ey, float64
        for (const auto& es : e) {
            e_out.write(reinterpret_cast<const char*>(es.ex_v_per_km.data()), static_cast<std::streamsize>(n * sizeof(double)));
            e_out.write(reinterpret_cast<const char*>(es.ey_v_per_km.data()), static_cast<std::streamsize>(n * sizeof(double)));
        }
    }
    return 0;
}
