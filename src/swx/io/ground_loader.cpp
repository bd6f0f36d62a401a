#include <swx/io/ground_loader.hpp>

#include <swx/io/earth_models.hpp>
#include <swx/io/earth_regions_reader.hpp>
#include <swx/io/waveform.hpp>

#include <optional>

namespace swx::io {

Ground load_ground(const std::string& regions_path, const std::string& fallback_model, const std::string& user_models_dir,
                   ProblemSink& problems) {
    EarthModelLibrary library = load_earth_models_with(user_models_dir);
    if (regions_path.empty()) {
        return Ground(std::move(library), std::nullopt, fallback_model, load_default_beta_table());
    }
    if (!fallback_model.empty()) {
        (void)library.find(fallback_model);  // an unknown fallback is reported before the regions are read
    }
    EarthRegions regions = read_earth_regions(regions_path, problems);
    return Ground(std::move(library), std::move(regions), fallback_model, load_default_beta_table(), regions_path);
}

BetaResolver load_beta_resolver(NercEvent event, const Ground& ground, const std::string& waveform_path) {
    std::optional<GeoelectricWaveform> waveform;
    if (!waveform_path.empty()) {
        waveform = read_geoelectric_waveform(waveform_path);
    }
    return BetaResolver(event, ground.library(), ground.beta_table(), std::move(waveform));
}

}  // namespace swx::io
