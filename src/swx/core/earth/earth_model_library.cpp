#include <swx/core/earth/earth_model_library.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>

namespace swx {

namespace {
constexpr const char* stage = "earth models";
}  // namespace

void EarthModelLibrary::add(EarthModel model) {
    std::string key = upper(model.name());
    if (m_models.count(key) != 0) {
        throw InputError(ErrorContext{stage, "", "", "", "name"}, "duplicate model name '" + model.name() + "'");
    }
    m_models.emplace(std::move(key), std::move(model));
}

void EarthModelLibrary::add_all(const EarthModelLibrary& other) {
    for (const auto& [key, model] : other.m_models) {
        (void)key;
        add(model);
    }
}

bool EarthModelLibrary::contains(const std::string& name) const { return m_models.count(upper(name)) != 0; }

const EarthModel& EarthModelLibrary::find(const std::string& name) const {
    const auto it = m_models.find(upper(name));
    if (it != m_models.end()) {
        return it->second;
    }
    std::string available;
    for (const auto& model_name : names()) {
        available += (available.empty() ? "" : ", ") + model_name;
    }
    throw InputError(ErrorContext{stage, "", "", name, ""},
                     "unknown earth model '" + name + "'; available: " + (available.empty() ? "(none)" : available));
}

std::vector<std::string> EarthModelLibrary::names() const {
    std::vector<std::string> out;
    out.reserve(m_models.size());
    for (const auto& [key, model] : m_models) {
        (void)key;
        out.push_back(model.name());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace swx
