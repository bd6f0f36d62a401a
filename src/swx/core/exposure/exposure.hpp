#pragma once
/// @file exposure.hpp
/// The site exposure index (docs/exposure-index.md). For a site under a storm scenario:
///
///   hazard  h = 1 − exp(−E/E0)                 E: peak geoelectric field at the site, V/km
///   grid    g = I/(I + I0) · n^(−γ)            I: worst effective GIC per phase in the transformers of
///                                              the substations that supply the site, A; n: number of
///                                              distinct supplying substations
///   index   X = 100 · h · (w_h + w_g·g)/(w_h + w_g)
///
/// The grid term scales the hazard: a site is exposed as much as the storm is strong there, and more so
/// the harder its supply is driven. Where no grid is known the index takes its hazard-only form
/// X = 100·h, i.e. g = 1: an unknown supply is assumed to couple as badly as possible, so a site only
/// ranks lower for its grid when the grid is shown to be benign.
///
/// X is bounded in [0, 100], non-decreasing in E and in I, and non-increasing in n. Classes: low < 25 ≤
/// moderate < 50 ≤ high < 75 ≤ severe. Defaults: E0 = 2 V/km, I0 = 75 A (the TPL-007 thermal screening
/// threshold: g = 0.5 there with one supply), γ = 0.5, w_h = w_g = 1.
///
/// Not modelled: the site's own electrical design (UPS, on-site generation), the age and thermal
/// margin of particular transformers, the probability of the scenario (the index ranks sites under one
/// scenario; it is not an annual risk).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace swx {

struct ExposureParameters {
    double weight_hazard = 1.0;        ///< w_h ≥ 0
    double weight_grid = 1.0;          ///< w_g ≥ 0
    double e0_v_per_km = 2.0;          ///< field scale of the hazard term, > 0
    double i0_a = 75.0;                ///< current scale of the grid term, > 0 (TPL-007: 75 A per phase)
    double redundancy_exponent = 0.5;  ///< γ ≥ 0
    /// @throws ConfigError naming the parameter if a value is out of range.
    void validate() const;
};

enum class ExposureClass { low, moderate, high, severe };
[[nodiscard]] std::string_view to_string(ExposureClass c);
[[nodiscard]] ExposureClass exposure_class(double index);

/// The index for one site. `ieff_max_a` < 0 (or NaN) or `n_supplies` == 0 selects the hazard-only form.
/// A NaN `e_peak_v_per_km` gives NaN (unknown ground).
[[nodiscard]] double exposure_index(double e_peak_v_per_km, double ieff_max_a, std::size_t n_supplies,
                                    const ExposureParameters& p);

/// Ranks by index, highest first (rank 1); ties by higher criticality, then by input order. NaN
/// indices rank last. @return rank per input position (1-based).
[[nodiscard]] std::vector<std::size_t> rank_sites(const std::vector<double>& index, const std::vector<double>& criticality);

}  // namespace swx
