// MATPOWER cases with the PowerModelsGMD tables, read as data.
//
// The file is scanned as a sequence of statements `mpc.<name> = <value>[;]` (value: a number, a quoted
// string, a matrix [...] or a cell array {...}), `function mpc = <name>` lines and `%` comments; a
// `%column_names% a b c` comment names the columns of the next table. Nothing is evaluated: any other
// MATLAB statement is an error. The tables are then mapped onto the core network (docs/grid-format.md,
// "MATPOWER with PowerModelsGMD tables"):
//   gmd_bus rows are substation neutral nodes or bus nodes; gmd_branch rows are lines (parent_type
//   'branch' of a 'line' branch_gmd row), transformer windings (referenced by branch_gmd's gmd_br_*),
//   or PowerWorld's 25 kohm bus->substation ties (parent_type 'bus'), which are not modelled: the
//   solver reports a floating bus at its substation's neutral voltage, as PowerWorld does.
//   Resistances are three phases lumped (br_r = R_phase/3): per phase = 3·br_r; g_gnd = 1/R_ground.

#include <swx/io/matpower_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/network/network.hpp>
#include <swx/io/output_directory.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace swx::io {
namespace {

const std::string stage = "readers.matpower";

struct Cell {
    bool is_text = false;
    std::string text;
    double value = not_a_number;
};

struct Table {
    std::string name;
    std::size_t line = 0;
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
    std::vector<std::size_t> row_lines;
    bool scalar = false;
};

class Parser {
public:
    Parser(std::string text, std::string path) : m_text(std::move(text)), m_path(std::move(path)) {}

    std::map<std::string, Table> parse() {
        std::map<std::string, Table> tables;
        while (true) {
            skip_blank();
            if (at_end()) {
                break;
            }
            const char c = peek();
            if (c == '%') {
                comment();
                continue;
            }
            if (starts_with("function")) {
                skip_line();
                continue;
            }
            if (starts_with("mpc.")) {
                Table t = statement();
                const std::string name = t.name;
                if (tables.count(name) != 0) {
                    fail(t.line, "mpc." + name, "", "the table is defined twice (first on line " +
                                                        std::to_string(tables[name].line) + ")");
                }
                tables.emplace(name, std::move(t));
                continue;
            }
            fail(m_line, "", "",
                 "unsupported content '" + excerpt() +
                     "': a MATPOWER case is read as data, so only 'mpc.<name> = <value>;', 'function mpc = <name>' "
                     "and % comments are accepted (no MATLAB code is evaluated)");
        }
        return tables;
    }

    [[noreturn]] void fail(std::size_t line, const std::string& table, const std::string& field,
                           const std::string& why) const {
        throw InputError({stage, m_path, table, line ? "line " + std::to_string(line) : std::string{}, field}, why);
    }

private:
    std::string m_text;
    std::string m_path;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::vector<std::string> m_pending_columns;
    bool m_have_columns = false;

    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return at_end() ? '\0' : m_text[m_pos]; }
    [[nodiscard]] bool starts_with(std::string_view s) const { return m_text.compare(m_pos, s.size(), s) == 0; }
    void advance() {
        if (m_text[m_pos] == '\n') {
            ++m_line;
        }
        ++m_pos;
    }
    void skip_blank() {
        while (!at_end() && (std::isspace(static_cast<unsigned char>(peek())) != 0)) {
            advance();
        }
    }
    void skip_spaces() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) {
            advance();
        }
    }
    void skip_line() {
        while (!at_end() && peek() != '\n') {
            advance();
        }
    }
    [[nodiscard]] std::string excerpt() const {
        std::size_t end = m_text.find('\n', m_pos);
        std::string s = m_text.substr(m_pos, std::min<std::size_t>(end == std::string::npos ? m_text.size() - m_pos : end - m_pos, 40));
        return trim(s);
    }
    void comment() {
        const std::size_t start = m_pos;
        skip_line();
        const std::string text = m_text.substr(start, m_pos - start);
        const std::string tag = "%column_names%";
        if (text.compare(0, tag.size(), tag) == 0) {
            std::istringstream in(text.substr(tag.size()));
            m_pending_columns.clear();
            for (std::string w; in >> w;) {
                m_pending_columns.push_back(w);
            }
            m_have_columns = true;
        }
    }

    Table statement() {
        Table t;
        t.line = m_line;
        m_pos += 4;  // "mpc."
        const std::size_t start = m_pos;
        while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) != 0 || peek() == '_')) {
            advance();
        }
        t.name = m_text.substr(start, m_pos - start);
        if (t.name.empty()) {
            fail(t.line, "", "", "expected a table name after 'mpc.'");
        }
        skip_spaces();
        if (peek() != '=') {
            fail(t.line, "mpc." + t.name, "",
                 "unsupported content: expected 'mpc." + t.name + " = <value>' (indexing and other MATLAB expressions are "
                 "not evaluated)");
        }
        advance();
        skip_spaces();
        if (m_have_columns) {
            t.columns = std::move(m_pending_columns);
        }
        m_pending_columns.clear();
        m_have_columns = false;
        const char c = peek();
        if (c == '[' || c == '{') {
            advance();
            matrix(t, c == '[' ? ']' : '}');
        } else {
            t.scalar = true;
            std::vector<Cell> row;
            row.push_back(c == '\'' || c == '"' ? quoted(t) : number(t, 0));
            t.rows.push_back(std::move(row));
            t.row_lines.push_back(t.line);
        }
        end_of_statement(t);
        return t;
    }

    void end_of_statement(const Table& t) {
        skip_spaces();
        if (peek() == ';') {
            advance();
            skip_spaces();
            if (peek() == '\'' || peek() == '"') {
                // `};'branch'`: a bare string after the statement is a MATLAB no-op (some PMGMD files carry
                // one after a table); read and dropped.
                (void)quoted(t);
                skip_spaces();
                if (peek() == ';') {
                    advance();
                    skip_spaces();
                }
            }
        }
        if (peek() == '%') {
            skip_line();  // a trailing comment
        } else if (!at_end() && peek() != '\n') {
            fail(m_line, "mpc." + t.name, "", "unexpected '" + excerpt() + "' after the value");
        }
    }

    Cell quoted(const Table& t) {
        const char q = peek();
        const std::size_t line = m_line;
        advance();
        Cell cell;
        cell.is_text = true;
        while (true) {
            if (at_end() || peek() == '\n') {
                fail(line, "mpc." + t.name, "", std::string("unclosed quote: a string opened with ") + q + " has no closing " + q + " on its line");
            }
            if (peek() == q) {
                advance();
                if (peek() == q) {  // '' inside '...'
                    cell.text += q;
                    advance();
                    continue;
                }
                break;
            }
            cell.text += peek();
            advance();
        }
        return cell;
    }

    Cell number(const Table& t, std::size_t column) {
        const std::size_t start = m_pos;
        while (!at_end()) {
            const char c = peek();
            if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == ',' || c == ';' || c == '%' || c == ']' ||
                c == '}' || c == '[' || c == '{' || c == '\'' || c == '"') {
                break;
            }
            advance();
        }
        std::string token = m_text.substr(start, m_pos - start);
        const std::string field = column < t.columns.size() ? t.columns[column] : "column " + std::to_string(column + 1);
        if (token.empty()) {
            fail(m_line, "mpc." + t.name, field, "expected a value, got '" + excerpt() + "'");
        }
        if (token.compare(0, 4, "mpc.") == 0) {
            fail(m_line, "mpc." + t.name, "",
                 "the table opened on line " + std::to_string(t.line) + " is not closed (no closing '];' or '};' before '" +
                     token + "'): is the file truncated?");
        }
        Cell cell;
        std::string_view view = token;
        if (!view.empty() && view.front() == '+') {
            view.remove_prefix(1);
        }
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(view.data(), view.data() + view.size(), v);
        if (ec != std::errc() || ptr != view.data() + view.size() || view.empty()) {
            fail(m_line, "mpc." + t.name, field, "expected a number (digits, 1e-3, Inf or NaN), got '" + token + "'");
        }
        cell.value = v;
        return cell;
    }

    void matrix(Table& t, char close) {
        std::vector<Cell> row;
        std::size_t row_line = m_line;
        auto end_row = [&] {
            if (!row.empty()) {
                t.rows.push_back(std::move(row));
                t.row_lines.push_back(row_line);
                row.clear();
            }
        };
        while (true) {
            if (at_end()) {
                fail(t.line, "mpc." + t.name, "",
                     std::string("the table is not closed: the file ends before its closing '") + close + "'");
            }
            const char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
                advance();
            } else if (c == '\n' || c == ';') {
                end_row();
                advance();
                row_line = m_line;
            } else if (c == '%') {
                skip_line();
            } else if (starts_with("...")) {
                skip_line();  // continuation: the row goes on on the next line
                if (!at_end()) {
                    advance();
                }
            } else if (c == close) {
                end_row();
                advance();
                return;
            } else if (c == '[' || c == '{' || c == ']' || c == '}') {
                fail(m_line, "mpc." + t.name, "", std::string("unsupported content: '") + c + "' inside a table (nested arrays are not read)");
            } else if (c == '\'' || c == '"') {
                if (row.empty()) {
                    row_line = m_line;
                }
                row.push_back(quoted(t));
            } else {
                if (row.empty()) {
                    row_line = m_line;
                }
                row.push_back(number(t, row.size()));
            }
        }
    }
};

