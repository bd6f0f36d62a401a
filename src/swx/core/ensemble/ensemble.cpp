#include <swx/core/ensemble/ensemble.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/ensemble/random.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/grid_build.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <numbers>
#include <system_error>
#include <thread>

namespace swx {

double FactorDistribution::factor(double u) const noexcept {
    switch (kind) {
        case Kind::fixed:
            return 1.0;
        case Kind::lognormal:
            return std::exp(sigma_ln * inverse_normal_cdf(u));
        case Kind::uniform:
            return 1.0 + (2.0 * u - 1.0) * percent / 100.0;
    }
    return 1.0;
}

bool EnsembleSpec::grid_uncertain() const noexcept {
    return grounding.varies() || line_resistance.varies() || winding_resistance.varies() || line_outage_probability > 0.0 ||
           transformer_outage_probability > 0.0 || transformer_types.varies();
}

bool TransformerTypePriors::applies_to(const Transformer& t) const { return all || is_assumed(t.assumed, "type"); }

const TransformerTypePriors::Class& TransformerTypePriors::class_of(double hv_kv) const {
    std::size_t c = 0;
    for (std::size_t i = 1; i < classes.size(); ++i) {
        if (classes[i].kv_min <= hv_kv) {  // false for a NaN kV: the first class
            c = i;
        }
    }
    return classes[c];
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

void check_distribution(const FactorDistribution& d, const std::string& name) {
    if (d.kind == FactorDistribution::Kind::lognormal && !(d.sigma_ln >= 0.0 && d.sigma_ln <= 5.0)) {
        throw ConfigError("ensemble." + name + ": sigma_ln must be in [0, 5], got " + format_number(d.sigma_ln));
    }
    if (d.kind == FactorDistribution::Kind::uniform && !(d.percent >= 0.0 && d.percent < 100.0)) {
        throw ConfigError("ensemble." + name + ": percent must be in [0, 100), got " + format_number(d.percent));
    }
}

void check_transformer_types(const TransformerTypePriors& p) {
    const std::string key = "ensemble.transformer_types.class";
    for (std::size_t c = 0; c < p.classes.size(); ++c) {
        const auto& k = p.classes[c];
        const std::string which = key + " " + std::to_string(c + 1) + " (kv_min " + format_number(k.kv_min) + ")";
        if (!std::isfinite(k.kv_min) || (c == 0 && k.kv_min != 0.0) || (c > 0 && !(k.kv_min > p.classes[c - 1].kv_min))) {
            throw ConfigError(key + ": kv_min must increase from class to class and the first be 0 (it holds every lower or "
                                    "unknown voltage), got " + which);
        }
        if (k.types.empty() || k.weights.size() != k.types.size()) {
            throw ConfigError(which + ": one weight per type expected");
        }
        double total = 0.0;
        for (const double w : k.weights) {
            if (!(w >= 0.0) || !std::isfinite(w)) {
                throw ConfigError(which + ": the weights must be finite and ≥ 0");
            }
            total += w;
        }
        if (!(total > 0.0)) {
            throw ConfigError(which + ": the weights sum to 0");
        }
    }
}

/// The option drawn from weights for uniform deviate u (cumulative weights, first option whose
/// cumulative share exceeds u).
std::size_t weighted_choice(const std::vector<double>& weights, double u) {
    double total = 0.0;
    for (const double w : weights) {
        total += w;
    }
    double acc = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        acc += weights[i];
        if (weights[i] > 0.0 && u * total < acc) {
            return i;
        }
    }
    std::size_t last = weights.size() - 1;  // rounding at u -> 1: the last option that can be drawn
    while (last > 0 && !(weights[last] > 0.0)) {
        --last;
    }
    return last;
}

}  // namespace

BandWeights band_weights(double ratio, double reach) noexcept {
    if (reach > 1.0) {
        return {0.0, std::pow(ratio, reach - 1.0)};
    }
    // (1 − t)·E + t·ratio·E = ratio^reach·E.
    const double t = std::abs(ratio - 1.0) > 1e-12 ? (std::pow(ratio, reach) - 1.0) / (ratio - 1.0)
                                                  : reach;  // the limit as the band closes (the edge is the centre)
    return {1.0 - t, t};
}

