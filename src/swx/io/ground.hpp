#pragma once
/// @file ground.hpp
/// The ground under a study: earth models, optional earth-region polygons that assign a model to each
/// place, and an optional fallback model for places outside every region (or everywhere, when no
/// regions are given). Couples line routes to per-model field sources.

#include <swx/core/earth_model.hpp>
#include <swx/core/earth_regions.hpp>
#include <swx/core/gic_timeseries.hpp>
#include <swx/core/network.hpp>
#include <swx/core/problems.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/geodesy.hpp>

#include <optional>
#include <string>
#include <vector>

namespace swx::io {

class Ground {
public:
    /// @param[in] regions_path earth-region polygons (any OGR source; "" = none)
    /// @param[in] fallback_model model for places outside every region ("" = none)
    /// @param[in] user_models_dir extra model files ("" = only the bundled ones)
    /// @throws InputError if neither regions nor a fallback model is given, a region or the fallback
    ///         names an unknown model, or the regions file is invalid.
    Ground(const std::string& regions_path, const std::string& fallback_model, const std::string& user_models_dir,
           ProblemSink& problems);

    /// The earth model at a point: its region's, else the fallback; nullptr where neither applies.
    [[nodiscard]] const EarthModel* model_at(GeoPoint p) const;
    [[nodiscard]] const EarthModelLibrary& library() const noexcept { return m_library; }
    [[nodiscard]] const EarthRegions* regions() const noexcept { return m_regions ? &*m_regions : nullptr; }
    [[nodiscard]] const std::string& fallback_model() const noexcept { return m_fallback; }
    /// Distinct model names in use (regions' models in order of appearance, then the fallback).
    [[nodiscard]] std::vector<std::string> model_names() const;

private:
    EarthModelLibrary m_library;
    std::optional<EarthRegions> m_regions;
    std::string m_fallback;
};

/// Line routes split by ground model: `couplings[l].parts[k].source` indexes `models`.
struct LineGroundCoupling {
    std::vector<LineCoupling> couplings;
    std::vector<std::string> models;  ///< one field source per distinct model
};

/// Splits every line's route at region boundaries and integrates each piece geodesically.
/// @throws InputError naming the line if part of its route lies outside every region and there is no
///         fallback model.
[[nodiscard]] LineGroundCoupling couple_lines(const Network& network, const Ground& ground);

}  // namespace swx::io

#include <swx/core/geomag.hpp>
#include <swx/io/waveform.hpp>

#include <map>

namespace swx::io {

/// The NERC β-table region of a model: the model name upper-cased, with the USGS AK1A/AK1B split folded
/// into the table's single AK1 row.
[[nodiscard]] std::string nerc_beta_region(const std::string& model_name);

/// β per earth model for a NERC event: the NERC table value where the model is a NERC region, else
/// computed from the event's geoelectric waveform (if one was given) as the ratio of peak fields over
/// the model and over the Quebec reference (docs/geoelectric-model.md).
class BetaResolver {
public:
    /// @param waveform_path the NERC waveform CSV of the event, or "" (then non-NERC models are errors)
    BetaResolver(NercEvent event, const EarthModelLibrary& library, const std::string& waveform_path);
    /// @throws InputError for a model with no table value when no waveform was given.
    [[nodiscard]] double beta(const std::string& model) const;
    /// "NERC table" or "computed from <waveform>".
    [[nodiscard]] std::string source(const std::string& model) const;
    [[nodiscard]] const std::optional<GeoelectricWaveform>& waveform() const noexcept { return m_waveform; }
    [[nodiscard]] NercEvent event() const noexcept { return m_event; }

private:
    NercEvent m_event;
    const EarthModelLibrary& m_library;
    std::map<std::string, BetaFactors> m_table;
    std::optional<GeoelectricWaveform> m_waveform;
    mutable std::map<std::string, double> m_computed;
};

}  // namespace swx::io
