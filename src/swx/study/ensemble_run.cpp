// The ensemble of a site study as one readable sequence: read (io) → field shares per earth model and
// alternative, nominal supplies (core) → members in blocks (core/ensemble) → tables, raster, report
// (io). See ensemble_run.hpp and docs/ensembles.md.

#include <swx/study/ensemble_run.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/ensemble/random.hpp>
#include <swx/core/exposure/site_study.hpp>
#include <swx/core/exposure/supply.hpp>
#include <swx/core/gic/scenario_gic.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/hdf5_file.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/io/sites_reader.hpp>
#include <swx/io/table_writer.hpp>
#include <swx/study/detail/study_storm.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <unordered_map>

namespace swx::study {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t no_group = static_cast<std::size_t>(-1);

std::string percent_text(double p) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", p);
    return b;
}

std::string distribution_text(const FactorDistribution& d) {
    switch (d.kind) {
        case FactorDistribution::Kind::fixed:
            return "fixed";
        case FactorDistribution::Kind::lognormal:
            return "lognormal, median 1, sigma_ln " + format_number(d.sigma_ln);
        case FactorDistribution::Kind::uniform:
            return "uniform within ±" + format_number(d.percent) + " %";
    }
    return "fixed";
}

/// The report's row for [ensemble.transformer_types]: the classes, their types and weights, and how many
/// transformers they apply to.
std::string transformer_types_text(const TransformerTypePriors& p, const Network& net) {
    if (!p.varies()) {
        return "as in the grid";
    }
    std::size_t eligible = 0;
    for (const auto& t : net.transformers) {
        eligible += p.applies_to(t) ? 1 : 0;
    }
    std::string out = "drawn for " + std::to_string(eligible) + " of " + std::to_string(net.transformers.size()) + " transformers (" +
                      (p.all ? "apply_to = \"all\"" : "apply_to = \"assumed\": those whose `assumed` field lists type") +
                      "), by the HV bus's voltage: ";
    for (std::size_t c = 0; c < p.classes.size(); ++c) {
        const auto& k = p.classes[c];
        double total = 0.0;
        for (const double w : k.weights) {
            total += w;
        }
        out += (c > 0 ? "; " : "") + std::string("HV ≥ ") + format_number(k.kv_min) + " kV" + (c == 0 ? " (or unknown)" : "") + ": ";
        for (std::size_t i = 0; i < k.types.size(); ++i) {
            out += (i > 0 ? ", " : "") + std::string(to_string(k.types[i])) + " " + percent_text(100.0 * k.weights[i] / total) + " %";
        }
    }
    return out;
}

}  // namespace

struct EnsemblePlan::Impl {
    io::StudyConfig config;
    std::optional<Ground> ground;
    io::GridDataset grid;
    std::optional<detail::Storm> storm;
    std::vector<Site> sites;
    std::vector<SiteResult> nominal_sites;
    std::vector<double> nominal_transformer_ieff_a;
    std::vector<std::size_t> site_group;  ///< per site: its supply group, or no_group
    std::vector<std::string> models;      ///< per field source: its earth model
    std::vector<std::string> source_names;  ///< per field source: the model, or "region ID" with [ensemble.earth] per = "region"
    std::vector<bool> fallback_source;      ///< per field source: the ground outside the regions (per region)
    std::vector<std::vector<std::string>> options;
    std::vector<std::vector<double>> weights;
    std::string field_text;
    std::unique_ptr<Ensemble> ensemble;
};