namespace {

/// FNV-1a, 64 bits, over the bytes of values.
struct Fnv {
    std::uint64_t h = 14695981039346656037ULL;
    void bytes(const void* p, std::size_t n) {
        const auto* c = static_cast<const unsigned char*>(p);
        for (std::size_t i = 0; i < n; ++i) {
            h = (h ^ c[i]) * 1099511628211ULL;
        }
    }
    template <class T>
    void value(const T& v) {
        bytes(&v, sizeof v);
    }
    void text(const std::string& t) {
        value(t.size());
        bytes(t.data(), t.size());
    }
    void distribution(const FactorDistribution& d) {
        value(static_cast<int>(d.kind));
        value(d.sigma_ln);
        value(d.percent);
    }
};

}  // namespace

/// A factored grid realization and its unit responses: ieff_signed per transformer (of the nominal
/// network; 0 rows for outaged ones) for every source column.
struct Ensemble::Unit {
    Eigen::MatrixXd ieff;         ///< nominal transformers × columns
    std::vector<bool> outaged;    ///< per nominal transformer
};

Ensemble::Ensemble(EnsembleProblem problem, EnsembleSpec spec) : m_problem(std::move(problem)), m_spec(std::move(spec)) {
    if (m_problem.network == nullptr) {
        throw ConfigError("ensemble: no grid (an ensemble needs a grid)");
    }
    if (m_spec.members == 0 || m_spec.members >= (std::uint64_t{1} << 32U)) {
        throw ConfigError("ensemble.members must be in [1, 4294967295], got " + std::to_string(m_spec.members));
    }
    if (!(m_spec.threshold_a > 0.0) || !std::isfinite(m_spec.threshold_a)) {
        throw ConfigError("ensemble.threshold_a must be a positive number of amperes, got " + format_number(m_spec.threshold_a));
    }
    check_distribution(m_spec.storm, "storm");
    check_distribution(m_spec.earth_spread, "earth");
    check_distribution(m_spec.grounding, "grounding");
    check_distribution(m_spec.line_resistance, "line_resistance");
    check_distribution(m_spec.winding_resistance, "winding_resistance");
    check_transformer_types(m_spec.transformer_types);
    for (const auto& [p, name] : {std::pair{m_spec.line_outage_probability, "ensemble.outages.line_probability"},
                                  std::pair{m_spec.transformer_outage_probability, "ensemble.outages.transformer_probability"}}) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw ConfigError(std::string(name) + " must be in [0, 1), got " + format_number(p));
        }
    }
    if (m_spec.block_members == 0) {
        throw ConfigError("ensemble: block_members must be at least 1");
    }
    const bool band = m_spec.storm_band.enabled;
    if (band) {
        if (m_spec.storm.varies()) {
            throw ConfigError("ensemble.storm: a band draw and a storm factor exclude each other");
        }
        if (!(m_spec.storm_band.z_band >= 0.1 && m_spec.storm_band.z_band <= 5.0)) {
            throw ConfigError("ensemble.storm.band_z must be in [0.1, 5], got " + format_number(m_spec.storm_band.z_band));
        }
    }
    m_option_stride = band ? 6 : 2;
    if (m_spec.grid_uncertain()) {
        m_realizations = m_spec.grid_realizations == 0 ? m_spec.members : m_spec.grid_realizations;
        if (m_realizations > m_spec.members) {
            throw ConfigError("ensemble.grid_realizations (" + std::to_string(m_realizations) + ") must not exceed ensemble.members (" +
                              std::to_string(m_spec.members) + ")");
        }
    } else {
        m_realizations = 1;
    }
    const std::size_t lines = m_problem.network->lines.size();
    for (const auto& s : m_problem.sources) {
        if (s.options.empty() || s.weights.size() != s.options.size() || s.emf_north_v.size() != s.options.size() ||
            s.emf_east_v.size() != s.options.size()) {
            throw InputError("ensemble: earth model " + s.model + ": options, weights and EMFs do not match");
        }
        double total = 0.0;
        for (const double w : s.weights) {
            if (!(w >= 0.0) || !std::isfinite(w)) {
                throw ConfigError("ensemble.earth: the weights of " + s.model + " must be finite and ≥ 0");
            }
            total += w;
        }
        if (!(total > 0.0)) {
            throw ConfigError("ensemble.earth: the weights of " + s.model + " sum to 0");
        }
        for (std::size_t o = 0; o < s.options.size(); ++o) {
            if (s.emf_north_v[o].size() != lines || s.emf_east_v[o].size() != lines) {
                throw InputError("ensemble: earth model " + s.model + " option " + s.options[o] + ": one EMF per line expected");
            }
        }
        if (band) {
            const auto shaped = [&](const std::vector<std::vector<double>>& v) {
                if (v.size() != s.options.size()) {
                    return false;
                }
                for (const auto& x : v) {
                    if (x.size() != lines) {
                        return false;
                    }
                }
                return true;
            };
            if (!shaped(s.emf_north_lo_v) || !shaped(s.emf_east_lo_v) || !shaped(s.emf_north_hi_v) || !shaped(s.emf_east_hi_v)) {
                throw InputError("ensemble: earth model " + s.model + ": a storm band draw needs the band's EMFs for every option and line");
            }
            // The interpolation's ratios: the band's fields against the central one, Σ|EMF| over the lines.
            std::vector<double> lo_ratio, hi_ratio;
            for (std::size_t o = 0; o < s.options.size(); ++o) {
                double v = 0.0, lo = 0.0, hi = 0.0;
                for (std::size_t l = 0; l < lines; ++l) {
                    v += std::hypot(s.emf_north_v[o][l], s.emf_east_v[o][l]);
                    lo += std::hypot(s.emf_north_lo_v[o][l], s.emf_east_lo_v[o][l]);
                    hi += std::hypot(s.emf_north_hi_v[o][l], s.emf_east_hi_v[o][l]);
                }
                lo_ratio.push_back(v > 0.0 && std::isfinite(lo / v) ? lo / v : 1.0);
                hi_ratio.push_back(v > 0.0 && std::isfinite(hi / v) ? hi / v : 1.0);
                // lo ≤ central ≤ hi, to rounding, and a lower field that is a field.
                if (!(lo_ratio.back() > 0.0 && lo_ratio.back() <= 1.0 + 1e-9 && hi_ratio.back() >= 1.0 - 1e-9)) {
                    throw InputError("ensemble: earth model " + s.model + " option " + s.options[o] +
                                     ": the band's fields must bracket the central one with a lower field above 0 (lower/central " +
                                     format_number(lo_ratio.back()) + ", upper/central " + format_number(hi_ratio.back()) + ")");
                }
            }
            m_ratio_lo.push_back(std::move(lo_ratio));
            m_ratio_hi.push_back(std::move(hi_ratio));
        }
        m_option_column.push_back(m_columns);
        m_columns += m_option_stride * s.options.size();
    }
    std::sort(m_spec.checkpoints.begin(), m_spec.checkpoints.end());
    m_spec.checkpoints.erase(std::unique(m_spec.checkpoints.begin(), m_spec.checkpoints.end()), m_spec.checkpoints.end());
    Fnv f;
    f.value(m_spec.members);
    f.value(m_spec.seed);
    f.value(m_spec.threshold_a);
    f.value(static_cast<int>(m_spec.direction));
    f.value(m_spec.azimuth_deg);
    for (const auto* d : {&m_spec.storm, &m_spec.earth_spread, &m_spec.grounding, &m_spec.line_resistance, &m_spec.winding_resistance}) {
        f.distribution(*d);
    }
    f.value(m_spec.storm_band.enabled);
    f.value(m_spec.storm_band.z_band);
    f.value(m_spec.line_outage_probability);
    f.value(m_spec.transformer_outage_probability);
    f.value(m_spec.transformer_types.all);
    f.value(m_spec.transformer_types.classes.size());
    for (const auto& k : m_spec.transformer_types.classes) {
        f.value(k.kv_min);
        f.value(k.types.size());
        for (std::size_t i = 0; i < k.types.size(); ++i) {
            f.value(static_cast<int>(k.types[i]));
            f.value(k.weights[i]);
        }
    }
    f.value(m_realizations);
    f.value(m_spec.block_members);
    f.value(m_spec.keep_member_summaries);
    for (const auto c : m_spec.checkpoints) {
        f.value(c);
    }
    const Network& net = *m_problem.network;
    f.value(net.substations.size());
    f.value(net.transformers.size());
    f.value(net.lines.size());
    // The grid's data the realizations draw on: another grounding, resistance, voltage, type or
    // `assumed` list is another ensemble.
    for (const auto& sub : net.substations) {
        f.value(sub.grounding_ohm.value_or(-1.0));
    }
    for (const auto& bus : net.buses) {
        f.value(bus.substation);
        f.value(bus.kv);
    }
    for (const auto& t : net.transformers) {
        f.value(static_cast<int>(t.type));
        f.value(t.hv_bus);
        f.value(t.lv_bus);
        f.value(t.r_hv_ohm);
        f.value(t.r_lv_ohm);
        f.value(t.neutral_blocked);
        f.text(t.assumed);
    }
    for (const auto& line : net.lines) {
        f.value(line.from_bus);
        f.value(line.to_bus);
        f.value(line.r_ohm);
        f.value(line.dc_blocked);
    }
    for (const auto& src : m_problem.sources) {
        f.text(src.model);
        for (std::size_t o = 0; o < src.options.size(); ++o) {
            f.text(src.options[o]);
            f.value(src.weights[o]);
            f.bytes(src.emf_north_v[o].data(), src.emf_north_v[o].size() * sizeof(double));
            f.bytes(src.emf_east_v[o].data(), src.emf_east_v[o].size() * sizeof(double));
            if (band) {
                for (const auto* v : {&src.emf_north_lo_v[o], &src.emf_east_lo_v[o], &src.emf_north_hi_v[o], &src.emf_east_hi_v[o]}) {
                    f.bytes(v->data(), v->size() * sizeof(double));
                }
            }
        }
    }
    for (const auto& g : m_problem.supply_groups) {
        f.value(g.size());
        f.bytes(g.data(), g.size() * sizeof(std::size_t));
    }
    m_fingerprint = f.h;
}

