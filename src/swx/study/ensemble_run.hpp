#pragma once
/// @file ensemble_run.hpp
/// The ensemble of a site study (`swxrisk ensemble SCENARIO.toml`, Python `swxrisk.ensemble.run`):
/// read the study's inputs once, split the study's field into each earth model's share (and each
/// alternative's), group members by grid realization, and reduce every member into exceedance
/// probabilities per transformer, substation and site (docs/ensembles.md). The same plan runs on
/// threads in-process or block by block on Dask workers; the results merge exactly.

#include <swx/core/base/problems.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>
#include <swx/core/ensemble/ensemble.hpp>
#include <swx/io/convergence_chart.hpp>
#include <swx/io/study_config.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace swx::study {

/// Receives one line per step, and progress lines with an ETA during the members.
using EnsembleLog = std::function<void(const std::string&)>;

class EnsemblePlan {
public:
    /// Reads the inputs of `config` (which must have an `[ensemble]` table) and prepares the ensemble.
    /// @throws ConfigError without `[ensemble]` or a grid, or for a storm record or a field varying in
    ///         space (not supported by ensembles: docs/ensembles.md); InputError/CrsError for bad inputs.
    EnsemblePlan(const io::StudyConfig& config, ProblemSink& problems, const EnsembleLog& log = {});
    ~EnsemblePlan();
    EnsemblePlan(const EnsemblePlan&) = delete;
    EnsemblePlan& operator=(const EnsemblePlan&) = delete;
    EnsemblePlan(EnsemblePlan&&) noexcept;
    EnsemblePlan& operator=(EnsemblePlan&&) noexcept;

    [[nodiscard]] const io::StudyConfig& config() const;
    [[nodiscard]] const Ensemble& ensemble() const;
    [[nodiscard]] std::size_t block_count() const;

    /// Blocks [first, last) on `threads` threads (0 = all cores).
    [[nodiscard]] EnsembleResult run(std::size_t first_block, std::size_t last_block, unsigned threads = 0,
                                     const EnsembleProgress& progress = {}) const;
    /// Every block, logging progress with an ETA about every 2 s (and at the end).
    [[nodiscard]] EnsembleResult run_all(unsigned threads = 0, const EnsembleLog& log = {}) const;

    /// ensemble_transformers: transformer_id, substation_id, p_exceed, p_exceed_se, ieff_q05_a,
    /// ieff_q50_a, ieff_q95_a, ieff_mean_a, ieff_max_a, ieff_nominal_a, members (docs/output-formats.md).
    [[nodiscard]] FeatureTable transformers_table(const EnsembleResult& result) const;
    /// ensemble_sites: site_id, name, p_exceed, p_exceed_se, ieff_q05_a, ieff_q50_a, ieff_q95_a,
    /// ieff_mean_a, ieff_nominal_a, members, supplies, flags; a point per site.
    [[nodiscard]] FeatureTable sites_table(const EnsembleResult& result) const;
    /// With a study area: per cell, p_exceed of the substation that would supply a site there (the
    /// nearest supply-capable one within the supply radius), NaN elsewhere.
    [[nodiscard]] std::optional<Raster> p_exceed_raster(const EnsembleResult& result) const;
    /// The leading sites (by p_exceed, at most `count`, sites without a supply left out), in order.
    [[nodiscard]] std::vector<std::size_t> leading_sites(const EnsembleResult& result, std::size_t count) const;
    /// The leading sites' p_exceed after the first n members at each checkpoint, with its binomial
    /// standard error (the report's convergence plot).
    [[nodiscard]] std::vector<io::ConvergenceSeries> convergence(const EnsembleResult& result, std::size_t count = 5) const;
    /// The report (Markdown): settings, the leading sites, convergence, what the numbers rest on.
    [[nodiscard]] std::string report(const EnsembleResult& result, const std::string& convergence_png = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The files write_ensemble writes, in order.
[[nodiscard]] std::vector<std::string> ensemble_output_names(const io::StudyConfig& config);

/// Writes ensemble_sites.csv, ensemble_sites.gpkg, ensemble_transformers.csv, report.md,
/// convergence.png, and with a study area ensemble_p_exceed.tif, and with members_hdf5
/// ensemble_members.h5, into the study's output folder: all or nothing.
/// @throws ConfigError if the folder exists and is not empty (and !overwrite).
void write_ensemble(const EnsemblePlan& plan, const EnsembleResult& result, bool overwrite);

}  // namespace swx::study
