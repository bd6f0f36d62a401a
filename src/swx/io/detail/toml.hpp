#pragma once
// The one set of TOML helpers of swx::io: parse a file, read required and optional strings and numbers,
// reject unknown keys, each failure an exception naming the file, the table and the key. Used by the
// earth-model reader; written to serve the scenario reader as well (a context carries the stage, the
// exception type and the table prefix). Private to swx::io.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <swx/core/base/error.hpp>

#include <toml++/toml.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace swx::io::detail {

/// Which exception a TOML helper throws: InputError for data files, ConfigError for scenario files.
enum class TomlErrorKind { input, config };

/// Where the values being read sit, for messages. `where` gives stage, path and layer (e.g. the
/// 1-based index of a table in an array); `table` is prefixed to each key as "table.key" in the
/// message's field ("" = keys are named alone).
struct TomlContext {
    ErrorContext where;
    std::string table;
    TomlErrorKind kind = TomlErrorKind::input;

    /// The same file, inside the sub-table `name` (joined with a dot to the current table).
    [[nodiscard]] TomlContext sub_table(std::string_view name) const;
    /// The same table, with `layer` in the message (e.g. "2" for the second entry of an array).
    [[nodiscard]] TomlContext with_layer(std::string layer) const;

    /// Throws the context's exception type, with the field "table.key" (or key, or table).
    [[noreturn]] void fail(std::string_view key, const std::string& why) const;
};

/// "line 3, column 7: <description>" for a parse error.
[[nodiscard]] std::string describe_toml_error(const toml::parse_error& error);

/// Parses a whole file. @throws as ctx.fail("", "TOML syntax error at line L, column C: ...") when the
/// file cannot be read or is not valid TOML.
[[nodiscard]] toml::table parse_toml_file(const std::filesystem::path& path, const TomlContext& ctx);

/// The string at `key`. @throws "missing required field" if absent, "must be a string" if another type.
[[nodiscard]] std::string required_string(const toml::table& table, std::string_view key, const TomlContext& ctx);

/// The string at `key`, or nullopt if absent. @throws "must be a string" if another type.
[[nodiscard]] std::optional<std::string> optional_string(const toml::table& table, std::string_view key,
                                                         const TomlContext& ctx);

/// The number (integer or float) at `key`. @throws "missing required field" if absent, "must be a
/// number" if another type. The value is not range-checked (it may be inf or nan).
[[nodiscard]] double required_number(const toml::table& table, std::string_view key, const TomlContext& ctx);

/// The number at `key`, or nullopt if absent. @throws "must be a number" if another type.
[[nodiscard]] std::optional<double> optional_number(const toml::table& table, std::string_view key,
                                                    const TomlContext& ctx);

/// The boolean at `key`, or nullopt if absent. @throws "must be true or false" if another type.
[[nodiscard]] std::optional<bool> optional_bool(const toml::table& table, std::string_view key, const TomlContext& ctx);

/// The sub-table at `key`, or nullptr if absent. @throws "must be a table [key]" if another type.
[[nodiscard]] const toml::table* optional_table(const toml::table& table, std::string_view key, const TomlContext& ctx);

/// @throws "unknown key (misspelt?); known keys: …", naming the first key of `table` not in `known`.
void reject_unknown_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                         const TomlContext& ctx);

}  // namespace swx::io::detail
