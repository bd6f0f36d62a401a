// The site-exposure study: configuration, evaluation and outputs. See study.hpp and
// docs/exposure-index.md. The chain is a plain sequence of functions: read inputs → hazard at each
// place → GIC in the grid under the scenario → supplying substations per site → index → rank → write.

#include <swx/io/study.hpp>

#include <swx/core/efield/efield.hpp>
#include <swx/core/base/error.hpp>
#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/version.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/efield/hazard.hpp>
#include <swx/io/map_image.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/core/gic/scenario_gic.hpp>
#include <swx/io/table_writer.hpp>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numbers>
#include <set>
#include <sstream>

namespace swx::io {

namespace fs = std::filesystem;

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

namespace {

constexpr const char* cfg_stage = "scenario";

struct TomlReader {
    const toml::table& root;
    std::string path;

    [[noreturn]] void fail(const std::string& table, const std::string& key, const std::string& why) const {
        // The TOML table and key as one dotted name: "[field index.i0_a]".
        throw ConfigError({cfg_stage, path, "", "", table.empty() ? key : (key.empty() ? table : table + "." + key)}, why);
    }
    const toml::table* table(const std::string& name) const {
        const toml::node* n = root.get(name);
        if (n == nullptr) {
            return nullptr;
        }
        if (!n->is_table()) {
            fail(name, "", "expected a table [" + name + "]");
        }
        return n->as_table();
    }
    void only_keys(const std::string& name, std::initializer_list<const char*> keys) const {
        const toml::table* t = table(name);
        if (t == nullptr) {
            return;
        }
        for (const auto& [k, v] : *t) {
            bool known = false;
            std::string list;
            for (const char* key : keys) {
                known = known || k.str() == key;
                list += (list.empty() ? "" : ", ") + std::string(key);
            }
            if (!known) {
                fail(name, std::string(k.str()), "unknown key (known keys: " + list + ")");
            }
        }
    }
    std::optional<std::string> text(const std::string& name, const char* key) const {
        const toml::table* t = table(name);
        if (t == nullptr || t->get(key) == nullptr) {
            return std::nullopt;
        }
        const auto v = t->get(key)->value<std::string>();
        if (!v) {
            fail(name, key, "expected a string");
        }
        return *v;
    }
    std::optional<double> number(const std::string& name, const char* key) const {
        const toml::table* t = table(name);
        if (t == nullptr || t->get(key) == nullptr) {
            return std::nullopt;
        }
        const auto v = t->get(key)->value<double>();
        if (!v || !std::isfinite(*v)) {
            fail(name, key, "expected a number");
        }
        return *v;
    }
    std::optional<bool> boolean(const std::string& name, const char* key) const {
        const toml::table* t = table(name);
        if (t == nullptr || t->get(key) == nullptr) {
            return std::nullopt;
        }
        const auto v = t->get(key)->value<bool>();
        if (!v) {
            fail(name, key, "expected true or false");
        }
        return *v;
    }
};

/// A path from the scenario file, resolved against its folder; must exist.
std::string input_path(const TomlReader& r, const fs::path& base, const std::string& table, const char* key, bool required) {
    const auto v = r.text(table, key);
    if (!v || v->empty()) {
        if (required) {
            r.fail(table, key, "required input is missing");
        }
        return {};
    }
    fs::path p(*v);
    if (p.is_relative()) {
        p = base / p;
    }
    std::error_code ec;
    if (!fs::exists(p, ec)) {
        r.fail(table, key, "input not found: " + p.lexically_normal().string());
    }
    return p.lexically_normal().string();
}

}  // namespace

StudyConfig load_study_config(const fs::path& path) {
    toml::table root;
    try {
        root = toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            throw ConfigError({cfg_stage, path.string(), "", "", ""}, "scenario file not found");
        }
        const auto& where = e.source().begin;
        throw ConfigError({cfg_stage, path.string(), "", "", ""},
                          "not valid TOML (line " + std::to_string(where.line) + ", column " + std::to_string(where.column) +
                              "): " + std::string(e.description()));
    }
    const TomlReader r{root, path.string()};
    for (const auto& [k, v] : root) {
        const std::string key(k.str());
        if (key != "study" && key != "inputs" && key != "storm" && key != "area" && key != "index" && key != "outputs") {
            r.fail("", key, "unknown table (known: study, inputs, storm, area, index, outputs)");
        }
    }
    r.only_keys("study", {"name"});
    r.only_keys("inputs", {"sites", "grid", "earth_regions", "earth_model", "models"});
    r.only_keys("storm", {"scenario", "magnetometer", "waveform", "epoch", "time_column", "x_column", "y_column", "max_gap_s"});
    r.only_keys("area", {"bbox", "resolution_deg", "crs"});
    r.only_keys("index", {"weight_hazard", "weight_grid", "e0_v_per_km", "i0_a", "redundancy_exponent", "supply_radius_km"});
    r.only_keys("outputs", {"folder", "map_png"});

