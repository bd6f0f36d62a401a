// The DC network solver.
//
// Node numbering: buses first (index = bus index), then one neutral node per substation that has
// grounded, unblocked windings, then one private neutral per transformer whose blocked neutral
// joins two windings (a gy_gy unit with a blocking device still passes DC from HV to LV bus).
// A winding whose only other end is a floating neutral carries no current and is left out.
//
// Right-hand side: a line from f to t with EMF V and conductance g is a Norton source: J_f −= gV,
// J_t += gV, so that the branch current (U_f − U_t + V)·g flows from f to t.
//
// Islands: a connected part with no branch to earth makes Y singular. Its net injection is zero
// (every line injects +gV at one end and −gV at the other), so tying one of its nodes to earth
// through 1 S fixes its potential without drawing current: circulating currents inside the island
// are still right, its ground GIC is exactly zero. Islands that contain lines are reported.
//
// Floating buses: a bus in such an island (the delta side of a GSU, a network of delta windings) has
// no potential of its own. PowerWorld reports it at its substation's neutral voltage, which is what
// tying every bus to its substation's neutral through an equal large resistance (PowerWorld's 25 kΩ)
// gives in the limit: the island is shifted by c so that the ties carry no net current,
// Σ_b (U_b + c − V_neutral(b)) = 0, i.e. c = mean over its buses of (V_neutral(b) − U_b). A one-bus
// island is then exactly at its neutral voltage. Currents do not change (they depend on differences).
//
// Construction runs number_nodes → set_lines → stamp_branches → find_islands → report_islands →
// factor. solve() uses Eigen's LDLᵀ solve; solve_many() the row-major solve_rows. Both share the
// right-hand side (add_line_injections) and the winding currents and Ieff (transformer_currents).

#include <swx/core/network/gic_solver.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>
#include <thread>

namespace swx {

namespace {

constexpr std::ptrdiff_t no_node = -1;

struct UnionFind {
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
    std::vector<std::size_t> parent;
};

}  // namespace

struct GicSolver::Impl {
    // Transformer windings: node at the bus end, node at the other end (neutral or LV bus), conductance.
    struct Winding {
        std::ptrdiff_t a = no_node;
        std::ptrdiff_t b = no_node;
        double g = 0.0;
    };
    struct TransformerBranches {
        Winding hv;
        Winding lv;
        bool autotransformer = false;
        double ratio = 1.0;  // a = kV_H / kV_X
        bool gsu_like = false;
    };
    // Winding currents of one transformer for one right-hand side.
    struct TransformerCurrents {
        double hv = 0.0;           // HV (auto: series) winding, + from the bus to the neutral
        double lv = 0.0;           // LV (auto: common) winding, + from the bus to the neutral
        double ieff_signed = 0.0;  // I_H + I_X/a with terminal currents
    };
    // Y before factoring, and which nodes its branches connect.
    struct Assembly {
        std::vector<Eigen::Triplet<double>> triplets;
        UnionFind components;
    };

    std::size_t n_nodes = 0;
    std::vector<std::ptrdiff_t> neutral_of_substation;  // node or no_node
    std::vector<double> ground_g;                       // per substation: 1/(3 R_g), 0 if no neutral node
    std::vector<TransformerBranches> transformers;
    std::vector<std::size_t> line_from, line_to;
    std::vector<double> line_g;  // 0 for dc_blocked
    std::vector<std::ptrdiff_t> bus_island;      // per bus: index of its ungrounded island, or no_node
    std::vector<std::size_t> bus_substation;     // per bus: its substation
    std::vector<std::vector<std::size_t>> islands;  // buses of each ungrounded island
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt;
    std::size_t factor_nnz = 0;
    GicSolver::Timings timings;

    // Many right-hand sides at once. Eigen's sparse triangular solves walk the factor once per column;
    // with the right-hand sides stored row-major each factor entry instead updates a contiguous row
    // of k values (vectorised), which is several times faster for time series.
    using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::SparseMatrix<double> l_factor;  // unit lower triangular L of P·Y·Pᵀ = L·D·Lᵀ (column-major)
    Eigen::VectorXd d_inv;
    std::vector<int> perm;                 // perm[i] = row of P·b that b[i] goes to

