#include <swx/io/gic_timeseries_writer.hpp>

#include <swx/core/network/qloss.hpp>
#include <swx/core/version.hpp>
#include <swx/io/hdf5_file.hpp>
#include <swx/io/magnetometer.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace swx::io {

std::string TimeAxis::iso(std::size_t step) const {
    const double t = static_cast<double>(step) * dt_s;
    std::string stamp = format_iso8601_utc(t0_unix_s + static_cast<std::int64_t>(std::floor(t)));
    if (std::abs(dt_s - std::round(dt_s)) > 1e-9) {
        char frac[16];
        std::snprintf(frac, sizeof frac, "%.3f", t - std::floor(t));
        stamp.insert(stamp.size() - 1, frac + 1);
    }
    return stamp;
}

std::vector<double> TimeAxis::unix_times() const {
    std::vector<double> t(steps);
    for (std::size_t i = 0; i < steps; ++i) {
        t[i] = static_cast<double>(t0_unix_s) + static_cast<double>(i) * dt_s;
    }
    return t;
}

struct GicTimeSeriesWriter::Impl {
    Hdf5File file;
    TimeAxis axis;
    Impl(const std::filesystem::path& p, const TimeAxis& a) : file(p), axis(a) {}
};

namespace {
std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    return format_iso8601_utc(static_cast<std::int64_t>(t));
}
}  // namespace

