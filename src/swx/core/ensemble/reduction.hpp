#pragma once
/// @file reduction.hpp
/// Streaming statistics of one value per member for many elements (transformers, substations, sites):
/// the exceedance probability of a threshold with its standard error, quantiles, mean, min and max.
/// Every accumulator is an integer (counts, a histogram, a fixed-point sum) or a min/max, so merging
/// partial reductions is exact and its result does not depend on the order or the grouping of the
/// members: the same seed gives bit-identical statistics on any executor (docs/ensembles.md).

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace swx {

/// The quantile histogram: 64 logarithmic bins per octave from 2^-7 A (7.8 mA) to 2^15 A (32.8 kA),
/// plus bins for exactly 0, below the range and above it. A quantile is reported at its bin's geometric
/// centre, clamped to the exact min and max: within a factor √(1 + 1/64) (±0.78 %) of the empirical
/// quantile inside the range.
struct QuantileBins {
    static constexpr int bins_per_octave = 64;
    static constexpr int min_exponent = -7;
    static constexpr int max_exponent = 15;
    static constexpr std::size_t zero_bin = 0;
    static constexpr std::size_t under_bin = 1;
    static constexpr std::size_t first_log_bin = 2;
    static constexpr std::size_t log_bins = static_cast<std::size_t>((max_exponent - min_exponent) * bins_per_octave);
    static constexpr std::size_t over_bin = first_log_bin + log_bins;
    static constexpr std::size_t count = over_bin + 1;
    /// The bin of a value ≥ 0 (from its binary exponent and the top 6 bits of its mantissa).
    [[nodiscard]] static std::size_t bin_of(double value) noexcept;
    /// The geometric centre of a log bin; 0 for zero_bin.
    [[nodiscard]] static double centre(std::size_t bin) noexcept;
};

/// Per element: members, exceedances, and (for members grouped in clusters that share a grid
/// realization) the sums that give a cluster-robust standard error.
class ExceedanceStats {
public:
    ExceedanceStats() = default;
    /// @param[in] checkpoints member counts at which the exceedance count is also kept (convergence).
    ExceedanceStats(std::size_t elements, double threshold_a, std::vector<std::uint64_t> checkpoints = {});

    [[nodiscard]] std::size_t elements() const noexcept { return m_exceed.size(); }
    [[nodiscard]] double threshold_a() const noexcept { return m_threshold_a; }
    [[nodiscard]] std::uint64_t members() const noexcept { return m_members; }
    [[nodiscard]] std::uint64_t clusters() const noexcept { return m_clusters; }
    [[nodiscard]] const std::vector<std::uint64_t>& checkpoints() const noexcept { return m_checkpoints; }

    /// Adds a cluster of members (one grid realization, or a block of field draws on one grid):
    /// members first_member … first_member + n − 1, `values` element-major (values[e·n + j] is member
    /// first_member + j's value for element e), each ≥ 0, or NaN = not computed (counted as not
    /// exceeding and left out of the quantiles and the mean).
    void add_cluster(std::uint64_t first_member, std::size_t n, const double* values) {
        add_members(first_member, n, values);
        close_cluster();
    }
    /// The same in pieces: add_members any number of times, then close_cluster() ends the cluster
    /// (a grid realization's members in blocks). merge() and serialize() need every cluster closed.
    void add_members(std::uint64_t first_member, std::size_t n, const double* values);
    void close_cluster();

    /// Adds another reduction (same elements, threshold, checkpoints): exact.
    /// @throws Error if the two do not match.
    void merge(const ExceedanceStats& other);

    /// P(value > threshold), the fraction of members.
    [[nodiscard]] double p_exceed(std::size_t element) const;
    /// Its standard error: binomial sqrt(p(1−p)/n) when `clustered` is false; else the cluster-robust
    /// (ratio-estimator) error over the clusters, sqrt(G/(G−1)·Σ(c_g − p·n_g)²)/n (needs G ≥ 2).
    [[nodiscard]] double p_exceed_se(std::size_t element, bool clustered) const;
    /// The q-quantile (0 < q < 1) of the member values: the bin of the ⌈q·n⌉-th smallest (QuantileBins).
    [[nodiscard]] double quantile(std::size_t element, double q) const;
    [[nodiscard]] double mean(std::size_t element) const;
    /// The smallest and largest member value (NaN when no member has a value).
    [[nodiscard]] double min(std::size_t element) const { return m_min[element] <= m_max[element] ? m_min[element] : not_a_number_value(); }
    [[nodiscard]] double max(std::size_t element) const { return m_min[element] <= m_max[element] ? m_max[element] : not_a_number_value(); }
    /// Members with a value (not NaN).
    [[nodiscard]] std::uint64_t valued(std::size_t element) const;
    /// Exceedances among the first checkpoints()[k] members (member index < checkpoint).
    [[nodiscard]] std::uint64_t exceed_at_checkpoint(std::size_t element, std::size_t k) const {
        return m_checkpoint_exceed[element * m_checkpoints.size() + k];
    }

    /// A compact byte string (histograms stored from their first to last non-empty bin), and back.
    [[nodiscard]] std::string serialize() const;
    [[nodiscard]] static ExceedanceStats deserialize(const std::string& bytes);

private:
    static double not_a_number_value() noexcept { return std::numeric_limits<double>::quiet_NaN(); }
    double m_threshold_a = 0.0;
    std::uint64_t m_members = 0;
    std::uint64_t m_clusters = 0;
    std::uint64_t m_sum_n2 = 0;       ///< Σ n_g² over clusters
    std::vector<std::uint64_t> m_checkpoints;
    std::vector<std::uint64_t> m_exceed;
    std::vector<std::uint64_t> m_sum_c2;   ///< Σ c_g² per element
    std::vector<std::uint64_t> m_sum_cn;   ///< Σ c_g·n_g per element
    std::vector<std::uint64_t> m_open_c;   ///< exceedances in the open cluster, per element
    std::uint64_t m_open_n = 0;            ///< members in the open cluster
    std::vector<std::uint32_t> m_hist;     ///< elements × QuantileBins::count
    std::vector<std::int64_t> m_sum_hi;    ///< fixed-point sum of the values, 2^-24 A units, as hi·2^62 + lo
    std::vector<std::int64_t> m_sum_lo;
    std::vector<double> m_min;
    std::vector<double> m_max;
    std::vector<std::uint32_t> m_checkpoint_exceed;  ///< elements × checkpoints
};

}  // namespace swx
