#pragma once
/// @file gdal_session.hpp
/// Process-wide GDAL/OGR set-up: registers drivers once and routes GDAL's own error printing into
/// swxrisk's messages (third-party status never leaves io/).

namespace swx::io {

/// Registers all GDAL/OGR drivers and installs a quiet error handler. Safe to call many times.
void ensure_gdal();

}  // namespace swx::io
