#include <swx/core/earth/ground.hpp>

#include <swx/core/base/error.hpp>

#include <algorithm>

namespace swx {

Ground::Ground(EarthModelLibrary library, std::optional<EarthRegions> regions, const std::string& fallback_model,
               const BetaTable& beta_table, const std::string& regions_source)
    : m_library(std::move(library)), m_regions(std::move(regions)), m_beta_table(beta_table) {
    if (!m_regions && fallback_model.empty()) {
        throw ConfigError({"ground", "", "", "", "--earth-regions"},
                          "give earth regions (polygons with a 'model' field) or one earth model for the whole area");
    }
    if (!fallback_model.empty()) {
        m_fallback = m_library.find(fallback_model).name();  // throws for an unknown model
    }
    if (m_regions) {
        for (std::size_t i = 0; i < m_regions->size(); ++i) {
            const EarthRegion& r = m_regions->region(i);
            if (!m_library.contains(r.model) && beta_table.count(nerc_beta_region(r.model)) == 0) {
                throw InputError({"readers.earth_regions", regions_source, "", r.id.empty() ? "#" + std::to_string(i + 1) : r.id,
                                  "model"},
                                 "unknown earth model '" + r.model + "' (see 'swxrisk earth list')");
            }
        }
    }
}

const EarthModel* Ground::model_at(GeoPoint p) const {
    if (m_regions) {
        if (const auto r = m_regions->region_at(p)) {
            return &m_library.find(m_regions->region(*r).model);
        }
    }
    return m_fallback.empty() ? nullptr : &m_library.find(m_fallback);
}

std::string Ground::canonical_model(const std::string& name) const {
    return m_library.contains(name) ? m_library.find(name).name() : nerc_beta_region(name);
}

std::vector<std::string> Ground::model_names() const {
    std::vector<std::string> names;
    if (m_regions) {
        for (const auto& n : m_regions->model_names()) {
            const std::string canonical = canonical_model(n);
            if (std::find(names.begin(), names.end(), canonical) == names.end()) {
                names.push_back(canonical);
            }
        }
    }
    if (!m_fallback.empty() && std::find(names.begin(), names.end(), m_fallback) == names.end()) {
        names.push_back(m_fallback);
    }
    return names;
}

}  // namespace swx
