// swxrisk gic: GIC in a grid under a uniform field, a NERC TPL-007 scenario or a storm time series.
// The work is swx::study::run_gic (study/gic_run.hpp); this file declares the command line.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>
#include <swx/cli/options.hpp>

#include <swx/core/base/problems.hpp>
#include <swx/study/gic_run.hpp>

namespace swx::cli {

namespace {

class GicCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("gic", "GIC in a power grid: uniform field, NERC scenario, or storm time series");
        sub->footer(
            "Modes:\n"
            "  uniform field   --e-v-per-km E --azimuth-deg A [--sweep]\n"
            "  NERC scenario   --scenario nerc-benchmark|nerc-supplemental --earth-regions R [--earth-model M]\n"
            "                  (peak field 8|12 V/km x alpha(line) x beta(ground), worst direction)\n"
            "  time series     --magnetometer FILE --earth-regions R [--earth-model M]\n"
            "                  --magnetometers FOLDER [--stations T] [--mt-sites EMTF_FOLDER] --earth-regions R [--earth-model M]\n"
            "                  (many records interpolated by SECS; MT tensors within --mt-max-distance-km; field sampled along lines)\n"
            "                  --scenario nerc-benchmark --waveform NERC_WAVEFORM.csv --earth-regions R\n"
            "An option of another mode is a usage error (docs/cli.md lists which option applies to which mode).\n"
            "Writes substations.csv, buses.csv, transformers.csv (with qloss_mvar), lines.csv and gic.gpkg (time series: no buses.csv,\n"
            "and gic_timeseries.h5).\n"
            "Azimuth is clockwise from geographic north: 0 = northward field, 90 = eastward.\n"
            "Example: swxrisk gic --grid datasets/horton2012 --e-v-per-km 1 --azimuth-deg 90 --sweep --out out/horton");
        sub->add_option("--grid", m_r.grid,
                        "grid: GeoPackage, folder of GeoJSON files, any OGR source; a PSS/E .raw (with --gic) or a MATPOWER-GMD .m")
            ->required();
        sub->add_option("--gic", m_r.grid_gic, "the PSS/E GIC data file (.gic, GICFILEVRSN 3 or 4) that goes with a .raw --grid");
        add_option(sub, io::options::e_v_per_km, m_r.e_v_per_km);
        add_option(sub, io::options::azimuth_deg, m_r.azimuth_deg);
        sub->add_option("--distance", m_r.distance,
                        "uniform field: line EMF integration, geodesic (along the route on WGS84) or nerc (straight, NERC/Horton "
                        "formula); default nerc for PSS/E and MATPOWER cases (as PowerWorld), geodesic otherwise")
            ->check(CLI::IsMember({"geodesic", "nerc"}));
        sub->add_flag("--sweep", m_r.sweep, "uniform field: also the worst direction per transformer (ieff_max_a, worst_azimuth_deg)");
        add_scenario_option(sub, m_r.storm.scenario);
        add_option(sub, io::options::waveform, m_r.storm.waveform);
        add_option(sub, io::options::magnetometer, m_r.storm.magnetometer);
        add_magnetometer_format_options(sub, m_r.storm.magnetometer_options);
        add_field_options(sub, m_r.storm.field, true);
        add_ground_options(sub, m_r.ground);
        add_option(sub, io::options::epoch, m_r.storm.epoch);
        add_option(sub, io::options::threshold_a, m_r.threshold_a);
        add_option(sub, io::options::hdf5_deflate, m_r.hdf5_deflate);
        sub->add_option("--out", m_r.out, "output folder (created; must be empty unless --overwrite)")->required();
        sub->add_flag("--overwrite", m_r.overwrite, "replace results in an existing output folder");
        sub->add_flag("-q,--quiet", m_quiet, "print no summary");
        m_sub = sub;
        return sub;
    }

    int run(Streams& io) override {
        // The options given on the command line: study::gic_mode refuses those the mode does not use.
        for (const CLI::Option* o : m_sub->get_options()) {
            if (o->count() > 0) {
                for (const auto& name : o->get_lnames()) {
                    m_r.given_options.push_back("--" + name);
                }
            }
        }
        StreamProblemSink problems(io.err);
        study::run_gic(m_r, problems, m_quiet ? nullptr : &io.out);
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    study::GicRequest m_r;
    bool m_quiet = false;
    CLI::App* m_sub = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_gic_command() { return std::make_unique<GicCommand>(); }

}  // namespace swx::cli
