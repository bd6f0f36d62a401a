#define SWX_IO_INTERNAL
// The [ensemble] table of a scenario file: every key checked, every value in range, each failure
// naming the file and the key (docs/scenario-format.md, "[ensemble]").

#include <swx/io/ensemble_config.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/detail/ensemble_config_reader.hpp>
#include <swx/io/detail/toml.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace swx::io {

std::vector<std::uint64_t> default_checkpoints(std::uint64_t members) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t decade = 100; decade <= members; decade *= 10) {
        for (const std::uint64_t k : {1U, 2U, 5U}) {
            if (decade * k < members) {
                out.push_back(decade * k);
            }
        }
    }
    out.push_back(members);
    return out;
}

std::string distribution_name(FactorDistribution::Kind kind) {
    switch (kind) {
        case FactorDistribution::Kind::fixed:
            return "fixed";
        case FactorDistribution::Kind::lognormal:
            return "lognormal";
        case FactorDistribution::Kind::uniform:
            return "uniform";
    }
    return "fixed";
}

namespace detail {

namespace {

constexpr const char* stage = "scenario";

/// A whole number in [lo, hi] at `key`.
std::optional<std::uint64_t> whole(const toml::table& t, std::string_view key, const TomlContext& ctx, double lo, double hi) {
    const auto v = optional_number(t, key, ctx);
    if (!v) {
        return std::nullopt;
    }
    if (!std::isfinite(*v) || *v != std::floor(*v) || *v < lo || *v > hi) {
        ctx.fail(key, "must be a whole number from " + format_number(lo) + " to " + format_number(hi) + ", got " + format_number(*v));
    }
    return static_cast<std::uint64_t>(*v);
}

double number_in(const toml::table& t, std::string_view key, const TomlContext& ctx, double lo, double hi, double fallback,
                 bool hi_exclusive = false) {
    const auto v = optional_number(t, key, ctx);
    if (!v) {
        return fallback;
    }
    if (!std::isfinite(*v) || *v < lo || *v > hi || (hi_exclusive && *v == hi)) {
        ctx.fail(key, "must be a number from " + format_number(lo) + " to " + format_number(hi) + (hi_exclusive ? " (exclusive)" : "") +
                          ", got " + format_number(*v));
    }
    return *v;
}

/// `[ensemble.NAME]`: distribution = "fixed" | "lognormal" (sigma_ln) | "uniform" (percent).
FactorDistribution distribution(const toml::table& ensemble, std::string_view name, const TomlContext& ctx,
                                std::initializer_list<std::string_view> extra_keys = {}) {
    FactorDistribution d;
    const toml::table* t = optional_table(ensemble, name, ctx);
    if (t == nullptr) {
        return d;
    }
    const TomlContext sub = ctx.sub_table(name);
    std::vector<std::string_view> known{"distribution", "sigma_ln", "percent"};
    known.insert(known.end(), extra_keys.begin(), extra_keys.end());
    for (const auto& [k, v] : *t) {
        bool ok = false;
        for (const auto& kk : known) {
            ok = ok || k.str() == kk;
        }
        if (!ok) {
            std::string list;
            for (const auto& kk : known) {
                list += (list.empty() ? "" : ", ") + std::string(kk);
            }
            sub.fail(k.str(), "unknown key (misspelt?); known keys: " + list);
        }
    }
    const std::string kind = optional_string(*t, "distribution", sub).value_or("fixed");
    if (kind == "fixed") {
        d.kind = FactorDistribution::Kind::fixed;
    } else if (kind == "lognormal") {
        d.kind = FactorDistribution::Kind::lognormal;
        if (!t->contains("sigma_ln")) {
            sub.fail("sigma_ln", "required with distribution = \"lognormal\" (the standard deviation of the natural log)");
        }
        d.sigma_ln = number_in(*t, "sigma_ln", sub, 0.0, 5.0, 0.0);
    } else if (kind == "uniform") {
        d.kind = FactorDistribution::Kind::uniform;
        if (!t->contains("percent")) {
            sub.fail("percent", "required with distribution = \"uniform\" (the half-width, percent of the value)");
        }
        d.percent = number_in(*t, "percent", sub, 0.0, 100.0, 0.0, true);
    } else {
        sub.fail("distribution", std::string("must be \"fixed\", \"lognormal\" or \"uniform\"") +
                                     (name == "storm" ? " (or \"band\": within the hazard model's band)" : "") + ", got \"" + kind + "\"");
    }
    if (d.kind != FactorDistribution::Kind::lognormal && t->contains("sigma_ln")) {
        sub.fail("sigma_ln", "only with distribution = \"lognormal\"");
    }
    if (d.kind != FactorDistribution::Kind::uniform && t->contains("percent")) {
        sub.fail("percent", "only with distribution = \"uniform\"");
    }
    return d;
}

/// `[ensemble.storm] distribution = "band"` (band_z): the field within the hazard model's band.
StormBandDraw storm_band(const toml::table& ensemble, const TomlContext& ctx) {
    StormBandDraw b;
    const toml::table* t = optional_table(ensemble, "storm", ctx);
    if (t == nullptr) {
        return b;
    }
    const TomlContext sub = ctx.sub_table("storm");
    if (optional_string(*t, "distribution", sub).value_or("fixed") != "band") {
        if (t->contains("band_z")) {
            sub.fail("band_z", "only with distribution = \"band\" (the field within the hazard model's band)");
        }
        return b;
    }
    reject_unknown_keys(*t, {"distribution", "band_z"}, sub);
    b.enabled = true;
    b.z_band = number_in(*t, "band_z", sub, 0.1, 5.0, b.z_band);
    return b;
}

/// `[ensemble.transformer_types]`: apply_to and the [[class]] tables (kv_min, types, weights), sorted by
/// kv_min; one class must start at 0 kV.
TransformerTypePriors transformer_types(const toml::table& t, const TomlContext& ctx) {
    reject_unknown_keys(t, {"apply_to", "class"}, ctx);
    TransformerTypePriors p;
    const std::string apply = optional_string(t, "apply_to", ctx).value_or("assumed");
    if (apply == "all") {
        p.all = true;
    } else if (apply != "assumed") {
        ctx.fail("apply_to", "must be \"assumed\" (the transformers whose `assumed` field lists type) or \"all\", got \"" + apply + "\"");
    }
    const toml::node* node = t.get("class");
    const toml::array* classes = node == nullptr ? nullptr : node->as_array();
    if (classes == nullptr || classes->empty() || !classes->is_array_of_tables()) {
        ctx.fail("class", "required: one or more [[ensemble.transformer_types.class]] tables (kv_min, types, weights)");
    }
    for (std::size_t i = 0; i < classes->size(); ++i) {
        const toml::table& one = *classes->get(i)->as_table();
        const TomlContext c = ctx.sub_table("class").with_layer(std::to_string(i + 1));
        reject_unknown_keys(one, {"kv_min", "types", "weights"}, c);
        TransformerTypePriors::Class k;
        k.kv_min = required_number(one, "kv_min", c);
        if (!std::isfinite(k.kv_min) || k.kv_min < 0.0) {
            c.fail("kv_min", "must be a voltage >= 0 kV (the class's lowest HV-bus voltage), got " + format_number(k.kv_min));
        }
        const toml::node* types_node = one.get("types");
        const toml::array* types = types_node == nullptr ? nullptr : types_node->as_array();
        if (types == nullptr || types->empty()) {
            c.fail("types", "required: a non-empty list of transformer types (gsu, gy_gy, gy_gy_d, auto, gy_d, d_gy, d_d)");
        }
        for (const auto& v : *types) {
            const auto* str = v.as_string();
            const auto type = str == nullptr ? std::nullopt : parse_transformer_type(str->get());
            if (!type) {
                c.fail("types", "unknown transformer type " + (str == nullptr ? std::string("(not a string)") : "'" + str->get() + "'") +
                                    " (expected gsu, gy_gy, gy_gy_d, auto, gy_d, d_gy or d_d)");
            }
            k.types.push_back(*type);
        }
        const toml::node* weights_node = one.get("weights");
        if (weights_node == nullptr) {
            k.weights.assign(k.types.size(), 1.0);
        } else {
            const toml::array* weights = weights_node->as_array();
            if (weights == nullptr) {
                c.fail("weights", "must be a list of numbers >= 0, one per type");
            }
            double total = 0.0;
            for (const auto& w : *weights) {
                const auto x = w.value<double>();
                if (!x || !std::isfinite(*x) || *x < 0.0) {
                    c.fail("weights", "must be a list of numbers >= 0, one per type");
                }
                k.weights.push_back(*x);
                total += *x;
            }
            if (k.weights.size() != k.types.size()) {
                c.fail("weights", "must have one weight per type (" + std::to_string(k.types.size()) + "), got " +
                                      std::to_string(k.weights.size()));
            }
            if (!(total > 0.0)) {
                c.fail("weights", "must not all be 0");
            }
        }
        p.classes.push_back(std::move(k));
    }
    std::stable_sort(p.classes.begin(), p.classes.end(), [](const auto& a, const auto& b) { return a.kv_min < b.kv_min; });
    for (std::size_t i = 1; i < p.classes.size(); ++i) {
        if (p.classes[i].kv_min == p.classes[i - 1].kv_min) {
            ctx.fail("class", "two classes have kv_min = " + format_number(p.classes[i].kv_min) + ": each class needs its own kv_min");
        }
    }
    if (p.classes.front().kv_min != 0.0) {
        ctx.fail("class", "no class has kv_min = 0: the lowest class must start at 0 kV (it also takes transformers whose HV "
                          "voltage is unknown)");
    }
    return p;
}

}  // namespace

std::optional<EnsembleConfig> read_ensemble_config(const toml::table& root, const std::string& path) {
    const TomlContext top{ErrorContext{stage, path, "", "", ""}, "", TomlErrorKind::config};
    const toml::table* e = optional_table(root, "ensemble", top);
    if (e == nullptr) {
        return std::nullopt;
    }
    const TomlContext ctx = top.sub_table("ensemble");
    reject_unknown_keys(*e,
                        {"members", "seed", "threshold_a", "direction", "azimuth_deg", "grid_realizations", "members_hdf5", "folder", "storm", "earth",
                         "grounding", "line_resistance", "winding_resistance", "outages", "transformer_types"},
                        ctx);
    EnsembleConfig c;
    EnsembleSpec& s = c.spec;
    const auto members = whole(*e, "members", ctx, 1.0, 4294967295.0);
    if (!members) {
        ctx.fail("members", "required: the number of members");
    }
    s.members = *members;
    s.seed = whole(*e, "seed", ctx, 0.0, 9007199254740992.0).value_or(1);
    s.threshold_a = number_in(*e, "threshold_a", ctx, 0.0, 1e6, 75.0);
    if (!(s.threshold_a > 0.0)) {
        ctx.fail("threshold_a", "must be > 0 A");
    }
    const std::string direction = optional_string(*e, "direction", ctx).value_or("uniform");
    if (direction == "uniform") {
        s.direction = DirectionDraw::uniform;
        if (e->contains("azimuth_deg")) {
            ctx.fail("azimuth_deg", "only with direction = \"fixed\"");
        }
    } else if (direction == "fixed") {
        // The study's direction: a given azimuth, or (as the study reports) each transformer's worst.
        const auto az = optional_number(*e, "azimuth_deg", ctx);
        if (az) {
            s.direction = DirectionDraw::fixed;
            s.azimuth_deg = number_in(*e, "azimuth_deg", ctx, 0.0, 360.0, 0.0, true);
        } else {
            s.direction = DirectionDraw::worst;
        }
    } else {
        ctx.fail("direction", "must be \"uniform\" or \"fixed\", got \"" + direction + "\"");
    }
    s.grid_realizations = whole(*e, "grid_realizations", ctx, 1.0, 4294967295.0).value_or(0);
    c.members_hdf5 = optional_bool(*e, "members_hdf5", ctx).value_or(false);
    s.keep_member_summaries = c.members_hdf5;
    c.out_dir = optional_string(*e, "folder", ctx).value_or("");
    s.storm_band = storm_band(*e, ctx);
    if (!s.storm_band.enabled) {
        s.storm = distribution(*e, "storm", ctx);
    }
    s.earth_spread = distribution(*e, "earth", ctx, {"alternatives", "per"});
    s.grounding = distribution(*e, "grounding", ctx);
    s.line_resistance = distribution(*e, "line_resistance", ctx);
    s.winding_resistance = distribution(*e, "winding_resistance", ctx);
    if (const toml::table* earth = optional_table(*e, "earth", ctx)) {
        const TomlContext ectx = ctx.sub_table("earth");
        const std::string per = optional_string(*earth, "per", ectx).value_or("model");
        if (per != "model" && per != "region") {
            ectx.fail("per", "must be \"model\" (the regions of one earth model draw together) or \"region\" (each region on its own), got \"" +
                                 per + "\"");
        }
        c.earth_per_region = per == "region";
        if (const toml::table* alts = optional_table(*earth, "alternatives", ectx)) {
            const TomlContext actx = ectx.sub_table("alternatives");
            for (const auto& [model, value] : *alts) {
                const std::string name(model.str());
                const toml::table* one = value.as_table();
                if (one == nullptr) {
                    actx.fail(name, "must be a table: { models = [\"A\", \"B\"], weights = [0.5, 0.5] }");
                }
                const TomlContext mctx = actx.sub_table(name);
                reject_unknown_keys(*one, {"models", "weights"}, mctx);
                const toml::array* models = (*one)["models"].as_array();
                const toml::array* weights = (*one)["weights"].as_array();
                if (models == nullptr || models->empty()) {
                    mctx.fail("models", "required: a non-empty list of earth model names");
                }
                EnsembleConfig::Alternatives a;
                for (const auto& m : *models) {
                    const auto* str = m.as_string();
                    if (str == nullptr || str->get().empty()) {
                        mctx.fail("models", "must be a list of earth model names (strings)");
                    }
                    a.models.push_back(str->get());
                }
                if (weights == nullptr) {
                    a.weights.assign(a.models.size(), 1.0);
                } else {
                    for (const auto& w : *weights) {
                        const auto v = w.value<double>();
                        if (!v || !std::isfinite(*v) || *v < 0.0) {
                            mctx.fail("weights", "must be a list of numbers >= 0");
                        }
                        a.weights.push_back(*v);
                    }
                    if (a.weights.size() != a.models.size()) {
                        mctx.fail("weights", "must have one weight per model (" + std::to_string(a.models.size()) + "), got " +
                                                 std::to_string(a.weights.size()));
                    }
                    double total = 0.0;
                    for (const double w : a.weights) {
                        total += w;
                    }
                    if (!(total > 0.0)) {
                        mctx.fail("weights", "must not all be 0");
                    }
                }
                c.earth_alternatives.emplace(name, std::move(a));
            }
        }
    }
    if (const toml::table* o = optional_table(*e, "outages", ctx)) {
        const TomlContext octx = ctx.sub_table("outages");
        reject_unknown_keys(*o, {"line_probability", "transformer_probability"}, octx);
        s.line_outage_probability = number_in(*o, "line_probability", octx, 0.0, 1.0, 0.0, true);
        s.transformer_outage_probability = number_in(*o, "transformer_probability", octx, 0.0, 1.0, 0.0, true);
    }
    if (const toml::table* tt = optional_table(*e, "transformer_types", ctx)) {
        s.transformer_types = transformer_types(*tt, ctx.sub_table("transformer_types"));
    }
    if (s.grid_realizations > s.members) {
        ctx.fail("grid_realizations", "must not exceed members (" + std::to_string(s.members) + ")");
    }
    if (s.grid_realizations > 0 && !s.grid_uncertain()) {
        ctx.fail("grid_realizations",
                 "only with an uncertain grid input (grounding, line_resistance, winding_resistance, outages or transformer_types)");
    }
    s.checkpoints = default_checkpoints(s.members);
    return c;
}

}  // namespace detail

}  // namespace swx::io
