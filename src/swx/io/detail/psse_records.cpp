#include <swx/io/detail/psse_records.hpp>

#include <swx/core/base/error.hpp>

#include <fstream>
#include <sstream>

namespace swx::io::detail {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

bool tokenize_psse_line(std::string_view line, PsseRecord& out) {
    out.fields.clear();
    out.comment = {};
    std::size_t i = 0;
    const std::size_t n = line.size();
    bool expecting = true;        // a field may start here (start of the record or after a comma)
    bool last_was_comma = false;  // the last thing seen was a comma ("a,b," ends with an empty field)
    while (i < n) {
        const char c = line[i];
        if (is_blank(c)) {
            ++i;
            continue;
        }
        if (c == '/') {
            out.comment = trimmed(line.substr(i + 1));
            break;
        }
        if (c == ',') {
            if (expecting) {
                out.fields.push_back({{}, false});  // ",b" or "a,,b": an empty field
            }
            expecting = true;
            last_was_comma = true;
            ++i;
            continue;
        }
        PsseField f;
        if (c == '\'' || c == '"') {
            const std::size_t close = line.find(c, i + 1);
            if (close == std::string_view::npos) {
                return false;
            }
            f.text = line.substr(i + 1, close - i - 1);
            f.quoted = true;
            i = close + 1;
        } else {
            const std::size_t start = i;
            while (i < n && !is_blank(line[i]) && line[i] != ',' && line[i] != '/' && line[i] != '\'' && line[i] != '"') {
                ++i;
            }
            f.text = line.substr(start, i - start);
        }
        out.fields.push_back(f);
        expecting = false;
        last_was_comma = false;
    }
    if (last_was_comma) {
        out.fields.push_back({{}, false});
    }
    return true;
}

std::string read_text_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError({"readers.psse", path, "", "", ""}, std::string("cannot open the ") + what);
    }
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) {
        throw InputError({"readers.psse", path, "", "", ""}, std::string("cannot read the ") + what);
    }
    return std::move(s).str();
}

}  // namespace swx::io::detail