    const fs::path base = fs::absolute(path).parent_path();
    StudyConfig c;
    c.scenario_file = path;
    c.name = r.text("study", "name").value_or(path.stem().string());
    c.sites = input_path(r, base, "inputs", "sites", true);
    c.grid = input_path(r, base, "inputs", "grid", false);
    c.earth_regions = input_path(r, base, "inputs", "earth_regions", false);
    c.models_dir = input_path(r, base, "inputs", "models", false);
    c.earth_model = r.text("inputs", "earth_model").value_or("");
    if (c.earth_regions.empty() && c.earth_model.empty()) {
        r.fail("inputs", "earth_regions", "give earth_regions (polygons with a 'model' field) and/or earth_model");
    }
    c.scenario = r.text("storm", "scenario").value_or("");
    c.magnetometer = input_path(r, base, "storm", "magnetometer", false);
    c.waveform = input_path(r, base, "storm", "waveform", false);
    if (c.scenario.empty() == c.magnetometer.empty()) {
        r.fail("storm", "scenario", "give exactly one of scenario = \"nerc-benchmark\" | \"nerc-supplemental\" and magnetometer = FILE");
    }
    if (!c.scenario.empty() && c.scenario != "nerc-benchmark" && c.scenario != "nerc-supplemental") {
        r.fail("storm", "scenario", "unknown scenario '" + c.scenario + "' (nerc-benchmark or nerc-supplemental)");
    }
    c.epoch = r.number("storm", "epoch").value_or(2025.0);
    c.magnetometer_options.time_column = r.text("storm", "time_column").value_or("");
    c.magnetometer_options.x_column = r.text("storm", "x_column").value_or("");
    c.magnetometer_options.y_column = r.text("storm", "y_column").value_or("");
    c.magnetometer_options.max_gap_s = r.number("storm", "max_gap_s").value_or(300.0);

    if (const toml::table* area = r.table("area")) {
        const toml::array* bbox = area->get("bbox") != nullptr ? area->get("bbox")->as_array() : nullptr;
        if (bbox == nullptr || bbox->size() != 4) {
            r.fail("area", "bbox", "expected bbox = [west, south, east, north] in degrees");
        }
        double v[4];
        for (std::size_t i = 0; i < 4; ++i) {
            const auto x = (*bbox)[i].value<double>();
            if (!x) {
                r.fail("area", "bbox", "expected four numbers");
            }
            v[i] = *x;
        }
        const auto res = r.number("area", "resolution_deg");
        if (!res) {
            r.fail("area", "resolution_deg", "required with bbox");
        }
        GridSpec spec{v[0], v[1], v[2], v[3], *res};
        try {
            spec.validate();
        } catch (const ConfigError& e) {
            r.fail("area", e.context().field.empty() ? "bbox" : e.context().field, e.why());
        }
        if (spec.width() * spec.height() > 100'000'000ULL) {
            r.fail("area", "resolution_deg", "the study area would have over 100 million cells; use a coarser resolution");
        }
        c.area = spec;
        c.crs = r.text("area", "crs").value_or("EPSG:4326");
    }
    c.index.weight_hazard = r.number("index", "weight_hazard").value_or(c.index.weight_hazard);
    c.index.weight_grid = r.number("index", "weight_grid").value_or(c.index.weight_grid);
    c.index.e0_v_per_km = r.number("index", "e0_v_per_km").value_or(c.index.e0_v_per_km);
    c.index.i0_a = r.number("index", "i0_a").value_or(c.index.i0_a);
    c.index.redundancy_exponent = r.number("index", "redundancy_exponent").value_or(c.index.redundancy_exponent);
    c.supply_radius_km = r.number("index", "supply_radius_km").value_or(c.supply_radius_km);
    try {
        c.index.validate();
    } catch (const ConfigError& e) {
        r.fail("index", e.context().field, e.why());
    }
    if (!(c.supply_radius_km > 0.0)) {
        r.fail("index", "supply_radius_km", "must be > 0 km");
    }
    const std::string folder = r.text("outputs", "folder").value_or("out/" + path.stem().string());
    c.out_dir = (fs::path(folder).is_relative() ? base / folder : fs::path(folder)).lexically_normal().string();
    c.write_map_png = r.boolean("outputs", "map_png").value_or(true);
    return c;
}

