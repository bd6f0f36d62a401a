#include <swx/io/options.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <utility>
#include <vector>
#include <cstdio>

namespace swx::io {

namespace {
std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}
}  // namespace

std::string OptionSpec::flag() const {
    std::string f = "--";
    for (const char c : key) {
        f += c == '_' ? '-' : c;
    }
    return f;
}

std::string OptionSpec::dotted() const { return table.empty() ? std::string(key) : std::string(table) + "." + std::string(key); }

std::string OptionSpec::range_text() const {
    const bool lo = std::isfinite(min);
    const bool hi = std::isfinite(max);
    if (lo && hi) {
        return "from " + number_text(min) + " to " + number_text(max);
    }
    if (lo) {
        return (min_exclusive ? "> " : ">= ") + number_text(min);
    }
    if (hi) {
        return "<= " + number_text(max);
    }
    return {};
}

void OptionSpec::check(double value, ErrorContext where) const {
    const bool ok = std::isfinite(value) && (min_exclusive ? value > min : value >= min) && value <= max;
    if (!ok) {
        if (where.field.empty()) {
            where.field = dotted();
        }
        if (where.stage.empty()) {
            where.stage = "options";
        }
        const std::string range = range_text();
        throw ConfigError(where, "must be a finite number" + (range.empty() ? std::string() : " " + range) + ", got " +
                                     number_text(value));
    }
}

void set_index_parameter(ExposureParameters& index, double& supply_radius_km, std::string_view key, double value,
                         ErrorContext where) {
    for (const OptionSpec* spec : options::index) {
        if (spec->key != key) {
            continue;
        }
        if (where.field.empty()) {
            where.field = spec->dotted();
        }
        spec->check(value, where);
        if (key == "weight_hazard") {
            index.weight_hazard = value;
        } else if (key == "weight_grid") {
            index.weight_grid = value;
        } else if (key == "e0_v_per_km") {
            index.e0_v_per_km = value;
        } else if (key == "i0_a") {
            index.i0_a = value;
        } else if (key == "redundancy_exponent") {
            index.redundancy_exponent = value;
        } else {
            supply_radius_km = value;
        }
        return;
    }
    std::string known;
    for (const OptionSpec* spec : options::index) {
        known += (known.empty() ? "" : ", ") + std::string(spec->key);
    }
    if (where.field.empty()) {
        where.field = std::string(key);
    }
    if (where.stage.empty()) {
        where.stage = "options";
    }
    throw ConfigError(where, "unknown index parameter (known: " + known + ")");
}

namespace {
/// `text` with each CLI flag of an option scenario files and Python also have written as its dotted
/// scenario key (`dotted`) or as its plain key (the Python keyword).
std::string rename_flags(std::string text, bool dotted) {
    static const std::array<const OptionSpec*, 19> specs{
        &options::earth_regions,   &options::earth_model,       &options::models,        &options::scenario,
        &options::magnetometer,    &options::waveform,          &options::epoch,         &options::time_column,
        &options::x_column,        &options::y_column,          &options::max_gap_s,     &options::resolution_deg,
        &options::crs,             &options::hazard,            &options::return_periods_years, &options::hazard_threshold_a,
        &options::e_star_v_per_km, &options::hazard_profile,    &options::hazard_terms};
    std::vector<std::pair<std::string, std::string>> names;
    for (const OptionSpec* spec : specs) {
        names.emplace_back(spec->flag(), dotted ? spec->dotted() : std::string(spec->key));
    }
    for (const OptionSpec* spec : options::index) {
        names.emplace_back(spec->flag(), dotted ? spec->dotted() : std::string(spec->key));
    }
    names.emplace_back("--resolution", dotted ? options::resolution_deg.dotted() : std::string(options::resolution_deg.key));
    names.emplace_back("--bbox", dotted ? "area.bbox" : "bbox");
    // Longest flag first, so that a flag is never rewritten inside a longer one.
    std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [flag, key] : names) {
        std::size_t pos = text.find(flag);
        while (pos != std::string::npos) {
            const std::size_t end = pos + flag.size();
            const bool whole = end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-');
            if (whole) {
                text.replace(pos, flag.size(), key);
                pos = text.find(flag, pos + key.size());
            } else {
                pos = text.find(flag, end);
            }
        }
    }
    return text;
}
}  // namespace

std::string with_scenario_keys(std::string text) { return rename_flags(std::move(text), true); }

std::string with_keyword_names(std::string text) { return rename_flags(std::move(text), false); }

void check_scenario_name(const std::string& name, ErrorContext where, bool named_storms) {
    const std::size_t n_accepted = named_storms ? scenario_names.size() : 2;
    for (std::size_t i = 0; i < n_accepted; ++i) {
        if (name == scenario_names[i]) {
            return;
        }
    }
    if (where.field.empty()) {
        where.field = options::scenario.dotted();
    }
    if (where.stage.empty()) {
        where.stage = "options";
    }
    if (!named_storms && name == "carrington-1859") {
        throw ConfigError(where, "the named storm '" + name + "' is a site-study scenario (swxrisk run); here give nerc-benchmark or "
                                 "nerc-supplemental");
    }
    throw ConfigError(where, "unknown scenario '" + name + "' (nerc-benchmark or nerc-supplemental" +
                                 std::string(named_storms ? ", or the named storm carrington-1859)" : ")"));
}

void check_hazard_name(const std::string& name, ErrorContext where) {
    for (const auto n : hazard_names) {
        if (name == n) {
            return;
        }
    }
    if (where.field.empty()) {
        where.field = options::hazard.dotted();
    }
    throw ConfigError(where, "unknown hazard model '" + name + "' (known: return-period)");
}

}  // namespace swx::io