    // Construction, in order (see the file comment).
    void number_nodes(const Network& network, ProblemSink& problems);
    void set_lines(const Network& network);
    [[nodiscard]] Assembly stamp_branches() const;
    [[nodiscard]] std::vector<char> find_islands(Assembly& assembly) const;
    void report_islands(const Network& network, UnionFind& components, const std::vector<char>& grounded_root,
                        ProblemSink& problems) const;
    void number_islands(const Network& network, UnionFind& components, const std::vector<char>& grounded_root);
    void factor(const Eigen::SparseMatrix<double>& y);

    // Solving.
    template <class Matrix>
    [[nodiscard]] double voltage(const Matrix& u, std::ptrdiff_t node, Eigen::Index col) const {
        return node == no_node ? 0.0 : u(node, col);
    }
    template <class Matrix, class RowOf>
    void add_line_injections(Matrix& j, const Eigen::MatrixXd& emf, RowOf row_of) const;
    template <class Matrix>
    [[nodiscard]] TransformerCurrents transformer_currents(const TransformerBranches& tb, const Matrix& u,
                                                           Eigen::Index col) const;
    template <class Matrix>
    void node_voltages(const Matrix& u, Eigen::Index col, GicResult& r) const;
    [[nodiscard]] Eigen::MatrixXd rhs(const Eigen::MatrixXd& emf) const;
    [[nodiscard]] RowMatrix solve_rows(const Eigen::MatrixXd& emf) const;
};

// Substation neutrals (one per substation with grounded, unblocked windings), then the transformer
// windings and their private neutrals. Sets n_nodes.
void GicSolver::Impl::number_nodes(const Network& network, ProblemSink& problems) {
    std::size_t next = network.buses.size();
    neutral_of_substation.assign(network.substations.size(), no_node);
    ground_g.assign(network.substations.size(), 0.0);
    for (const auto& t : network.transformers) {
        if (t.neutral_blocked || !has_neutral_winding(t.type)) {
            continue;
        }
        const std::size_t s = network.substation_of(t);
        if (neutral_of_substation[s] == no_node) {
            neutral_of_substation[s] = static_cast<std::ptrdiff_t>(next++);
            const Substation& sub = network.substations[s];
            double r_g = sub.grounding_ohm.value_or(default_grounding_ohm);
            if (!sub.grounding_ohm) {
                problems.warn("grounding_default", sub.id, "substations",
                              "grounding_ohm is empty: using the default " + format_number(default_grounding_ohm) +
                                  " ohm for its grounded neutrals");
            }
            ground_g[s] = 1.0 / (3.0 * r_g);
        }
    }

    transformers.resize(network.transformers.size());
    for (std::size_t i = 0; i < network.transformers.size(); ++i) {
        const Transformer& t = network.transformers[i];
        TransformerBranches& tb = transformers[i];
        const std::size_t s = network.substation_of(t);
        tb.ratio = network.buses[t.hv_bus].kv / network.buses[t.lv_bus].kv;
        tb.autotransformer = t.type == TransformerType::autotransformer;
        tb.gsu_like = t.type == TransformerType::gsu || t.type == TransformerType::gy_d;
        const auto hv = static_cast<std::ptrdiff_t>(t.hv_bus);
        const auto lv = static_cast<std::ptrdiff_t>(t.lv_bus);
        std::ptrdiff_t neutral = no_node;
        if (!t.neutral_blocked) {
            neutral = neutral_of_substation[s];
        } else if (hv_winding_carries_dc(t.type) && lv_winding_carries_dc(t.type) && !tb.autotransformer) {
            neutral = static_cast<std::ptrdiff_t>(next++);  // private floating neutral joining HV and LV windings
        }
        if (tb.autotransformer) {
            tb.hv = {hv, lv, 1.0 / t.r_hv_ohm};  // the series winding does not touch the neutral
            if (neutral != no_node) {
                tb.lv = {lv, neutral, 1.0 / t.r_lv_ohm};
            }
            continue;
        }
        if (neutral == no_node) {
            continue;  // blocked single grounded winding, or delta-delta: no DC path
        }
        if (hv_winding_carries_dc(t.type)) {
            tb.hv = {hv, neutral, 1.0 / t.r_hv_ohm};
        }
        if (lv_winding_carries_dc(t.type)) {
            tb.lv = {lv, neutral, 1.0 / t.r_lv_ohm};
        }
    }
    n_nodes = next;
}

void GicSolver::Impl::set_lines(const Network& network) {
    line_from.resize(network.lines.size());
    line_to.resize(network.lines.size());
    line_g.assign(network.lines.size(), 0.0);
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        const Line& line = network.lines[l];
        line_from[l] = line.from_bus;
        line_to[l] = line.to_bus;
        if (!line.dc_blocked) {
            line_g[l] = 1.0 / line.r_ohm;
        }
    }
}