EnsemblePlan::EnsemblePlan(const io::StudyConfig& c, ProblemSink& problems, const EnsembleLog& log)
    : m_impl(std::make_unique<Impl>()) {
    auto say = [&](const std::string& s) {
        if (log) {
            log(s);
        }
    };
    if (!c.ensemble) {
        throw ConfigError({"scenario", c.scenario_file.string(), "", "", "ensemble"},
                          "no [ensemble] table: run the study with `swxrisk run`, or add [ensemble] (docs/ensembles.md)");
    }
    if (c.grid.empty()) {
        throw ConfigError({"scenario", c.scenario_file.string(), "", "", "inputs.grid"}, "an ensemble needs a grid ([inputs] grid)");
    }
    if (!c.magnetometer.empty() || c.field.varying()) {
        throw ConfigError({"scenario", c.scenario_file.string(), "", "", "storm"},
                          "ensembles take a NERC scenario (storm.scenario) or the hazard model (storm.hazard, or a named storm); "
                          "storm records and fields varying in space are not supported by ensembles yet (docs/ensembles.md)");
    }
    io::check_study_config(c);
    Impl& m = *m_impl;
    m.config = c;
    say("reading the ground (earth models and regions)");
    m.ground.emplace(io::load_ground(c.earth_regions, c.earth_model, c.models_dir, problems));
    say("reading the grid " + c.grid);
    m.grid = io::read_grid(c.grid, problems, {c.grid_gic});
    say("reading the sites " + c.sites);
    m.sites = io::read_sites(c.sites, problems);
    say("building the storm's field");
    m.storm.emplace(detail::read_storm(c, *m.ground, problems));
    const Network& net = m.grid.network;

    // The field along each piece, as the site study applies it (run_scenario_gic / run_field_gic), and
    // with a storm band draw the band's lower and upper fields.
    PartField field;
    BandedPartField band_field;
    const detail::Storm& storm = *m.storm;
    const bool band = c.ensemble->spec.storm_band.enabled;
    if (band && storm.levels == nullptr && storm.named == nullptr) {
        throw ConfigError({"scenario", c.scenario_file.string(), "", "", "ensemble.storm.distribution"},
                          "\"band\" draws the field within the hazard model's band, and a NERC scenario has none: use storm.hazard or a "
                          "named storm, or distribution = \"lognormal\" for a storm-strength factor (docs/ensembles.md)");
    }
    if (storm.levels != nullptr) {
        const double t_ref = storm.levels->settings().reference_period_years;
        field = [&storm, t_ref](GeoPoint p, const std::string& model) { return storm.levels->level_v_per_km(p, model, t_ref); };
        band_field = [&storm, t_ref](GeoPoint p, const std::string& model) { return storm.levels->level_band_v_per_km(p, model, t_ref); };
        m.field_text = "the " + format_number(t_ref) + "-year field of the hazard model along each line";
    } else if (storm.named != nullptr) {
        field = [&storm](GeoPoint p, const std::string& model) { return storm.named->level_v_per_km(p, model); };
        band_field = [&storm](GeoPoint p, const std::string& model) { return storm.named->level_band_v_per_km(p, model); };
        m.field_text = c.scenario + " (hazard model) along each line";
    } else {
        const double e_ref = nerc_reference_field_v_per_km(storm.betas->event());
        field = [&storm, e_ref](GeoPoint p, const std::string& model) {
            return e_ref * nerc_alpha(dipole_latitude_deg(p.lat_deg, p.lon_deg, storm.dipole)) * storm.betas->beta(model);
        };
        m.field_text = c.scenario + ": E_ref·α·β along each line";
    }

    const io::EnsembleConfig& ec = *c.ensemble;
    const bool per_region = ec.earth_per_region;
    say(std::string("splitting the field by earth ") + (per_region ? "region" : "model") + " (" + std::to_string(net.lines.size()) +
        " lines)");
    const LineGroundCoupling coupling = couple_lines(net, *m.ground, per_region ? CouplingSources::region : CouplingSources::model);
    // The field sources: every model (as the study), or each region that some line crosses.
    std::vector<bool> crossed(coupling.models.size(), !per_region);
    for (const auto& lc : coupling.couplings) {
        for (const auto& part : lc.parts) {
            crossed[part.source] = true;
        }
    }
    for (const auto& [key, alt] : ec.earth_alternatives) {
        bool used = false;
        bool known = false;
        for (std::size_t k = 0; k < coupling.models.size(); ++k) {
            const bool named = coupling.models[k] == key || (per_region && coupling.names[k] == key);
            used = used || (crossed[k] && named);
            known = known || named;
        }
        if (!known) {
            problems.warn("ensemble_alternatives_unused", "", c.scenario_file.string(),
                          "ensemble.earth.alternatives." + key + ": no earth " + (per_region ? "region (by id or name) or model" : "model") +
                              " of the ground is named " + key + "; its alternatives are not used");
        } else if (!used) {
            problems.warn("ensemble_alternatives_unused", "", c.scenario_file.string(),
                          "ensemble.earth.alternatives." + key + ": no line crosses earth " + (per_region ? "region or model " : "model ") + key +
                              "; its alternatives are not used");
        }
    }
    EnsembleProblem problem;
    problem.network = &net;
    // The nominal field (each source at its own model), summed while the shares are made.
    std::vector<double> nominal_north(net.lines.size(), 0.0);
    std::vector<double> nominal_east(net.lines.size(), 0.0);
    auto add_nominal = [&](const std::vector<Displacement>& share) {
        for (std::size_t l = 0; l < net.lines.size(); ++l) {
            nominal_north[l] += share[l].north_km;
            nominal_east[l] += share[l].east_km;
        }
    };
    for (std::size_t k = 0; k < coupling.models.size(); ++k) {
        if (!crossed[k]) {
            continue;  // a region no line crosses: no share of the field
        }
        const std::string& own = coupling.models[k];
        EnsembleSource src;
        src.model = per_region ? coupling.names[k] + " (" + own + ")" : own;
        auto it = per_region ? ec.earth_alternatives.find(coupling.names[k]) : ec.earth_alternatives.end();
        const std::string key = it != ec.earth_alternatives.end() ? coupling.names[k] : own;
        if (it == ec.earth_alternatives.end()) {
            it = ec.earth_alternatives.find(own);
        }
        if (it == ec.earth_alternatives.end()) {
            src.options = {own};
            src.weights = {1.0};
        } else {
            src.options = it->second.models;
            src.weights = it->second.weights;
        }
        bool own_added = false;
        for (const auto& option : src.options) {
            if (!m.ground->library().contains(option)) {
                throw ConfigError({"scenario", c.scenario_file.string(), "", "", "ensemble.earth.alternatives." + key},
                                  "alternative earth model '" + option +
                                      "' is not a known earth model (swxrisk earth list; or add it with [inputs] models)");
            }
            // With a band, the central share and the band's from one evaluation of the field per line.
            std::vector<Displacement> share;
            BandedShare banded;
            try {
                if (band) {
                    banded = model_share_band(net, coupling, k, option, band_field);
                    share = std::move(banded.value);
                } else {
                    share = model_share(net, coupling, k, option, field);
                }
            } catch (const Error& e) {
                throw ConfigError({"scenario", c.scenario_file.string(), "", "", "ensemble.earth.alternatives." + key},
                                  "alternative earth model " + option + ": " + e.what());
            }
            if (option == own && !own_added) {
                add_nominal(share);
                own_added = true;
            }
            auto add = [&net](const std::vector<Displacement>& d, std::vector<std::vector<double>>& north_v,
                              std::vector<std::vector<double>>& east_v) {
                std::vector<double> north(net.lines.size());
                std::vector<double> east(net.lines.size());
                for (std::size_t l = 0; l < net.lines.size(); ++l) {
                    north[l] = d[l].north_km;
                    east[l] = d[l].east_km;
                }
                north_v.push_back(std::move(north));
                east_v.push_back(std::move(east));
            };
            add(share, src.emf_north_v, src.emf_east_v);
            if (band) {
                add(banded.lo, src.emf_north_lo_v, src.emf_east_lo_v);
                add(banded.hi, src.emf_north_hi_v, src.emf_east_hi_v);
            }
        }
        if (!own_added) {
            add_nominal(model_share(net, coupling, k, own, field));  // its own model is not among its alternatives
        }
        m.models.push_back(own);
        const bool fallback = per_region && m.ground->regions() != nullptr ? k >= m.ground->regions()->size() : per_region;
        m.source_names.push_back(!per_region ? own : fallback ? "the ground outside the regions" : "region " + coupling.names[k]);
        m.fallback_source.push_back(fallback);
        m.options.push_back(src.options);
        m.weights.push_back(src.weights);
        problem.sources.push_back(std::move(src));
    }

    // The nominal study: each source at its own model, worst direction per transformer; its supplies.
    say("solving the nominal grid (" + std::to_string(net.substations.size()) + " substations, " + std::to_string(net.transformers.size()) +
        " transformers)");
    {
        const GicSolver solver(net, problems);
        const GicSweep sweep = sweep_from_unit_fields(solver.solve(nominal_north), solver.solve(nominal_east), 1.0);
        m.nominal_transformer_ieff_a = sweep.ieff_max_a;
        GridExposure exposure{&net, substation_worst(net, sweep.ieff_max_a)};
        m.nominal_sites = evaluate_sites(m.sites, *storm.hazard, exposure, c.index, c.supply_radius_km, problems, c.sites,
                                         m.grid.source.file_of(m.grid.source.substations_layer), storm.levels);
    }
    std::unordered_map<std::string, std::size_t> sub_index;
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        sub_index.emplace(net.substations[s].id, s);
    }
    std::map<std::vector<std::size_t>, std::size_t> groups;
    m.site_group.assign(m.nominal_sites.size(), no_group);
    for (std::size_t i = 0; i < m.nominal_sites.size(); ++i) {
        std::vector<std::size_t> set;
        for (const auto& id : m.nominal_sites[i].supplies) {
            const auto it = sub_index.find(id);
            if (it != sub_index.end()) {
                set.push_back(it->second);
            }
        }
        if (set.empty()) {
            continue;
        }
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        const auto [it, inserted] = groups.emplace(set, problem.supply_groups.size());
        if (inserted) {
            problem.supply_groups.push_back(set);
        }
        m.site_group[i] = it->second;
    }
    EnsembleSpec spec = ec.spec;
    if (spec.transformer_types.varies() &&
        std::none_of(net.transformers.begin(), net.transformers.end(), [&](const Transformer& t) { return spec.transformer_types.applies_to(t); })) {
        // Nothing to draw: no grid realization per member for it.
        problems.warn("ensemble_types_unused", "", c.scenario_file.string(),
                      "ensemble.transformer_types: no transformer's `assumed` field lists type, so no type is drawn (apply_to = \"all\" "
                      "draws every transformer's)");
        spec.transformer_types.classes.clear();
    }
    m.ensemble = std::make_unique<Ensemble>(std::move(problem), std::move(spec));
}

