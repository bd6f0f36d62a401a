#pragma once
// Minimal numeric CSV reader for validation tests: a header line, then rows of numbers (empty fields are
// NaN). Lines starting with '#' are skipped. Not for production input (no quoting).
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace swx::test {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    [[nodiscard]] std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) {
                return i;
            }
        }
        throw std::runtime_error("test CSV has no column '" + name + "'");
    }
    [[nodiscard]] std::vector<double> numbers(const std::string& name) const {
        const std::size_t c = column(name);
        std::vector<double> out;
        out.reserve(rows.size());
        for (const auto& row : rows) {
            out.push_back(c < row.size() && !row[c].empty() ? std::stod(row[c]) : std::nan(""));
        }
        return out;
    }
};

inline CsvTable read_csv(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open " + path.string());
    }
    CsvTable table;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::vector<std::string> fields;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, ',')) {
            fields.push_back(field);
        }
        if (first) {
            table.header = std::move(fields);
            first = false;
        } else {
            table.rows.push_back(std::move(fields));
        }
    }
    return table;
}

}  // namespace swx::test