GicTimeSeriesWriter::GicTimeSeriesWriter(const std::filesystem::path& path, const Network& network, const TimeAxis& axis,
                                         const std::vector<std::string>& source_names, const FieldSources& fields,
                                         const Provenance& provenance, double threshold_a, int deflate_level)
    : m_impl(std::make_unique<Impl>(path, axis)) {
    Hdf5File& f = m_impl->file;
    // Chunks of whole automatic blocks of steps (gic_timeseries.hpp), optionally deflated.
    Hdf5MatrixLayout layout;
    layout.chunk_cols = gic_block_step_multiple;
    layout.deflate_level = deflate_level;
    f.set_attribute("/", "deflate_level", static_cast<double>(deflate_level));
    f.set_attribute("/", "title", "swxrisk GIC time series");
    f.set_attribute("/", "software", std::string("swxrisk ") + version_string);
    f.set_attribute("/", "created_utc", now_utc());
    f.set_attribute("/", "grid", provenance.grid);
    f.set_attribute("/", "earth_regions", provenance.earth_regions);
    f.set_attribute("/", "earth_model_outside_regions", provenance.fallback_model);
    f.set_attribute("/", "storm", provenance.storm);
    f.set_attribute("/", "method", provenance.method);
    std::string models;
    for (const auto& m : provenance.models) {
        models += (models.empty() ? "" : ", ") + m;
    }
    f.set_attribute("/", "earth_models", models);
    f.set_attribute("/", "dipole_epoch_year", provenance.epoch);
    f.set_attribute("/", "ieff_threshold_a", threshold_a);
    f.set_attribute("/", "conventions",
                    "x north, y east; currents per phase except ground GIC (3-phase total, + into earth); times UTC");

    std::vector<std::string> iso(axis.steps);
    std::vector<std::int64_t> edge(axis.steps);
    for (std::size_t i = 0; i < axis.steps; ++i) {
        iso[i] = axis.iso(i);
        edge[i] = fields.in_edge_zone(i) ? 1 : 0;
    }
    f.write_doubles("time_unix_s", axis.unix_times(), "s", "UTC seconds since 1970-01-01 of each step (fractional seconds kept)");
    f.write_strings("time_iso", iso, "UTC time of each step, ISO 8601");
    f.set_attribute("time_unix_s", "dt_s", axis.dt_s);
    f.set_attribute("/", "edge_zone_steps", static_cast<double>(fields.edge_steps));
    f.set_attribute("/", "edge_zone_s", static_cast<double>(fields.edge_steps) * axis.dt_s);
    f.write_int64("edge_zone", edge, "1",
                  "1 where the step lies in the record's edge zone (root attribute edge_zone_s): written, but left out of "
                  "every peak and time above the threshold");
    f.create_group("transformers");
    std::vector<std::string> ids, subs;
    for (const auto& tr : network.transformers) {
        ids.push_back(tr.id);
        subs.push_back(network.substations[network.substation_of(tr)].id);
    }
    f.write_strings("transformers/id", ids, "transformer ids (rows of ieff_a)");
    f.write_strings("transformers/substation_id", subs, "substation of each transformer");
    f.create_matrix("transformers/ieff_a", network.transformers.size(), axis.steps, "A",
                    "effective GIC per phase |I_H + I_X/a|, transformers x time", true, layout);
    f.create_matrix("transformers/i_hv_a", network.transformers.size(), axis.steps, "A",
                    "HV winding current per phase (autotransformer: series winding), + from the bus towards the neutral, "
                    "transformers x time",
                    true, layout);
    f.create_matrix("transformers/i_lv_a", network.transformers.size(), axis.steps, "A",
                    "LV winding current per phase (autotransformer: common winding), + from the bus towards the neutral, "
                    "transformers x time",
                    true, layout);

    const std::string formula = "Q = K * V_pu * sqrt(3/2) * kV_H * Ieff / 1000 (PowerWorld's linear GIC Mvar loss; K per unit, "
                                "V_pu the case voltage of the from bus, kV_H the HV nominal voltage; docs/gic-model.md)";
    f.create_matrix("transformers/qloss_mvar", network.transformers.size(), axis.steps, "Mvar",
                    "transformer reactive power loss from the effective GIC, transformers x time", true, layout);
    f.set_attribute("transformers/qloss_mvar", "formula", formula);
    std::vector<double> k, k_assumed;
    for (const auto& tr : network.transformers) {
        k.push_back(k_factor_used(tr));
        k_assumed.push_back(k_factor_assumed(tr) ? 1.0 : 0.0);
    }
    f.write_doubles("transformers/k_factor", k, "1", "Mvar-loss K used, per unit (PowerWorld's form, = PSS/E KFACTOR*2*sqrt(2/3))");
    f.write_doubles("transformers/k_assumed", k_assumed, "1", "1 = the grid gives no K: the default for the core type is assumed");
    f.create_group("system");
    f.create_matrix("system/qloss_mvar", 1, axis.steps, "Mvar", "sum of transformers/qloss_mvar over all transformers, 1 x time",
                    false, layout);
    f.set_attribute("system/qloss_mvar", "formula", "sum over transformers of " + formula);

    f.create_group("substations");
    ids.clear();
    for (const auto& s : network.substations) {
        ids.push_back(s.id);
    }
    f.write_strings("substations/id", ids, "substation ids (rows of ground_gic_a)");
    f.create_matrix("substations/ground_gic_a", network.substations.size(), axis.steps, "A",
                    "GIC into the ground grid, 3-phase total, + from neutral into earth, substations x time", true, layout);

    f.create_group("lines");
    ids.clear();
    for (const auto& l : network.lines) {
        ids.push_back(l.id);
    }
    f.write_strings("lines/id", ids, "line ids (rows of emf_v)");
    f.create_matrix("lines/emf_v", network.lines.size(), axis.steps, "V", "line EMF from from_bus to to_bus, lines x time", true, layout);
    f.create_matrix("lines/gic_a", network.lines.size(), axis.steps, "A",
                    "line GIC per phase, + from from_bus to to_bus (0 for a DC-blocked line), lines x time", true, layout);

    f.create_group("efield");
    f.write_strings("efield/source", source_names, "field sources (earth models), rows of e_north/e_east");
    f.create_matrix("efield/e_north_v_per_km", source_names.size(), axis.steps, "V/km", "northward geoelectric field (x)");
    f.create_matrix("efield/e_east_v_per_km", source_names.size(), axis.steps, "V/km", "eastward geoelectric field (y)");
    if (!source_names.empty() && axis.steps > 0) {
        // Column-major sources × steps blocks.
        const std::size_t ns = source_names.size();
        std::vector<double> en(ns * axis.steps), ee(ns * axis.steps);
        for (std::size_t c = 0; c < axis.steps; ++c) {
            for (std::size_t k = 0; k < ns; ++k) {
                en[c * ns + k] = fields.e_north_v_per_km[k][c];
                ee[c * ns + k] = fields.e_east_v_per_km[k][c];
            }
        }
        f.write_columns("efield/e_north_v_per_km", 0, axis.steps, en.data());
        f.write_columns("efield/e_east_v_per_km", 0, axis.steps, ee.data());
    }
}