void describe_study(const StudyConfig& c, std::ostream& out) {
    out << "study: " << c.name << "\n  scenario file: " << c.scenario_file.string() << "\n  sites:         " << c.sites << '\n';
    out << "  grid:          " << (c.grid.empty() ? "(none: hazard-only index)" : c.grid) << '\n';
    out << "  earth regions: " << (c.earth_regions.empty() ? "(none)" : c.earth_regions) << '\n';
    out << "  earth model:   " << (c.earth_model.empty() ? "(none outside the regions)" : c.earth_model) << '\n';
    out << "  storm:         "
        << (c.scenario.empty() ? "magnetometer record " + c.magnetometer : c.scenario + " (NERC TPL-007, E_ref x alpha x beta)")
        << ", dipole epoch " << c.epoch << '\n';
    if (c.area) {
        char line[200];
        std::snprintf(line, sizeof line, "  area:          %g,%g,%g,%g at %g deg (%zu x %zu cells), CRS %s\n", c.area->west_deg,
                      c.area->south_deg, c.area->east_deg, c.area->north_deg, c.area->resolution_deg, c.area->width(),
                      c.area->height(), c.crs.c_str());
        out << line;
    } else {
        out << "  area:          (none: no rasters)\n";
    }
    char line[200];
    std::snprintf(line, sizeof line, "  index:         w_hazard %g, w_grid %g, E0 %g V/km, I0 %g A, gamma %g, supply radius %g km\n",
                  c.index.weight_hazard, c.index.weight_grid, c.index.e0_v_per_km, c.index.i0_a, c.index.redundancy_exponent,
                  c.supply_radius_km);
    out << line << "  outputs:       " << c.out_dir << "/{sites.csv,sites.gpkg,report.md"
        << (c.area ? std::string(",exposure.tif,peak_e.tif") + (c.write_map_png ? ",map.png" : "") : std::string()) << "}\n";
}

// ------------------------------------------------------------------------------------------------
// Evaluation
// ------------------------------------------------------------------------------------------------

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point3 = bg::model::point<double, 3, bg::cs::cartesian>;
using Entry = std::pair<Point3, std::size_t>;
constexpr double earth_radius_km = 6371.0088;

Point3 unit_vector(GeoPoint p) {
    const double lat = p.lat_deg * std::numbers::pi / 180.0;
    const double lon = p.lon_deg * std::numbers::pi / 180.0;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double great_circle_km(GeoPoint a, GeoPoint b) {
    const double chord = bg::distance(unit_vector(a), unit_vector(b));
    return 2.0 * earth_radius_km * std::asin(std::min(1.0, chord / 2.0));
}

/// Nearest substation within a radius, through an R-tree of unit vectors (chord distance is monotone
/// in great-circle distance): O(log n) per query.
class SubstationIndex {
public:
    explicit SubstationIndex(const Network* net) : m_net(net) {
        if (net == nullptr) {
            return;
        }
        std::vector<Entry> entries;
        for (std::size_t s = 0; s < net->substations.size(); ++s) {
            if (net->substations[s].location.valid()) {
                entries.emplace_back(unit_vector(net->substations[s].location), s);
            }
        }
        m_tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());
    }
    /// (substation, km) of the nearest one within radius, or nullopt.
    [[nodiscard]] std::optional<std::pair<std::size_t, double>> nearest(GeoPoint p, double radius_km) const {
        if (m_net == nullptr || m_tree.empty() || !p.valid()) {
            return std::nullopt;
        }
        std::vector<Entry> found;
        m_tree.query(bgi::nearest(unit_vector(p), 1), std::back_inserter(found));
        if (found.empty()) {
            return std::nullopt;
        }
        const double km = great_circle_km(p, m_net->substations[found[0].second].location);
        if (km > radius_km) {
            return std::nullopt;
        }
        return std::make_pair(found[0].second, km);
    }

private:
    const Network* m_net;
    bgi::rtree<Entry, bgi::rstar<16>> m_tree;
};

