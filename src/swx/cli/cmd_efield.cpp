// swxrisk efield: the geoelectric field E(t) from a magnetometer record over a 1-D earth model.
// The work is swx::study::run_efield (study/efield_run.hpp).

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>
#include <swx/cli/options.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/study/efield_run.hpp>

namespace swx::cli {

namespace {

class EfieldCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("efield", "geoelectric field E(t) from a magnetometer record over a layered earth");
        sub->footer(
            "OUT ending in .csv: columns time,ex_v_per_km,ey_v_per_km (x north, y east, UTC ISO 8601).\n"
            "OUT ending in .h5: HDF5 with time, ex/ey and provenance attributes (docs/output-formats.md).\n"
            "Many records (--magnetometers, SECS between stations) and/or MT impedance tensors (--mt-sites): E(t) at --at LAT,LON,\n"
            "over the nearest MT site within --mt-max-distance-km, else the 1-D model (--earth-regions / --earth-model) there.\n"
            "Example: swxrisk efield --magnetometer frd_1989.csv --earth-model PT1 --out frd_pt1.csv\n"
            "Example: swxrisk efield --magnetometer 2024E04_50112.csv --mt-sites emtf/ --mt-max-distance-km 3000 --at 36.5,-89.5 \\\n"
            "           --earth-model IP4 --out e.csv");
        add_option(sub, io::options::magnetometer, m_r.magnetometer);
        sub->add_option("--earth-model", m_r.earth_model, "earth model name (swxrisk earth list)");
        add_option(sub, io::options::earth_regions, m_r.earth_regions);
        add_field_options(sub, m_r.field, false);
        sub->add_option("--at", m_r.at, "LAT,LON (degrees): where E(t) is wanted (with --magnetometers or --mt-sites)");
        sub->add_option("--out", m_r.out, "output file: .csv or .h5")->required();
        add_magnetometer_format_options(sub, m_r.magnetometer_options);
        add_option(sub, io::options::models, m_r.models_dir);
        sub->add_flag("--overwrite", m_r.overwrite, "replace an existing output file");
        return sub;
    }

    int run(Streams& io) override {
        if (m_r.magnetometer.empty() && m_r.field.magnetometers.empty()) {
            throw ConfigError({"efield", "", "", "", "--magnetometer"}, "give a storm record: --magnetometer FILE or --magnetometers FOLDER");
        }
        if (m_r.earth_model.empty() && !m_r.field.varying()) {
            throw ConfigError({"efield", "", "", "", "--earth-model"}, "give the ground: --earth-model NAME");
        }
        StreamProblemSink problems(io.err);
        study::run_efield(m_r, &io.out, &problems);
        return problems.count(Severity::error) > 0 ? exit_problems : exit_ok;
    }

private:
    study::EfieldRequest m_r;
};

}  // namespace

std::unique_ptr<Command> make_efield_command() { return std::make_unique<EfieldCommand>(); }

}  // namespace swx::cli