// ---------------------------------------------------------------------------------------------

class Case {
public:
    Case(std::map<std::string, Table> tables, std::string path) : m_tables(std::move(tables)), m_path(std::move(path)) {}

    [[noreturn]] void fail(const Table& t, std::size_t row, const std::string& field, const std::string& why) const {
        std::string where = row < t.row_lines.size() ? "row " + std::to_string(row + 1) + " (line " + std::to_string(t.row_lines[row]) + ")"
                                                     : "line " + std::to_string(t.line);
        throw InputError({stage, m_path, "mpc." + t.name, where, field}, why);
    }
    [[noreturn]] void fail_missing(const std::string& table, const std::string& why) const {
        throw InputError({stage, m_path, "mpc." + table, "", ""}, why);
    }

    const Table* find(const std::string& name) const {
        const auto it = m_tables.find(name);
        return it == m_tables.end() ? nullptr : &it->second;
    }
    const Table& require(const std::string& name, const std::string& why) const {
        const Table* t = find(name);
        if (t == nullptr) {
            fail_missing(name, "the table is missing: " + why);
        }
        if (t->scalar) {
            fail(*t, 0, "", "expected a table [...] or {...}, got a single value");
        }
        return *t;
    }

    /// Column index by name; npos if absent (and `required` false).
    std::size_t column(const Table& t, const std::string& name, bool required) const {
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            if (t.columns[i] == name) {
                return i;
            }
        }
        if (required) {
            if (t.columns.empty()) {
                fail(t, static_cast<std::size_t>(-1), name,
                     "the table has no '%column_names%' line before it, so its columns are unknown (PowerModelsGMD "
                     "tables need one, e.g. '%column_names% " + name + " ...')");
            }
            fail(t, static_cast<std::size_t>(-1), name, "the '%column_names%' line has no column '" + name + "'");
        }
        return npos;
    }
    void check_widths(const Table& t) const {
        if (t.columns.empty() && !t.rows.empty()) {
            fail(t, static_cast<std::size_t>(-1), "",
                 "the table has no '%column_names%' line before it, so its columns are unknown (PowerModelsGMD tables "
                 "need one, e.g. '%column_names% parent_index status g_gnd name' for gmd_bus)");
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            if (t.rows[r].size() != t.columns.size()) {
                fail(t, r, "", "the row has " + std::to_string(t.rows[r].size()) + " values, the '%column_names%' line names " +
                                   std::to_string(t.columns.size()));
            }
        }
    }
    double num(const Table& t, std::size_t r, std::size_t c, const std::string& field) const {
        if (c >= t.rows[r].size()) {
            fail(t, r, field, "the row has only " + std::to_string(t.rows[r].size()) + " values, expected column " +
                                  std::to_string(c + 1) + " (" + field + ")");
        }
        const Cell& cell = t.rows[r][c];
        if (cell.is_text) {
            fail(t, r, field, "expected a number, got the string '" + cell.text + "'");
        }
        return cell.value;
    }
    double num_or(const Table& t, std::size_t r, std::size_t c, const std::string& field, double fallback) const {
        return c == npos || c >= t.rows[r].size() ? fallback : num(t, r, c, field);
    }
    long integer(const Table& t, std::size_t r, std::size_t c, const std::string& field) const {
        const double v = num(t, r, c, field);
        if (!std::isfinite(v) || v != std::floor(v) || std::abs(v) > 1e15) {
            fail(t, r, field, "expected a whole number, got " + format_number(v));
        }
        return static_cast<long>(v);
    }
    std::string text(const Table& t, std::size_t r, std::size_t c, const std::string& field) const {
        if (c == npos || c >= t.rows[r].size()) {
            return {};
        }
        const Cell& cell = t.rows[r][c];
        if (!cell.is_text) {
            fail(t, r, field, "expected a quoted string, got the number " + format_number(cell.value));
        }
        return cell.text;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    std::map<std::string, Table> m_tables;
    std::string m_path;
};

struct GmdBusRow {
    long parent = 0;
    double g_gnd = 0.0;
    long sub = 0;  ///< 1-based gmd_bus row of the substation; 0 = not given
    bool substation = false;
    std::string name;
};
struct GmdBranchRow {
    std::size_t f = 0;  ///< 0-based gmd_bus rows
    std::size_t t = 0;
    double r = not_a_number;
    double v = 0.0;
    bool in_service = true;
    long parent = 0;
    std::string parent_type;
};

bool contains_ci(const std::string& s, const std::string& what) { return lower(s).find(what) != std::string::npos; }

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "," + b; }

}  // namespace

