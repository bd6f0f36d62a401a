#pragma once
/// @file random.hpp
/// Counter-based random numbers for ensembles: every draw is a pure function of (seed, member or grid
/// realization, stream, slot), so a member's inputs are the same whatever the executor, the number of
/// workers and the chunking (docs/ensembles.md, "Reproducibility").
///
/// The generator is Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as
/// 1, 2, 3", SC'11), checked against the Random123 known-answer vectors. Uniform doubles take 53 bits
/// of one block; normal deviates are the inverse normal CDF of one uniform (one block per deviate, so a
/// draw never depends on how many draws came before it).

#include <array>
#include <cstdint>

namespace swx {

/// One Philox4x32 block: 10 rounds of `counter` under `key`.
[[nodiscard]] std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter, std::array<std::uint32_t, 2> key) noexcept;

/// What a draw is for: each kind of uncertain input has its own stream.
enum class RandomStream : std::uint32_t {
    direction = 1,          ///< per member: field azimuth
    storm = 2,              ///< per member: storm-strength factor
    earth_choice = 3,       ///< per member, slot = earth model: which alternative
    earth_spread = 4,       ///< per member, slot = earth model: β-spread factor
    grounding = 16,         ///< per grid realization, slot = substation
    line_resistance = 17,   ///< per grid realization, slot = line
    winding_resistance = 18,  ///< per grid realization, slot = transformer
    line_outage = 19,       ///< per grid realization, slot = line
    transformer_outage = 20,  ///< per grid realization, slot = transformer
    transformer_type = 21,  ///< per grid realization, slot = transformer: the drawn type (TransformerTypePriors)
};

/// A uniform deviate in (0, 1) (never 0 or 1): (k + 1/2)·2^-52 with k 52 bits of the Philox block keyed by `seed` with counter
/// (index, stream, slot). `index` is the member (member streams) or the grid realization (grid streams).
[[nodiscard]] double uniform_open01(std::uint64_t seed, std::uint64_t index, RandomStream stream, std::uint32_t slot) noexcept;

/// A standard normal deviate: inverse_normal_cdf of uniform_open01 with the same arguments.
[[nodiscard]] double standard_normal(std::uint64_t seed, std::uint64_t index, RandomStream stream, std::uint32_t slot) noexcept;

/// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step on
/// Φ(x) = erfc(−x/√2)/2, relative error below 1e-14 (tested against published quantiles and Φ).
/// Returns ±inf at p = 0 or 1 and NaN outside [0, 1].
[[nodiscard]] double inverse_normal_cdf(double p) noexcept;

/// Φ(x), the standard normal CDF (erfc-based, accurate in both tails).
[[nodiscard]] double normal_cdf(double x) noexcept;

}  // namespace swx