// Y's entries for the lines, the windings and the ground grids, in that order (setFromTriplets sums
// duplicates in this order), and the connected components the branches make.
GicSolver::Impl::Assembly GicSolver::Impl::stamp_branches() const {
    Assembly a{{}, UnionFind(n_nodes)};
    a.triplets.reserve(4 * (line_g.size() + 2 * transformers.size()) + neutral_of_substation.size());
    auto stamp = [&](std::ptrdiff_t from, std::ptrdiff_t to, double g) {
        const auto ia = static_cast<Eigen::Index>(from);
        const auto ib = static_cast<Eigen::Index>(to);
        a.triplets.emplace_back(ia, ia, g);
        a.triplets.emplace_back(ib, ib, g);
        a.triplets.emplace_back(ia, ib, -g);
        a.triplets.emplace_back(ib, ia, -g);
        a.components.join(static_cast<std::size_t>(from), static_cast<std::size_t>(to));
    };
    for (std::size_t l = 0; l < line_g.size(); ++l) {
        if (line_g[l] != 0.0) {
            stamp(static_cast<std::ptrdiff_t>(line_from[l]), static_cast<std::ptrdiff_t>(line_to[l]), line_g[l]);
        }
    }
    for (const auto& tb : transformers) {
        for (const auto& w : {tb.hv, tb.lv}) {
            if (w.a != no_node && w.b != no_node) {
                stamp(w.a, w.b, w.g);
            }
        }
    }
    for (std::size_t s = 0; s < neutral_of_substation.size(); ++s) {
        const std::ptrdiff_t n = neutral_of_substation[s];
        if (n != no_node) {
            a.triplets.emplace_back(n, n, ground_g[s]);
        }
    }
    return a;
}

// Marks the components that reach earth through a substation neutral, and ties every other component
// to earth at its first node through 1 S (see the file comment). Returns, per component root, whether
// it is grounded.
std::vector<char> GicSolver::Impl::find_islands(Assembly& assembly) const {
    std::vector<char> grounded_root(n_nodes, 0);
    for (const std::ptrdiff_t n : neutral_of_substation) {
        if (n != no_node) {
            grounded_root[assembly.components.find(static_cast<std::size_t>(n))] = 1;
        }
    }
    std::vector<std::ptrdiff_t> pinned(n_nodes, no_node);
    for (std::size_t node = 0; node < n_nodes; ++node) {
        const std::size_t root = assembly.components.find(node);
        if (grounded_root[root] == 0 && pinned[root] == no_node) {
            pinned[root] = static_cast<std::ptrdiff_t>(node);
            assembly.triplets.emplace_back(static_cast<Eigen::Index>(node), static_cast<Eigen::Index>(node), 1.0);
        }
    }
    return grounded_root;
}

