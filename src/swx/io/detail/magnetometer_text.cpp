#define SWX_IO_INTERNAL
#include <swx/io/detail/magnetometer_text.hpp>

#include <swx/core/base/text.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace swx::io::detail {

std::vector<std::string> read_text_lines(const std::string& path, const ErrorContext& ctx) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(ctx, "cannot open file");
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(std::move(line));
    }
    if (std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return trim(l).empty(); })) {
        throw InputError(ctx, "empty file");
    }
    return lines;
}

std::vector<std::string> split_whitespace(std::string_view s) {
    std::vector<std::string> out;
    std::istringstream in{std::string(s)};
    std::string token;
    while (in >> token) {
        out.push_back(token);
    }
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

std::optional<double> parse_number(std::string_view text) {
    std::string s = trim(text);
    if (!s.empty() && s.front() == '+') {
        s.erase(0, 1);
    }
    if (s.empty()) {
        return std::nullopt;
    }
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

bool is_missing_marker(double v) {
    const double whole = std::floor(v);
    return whole == 99999.0 || whole == 88888.0;
}

std::optional<double> parse_value_cell(const std::string& cell) {
    const std::string l = lower(trim(cell));
    if (l.empty() || l == "nan" || l == "-nan" || l == "na" || l == "n/a" || l == "null" || l == "none") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const auto v = parse_number(l);
    if (!v) {
        return std::nullopt;
    }
    if (std::isnan(*v) || is_missing_marker(*v)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return v;
}

bool looks_like_data_header(const std::string& trimmed) {
    const auto tokens = split_whitespace(trimmed);
    return tokens.size() >= 2 && lower(tokens[0]) == "date" && lower(tokens[1]) == "time";
}

}  // namespace swx::io::detail
