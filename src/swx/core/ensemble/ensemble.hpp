#pragma once
/// @file ensemble.hpp
/// Step 8 of the chain: Monte Carlo ensembles over field direction, storm strength, ground and grid
/// data → per transformer, substation and supply set the probability that the effective GIC exceeds a
/// threshold, with its standard error, quantiles and mean (docs/ensembles.md).
///
/// Members are grouped by grid realization. Each realization is assembled and factored once; its
/// response to each field source (an earth model's share of the study's field, north and east, for
/// each of the model's alternatives) takes one solve; a member is then a linear combination of those
/// unit responses — a few multiply-adds per transformer, not a solve. Every draw is counter-based
/// (random.hpp) and every statistic an exact integer reduction (reduction.hpp), so results are
/// bit-identical whatever the threads, the workers and the chunking.

#include <swx/core/ensemble/reduction.hpp>
#include <swx/core/network/network.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace swx {

/// A named distribution of a positive factor with median 1 (docs/ensembles.md, "Distributions").
struct FactorDistribution {
    enum class Kind {
        fixed,      ///< always 1
        lognormal,  ///< exp(σ·z), z standard normal: median 1, σ = sigma_ln
        uniform,    ///< 1 + (2u − 1)·percent/100: uniform within ±percent (percent < 100)
    };
    Kind kind = Kind::fixed;
    double sigma_ln = 0.0;
    double percent = 0.0;
    [[nodiscard]] bool varies() const noexcept { return kind != Kind::fixed; }
    /// The factor for uniform deviate u in (0, 1) (lognormal: through Φ⁻¹(u)).
    [[nodiscard]] double factor(double u) const noexcept;
};

/// How a member's field direction is drawn.
enum class DirectionDraw {
    uniform,  ///< azimuth uniform in [0°, 360°) per member
    fixed,    ///< the azimuth `EnsembleSpec::azimuth_deg` for every member
    worst,    ///< each transformer at its own worst direction (the study's sweep), every member
};

/// A storm drawn within the hazard model's confidence band (`[ensemble.storm] distribution = "band"`):
/// per member one z, standard normal, for the whole field; each field source's EMFs are interpolated
/// from the central field towards the band's upper (z > 0) or lower (z < 0) field so that they reach
/// the band's edge at |z| = z_band (docs/ensembles.md, "The storm within the hazard model's band").
struct StormBandDraw {
    bool enabled = false;
    /// The band's edges in standard deviations of log E: a convention (no band of the model has a published
    /// coverage; 1.96 reads the band as a 95 % interval).
    double z_band = 1.96;
};

/// The weights of the central and the band's edge fields for a member `reach` = |z|/z_band of the way
/// to the edge, the edge `ratio` times the central field (in (0, 1] below, ≥ 1 above), so that
/// central_w·central + edge_w·edge = ratio^reach·central where the ratio holds everywhere (log E linear
/// in z on each side). Within the band (reach ≤ 1): edge_w = t = (ratio^reach − 1)/(ratio − 1),
/// central_w = 1 − t, both in [0, 1]: every line between its central field and its own edge, reached at
/// reach 1. Beyond it: central_w = 0, edge_w = ratio^(reach − 1): every line its own edge field scaled
/// on along the share's ratio (never a reversed field).
struct BandWeights {
    double central = 1.0;
    double edge = 0.0;
};
[[nodiscard]] BandWeights band_weights(double ratio, double reach) noexcept;

/// Priors of the winding configuration of transformers whose type is unknown, by voltage class of the
/// HV bus (`[ensemble.transformer_types]`, docs/ensembles.md, "Transformer types"). The user's
/// convention, not data: the type is drawn per transformer and grid realization.
struct TransformerTypePriors {
    struct Class {
        double kv_min = 0.0;                 ///< the class holds HV buses from kv_min up to the next class's kv_min, kV
        std::vector<TransformerType> types;  ///< the types that may be drawn
        std::vector<double> weights;         ///< one per type: finite, >= 0, not all 0
    };
    bool all = false;            ///< every transformer; false = those whose `assumed` field lists "type"
    std::vector<Class> classes;  ///< increasing kv_min, the first at 0; empty = every type as given