// One "island" warning per ungrounded component that holds lines, naming up to eight substations.
void GicSolver::Impl::report_islands(const Network& network, UnionFind& components, const std::vector<char>& grounded_root,
                                     ProblemSink& problems) const {
    std::vector<std::vector<std::string>> island_subs(n_nodes);
    std::vector<std::size_t> island_lines(n_nodes, 0);
    for (std::size_t l = 0; l < line_g.size(); ++l) {
        if (line_g[l] == 0.0) {
            continue;
        }
        const std::size_t root = components.find(line_from[l]);
        if (grounded_root[root] == 0) {
            ++island_lines[root];
        }
    }
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        const std::size_t root = components.find(b);
        if (grounded_root[root] == 0 && island_lines[root] > 0) {
            const std::string& sid = network.substations[network.buses[b].substation].id;
            auto& list = island_subs[root];
            if (std::find(list.begin(), list.end(), sid) == list.end()) {
                list.push_back(sid);
            }
        }
    }
    for (std::size_t root = 0; root < n_nodes; ++root) {
        if (island_lines[root] == 0) {
            continue;
        }
        std::string names;
        for (std::size_t k = 0; k < island_subs[root].size() && k < 8; ++k) {
            names += (k ? ", " : "") + island_subs[root][k];
        }
        if (island_subs[root].size() > 8) {
            names += ", ... (" + std::to_string(island_subs[root].size()) + " substations)";
        }
        problems.warn("island", island_subs[root].empty() ? "" : island_subs[root].front(), "",
                      "part of the network with " + std::to_string(island_lines[root]) +
                          " line(s) has no path to earth (substations: " + names + "); it carries no ground GIC");
    }
}

// The buses of each ungrounded component (see "Floating buses" in the file comment).
void GicSolver::Impl::number_islands(const Network& network, UnionFind& components, const std::vector<char>& grounded_root) {
    bus_island.assign(network.buses.size(), no_node);
    bus_substation.resize(network.buses.size());
    std::vector<std::ptrdiff_t> island_of_root(n_nodes, no_node);
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        bus_substation[b] = network.buses[b].substation;
        const std::size_t root = components.find(b);
        if (grounded_root[root] != 0) {
            continue;
        }
        if (island_of_root[root] == no_node) {
            island_of_root[root] = static_cast<std::ptrdiff_t>(islands.size());
            islands.emplace_back();
        }
        bus_island[b] = island_of_root[root];
        islands[static_cast<std::size_t>(island_of_root[root])].push_back(b);
    }
}

// Bus and neutral voltages of column `col`, floating buses shifted as in the file comment.
template <class Matrix>
void GicSolver::Impl::node_voltages(const Matrix& u, Eigen::Index col, GicResult& r) const {
    r.neutral_voltage_v.assign(neutral_of_substation.size(), 0.0);
    for (std::size_t s = 0; s < neutral_of_substation.size(); ++s) {
        r.neutral_voltage_v[s] = voltage(u, neutral_of_substation[s], col);
    }
    r.bus_voltage_v.resize(bus_island.size());
    for (std::size_t b = 0; b < bus_island.size(); ++b) {
        r.bus_voltage_v[b] = u(static_cast<Eigen::Index>(b), col);
    }
    for (const auto& buses : islands) {
        double shift = 0.0;
        for (const std::size_t b : buses) {
            shift += r.neutral_voltage_v[bus_substation[b]] - r.bus_voltage_v[b];
        }
        shift /= static_cast<double>(buses.size());
        for (const std::size_t b : buses) {
            r.bus_voltage_v[b] += shift;
        }
    }
}

// Factors Y; keeps L, D⁻¹ and the permutation for solve_rows.
void GicSolver::Impl::factor(const Eigen::SparseMatrix<double>& y) {
    ldlt.compute(y);
    if (ldlt.info() != Eigen::Success) {
        throw Error({"gic", "", "", "", ""}, "internal error (bug): the nodal admittance matrix could not be factored");
    }
    factor_nnz = static_cast<std::size_t>(ldlt.matrixL().nestedExpression().nonZeros());
    l_factor = ldlt.matrixL().nestedExpression();
    d_inv = ldlt.vectorD().cwiseInverse();
    perm.resize(n_nodes);
    const auto& p = ldlt.permutationP().indices();
    for (std::size_t i = 0; i < n_nodes; ++i) {
        perm[i] = p[static_cast<Eigen::Index>(i)];
    }
}

