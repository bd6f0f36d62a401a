#pragma once
/// @file nerc.hpp
/// NERC TPL-007 β factors: the β table by NERC region, and β for any earth model (tabulated, or
/// computed from the event's waveform when the model is not a NERC region).

#include <swx/core/earth/earth_model_library.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/storm/waveform.hpp>

#include <map>
#include <optional>
#include <string>

namespace swx {

/// One row of the NERC β table.
struct BetaFactors {
    double benchmark;         ///< β for the 8 V/km benchmark event
    double supplemental;      ///< β for the 12 V/km supplemental event
    std::string description;  ///< region description
};

/// NERC β by upper-case region name (e.g. "AK1", "CP1", "PT1").
using BetaTable = std::map<std::string, BetaFactors>;

/// The NERC β region an earth model's name refers to: the name upper-cased, with AK1A and AK1B (the two
/// published variants of the AK1 model) mapped to AK1. The one place where β-only region names are
/// canonicalised.
[[nodiscard]] std::string nerc_beta_region(const std::string& model_name);

/// β for an earth model under one NERC event: QUE is 1 by definition; a model named like a NERC region
/// takes the table's value; any other model's β is computed from the event's waveform (beta_factor,
/// relative to QUE) and cached.
///
/// The resolver keeps a reference to `library`: the library must outlive it.
class BetaResolver {
public:
    /// @param[in] event the NERC event whose β column is used.
    /// @param[in] library earth models (must contain QUE to compute β); kept by reference.
    /// @param[in] table the NERC β table.
    /// @param[in] waveform the event's E(t) waveform, needed only for models outside the table.
    BetaResolver(NercEvent event, const EarthModelLibrary& library, BetaTable table,
                 std::optional<GeoelectricWaveform> waveform = std::nullopt);

    /// β (dimensionless, > 0) for `model`.
    /// @throws InputError if `model` is not a NERC region and no waveform was given.
    [[nodiscard]] double beta(const std::string& model) const;
    /// Where beta(model) comes from, in words ("NERC table", "computed from <file>", ...).
    [[nodiscard]] std::string source(const std::string& model) const;
    [[nodiscard]] const std::optional<GeoelectricWaveform>& waveform() const noexcept { return m_waveform; }
    [[nodiscard]] NercEvent event() const noexcept { return m_event; }
    [[nodiscard]] const BetaTable& table() const noexcept { return m_table; }

private:
    NercEvent m_event;
    const EarthModelLibrary& m_library;
    BetaTable m_table;
    std::optional<GeoelectricWaveform> m_waveform;
    mutable std::map<std::string, double> m_computed;
};

}  // namespace swx
