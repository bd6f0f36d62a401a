#pragma once
/// @file earth_model_library.hpp
/// A set of 1-D earth models looked up by name, case-insensitively. Loading them from files is io's job
/// (swx/io/earth_models.hpp: load_earth_models, load_default_earth_models).

#include <swx/core/earth/earth_model.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace swx {

/// Earth models by name. Names are unique regardless of case; find() and contains() ignore case and
/// names() gives each model's own spelling.
class EarthModelLibrary {
public:
    EarthModelLibrary() = default;

    /// Adds a model. @throws InputError if a model of the same name (ignoring case) is already there;
    /// the library is then unchanged.
    void add(EarthModel model);

    /// Adds every model of `other`, replacing none. @throws InputError on a duplicate name (models added
    /// before the duplicate stay).
    void add_all(const EarthModelLibrary& other);

    /// The model called `name` (any case). @throws InputError naming the available models if absent.
    [[nodiscard]] const EarthModel& find(const std::string& name) const;

    /// Whether a model called `name` (any case) is in the library.
    [[nodiscard]] bool contains(const std::string& name) const;

    /// The models' names, sorted.
    [[nodiscard]] std::vector<std::string> names() const;

    [[nodiscard]] std::size_t size() const noexcept { return m_models.size(); }

private:
    std::map<std::string, EarthModel> m_models;  // key: upper-case name
};

}  // namespace swx