/// The storm hazard at any point: NERC scenario, or the peak of E(t) over the model under the point.
class Hazard {
public:
    Hazard(const StudyConfig& c, const Ground& ground, ProblemSink& problems)
        : m_ground(ground), m_dipole(dipole_coefficients(c.epoch, &problems)) {
        if (!c.scenario.empty()) {
            m_event = parse_nerc_event(c.scenario);
            m_betas.emplace(load_beta_resolver(*m_event, ground.library(), c.waveform));
            m_nerc.emplace(*m_event, ground, *m_betas, m_dipole);
        } else {
            m_record = read_magnetometer(c.magnetometer, c.magnetometer_options);
            m_betas.emplace(load_beta_resolver(NercEvent::benchmark, ground.library(), c.waveform));
            for (const auto& model : ground.model_names()) {
                const GeoelectricSeries e = geoelectric_from_magnetic(ground.library().find(model), m_record->bx_nt, m_record->by_nt,
                                                                      m_record->dt_s);
                double peak = 0.0;
                for (std::size_t i = 0; i < e.ex_v_per_km.size(); ++i) {
                    peak = std::max(peak, std::hypot(e.ex_v_per_km[i], e.ey_v_per_km[i]));
                }
                m_peak_by_model[model] = peak;
                m_fields[model] = e;
            }
        }
    }

    [[nodiscard]] PointHazard at(GeoPoint p) const {
        if (m_nerc) {
            return m_nerc->at(p);
        }
        PointHazard h;
        h.geomagnetic_lat_deg = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
        h.alpha = nerc_alpha(h.geomagnetic_lat_deg);
        if (const EarthModel* m = m_ground.model_at(p)) {
            h.earth_model = m->name();
            const auto source = m_betas->source(m->name());
            h.beta = source.rfind("NERC", 0) == 0 ? m_betas->beta(m->name()) : not_a_number;
            h.e_peak_v_per_km = m_peak_by_model.at(m->name());
        }
        return h;
    }
    [[nodiscard]] double e_peak(GeoPoint p) const {
        if (m_nerc) {
            return m_nerc->e_peak_v_per_km(p);
        }
        const EarthModel* m = m_ground.model_at(p);
        return m == nullptr ? not_a_number : m_peak_by_model.at(m->name());
    }
    [[nodiscard]] bool scenario() const { return m_nerc.has_value(); }
    [[nodiscard]] const BetaResolver& betas() const { return *m_betas; }
    [[nodiscard]] const DipoleCoefficients& dipole() const { return m_dipole; }
    [[nodiscard]] const MagnetometerSeries& record() const { return *m_record; }
    [[nodiscard]] const std::map<std::string, GeoelectricSeries>& fields() const { return m_fields; }

private:
    const Ground& m_ground;
    DipoleCoefficients m_dipole;
    std::optional<NercEvent> m_event;
    std::optional<BetaResolver> m_betas;
    std::optional<NercHazard> m_nerc;
    std::optional<MagnetometerSeries> m_record;
    std::map<std::string, double> m_peak_by_model;
    std::map<std::string, GeoelectricSeries> m_fields;
};

