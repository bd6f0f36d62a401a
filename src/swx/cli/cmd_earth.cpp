// swxrisk earth list | show: the layered earth models, their impedance and β.

#include <swx/cli/cli.hpp>
#include <swx/cli/command.hpp>

#include <swx/core/earth/earth_model.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/base/error.hpp>
#include <swx/core/base/table.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/table_writer.hpp>
#include <swx/io/waveform.hpp>

#include <cctype>
#include <cstdio>

namespace swx::cli {

namespace {

class EarthCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        CLI::App* sub = app.add_subcommand("earth", "the 1-D layered earth models: list them, show one (impedance, beta)");
        sub->require_subcommand(1);
        sub->add_option("--models", m_user_dir, "a folder of extra model files (<NAME>.toml, docs/earth-models.md)");
        m_list = sub->add_subcommand("list", "list the earth models with their NERC beta factors");
        m_show = sub->add_subcommand("show", "layers, apparent resistivity and phase versus period, and beta of one model");
        // --models may also follow the subcommand ("earth show T1 --models DIR"), as users write it.
        m_list->add_option("--models", m_user_dir_after, "a folder of extra model files (same as before 'list')");
        m_show->add_option("--models", m_user_dir_after, "a folder of extra model files (same as before 'show')");
        m_show->add_option("model", m_model, "model name (see 'swxrisk earth list')")->required();
        m_show->add_option("--out", m_out, "also write the impedance table to this CSV file");
        m_show->add_option("--waveform", m_waveform,
                           "NERC geoelectric waveform CSV (Time, E_EW, E_NS over the Quebec model): compute beta of the model");
        m_show->add_option("--periods", m_per_decade, "periods per decade in the table (1 s to 100,000 s)")
            ->capture_default_str()
            ->check(CLI::Range(1, 100));
        m_show->add_flag("--overwrite", m_overwrite, "replace an existing --out file");
        m_show->footer("Examples:\n  swxrisk earth show PT1\n  swxrisk earth show CP2 --out cp2.csv --waveform NERC_GMDBenchmarkEventTimeSeries.csv");
        return sub;
    }

    int run(Streams& io) override {
        if (!m_user_dir.empty() && !m_user_dir_after.empty() && m_user_dir != m_user_dir_after) {
            throw ConfigError({"earth", "", "", "", "--models"}, "given twice with different folders ('" + m_user_dir + "' and '" +
                                                                     m_user_dir_after + "'): give it once");
        }
        const swx::EarthModelLibrary library = io::load_earth_models_with(m_user_dir.empty() ? m_user_dir_after : m_user_dir);
        const auto betas = io::load_default_beta_table();
        if (m_list->parsed()) {
            return list(io, library, betas);
        }
        return show(io, library, betas);
    }

private:
    /// The NERC β of a model as `gic` and the study use it (BetaResolver): QUE 1 by definition, a NERC
    /// region its table value, any other model none.
    static std::optional<swx::BetaFactors> nerc_beta(const std::string& name, const std::map<std::string, swx::BetaFactors>& betas) {
        if (swx::nerc_beta_region(name) == "QUE") {
            return swx::BetaFactors{1.0, 1.0, "NERC reference earth (Quebec)"};
        }
        const auto it = betas.find(swx::nerc_beta_region(name));
        return it == betas.end() ? std::nullopt : std::optional<swx::BetaFactors>(it->second);
    }

    static int list(Streams& io, const swx::EarthModelLibrary& library, const std::map<std::string, swx::BetaFactors>& betas) {
        char line[512];
        std::snprintf(line, sizeof line, "%-9s %6s %10s %9s %9s  %s\n", "model", "layers", "depth_km", "beta_8", "beta_12",
                      "description");
        io.out << line;
        for (const auto& name : library.names()) {
            const EarthModel& m = library.find(name);
            std::string b8 = "-", b12 = "-";
            if (const auto b = nerc_beta(name, betas)) {
                b8 = format_fixed(b->benchmark, 2);
                b12 = format_fixed(b->supplemental, 2);
            }
            std::snprintf(line, sizeof line, "%-9s %6zu %10.1f %9s %9s  %s\n", name.c_str(), m.layers().size(),
                          m.depth_to_half_space_m() / 1000.0, b8.c_str(), b12.c_str(), m.description().c_str());
            io.out << line;
        }
        io.out << library.size() << " models. beta_8 / beta_12: NERC TPL-007 beta for the benchmark / supplemental event "
                  "(table values; QUE is the NERC reference, 1 by definition; '-' = not a NERC region: use 'earth show MODEL "
                  "--waveform FILE').\n";
        return exit_ok;
    }

