#pragma once
/// @file text.hpp
/// Small text helpers shared by core and io: trimming and ASCII case folding. Locale-independent.

#include <string>
#include <string_view>

namespace swx {

/// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
[[nodiscard]] std::string trim(std::string_view s);

/// `s` with ASCII letters upper-cased; other bytes unchanged.
[[nodiscard]] std::string upper(std::string_view s);

/// `s` with ASCII letters lower-cased; other bytes unchanged.
[[nodiscard]] std::string lower(std::string_view s);

}  // namespace swx
