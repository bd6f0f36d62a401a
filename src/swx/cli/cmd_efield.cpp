// swxrisk efield: the geoelectric field E(t) from a magnetometer record over a 1-D earth model.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/efield/efield.hpp>
#include <swx/core/base/error.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/efield_writer.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/output_directory.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace swx::cli {

namespace {

class EfieldCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("efield", "geoelectric field E(t) from a magnetometer record over a layered earth");
        sub->footer(
            "OUT ending in .csv: columns time,ex_v_per_km,ey_v_per_km (x north, y east, UTC ISO 8601).\n"
            "OUT ending in .h5: HDF5 with time, ex/ey and provenance attributes (docs/output-formats.md).\n"
            "Example: swxrisk efield --magnetometer frd_1989.csv --earth-model PT1 --out frd_pt1.csv");
        sub->add_option("--magnetometer", m_input, "IAGA-2002 file or CSV with time, X (north) and Y (east) in nT")->required();
        sub->add_option("--earth-model", m_model, "earth model name (swxrisk earth list)")->required();
        sub->add_option("--out", m_out, "output file: .csv or .h5")->required();
        sub->add_option("--time-column", m_options.time_column, "CSV: name of the time column (default: found by name)");
        sub->add_option("--x-column", m_options.x_column, "CSV: name of the X (north, nT) column");
        sub->add_option("--y-column", m_options.y_column, "CSV: name of the Y (east, nT) column");
        sub->add_option("--max-gap-s", m_options.max_gap_s, "longest gap interpolated linearly, s; longer gaps are an error")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        sub->add_option("--models", m_user_dir, "a folder of extra earth model files");
        sub->add_flag("--overwrite", m_overwrite, "replace an existing output file");
        return sub;
    }

    int run(Streams& io) override {
        const std::string ext = std::filesystem::path(m_out).extension().string();
        if (ext != ".csv" && ext != ".h5" && ext != ".hdf5") {
            throw ConfigError({"efield", m_out, "", "", "--out"}, "output must end in .csv or .h5");
        }
        swx::EarthModelLibrary library = io::load_default_earth_models();
        if (!m_user_dir.empty()) {
            const auto user = io::load_earth_models(m_user_dir);
            for (const auto& n : user.names()) {
                library.add(user.find(n));
            }
        }
        const EarthModel& model = library.find(m_model);
        const io::MagnetometerSeries b = io::read_magnetometer(m_input, m_options);
        io::OutputFile out(m_out, m_overwrite);

        const GeoelectricSeries e = geoelectric_from_magnetic(model, b.bx_nt, b.by_nt, b.dt_s);
        std::size_t peak = 0;
        double peak_v = 0.0;
        for (std::size_t i = 0; i < e.ex_v_per_km.size(); ++i) {
            const double m = std::hypot(e.ex_v_per_km[i], e.ey_v_per_km[i]);
            if (m > peak_v) {
                peak_v = m;
                peak = i;
            }
        }
        io::EfieldRecord record{b, model.name(), e};
        if (ext == ".csv") {
            io::write_efield_csv(record, out.staged());
        } else {
            io::write_efield_hdf5(record, out.staged());
        }
        out.commit();

        char line[512];
        std::snprintf(line, sizeof line, "%s: %zu samples at %g s from %s%s, %zu interpolated; earth model %s\n",
                      b.station.empty() ? m_input.c_str() : b.station.c_str(), b.size(), b.dt_s,
                      io::format_iso8601_utc(b.t0_unix_s).c_str(), "", b.n_interpolated, model.name().c_str());
        io.out << line;
        std::snprintf(line, sizeof line, "peak |E| %.4f V/km at %s (E_x north %.4f, E_y east %.4f V/km)\nwritten: %s\n", peak_v,
                      io::format_iso8601_utc(b.t0_unix_s + static_cast<std::int64_t>(std::llround(static_cast<double>(peak) * b.dt_s))).c_str(),
                      e.ex_v_per_km[peak], e.ey_v_per_km[peak], m_out.c_str());
        io.out << line;
        return exit_ok;
    }

private:
    std::string m_input;
    std::string m_model;
    std::string m_out;
    std::string m_user_dir;
    io::MagnetometerOptions m_options;
    bool m_overwrite = false;
};

}  // namespace

std::unique_ptr<Command> make_efield_command() { return std::make_unique<EfieldCommand>(); }

}  // namespace swx::cli