MatpowerCase read_matpower_case(const std::string& path, ProblemSink& problems) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError({stage, path, "", "", ""}, "cannot open the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    Parser parser(buffer.str(), path);
    const Case cs(parser.parse(), path);
    constexpr std::size_t npos = Case::npos;

    MatpowerCase out;
    Network& net = out.grid.network;
    NetworkSource& source = out.grid.source;
    source.path = path;
    source.substations_layer = "mpc.gmd_bus";
    source.buses_layer = "mpc.bus";
    source.transformers_layer = "mpc.branch_gmd";
    source.lines_layer = "mpc.branch";
    auto warn = [&](const std::string& code, const std::string& id, const std::string& table, const std::string& msg) {
        problems.warn(code, id, path + " mpc." + table, msg);
    };

    if (const Table* b = cs.find("baseMVA")) {
        out.base_mva = cs.num(*b, 0, 0, "baseMVA");
        if (!(out.base_mva > 0.0) || !std::isfinite(out.base_mva)) {
            cs.fail(*b, 0, "baseMVA", "expected a system MVA base > 0, got " + format_number(out.base_mva));
        }
    }

    // mpc.bus: bus_i type Pd Qd Gs Bs area Vm Va baseKV ...
    const Table& bus_t = cs.require("bus", "a MATPOWER case needs mpc.bus");
    std::map<long, std::size_t> bus_of_number;
    for (std::size_t r = 0; r < bus_t.rows.size(); ++r) {
        const long number = cs.integer(bus_t, r, 0, "bus_i");
        if (!bus_of_number.emplace(number, r).second) {
            cs.fail(bus_t, r, "bus_i", "duplicate bus number " + std::to_string(number) + " (first in row " +
                                           std::to_string(bus_of_number[number] + 1) + ")");
        }
        Bus bus;
        bus.id = std::to_string(number);
        bus.kv = cs.num(bus_t, r, 9, "baseKV");
        if (!(bus.kv > 0.0) || !std::isfinite(bus.kv)) {
            cs.fail(bus_t, r, "baseKV", "expected a nominal voltage > 0 kV, got " + format_number(bus.kv));
        }
        const double vm = cs.num(bus_t, r, 7, "Vm");
        if (std::isfinite(vm) && vm > 0.0) {
            bus.vm_pu = vm;
        } else {
            bus.vm_pu = 1.0;
            bus.assumed = "vm_pu";
            warn("vm_default", bus.id, "bus", "Vm is " + format_number(vm) + ": using 1.0 per unit (Qloss only)");
        }
        net.buses.push_back(bus);
    }
    auto bus_index = [&](const Table& t, std::size_t r, std::size_t c, const std::string& field) {
        const long number = cs.integer(t, r, c, field);
        const auto it = bus_of_number.find(number);
        if (it == bus_of_number.end()) {
            cs.fail(t, r, field, "unknown bus " + std::to_string(number) + ": it is not in mpc.bus");
        }
        return it->second;
    };

    std::set<std::size_t> generator_buses;
    if (const Table* g = cs.find("gen"); g != nullptr && !g->scalar) {
        for (std::size_t r = 0; r < g->rows.size(); ++r) {
            generator_buses.insert(bus_index(*g, r, 0, "bus"));
        }
    }

    // mpc.branch: fbus tbus r x b rateA rateB rateC ratio angle status ...
    const Table& br_t = cs.require("branch", "a MATPOWER case needs mpc.branch");
    struct BranchRow {
        std::size_t f = 0, t = 0;
        double r_pu = 0.0;
        bool in_service = true;
        std::string id;
    };
    std::vector<BranchRow> branches;
    std::map<std::pair<std::size_t, std::size_t>, int> parallel;
    for (std::size_t r = 0; r < br_t.rows.size(); ++r) {
        BranchRow b;
        b.f = bus_index(br_t, r, 0, "fbus");
        b.t = bus_index(br_t, r, 1, "tbus");
        b.r_pu = cs.num(br_t, r, 2, "r");
        b.in_service = cs.num_or(br_t, r, br_t.rows[r].size() > 10 ? 10 : npos, "status", 1.0) != 0.0;
        const int n = ++parallel[{std::min(b.f, b.t), std::max(b.f, b.t)}];  // between the same two buses, either way
        b.id = net.buses[b.f].id + "-" + net.buses[b.t].id + "-" + std::to_string(n);
        branches.push_back(b);
    }

    // mpc.gmd_bus
    const Table& gb_t = cs.require("gmd_bus", "the PowerModelsGMD DC network (gmd_bus, gmd_branch, branch_gmd) is needed for GIC");
    cs.check_widths(gb_t);
    const std::size_t gb_parent = cs.column(gb_t, "parent_index", true);
    const std::size_t gb_g = cs.column(gb_t, "g_gnd", true);
    const std::size_t gb_sub = cs.column(gb_t, "sub", false);
    const std::size_t gb_type = cs.column(gb_t, "parent_type", false);
    const std::size_t gb_name = cs.column(gb_t, "name", false);
    std::vector<GmdBusRow> nodes(gb_t.rows.size());
    std::vector<std::size_t> node_of_bus(net.buses.size(), npos);
    for (std::size_t r = 0; r < gb_t.rows.size(); ++r) {
        GmdBusRow& n = nodes[r];
        n.parent = cs.integer(gb_t, r, gb_parent, "parent_index");
        n.g_gnd = cs.num(gb_t, r, gb_g, "g_gnd");
        n.name = cs.text(gb_t, r, gb_name, "name");
        if ((std::isfinite(n.g_gnd) && n.g_gnd < 0.0) || std::isinf(n.g_gnd)) {
            cs.fail(gb_t, r, "g_gnd", "expected a finite conductance >= 0 S (NaN = unknown), got " + format_number(n.g_gnd));
        }
        if (gb_type != npos) {
            const std::string type = lower(cs.text(gb_t, r, gb_type, "parent_type"));
            if (type != "sub" && type != "bus") {
                cs.fail(gb_t, r, "parent_type", "expected 'sub' or 'bus', got '" + type + "'");
            }
            n.substation = type == "sub";
        } else if (gb_sub != npos) {
            n.sub = cs.integer(gb_t, r, gb_sub, "sub");
            n.substation = n.sub == -1;
        } else {
            // hand-written files: substation nodes are grounded (uiuc150 2022: 'dc_GOODLETTSVILLE_37072') or named dc_sub*
            n.substation = n.g_gnd > 0.0 || contains_ci(n.name, "sub");
        }
        if (!n.substation) {
            const long number = n.parent;  // (rts_gmlc's `bus_i` column is the gmd_bus row, not the bus)
            const auto it = bus_of_number.find(number);
            if (it == bus_of_number.end()) {
                cs.fail(gb_t, r, "parent_index",
                        "unknown bus " + std::to_string(number) + ": a bus node's parent_index must be a bus of mpc.bus");
            }
            if (node_of_bus[it->second] != npos) {
                cs.fail(gb_t, r, "parent_index", "bus " + std::to_string(number) + " already has the node in row " +
                                                     std::to_string(node_of_bus[it->second] + 1));
            }
            node_of_bus[it->second] = r;
            if (n.g_gnd > 0.0) {
                cs.fail(gb_t, r, "g_gnd",
                        "a bus node with a ground conductance (" + format_number(n.g_gnd) +
                            " S) is not supported: only substation neutral nodes are grounded in the network model");
            }
            if (gb_sub != npos && (n.sub < 1 || static_cast<std::size_t>(n.sub) > nodes.size())) {
                cs.fail(gb_t, r, "sub", "expected the gmd_bus row of the bus's substation, got " + std::to_string(n.sub));
            }
        }
    }
    if (gb_sub != npos) {
        for (std::size_t r = 0; r < nodes.size(); ++r) {
            if (!nodes[r].substation && !nodes[static_cast<std::size_t>(nodes[r].sub - 1)].substation) {
                cs.fail(gb_t, r, "sub", "row " + std::to_string(nodes[r].sub) + " is not a substation node (its sub is not -1)");
            }
        }
    }

    // mpc.gmd_branch
    const Table& gbr_t = cs.require("gmd_branch", "the PowerModelsGMD DC network needs its branches");
    cs.check_widths(gbr_t);
    const std::size_t c_f = cs.column(gbr_t, "f_bus", true);
    const std::size_t c_t = cs.column(gbr_t, "t_bus", true);
    const std::size_t c_r = cs.column(gbr_t, "br_r", true);
    const std::size_t c_pi = cs.column(gbr_t, "parent_index", true);
    const std::size_t c_v = cs.column(gbr_t, "br_v", false);
    const std::size_t c_st = cs.column(gbr_t, "br_status", false);
    const std::size_t c_pt = cs.column(gbr_t, "parent_type", false);
    std::vector<GmdBranchRow> dc(gbr_t.rows.size());
    std::map<long, std::vector<std::size_t>> dc_of_branch;  // parent_index -> rows (parent_type 'branch')
    std::size_t ties = 0;
    std::vector<std::size_t> gen_rows;
    for (std::size_t r = 0; r < gbr_t.rows.size(); ++r) {
        GmdBranchRow& d = dc[r];
        auto node = [&](std::size_t c, const std::string& field) {
            const long k = cs.integer(gbr_t, r, c, field);
            if (k < 1 || static_cast<std::size_t>(k) > nodes.size()) {
                cs.fail(gbr_t, r, field, "unknown gmd_bus row " + std::to_string(k) + " (the table has " +
                                             std::to_string(nodes.size()) + " rows)");
            }
            return static_cast<std::size_t>(k - 1);
        };
        d.f = node(c_f, "f_bus");
        d.t = node(c_t, "t_bus");
        d.r = cs.num(gbr_t, r, c_r, "br_r");
        d.v = cs.num_or(gbr_t, r, c_v, "br_v", 0.0);
        d.in_service = cs.num_or(gbr_t, r, c_st, "br_status", 1.0) != 0.0;
        d.parent = cs.integer(gbr_t, r, c_pi, "parent_index");
        d.parent_type = lower(cs.text(gbr_t, r, c_pt, "parent_type"));
        if (d.parent_type == "bus") {
            ++ties;  // PowerWorld's floating-bus tie: not modelled (file comment)
            continue;
        }
        if (d.parent_type == "gen") {
            gen_rows.push_back(r);  // an implicit generator step-up winding (activsg2000_mod.m)
            continue;
        }
        if (!d.parent_type.empty() && d.parent_type != "branch") {
            cs.fail(gbr_t, r, "parent_type", "expected 'branch', 'bus' or 'gen', got '" + d.parent_type + "'");
        }
        if (std::isfinite(d.r) && d.r < 0.0) {
            cs.fail(gbr_t, r, "br_r", "expected a resistance >= 0 ohm, got " + format_number(d.r));
        }
        dc_of_branch[d.parent].push_back(r);
    }
    if (ties > 0) {
        problems.warn("floating_bus_ties", "", path + " mpc.gmd_branch",
                      std::to_string(ties) + " bus-to-substation ties (parent_type 'bus', PowerWorld's floating-bus "
                      "convention) are not modelled: a bus with no DC path is reported at its substation's neutral voltage");
    }

    // mpc.branch_gmd
    const Table& bg_t = cs.require("branch_gmd", "it gives each branch's type (line, transformer configuration), without which "
                                                 "the windings are unknown");
    cs.check_widths(bg_t);
    if (bg_t.rows.size() != branches.size()) {
        cs.fail(bg_t, static_cast<std::size_t>(-1), "",
                "the table has " + std::to_string(bg_t.rows.size()) + " rows, mpc.branch has " + std::to_string(branches.size()) +
                    ": branch_gmd needs one row per branch");
    }
    const std::size_t c_hi = cs.column(bg_t, "hi_bus", true);
    const std::size_t c_lo = cs.column(bg_t, "lo_bus", true);
    const std::size_t c_bhi = cs.column(bg_t, "gmd_br_hi", true);
    const std::size_t c_blo = cs.column(bg_t, "gmd_br_lo", true);
    const std::size_t c_k = cs.column(bg_t, "gmd_k", false);
    const std::size_t c_ser = cs.column(bg_t, "gmd_br_series", true);
    const std::size_t c_com = cs.column(bg_t, "gmd_br_common", true);
    const std::size_t c_type = cs.column(bg_t, "type", true);
    const std::size_t c_cfg = cs.column(bg_t, "config", true);

    // Substation of each bus: the `sub` column, else the winding ends, then the transformers' other bus.
    std::vector<std::size_t> sub_node_of_bus(net.buses.size(), npos);
    if (gb_sub != npos) {
        for (std::size_t b = 0; b < net.buses.size(); ++b) {
            if (node_of_bus[b] != npos) {
                sub_node_of_bus[b] = static_cast<std::size_t>(nodes[node_of_bus[b]].sub - 1);
            }
        }
    }
    struct Xf {
        std::size_t row = 0;
        std::size_t hv = 0, lv = 0;
        std::string type, config;
        long w_hi = -1, w_lo = -1, w_ser = -1, w_com = -1;
        double k = not_a_number;
    };
    std::vector<Xf> xfs;
    std::vector<std::size_t> line_rows;
    std::vector<char> dc_used(dc.size(), 0);
    auto winding_row = [&](std::size_t r, std::size_t c, const std::string& field) -> long {
        const long k = cs.integer(bg_t, r, c, field);
        if (k == -1 || k == 0) {
            return -1;
        }
        if (k < 1 || static_cast<std::size_t>(k) > dc.size()) {
            cs.fail(bg_t, r, field, "unknown gmd_branch row " + std::to_string(k));
        }
        dc_used[static_cast<std::size_t>(k - 1)] = 1;
        return dc[static_cast<std::size_t>(k - 1)].in_service ? k - 1 : -1;
    };
    for (std::size_t r = 0; r < bg_t.rows.size(); ++r) {
        const std::string type = lower(cs.text(bg_t, r, c_type, "type"));
        if (type == "line" || type == "series_cap") {
            line_rows.push_back(r);
            continue;
        }
        if (type != "xfmr" && type != "xf" && type != "transformer") {
            cs.fail(bg_t, r, "type", "expected 'line', 'series_cap' or 'xfmr', got '" + type + "'");
        }
        Xf x;
        x.row = r;
        x.type = type;
        x.config = lower(cs.text(bg_t, r, c_cfg, "config"));
        x.hv = bus_index(bg_t, r, c_hi, "hi_bus");
        x.lv = bus_index(bg_t, r, c_lo, "lo_bus");
        const BranchRow& b = branches[r];
        if (!((x.hv == b.f && x.lv == b.t) || (x.hv == b.t && x.lv == b.f))) {
            cs.fail(bg_t, r, "hi_bus", "hi_bus/lo_bus " + net.buses[x.hv].id + "/" + net.buses[x.lv].id +
                                           " are not the buses of mpc.branch row " + std::to_string(r + 1) + " (" +
                                           net.buses[b.f].id + "-" + net.buses[b.t].id + ")");
        }
        x.w_hi = winding_row(r, c_bhi, "gmd_br_hi");
        x.w_lo = winding_row(r, c_blo, "gmd_br_lo");
        x.w_ser = winding_row(r, c_ser, "gmd_br_series");
        x.w_com = winding_row(r, c_com, "gmd_br_common");
        x.k = cs.num_or(bg_t, r, c_k, "gmd_k", not_a_number);
        // The neutral end of a winding row that joins `bus` to a substation node.
        auto neutral = [&](long w, std::size_t bus, const std::string& field) -> std::size_t {
            const GmdBranchRow& d = dc[static_cast<std::size_t>(w)];
            const std::size_t bn = node_of_bus[bus];
            std::size_t other = npos;
            if (d.f == bn) {
                other = d.t;
            } else if (d.t == bn) {
                other = d.f;
            }
            if (bn == npos || other == npos || !nodes[other].substation) {
                cs.fail(bg_t, r, field, "gmd_branch row " + std::to_string(w + 1) + " should join the node of bus " + net.buses[bus].id +
                                            " to a substation neutral node");
            }
            return other;
        };
        auto assign = [&](std::size_t bus, std::size_t sub_node, const std::string& field) {
            if (sub_node_of_bus[bus] == npos) {
                sub_node_of_bus[bus] = sub_node;
            } else if (sub_node_of_bus[bus] != sub_node) {
                cs.fail(bg_t, r, field, "the winding of bus " + net.buses[bus].id + " goes to gmd_bus row " + std::to_string(sub_node + 1) +
                                            ", but the bus belongs to the substation of gmd_bus row " +
                                            std::to_string(sub_node_of_bus[bus] + 1));
            }
        };
        // The model has one neutral per transformer, that of its substation: both buses stand there.
        if (x.w_hi >= 0) {
            const std::size_t n = neutral(x.w_hi, x.hv, "gmd_br_hi");
            assign(x.hv, n, "gmd_br_hi");
            assign(x.lv, n, "gmd_br_hi");
        }
        if (x.w_lo >= 0) {
            const std::size_t n = neutral(x.w_lo, x.lv, "gmd_br_lo");
            assign(x.lv, n, "gmd_br_lo");
            assign(x.hv, n, "gmd_br_lo");
        }
        if (x.w_com >= 0) {
            const std::size_t n = neutral(x.w_com, x.lv, "gmd_br_common");
            assign(x.lv, n, "gmd_br_common");
            assign(x.hv, n, "gmd_br_common");
        }
        if (x.w_ser >= 0) {
            const GmdBranchRow& d = dc[static_cast<std::size_t>(x.w_ser)];
            const std::size_t a = node_of_bus[x.hv];
            const std::size_t c = node_of_bus[x.lv];
            if (a == npos || c == npos || !((d.f == a && d.t == c) || (d.f == c && d.t == a))) {
                cs.fail(bg_t, r, "gmd_br_series", "gmd_branch row " + std::to_string(x.w_ser + 1) + " should join the nodes of buses " +
                                                      net.buses[x.hv].id + " and " + net.buses[x.lv].id);
            }
        }
        xfs.push_back(x);
    }
    // Generator rows: a grounded winding from the generator's bus to its substation's neutral, the HV
    // side of a step-up unit whose delta side is not in the case (PMGMD's implicit GSU).
    struct GenUnit {
        std::size_t row, bus;
    };
    std::vector<GenUnit> gen_units;
    for (const std::size_t r : gen_rows) {
        const GmdBranchRow& d = dc[r];
        const bool f_bus = !nodes[d.f].substation;
        const std::size_t bn = f_bus ? d.f : d.t;
        const std::size_t sn = f_bus ? d.t : d.f;
        if (nodes[bn].substation || !nodes[sn].substation) {
            cs.fail(gbr_t, r, "t_bus", "a generator ('gen') row should join a bus node to a substation node");
        }
        const std::size_t bus = bus_of_number.at(nodes[bn].parent);
        if (sub_node_of_bus[bus] == npos) {
            sub_node_of_bus[bus] = sn;
        } else if (sub_node_of_bus[bus] != sn) {
            cs.fail(gbr_t, r, "t_bus", "the generator winding of bus " + net.buses[bus].id + " goes to gmd_bus row " +
                                           std::to_string(sn + 1) + ", but the bus belongs to the substation of gmd_bus row " +
                                           std::to_string(sub_node_of_bus[bus] + 1));
        }
        if (d.in_service) {
            gen_units.push_back({r, bus});
        }
    }

    // Buses joined by a transformer share its substation.
    for (bool changed = true; changed;) {
        changed = false;
        for (const Xf& x : xfs) {
            std::size_t& a = sub_node_of_bus[x.hv];
            std::size_t& b = sub_node_of_bus[x.lv];
            if (a == npos && b != npos) {
                a = b;
                changed = true;
            } else if (b == npos && a != npos) {
                b = a;
                changed = true;
            }
        }
    }

    // Substations: the substation nodes that have buses, in gmd_bus order, then one per group of buses
    // that no winding ties to a node.
    out.gmd_nodes.assign(nodes.size(), {});
    std::vector<std::size_t> sub_of_node(nodes.size(), npos);
    std::vector<char> node_used(nodes.size(), 0);
    for (const std::size_t n : sub_node_of_bus) {
        if (n != npos) {
            node_used[n] = 1;
        }
    }
    std::set<std::string> sub_ids;
    auto node_sub_id = [&](std::size_t n) { return nodes[n].parent > 0 ? std::to_string(nodes[n].parent) : std::to_string(n + 1); };
    // Unassigned buses (no winding, no `sub`): a node whose id is the group's smallest bus number, if
    // unused, else a substation of their own.
    std::vector<std::size_t> group_sub(net.buses.size(), npos);
    std::vector<std::vector<std::size_t>> orphan_groups;
    {
        std::vector<std::size_t> root(net.buses.size());
        std::iota(root.begin(), root.end(), 0);
        auto find_root = [&](std::size_t b) {
            while (root[b] != b) {
                b = root[b] = root[root[b]];
            }
            return b;
        };
        for (const Xf& x : xfs) {
            root[find_root(x.hv)] = find_root(x.lv);
        }
        std::map<std::size_t, std::vector<std::size_t>> groups;
        for (std::size_t b = 0; b < net.buses.size(); ++b) {
            if (sub_node_of_bus[b] == npos) {
                groups[find_root(b)].push_back(b);
            }
        }
        for (auto& [r, members] : groups) {
            orphan_groups.push_back(members);
        }
    }
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (!nodes[n].substation) {
            continue;
        }
        if (node_used[n] == 0) {
            // maybe the substation of an orphan group (same number as its first bus)
            for (auto& g : orphan_groups) {
                if (!g.empty() && nodes[n].parent > 0 && net.buses[g.front()].id == std::to_string(nodes[n].parent)) {
                    std::string list;
                    for (const std::size_t b : g) {
                        sub_node_of_bus[b] = n;
                        list = join(list, net.buses[b].id);
                    }
                    warn("substation_by_number", node_sub_id(n), "gmd_bus",
                         "no winding or 'sub' column ties buses " + list + " to a substation: put in substation " + node_sub_id(n) +
                             " (gmd_bus row " + std::to_string(n + 1) + ") because its number matches bus " + net.buses[g.front()].id);
                    g.clear();
                    node_used[n] = 1;
                    break;
                }
            }
        }
        if (node_used[n] == 0) {
            warn("substation_unused", node_sub_id(n), "gmd_bus",
                 "substation node in gmd_bus row " + std::to_string(n + 1) + " has no buses: left out of the network");
            continue;
        }
        Substation s;
        s.id = node_sub_id(n);
        if (!sub_ids.insert(s.id).second) {
            cs.fail(gb_t, n, "parent_index", "duplicate substation id " + s.id);
        }
        s.name = nodes[n].name;
        if (std::isfinite(nodes[n].g_gnd) && nodes[n].g_gnd > 0.0) {
            s.grounding_ohm = 1.0 / nodes[n].g_gnd;
        } else if (!std::isfinite(nodes[n].g_gnd)) {
            s.assumed = "grounding_ohm";
        }
        sub_of_node[n] = net.substations.size();
        out.gmd_nodes[n] = {MatpowerCase::NodeKind::substation, net.substations.size()};
        net.substations.push_back(s);
    }
    for (const auto& g : orphan_groups) {
        if (g.empty()) {
            continue;
        }
        Substation s;
        s.id = "bus" + net.buses[g.front()].id;
        if (!sub_ids.insert(s.id).second) {
            throw InputError({stage, path, "mpc.bus", net.buses[g.front()].id, "bus_i"},
                             "cannot name the substation of bus " + net.buses[g.front()].id + ": id " + s.id + " is taken");
        }
        s.assumed = "id";
        std::string list;
        for (const std::size_t b : g) {
            group_sub[b] = net.substations.size();
            list = join(list, net.buses[b].id);
        }
        warn("substation_of_bus", s.id, "bus",
             "no winding or 'sub' column ties buses " + list + " to a substation node: they form substation " + s.id +
                 " without a grounded neutral");
        net.substations.push_back(s);
    }
    for (std::size_t b = 0; b < net.buses.size(); ++b) {
        net.buses[b].substation = sub_node_of_bus[b] != npos ? sub_of_node[sub_node_of_bus[b]] : group_sub[b];
        if (node_of_bus[b] != npos) {
            out.gmd_nodes[node_of_bus[b]] = {MatpowerCase::NodeKind::bus, b};
        }
    }

    // Blockers on substation neutrals.
    std::vector<char> blocked(net.substations.size(), 0);
    if (const Table* bl = cs.find("gmd_blocker"); bl != nullptr && !bl->scalar) {
        cs.check_widths(*bl);
        const std::size_t c_bus = cs.column(*bl, "gmd_bus", true);
        const std::size_t c_bst = cs.column(*bl, "status", false);
        for (std::size_t r = 0; r < bl->rows.size(); ++r) {
            const long k = cs.integer(*bl, r, c_bus, "gmd_bus");
            if (k < 1 || static_cast<std::size_t>(k) > nodes.size()) {
                cs.fail(*bl, r, "gmd_bus", "unknown gmd_bus row " + std::to_string(k));
            }
            if (cs.num_or(*bl, r, c_bst, "status", 1.0) == 0.0) {
                continue;
            }
            const std::size_t n = static_cast<std::size_t>(k - 1);
            if (!nodes[n].substation) {
                // PMGMD multiplies the node's g_gnd by 0: a bus node has none, so the blocker does nothing
                warn("blocker_on_bus", std::to_string(k), "gmd_blocker",
                     "gmd_bus row " + std::to_string(k) + " is a bus node without a ground: its blocker has no effect");
                continue;
            }
            if (sub_of_node[n] != npos) {
                blocked[sub_of_node[n]] = 1;
            }
        }
    }

    // Transformers.
    out.branch_transformer.assign(branches.size(), MatpowerCase::npos);
    out.branch_line.assign(branches.size(), MatpowerCase::npos);
    std::vector<std::size_t> grounded_units(net.substations.size(), 0);
    for (const Xf& x : xfs) {
        const BranchRow& b = branches[x.row];
        Transformer t;
        t.id = b.id;
        t.hv_bus = x.hv;
        t.lv_bus = x.lv;
        t.qloss_v_at_lv = b.f == x.lv;  // PowerWorld takes the Qloss voltage at the branch's from bus
        auto r_of = [&](long w, std::size_t bus, const std::string& field, const std::string& model_field) {
            double r = 3.0 * dc[static_cast<std::size_t>(w)].r;
            if (!(r > 0.0) || !std::isfinite(r)) {
                const double kv = net.buses[bus].kv;
                r = std::abs(b.r_pu) * kv * kv / out.base_mva / 2.0;
                std::string how = "half the branch resistance r on the winding's side (" + format_number(r) + " ohm per phase)";
                if (!(r > 0.0)) {
                    r = 3.0 * 0.25;
                    how = "PowerModelsGMD's 0.25 ohm (three phases lumped), 0.75 ohm per phase";
                }
                t.assumed = join(t.assumed, model_field);
                warn("winding_default", t.id, "gmd_branch",
                     field + " winding row " + std::to_string(w + 1) + " has br_r " + format_number(dc[static_cast<std::size_t>(w)].r) +
                         ": using " + how);
            }
            return r;
        };
        const bool auto_rows = x.w_ser >= 0 && x.w_com >= 0;
        if (auto_rows) {
            t.type = TransformerType::autotransformer;
            t.r_hv_ohm = r_of(x.w_ser, x.hv, "series", "r_hv_ohm");
            t.r_lv_ohm = r_of(x.w_com, x.lv, "common", "r_lv_ohm");
        } else if (x.w_hi >= 0 && x.w_lo >= 0) {
            t.type = x.config.find("delta", 9) != std::string::npos || x.config == "three-winding" ? TransformerType::gy_gy_d : TransformerType::gy_gy;
            t.r_hv_ohm = r_of(x.w_hi, x.hv, "HV", "r_hv_ohm");
            t.r_lv_ohm = r_of(x.w_lo, x.lv, "LV", "r_lv_ohm");
        } else if (x.w_hi >= 0) {
            t.type = generator_buses.count(x.lv) != 0 ? TransformerType::gsu : TransformerType::gy_d;
            t.r_hv_ohm = r_of(x.w_hi, x.hv, "HV", "r_hv_ohm");
        } else if (x.w_lo >= 0) {
            t.type = TransformerType::d_gy;
            t.r_lv_ohm = r_of(x.w_lo, x.lv, "LV", "r_lv_ohm");
        } else {
            t.type = TransformerType::d_d;
            if (x.config.find("gwye") != std::string::npos) {
                warn("no_windings", t.id, "branch_gmd",
                     "config '" + x.config + "' has grounded windings but no in-service gmd_branch rows: no DC path");
            }
        }
        if ((x.w_ser >= 0) != (x.w_com >= 0)) {
            cs.fail(bg_t, x.row, x.w_ser >= 0 ? "gmd_br_common" : "gmd_br_series",
                    "an autotransformer needs both its series and its common winding row");
        }
        if (auto_rows && (x.w_hi >= 0 || x.w_lo >= 0)) {
            cs.fail(bg_t, x.row, "gmd_br_hi", "a unit with series/common windings cannot also have hi/lo winding rows");
        }
        if (std::isfinite(x.k) && x.k > 0.0) {
            t.k_factor = x.k;  // PowerWorld's per-unit K ("GICModelKUsed")
        } else {
            t.assumed = join(t.assumed, "k_factor");
            warn("k_default", t.id, "branch_gmd", "gmd_k is " + format_number(x.k) + ": the Qloss K is the default for an unknown core");
        }
        const std::size_t s = net.buses[t.hv_bus].substation;
        if (has_neutral_winding(t.type)) {
            ++grounded_units[s];
            const Substation& sub = net.substations[s];
            if (blocked[s] != 0) {
                t.neutral_blocked = true;
            } else if (!sub.grounding_ohm && sub.assumed.find("grounding_ohm") == std::string::npos) {
                t.neutral_blocked = true;  // g_gnd = 0: the neutral floats
            }
        }
        out.branch_transformer[x.row] = net.transformers.size();
        net.transformers.push_back(t);
    }
    const std::size_t n_case_buses = net.buses.size();
    for (const GenUnit& g : gen_units) {
        const GmdBranchRow& d = dc[g.row];
        Bus lv;
        lv.id = "gen" + std::to_string(d.parent) + "_lv";
        lv.substation = net.buses[g.bus].substation;
        lv.kv = net.buses[g.bus].kv;
        lv.assumed = "kv";
        Transformer t;
        t.id = "gen" + std::to_string(d.parent);
        t.type = TransformerType::gsu;
        t.hv_bus = g.bus;
        t.lv_bus = net.buses.size();
        t.r_hv_ohm = 3.0 * d.r;
        t.assumed = "k_factor,lv_bus";
        if (!(t.r_hv_ohm >= min_resistance_ohm)) {
            cs.fail(gbr_t, g.row, "br_r", "expected a winding resistance > 0 ohm, got " + format_number(d.r));
        }
        net.buses.push_back(lv);
        const std::size_t s = lv.substation;
        ++grounded_units[s];
        if (blocked[s] != 0 || (!net.substations[s].grounding_ohm && net.substations[s].assumed.find("grounding_ohm") == std::string::npos)) {
            t.neutral_blocked = true;
        }
        net.transformers.push_back(t);
    }
    if (!gen_units.empty()) {
        warn("implicit_gsu", "", "gmd_branch",
             std::to_string(gen_units.size()) + " generator rows (parent_type 'gen') are step-up windings whose delta side is "
             "not in the case: each becomes a gsu 'gen<N>' with a delta bus 'gen<N>_lv' of its own (N = the gen row)");
    }
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        const Substation& sub = net.substations[s];
        if (grounded_units[s] == 0) {
            continue;
        }
        const bool floating = !sub.grounding_ohm && sub.assumed.find("grounding_ohm") == std::string::npos;
        if (blocked[s] != 0 || floating) {
            std::string why = blocked[s] != 0 ? "a gmd_blocker in its neutral" : "g_gnd 0 (a floating neutral)";
            std::string note = grounded_units[s] > 1
                                   ? "; the " + std::to_string(grounded_units[s]) +
                                         " units are each modelled blocked, so no DC circulates between them through the shared neutral"
                                   : "";
            warn("neutral_blocked", sub.id, "gmd_bus", "substation " + sub.id + " has " + why + ": its transformers are neutral_blocked" + note);
        } else if (!sub.grounding_ohm) {
            warn("grounding_default", sub.id, "gmd_bus", "g_gnd is not a number: the grounding resistance is assumed");
        }
    }

    // Lines.
    for (const std::size_t r : line_rows) {
        const BranchRow& b = branches[r];
        const std::string type = lower(cs.text(bg_t, r, c_type, "type"));
        Line line;
        line.id = b.id;
        line.from_bus = b.f;
        line.to_bus = b.t;
        line.kv = net.buses[b.f].kv;
        double br_v = not_a_number;
        std::vector<std::size_t> rows;
        for (const std::size_t k : dc_of_branch[static_cast<long>(r + 1)]) {
            if (!nodes.empty()) {
                rows.push_back(k);
            }
        }
        // keep only rows that join this branch's two bus nodes (winding rows of other units share parent numbers in older files)
        std::vector<std::size_t> mine;
        for (const std::size_t k : rows) {
            const GmdBranchRow& d = dc[k];
            const std::size_t fn = node_of_bus[b.f];
            const std::size_t tn = node_of_bus[b.t];
            if ((d.f == fn && d.t == tn) || (d.f == tn && d.t == fn)) {
                mine.push_back(k);
            }
        }
        if (mine.size() > 1) {
            cs.fail(gbr_t, mine[1], "parent_index", "a second gmd_branch row for mpc.branch row " + std::to_string(r + 1) +
                                                        " (the first is row " + std::to_string(mine[0] + 1) + ")");
        }
        if (type == "series_cap" && mine.empty()) {
            line.dc_blocked = true;  // a series capacitor: no DC path (epri21.m 5-21)
        } else if (type == "series_cap") {
            // PMGMD solves the DC network from gmd_branch alone: a series_cap with an in-service DC row passes
            // DC through it (epricase_aug2022_v22_fix.m: 5-21 is a 0.0005 ohm row), so the row is kept
            warn("series_cap_with_dc_row", line.id, "gmd_branch",
                 "type 'series_cap' but gmd_branch row " + std::to_string(mine[0] + 1) +
                     " gives it a DC resistance: modelled as that resistance, as PowerModelsGMD does (a real series capacitor "
                     "blocks DC)");
        } else if (mine.empty()) {
            line.dc_blocked = true;
            warn("line_no_dc", line.id, "gmd_branch", "no gmd_branch row for this line: it carries no DC (dc_blocked)");
        }
        if (!mine.empty()) {
            dc_used[mine[0]] = 1;
            const GmdBranchRow& d = dc[mine[0]];
            br_v = d.f == node_of_bus[b.f] ? d.v : -d.v;
            if (!d.in_service) {
                line.dc_blocked = true;
                warn("line_out_of_service", line.id, "gmd_branch", "br_status 0: the line carries no DC");
            }
            line.r_ohm = 3.0 * d.r;
            if (!(line.r_ohm >= min_resistance_ohm) || !std::isfinite(line.r_ohm)) {
                if (!line.dc_blocked) {
                    warn("line_r_default", line.id, "gmd_branch",
                         "br_r " + format_number(d.r) + ": using PowerModelsGMD's 0.0005 ohm (three phases lumped), 0.0015 ohm per phase");
                    line.assumed = "r_ohm";
                }
                line.r_ohm = 3.0 * 0.0005;
            }
        }
        out.branch_line[r] = net.lines.size();
        out.line_br_v.push_back(br_v);
        net.lines.push_back(line);
    }

    {
        std::size_t unused = 0;
        std::string first;
        for (std::size_t r = 0; r < dc.size(); ++r) {
            if (dc_used[r] == 0 && dc[r].parent_type != "bus") {
                ++unused;
                if (first.empty()) {
                    first = std::to_string(r + 1);
                }
            }
        }
        if (unused > 0) {
            warn("gmd_branch_unused", "", "gmd_branch",
                 std::to_string(unused) + " rows (the first is row " + first +
                     ") are neither a line of branch_gmd nor a winding it references: ignored");
        }
    }

    // Coordinates: bus_gmd lat lon, one row per mpc.bus row; a substation is at the mean of its buses.
    const Table* geo = cs.find("bus_gmd");
    if (geo == nullptr) {
        cs.fail_missing("bus_gmd", "the table is missing, so the substations have no coordinates and the line EMFs "
                                   "cannot be computed from geometry (this reader does not take the case's br_v as fixed EMFs)");
    }
    cs.check_widths(*geo);
    if (geo->rows.size() != n_case_buses) {
        cs.fail(*geo, static_cast<std::size_t>(-1), "",
                "the table has " + std::to_string(geo->rows.size()) + " rows, mpc.bus has " + std::to_string(n_case_buses) +
                    ": bus_gmd needs one row per bus");
    }
    const std::size_t c_lat = cs.column(*geo, "lat", true);
    const std::size_t c_lon = cs.column(*geo, "lon", true);
    std::vector<double> sum_lat(net.substations.size(), 0.0), sum_lon(net.substations.size(), 0.0);
    std::vector<std::size_t> count(net.substations.size(), 0);
    std::vector<GeoPoint> bus_point(n_case_buses);
    for (std::size_t b = 0; b < n_case_buses; ++b) {
        const double lat = cs.num(*geo, b, c_lat, "lat");
        const double lon = cs.num(*geo, b, c_lon, "lon");
        if (!std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90.0 || std::abs(lon) > 360.0) {
            cs.fail(*geo, b, std::abs(lat) > 90.0 || !std::isfinite(lat) ? "lat" : "lon",
                    "expected WGS84 degrees (|lat| <= 90, |lon| <= 360), got " + format_number(lat) + ", " + format_number(lon));
        }
        bus_point[b] = {lon, lat};
        const std::size_t s = net.buses[b].substation;
        sum_lat[s] += lat;
        sum_lon[s] += lon;
        ++count[s];
    }
    std::size_t spread = 0;
    for (std::size_t s = 0; s < net.substations.size(); ++s) {
        if (count[s] > 0) {
            net.substations[s].location = {sum_lon[s] / static_cast<double>(count[s]), sum_lat[s] / static_cast<double>(count[s])};
        }
    }
    for (std::size_t b = 0; b < n_case_buses; ++b) {
        const Displacement d = nerc_displacement(bus_point[b], net.substations[net.buses[b].substation].location);
        if (std::hypot(d.north_km, d.east_km) > 1.0) {
            ++spread;
        }
    }
    if (spread > 0) {
        warn("bus_location_spread", "", "bus_gmd",
             std::to_string(spread) + " buses lie more than 1 km from their substation's mean location, which the line EMFs use");
    }
    std::size_t zero_length = 0;
    for (std::size_t l = 0; l < net.lines.size(); ++l) {
        const Line& line = net.lines[l];
        const std::size_t a = net.buses[line.from_bus].substation;
        const std::size_t c = net.buses[line.to_bus].substation;
        const Displacement d = nerc_displacement(net.substations[a].location, net.substations[c].location);
        if (std::hypot(d.north_km, d.east_km) < 1e-6 && std::isfinite(out.line_br_v[l]) && std::abs(out.line_br_v[l]) > 0.01) {
            ++zero_length;
        }
    }
    if (zero_length > 0) {
        warn("emf_not_from_geometry", "", "bus_gmd",
             std::to_string(zero_length) + " lines have both ends at the same coordinates but a nonzero br_v in the case: "
             "their EMF from geometry is 0, so the field of this case must be given as fixed line EMFs (the case's br_v)");
    }

    validate_network(net, source);
    return out;
}