EnsemblePlan::~EnsemblePlan() = default;
EnsemblePlan::EnsemblePlan(EnsemblePlan&&) noexcept = default;
EnsemblePlan& EnsemblePlan::operator=(EnsemblePlan&&) noexcept = default;

const io::StudyConfig& EnsemblePlan::config() const { return m_impl->config; }
const Ensemble& EnsemblePlan::ensemble() const { return *m_impl->ensemble; }
std::size_t EnsemblePlan::block_count() const { return m_impl->ensemble->block_count(); }

EnsembleResult EnsemblePlan::run(std::size_t first_block, std::size_t last_block, unsigned threads, const EnsembleProgress& progress) const {
    return m_impl->ensemble->run(first_block, last_block, threads, progress);
}

EnsembleResult EnsemblePlan::run_all(unsigned threads, const EnsembleLog& log) const {
    const Ensemble& e = *m_impl->ensemble;
    const auto t0 = Clock::now();
    auto last = t0;
    const std::string unit = e.spec().grid_uncertain() ? "grid realizations" : "blocks of members";
    if (log) {
        log("running " + std::to_string(e.spec().members) + " members: " + std::to_string(e.block_count()) + " " + unit +
            (e.spec().grid_uncertain() ? "" : " on the one grid"));
    }
    EnsembleResult r = e.run_all(threads, [&](std::size_t done, std::size_t total) {
        const auto now = Clock::now();
        if (!log || (done < total && now - last < std::chrono::seconds(2))) {
            return;
        }
        last = now;
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        const double eta = elapsed / static_cast<double>(done) * static_cast<double>(total - done);
        char b[160];
        std::snprintf(b, sizeof b, "%zu/%zu %s (%.0f %%), %.1f s elapsed, ETA %.1f s", done, total, unit.c_str(),
                      100.0 * static_cast<double>(done) / static_cast<double>(total), elapsed, eta);
        log(b);
    });
    return r;
}