    [[nodiscard]] bool varies() const noexcept { return !classes.empty(); }
    /// Is the type of `t` drawn (apply_to = "all", or its `assumed` list holds the item "type")?
    [[nodiscard]] bool applies_to(const Transformer& t) const;
    /// The class with the largest kv_min <= hv_kv; the first class for a NaN kV. @pre varies()
    [[nodiscard]] const Class& class_of(double hv_kv) const;
};

/// The ensemble of a study (`[ensemble]` of the scenario file, docs/scenario-format.md).
struct EnsembleSpec {
    std::uint64_t members = 1000;
    std::uint64_t seed = 1;
    double threshold_a = 75.0;
    DirectionDraw direction = DirectionDraw::uniform;
    double azimuth_deg = 0.0;
    FactorDistribution storm;               ///< factor on the whole field
    StormBandDraw storm_band;               ///< or: the field within the hazard model's band (storm then fixed)
    FactorDistribution earth_spread;        ///< factor on each earth model's share (β spread), independent per model
    FactorDistribution grounding;           ///< per substation, on its grounding resistance (or the default)
    FactorDistribution line_resistance;     ///< per line
    FactorDistribution winding_resistance;  ///< per transformer, on both windings
    double line_outage_probability = 0.0;         ///< per line and grid realization
    double transformer_outage_probability = 0.0;  ///< per transformer and grid realization
    TransformerTypePriors transformer_types;       ///< per transformer and grid realization, the drawn type
    /// Grid realizations; 0 = one per member when any grid input is uncertain, else 1.
    std::uint64_t grid_realizations = 0;
    /// Members per block when all members share one grid (the unit of work then), and members
    /// combined at once within a grid realization (what bounds the memory per thread).
    std::uint64_t block_members = 1024;
    /// Keep each member's summary (EnsembleResult::member_max_ieff_a, member_exceed_count).
    bool keep_member_summaries = false;
    /// Member counts at which exceedance counts are also kept (the report's convergence table).
    std::vector<std::uint64_t> checkpoints;

    [[nodiscard]] bool grid_uncertain() const noexcept;
};

/// One earth model's share of the study's field: for each alternative model, the EMF of every line's
/// pieces over this model under a northward and an eastward field of the study's magnitude, V.
struct EnsembleSource {
    std::string model;
    std::vector<std::string> options;   ///< alternatives; options[0] is the study's own model
    std::vector<double> weights;        ///< probability weights of the options (sum > 0)
    std::vector<std::vector<double>> emf_north_v;  ///< per option, per line
    std::vector<std::vector<double>> emf_east_v;
    /// With EnsembleSpec::storm_band: the same EMFs under the band's lower and upper fields (per
    /// option, per line); else empty.
    std::vector<std::vector<double>> emf_north_lo_v{};
    std::vector<std::vector<double>> emf_east_lo_v{};
    std::vector<std::vector<double>> emf_north_hi_v{};
    std::vector<std::vector<double>> emf_east_hi_v{};
};

/// What an ensemble is computed on.
struct EnsembleProblem {
    const Network* network = nullptr;
    std::vector<EnsembleSource> sources;
    /// Groups of substations whose worst transformer supplies a site (site ↦ group elsewhere): the
    /// group's value per member is the largest over its substations.
    std::vector<std::vector<std::size_t>> supply_groups;
};