// The Norton injections of the lines (file comment): J_f −= g·V, J_t += g·V, into row row_of(node).
template <class Matrix, class RowOf>
void GicSolver::Impl::add_line_injections(Matrix& j, const Eigen::MatrixXd& emf, RowOf row_of) const {
    for (std::size_t l = 0; l < line_g.size(); ++l) {
        if (line_g[l] == 0.0) {
            continue;
        }
        const auto f = static_cast<Eigen::Index>(row_of(line_from[l]));
        const auto t = static_cast<Eigen::Index>(row_of(line_to[l]));
        const auto row = static_cast<Eigen::Index>(l);
        j.row(f) -= line_g[l] * emf.row(row);
        j.row(t) += line_g[l] * emf.row(row);
    }
}

template <class Matrix>
GicSolver::Impl::TransformerCurrents GicSolver::Impl::transformer_currents(const TransformerBranches& tb, const Matrix& u,
                                                                           Eigen::Index col) const {
    TransformerCurrents c;
    if (tb.hv.a != no_node) {
        c.hv = (voltage(u, tb.hv.a, col) - voltage(u, tb.hv.b, col)) * tb.hv.g;
    }
    if (tb.lv.a != no_node) {
        c.lv = (voltage(u, tb.lv.a, col) - voltage(u, tb.lv.b, col)) * tb.lv.g;
    }
    const double i_x = tb.autotransformer ? c.lv - c.hv : c.lv;  // LV terminal current into the unit
    c.ieff_signed = c.hv + i_x / tb.ratio;
    return c;
}

Eigen::MatrixXd GicSolver::Impl::rhs(const Eigen::MatrixXd& emf) const {
    Eigen::MatrixXd j = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_nodes), emf.cols());
    add_line_injections(j, emf, [](std::size_t node) { return node; });
    return j;
}

GicSolver::Impl::RowMatrix GicSolver::Impl::solve_rows(const Eigen::MatrixXd& emf) const {
    const auto n = static_cast<Eigen::Index>(n_nodes);
    const Eigen::Index k = emf.cols();
    RowMatrix x = RowMatrix::Zero(n, k);
    // Right-hand side, already permuted: row perm[i] holds node i's injection.
    add_line_injections(x, emf, [this](std::size_t node) { return perm[node]; });
    const int* outer = l_factor.outerIndexPtr();
    const int* inner = l_factor.innerIndexPtr();
    const double* value = l_factor.valuePtr();
    for (Eigen::Index j = 0; j < n; ++j) {  // L·y = b (unit diagonal, stored strictly below)
        for (int p = outer[j]; p < outer[j + 1]; ++p) {
            if (inner[p] > j) {
                x.row(inner[p]).noalias() -= value[p] * x.row(j);
            }
        }
    }
    for (Eigen::Index j = 0; j < n; ++j) {  // D·z = y
        x.row(j) *= d_inv[j];
    }
    for (Eigen::Index j = n - 1; j >= 0; --j) {  // Lᵀ·w = z
        for (int p = outer[j]; p < outer[j + 1]; ++p) {
            if (inner[p] > j) {
                x.row(j).noalias() -= value[p] * x.row(inner[p]);
            }
        }
    }
    // Undo the permutation: node i's voltage is in row perm[i].
    RowMatrix u(n, k);
    for (Eigen::Index i = 0; i < n; ++i) {
        u.row(i) = x.row(perm[static_cast<std::size_t>(i)]);
    }
    return u;
}