/// Worst effective GIC per transformer under the storm: scenario sweep, or the time-series peak.
std::vector<double> transformer_ieff(const StudyConfig& c, const Network& net, const GicSolver& solver, const Ground& ground,
                                     const Hazard& hazard, StudyResult& result) {
    if (hazard.scenario()) {
        const ScenarioGic sc = run_scenario_gic(net, solver, ground, hazard.betas(), hazard.dipole(), 0.0);
        FeatureTable lines = lines_table(net, sc.study.result, line_lengths_km(net));
        lines.add("alpha", sc.line_alpha);
        lines.add("e_peak_v_per_km", sc.line_e_peak_v_per_km);
        result.grid_layers = {substations_table(net, sc.study.result), transformers_table(net, sc.study.result, sc.study.sweep),
                              std::move(lines)};
        result.notes.push_back("grid currents: " + c.scenario + " peak field along each line, worst direction per transformer");
        return sc.study.sweep->ieff_max_a;
    }
    const LineGroundCoupling coupling = couple_lines(net, ground);
    FieldSources fields;
    for (const auto& model : coupling.models) {
        const auto it = hazard.fields().find(model);
        fields.e_north_v_per_km.push_back(it->second.ex_v_per_km);
        fields.e_east_v_per_km.push_back(it->second.ey_v_per_km);
    }
    const GicTimeSeriesStats stats =
        run_gic_timeseries(net, solver, coupling.couplings, fields, hazard.record().dt_s, c.index.i0_a);
    FeatureTable trans;
    trans.name = "transformers";
    trans.geometry_kind = GeometryKind::point;
    std::vector<std::string> ids, subs;
    for (const auto& t : net.transformers) {
        const Substation& s = net.substations[net.substation_of(t)];
        ids.push_back(t.id);
        subs.push_back(s.id);
        trans.geometry.push_back(s.location.valid() ? std::vector<GeoPoint>{s.location} : std::vector<GeoPoint>{});
    }
    trans.add("transformer_id", std::move(ids));
    trans.add("substation_id", std::move(subs));
    trans.add("ieff_peak_a", stats.ieff_peak_a);
    result.grid_layers = {std::move(trans)};
    result.notes.push_back("grid currents: peak effective GIC over the storm record (time series, one factorisation)");
    return stats.ieff_peak_a;
}

}  // namespace

StudyResult run_study(const StudyConfig& c, ProblemSink& problems, const std::function<void(const std::string&)>& progress) {
    if (progress) {
        progress("reading sites " + c.sites);
    }
    return run_study(c, read_sites(c.sites, problems), problems, progress);
}

