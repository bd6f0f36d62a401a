#pragma once
// Runs swxrisk in-process for CLI tests, and reads its CSV outputs.
#include <swx/cli/cli.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace swx::test {

struct Run {
    int code;
    std::string out;
    std::string err;
};

/// `swxrisk ARGS...` through swx::cli::run, capturing both streams.
inline Run swxrisk(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int code = swx::cli::run(args, out, err);
    return {code, out.str(), err.str()};
}

/// Rows of a CSV file as maps column -> text (handles "quoted, cells").
inline std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> names;
    std::stringstream hs(line);
    for (std::string c; std::getline(hs, c, ',');) {
        names.push_back(c);
    }
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        std::map<std::string, std::string> row;
        std::size_t i = 0;
        std::string cell;
        bool quoted = false;
        for (char ch : line + ",") {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                if (i < names.size()) {
                    row[names[i]] = cell;
                }
                ++i;
                cell.clear();
            } else {
                cell += ch;
            }
        }
        rows.push_back(row);
    }
    return rows;
}

}  // namespace swx::test