void Ensemble::check_result(const EnsembleResult& r) const {
    const Network& net = *m_problem.network;
    if (r.fingerprint != m_fingerprint || r.transformers.elements() != net.transformers.size() ||
        r.substations.elements() != net.substations.size() || r.supply_groups.elements() != m_problem.supply_groups.size()) {
        throw Error("ensemble: a result of another ensemble (the scenario file or its inputs changed since it was computed); "
                    "compute it again");
    }
}

std::size_t Ensemble::block_count() const noexcept {
    if (m_spec.grid_uncertain()) {
        return static_cast<std::size_t>(m_realizations);
    }
    return static_cast<std::size_t>((m_spec.members + m_spec.block_members - 1) / m_spec.block_members);
}

std::pair<std::uint64_t, std::uint64_t> Ensemble::block_members(std::size_t block) const noexcept {
    if (m_spec.grid_uncertain()) {
        // Members spread as evenly as possible: realization g holds [g·N/G, (g+1)·N/G).
        const std::uint64_t n = m_spec.members;
        const std::uint64_t g = m_realizations;
        return {block * n / g, (block + 1) * n / g};
    }
    const std::uint64_t a = block * m_spec.block_members;
    return {a, std::min(m_spec.members, a + m_spec.block_members)};
}

Network Ensemble::realization(std::uint64_t g, std::vector<std::size_t>& kept) const {
    const Network& nominal = *m_problem.network;
    Network net = nominal;
    kept.clear();
    if (!m_spec.grid_uncertain()) {
        for (std::size_t t = 0; t < nominal.transformers.size(); ++t) {
            kept.push_back(t);
        }
        return net;
    }
    const std::uint64_t seed = m_spec.seed;
    if (m_spec.grounding.varies()) {
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            auto& sub = net.substations[s];
            const double base = sub.grounding_ohm.value_or(default_grounding_ohm);
            sub.grounding_ohm = base * m_spec.grounding.factor(uniform_open01(seed, g, RandomStream::grounding, static_cast<std::uint32_t>(s)));
        }
    }
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        auto& line = net.lines[l];
        if (m_spec.line_resistance.varies()) {
            line.r_ohm *= m_spec.line_resistance.factor(uniform_open01(seed, g, RandomStream::line_resistance, static_cast<std::uint32_t>(l)));
        }
        if (m_spec.line_outage_probability > 0.0 &&
            uniform_open01(seed, g, RandomStream::line_outage, static_cast<std::uint32_t>(l)) < m_spec.line_outage_probability) {
            line.dc_blocked = true;  // out of service: no DC path
        }
    }
    std::vector<Transformer> transformers;
    transformers.reserve(net.transformers.size());
    for (std::size_t t = 0; t < net.transformers.size(); ++t) {
        Transformer tr = net.transformers[t];
        if (m_spec.transformer_outage_probability > 0.0 &&
            uniform_open01(seed, g, RandomStream::transformer_outage, static_cast<std::uint32_t>(t)) < m_spec.transformer_outage_probability) {
            continue;
        }
        if (m_spec.transformer_types.varies() && m_spec.transformer_types.applies_to(tr)) {
            // Keyed by the nominal index: the same type whatever the outages; a winding the drawn type
            // needs and the grid leaves empty is filled from the other by the turns ratio.
            const auto& k = m_spec.transformer_types.class_of(nominal.buses[tr.hv_bus].kv);
            const double u = uniform_open01(seed, g, RandomStream::transformer_type, static_cast<std::uint32_t>(t));
            tr.type = k.types[weighted_choice(k.weights, u)];
            fill_winding_resistances(tr, nominal.buses[tr.hv_bus].kv, nominal.buses[tr.lv_bus].kv);
        }
        if (m_spec.winding_resistance.varies()) {
            const double f = m_spec.winding_resistance.factor(uniform_open01(seed, g, RandomStream::winding_resistance, static_cast<std::uint32_t>(t)));
            tr.r_hv_ohm *= f;
            tr.r_lv_ohm *= f;
        }
        transformers.push_back(std::move(tr));
        kept.push_back(t);
    }
    net.transformers = std::move(transformers);
    return net;
}

