#define SWX_IO_INTERNAL
// The scenario file of a site-exposure study: one small function per TOML table, every key checked
// against its declaration in options.hpp. See docs/scenario-format.md.

#include <swx/io/study_config.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/ensemble_config_reader.hpp>
#include <swx/io/detail/toml.hpp>
#include <swx/io/gdal_session.hpp>
#include <swx/io/options.hpp>

#include <cpl_error.h>
#include <ogr_srs_api.h>


#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>

namespace swx::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* cfg_stage = "scenario";

/// The scenario file's tables through the one TOML helper set of io (detail/toml.hpp). Fields are
/// named "table.key" in messages ("[field index.i0_a]").
struct TomlReader {
    const toml::table& root;
    std::string path;

    [[nodiscard]] detail::TomlContext context(const std::string& table) const {
        return {ErrorContext{cfg_stage, path, "", "", ""}, table, detail::TomlErrorKind::config};
    }
    [[noreturn]] void fail(const std::string& table, const std::string& key, const std::string& why) const {
        context(table).fail(key, why);
    }
    const toml::table* table(const std::string& name) const { return detail::optional_table(root, name, context("")); }
    void only_keys(const std::string& name, std::initializer_list<std::string_view> keys) const {
        if (const toml::table* t = table(name)) {
            detail::reject_unknown_keys(*t, keys, context(name));
        }
    }
    std::optional<std::string> text(const std::string& name, const std::string& key) const {
        const toml::table* t = table(name);
        return t == nullptr ? std::nullopt : detail::optional_string(*t, key, context(name));
    }
    std::optional<double> number(const std::string& name, const std::string& key) const {
        const toml::table* t = table(name);
        const auto v = t == nullptr ? std::nullopt : detail::optional_number(*t, key, context(name));
        if (v && !std::isfinite(*v)) {
            fail(name, key, "must be a finite number");
        }
        return v;
    }
    std::optional<bool> boolean(const std::string& name, const std::string& key) const {
        const toml::table* t = table(name);
        return t == nullptr ? std::nullopt : detail::optional_bool(*t, key, context(name));
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

/// A folder or a comma-separated list of files, each resolved against `base` and checked to exist.
std::string input_paths(const TomlReader& r, const fs::path& base, const std::string& table, const char* key) {
    const auto v = r.text(table, key);
    if (!v || v->empty()) {
        return {};
    }
    std::string out;
    for (const auto& part : split_csv(*v)) {
        const std::string item = trim(part);
        if (item.empty()) {
            continue;
        }
        fs::path p(item);
        if (p.is_relative()) {
            p = base / p;
        }
        std::error_code ec;
        if (!fs::exists(p, ec)) {
            r.fail(table, key, "input not found: " + p.lexically_normal().string());
        }
        out += (out.empty() ? "" : ",") + p.lexically_normal().string();
    }
    return out;
}

/// The raster CRS must be one GDAL/PROJ understand, checked when the file is read (validate and run
/// alike), not when the GeoTIFF is written at the end of the run.
void check_crs(const std::string& crs, const ErrorContext& where) {
    ensure_gdal();
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    CPLErrorReset();
    const bool ok = !crs.empty() && OSRSetFromUserInput(srs, crs.c_str()) == OGRERR_NONE;
    OSRDestroySpatialReference(srs);
    if (!ok) {
        const char* msg = CPLGetLastErrorMsg();
        throw CrsError(where, "unknown CRS '" + crs + "'" + (msg != nullptr && *msg != '\0' ? ": " + std::string(msg) : std::string()));
    }
}

}  // namespace

namespace {

/// A number from the file, checked against its declaration.
std::optional<double> checked_number(const TomlReader& r, const OptionSpec& spec) {
    const auto v = r.number(std::string(spec.table), std::string(spec.key));
    if (v) {
        spec.check(*v, {cfg_stage, r.path, "", "", spec.dotted()});
    }
    return v;
}

std::string text_of(const TomlReader& r, const OptionSpec& spec, std::string fallback = {}) {
    return r.text(std::string(spec.table), std::string(spec.key)).value_or(std::move(fallback));
}

void read_inputs(const TomlReader& r, const fs::path& base, StudyConfig& c) {
    c.sites = input_path(r, base, "inputs", "sites", true);
    c.grid = input_path(r, base, "inputs", "grid", false);
    c.grid_gic = input_path(r, base, "inputs", "grid_gic", false);
    c.earth_regions = input_path(r, base, "inputs", "earth_regions", false);
    c.models_dir = input_path(r, base, "inputs", "models", false);
    c.earth_model = text_of(r, options::earth_model);
    c.field.mt_sites = input_paths(r, base, "inputs", "mt_sites");
    c.field.mt_max_distance_km = checked_number(r, options::mt_max_distance_km).value_or(c.field.mt_max_distance_km);
    c.field.mt_interpolation = r.text("inputs", "mt_interpolation").value_or(c.field.mt_interpolation);
    if (c.earth_regions.empty() && c.earth_model.empty()) {
        r.fail("inputs", "earth_regions", "give earth_regions (polygons with a 'model' field) and/or earth_model");
    }
}

/// "give exactly one of ..." for the storm: a scenario, a magnetometer record or the hazard model.
constexpr const char* storm_choice =
    "give exactly one of scenario = \"nerc-benchmark\" | \"nerc-supplemental\" | \"carrington-1859\", magnetometer = FILE, "
    "magnetometers = FOLDER and hazard = \"return-period\"";

void read_return_period(const TomlReader& r, const fs::path& base, StudyConfig& c) {
    const toml::table* storm = r.table("storm");
    const bool any = storm != nullptr && (storm->contains("return_periods_years") || storm->contains("threshold_a") ||
                                          storm->contains("e_star_v_per_km") || storm->contains("hazard_profile") ||
                                          storm->contains("hazard_terms"));
    if (c.hazard.empty()) {
        if (any) {
            r.fail("storm", "hazard", "return_periods_years, threshold_a, e_star_v_per_km, hazard_profile and hazard_terms belong to "
                                      "hazard = \"return-period\"");
        }
        return;
    }
    if (const toml::node* n = storm->get("return_periods_years")) {
        const toml::array* a = n->as_array();
        if (a == nullptr || a->empty()) {
            r.fail("storm", "return_periods_years", "expected a list of whole years, e.g. [10, 100, 1000]");
        }
        c.return_period.report_periods_years.clear();
        for (const auto& v : *a) {
            const auto x = v.value<double>();
            if (!x || !std::isfinite(*x) || std::floor(*x) != *x) {
                r.fail("storm", "return_periods_years", "expected whole numbers of years, e.g. [10, 100, 1000]");
            }
            options::return_periods_years.check(*x, {cfg_stage, r.path, "", "", options::return_periods_years.dotted()});
            c.return_period.report_periods_years.push_back(*x);
        }
    }
    c.return_period.threshold_a = checked_number(r, options::hazard_threshold_a).value_or(c.return_period.threshold_a);
    c.return_period.no_grid_e_star_v_per_km = checked_number(r, options::e_star_v_per_km).value_or(c.return_period.no_grid_e_star_v_per_km);
    c.hazard_profile = input_path(r, base, "storm", "hazard_profile", false);
    c.hazard_terms = input_path(r, base, "storm", "hazard_terms", false);
}

void read_storm(const TomlReader& r, const fs::path& base, StudyConfig& c) {
    c.scenario = text_of(r, options::scenario);
    c.magnetometer = input_path(r, base, "storm", "magnetometer", false);
    c.waveform = input_path(r, base, "storm", "waveform", false);
    c.hazard = text_of(r, options::hazard);
    c.field.magnetometers = input_paths(r, base, "storm", "magnetometers");
    c.field.stations = input_path(r, base, "storm", "stations", false);
    c.field.baseline = r.text("storm", "baseline").value_or(c.field.baseline);
    c.field.secs_regularisation = r.text("storm", "secs_regularisation").value_or(c.field.secs_regularisation);
    c.field.secs_pole_spacing_deg = checked_number(r, options::secs_pole_spacing_deg).value_or(c.field.secs_pole_spacing_deg);
    c.field.secs_margin_deg = checked_number(r, options::secs_margin_deg).value_or(c.field.secs_margin_deg);
    c.field.secs_epsilon = checked_number(r, options::secs_epsilon).value_or(c.field.secs_epsilon);
    c.field.line_sample_km = checked_number(r, options::line_sample_km).value_or(c.field.line_sample_km);
    if (static_cast<int>(!c.scenario.empty()) + static_cast<int>(!c.magnetometer.empty()) + static_cast<int>(!c.field.magnetometers.empty()) +
            static_cast<int>(!c.hazard.empty()) !=
        1) {
        r.fail("storm", c.hazard.empty() ? "scenario" : "hazard", storm_choice);
    }
    if (!c.field.mt_sites.empty() && c.magnetometer.empty() && c.field.magnetometers.empty()) {
        r.fail("inputs", "mt_sites", "MT sites act on a storm record: give [storm] magnetometer or magnetometers");
    }
    (void)c.field.field_options({cfg_stage, r.path, "", "", ""}, false);
    (void)c.field.baseline_method({cfg_stage, r.path, "", "", ""}, false);
    c.field.check_used({cfg_stage, r.path, "", "", ""}, false);
    if (!c.scenario.empty()) {
        check_scenario_name(c.scenario, {cfg_stage, r.path, "", "", options::scenario.dotted()}, true);
    }
    if (!c.hazard.empty()) {
        check_hazard_name(c.hazard, {cfg_stage, r.path, "", "", options::hazard.dotted()});
    }
    read_return_period(r, base, c);
    c.epoch = checked_number(r, options::epoch).value_or(c.epoch);
    c.magnetometer_options.time_column = text_of(r, options::time_column);
    c.magnetometer_options.x_column = text_of(r, options::x_column);
    c.magnetometer_options.y_column = text_of(r, options::y_column);
    c.magnetometer_options.max_gap_s = checked_number(r, options::max_gap_s).value_or(c.magnetometer_options.max_gap_s);
}

void read_area(const TomlReader& r, StudyConfig& c) {
    const toml::table* area = r.table("area");
    if (area == nullptr) {
        return;
    }
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
    options::resolution_deg.check(*res, {cfg_stage, r.path, "", "", options::resolution_deg.dotted()});
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
    c.crs = text_of(r, options::crs, "EPSG:4326");
    check_crs(c.crs, {cfg_stage, r.path, "", "", options::crs.dotted()});
}

void read_index(const TomlReader& r, StudyConfig& c) {
    for (const OptionSpec* spec : options::index) {
        if (const auto v = r.number("index", std::string(spec->key))) {
            set_index_parameter(c.index, c.supply_radius_km, spec->key, *v, {cfg_stage, r.path, "", "", spec->dotted()});
        }
    }
    try {
        c.index.validate();
    } catch (const ConfigError& e) {
        r.fail("index", e.context().field, e.why());
    }
}

toml::table parse_scenario_file(const fs::path& path) {
    try {
        return toml::parse_file(path.string());
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
}

void check_known_keys(const TomlReader& r) {
    for (const auto& [k, v] : r.root) {
        const std::string key(k.str());
        if (key != "study" && key != "inputs" && key != "storm" && key != "area" && key != "index" && key != "outputs" &&
            key != "ensemble") {
            r.fail("", key, "unknown table (known: study, inputs, storm, area, index, outputs, ensemble)");
        }
    }
    r.only_keys("study", {"name"});
    r.only_keys("inputs", {"sites", "grid", "grid_gic", "earth_regions", "earth_model", "models", "mt_sites", "mt_max_distance_km", "mt_interpolation"});
    r.only_keys("storm", {"scenario", "magnetometer", "waveform", "epoch", "time_column", "x_column", "y_column", "max_gap_s", "hazard",
                          "return_periods_years", "threshold_a", "e_star_v_per_km", "hazard_profile", "hazard_terms", "magnetometers",
                          "stations", "baseline", "secs_pole_spacing_deg", "secs_margin_deg", "secs_epsilon", "secs_regularisation",
                          "line_sample_km"});
    r.only_keys("area", {"bbox", "resolution_deg", "crs"});
    r.only_keys("index", {"weight_hazard", "weight_grid", "e0_v_per_km", "i0_a", "redundancy_exponent", "supply_radius_km"});
    r.only_keys("outputs", {"folder", "map_png"});
}

}  // namespace

StudyConfig load_study_config(const fs::path& path) {
    const toml::table root = parse_scenario_file(path);
    const TomlReader r{root, path.string()};
    check_known_keys(r);
    const fs::path base = fs::absolute(path).parent_path();
    StudyConfig c;
    c.scenario_file = path;
    c.name = r.text("study", "name").value_or(path.stem().string());
    read_inputs(r, base, c);
    read_storm(r, base, c);
    read_area(r, c);
    read_index(r, c);
    c.ensemble = detail::read_ensemble_config(root, r.path);
    const std::string folder = r.text("outputs", "folder").value_or("out/" + path.stem().string());
    c.out_dir = (fs::path(folder).is_relative() ? base / folder : fs::path(folder)).lexically_normal().string();
    c.write_map_png = r.boolean("outputs", "map_png").value_or(true);
    if (c.ensemble) {
        const fs::path e = c.ensemble->out_dir.empty() ? fs::path(c.out_dir + "-ensemble") : fs::path(c.ensemble->out_dir);
        c.ensemble->out_dir = (e.is_relative() ? base / e : e).lexically_normal().string();
    }
    return c;
}

void check_study_config(const StudyConfig& c) {
    const ErrorContext where{cfg_stage, c.scenario_file.string(), "", "", ""};
    auto at = [&](const OptionSpec& spec) {
        ErrorContext w = where;
        w.field = spec.dotted();
        return w;
    };
    if (c.earth_regions.empty() && c.earth_model.empty()) {
        throw ConfigError(at(options::earth_regions), "give earth_regions (polygons with a 'model' field) and/or earth_model");
    }
    if (static_cast<int>(!c.scenario.empty()) + static_cast<int>(!c.magnetometer.empty()) + static_cast<int>(!c.field.magnetometers.empty()) +
            static_cast<int>(!c.hazard.empty()) !=
        1) {
        throw ConfigError(at(c.hazard.empty() ? options::scenario : options::hazard), storm_choice);
    }
    if (!c.field.mt_sites.empty() && c.magnetometer.empty() && c.field.magnetometers.empty()) {
        throw ConfigError(at(options::mt_sites), "MT sites act on a storm record: give [storm] magnetometer or magnetometers");
    }
    (void)c.field.field_options(where, false);
    (void)c.field.baseline_method(where, false);
    c.field.check_used(where, false);
    if (!c.scenario.empty()) {
        check_scenario_name(c.scenario, at(options::scenario), true);
    }
    if (!c.hazard.empty()) {
        check_hazard_name(c.hazard, at(options::hazard));
        try {
            c.return_period.validate();
        } catch (const ConfigError& e) {
            throw ConfigError({cfg_stage, c.scenario_file.string(), "", "", e.context().field}, e.why());
        }
    }
    options::epoch.check(c.epoch, at(options::epoch));
    if (c.area) {
        check_crs(c.crs, at(options::crs));
    }
    options::max_gap_s.check(c.magnetometer_options.max_gap_s, at(options::max_gap_s));
    options::supply_radius_km.check(c.supply_radius_km, at(options::supply_radius_km));
    try {
        c.index.validate();
    } catch (const ConfigError& e) {
        throw ConfigError({cfg_stage, c.scenario_file.string(), "", "", "index." + e.context().field}, e.why());
    }
}

std::vector<std::string> study_output_names(const StudyConfig& c) {
    std::vector<std::string> names{"sites.csv", "sites.gpkg", "report.md"};
    if (c.area) {
        names.insert(names.end(), {"exposure.tif", "exposure.qml", "exposure_class.tif", "peak_e.tif"});
        if (!c.hazard.empty()) {
            names.emplace_back("return_period.tif");
        }
        if (c.write_map_png) {
            names.emplace_back("map.png");
        }
    }
    return names;
}

std::string study_output_list(const StudyConfig& c) {
    std::string list;
    for (const auto& n : study_output_names(c)) {
        list += (list.empty() ? "" : ",") + n;
    }
    return list;
}

}  // namespace swx::io