namespace {
void add_stats(FeatureTable& t, const ExceedanceStats& s, const std::vector<std::size_t>& rows, bool clustered) {
    std::vector<double> p, se, q05, q50, q95, mean, mx, n;
    for (const std::size_t e : rows) {
        const bool ok = e != no_group;
        p.push_back(ok ? s.p_exceed(e) : not_a_number);
        se.push_back(ok ? s.p_exceed_se(e, clustered) : not_a_number);
        q05.push_back(ok ? s.quantile(e, 0.05) : not_a_number);
        q50.push_back(ok ? s.quantile(e, 0.50) : not_a_number);
        q95.push_back(ok ? s.quantile(e, 0.95) : not_a_number);
        mean.push_back(ok ? s.mean(e) : not_a_number);
        mx.push_back(ok ? s.max(e) : not_a_number);
        n.push_back(ok ? static_cast<double>(s.members()) : 0.0);
    }
    const std::string thr = format_number(s.threshold_a());
    t.add("p_exceed", std::move(p), "fraction of members whose effective GIC per phase exceeds " + thr + " A");
    t.add("p_exceed_se", std::move(se), "standard error of p_exceed (binomial, or cluster-robust over grid realizations)");
    t.add("ieff_q05_a", std::move(q05), "5 % quantile of the effective GIC over the members, A per phase (±0.8 %)");
    t.add("ieff_q50_a", std::move(q50), "median effective GIC over the members, A per phase (±0.8 %)");
    t.add("ieff_q95_a", std::move(q95), "95 % quantile of the effective GIC over the members, A per phase (±0.8 %)");
    t.add("ieff_mean_a", std::move(mean), "mean effective GIC over the members, A per phase");
    t.add("ieff_max_a", std::move(mx), "largest effective GIC of any member, A per phase");
    t.add("members", std::move(n), "members in the ensemble");
}
}  // namespace