StudyResult run_study(const StudyConfig& c, const std::vector<Site>& sites, ProblemSink& problems,
                      const std::function<void(const std::string&)>& progress) {
    auto say = [&](const std::string& s) {
        if (progress) {
            progress(s);
        }
    };
    StudyResult result;
    say("reading the ground (earth models and regions)");
    const Ground ground = load_ground(c.earth_regions, c.earth_model, c.models_dir, problems);
    std::optional<GridDataset> grid;
    if (!c.grid.empty()) {
        say("reading the grid " + c.grid);
        grid = read_grid(c.grid, problems);
    }
    say(c.scenario.empty() ? "computing E(t) per earth model from " + c.magnetometer : "resolving alpha and beta for " + c.scenario);
    const Hazard hazard(c, ground, problems);

    // Substation coupling: worst effective GIC over the transformers of each substation.
    std::vector<double> sub_ieff;
    std::map<std::string, std::size_t> sub_index;
    const Network* net = grid ? &grid->network : nullptr;
    if (net != nullptr) {
        say("solving the grid (" + std::to_string(net->substations.size()) + " substations, " +
            std::to_string(net->transformers.size()) + " transformers)");
        const GicSolver solver(*net, problems);
        const std::vector<double> ieff = transformer_ieff(c, *net, solver, ground, hazard, result);
        sub_ieff.assign(net->substations.size(), 0.0);
        for (std::size_t t = 0; t < net->transformers.size(); ++t) {
            const std::size_t s = net->substation_of(net->transformers[t]);
            sub_ieff[s] = std::max(sub_ieff[s], ieff[t]);
        }
        for (std::size_t s = 0; s < net->substations.size(); ++s) {
            sub_index[net->substations[s].id] = s;
        }
    }
    const SubstationIndex nearest(net);

    say("evaluating " + std::to_string(sites.size()) + " sites");
    for (const Site& site : sites) {
        SiteResult best;
        std::vector<GeoPoint> candidates{site.location};
        candidates.insert(candidates.end(), site.outline.begin(), site.outline.end());
        // Supplies: the listed substations, or else the nearest within the radius.
        std::vector<std::size_t> listed;
        for (const auto& id : site.supply_substations) {
            const auto it = sub_index.find(id);
            if (net == nullptr) {
                problems.warn("no_grid", site.id, c.sites, "supply_substations given but the study has no grid");
                break;
            }
            if (it == sub_index.end()) {
                throw InputError({"readers.sites", c.sites, "", site.id, "supply_substations"},
                                 "unknown substation id '" + id + "' (not in the grid " + c.grid + ")");
            }
            if (std::find(listed.begin(), listed.end(), it->second) == listed.end()) {
                listed.push_back(it->second);
            }
        }
        bool first = true;
        for (const GeoPoint& p : candidates) {
            SiteResult r;
            r.site = site;
            r.evaluated_at = p;
            const PointHazard h = hazard.at(p);
            r.geomagnetic_lat_deg = h.geomagnetic_lat_deg;
            r.alpha = h.alpha;
            r.earth_model = h.earth_model;
            r.beta = h.beta;
            r.e_peak_v_per_km = h.e_peak_v_per_km;
            std::string flags = std::isnan(r.e_peak_v_per_km) ? "no_ground" : "";
            if (!listed.empty()) {
                r.n_supplies = listed.size();
                r.ieff_max_a = 0.0;
                r.dist_substation_km = INFINITY;
                for (const std::size_t s : listed) {
                    r.ieff_max_a = std::max(r.ieff_max_a, sub_ieff[s]);
                    r.supplies.push_back(net->substations[s].id);
                    if (net->substations[s].location.valid()) {
                        r.dist_substation_km = std::min(r.dist_substation_km, great_circle_km(p, net->substations[s].location));
                    }
                }
                if (!std::isfinite(r.dist_substation_km)) {
                    r.dist_substation_km = not_a_number;
                }
            } else if (const auto n = nearest.nearest(p, c.supply_radius_km)) {
                r.n_supplies = 1;
                r.ieff_max_a = sub_ieff[n->first];
                r.supplies = {net->substations[n->first].id};
                r.dist_substation_km = n->second;
            } else {
                flags += std::string(flags.empty() ? "" : ",") + "no_grid";
            }
            r.flags = flags;
            r.exposure_index = exposure_index(r.e_peak_v_per_km, r.ieff_max_a, r.n_supplies, c.index);
            if (first || (!std::isnan(r.exposure_index) && (std::isnan(best.exposure_index) || r.exposure_index > best.exposure_index))) {
                best = std::move(r);
            }
            first = false;
        }
        best.exposure_class = std::isnan(best.exposure_index) ? "unknown" : std::string(to_string(exposure_class(best.exposure_index)));
        result.sites.push_back(std::move(best));
    }
    std::vector<double> idx, crit;
    for (const auto& s : result.sites) {
        idx.push_back(s.exposure_index);
        crit.push_back(s.site.criticality);
    }
    const auto ranks = rank_sites(idx, crit);
    for (std::size_t i = 0; i < result.sites.size(); ++i) {
        result.sites[i].rank = ranks[i];
    }

    if (c.area) {
        const GridSpec& spec = *c.area;
        say("mapping the study area (" + std::to_string(spec.width()) + " x " + std::to_string(spec.height()) + " cells)");
        const std::string what = c.scenario.empty() ? "peak |E(t)| of the storm record" : "NERC " + c.scenario + " E_ref x alpha x beta";
        Raster peak = Raster::nodata(spec, "peak geoelectric field magnitude, " + what, "V/km");
        Raster exposure = Raster::nodata(spec, "site exposure index (as if a site stood in each cell)", "index 0-100");
        for_each_cell(spec, [&](std::size_t col, std::size_t row, GeoPoint p) {
            const double e = hazard.e_peak(p);
            peak.at(col, row) = static_cast<float>(e);
            double ieff = not_a_number;
            std::size_t n = 0;
            if (const auto s = nearest.nearest(p, c.supply_radius_km)) {
                ieff = sub_ieff[s->first];
                n = 1;
            }
            exposure.at(col, row) = static_cast<float>(exposure_index(e, ieff, n, c.index));
        });
        result.peak_e = std::move(peak);
        result.exposure = std::move(exposure);
    }
    result.notes.push_back("storm: " + (c.scenario.empty() ? "magnetometer record " + c.magnetometer : c.scenario));
    return result;
}

