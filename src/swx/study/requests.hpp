#pragma once
/// @file requests.hpp
/// Option groups shared by the workflows of swx::study, as plain structs. Their names, help and ranges
/// are declared in swx/io/options.hpp; the CLI binds flags to these fields and Python keywords.

#include <swx/io/field_config.hpp>
#include <swx/io/magnetometer.hpp>

#include <string>

namespace swx::study {

/// The ground: earth-region polygons, a fallback model, a folder of extra models.
struct GroundRequest {
    std::string earth_regions;  ///< options::earth_regions
    std::string earth_model;    ///< options::earth_model
    std::string models_dir;     ///< options::models
    [[nodiscard]] bool given() const { return !earth_regions.empty() || !earth_model.empty(); }
};

/// The storm: a NERC scenario (optionally with its waveform), or a magnetometer record.
struct StormRequest {
    std::string scenario;      ///< options::scenario
    std::string waveform;      ///< options::waveform
    std::string magnetometer;  ///< options::magnetometer
    io::MagnetometerOptions magnetometer_options;  ///< options::magnetometer_format
    double epoch = 2025.0;     ///< options::epoch
    /// Many magnetometers (SECS) and MT sites: the field varies in space (issue 11). MT sites belong to the
    /// ground, but they act only on a storm record, so they are kept with it.
    io::FieldConfig field;
};

}  // namespace swx::study
