#include <swx/io/ground.hpp>

#include <swx/core/error.hpp>
#include <swx/io/earth_regions_reader.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace swx::io {

Ground::Ground(const std::string& regions_path, const std::string& fallback_model, const std::string& user_models_dir,
               ProblemSink& problems)
    : m_library(EarthModelLibrary::load_default()), m_fallback(fallback_model) {
    if (!user_models_dir.empty()) {
        const EarthModelLibrary user = EarthModelLibrary::load_directory(user_models_dir);
        for (const auto& name : user.names()) {
            m_library.add(user.find(name));
        }
    }
    if (regions_path.empty() && fallback_model.empty()) {
        throw ConfigError({"ground", "", "", "", "--earth-regions"},
                          "give earth regions (polygons with a 'model' field) or one earth model for the whole area");
    }
    if (!fallback_model.empty()) {
        m_fallback = m_library.find(fallback_model).name();  // throws for an unknown model
    }
    if (!regions_path.empty()) {
        m_regions = read_earth_regions(regions_path, problems);
        const auto table = load_default_beta_table();
        for (std::size_t i = 0; i < m_regions->size(); ++i) {
            const EarthRegion& r = m_regions->region(i);
            // A region may name a NERC β region without a model file (e.g. RM, OZARK): enough for the NERC
            // scenarios, which need β only; a storm time series needs the model itself (checked then).
            if (!m_library.contains(r.model) && table.count(nerc_beta_region(r.model)) == 0) {
                throw InputError({"readers.earth_regions", regions_path, "", r.id.empty() ? "#" + std::to_string(i + 1) : r.id, "model"},
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

std::vector<std::string> Ground::model_names() const {
    std::vector<std::string> names;
    if (m_regions) {
        for (const auto& n : m_regions->model_names()) {
            const std::string canonical = m_library.contains(n) ? m_library.find(n).name() : nerc_beta_region(n);
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

LineGroundCoupling couple_lines(const Network& network, const Ground& ground) {
    LineGroundCoupling out;
    out.models = ground.model_names();
    std::map<std::string, std::size_t> source_of;
    for (std::size_t k = 0; k < out.models.size(); ++k) {
        source_of[out.models[k]] = k;
    }
    out.couplings.resize(network.lines.size());
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        const auto route = network.route(network.lines[l]);
        std::vector<RegionDisplacement> parts;
        if (const EarthRegions* regions = ground.regions()) {
            parts = region_displacements(*regions, route);
        } else {
            parts.push_back({std::nullopt, geodesic_displacement(route)});
        }
        for (const auto& part : parts) {
            std::string model;
            if (part.region) {
                const std::string& name = ground.regions()->region(*part.region).model;
                model = ground.library().contains(name) ? ground.library().find(name).name() : nerc_beta_region(name);
            } else if (!ground.fallback_model().empty()) {
                model = ground.fallback_model();
            } else {
                if (std::hypot(part.d.north_km, part.d.east_km) < 1e-6) {
                    continue;  // a touch of the boundary, not a stretch of line
                }
                throw InputError({"ground", "", "lines", network.lines[l].id, "geometry"},
                                 "part of the line's route lies outside every earth region; give --earth-model for the "
                                 "ground outside the regions, or extend the regions");
            }
            auto& existing = out.couplings[l].parts;
            const std::size_t source = source_of.at(model);
            const auto it = std::find_if(existing.begin(), existing.end(), [&](const auto& p) { return p.source == source; });
            if (it == existing.end()) {
                existing.push_back({source, part.d});
            } else {
                it->d.north_km += part.d.north_km;
                it->d.east_km += part.d.east_km;
            }
        }
    }
    return out;
}

}  // namespace swx::io

#include <swx/core/efield.hpp>

#include <cctype>

namespace swx::io {

std::string nerc_beta_region(const std::string& model_name) {
    std::string key;
    for (const char c : model_name) {
        key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return key == "AK1A" || key == "AK1B" ? std::string("AK1") : key;
}

BetaResolver::BetaResolver(NercEvent event, const EarthModelLibrary& library, const std::string& waveform_path)
    : m_event(event), m_library(library), m_table(load_default_beta_table()) {
    if (!waveform_path.empty()) {
        m_waveform = read_geoelectric_waveform(waveform_path);
    }
}

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

}  // namespace swx::io