GicSolver::GicSolver(const Network& network, ProblemSink& problems) : m_impl(std::make_unique<Impl>()) {
    Impl& m = *m_impl;
    const auto t_start = std::chrono::steady_clock::now();
    m.number_nodes(network, problems);
    m.set_lines(network);
    Impl::Assembly assembly = m.stamp_branches();
    const std::vector<char> grounded_root = m.find_islands(assembly);
    m.report_islands(network, assembly.components, grounded_root, problems);
    m.number_islands(network, assembly.components, grounded_root);
    const auto n = static_cast<Eigen::Index>(m.n_nodes);
    Eigen::SparseMatrix<double> y(n, n);
    y.setFromTriplets(assembly.triplets.begin(), assembly.triplets.end());
    const auto t_assembled = std::chrono::steady_clock::now();
    m.factor(y);
    m.timings.assemble_s = std::chrono::duration<double>(t_assembled - t_start).count();
    m.timings.factor_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_assembled).count();
}

GicSolver::GicSolver(GicSolver&&) noexcept = default;
GicSolver& GicSolver::operator=(GicSolver&&) noexcept = default;
GicSolver::~GicSolver() = default;

GicSolver::Timings GicSolver::timings() const noexcept { return m_impl->timings; }
std::size_t GicSolver::node_count() const noexcept { return m_impl->n_nodes; }
std::size_t GicSolver::nonzeros_in_factor() const noexcept { return m_impl->factor_nnz; }

void GicSolver::solve_many(const Eigen::MatrixXd& line_emf_v, Eigen::MatrixXd* ground_gic_a,
                           Eigen::MatrixXd* ieff_signed_a, Eigen::MatrixXd* line_gic_a, Eigen::MatrixXd* i_hv_a,
                           Eigen::MatrixXd* i_lv_a) const {
    const Impl& m = *m_impl;
    if (static_cast<std::size_t>(line_emf_v.rows()) != m.line_g.size()) {
        throw Error("gic: internal error (bug): EMF rows do not match the number of lines");
    }
    const Eigen::Index k = line_emf_v.cols();
    const auto n_transformers = static_cast<Eigen::Index>(m.transformers.size());
    if (ground_gic_a != nullptr) {
        ground_gic_a->setZero(static_cast<Eigen::Index>(m.neutral_of_substation.size()), k);
    }
    for (Eigen::MatrixXd* out : {ieff_signed_a, i_hv_a, i_lv_a}) {
        if (out != nullptr) {
            out->setZero(n_transformers, k);
        }
    }
    if (line_gic_a != nullptr) {
        line_gic_a->setZero(static_cast<Eigen::Index>(m.line_g.size()), k);
    }
    // The columns (time steps) are independent: blocks of at least 32 columns are solved on separate
    // threads, each writing its own columns. Every column gets the same operations in the same order as
    // in a single block, so the result does not depend on the split.
    const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()),
                                                                             static_cast<std::size_t>(k) / 32));
    parallel_for(
        parts,
        [&](std::size_t part) {
            const auto c0 = static_cast<Eigen::Index>(part * static_cast<std::size_t>(k) / parts);
            const auto nc = static_cast<Eigen::Index>((part + 1) * static_cast<std::size_t>(k) / parts) - c0;
            const Eigen::MatrixXd emf = line_emf_v.middleCols(c0, nc);
            const Impl::RowMatrix u = m.solve_rows(emf);
            if (ground_gic_a != nullptr) {
                for (std::size_t s = 0; s < m.neutral_of_substation.size(); ++s) {
                    if (const auto node = m.neutral_of_substation[s]; node != no_node) {
                        ground_gic_a->block(static_cast<Eigen::Index>(s), c0, 1, nc) = 3.0 * m.ground_g[s] * u.row(node);
                    }
                }
            }
            if (ieff_signed_a != nullptr || i_hv_a != nullptr || i_lv_a != nullptr) {
                for (std::size_t i = 0; i < m.transformers.size(); ++i) {
                    const auto row = static_cast<Eigen::Index>(i);
                    for (Eigen::Index c = 0; c < nc; ++c) {
                        const Impl::TransformerCurrents tc = m.transformer_currents(m.transformers[i], u, c);
                        if (ieff_signed_a != nullptr) {
                            (*ieff_signed_a)(row, c0 + c) = tc.ieff_signed;
                        }
                        if (i_hv_a != nullptr) {
                            (*i_hv_a)(row, c0 + c) = tc.hv;
                        }
                        if (i_lv_a != nullptr) {
                            (*i_lv_a)(row, c0 + c) = tc.lv;
                        }
                    }
                }
            }
            if (line_gic_a != nullptr) {
                for (std::size_t l = 0; l < m.line_g.size(); ++l) {
                    if (m.line_g[l] == 0.0) {
                        continue;
                    }
                    const auto row = static_cast<Eigen::Index>(l);
                    line_gic_a->block(row, c0, 1, nc) =
                        m.line_g[l] * (u.row(static_cast<Eigen::Index>(m.line_from[l])) - u.row(static_cast<Eigen::Index>(m.line_to[l])) +
                                       emf.row(row));
                }
            }
        },
        0, 1);
}