// ------------------------------------------------------------------------------------------------
// Outputs
// ------------------------------------------------------------------------------------------------

FeatureTable sites_table(const StudyResult& result) {
    FeatureTable t;
    t.name = "sites";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> id, name, cls, model, supplies, flags;
    std::vector<double> idx, rank, glat, alpha, beta, e, ieff, n, dist, crit, lat, lon, elat, elon;
    for (const auto& s : result.sites) {
        id.push_back(s.site.id);
        name.push_back(s.site.name);
        idx.push_back(s.exposure_index);
        cls.push_back(s.exposure_class);
        rank.push_back(static_cast<double>(s.rank));
        glat.push_back(s.geomagnetic_lat_deg);
        alpha.push_back(s.alpha);
        model.push_back(s.earth_model);
        beta.push_back(s.beta);
        e.push_back(s.e_peak_v_per_km);
        ieff.push_back(s.ieff_max_a);
        n.push_back(static_cast<double>(s.n_supplies));
        std::string list;
        for (const auto& x : s.supplies) {
            list += (list.empty() ? "" : ",") + x;
        }
        supplies.push_back(list);
        dist.push_back(s.dist_substation_km);
        crit.push_back(s.site.criticality);
        flags.push_back(s.flags);
        lat.push_back(s.site.location.lat_deg);
        lon.push_back(s.site.location.lon_deg);
        elat.push_back(s.evaluated_at.lat_deg);
        elon.push_back(s.evaluated_at.lon_deg);
        t.geometry.push_back({s.site.location});
    }
    t.add("site_id", std::move(id));
    t.add("name", std::move(name));
    t.add("exposure_index", std::move(idx), "0-100, docs/exposure-index.md");
    t.add("class", std::move(cls));
    t.add("rank", std::move(rank));
    t.add("geomagnetic_lat_deg", std::move(glat), "centred-dipole latitude at the study epoch");
    t.add("alpha", std::move(alpha));
    t.add("earth_model", std::move(model));
    t.add("beta", std::move(beta));
    t.add("e_peak_v_per_km", std::move(e));
    t.add("ieff_max_a", std::move(ieff), "worst effective GIC per phase in the supplying substations, A");
    t.add("n_supplies", std::move(n));
    t.add("supply_substations", std::move(supplies));
    t.add("dist_substation_km", std::move(dist));
    t.add("criticality", std::move(crit));
    t.add("flags", std::move(flags), "no_ground: no earth model here; no_grid: no supplying substation known");
    t.add("lat_deg", std::move(lat));
    t.add("lon_deg", std::move(lon));
    t.add("evaluated_lat_deg", std::move(elat), "polygon sites: the worst point");
    t.add("evaluated_lon_deg", std::move(elon));
    return t;
}

