// Surface impedance at the FFT bins: exact, or quintic Hermite interpolation between refined nodes.
//
// Design notes
// ------------
// Z(f) of a layered earth is smooth in f on any interval [a, b] with b/a close to 1: Z ~ sqrt(f) times a
// slowly varying factor (the apparent resistivity and phase change over decades, not within a few per
// cent of f). On each interval the quintic Hermite interpolant P(t), t = (f − a)/(b − a), matches Z, Z'
// and Z'' at both ends; its error is
//
//     Z(f) − P(t) = Z⁽⁶⁾(ξ)/720 · (b − a)⁶ · t³(1 − t)³,   ξ in (a, b),
//
// largest at t = 1/2, where t³(1 − t)³ = 1/64. Each interval is checked there against the exact Z and
// split until |Z − P| ≤ tolerance/S·|Z| with S = impedance_safety_factor = 16. The error anywhere else
// in the interval is then at most S·(that midpoint error) as long as |Z⁽⁶⁾| does not vary by more than a
// factor S across the interval (and |Z| by less than that), which holds once the interval is short
// against the scale on which Z changes — the regime the refinement drives it into; the initial grid has
// 8 nodes per factor e of frequency (b/a ≤ 1.13) for that reason. The claim is checked at every bin
// against the exact recursion for every bundled model and for extreme synthetic models
// (tests/unit/core/efield/test_impedance_spectrum.cpp).
//
// Cost: the nodes cost one jet recursion each (≈ 3× an impedance evaluation); a one-day, 1-s record
// (86,401 bins) needs some 150–400 nodes instead of 86,401 evaluations, and each bin costs one degree-5
// complex Horner step. The lowest bins (k < 64, where bins are sparser than nodes) are evaluated exactly.
#include <swx/core/efield/detail/impedance_spectrum.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace swx::detail {
namespace {

using cplx = std::complex<double>;
constexpr std::size_t first_interpolated_bin = 64;
constexpr double initial_nodes_per_efold = 8.0;
constexpr std::size_t max_nodes = 200000;

struct Node {
    double f;
    std::array<cplx, 3> jet;
};

/// Degree-5 polynomial in t on [a, b] matching value, first and second derivative at both ends.
struct Piece {
    double a = 0.0;
    double inv_width = 0.0;
    std::array<cplx, 6> c{};
};

Piece make_piece(const Node& lo, const Node& hi) {
    const double w = hi.f - lo.f;
    const cplx p0 = lo.jet[0], d0 = w * lo.jet[1], s0 = w * w * lo.jet[2];
    const cplx p1 = hi.jet[0], d1 = w * hi.jet[1], s1 = w * w * hi.jet[2];
    Piece p;
    p.a = lo.f;
    p.inv_width = 1.0 / w;
    p.c[0] = p0;
    p.c[1] = d0;
    p.c[2] = 0.5 * s0;
    const cplx A = p1 - p.c[0] - p.c[1] - p.c[2];
    const cplx B = d1 - p.c[1] - 2.0 * p.c[2];
    const cplx C = s1 - 2.0 * p.c[2];
    p.c[3] = 10.0 * A - 4.0 * B + 0.5 * C;
    p.c[4] = -15.0 * A + 7.0 * B - C;
    p.c[5] = 6.0 * A - 3.0 * B + 0.5 * C;
    return p;
}

cplx eval(const Piece& p, double f) {
    const double t = (f - p.a) * p.inv_width;
    double re = p.c[5].real();
    double im = p.c[5].imag();
    for (int j = 4; j >= 0; --j) {
        re = re * t + p.c[static_cast<std::size_t>(j)].real();
        im = im * t + p.c[static_cast<std::size_t>(j)].imag();
    }
    return {re, im};
}

}  // namespace

double impedance_tolerance(std::size_t fft_length) { return 1e-6 / std::sqrt(static_cast<double>(std::max<std::size_t>(fft_length, 1))); }

std::vector<cplx> exact_impedance_spectrum(const EarthModel& model, std::size_t bins, double df_hz) {
    std::vector<double> f(bins);
    for (std::size_t k = 0; k < bins; ++k) {
        f[k] = static_cast<double>(k) * df_hz;
    }
    return model.impedance_ohm(f);
}

std::vector<cplx> interpolated_impedance_spectrum(const EarthModel& model, std::size_t bins, double df_hz, double tolerance,
                                                  ImpedanceSpectrumStats* stats) {
    ImpedanceSpectrumStats local;
    local.tolerance = tolerance;
    if (bins <= 2 * first_interpolated_bin) {
        local.exact_bins = bins;
        if (stats != nullptr) {
            *stats = local;
        }
        return exact_impedance_spectrum(model, bins, df_hz);
    }
    std::vector<cplx> out(bins);
    // Lowest bins exactly.
    {
        std::vector<double> f(first_interpolated_bin);
        for (std::size_t k = 0; k < first_interpolated_bin; ++k) {
            f[k] = static_cast<double>(k) * df_hz;
        }
        const std::vector<cplx> z = model.impedance_ohm(f);
        std::copy(z.begin(), z.end(), out.begin());
        local.exact_bins += first_interpolated_bin;
    }
    const double f_lo = static_cast<double>(first_interpolated_bin) * df_hz;
    const double f_hi = static_cast<double>(bins - 1) * df_hz;
    const auto initial = static_cast<std::size_t>(std::ceil(std::log(f_hi / f_lo) * initial_nodes_per_efold));
    // Refinement: a stack of pending intervals (right end on top), accepted pieces appended in order.
    std::vector<Node> pending;
    for (std::size_t j = initial + 1; j-- > 0;) {
        const double f = j == initial ? f_hi : j == 0 ? f_lo : f_lo * std::exp(std::log(f_hi / f_lo) * static_cast<double>(j) / static_cast<double>(initial));
        pending.push_back({f, model.impedance_jet_ohm(f)});
    }
    local.nodes = pending.size();
    const double accept = tolerance / impedance_safety_factor;
    Node left = pending.back();
    pending.pop_back();
    std::vector<Piece> pieces;
    std::vector<std::pair<double, double>> exact_ranges;  // [a, b] evaluated bin by bin
    while (!pending.empty()) {
        const Node right = pending.back();
        if ((right.f - left.f) <= 4.0 * df_hz || local.nodes > max_nodes) {
            exact_ranges.emplace_back(left.f, right.f);
            pieces.push_back(Piece{left.f, -1.0, {}});  // marker: exact
            left = right;
            pending.pop_back();
            continue;
        }
        const Piece p = make_piece(left, right);
        const double fm = 0.5 * (left.f + right.f);
        const std::array<cplx, 3> zm = model.impedance_jet_ohm(fm);
        if (std::abs(eval(p, fm) - zm[0]) <= accept * std::abs(zm[0])) {
            pieces.push_back(p);
            left = right;
            pending.pop_back();
        } else {
            pending.push_back({fm, zm});
            ++local.nodes;
        }
    }
    // Bins: walk the pieces in order.
    std::size_t piece = 0;
    const double end_f = f_hi;
    for (std::size_t k = first_interpolated_bin; k < bins; ++k) {
        const double f = static_cast<double>(k) * df_hz;
        while (piece + 1 < pieces.size() && f >= pieces[piece + 1].a) {
            ++piece;
        }
        const Piece& p = pieces[piece];
        if (p.inv_width < 0.0 || f > end_f) {
            out[k] = model.impedance_ohm(f);
            ++local.exact_bins;
        } else {
            out[k] = eval(p, f);
        }
    }
    if (stats != nullptr) {
        *stats = local;
    }
    return out;
}

}  // namespace swx::detail