GridDataset read_matpower(const std::string& path, ProblemSink& problems) {
    return std::move(read_matpower_case(path, problems).grid);
}

// ---------------------------------------------------------------------------------------------
// Writer

namespace {

std::string quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'') {
            out += "''";
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string num(double v) {
    if (std::isnan(v)) {
        return "NaN";
    }
    if (std::isinf(v)) {
        return v > 0 ? "Inf" : "-Inf";
    }
    std::ostringstream s;
    s << std::setprecision(17) << v;
    return s.str();
}

bool positive_integer(const std::string& s) {
    return !s.empty() && s.size() < 16 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) && s != "0" &&
           s.front() != '0';
}

}  // namespace

void write_matpower(const Network& network, const std::string& path) {
    const double base_mva = 100.0;
    // Bus numbers: the ids when they are all positive integers and unique, else 1..n.
    bool numeric = true;
    std::set<std::string> seen;
    for (const Bus& b : network.buses) {
        numeric = numeric && positive_integer(b.id) && seen.insert(b.id).second;
    }
    std::vector<std::string> number(network.buses.size());
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        number[b] = numeric ? network.buses[b].id : std::to_string(b + 1);
    }
    const std::size_t n_sub = network.substations.size();
    // Substation ids are written as gmd_bus parent_index when all are distinct positive integers;
    // otherwise every substation row gets -1 and reads back with its row number as id.
    bool numeric_subs = true;
    std::set<std::string> sub_seen;
    for (const Substation& s : network.substations) {
        numeric_subs = numeric_subs && positive_integer(s.id) && sub_seen.insert(s.id).second;
    }
    auto sub_row = [](std::size_t s) { return s + 1; };
    auto bus_row = [&](std::size_t b) { return n_sub + b + 1; };

    // A MATPOWER-GMD case blocks a whole neutral (gmd_blocker): a substation cannot mix blocked and
    // unblocked units whose blocked neutral still joins two windings (gy_gy, auto). A blocked unit with
    // one grounded winding is written without its winding row (no DC path either way).
    std::vector<int> blocked_joined(n_sub, 0), open_units(n_sub, 0);
    auto single_winding = [](TransformerType type) {
        return type == TransformerType::gsu || type == TransformerType::gy_d || type == TransformerType::d_gy;
    };
    for (const Transformer& t : network.transformers) {
        if (!has_neutral_winding(t.type)) {
            continue;
        }
        const std::size_t s = network.substation_of(t);
        if (!t.neutral_blocked) {
            ++open_units[s];
        } else if (!single_winding(t.type)) {
            ++blocked_joined[s];
        }
    }
    for (std::size_t s = 0; s < n_sub; ++s) {
        if (blocked_joined[s] > 0 && open_units[s] > 0) {
            throw Error({"writers.matpower", path, "substations", network.substations[s].id, "neutral_blocked"},
                        "the substation mixes blocked and unblocked transformer neutrals: a MATPOWER-GMD case blocks a whole "
                        "neutral (gmd_blocker), so this cannot be written");
        }
    }

    std::ostringstream o;
    o << "% MATPOWER case with PowerModelsGMD tables, written by swxrisk (DC/GIC data only: r in mpc.branch is\n"
         "% derived from the DC resistances, x and b are placeholders; gmd_branch br_v is the EMF of a uniform\n"
         "% 1 V/km eastward field, PowerModelsGMD's default; swxrisk recomputes EMFs from bus_gmd on reading).\n"
         "function mpc = swxrisk_case\n"
         "mpc.version = '2';\n"
         "mpc.baseMVA = " << num(base_mva) << ";\n\n";
    o << "%% bus data\n%\tbus_i\ttype\tPd\tQd\tGs\tBs\tarea\tVm\tVa\tbaseKV\tzone\tVmax\tVmin\nmpc.bus = [\n";
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        const Bus& bus = network.buses[b];
        o << number[b] << "\t1\t0\t0\t0\t0\t1\t" << num(bus.vm_pu) << "\t0\t" << num(bus.kv) << "\t1\t1.1\t0.9;\n";
    }
    o << "];\n\n";
    struct BranchOut {
        std::size_t f, t;
        double r_pu;
    };
    std::vector<BranchOut> rows;
    for (const Line& l : network.lines) {
        const double zb = l.kv > 0 ? l.kv * l.kv / base_mva : network.buses[l.from_bus].kv * network.buses[l.from_bus].kv / base_mva;
        rows.push_back({l.from_bus, l.to_bus, l.dc_blocked || !std::isfinite(l.r_ohm) ? 0.0 : l.r_ohm / zb});
    }
    for (const Transformer& t : network.transformers) {
        const double kv = network.buses[t.hv_bus].kv;
        const double r = std::isfinite(t.r_hv_ohm) ? t.r_hv_ohm : 0.0;
        rows.push_back({t.hv_bus, t.lv_bus, 2.0 * r / (kv * kv / base_mva)});
    }
    o << "%% branch data\n%\tfbus\ttbus\tr\tx\tb\trateA\trateB\trateC\tratio\tangle\tstatus\tangmin\tangmax\nmpc.branch = [\n";
    for (const BranchOut& b : rows) {
        o << number[b.f] << "\t" << number[b.t] << "\t" << num(b.r_pu) << "\t0.01\t0\t0\t0\t0\t0\t0\t1\t-360\t360;\n";
    }
    o << "];\n\n";

    o << "%% gmd_bus data\n%column_names% parent_index status g_gnd sub name\nmpc.gmd_bus = {\n";
    for (std::size_t s = 0; s < n_sub; ++s) {
        const Substation& sub = network.substations[s];
        o << (numeric_subs ? sub.id : "-1") << "\t1\t" << (sub.grounding_ohm ? num(1.0 / *sub.grounding_ohm) : "NaN") << "\t-1\t"
          << quote("dc sub " + sub.id) << "\n";
    }
    for (std::size_t b = 0; b < network.buses.size(); ++b) {
        o << number[b] << "\t1\t0\t" << sub_row(network.buses[b].substation) << "\t" << quote("dc bus " + network.buses[b].id) << "\n";
    }
    o << "};\n\n";

    std::ostringstream dc;
    std::ostringstream bg;
    std::size_t dc_rows = 0;
    auto dc_row = [&](std::size_t f, std::size_t t, std::size_t parent, double r_phase, double v, double len, const std::string& name) {
        dc << f << "\t" << t << "\t'branch'\t" << parent << "\t1\t" << num(r_phase / 3.0) << "\t" << num(v) << "\t" << num(len) << "\t"
           << quote(name) << "\n";
        return ++dc_rows;
    };
    std::size_t parent = 0;
    const UniformField east = field_from_azimuth(1.0, 90.0);
    for (const Line& l : network.lines) {
        ++parent;
        const auto route = network.route(l);
        Displacement d;
        if (route.size() >= 2 && route.front().valid() && route.back().valid()) {
            d = nerc_displacement(route.front(), route.back());
        }
        if (l.dc_blocked) {
            bg << number[l.from_bus] << "\t" << number[l.to_bus] << "\t-1\t-1\t-1\t-1\t-1\t100\t'series_cap'\t'none'\n";
            continue;
        }
        dc_row(bus_row(l.from_bus), bus_row(l.to_bus), parent, l.r_ohm, emf_v(d, east), std::hypot(d.north_km, d.east_km), "dc " + l.id);
        bg << number[l.from_bus] << "\t" << number[l.to_bus] << "\t-1\t-1\t-1\t-1\t-1\t100\t'line'\t'none'\n";
    }
    std::vector<std::size_t> blocker_subs;
    for (const Transformer& t : network.transformers) {
        ++parent;
        const std::size_t s = network.substation_of(t);
        const std::size_t neutral = sub_row(s);
        long hi = -1, lo = -1, ser = -1, com = -1;
        std::string config;
        const bool blocked = t.neutral_blocked;
        switch (t.type) {
            case TransformerType::gsu:
            case TransformerType::gy_d:
                config = blocked ? "wye-delta" : "gwye-delta";
                if (!blocked) {
                    hi = static_cast<long>(dc_row(bus_row(t.hv_bus), neutral, parent, t.r_hv_ohm, 0.0, 0.0, "dc " + t.id + "_hi"));
                }
                break;
            case TransformerType::d_gy:
                config = blocked ? "delta-wye" : "delta-gwye";
                if (!blocked) {
                    lo = static_cast<long>(dc_row(bus_row(t.lv_bus), neutral, parent, t.r_lv_ohm, 0.0, 0.0, "dc " + t.id + "_lo"));
                }
                break;
            case TransformerType::gy_gy:
            case TransformerType::gy_gy_d:
                config = t.type == TransformerType::gy_gy ? "gwye-gwye" : "gwye-gwye-delta";
                hi = static_cast<long>(dc_row(bus_row(t.hv_bus), neutral, parent, t.r_hv_ohm, 0.0, 0.0, "dc " + t.id + "_hi"));
                lo = static_cast<long>(dc_row(bus_row(t.lv_bus), neutral, parent, t.r_lv_ohm, 0.0, 0.0, "dc " + t.id + "_lo"));
                break;
            case TransformerType::autotransformer:
                config = "gwye-gwye-auto";
                ser = static_cast<long>(dc_row(bus_row(t.hv_bus), bus_row(t.lv_bus), parent, t.r_hv_ohm, 0.0, 0.0, "dc " + t.id + "_series"));
                com = static_cast<long>(dc_row(bus_row(t.lv_bus), neutral, parent, t.r_lv_ohm, 0.0, 0.0, "dc " + t.id + "_common"));
                break;
            case TransformerType::d_d:
                config = "delta-delta";
                break;
        }
        if (blocked && (hi >= 0 || ser >= 0)) {  // a blocked unit that keeps its winding rows: block the neutral
            blocker_subs.push_back(s);
        }
        bg << number[t.hv_bus] << "\t" << number[t.lv_bus] << "\t" << hi << "\t" << lo << "\t"
           << (std::isfinite(t.k_factor) ? num(t.k_factor) : "-1") << "\t" << ser << "\t" << com << "\t100\t'xfmr'\t" << quote(config)
           << "\n";
    }
    o << "%% gmd_branch data\n%column_names% f_bus t_bus parent_type parent_index br_status br_r br_v len_km name\nmpc.gmd_branch = {\n"
      << dc.str() << "};\n\n";
    o << "%% branch_gmd data\n%column_names% hi_bus lo_bus gmd_br_hi gmd_br_lo gmd_k gmd_br_series gmd_br_common baseMVA type config\n"
         "mpc.branch_gmd = {\n"
      << bg.str() << "};\n\n";
    o << "%% bus_gmd data\n%column_names% lat lon\nmpc.bus_gmd = {\n";
    for (const Bus& b : network.buses) {
        const GeoPoint p = network.substations[b.substation].location;
        o << num(p.lat_deg) << "\t" << num(p.lon_deg) << "\n";
    }
    o << "};\n";
    std::sort(blocker_subs.begin(), blocker_subs.end());
    blocker_subs.erase(std::unique(blocker_subs.begin(), blocker_subs.end()), blocker_subs.end());
    if (!blocker_subs.empty()) {
        o << "\n%% gmd_blocker data\n%column_names% gmd_bus status\nmpc.gmd_blocker = [\n";
        for (const std::size_t s : blocker_subs) {
            o << sub_row(s) << "\t1;\n";
        }
        o << "];\n";
    }

    OutputFile file(path, true);
    {
        std::ofstream f(file.staged(), std::ios::binary);
        f << o.str();
        f.flush();
        if (!f) {
            throw Error({"writers.matpower", path, "", "", ""}, "cannot write the file");
        }
    }
    file.commit();
}

}  // namespace swx::io
