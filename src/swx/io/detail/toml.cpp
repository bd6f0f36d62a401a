#define SWX_IO_INTERNAL
#include <swx/io/detail/toml.hpp>

#include <algorithm>

namespace swx::io::detail {

TomlContext TomlContext::sub_table(std::string_view name) const {
    TomlContext ctx = *this;
    ctx.table = table.empty() ? std::string(name) : table + "." + std::string(name);
    return ctx;
}

TomlContext TomlContext::with_layer(std::string layer) const {
    TomlContext ctx = *this;
    ctx.where.layer = std::move(layer);
    return ctx;
}

void TomlContext::fail(std::string_view key, const std::string& why) const {
    ErrorContext context = where;
    context.field = table.empty() ? std::string(key) : (key.empty() ? table : table + "." + std::string(key));
    if (kind == TomlErrorKind::config) {
        throw ConfigError(context, why);
    }
    throw InputError(context, why);
}

std::string describe_toml_error(const toml::parse_error& error) {
    return "line " + std::to_string(error.source().begin.line) + ", column " +
           std::to_string(error.source().begin.column) + ": " + std::string(error.description());
}

toml::table parse_toml_file(const std::filesystem::path& path, const TomlContext& ctx) {
    try {
        return toml::parse_file(path.string());
    } catch (const toml::parse_error& error) {
        ctx.fail("", "TOML syntax error at " + describe_toml_error(error));
    }
}

std::string required_string(const toml::table& table, std::string_view key, const TomlContext& ctx) {
    if (table.get(key) == nullptr) {
        ctx.fail(key, "missing required field");
    }
    return *optional_string(table, key, ctx);
}

std::optional<std::string> optional_string(const toml::table& table, std::string_view key, const TomlContext& ctx) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (!node->is_string()) {
        ctx.fail(key, "must be a string");
    }
    return *node->value<std::string>();
}

double required_number(const toml::table& table, std::string_view key, const TomlContext& ctx) {
    if (table.get(key) == nullptr) {
        ctx.fail(key, "missing required field");
    }
    return *optional_number(table, key, ctx);
}

std::optional<double> optional_number(const toml::table& table, std::string_view key, const TomlContext& ctx) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (!node->is_number()) {
        ctx.fail(key, "must be a number");
    }
    return *node->value<double>();
}

std::optional<bool> optional_bool(const toml::table& table, std::string_view key, const TomlContext& ctx) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto v = node->value<bool>();
    if (!v || !node->is_boolean()) {
        ctx.fail(key, "must be true or false");
    }
    return *v;
}

const toml::table* optional_table(const toml::table& table, std::string_view key, const TomlContext& ctx) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return nullptr;
    }
    if (!node->is_table()) {
        ctx.fail(key, "must be a table [" + std::string(key) + "]");
    }
    return node->as_table();
}

void reject_unknown_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                         const TomlContext& ctx) {
    for (const auto& [key, node] : table) {
        (void)node;
        if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
            std::string list;
            for (const auto k : known) {
                list += (list.empty() ? "" : ", ") + std::string(k);
            }
            ctx.fail(key.str(), "unknown key (misspelt?); known keys: " + list);
        }
    }
}

}  // namespace swx::io::detail
