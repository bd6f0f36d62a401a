// swxrisk efield-map: a NERC scenario's peak geoelectric field over an area, as a GeoTIFF.
// The work is swx::study::run_efield_map (study/efield_run.hpp).

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>
#include <swx/cli/options.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/study/efield_run.hpp>

namespace swx::cli {

namespace {

class EfieldMapCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("efield-map", "peak geoelectric field of a NERC scenario or a storm record over an area, as a GeoTIFF");
        sub->footer(
            "Each cell: E_peak = E_ref x alpha(dipole latitude) x beta(earth model under the cell centre), V/km;\n"
            "nodata outside the earth regions (unless --earth-model gives the ground there).\n"
            "Example: swxrisk efield-map --scenario nerc-benchmark --earth-regions regions.gpkg --bbox -125,24,-66,50 \\\n"
            "           --resolution 0.05 --out peak_e.tif\n"
            "Storm records (--magnetometer, or --magnetometers with SECS; --mt-sites for MT tensors): each cell is max |E(t)|\n"
            "outside the record's edge zones; --series-out E.h5 also writes E(t) on the grid (time x lat x lon, HDF5).");
        add_scenario_option(sub, m_r.storm.scenario);
        add_option(sub, io::options::magnetometer, m_r.storm.magnetometer);
        add_magnetometer_format_options(sub, m_r.storm.magnetometer_options);
        add_field_options(sub, m_r.storm.field, false);
        sub->add_option("--series-out", m_r.series_out, "storm records: also E(t) on the grid as HDF5 (.h5)");
        add_ground_options(sub, m_r.ground);
        add_option(sub, io::options::waveform, m_r.storm.waveform);
        sub->add_option("--bbox", m_bbox, "area W,S,E,N in degrees (WGS84)")->required();
        add_option(sub, io::options::resolution_deg, m_resolution, "--resolution")->required();
        add_option(sub, io::options::crs, m_r.crs)->capture_default_str();
        add_option(sub, io::options::epoch, m_r.storm.epoch);
        sub->add_option("--out", m_r.out, "output GeoTIFF (.tif)")->required();
        sub->add_flag("--overwrite", m_r.overwrite, "replace an existing output file");
        return sub;
    }

    int run(Streams& io) override {
        if (m_r.storm.scenario.empty() && m_r.storm.magnetometer.empty() && m_r.storm.field.magnetometers.empty()) {
            throw ConfigError({"efield-map", "", "", "", "--scenario"}, "give --scenario, --magnetometer or --magnetometers");
        }
        m_r.area = study::parse_bbox(m_bbox, m_resolution, "--bbox");
        StreamProblemSink problems(io.err);
        study::run_efield_map(m_r, problems, &io.out);
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    study::EfieldMapRequest m_r;
    std::string m_bbox;
    double m_resolution = 0.0;
};

}  // namespace

std::unique_ptr<Command> make_efield_map_command() { return std::make_unique<EfieldMapCommand>(); }

}  // namespace swx::cli