FeatureTable EnsemblePlan::transformers_table(const EnsembleResult& r) const {
    m_impl->ensemble->check_result(r);
    const Network& net = m_impl->grid.network;
    FeatureTable t;
    t.name = "ensemble_transformers";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> ids, subs;
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < net.transformers.size(); ++i) {
        ids.push_back(net.transformers[i].id);
        const auto& s = net.substations[net.substation_of(net.transformers[i])];
        subs.push_back(s.id);
        t.geometry.push_back(point_geometry(s.location));
        rows.push_back(i);
    }
    t.add("transformer_id", std::move(ids), "transformer id");
    t.add("substation_id", std::move(subs), "its substation (HV bus)");
    add_stats(t, r.transformers, rows, m_impl->ensemble->clustered_se());
    t.add("ieff_nominal_a", m_impl->nominal_transformer_ieff_a,
          "the study's own result: effective GIC per phase at the worst direction with every input at its given value, A");
    return t;
}

FeatureTable EnsemblePlan::sites_table(const EnsembleResult& r) const {
    const Impl& m = *m_impl;
    m.ensemble->check_result(r);
    FeatureTable t;
    t.name = "ensemble_sites";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> ids, names, supplies, flags;
    std::vector<double> nominal;
    for (std::size_t i = 0; i < m.nominal_sites.size(); ++i) {
        const SiteResult& s = m.nominal_sites[i];
        ids.push_back(s.site.id);
        names.push_back(s.site.name);
        std::string sup;
        for (const auto& id : s.supplies) {
            sup += (sup.empty() ? "" : ";") + id;
        }
        supplies.push_back(sup);
        std::string f = s.flags;
        if (m.site_group[i] == no_group) {
            f += std::string(f.empty() ? "" : ";") + "no_supply";
        } else if (r.supply_groups.members() > 0 && r.supply_groups.p_exceed(m.site_group[i]) == 0.0) {
            f += std::string(f.empty() ? "" : ";") + "no_member_exceeded";
        }
        flags.push_back(f);
        nominal.push_back(s.ieff_max_a);
        t.geometry.push_back(point_geometry(s.evaluated_at.valid() ? s.evaluated_at : s.site.location));
    }
    t.add("site_id", std::move(ids), "site id");
    t.add("name", std::move(names), "site name");
    add_stats(t, r.supply_groups, m.site_group, m.ensemble->clustered_se());
    t.add("ieff_nominal_a", std::move(nominal), "the study's own result: worst effective GIC of the supplying transformers, A per phase");
    t.add("supplies", std::move(supplies), "the substations that supply the site (listed, or the nearest within the supply radius)");
    t.add("flags", std::move(flags),
          "no_supply: no substation supplies the site (no probability); no_member_exceeded: p_exceed is 0 in this ensemble, "
          "which bounds the probability below about 3/members (3/grid realizations when members share them; 95 %), not at zero");
    return t;
}

std::optional<Raster> EnsemblePlan::p_exceed_raster(const EnsembleResult& r) const {
    const Impl& m = *m_impl;
    m.ensemble->check_result(r);
    if (!m.config.area) {
        return std::nullopt;
    }
    const GridSpec& spec = *m.config.area;
    Raster out = Raster::nodata(spec, "probability that the supplying substation's worst effective GIC exceeds " +
                                          format_number(m.ensemble->spec().threshold_a) + " A",
                                "1");
    const SubstationIndex index(&m.grid.network);
    const std::size_t w = spec.width();
    const double radius = m.config.supply_radius_km;
    parallel_for(spec.height(), [&](std::size_t row) {
        for (std::size_t col = 0; col < w; ++col) {
            const auto hit = index.nearest(spec.cell_center(col, row), radius);
            if (hit) {
                out.at(col, row) = static_cast<float>(r.substations.p_exceed(hit->first));
            }
        }
    }, 0, 8);
    return out;
}