EnsembleResult Ensemble::empty_result() const {
    EnsembleResult r;
    const Network& net = *m_problem.network;
    r.transformers = ExceedanceStats(net.transformers.size(), m_spec.threshold_a, m_spec.checkpoints);
    r.substations = ExceedanceStats(net.substations.size(), m_spec.threshold_a, m_spec.checkpoints);
    r.supply_groups = ExceedanceStats(m_problem.supply_groups.size(), m_spec.threshold_a, m_spec.checkpoints);
    if (m_spec.keep_member_summaries) {
        r.member_max_ieff_a.assign(static_cast<std::size_t>(m_spec.members), std::numeric_limits<double>::quiet_NaN());
        r.member_exceed_count.assign(static_cast<std::size_t>(m_spec.members), 0U);
    }
    r.fingerprint = m_fingerprint;
    return r;
}

namespace {

/// Unit responses of one grid: solves for every source column.
void unit_responses(const Network& net, const std::vector<std::size_t>& kept, std::size_t nominal_transformers,
                    const std::vector<EnsembleSource>& sources, bool band, std::size_t columns, Eigen::MatrixXd& ieff,
                    std::vector<bool>& outaged) {
    ProblemSink quiet;  // the nominal study reports the grid's warnings once
    const GicSolver solver(net, quiet);
    Eigen::MatrixXd emf(static_cast<Eigen::Index>(net.lines.size()), static_cast<Eigen::Index>(columns));
    Eigen::Index c = 0;
    for (const auto& s : sources) {
        for (std::size_t o = 0; o < s.options.size(); ++o) {
            // The column order of Ensemble::m_option_stride: N, E, then with a band lo N, lo E, hi N, hi E.
            std::vector<const std::vector<double>*> cols{&s.emf_north_v[o], &s.emf_east_v[o]};
            if (band) {
                cols.insert(cols.end(), {&s.emf_north_lo_v[o], &s.emf_east_lo_v[o], &s.emf_north_hi_v[o], &s.emf_east_hi_v[o]});
            }
            for (const auto* col : cols) {
                for (std::size_t l = 0; l < net.lines.size(); ++l) {
                    emf(static_cast<Eigen::Index>(l), c) = (*col)[l];
                }
                ++c;
            }
        }
    }
    Eigen::MatrixXd kept_ieff;
    if (columns > 0) {
        solver.solve_many(emf, nullptr, &kept_ieff, nullptr);
    }
    ieff = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(nominal_transformers), static_cast<Eigen::Index>(columns));
    outaged.assign(nominal_transformers, true);
    for (std::size_t k = 0; k < kept.size(); ++k) {
        outaged[kept[k]] = false;
        if (columns > 0) {
            ieff.row(static_cast<Eigen::Index>(kept[k])) = kept_ieff.row(static_cast<Eigen::Index>(k));
        }
    }
}

}  // namespace