GicResult GicSolver::solve(std::span<const double> line_emf_v) const {
    const Impl& m = *m_impl;
    if (line_emf_v.size() != m.line_g.size()) {
        throw Error("gic: internal error (bug): one EMF per line expected");
    }
    Eigen::MatrixXd emf(static_cast<Eigen::Index>(line_emf_v.size()), 1);
    std::copy(line_emf_v.begin(), line_emf_v.end(), emf.data());
    const Eigen::MatrixXd u = m.ldlt.solve(m.rhs(emf));

    GicResult r;
    r.line_emf_v.assign(line_emf_v.begin(), line_emf_v.end());
    r.ground_gic_a.assign(m.neutral_of_substation.size(), 0.0);
    for (std::size_t s = 0; s < m.neutral_of_substation.size(); ++s) {
        if (const auto node = m.neutral_of_substation[s]; node != no_node) {
            r.ground_gic_a[s] = 3.0 * m.ground_g[s] * u(node, 0);
        }
    }
    const std::size_t nt = m.transformers.size();
    r.i_hv_a.assign(nt, 0.0);
    r.i_lv_a.assign(nt, 0.0);
    r.ieff_signed_a.assign(nt, 0.0);
    r.ieff_a.assign(nt, 0.0);
    for (std::size_t i = 0; i < nt; ++i) {
        const Impl::TransformerCurrents c = m.transformer_currents(m.transformers[i], u, 0);
        r.i_hv_a[i] = c.hv;
        r.i_lv_a[i] = c.lv;
        r.ieff_signed_a[i] = c.ieff_signed;
        r.ieff_a[i] = std::abs(c.ieff_signed);
    }
    r.line_gic_a.assign(m.line_g.size(), 0.0);
    for (std::size_t l = 0; l < m.line_g.size(); ++l) {
        if (m.line_g[l] != 0.0) {
            r.line_gic_a[l] = m.line_g[l] * (u(static_cast<Eigen::Index>(m.line_from[l]), 0) -
                                             u(static_cast<Eigen::Index>(m.line_to[l]), 0) + line_emf_v[l]);
        }
    }
    m.node_voltages(u, 0, r);
    return r;
}

GicSweep sweep_from_unit_fields(const GicResult& north_unit, const GicResult& east_unit, double e_v_per_km) {
    GicSweep sweep;
    const std::size_t n = north_unit.ieff_signed_a.size();
    sweep.ieff_max_a.resize(n);
    sweep.worst_azimuth_deg.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double a = north_unit.ieff_signed_a[i];
        const double b = east_unit.ieff_signed_a[i];
        sweep.ieff_max_a[i] = std::abs(e_v_per_km) * std::hypot(a, b);
        double az = std::atan2(b, a) * 180.0 / std::numbers::pi;
        az = std::fmod(az + 360.0, 180.0);
        sweep.worst_azimuth_deg[i] = (a == 0.0 && b == 0.0) ? 0.0 : az;
    }
    return sweep;
}

}  // namespace swx