std::string EnsemblePlan::report(const EnsembleResult& r, const std::string& convergence_png) const {
    const Impl& m = *m_impl;
    const Ensemble& e = *m.ensemble;
    e.check_result(r);
    const EnsembleSpec& s = e.spec();
    std::ostringstream o;
    o << "# Ensemble results: " << m.config.name << "\n\n";
    o << "Scenario file: `" << m.config.scenario_file.string() << "`. Members: " << s.members << ", seed " << s.seed << ", grid realizations "
      << e.grid_realizations() << ". Threshold: " << format_number(s.threshold_a) << " A per phase (effective GIC).\n\n";
    o << "Field: " << m.field_text << ".\n\n";
    o << "## What varies\n\n| input | distribution |\n|---|---|\n";
    o << "| field direction | "
      << (s.direction == DirectionDraw::uniform ? "azimuth uniform in [0°, 360°) per member"
          : s.direction == DirectionDraw::fixed ? "fixed at " + format_number(s.azimuth_deg) + "° from north"
                                                : "fixed: each transformer at its worst direction (as the study)")
      << " |\n";
    if (s.storm_band.enabled) {
        o << "| storm strength | within the hazard model's band: one z per member for the whole field, log E normal on each side of "
             "the central field scaled to that side's band edge, the edges at z = ±"
          << format_number(s.storm_band.z_band) << " (" << percent_text(100.0 * (2.0 * normal_cdf(s.storm_band.z_band) - 1.0))
          << " % of the members inside the band) |\n";
    } else {
        o << "| storm strength (factor on the whole field) | " << distribution_text(s.storm) << " |\n";
    }
    const bool per_region = m.config.ensemble->earth_per_region;
    if (per_region) {
        const auto outside = static_cast<std::size_t>(std::count(m.fallback_source.begin(), m.fallback_source.end(), true));
        const std::size_t regions = m.models.size() - outside;
        o << "| each earth region's field (β spread, independent per region: " << regions << (regions == 1 ? " region" : " regions")
          << " crossed by lines" << (outside > 0 ? ", and the ground outside the regions" : "") << ") | ";
    } else {
        o << "| each earth model's field (β spread, independent per model; the regions of one model draw together) | ";
    }
    o << distribution_text(s.earth_spread) << " |\n";
    for (std::size_t k = 0; k < m.models.size(); ++k) {
        if (m.options[k].size() > 1 || m.options[k][0] != m.models[k]) {
            o << "| ground under " << m.source_names[k] << (per_region ? " (" + m.models[k] + ")" : std::string()) << " | one of ";
            for (std::size_t a = 0; a < m.options[k].size(); ++a) {
                o << (a > 0 ? ", " : "") << m.options[k][a] << " (weight " << format_number(m.weights[k][a]) << ")";
            }
            o << " |\n";
        }
    }
    o << "| grounding resistance, per substation | " << distribution_text(s.grounding) << " |\n";
    o << "| line resistance, per line | " << distribution_text(s.line_resistance) << " |\n";
    o << "| winding resistance, per transformer | " << distribution_text(s.winding_resistance) << " |\n";
    o << "| line outage | probability " << format_number(s.line_outage_probability) << " per line and grid realization |\n";
    o << "| transformer outage | probability " << format_number(s.transformer_outage_probability)
      << " per transformer and grid realization |\n";
    o << "| transformer type (winding configuration), per transformer and grid realization | "
      << transformer_types_text(s.transformer_types, m.grid.network) << " |\n\n";
    // Members that share grid realizations are not independent: a zero count bounds the probability by the
    // realizations, not the members.
    const double independent = e.clustered_se() ? static_cast<double>(e.grid_realizations()) : static_cast<double>(s.members);
    if (s.storm_band.enabled) {
        o << "The storm's band is drawn by a convention: the model's bands have no published coverage (most are ×/÷ factors "
             "set by convention, docs/hazard-model.md), so reading the band's edges as ±"
          << format_number(s.storm_band.z_band)
          << " standard deviations of log E is this scenario's choice (`band_z`), and one z for the whole field treats the band "
             "as fully correlated in space. Between the central field and the band's edge each line's EMF is interpolated with "
             "its field share's overall ratio of the two (exact where the band is the same factor everywhere), and beyond the "
             "band's edges the edge field is extrapolated along that ratio.\n\n";
    }
    o << "These distributions are the scenario file's assumptions, not measurements: the probabilities below are "
         "conditional on them and on the storm above. They are the fraction of members above the threshold during this "
         "storm, not annual probabilities. A probability of 0 means that no member exceeded the threshold: with "
      << (e.clustered_se() ? std::to_string(e.grid_realizations()) + " grid realizations" : std::to_string(s.members) + " members")
      << " that bounds it below about " << percent_text(3.0 / independent) << " (95 %), not at zero; no site is immune. "
      << "An outaged transformer counts as 0 A in the quantiles and the mean.\n\n";
    if (s.transformer_types.varies()) {
        o << "The transformer-type priors are the scenario file's convention for winding configurations the grid does not "
             "give, not data about the grid: a probability that depends on them says as much about the convention as about "
             "the transformers. A winding a drawn type needs and the grid leaves empty takes its resistance from the other "
             "winding by the turns ratio (docs/ensembles.md, \"Transformer types\").\n\n";
    }
    // Leading sites.
    const std::vector<std::size_t> order = leading_sites(r, m.nominal_sites.size());
    const bool clustered = e.clustered_se();
    o << "## Leading sites\n\n| site | p_exceed | ± se | Ieff 5 % | median | 95 % | nominal |\n|---|---:|---:|---:|---:|---:|---:|\n";
    for (std::size_t k = 0; k < std::min<std::size_t>(order.size(), 10); ++k) {
        const std::size_t i = order[k];
        const std::size_t g = m.site_group[i];
        char b[256];
        std::snprintf(b, sizeof b, "| %s | %.4g | %.2g | %.1f A | %.1f A | %.1f A | %.1f A |\n", m.nominal_sites[i].site.id.c_str(),
                      r.supply_groups.p_exceed(g), r.supply_groups.p_exceed_se(g, clustered), r.supply_groups.quantile(g, 0.05),
                      r.supply_groups.quantile(g, 0.5), r.supply_groups.quantile(g, 0.95), m.nominal_sites[i].ieff_max_a);
        o << b;
    }
    const std::size_t unsupplied = m.nominal_sites.size() - order.size();
    if (unsupplied > 0) {
        o << "\n" << unsupplied << " site(s) have no supplying substation (flag no_supply): no probability is given for them.\n";
    }
    // Convergence.
    const auto& cps = r.supply_groups.checkpoints();
    if (!order.empty() && !cps.empty()) {
        o << "\n## Convergence\n\nThe leading sites' probability after the first n members (member order is fixed by the seed, "
             "so this table is the same on any executor). The standard error falls as 1/√n.\n\n| n |";
        const std::size_t shown = std::min<std::size_t>(order.size(), 5);
        for (std::size_t k = 0; k < shown; ++k) {
            o << " " << m.nominal_sites[order[k]].site.id << " |";
        }
        o << "\n|---:|";
        for (std::size_t k = 0; k < shown; ++k) {
            o << "---:|";
        }
        o << "\n";
        for (std::size_t c = 0; c < cps.size(); ++c) {
            o << "| " << cps[c] << " |";
            for (std::size_t k = 0; k < shown; ++k) {
                const double p = static_cast<double>(r.supply_groups.exceed_at_checkpoint(m.site_group[order[k]], c)) / static_cast<double>(cps[c]);
                char b[64];
                std::snprintf(b, sizeof b, " %.4g ± %.2g |", p, std::sqrt(p * (1.0 - p) / static_cast<double>(cps[c])));
                o << b;
            }
            o << "\n";
        }
        if (!convergence_png.empty()) {
            o << "\n![convergence](" << convergence_png << ")\n";
        }
        if (clustered) {
            o << "\nThe ± in this table is binomial; members share grid realizations, so the cluster-robust error in the tables "
                 "(p_exceed_se) is the one to use for the final figures.\n";
        }
    }
    o << "\n## How it was computed\n\nEach grid realization is assembled and factored once; the field is split into each earth "
      << (per_region ? "region's" : "model's") << " share (and each alternative's), north and east, one solve each"
      << (s.storm_band.enabled ? ", for the central field and the band's lower and upper fields" : "")
      << "; every member is then a linear combination of those unit responses (docs/ensembles.md). Quantiles come from a logarithmic histogram (±0.8 %). Compute time: "
      << format_number(std::round(r.solve_seconds * 100.0) / 100.0) << " s in solves, "
      << format_number(std::round(r.member_seconds * 100.0) / 100.0) << " s in members (summed over threads).\n";
    return o.str();
}

