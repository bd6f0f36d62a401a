#pragma once
/// @file ensemble_config_reader.hpp
/// Reading the `[ensemble]` table of a scenario file (study_config.cpp).
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <swx/io/ensemble_config.hpp>

#include <toml++/toml.h>

#include <optional>
#include <string>

namespace swx::io::detail {

/// The `[ensemble]` table of `root`, or nullopt without one.
/// @throws ConfigError naming `path` and the key ("ensemble.grounding.sigma_ln").
[[nodiscard]] std::optional<EnsembleConfig> read_ensemble_config(const toml::table& root, const std::string& path);

}  // namespace swx::io::detail