void Ensemble::run_block(std::size_t block, const Unit* shared, EnsembleResult& out) const {
    const Network& nominal = *m_problem.network;
    const auto [block_m0, block_m1] = block_members(block);
    if (block_m1 == block_m0) {
        return;
    }
    auto t0 = Clock::now();
    Unit own;
    const Unit* unit = shared;
    if (unit == nullptr) {
        std::vector<std::size_t> kept;
        const Network net = realization(block, kept);
        unit_responses(net, kept, nominal.transformers.size(), m_problem.sources, m_spec.storm_band.enabled, m_columns, own.ieff, own.outaged);
        unit = &own;
    }
    out.solve_seconds += seconds_since(t0);
    t0 = Clock::now();

    // The block's members in pieces of at most block_members (bounded memory), one cluster in all.
    const std::size_t ns = m_problem.sources.size();
    const std::size_t nt = nominal.transformers.size();
    const std::size_t nsub = nominal.substations.size();
    const std::size_t ng = m_problem.supply_groups.size();
    const std::size_t piece = static_cast<std::size_t>(std::min<std::uint64_t>(m_spec.block_members, block_m1 - block_m0));
    // Buffers kept by the thread from block to block: allocating tens of MB per block costs page faults
    // (and Dask workers trim freed memory at once, MALLOC_TRIM_THRESHOLD_).
    struct Buffers {
        std::vector<double> weight, cos_t, sin_t, tv, sv, gv;
        std::vector<std::size_t> column;
    };
    thread_local Buffers buffers;
    auto& weight = buffers.weight;  // references taken once: no thread-local look-up in the loops
    auto& column = buffers.column;
    auto& cos_t = buffers.cos_t;
    auto& sin_t = buffers.sin_t;
    auto& tv = buffers.tv;
    auto& sv = buffers.sv;
    auto& gv = buffers.gv;
    // Terms per member: a (weight, column pair) per source; with a storm band two, the central field's
    // and the band edge's.
    const bool band = m_spec.storm_band.enabled;
    const std::size_t terms = band ? 2 * ns : ns;
    weight.resize(piece * terms);
    column.resize(piece * terms);
    cos_t.resize(piece);
    sin_t.resize(piece);
    tv.resize(nt * piece);
    sv.resize(nsub * piece);
    gv.resize(ng * piece);
    const std::uint64_t seed = m_spec.seed;
    const bool worst = m_spec.direction == DirectionDraw::worst;
    for (std::uint64_t m0 = block_m0; m0 < block_m1; m0 += piece) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(piece, block_m1 - m0));
        // Member draws: a weight and a column pair per source, and the direction.
        for (std::size_t j = 0; j < n; ++j) {
            const std::uint64_t m = m0 + j;
            double az = m_spec.azimuth_deg;
            if (m_spec.direction == DirectionDraw::uniform) {
                az = 360.0 * uniform_open01(seed, m, RandomStream::direction, 0);
            }
            const double rad = az * std::numbers::pi / 180.0;
            cos_t[j] = std::cos(rad);
            sin_t[j] = std::sin(rad);
            const double s = m_spec.storm.varies() ? m_spec.storm.factor(uniform_open01(seed, m, RandomStream::storm, 0)) : 1.0;
            // With a band: |z| / z_band of the way (in log E) from the central field to the band's edge.
            const double z = band ? inverse_normal_cdf(uniform_open01(seed, m, RandomStream::storm, 0)) : 0.0;
            const double reach = std::abs(z) / m_spec.storm_band.z_band;
            for (std::size_t k = 0; k < ns; ++k) {
                const auto& src = m_problem.sources[k];
                const auto slot = static_cast<std::uint32_t>(k);
                const std::size_t option =
                    src.options.size() > 1 ? weighted_choice(src.weights, uniform_open01(seed, m, RandomStream::earth_choice, slot)) : 0;
                const double f = m_spec.earth_spread.varies()
                                     ? m_spec.earth_spread.factor(uniform_open01(seed, m, RandomStream::earth_spread, slot))
                                     : 1.0;
                const std::size_t central = m_option_column[k] + m_option_stride * option;
                if (!band) {
                    weight[j * terms + k] = s * f;
                    column[j * terms + k] = central;
                    continue;
                }
                const BandWeights w = band_weights(z >= 0.0 ? m_ratio_hi[k][option] : m_ratio_lo[k][option], reach);
                weight[j * terms + 2 * k] = f * w.central;
                column[j * terms + 2 * k] = central;
                weight[j * terms + 2 * k + 1] = f * w.edge;
                column[j * terms + 2 * k + 1] = central + (z >= 0.0 ? 4 : 2);
            }
        }
        // Transformer values, element-major, then substations (worst transformer) and supply groups.
        for (std::size_t t = 0; t < nt; ++t) {
            double* v = tv.data() + t * n;
            if (unit->outaged[t]) {
                std::fill(v, v + n, 0.0);  // out of service: no current
                continue;
            }
            for (std::size_t j = 0; j < n; ++j) {
                double a = 0.0;
                double b = 0.0;
                for (std::size_t k = 0; k < terms; ++k) {
                    const auto c = static_cast<Eigen::Index>(column[j * terms + k]);
                    a += weight[j * terms + k] * unit->ieff(static_cast<Eigen::Index>(t), c);
                    b += weight[j * terms + k] * unit->ieff(static_cast<Eigen::Index>(t), c + 1);
                }
                v[j] = worst ? std::hypot(a, b) : std::abs(a * cos_t[j] + b * sin_t[j]);
            }
        }
        std::fill(sv.begin(), sv.begin() + static_cast<std::ptrdiff_t>(nsub * n), 0.0);
        for (std::size_t t = 0; t < nt; ++t) {
            double* dst = sv.data() + nominal.substation_of(nominal.transformers[t]) * n;
            const double* src = tv.data() + t * n;
            for (std::size_t j = 0; j < n; ++j) {
                dst[j] = std::max(dst[j], src[j]);
            }
        }
        std::fill(gv.begin(), gv.begin() + static_cast<std::ptrdiff_t>(ng * n), 0.0);
        for (std::size_t g = 0; g < ng; ++g) {
            double* dst = gv.data() + g * n;
            for (const std::size_t s : m_problem.supply_groups[g]) {
                const double* src = sv.data() + s * n;
                for (std::size_t j = 0; j < n; ++j) {
                    dst[j] = std::max(dst[j], src[j]);
                }
            }
        }
        out.transformers.add_members(m0, n, tv.data());
        out.substations.add_members(m0, n, sv.data());
        out.supply_groups.add_members(m0, n, gv.data());
        if (!out.member_max_ieff_a.empty()) {
            for (std::size_t j = 0; j < n; ++j) {
                double mx = 0.0;
                std::uint32_t over = 0;
                for (std::size_t t = 0; t < nt; ++t) {
                    const double x = tv[t * n + j];
                    mx = std::max(mx, x);
                    over += x > m_spec.threshold_a ? 1U : 0U;
                }
                out.member_max_ieff_a[static_cast<std::size_t>(m0) + j] = mx;
                out.member_exceed_count[static_cast<std::size_t>(m0) + j] = over;
            }
        }
    }
    out.transformers.close_cluster();
    out.substations.close_cluster();
    out.supply_groups.close_cluster();
    out.member_seconds += seconds_since(t0);
}