std::vector<std::size_t> EnsemblePlan::leading_sites(const EnsembleResult& r, std::size_t count) const {
    const Impl& m = *m_impl;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < m.nominal_sites.size(); ++i) {
        if (m.site_group[i] != no_group) {
            order.push_back(i);
        }
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return r.supply_groups.p_exceed(m.site_group[a]) > r.supply_groups.p_exceed(m.site_group[b]);
    });
    order.resize(std::min(order.size(), count));
    return order;
}

std::vector<io::ConvergenceSeries> EnsemblePlan::convergence(const EnsembleResult& r, std::size_t count) const {
    const Impl& m = *m_impl;
    std::vector<io::ConvergenceSeries> out;
    const auto& cps = r.supply_groups.checkpoints();
    for (const std::size_t i : leading_sites(r, count)) {
        io::ConvergenceSeries s;
        s.label = m.nominal_sites[i].site.id;
        for (std::size_t c = 0; c < cps.size(); ++c) {
            const double n = static_cast<double>(cps[c]);
            const double p = static_cast<double>(r.supply_groups.exceed_at_checkpoint(m.site_group[i], c)) / n;
            s.n.push_back(n);
            s.p.push_back(p);
            s.se.push_back(std::sqrt(p * (1.0 - p) / n));
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<std::string> ensemble_output_names(const io::StudyConfig& c) {
    std::vector<std::string> out{"ensemble_sites.csv", "ensemble_sites.gpkg", "ensemble_transformers.csv", "report.md", "convergence.png"};
    if (c.area) {
        out.emplace_back("ensemble_p_exceed.tif");
    }
    if (c.ensemble && c.ensemble->members_hdf5) {
        out.emplace_back("ensemble_members.h5");
    }
    return out;
}

void write_ensemble(const EnsemblePlan& plan, const EnsembleResult& r, bool overwrite) {
    const io::StudyConfig& c = plan.config();
    io::OutputDirectory out(c.ensemble ? c.ensemble->out_dir : c.out_dir + "-ensemble", overwrite);
    const FeatureTable sites = plan.sites_table(r);
    const FeatureTable transformers = plan.transformers_table(r);
    io::write_csv(sites, out.staged("ensemble_sites.csv"));
    io::write_gpkg({&sites, &transformers}, out.staged("ensemble_sites.gpkg"));
    io::write_csv(transformers, out.staged("ensemble_transformers.csv"));
    const std::string png = "convergence.png";
    io::write_convergence_png(plan.convergence(r), "p_exceed of the leading sites against the number of members", "p_exceed",
                              out.staged(png));
    {
        const auto path = out.staged("report.md");
        std::ofstream f(path, std::ios::binary);
        f << plan.report(r, png);
        f.close();
        if (!f) {
            throw Error("cannot write " + path.string());
        }
    }
    if (const auto raster = plan.p_exceed_raster(r)) {
        io::RasterWriteOptions options;
        options.crs = c.crs;
        options.metadata = {{"SWXRISK_QUANTITY", "ensemble exceedance probability"},
                            {"SWXRISK_THRESHOLD_A", format_number(plan.ensemble().spec().threshold_a)},
                            {"SWXRISK_MEMBERS", std::to_string(plan.ensemble().spec().members)},
                            {"SWXRISK_SEED", std::to_string(plan.ensemble().spec().seed)}};
        io::write_geotiff(*raster, out.staged("ensemble_p_exceed.tif"), options);
    }
    if (c.ensemble && c.ensemble->members_hdf5) {
        io::Hdf5File h5(out.staged("ensemble_members.h5"));
        h5.write_doubles("member_max_ieff_a", r.member_max_ieff_a, "A", "per member: the largest effective GIC per phase of any transformer");
        std::vector<std::int64_t> counts(r.member_exceed_count.begin(), r.member_exceed_count.end());
        h5.write_int64("member_exceed_count", counts, "1", "per member: transformers whose effective GIC exceeds the threshold");
        h5.set_attribute("/", "threshold_a", plan.ensemble().spec().threshold_a);
        h5.set_attribute("/", "seed", static_cast<double>(plan.ensemble().spec().seed));
        h5.close();
    }
    out.commit();
}

}  // namespace swx::study
