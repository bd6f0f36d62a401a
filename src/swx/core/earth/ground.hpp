#pragma once
/// @file ground.hpp
/// The ground under a study area: earth-region polygons, each naming a 1-D earth model (or a NERC β
/// region), and an optional fallback model for everywhere outside them. A plain value object; loading
/// it from files is io's job (swx/io/ground_loader.hpp).

#include <swx/core/earth/earth_model_library.hpp>
#include <swx/core/earth/earth_regions.hpp>
#include <swx/core/storm/nerc.hpp>

#include <optional>
#include <string>
#include <vector>

namespace swx {

/// Which earth model lies under each point. Not modelled: lateral variation inside a region (each
/// region is one 1-D model), and 3-D effects at region boundaries and coasts.
class Ground {
public:
    /// @param[in] library the earth models (bundled and user models).
    /// @param[in] regions region polygons (may be absent when a fallback is given).
    /// @param[in] fallback_model model for points outside every region; empty for none.
    /// @param[in] beta_table the NERC β table: a region may name a β region with no model file (e.g. RM),
    ///            enough for the NERC scenarios, which need β only.
    /// @param[in] regions_source the regions' file, for messages.
    /// @throws ConfigError if neither regions nor a fallback model is given.
    /// @throws InputError if the fallback is not in the library, or a region names a model that is
    ///         neither in the library nor a NERC β region (the message names the region and the file).
    Ground(EarthModelLibrary library, std::optional<EarthRegions> regions, const std::string& fallback_model,
           const BetaTable& beta_table, const std::string& regions_source = "");

    /// The earth model at `p`: the region's model, else the fallback; nullptr where neither applies.
    /// @throws InputError if the region at `p` names a β-only region (no model file).
    [[nodiscard]] const EarthModel* model_at(GeoPoint p) const;
    [[nodiscard]] const EarthModelLibrary& library() const noexcept { return m_library; }
    [[nodiscard]] const EarthRegions* regions() const noexcept { return m_regions ? &*m_regions : nullptr; }
    [[nodiscard]] const std::string& fallback_model() const noexcept { return m_fallback; }
    /// The NERC β table the ground was checked against (kept so that β is resolved from the same table,
    /// read once).
    [[nodiscard]] const BetaTable& beta_table() const noexcept { return m_beta_table; }
    /// The canonical name of a region's model: the library's spelling if it has the model, else the NERC
    /// β region (nerc_beta_region).
    [[nodiscard]] std::string canonical_model(const std::string& name) const;
    /// Distinct model names in use (canonical; regions in order, then the fallback).
    [[nodiscard]] std::vector<std::string> model_names() const;

private:
    EarthModelLibrary m_library;
    std::optional<EarthRegions> m_regions;
    std::string m_fallback;
    BetaTable m_beta_table;
};

}  // namespace swx