EnsembleResult Ensemble::run(std::size_t first_block, std::size_t last_block, unsigned threads, const EnsembleProgress& progress) const {
    last_block = std::min(last_block, block_count());
    first_block = std::min(first_block, last_block);
    const std::size_t blocks = last_block - first_block;
    EnsembleResult total = empty_result();
    if (blocks == 0) {
        return total;
    }
    std::unique_ptr<Unit> shared;
    if (!m_spec.grid_uncertain()) {
        const auto t0 = Clock::now();
        shared = std::make_unique<Unit>();
        std::vector<std::size_t> kept;
        const Network net = realization(0, kept);
        unit_responses(net, kept, m_problem.network->transformers.size(), m_problem.sources, m_spec.storm_band.enabled, m_columns, shared->ieff, shared->outaged);
        total.solve_seconds += seconds_since(t0);
    }
    if (threads == 0) {
        threads = std::max(1U, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, blocks));
    std::atomic<std::size_t> next{first_block};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex mutex;
    std::vector<EnsembleResult> partial(threads);
    auto work = [&](unsigned w) {
        try {
            partial[w] = empty_result();
            for (;;) {
                const std::size_t b = next.fetch_add(1);
                if (b >= last_block || failed.load()) {
                    return;
                }
                run_block(b, shared.get(), partial[w]);
                const std::size_t d = done.fetch_add(1) + 1;
                if (progress) {
                    const std::lock_guard<std::mutex> lock(mutex);
                    progress(d, blocks);
                }
            }
        } catch (...) {
            const std::lock_guard<std::mutex> lock(mutex);
            if (!failed.exchange(true)) {
                error = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned w = 1; w < threads; ++w) {
        try {
            pool.emplace_back(work, w);
        } catch (...) {
            break;  // no more threads to be had: the others take the blocks
        }
    }
    work(0);
    for (auto& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
    for (const auto& p : partial) {
        if (p.fingerprint == total.fingerprint) {  // a worker that never started has an empty partial
            total.merge(p);
        }
    }
    return total;
}

void EnsembleResult::merge(const EnsembleResult& o) {
    if (o.fingerprint != fingerprint) {
        throw Error("ensemble: merging results of different ensembles (the scenario file or its inputs changed between them)");
    }
    transformers.merge(o.transformers);
    substations.merge(o.substations);
    supply_groups.merge(o.supply_groups);
    if (o.member_max_ieff_a.size() != member_max_ieff_a.size() || o.member_exceed_count.size() != member_exceed_count.size()) {
        throw Error("ensemble: merging results of different ensembles (member counts differ)");
    }
    for (std::size_t m = 0; m < member_max_ieff_a.size(); ++m) {
        if (!std::isnan(o.member_max_ieff_a[m])) {
            member_max_ieff_a[m] = o.member_max_ieff_a[m];
            member_exceed_count[m] = o.member_exceed_count[m];
        }
    }
    solve_seconds += o.solve_seconds;
    member_seconds += o.member_seconds;
}

namespace {
void put_string(std::string& out, const std::string& s) {
    const std::uint64_t n = s.size();
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += s;
}
std::string get_string(const std::string& in, std::size_t& at) {
    std::uint64_t n = 0;
    if (at + sizeof n > in.size()) {
        throw Error("ensemble result: truncated serialized data");
    }
    std::memcpy(&n, in.data() + at, sizeof n);
    at += sizeof n;
    if (n > in.size() - at) {
        throw Error("ensemble result: truncated serialized data");
    }
    std::string s = in.substr(at, static_cast<std::size_t>(n));
    at += static_cast<std::size_t>(n);
    return s;
}
}  // namespace

std::string EnsembleResult::serialize() const {
    std::string out;
    put_string(out, transformers.serialize());
    put_string(out, substations.serialize());
    put_string(out, supply_groups.serialize());
    put_string(out, std::string(reinterpret_cast<const char*>(member_max_ieff_a.data()), member_max_ieff_a.size() * sizeof(double)));
    put_string(out,
               std::string(reinterpret_cast<const char*>(member_exceed_count.data()), member_exceed_count.size() * sizeof(std::uint32_t)));
    out.append(reinterpret_cast<const char*>(&fingerprint), sizeof fingerprint);
    const double t[2] = {solve_seconds, member_seconds};
    out.append(reinterpret_cast<const char*>(t), sizeof t);  // last: the compute time (tests compare all bytes before it)
    return out;
}

EnsembleResult EnsembleResult::deserialize(const std::string& in) {
    EnsembleResult r;
    std::size_t at = 0;
    r.transformers = ExceedanceStats::deserialize(get_string(in, at));
    r.substations = ExceedanceStats::deserialize(get_string(in, at));
    r.supply_groups = ExceedanceStats::deserialize(get_string(in, at));
    const std::string mx = get_string(in, at);
    const std::string mc = get_string(in, at);
    if (mx.size() % sizeof(double) != 0 || mc.size() != mx.size() / sizeof(double) * sizeof(std::uint32_t) ||
        at + sizeof(std::uint64_t) + 2 * sizeof(double) != in.size()) {
        throw Error("ensemble result: inconsistent serialized data");
    }
    r.member_max_ieff_a.resize(mx.size() / sizeof(double));
    r.member_exceed_count.resize(mc.size() / sizeof(std::uint32_t));
    if (!mx.empty()) {  // memcpy of 0 bytes still needs valid pointers, and an empty vector has none
        std::memcpy(r.member_max_ieff_a.data(), mx.data(), mx.size());
        std::memcpy(r.member_exceed_count.data(), mc.data(), mc.size());
    }
    std::memcpy(&r.fingerprint, in.data() + at, sizeof(std::uint64_t));
    at += sizeof(std::uint64_t);
    std::memcpy(&r.solve_seconds, in.data() + at, sizeof(double));
    std::memcpy(&r.member_seconds, in.data() + at + sizeof(double), sizeof(double));
    return r;
}

}  // namespace swx
