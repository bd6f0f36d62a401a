#include <swx/core/storm/nerc.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/efield.hpp>

namespace swx {

std::string nerc_beta_region(const std::string& model_name) {
    const std::string key = upper(model_name);
    return key == "AK1A" || key == "AK1B" ? std::string("AK1") : key;
}

BetaResolver::BetaResolver(NercEvent event, const EarthModelLibrary& library, BetaTable table,
                           std::optional<GeoelectricWaveform> waveform)
    : m_event(event), m_library(library), m_table(std::move(table)), m_waveform(std::move(waveform)) {}

double BetaResolver::beta(const std::string& model) const {
    if (nerc_beta_region(model) == "QUE") {
        return 1.0;  // the NERC reference earth: β = 1 by definition
    }
    const auto it = m_table.find(nerc_beta_region(model));
    if (it != m_table.end()) {
        return m_event == NercEvent::benchmark ? it->second.benchmark : it->second.supplemental;
    }
    const auto cached = m_computed.find(model);
    if (cached != m_computed.end()) {
        return cached->second;
    }
    if (!m_waveform) {
        throw InputError({"scenario", "", "", model, "beta"},
                         "earth model '" + model + "' is not a NERC region, so it has no tabulated beta; give the NERC " +
                             to_string(m_event) + " waveform (--waveform) to compute it");
    }
    const double b = beta_factor(m_library.find(model), m_library.find("QUE"), m_waveform->e_north_v_per_km,
                                 m_waveform->e_east_v_per_km, m_waveform->dt_s);
    m_computed.emplace(model, b);
    return b;
}

std::string BetaResolver::source(const std::string& model) const {
    if (nerc_beta_region(model) == "QUE") {
        return "NERC reference, 1 by definition";
    }
    if (m_table.count(nerc_beta_region(model)) != 0) {
        return "NERC table";
    }
    return m_waveform ? "computed from " + m_waveform->source_path : "none";
}

}  // namespace swx
