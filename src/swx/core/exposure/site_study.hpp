#pragma once
/// @file site_study.hpp
/// Step 7 of the chain: the exposure of each candidate site. For every site (and, for a polygon, every
/// vertex of its outline) the storm hazard gives the peak field; the supplying substations (listed, or
/// the nearest within a radius) give the worst effective GIC; exposure_index() combines the two and
/// rank_sites() orders them. Also the exposure surface over an area, as if a site stood in each cell.

#include <swx/core/base/problems.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/core/base/table.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/core/efield/return_level.hpp>
#include <swx/core/efield/storm_field.hpp>
#include <swx/core/exposure/exposure.hpp>
#include <swx/core/exposure/site.hpp>
#include <swx/core/exposure/supply.hpp>
#include <swx/core/network/network.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace swx {

/// A site's exposure as a return period (return-period studies, docs/hazard-model.md "Exposure as a
/// return period").
struct SiteReturnPeriod {
    double dip_lat_deg = not_a_number;
    double electrojet_factor = not_a_number;
    std::vector<double> periods_years;  ///< the reported return periods
    std::vector<Banded> e_v_per_km;     ///< the site's peak field at each of them
    TermFields reference_terms;         ///< each term at the reference period (100 years)
    std::string dominant_term;
    /// The field at the site that drives its worst supplying transformer to the threshold:
    /// threshold·E_ref(site)/Ieff_ref (the grid's field assumed to scale with the site's); for a site
    /// without a grid, the stated field. +inf where the supplying transformers carry no GIC.
    double e_star_v_per_km = not_a_number;
    double ieff_reference_a = not_a_number;  ///< Ieff of the worst supplying transformer at the reference period, A
    ReturnPeriod return_period;              ///< of e_star_v_per_km on the site's hazard curve
};

/// One site's exposure and every component of it.
struct SiteResult {
    Site site;
    double geomagnetic_lat_deg = not_a_number;
    double alpha = not_a_number;
    std::string earth_model;
    double beta = not_a_number;
    double e_peak_v_per_km = not_a_number;
    double ieff_max_a = not_a_number;  ///< worst effective GIC per phase over the supplying substations, A
    std::size_t n_supplies = 0;
    std::vector<std::string> supplies;
    double dist_substation_km = not_a_number;
    GeoPoint evaluated_at;  ///< the point that gave the index (polygon sites: the worst point)
    double exposure_index = not_a_number;
    std::string exposure_class;
    std::size_t rank = 0;
    std::string flags;  ///< what could not be computed: "no_ground", "no_grid", ...
    std::optional<SiteReturnPeriod> return_period;  ///< return-period studies only
    std::optional<TermFields> storm_terms;          ///< named-storm studies: each term of the event at the site
    std::string dominant_term;                      ///< named-storm studies: the largest of them
    std::optional<FieldProvenance> field_source;    ///< storm-record studies with many magnetometers or MT sites
    /// A supply network with assumed values (a grid built from a public map): ieff_max_a with the assumed
    /// resistances and groundings at the high / low ends of their documented ranges (low / high Ieff).
    /// NaN when the network has no assumed values.
    double ieff_low_a = not_a_number;
    double ieff_high_a = not_a_number;
};

/// Fills each site's storm_terms and dominant_term for a named storm (at the point that gave its index),
/// and flags `unvalidated_latitude` where no published anchor supports the dominant term there.
void add_named_storm_terms(std::vector<SiteResult>& sites, const NamedStormHazard& storm);

/// The grid's side of a site study: the network, and the worst effective GIC of each substation's
/// transformers under the storm. Keeps pointers: the network must outlive it.
struct GridExposure {
    const Network* network = nullptr;       ///< nullptr: no grid (hazard-only index)
    std::vector<double> substation_ieff_a;  ///< per substation, A per phase (0 where no transformer)
};

/// Per substation, the largest of its transformers' values.
[[nodiscard]] std::vector<double> substation_worst(const Network& network, const std::vector<double>& per_transformer);

/// Evaluates every site and ranks them (rank 1 = most exposed; ties broken by criticality). With
/// `levels` (a return-period study) each site also gets its SiteReturnPeriod, a polygon site is
/// evaluated at the point with the highest annual probability, and sites rank by annual probability.
/// @param[in] grid_source the file holding the grid's substations layer, for messages.
/// @param[in,out] problems receives "no_grid" warnings (supplies listed in a study without a grid).
/// @throws InputError naming the site if it lists a substation id that is not in the grid.
[[nodiscard]] std::vector<SiteResult> evaluate_sites(const std::vector<Site>& sites, const HazardModel& hazard,
                                                     const GridExposure& grid, const ExposureParameters& index,
                                                     double supply_radius_km, ProblemSink& problems,
                                                     const std::string& sites_source = "",
                                                     const std::string& grid_source = "",
                                                     const ReturnLevelHazard* levels = nullptr);

/// The supply check of evaluate_sites alone: every listed substation id is in the grid.
/// @throws InputError as evaluate_sites.
void check_supplies(const std::vector<Site>& sites, const GridExposure& grid, ProblemSink& problems,
                    const std::string& sites_source = "", const std::string& grid_source = "");

/// The peak-field raster and the exposure surface (the index of a site supplied by the nearest
/// substation within the radius, in every cell) over `spec`, on all cores.
/// With `levels`, also the return period (years) of the threshold in each cell (docs/hazard-model.md).
struct ExposureRasters {
    Raster peak_e;
    Raster exposure;
    std::optional<Raster> return_period;
};
[[nodiscard]] ExposureRasters exposure_rasters(const GridSpec& spec, const HazardModel& hazard, const GridExposure& grid,
                                               const ExposureParameters& index, double supply_radius_km,
                                               const ReturnLevelHazard* levels = nullptr);

/// The sites table (columns documented in docs/scenario-format.md, and docs/hazard-model.md for the
/// return-period columns, present when the sites have a SiteReturnPeriod), in input order.
[[nodiscard]] FeatureTable sites_table(const std::vector<SiteResult>& sites);

/// The sites in rank order (pointers into `sites`).
[[nodiscard]] std::vector<const SiteResult*> by_rank(const std::vector<SiteResult>& sites);

}  // namespace swx