/// The reductions of some blocks of members, and per-member summaries.
struct EnsembleResult {
    ExceedanceStats transformers;  ///< Network::transformers order
    ExceedanceStats substations;   ///< worst transformer of each substation (0 A without one)
    ExceedanceStats supply_groups;  ///< EnsembleProblem::supply_groups order
    /// With EnsembleSpec::keep_member_summaries, per member (all members; NaN = not in these blocks):
    /// the largest effective GIC over the transformers, A; else empty.
    std::vector<double> member_max_ieff_a;
    std::vector<std::uint32_t> member_exceed_count;  ///< with keep_member_summaries: transformers above the threshold
    /// Identifies the ensemble (spec, grid shape, field shares): merging results of different ensembles,
    /// or writing one with another's plan, is refused.
    std::uint64_t fingerprint = 0;
    double solve_seconds = 0.0;   ///< assembly, factorisation and unit solves, summed over threads
    double member_seconds = 0.0;  ///< member combinations and reductions, summed over threads

    /// Adds the result of other blocks (exact; per-member summaries taken where this one has none).
    void merge(const EnsembleResult& other);
    [[nodiscard]] std::string serialize() const;
    [[nodiscard]] static EnsembleResult deserialize(const std::string& bytes);
};

/// Called after each block with (blocks done, blocks in the call).
using EnsembleProgress = std::function<void(std::size_t, std::size_t)>;

class Ensemble {
public:
    /// @throws ConfigError for an inconsistent spec (members 0, outage probability outside [0, 1), …).
    /// @throws InputError if a source does not have one EMF per line for each option.
    Ensemble(EnsembleProblem problem, EnsembleSpec spec);

    [[nodiscard]] const EnsembleSpec& spec() const noexcept { return m_spec; }
    [[nodiscard]] std::uint64_t grid_realizations() const noexcept { return m_realizations; }
    /// Units of work: the grid realizations, or blocks of block_members members on the one grid.
    [[nodiscard]] std::size_t block_count() const noexcept;
    /// The members of a block: [first, last).
    [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> block_members(std::size_t block) const noexcept;

    /// Runs blocks [first_block, last_block) on `threads` threads (0 = all cores).
    [[nodiscard]] EnsembleResult run(std::size_t first_block, std::size_t last_block, unsigned threads = 0,
                                     const EnsembleProgress& progress = {}) const;
    /// All blocks.
    [[nodiscard]] EnsembleResult run_all(unsigned threads = 0, const EnsembleProgress& progress = {}) const {
        return run(0, block_count(), threads, progress);
    }
    /// An empty result of this ensemble's shape (the identity of EnsembleResult::merge).
    [[nodiscard]] EnsembleResult empty_result() const;

    /// Whether p_exceed_se should be cluster-robust (members share grid realizations).
    [[nodiscard]] bool clustered_se() const noexcept { return m_spec.grid_uncertain() && m_realizations > 1; }
    /// EnsembleResult::fingerprint of this ensemble's results.
    [[nodiscard]] std::uint64_t fingerprint() const noexcept { return m_fingerprint; }
    /// @throws Error if `result` is not a result of this ensemble (another fingerprint or shape).
    void check_result(const EnsembleResult& result) const;

    /// The grid of realization `g` (the nominal network when no grid input is uncertain), with
    /// outaged transformers removed: `kept` receives, per transformer of the result, its index in the
    /// nominal network. For tests and the report.
    [[nodiscard]] Network realization(std::uint64_t g, std::vector<std::size_t>& kept) const;

private:
    struct Unit;
    void run_block(std::size_t block, const Unit* shared, EnsembleResult& out) const;

    EnsembleProblem m_problem;
    EnsembleSpec m_spec;
    std::uint64_t m_realizations = 1;
    std::vector<std::size_t> m_option_column;  ///< per source: the first unit-response column pair
    std::size_t m_option_stride = 2;           ///< columns per option: N, E (and with a storm band lo N, lo E, hi N, hi E)
    std::size_t m_columns = 0;                 ///< m_option_stride × options over all sources
    /// With a storm band, per source and option: the band's lower and upper fields relative to the
    /// central one (Σ|EMF| over the lines, lo/value and hi/value): the interpolation's ratios.
    std::vector<std::vector<double>> m_ratio_lo, m_ratio_hi;
    std::uint64_t m_fingerprint = 0;
};

}  // namespace swx
