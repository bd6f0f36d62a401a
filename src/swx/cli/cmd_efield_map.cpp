// swxrisk efield-map: the NERC scenario's peak geoelectric field over an area, as a GeoTIFF.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/raster_writer.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace swx::cli {

/// Parses "W,S,E,N" (degrees). @throws ConfigError naming the option.
GridSpec parse_bbox(const std::string& text, double resolution_deg, const std::string& option) {
    std::stringstream ss(text);
    std::vector<double> v;
    for (std::string part; std::getline(ss, part, ',');) {
        try {
            std::size_t used = 0;
            v.push_back(std::stod(part, &used));
            if (part.find_first_not_of(" \t", used) != std::string::npos) {
                throw std::invalid_argument(part);
            }
        } catch (const std::exception&) {
            throw ConfigError({"options", "", "", "", option}, "expected four numbers W,S,E,N in degrees, got '" + text + "'");
        }
    }
    if (v.size() != 4) {
        throw ConfigError({"options", "", "", "", option}, "expected four numbers W,S,E,N in degrees, got '" + text + "'");
    }
    GridSpec spec{v[0], v[1], v[2], v[3], resolution_deg};
    spec.validate();
    return spec;
}

namespace {

class EfieldMapCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("efield-map", "peak geoelectric field of a NERC scenario over an area, as a GeoTIFF");
        sub->footer(
            "Each cell: E_peak = E_ref x alpha(dipole latitude) x beta(earth model under the cell centre), V/km;\n"
            "nodata outside the earth regions (unless --earth-model gives the ground there).\n"
            "Example: swxrisk efield-map --scenario nerc-benchmark --earth-regions regions.gpkg --bbox -125,24,-66,50 \\\n"
            "           --resolution 0.05 --out peak_e.tif");
        sub->add_option("--scenario", m_scenario, "nerc-benchmark (8 V/km) or nerc-supplemental (12 V/km)")
            ->required()
            ->check(CLI::IsMember({"nerc-benchmark", "nerc-supplemental"}));
        sub->add_option("--earth-regions", m_regions, "earth-region polygons with a 'model' field (any OGR source)");
        sub->add_option("--earth-model", m_model, "earth model outside the regions, or everywhere without --earth-regions");
        sub->add_option("--models", m_user_models, "a folder of extra earth model files");
        sub->add_option("--waveform", m_waveform, "the event's NERC waveform CSV: computes beta for models that are not NERC regions");
        sub->add_option("--bbox", m_bbox, "area W,S,E,N in degrees (WGS84)")->required();
        sub->add_option("--resolution", m_resolution, "cell size in degrees")->required()->check(CLI::PositiveNumber);
        sub->add_option("--crs", m_crs, "CRS of the output (EPSG code, WKT, PROJ string); other than EPSG:4326 it is warped")
            ->capture_default_str();
        sub->add_option("--epoch", m_epoch, "epoch of the geomagnetic dipole (decimal year)")->capture_default_str();
        sub->add_option("--out", m_out, "output GeoTIFF (.tif)")->required();
        sub->add_flag("--overwrite", m_overwrite, "replace an existing output file");
        return sub;
    }

    int run(Streams& io) override {
        const auto t0 = std::chrono::steady_clock::now();
        const GridSpec spec = parse_bbox(m_bbox, m_resolution, "--bbox");
        if (spec.width() * spec.height() > 400'000'000ULL) {
            throw ConfigError({"efield-map", "", "", "", "--resolution"},
                              "the map would have " + std::to_string(spec.width() * spec.height()) + " cells; use a coarser resolution");
        }
        StreamProblemSink problems(io.err);
        const swx::Ground ground = swx::io::load_ground(m_regions, m_model, m_user_models, problems);
        const NercEvent event = parse_nerc_event(m_scenario);
        const swx::BetaResolver betas = swx::io::load_beta_resolver(event, ground.library(), m_waveform);
        const swx::NercHazard hazard(event, ground, betas, dipole_coefficients(m_epoch, &problems));
        const Raster map = swx::peak_field_map(hazard, spec);

        io::RasterWriteOptions options;
        options.crs = m_crs;
        options.overwrite = m_overwrite;
        options.metadata = {{"SWXRISK_SCENARIO", m_scenario},
                            {"SWXRISK_EARTH_REGIONS", m_regions},
                            {"SWXRISK_EARTH_MODEL", m_model},
                            {"SWXRISK_DIPOLE_EPOCH", std::to_string(m_epoch)},
                            {"SWXRISK_METHOD", "E_peak = E_ref x alpha(centred-dipole latitude) x beta(earth model); NERC TPL-007"}};
        io::write_geotiff(map, m_out, options);

        double lo = INFINITY, hi = -INFINITY;
        std::size_t valid = 0;
        for (const float v : map.values) {
            if (std::isfinite(v)) {
                lo = std::min(lo, static_cast<double>(v));
                hi = std::max(hi, static_cast<double>(v));
                ++valid;
            }
        }
        char line[256];
        std::snprintf(line, sizeof line, "%s peak field: %zu x %zu cells of %g deg, %zu with ground; %.3f to %.3f V/km; %.2f s\nwritten: %s\n",
                      m_scenario.c_str(), spec.width(), spec.height(), m_resolution, valid, valid ? lo : NAN, valid ? hi : NAN,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), m_out.c_str());
        io.out << line;
        return exit_ok;
    }

private:
    std::string m_scenario;
    std::string m_regions;
    std::string m_model;
    std::string m_user_models;
    std::string m_waveform;
    std::string m_bbox;
    double m_resolution = 0.0;
    std::string m_crs = "EPSG:4326";
    double m_epoch = 2025.0;
    std::string m_out;
    bool m_overwrite = false;
};

}  // namespace

std::unique_ptr<Command> make_efield_map_command() { return std::make_unique<EfieldMapCommand>(); }

}  // namespace swx::cli