    int show(Streams& io, const swx::EarthModelLibrary& library, const std::map<std::string, swx::BetaFactors>& betas) const {
        const EarthModel& m = library.find(m_model);
        std::optional<io::OutputFile> out;
        if (!m_out.empty()) {
            out.emplace(m_out, m_overwrite);  // checked before any work
        }
        std::optional<swx::GeoelectricWaveform> waveform;
        if (!m_waveform.empty()) {
            waveform = io::read_geoelectric_waveform(m_waveform);
        }
        char line[512];
        io.out << "model " << m.name() << ": " << m.description() << "\nsource: " << m.source() << '\n';
        if (!m.notes().empty()) {
            io.out << "notes: " << m.notes() << '\n';
        }
        io.out << "\nlayer   top_km  thickness_km  resistivity_ohm_m\n";
        double top = 0.0;
        for (std::size_t i = 0; i < m.layers().size(); ++i) {
            const auto& l = m.layers()[i];
            std::snprintf(line, sizeof line, "%5zu %8.3f %13.3f %18.6g\n", i + 1, top / 1000.0, l.thickness_m / 1000.0,
                          l.resistivity_ohm_m);
            io.out << line;
            top += l.thickness_m;
        }
        std::snprintf(line, sizeof line, "half-space from %.1f km: %.6g ohm-m\n", top / 1000.0, m.half_space_resistivity_ohm_m());
        io.out << line;

        const auto rows = impedance_table(m, log_spaced_periods(1.0, 1e5, static_cast<std::size_t>(m_per_decade)));
        io.out << "\n    period_s  rho_a_ohm_m  phase_deg  |K|_mV_per_km_per_nT\n";
        FeatureTable table;
        table.name = "impedance";
        std::vector<double> period, rho, phase, k, zre, zim;
        for (const auto& r : rows) {
            std::snprintf(line, sizeof line, "%12.6g %12.5g %10.3f %21.6g\n", r.period_s, r.apparent_resistivity_ohm_m, r.phase_deg,
                          r.k_abs_mv_per_km_per_nt);
            io.out << line;
            period.push_back(r.period_s);
            rho.push_back(r.apparent_resistivity_ohm_m);
            phase.push_back(r.phase_deg);
            k.push_back(r.k_abs_mv_per_km_per_nt);
            zre.push_back(r.z_ohm.real());
            zim.push_back(r.z_ohm.imag());
        }
        if (swx::nerc_beta_region(m.name()) == "QUE") {
            io.out << "\nNERC beta: benchmark 1.00, supplemental 1.00 (QUE is the NERC reference earth: 1 by definition)\n";
        } else if (const auto b = nerc_beta(m.name(), betas)) {
            std::snprintf(line, sizeof line, "\nNERC beta (table, region %s): benchmark %.2f, supplemental %.2f\n",
                          swx::nerc_beta_region(m.name()).c_str(), b->benchmark, b->supplemental);
            io.out << line;
        } else {
            io.out << "\nNERC beta: not a NERC region (compute it with --waveform)\n";
        }
        if (waveform) {
            const double beta = beta_factor(m, library.find("QUE"), waveform->e_north_v_per_km, waveform->e_east_v_per_km,
                                            waveform->dt_s);
            std::snprintf(line, sizeof line, "beta computed from %s: %.3f (peak |E| over this model / over QUE)\n",
                          m_waveform.c_str(), beta);
            io.out << line;
        }
        if (out) {
            table.add("period_s", std::move(period));
            table.add("rho_a_ohm_m", std::move(rho));
            table.add("phase_deg", std::move(phase));
            table.add("k_abs_mv_per_km_per_nt", std::move(k));
            table.add("z_re_ohm", std::move(zre));
            table.add("z_im_ohm", std::move(zim));
            io::write_csv(table, out->staged());
            out->commit();
            io.out << "impedance table written to " << m_out << '\n';
        }
        return exit_ok;
    }

    CLI::App* m_list = nullptr;
    CLI::App* m_show = nullptr;
    std::string m_user_dir;
    std::string m_user_dir_after;  // --models given after list/show
    std::string m_model;
    std::string m_out;
    std::string m_waveform;
    int m_per_decade = 5;
    bool m_overwrite = false;
};

}  // namespace

std::unique_ptr<Command> make_earth_command() { return std::make_unique<EarthCommand>(); }

}  // namespace swx::cli
