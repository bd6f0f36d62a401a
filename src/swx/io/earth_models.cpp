#define SWX_IO_INTERNAL
#include <swx/io/earth_models.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/csv.hpp>
#include <swx/io/detail/toml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include <dlfcn.h>

#if !defined(SWX_DATASETS_DIR) || !defined(SWX_BUILD_TREE_DIR)
#error "SWX_DATASETS_DIR and SWX_BUILD_TREE_DIR must be defined by src/swx/io/CMakeLists.txt"
#endif

namespace swx::io {
namespace {

constexpr const char* stage_models = "earth models";
constexpr const char* stage_beta = "beta table";

using detail::TomlContext;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& layer, const std::string& field,
                       const std::string& why) {
    throw InputError(ErrorContext{stage_models, path.string(), layer, "", field}, why);
}

/// A required number that must be finite and > 0 (thicknesses and resistivities).
double positive_number(const toml::table& tbl, const char* key, const TomlContext& ctx) {
    const double value = detail::required_number(tbl, key, ctx);
    if (!(std::isfinite(value) && value > 0.0)) {
        ctx.fail(key, "must be a finite number > 0, got " + format_number(value));
    }
    return value;
}

/// The layers array: tables { thickness_m, resistivity_ohm_m }, named 1, 2, ... in messages.
std::vector<EarthLayer> read_layers(const toml::table& tbl, const TomlContext& ctx) {
    const toml::node* layers_node = tbl.get("layers");
    if (layers_node == nullptr) {
        ctx.fail("layers", "missing required field (use layers = [] for a uniform half-space)");
    }
    const toml::array* layers_array = layers_node->as_array();
    if (layers_array == nullptr) {
        ctx.fail("layers", "must be an array of { thickness_m, resistivity_ohm_m } tables");
    }
    std::vector<EarthLayer> layers;
    layers.reserve(layers_array->size());
    for (std::size_t i = 0; i < layers_array->size(); ++i) {
        const TomlContext layer = ctx.with_layer(std::to_string(i + 1));
        const toml::table* entry = layers_array->get(i)->as_table();
        if (entry == nullptr) {
            layer.fail("layers", "each layer must be a table { thickness_m = ..., resistivity_ohm_m = ... }");
        }
        detail::reject_unknown_keys(*entry, {"thickness_m", "resistivity_ohm_m"}, layer);
        const double thickness = positive_number(*entry, "thickness_m", layer);
        const double resistivity = positive_number(*entry, "resistivity_ohm_m", layer);
        layers.push_back(EarthLayer{thickness, resistivity});
    }
    return layers;
}

}  // namespace

namespace {

/// Is `path` inside `dir` (component by component, so build/ci-install is not inside build/ci)?
bool is_inside(const std::filesystem::path& path, const std::filesystem::path& dir) {
    const auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
    return d == dir.end();
}

/// An object whose address dladdr() maps back to the binary this file is linked into.
const char data_dir_anchor = 0;

std::filesystem::path canonical_or_empty(const std::filesystem::path& path) {
    std::error_code ec;
    auto result = std::filesystem::canonical(path, ec);
    return ec ? std::filesystem::path() : result;
}

}  // namespace

std::filesystem::path default_data_dir() {
    namespace fs = std::filesystem;
    const char* env = std::getenv("SWXRISK_DATA_DIR");
    if (env != nullptr && *env != '\0') {
        return fs::path(env);
    }
    // The binary holding this code: the executable, or a shared object such as the Python module.
    const fs::path exe = canonical_or_empty("/proc/self/exe");
    fs::path object;
    Dl_info info{};
    if (dladdr(&data_dir_anchor, &info) != 0 && info.dli_fname != nullptr &&
        info.dli_fname[0] == '/') {  // for the executable itself glibc may give argv[0]
        object = canonical_or_empty(info.dli_fname);
    }
    if (object.empty()) {
        object = exe;
    }
    // A shared object is looked up from its own folder only: the executable is then someone else's
    // (python3), and its prefix may hold another installation.
    std::vector<fs::path> candidates;
    if (!object.empty() && object != exe) {
        candidates.push_back(object.parent_path() / "data");  // Python package: swxrisk/_swxrisk*.so + swxrisk/data
        candidates.push_back(object.parent_path().parent_path() / "share" / "swxrisk");  // <prefix>/lib/lib*.so
    } else if (!exe.empty()) {
        candidates.push_back(exe.parent_path().parent_path() / "share" / "swxrisk");  // <prefix>/bin/swxrisk
    }
    for (const auto& dir : candidates) {
        std::error_code ec;
        if (fs::is_directory(dir / "earth", ec)) {
            return dir;
        }
    }
    // A binary still in the build tree reads the source checkout's datasets.
    const fs::path build_tree = canonical_or_empty(SWX_BUILD_TREE_DIR);
    if (!build_tree.empty() && !object.empty() && is_inside(object, build_tree)) {
        return fs::path(SWX_DATASETS_DIR);
    }
    // Nothing found: name the installed location in the error messages.
    return candidates.empty() ? fs::path(SWX_DATASETS_DIR) : candidates.front();
}