GicTimeSeriesWriter::~GicTimeSeriesWriter() = default;

void GicTimeSeriesWriter::write_block(const GicBlock& block) {
    Hdf5File& f = m_impl->file;
    const auto cols = static_cast<std::size_t>(block.ieff_a->cols());
    f.write_columns("transformers/ieff_a", block.first_step, cols, block.ieff_a->data());
    f.write_columns("substations/ground_gic_a", block.first_step, cols, block.ground_gic_a->data());
    f.write_columns("lines/emf_v", block.first_step, cols, block.line_emf_v->data());
    f.write_columns("lines/gic_a", block.first_step, cols, block.line_gic_a->data());
    f.write_columns("transformers/i_hv_a", block.first_step, cols, block.winding_h_a->data());
    f.write_columns("transformers/i_lv_a", block.first_step, cols, block.winding_x_a->data());
    f.write_columns("transformers/qloss_mvar", block.first_step, cols, block.qloss_mvar->data());
    f.write_columns("system/qloss_mvar", block.first_step, cols, block.system_qloss_mvar->data());
}

void GicTimeSeriesWriter::finish(const GicTimeSeriesStats& stats) {
    Hdf5File& f = m_impl->file;
    f.write_doubles("transformers/ieff_peak_a", stats.ieff_peak_a, "A", "peak effective GIC per phase over the record (edge zone left out)");
    std::vector<double> minutes;
    for (double s : stats.time_above_threshold_s) {
        minutes.push_back(s / 60.0);
    }
    f.write_doubles("transformers/minutes_above_threshold", minutes, "min",
                    "minutes with effective GIC above the threshold (root attribute ieff_threshold_a)");
    f.write_doubles("transformers/qloss_peak_mvar", stats.qloss_peak_mvar, "Mvar",
                    "reactive power loss at the peak effective GIC (edge zone left out)");
    f.write_doubles("transformers/qloss_integral_mvar_h", stats.qloss_integral_mvar_h, "Mvar*h",
                    "reactive power loss integrated over the record, sum of Q(t)*dt (edge zone left out)");
    const double system_peak[] = {stats.system_qloss_peak_mvar};
    f.write_doubles("system/qloss_peak_mvar", system_peak, "Mvar",
                    "peak over the record of the system total Mvar loss (edge zone left out)");
    f.set_attribute("system/qloss_peak_mvar", "step", static_cast<double>(stats.system_qloss_peak_step));
    f.set_attribute("system/qloss_peak_mvar", "time_iso",
                    m_impl->axis.steps > 0 ? m_impl->axis.iso(stats.system_qloss_peak_step) : std::string());
    f.write_doubles("substations/ground_gic_peak_abs_a", stats.ground_peak_abs_a, "A", "peak |ground GIC| over the record");
    f.write_doubles("lines/emf_peak_abs_v", stats.line_emf_peak_abs_v, "V", "peak |EMF| over the record (edge zone left out)");
    f.write_doubles("lines/gic_peak_abs_a", stats.line_gic_peak_abs_a, "A",
                    "peak |line GIC| per phase over the record (edge zone left out)");
    f.close();
}

}  // namespace swx::io