namespace {

std::string fmt(double v, int digits = 2) {
    if (std::isnan(v)) {
        return "–";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

void write_report(const StudyConfig& c, const StudyResult& r, const fs::path& path) {
    std::ofstream out(path);
    if (!out) {
        throw Error({"writers.report", path.string(), "", "", ""}, "cannot create the file");
    }
    out << "# " << c.name << "\n\n";
    out << "Site exposure to a severe geomagnetic storm, computed by swxrisk " << version_string << ".\n\n";
    out << "## Scenario and inputs\n\n";
    out << "| | |\n|---|---|\n";
    out << "| scenario file | `" << c.scenario_file.string() << "` |\n";
    out << "| storm | " << (c.scenario.empty() ? "magnetometer record `" + c.magnetometer + "` (peak of E(t))" : c.scenario + " (NERC TPL-007: E_peak = E_ref × α × β)") << " |\n";
    out << "| geomagnetic latitude | centred dipole, IGRF-14, epoch " << c.epoch << " |\n";
    out << "| sites | `" << c.sites << "` |\n";
    out << "| grid | " << (c.grid.empty() ? "none (hazard-only index)" : "`" + c.grid + "`") << " |\n";
    out << "| earth regions | " << (c.earth_regions.empty() ? "none" : "`" + c.earth_regions + "`") << " |\n";
    out << "| earth model outside regions | " << (c.earth_model.empty() ? "none" : c.earth_model) << " |\n";
    char line[256];
    std::snprintf(line, sizeof line, "| index | w_hazard %g, w_grid %g, E0 %g V/km, I0 %g A, γ %g, supply radius %g km |\n",
                  c.index.weight_hazard, c.index.weight_grid, c.index.e0_v_per_km, c.index.i0_a, c.index.redundancy_exponent,
                  c.supply_radius_km);
    out << line << "\n";
    out << "## Ranking\n\n";
    out << "| rank | site | index | class | geomag. lat (°) | α | earth model | β | E_peak (V/km) | Ieff max (A) | supplies | flags |\n";
    out << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::vector<const SiteResult*> order;
    for (const auto& s : r.sites) {
        order.push_back(&s);
    }
    std::sort(order.begin(), order.end(), [](auto a, auto b) { return a->rank < b->rank; });
    for (const SiteResult* s : order) {
        out << "| " << s->rank << " | " << s->site.name << " (`" << s->site.id << "`) | " << fmt(s->exposure_index, 1) << " | "
            << s->exposure_class << " | " << fmt(s->geomagnetic_lat_deg, 1) << " | " << fmt(s->alpha, 3) << " | "
            << (s->earth_model.empty() ? "–" : s->earth_model) << " | " << fmt(s->beta) << " | " << fmt(s->e_peak_v_per_km) << " | "
            << fmt(s->ieff_max_a, 1) << " | " << s->n_supplies << " | " << (s->flags.empty() ? "" : s->flags) << " |\n";
    }
    out << "\n## What drives each site\n\n";
    for (const SiteResult* s : order) {
        out << "* **" << s->site.name << "** — index " << fmt(s->exposure_index, 1) << " (" << s->exposure_class << "): ";
        if (std::isnan(s->e_peak_v_per_km)) {
            out << "no earth model covers this place, so the storm hazard is unknown";
        } else {
            out << "geomagnetic latitude " << fmt(s->geomagnetic_lat_deg, 1) << "° gives α = " << fmt(s->alpha, 3) << "; ground "
                << s->earth_model << (std::isnan(s->beta) ? "" : " (β = " + fmt(s->beta) + ")") << " → peak field "
                << fmt(s->e_peak_v_per_km) << " V/km";
        }
        if (s->n_supplies > 0) {
            out << "; supplied by " << s->n_supplies << " substation(s) whose worst transformer carries " << fmt(s->ieff_max_a, 1)
                << " A per phase (TPL-007 screening threshold: 75 A)";
        } else {
            out << "; no supplying substation known (hazard-only index)";
        }
        out << ".\n";
    }
    out << "\n## Reading the numbers\n\nThe index ranks sites under one scenario; it is not a probability. A low index at low "
           "geomagnetic latitude means the NERC scaling puts a smaller field there — not that the place is immune: "
           "α is held at 0.1 below 40° and the equatorial electrojet and sudden commencements are not modelled. "
           "See docs/exposure-index.md.\n";
    for (const auto& n : r.notes) {
        out << "\n* " << n;
    }
    out << "\n";
    if (!out) {
        throw Error({"writers.report", path.string(), "", "", ""}, "write failed");
    }
}

}  // namespace

void write_study(const StudyConfig& c, const StudyResult& r, bool overwrite) {
    OutputDirectory out(c.out_dir, overwrite);
    const FeatureTable sites = sites_table(r);
    write_csv(sites, out.staged("sites.csv"));
    std::vector<const FeatureTable*> layers{&sites};
    for (const auto& t : r.grid_layers) {
        layers.push_back(&t);
    }
    write_gpkg(layers, out.staged("sites.gpkg"));
    if (r.exposure && r.peak_e) {
        RasterWriteOptions options;
        options.crs = c.crs;
        options.metadata = {{"SWXRISK_STUDY", c.name}, {"SWXRISK_SCENARIO", c.scenario.empty() ? c.magnetometer : c.scenario}};
        write_geotiff(*r.exposure, out.staged("exposure.tif"), options);
        write_geotiff(*r.peak_e, out.staged("peak_e.tif"), options);
        if (c.write_map_png) {
            write_map_png(*r.exposure, sites, r.grid_layers, c.name, out.staged("map.png"));
        }
    }
    write_report(c, r, out.staged("report.md"));
    out.commit();
}

}  // namespace swx::io