std::filesystem::path default_earth_dir() { return default_data_dir() / "earth"; }

EarthModel load_earth_model_file(const std::filesystem::path& path) {
    const TomlContext ctx{ErrorContext{stage_models, path.string(), "", "", ""}, "", detail::TomlErrorKind::input};
    const toml::table tbl = detail::parse_toml_file(path, ctx);
    detail::reject_unknown_keys(
        tbl, {"name", "description", "source", "notes", "group", "layers", "half_space_resistivity_ohm_m"}, ctx);
    std::string name = detail::required_string(tbl, "name", ctx);
    std::string description = detail::required_string(tbl, "description", ctx);
    std::string source = detail::required_string(tbl, "source", ctx);
    std::string notes = detail::optional_string(tbl, "notes", ctx).value_or("");
    (void)detail::optional_string(tbl, "group", ctx);
    std::vector<EarthLayer> layers = read_layers(tbl, ctx);
    const double half_space = positive_number(tbl, "half_space_resistivity_ohm_m", ctx);
    try {
        return EarthModel(std::move(name), std::move(layers), half_space, std::move(description), std::move(source),
                          std::move(notes));
    } catch (const InputError& err) {  // e.g. an empty name: add the file
        ErrorContext ctx = err.context();
        ctx.stage = stage_models;
        ctx.path = path.string();
        throw InputError(ctx, err.why());
    }
}

EarthModelLibrary load_earth_models(const std::filesystem::path& models_dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(models_dir, ec)) {
        throw InputError(ErrorContext{stage_models, models_dir.string(), "", "", ""},
                         "earth model folder not found (set SWXRISK_DATA_DIR to the folder holding earth/models; see docs/install.md)");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(models_dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    EarthModelLibrary library;
    for (const auto& file : files) {
        EarthModel model = load_earth_model_file(file);
        if (upper(model.name()) != upper(file.stem().string())) {
            fail(file, "", "name", "model name '" + model.name() + "' does not match the file name '" +
                                       file.filename().string() + "'");
        }
        if (library.contains(model.name())) {
            fail(file, "", "name", "duplicate model name '" + model.name() + "'");
        }
        library.add(std::move(model));
    }
    return library;
}

EarthModelLibrary load_default_earth_models() { return load_earth_models(default_earth_dir() / "models"); }

EarthModelLibrary load_earth_models_with(const std::string& user_models_dir) {
    EarthModelLibrary library = load_default_earth_models();
    if (!user_models_dir.empty()) {
        library.add_all(load_earth_models(user_models_dir));
    }
    return library;
}


BetaTable load_beta_table(const std::filesystem::path& csv_path) {
    std::ifstream in(csv_path);
    if (!in) {
        throw InputError(ErrorContext{stage_beta, csv_path.string(), "", "", ""}, "cannot open file");
    }
    const std::vector<std::string> header{"region", "beta_benchmark", "beta_supplemental", "description"};
    BetaTable table;
    std::string line;
    std::size_t line_no = 0;
    bool have_header = false;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string content = trim(line);
        if (content.empty() || content.front() == '#') {
            continue;
        }
        const std::vector<std::string> fields = detail::split_csv(content);
        const std::string where = "line " + std::to_string(line_no);
        if (!have_header) {
            if (fields != header) {
                throw InputError(ErrorContext{stage_beta, csv_path.string(), "", where, ""},
                                 "header must be 'region,beta_benchmark,beta_supplemental,description', got '" +
                                     content + "'");
            }
            have_header = true;
            continue;
        }
        if (fields.size() != header.size()) {
            throw InputError(ErrorContext{stage_beta, csv_path.string(), "", where, ""},
                             "expected 4 fields, got " + std::to_string(fields.size()));
        }
        auto number = [&](std::size_t i) {
            const std::string& text = fields[i];
            double value = 0.0;
            const auto [ptr, err] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (err != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value) || value <= 0.0) {
                throw InputError(ErrorContext{stage_beta, csv_path.string(), "", where, header[i]},
                                 "must be a finite number > 0, got '" + text + "'");
            }
            return value;
        };
        const std::string region = upper(fields[0]);
        if (region.empty()) {
            throw InputError(ErrorContext{stage_beta, csv_path.string(), "", where, "region"}, "empty region");
        }
        if (table.count(region) != 0) {
            throw InputError(ErrorContext{stage_beta, csv_path.string(), "", where, "region"},
                             "duplicate region '" + fields[0] + "'");
        }
        table.emplace(region, BetaFactors{number(1), number(2), fields[3]});
    }
    if (!have_header) {
        throw InputError(ErrorContext{stage_beta, csv_path.string(), "", "", ""}, "no header line");
    }
    return table;
}

BetaTable load_default_beta_table() {
    return load_beta_table(default_earth_dir() / "nerc_beta.csv");
}

}  // namespace swx::io
