// PSS/E .raw (v32, v33) + .gic (GICFILEVRSN 3, 4) reader. docs/grid-format.md "PSS/E .raw + .gic"
// documents every field read, its mapping and each default with its source.
//
// Flow: parse_raw and parse_gic turn the two files into plain records (with their line numbers), then
// build_network joins them by bus number and (I, J, K, CKT), applies the defaults, and hands the
// network to validate_network. Every error names the file, the line, the record and the field.

#include <swx/io/psse_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/network/grid_build.hpp>
#include <swx/io/detail/psse_records.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace swx::io {

namespace {

using detail::PsseField;
using detail::PsseRecord;

constexpr const char* stage = "readers.psse";

// ---------------------------------------------------------------------------------------------------
// Reading lines and fields

[[noreturn]] void fail_at(const std::string& path, const std::string& section, std::size_t line, const std::string& record,
                          const std::string& field, const std::string& why) {
    std::string feature = "line " + std::to_string(line);
    if (!record.empty()) {
        feature += " (" + record + ")";
    }
    throw InputError({stage, path, section, feature, field}, why);
}

// Walks the lines of a file and tokenizes them.
class LineReader {
public:
    LineReader(const std::string& text, const std::string& path) : m_text(text), m_path(path) {}

    // The next line's text (without its end), or nullopt at the end of the file.
    std::optional<std::string_view> next_line() {
        if (m_pos >= m_text.size()) {
            return std::nullopt;
        }
        const std::size_t end = m_text.find('\n', m_pos);
        const std::size_t stop = end == std::string::npos ? m_text.size() : end;
        std::string_view line(m_text.data() + m_pos, stop - m_pos);
        m_pos = end == std::string::npos ? m_text.size() : end + 1;
        ++m_line;
        return line;
    }

    // The next record with at least one field (blank and comment-only lines are skipped), or false at
    // the end of the file. @throws InputError for an unclosed quote.
    bool next_record(PsseRecord& r, const std::string& section) {
        while (const auto line = next_line()) {
            if (!detail::tokenize_psse_line(*line, r)) {
                fail_at(m_path, section, m_line, "", "", "a quote (' or \") is not closed on this line");
            }
            r.line = m_line;
            if (!r.fields.empty()) {
                return true;
            }
        }
        return false;
    }

    [[nodiscard]] std::size_t line() const noexcept { return m_line; }
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }

private:
    const std::string& m_text;
    const std::string& m_path;
    std::size_t m_pos = 0;
    std::size_t m_line = 0;
};

bool is_terminator(const PsseRecord& r) { return !r.fields[0].quoted && r.fields[0].text == "0"; }
bool is_quit(const PsseRecord& r) {
    return !r.fields[0].quoted && (r.fields[0].text == "Q" || r.fields[0].text == "q");
}

// "END OF BUS DATA, BEGIN LOAD DATA" -> "BUS"; "" if the comment does not say.
std::string ended_section_name(std::string_view comment) {
    const std::string up = upper(comment);
    const std::size_t at = up.find("END OF ");
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t from = at + 7;
    const std::size_t data = up.find(" DATA", from);
    return trim(up.substr(from, data == std::string::npos ? std::string::npos : data - from));
}

// The fields of one record, with the names of its fields for messages.
class Fields {
public:
    Fields(const PsseRecord& r, const std::string& path, const std::string& section, const char* record)
        : m_r(r), m_path(path), m_section(section), m_prefix(record) {}
    Fields(const PsseRecord& r, const std::string& path, const std::string& section, const std::string& record)
        : m_r(r), m_path(path), m_section(section), m_owned(record), m_form(Form::owned) {}

    // The record's name for messages is built only when one is needed: "PREFIX N" ...
    void set_record_number(const char* prefix, long n) {
        m_prefix = prefix;
        m_a = n;
        m_form = Form::number;
    }
    // ... or "PREFIX I-J[-K] 'CKT'" (K 0: none).
    void set_record_key(const char* prefix, long i, long j, long k, std::string_view ckt) {
        m_prefix = prefix;
        m_a = i;
        m_b = j;
        m_c = k;
        m_ckt = ckt;
        m_form = Form::key;
    }
    [[nodiscard]] std::string record() const {
        switch (m_form) {
            case Form::owned: return m_owned;
            case Form::number: return m_prefix + std::to_string(m_a);
            case Form::key:
                return m_prefix + std::to_string(m_a) + "-" + std::to_string(m_b) +
                       (m_c != 0 ? "-" + std::to_string(m_c) : std::string()) + " '" + std::string(m_ckt) + "'";
            case Form::plain: break;
        }
        return m_prefix;
    }
    [[nodiscard]] std::size_t size() const noexcept { return m_r.fields.size(); }
    [[nodiscard]] bool given(std::size_t i) const { return i < m_r.fields.size() && !m_r.fields[i].text.empty(); }

    [[noreturn]] void fail(const std::string& field, const std::string& why) const {
        fail_at(m_path, m_section, m_r.line, record(), field, why);
    }

    // A required integer.
    [[nodiscard]] long integer(std::size_t i, const char* name) const {
        if (!given(i)) {
            fail(name, i < m_r.fields.size() ? "is empty: expected an integer" : "is missing: expected an integer");
        }
        return parse_integer(i, name);
    }
    [[nodiscard]] long integer_or(std::size_t i, const char* name, long fallback) const {
        return given(i) ? parse_integer(i, name) : fallback;
    }
    // A required number.
    [[nodiscard]] double number(std::size_t i, const char* name) const {
        if (!given(i)) {
            fail(name, i < m_r.fields.size() ? "is empty: expected a number" : "is missing: expected a number");
        }
        return parse_number(i, name);
    }
    [[nodiscard]] std::optional<double> number_opt(std::size_t i, const char* name) const {
        if (!given(i)) {
            return std::nullopt;
        }
        return parse_number(i, name);
    }
    [[nodiscard]] std::string text(std::size_t i) const {
        return i < m_r.fields.size() ? trim(m_r.fields[i].text) : std::string();
    }

private:
    [[nodiscard]] long parse_integer(std::size_t i, const char* name) const {
        const std::string_view t = m_r.fields[i].text;
        long v = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec == std::errc() && end == t.data() + t.size()) {
            return v;
        }
        // PSS/E writers sometimes give integers as "1.0".
        const double d = parse_number(i, name);
        if (d == std::floor(d) && std::abs(d) < 1e15) {
            return static_cast<long>(d);
        }
        fail(name, "expected an integer, got '" + std::string(t) + "'");
    }
    [[nodiscard]] double parse_number(std::size_t i, const char* name) const {
        std::string_view t = m_r.fields[i].text;
        if (!t.empty() && t.front() == '+') {
            t.remove_prefix(1);
        }
        double v = 0.0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) {
            fail(name, "expected a number, got '" + std::string(m_r.fields[i].text) + "'");
        }
        return v;
    }

    const PsseRecord& m_r;
    const std::string& m_path;
    const std::string& m_section;
    enum class Form { plain, owned, number, key };
    const char* m_prefix = "";
    std::string m_owned;
    Form m_form = Form::plain;
    long m_a = 0, m_b = 0, m_c = 0;
    std::string_view m_ckt;
};

std::string trimmed_ckt(std::string_view ckt) { return trim(ckt); }

// ---------------------------------------------------------------------------------------------------
// .raw

struct RawBus {
    long number = 0;
    std::string name;
    double kv = 0.0;
    long ide = 1;
    std::optional<double> vm;
    std::size_t line = 0;
};
struct RawGenerator {
    long bus = 0;
    bool in_service = true;
};
struct RawShunt {
    long bus = 0;
    std::string id;
    std::size_t line = 0;
};
struct RawBranch {
    long i = 0, j = 0;
    std::string ckt;
    double r_pu = 0.0;
    bool in_service = true;
    std::size_t line = 0;
};
struct RawTransformer {
    long i = 0, j = 0, k = 0;
    std::string ckt;
    long cz = 1;
    long stat = 1;
    std::string vecgrp;
    double r12 = 0.0, r23 = 0.0, r31 = 0.0;      // as given (pu, or W for CZ=3)
    double s12 = 0.0, s23 = 0.0, s31 = 0.0;      // winding MVA bases
    std::size_t line = 0;
};
struct RawCase {
    double sbase = 100.0;
    long version = 33;
    std::vector<RawBus> buses;
    std::vector<RawGenerator> generators;
    std::vector<RawShunt> shunts;
    std::vector<RawBranch> branches;
    std::vector<RawTransformer> transformers;
};

const char* const raw_section_names[] = {"BUS", "LOAD", "FIXED SHUNT", "GENERATOR", "BRANCH", "TRANSFORMER"};

// Reads one section's records up to its '0' terminator, calling `on_record` for each. The terminator
// comment, when it names a section, must name this one.
template <class OnRecord>
void read_section(LineReader& in, PsseRecord& r, const std::string& section, const std::vector<std::string>& names,
                  const std::vector<std::vector<std::string>>& all_names, OnRecord on_record) {
    while (true) {
        if (!in.next_record(r, section)) {
            fail_at(in.path(), section, in.line(), "", "",
                    "the file ends inside the " + section + " section: expected its records and a '0' record ending it");
        }
        if (is_quit(r)) {
            fail_at(in.path(), section, r.line, "", "",
                    "'Q' (end of data) inside the " + section + " section: the file is truncated");
        }
        if (is_terminator(r)) {
            if (r.fields.size() > 1) {
                fail_at(in.path(), section, r.line, "section end", "",
                        "data after the '0' that ends the " + section + " section: a section end is the single field 0");
            }
            const std::string said = ended_section_name(r.comment);
            if (!said.empty() && std::find(names.begin(), names.end(), said) == names.end()) {
                for (const auto& other : all_names) {
                    if (std::find(other.begin(), other.end(), said) != other.end()) {
                        fail_at(in.path(), section, r.line, "section end", "",
                                "sections are out of order: expected the end of the " + section +
                                    " section here, the comment says 'END OF " + said + " DATA'");
                    }
                }
            }
            return;
        }
        on_record(r);
    }
}

RawCase parse_raw(const std::string& text, const std::string& path) {
    RawCase c;
    LineReader in(text, path);
    PsseRecord r;
    const std::string header = "header";
    if (!in.next_record(r, header)) {
        fail_at(path, header, 1, "", "", "the file is empty: expected a PSS/E .raw case (IC, SBASE, REV, ...)");
    }
    {
        Fields f(r, path, header, "case identification");
        c.sbase = f.given(1) ? f.number(1, "SBASE") : 100.0;
        if (!(c.sbase > 0.0)) {
            f.fail("SBASE", "expected a system MVA base > 0, got " + format_number(c.sbase));
        }
        if (!f.given(2)) {
            f.fail("REV", "is empty: give the PSS/E version of the file (supported: 32, 33)");
        }
        c.version = f.integer(2, "REV");
        if (c.version != 32 && c.version != 33) {
            f.fail("REV", "PSS/E version " + std::to_string(c.version) +
                              " is not supported (supported: 32, 33; save the case as version 33)");
        }
    }
    // Lines 2 and 3 are free text.
    (void)in.next_line();
    (void)in.next_line();

    std::vector<std::vector<std::string>> all;
    for (const char* n : raw_section_names) {
        all.push_back({n});
    }
    std::vector<std::string> section_name(std::begin(raw_section_names), std::end(raw_section_names));
    auto sec = [&](std::size_t k) -> const std::string& { return section_name[k]; };

    read_section(in, r, sec(0), all[0], all, [&](const PsseRecord& rec) {
        Fields f(rec, path, sec(0), "bus");
        RawBus b;
        b.number = f.integer(0, "I");
        f.set_record_number("bus ", b.number);
        b.name = f.text(1);
        b.kv = f.given(2) ? f.number(2, "BASKV") : 0.0;
        b.ide = f.integer_or(3, "IDE", 1);
        b.vm = f.number_opt(7, "VM");
        b.line = rec.line;
        c.buses.push_back(std::move(b));
    });
    read_section(in, r, sec(1), all[1], all, [](const PsseRecord&) {});
    read_section(in, r, sec(2), all[2], all, [&](const PsseRecord& rec) {
        Fields f(rec, path, sec(2), "fixed shunt");
        c.shunts.push_back({f.integer(0, "I"), trimmed_ckt(f.text(1)), rec.line});
    });
    read_section(in, r, sec(3), all[3], all, [&](const PsseRecord& rec) {
        Fields f(rec, path, sec(3), "generator");
        RawGenerator g;
        g.bus = f.integer(0, "I");
        f.set_record_number("generator at bus ", g.bus);
        g.in_service = f.integer_or(14, "STAT", 1) != 0;
        c.generators.push_back(g);
    });
    read_section(in, r, sec(4), all[4], all, [&](const PsseRecord& rec) {
        Fields f(rec, path, sec(4), "branch");
        RawBranch b;
        b.i = f.integer(0, "I");
        b.j = std::abs(f.integer(1, "J"));  // a negative J marks the metered end
        b.ckt = trimmed_ckt(f.text(2));
        if (b.ckt.empty()) {
            b.ckt = "1";
        }
        f.set_record_key("branch ", b.i, b.j, 0, b.ckt);
        b.r_pu = f.given(3) ? f.number(3, "R") : 0.0;
        b.in_service = f.integer_or(13, "ST", 1) != 0;
        b.line = rec.line;
        c.branches.push_back(std::move(b));
    });
    // Transformers: 4 lines (two windings) or 5 (three windings) per record.
    const std::string xf = sec(5);
    while (true) {
        if (!in.next_record(r, xf)) {
            fail_at(path, xf, in.line(), "", "",
                    "the file ends inside the TRANSFORMER section: expected its records and a '0' record ending it");
        }
        if (is_quit(r)) {
            fail_at(path, xf, r.line, "", "", "'Q' (end of data) inside the TRANSFORMER section: the file is truncated");
        }
        if (is_terminator(r)) {
            if (r.fields.size() > 1) {
                fail_at(path, xf, r.line, "section end", "",
                        "data after the '0' that ends the TRANSFORMER section: a section end is the single field 0");
            }
            const std::string said = ended_section_name(r.comment);
            if (!said.empty() && said != "TRANSFORMER") {
                for (const auto& other : all) {
                    if (other[0] == said) {
                        fail_at(path, xf, r.line, "section end", "",
                                "sections are out of order: expected the end of the TRANSFORMER section here, the "
                                "comment says 'END OF " +
                                    said + " DATA'");
                    }
                }
            }
            break;
        }
        RawTransformer t;
        {
            Fields f(r, path, xf, "transformer");
            t.i = f.integer(0, "I");
            t.j = f.integer(1, "J");
            t.k = f.integer_or(2, "K", 0);
            t.ckt = trimmed_ckt(f.text(3));
            if (t.ckt.empty()) {
                t.ckt = "1";
            }
            f.set_record_key("transformer ", t.i, t.j, t.k, t.ckt);
            t.cz = f.integer_or(5, "CZ", 1);
            if (t.cz < 1 || t.cz > 3) {
                f.fail("CZ", "expected 1, 2 or 3, got " + std::to_string(t.cz));
            }
            t.stat = f.integer_or(11, "STAT", 1);
            if (c.version >= 33) {
                t.vecgrp = f.text(20);
            }
            t.line = r.line;
        }
        const int n_lines = t.k != 0 ? 4 : 3;
        for (int part = 0; part < n_lines; ++part) {
            if (!in.next_record(r, xf) || is_terminator(r) || is_quit(r)) {
                Fields named(r, path, xf, "transformer");
                named.set_record_key("transformer ", t.i, t.j, t.k, t.ckt);
                fail_at(path, xf, r.line, named.record(), "",
                        "the record ends early: a " + std::string(t.k != 0 ? "three" : "two") + "-winding transformer has " +
                            std::to_string(n_lines + 1) + " lines, found " + std::to_string(part + 1));
            }
            if (part == 0) {
                Fields f(r, path, xf, "transformer");
                f.set_record_key("transformer ", t.i, t.j, t.k, t.ckt);
                t.r12 = f.given(0) ? f.number(0, "R1-2") : 0.0;
                t.s12 = f.given(2) ? f.number(2, "SBASE1-2") : c.sbase;
                if (t.k != 0) {
                    t.r23 = f.given(3) ? f.number(3, "R2-3") : 0.0;
                    t.s23 = f.given(5) ? f.number(5, "SBASE2-3") : c.sbase;
                    t.r31 = f.given(6) ? f.number(6, "R3-1") : 0.0;
                    t.s31 = f.given(8) ? f.number(8, "SBASE3-1") : c.sbase;
                }
            }
        }
        c.transformers.push_back(std::move(t));
    }
    // The sections after TRANSFORMER (areas, DC lines, FACTS, switched shunts, ...) carry nothing the
    // DC model uses; they are not read.
    return c;
}

// ---------------------------------------------------------------------------------------------------
// .gic

struct GicSubstation {
    long number = 0;
    std::string name;
    double lat = not_a_number, lon = not_a_number;
    std::optional<double> rg;
    std::string earth_model;
    std::size_t line = 0;
};
struct GicBusSub {
    long bus = 0, sub = 0;
    std::size_t line = 0;
};
struct GicTransformer {
    long i = 0, j = 0, k = 0;
    std::string ckt;
    std::optional<double> wr[3];
    long bd[3] = {0, 0, 0};
    std::string vecgrp;
    std::optional<long> core;
    std::optional<double> kfactor;
    double grdr[3] = {0.0, 0.0, 0.0};
    std::size_t line = 0;
};
struct GicBranch {
    long i = 0, j = 0;
    std::string ckt;
    std::optional<double> rbrn;
    bool induced_given = false;
    std::size_t line = 0;
};
struct GicCase {
    long version = 3;
    std::vector<GicSubstation> substations;
    std::vector<GicBusSub> bus_subs;
    std::vector<GicTransformer> transformers;
    std::size_t fixed_shunts = 0;
    std::vector<GicBranch> branches;
    std::size_t earth_model_lines = 0;
    std::vector<std::pair<std::string, std::size_t>> v4_sections;  // name, records
    std::size_t excess_field_records = 0;
    std::size_t first_excess_line = 0;
    bool ended_early = false;  // 'Q' before the version's last section
};

const std::vector<std::vector<std::string>>& gic_section_names() {
    static const std::vector<std::vector<std::string>> names = {
        {"SUBSTATION"},
        {"BUS SUBSTATION"},
        {"TRANSFORMER"},
        {"BUS FIXED SHUNT", "FIXED SHUNT"},
        {"BRANCH"},
        {"USER EARTH MODEL", "EARTH MODEL"},
        {"SWITCHED SHUNT", "BUS SWITCHED SHUNT"},
        {"DC LINE", "TWO-TERMINAL DC", "TWO-TERMINAL DC LINE"},
        {"VSC", "VSC DC", "VSC DC LINE"},
        {"MULTI-TERMINAL DC", "MULTI-TERMINAL DC LINE"},
        {"FACTS", "FACTS DEVICE"},
        {"LOAD"},
    };
    return names;
}
const char* const gic_section_titles[] = {"SUBSTATION", "BUS SUBSTATION", "TRANSFORMER",       "FIXED SHUNT",
                                          "BRANCH",     "USER EARTH MODEL", "SWITCHED SHUNT", "TWO-TERMINAL DC",
                                          "VSC DC",     "MULTI-TERMINAL DC", "FACTS",          "LOAD"};

GicCase parse_gic(const std::string& text, const std::string& path) {
    GicCase g;
    LineReader in(text, path);
    const std::string header = "header";
    const auto first = in.next_line();
    if (!first) {
        fail_at(path, header, 1, "", "", "the file is empty: expected GICFILEVRSN=3 or GICFILEVRSN=4 on line 1");
    }
    {
        std::string h = upper(trim(*first));
        if (const std::size_t slash = h.find('/'); slash != std::string::npos) {
            h = trim(h.substr(0, slash));
        }
        h.erase(std::remove(h.begin(), h.end(), ' '), h.end());
        if (h.rfind("GICFILEVRSN=", 0) != 0) {
            fail_at(path, header, 1, "", "GICFILEVRSN",
                    "line 1 must be GICFILEVRSN=3 or GICFILEVRSN=4 (the PSS/E GIC data file version), got '" +
                        trim(*first) + "'");
        }
        const std::string v = h.substr(12);
        if (v == "3") {
            g.version = 3;
        } else if (v == "4") {
            g.version = 4;
        } else {
            fail_at(path, header, 1, "", "GICFILEVRSN",
                    "GIC data file version '" + v + "' is not supported (supported: 3, 4)");
        }
    }
    const auto& names = gic_section_names();
    const std::size_t n_sections = g.version == 3 ? 6 : 12;
    const std::size_t max_sub_fields = g.version == 3 ? 7 : 8;
    const std::size_t max_branch_fields = g.version == 3 ? 6 : 8;
    auto note_excess = [&](const PsseRecord& r, std::size_t max) {
        if (r.fields.size() > max) {
            if (g.excess_field_records++ == 0) {
                g.first_excess_line = r.line;
            }
        }
    };

    PsseRecord r;
    for (std::size_t s = 0; s < n_sections; ++s) {
        const std::string section = gic_section_titles[s];
        std::size_t records = 0;
        bool quit = false;
        while (true) {
            if (!in.next_record(r, section)) {
                if (s == 0 && records == 0 && g.substations.empty()) {
                    fail_at(path, section, in.line(), "", "", "the file has no SUBSTATION section");
                }
                fail_at(path, section, in.line(), "", "",
                        "the file ends inside the " + section +
                            " section: expected its records, a '0' record ending it, and 'Q' at the end of the file");
            }
            if (is_quit(r)) {
                // 'Q' ends the data: the remaining sections are empty. Only the optional trailing sections may be missing.
                if (s < 5) {
                    fail_at(path, section, r.line, "", "",
                            "'Q' (end of data) before the end of the " + section +
                                " section: the file is truncated (GICFILEVRSN=" + std::to_string(g.version) + " has " +
                                std::to_string(n_sections) + " sections)");
                }
                g.ended_early = true;
                quit = true;
                break;
            }
            if (is_terminator(r)) {
                break;  // (the earth-model section's free-form lines end with '0' too)
            }
            ++records;
            Fields f(r, path, section, "");
            switch (s) {
                case 0: {
                    GicSubstation sub;
                    sub.number = f.integer(0, "SUBSTATION");
                    f.set_record_number("substation ", sub.number);
                    sub.name = f.text(1);
                    sub.lat = f.number(3, "LAT");
                    sub.lon = f.number(4, "LONG");
                    if (std::abs(sub.lat) > 90.0 || std::abs(sub.lon) > 360.0) {
                        f.fail("LAT", "coordinates out of range: LAT " + format_number(sub.lat) + ", LONG " +
                                          format_number(sub.lon) + " (degrees)");
                    }
                    sub.rg = f.number_opt(5, "RG");
                    if (sub.rg && *sub.rg < 0.0) {
                        f.fail("RG", "expected a ground-grid resistance >= 0 ohm (0 = unknown), got " + format_number(*sub.rg));
                    }
                    sub.earth_model = f.text(6);
                    sub.line = r.line;
                    note_excess(r, max_sub_fields);
                    g.substations.push_back(std::move(sub));
                    break;
                }
                case 1: {
                    GicBusSub b;
                    b.bus = f.integer(0, "BUS");
                    f.set_record_number("bus ", b.bus);
                    b.sub = f.integer(1, "SUBSTATION");
                    b.line = r.line;
                    note_excess(r, 2);
                    g.bus_subs.push_back(b);
                    break;
                }
                case 2: {
                    GicTransformer t;
                    t.i = f.integer(0, "BUSI");
                    t.j = f.integer(1, "BUSJ");
                    t.k = f.integer_or(2, "BUSK", 0);
                    t.ckt = trimmed_ckt(f.text(3));
                    if (t.ckt.empty()) {
                        t.ckt = "1";
                    }
                    f.set_record_key("transformer ", t.i, t.j, t.k, t.ckt);
                    static const char* const wr[] = {"WRI", "WRJ", "WRK"};
                    static const char* const bd[] = {"GICBDI", "GICBDJ", "GICBDK"};
                    static const char* const gr[] = {"GRDRI", "GRDRJ", "GRDRK"};
                    for (int w = 0; w < 3; ++w) {
                        t.wr[w] = f.number_opt(4 + w, wr[w]);
                        if (t.wr[w] && *t.wr[w] < 0.0) {
                            f.fail(wr[w], "expected a winding resistance >= 0 ohm per phase (0 = from the .raw), got " +
                                              format_number(*t.wr[w]));
                        }
                        if (f.given(7 + w)) {
                            const double v = f.number(7 + w, bd[w]);
                            if (v != 0.0 && v != 1.0) {
                                f.fail(bd[w], "expected a blocking-device flag 0 or 1, got '" + f.text(7 + w) + "'");
                            }
                            t.bd[w] = static_cast<long>(v);
                        }
                        t.grdr[w] = f.number_opt(13 + w, gr[w]).value_or(0.0);
                        if (t.grdr[w] < 0.0) {
                            f.fail(gr[w], "expected a neutral grounding resistance >= 0 ohm, got " + format_number(t.grdr[w]));
                        }
                    }
                    t.vecgrp = f.text(10);
                    if (f.given(11)) {
                        t.core = f.integer(11, "CORE");
                    }
                    t.kfactor = f.number_opt(12, "KFACTOR");
                    if (t.kfactor && *t.kfactor < 0.0) {
                        f.fail("KFACTOR", "expected a K factor >= 0 (0 = default), got " + format_number(*t.kfactor));
                    }
                    t.line = r.line;
                    note_excess(r, 17);
                    g.transformers.push_back(std::move(t));
                    break;
                }
                case 3:
                    (void)f.integer(0, "BUS");
                    ++g.fixed_shunts;
                    break;
                case 4: {
                    GicBranch b;
                    b.i = f.integer(0, "BUSI");
                    b.j = std::abs(f.integer(1, "BUSJ"));
                    b.ckt = trimmed_ckt(f.text(2));
                    if (b.ckt.empty()) {
                        b.ckt = "1";
                    }
                    f.set_record_key("branch ", b.i, b.j, 0, b.ckt);
                    b.rbrn = f.number_opt(3, "RBRN");
                    if (b.rbrn && *b.rbrn < 0.0) {
                        f.fail("RBRN", "expected a DC resistance >= 0 ohm per phase (0 = from the .raw), got " +
                                           format_number(*b.rbrn));
                    }
                    const auto p = f.number_opt(4, "INDVP");
                    const auto q = f.number_opt(5, "INDVQ");
                    b.induced_given = (p && *p != 0.0) || (q && *q != 0.0);
                    if (g.version >= 4) {
                        (void)f.number_opt(6, "RLNSHI");
                        (void)f.number_opt(7, "RLNSHJ");
                    }
                    b.line = r.line;
                    note_excess(r, max_branch_fields);
                    g.branches.push_back(std::move(b));
                    break;
                }
                case 5: ++g.earth_model_lines; break;
                default: break;  // v4 sections: counted only
            }
        }
        if (!quit && r.fields.size() > 1 && is_terminator(r)) {
            fail_at(path, section, r.line, "section end", "",
                    "data after the '0' that ends the " + section + " section: a section end is the single field 0");
        }
        if (!quit) {
            const std::string said = ended_section_name(r.comment);
            const auto& mine = names[s];
            if (!said.empty() && std::find(mine.begin(), mine.end(), said) == mine.end()) {
                for (std::size_t o = 0; o < names.size(); ++o) {
                    if (o != s && std::find(names[o].begin(), names[o].end(), said) != names[o].end()) {
                        fail_at(path, section, r.line, "section end", "",
                                "sections are out of order: expected the end of the " + section +
                                    " section here, the comment says 'End of " + said + " data'");
                    }
                }
            }
        }
        if (s >= 6) {
            g.v4_sections.emplace_back(section, records);
        }
        if (quit) {
            return g;
        }
    }
    // After the last section only 'Q' (or the end of the file) may follow.
    if (in.next_record(r, "end")) {
        if (!is_quit(r)) {
            fail_at(path, "end", r.line, "", "",
                    is_terminator(r) ? "one section more than GICFILEVRSN=" + std::to_string(g.version) + " has (" +
                                           std::to_string(n_sections) + ", the last is " +
                                           gic_section_titles[n_sections - 1] + "): expected 'Q'"
                                     : "data after the last section: expected 'Q'");
        }
    }
    return g;
}

// ---------------------------------------------------------------------------------------------------
// Joining the two files

// Winding connection from a vector-group letter group.
enum class Winding { grounded_wye, ungrounded, auto_common };

struct VectorGroup {
    std::vector<Winding> windings;  // per winding in I, J, K order
};

// Parses "YNd1", "Dyn0", "YNyn0", "YNa0", "YNyn0d1", "YNautod1", "YNd1d1" ... @return nullopt if not understood.
std::optional<VectorGroup> parse_vector_group(std::string_view text) {
    VectorGroup g;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || (text[i] >= '0' && text[i] <= '9')) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j])) != 0) {
            ++j;
        }
        if (j == i) {
            return std::nullopt;  // neither a letter, a digit nor a blank (found by fuzz_psse_raw: it looped)
        }
        std::string group = lower(text.substr(i, j - i));
        i = j;
        // A group may hold two windings when no phase number separates them ("YNad1" is rare; split "ynd").
        while (!group.empty()) {
            if (group.rfind("auto", 0) == 0) {
                g.windings.push_back(Winding::auto_common);
                group.erase(0, 4);
            } else if (group.rfind("yn", 0) == 0 || group.rfind("zn", 0) == 0) {
                g.windings.push_back(Winding::grounded_wye);
                group.erase(0, 2);
            } else if (group[0] == 'y' || group[0] == 'z' || group[0] == 'd') {
                g.windings.push_back(Winding::ungrounded);
                group.erase(0, 1);
            } else if (group[0] == 'a') {
                g.windings.push_back(Winding::auto_common);
                group.erase(0, 1);
            } else {
                return std::nullopt;
            }
        }
    }
    if (g.windings.size() < 2 || g.windings.size() > 3) {
        return std::nullopt;
    }
    return g;
}

std::string pair_key(long a, long b, const std::string& ckt) {
    return std::to_string(a) + "-" + std::to_string(b) + "-" + ckt;
}
std::string triple_key(long a, long b, long c, const std::string& ckt) {
    return std::to_string(a) + "-" + std::to_string(b) + "-" + std::to_string(c) + "-" + ckt;
}


// Bus or substation number -> value: a flat vector over [lo, hi] (the numbers a file uses are mostly
// dense: PSS/E numbers buses 1..999997), a hash map for any number outside it.
template <class T>
class NumberMap {
public:
    NumberMap() = default;
    // `keys`: the numbers expected (their range sizes the vector when it is not much sparser than them).
    template <class It, class Key>
    NumberMap(It first, It last, Key key) {
        const std::size_t n = static_cast<std::size_t>(std::distance(first, last));
        if (n == 0) {
            return;
        }
        long lo = key(*first), hi = lo;
        for (It it = first; it != last; ++it) {
            lo = std::min(lo, key(*it));
            hi = std::max(hi, key(*it));
        }
        const unsigned long span = static_cast<unsigned long>(hi) - static_cast<unsigned long>(lo);
        if (span < 8 * n + 4096) {
            m_lo = lo;
            m_values.resize(span + 1);
            m_present.assign(span + 1, 0);
        }
    }
    // false (nothing changed) if `k` is in already.
    bool emplace(long k, const T& v) {
        if (const std::size_t s = slot(k); s != npos) {
            if (m_present[s] != 0) {
                return false;
            }
            m_present[s] = 1;
            m_values[s] = v;
            return true;
        }
        return m_other.emplace(k, v).second;
    }
    [[nodiscard]] const T* find(long k) const {
        if (const std::size_t s = slot(k); s != npos) {
            return m_present[s] != 0 ? &m_values[s] : nullptr;
        }
        const auto it = m_other.find(k);
        return it == m_other.end() ? nullptr : &it->second;
    }
    [[nodiscard]] bool contains(long k) const { return find(k) != nullptr; }
    [[nodiscard]] const T& at(long k) const {
        const T* v = find(k);
        if (v == nullptr) {
            throw std::out_of_range("NumberMap::at");
        }
        return *v;
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    [[nodiscard]] std::size_t slot(long k) const {
        if (m_values.empty() || k < m_lo) {
            return npos;
        }
        const unsigned long d = static_cast<unsigned long>(k) - static_cast<unsigned long>(m_lo);
        return d < m_values.size() ? static_cast<std::size_t>(d) : npos;
    }
    long m_lo = 0;
    std::vector<T> m_values;
    std::vector<char> m_present;
    std::unordered_map<long, T> m_other;
};

// A branch (K 0) or transformer key: its bus numbers and circuit id (a view into the record).
struct ElementKey {
    long a = 0, b = 0, c = 0;
    std::string_view ckt;
    bool operator==(const ElementKey& o) const { return a == o.a && b == o.b && c == o.c && ckt == o.ckt; }
};
struct ElementKeyHash {
    std::size_t operator()(const ElementKey& k) const noexcept {
        std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over the circuit id (one or two characters)
        for (const char ch : k.ckt) {
            h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
        }
        for (const long v : {k.a, k.b, k.c}) {
            h = (h ^ static_cast<std::uint64_t>(v)) * 0x9e3779b97f4a7c15ULL;
            h ^= h >> 29;
        }
        return static_cast<std::size_t>(h);
    }
};

// ElementKey -> position in the order added, by open addressing over (hash, position) slots: no node
// per key (the hash maps' nodes were cache misses on 100k-element cases).
class KeyIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    explicit KeyIndex(std::size_t expected) {
        m_keys.reserve(expected);
        rehash(expected);
    }
    // Adds `k` at position size() and returns npos, or returns the position it has already.
    std::size_t insert(const ElementKey& k) {
        if (2 * (m_keys.size() + 1) > m_slots.size()) {
            rehash(2 * m_keys.size() + 1);
        }
        const std::size_t h = ElementKeyHash()(k);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            Slot& slot = m_slots[i];
            if (slot.position == 0) {
                m_keys.push_back(k);
                slot = {h, m_keys.size()};
                return npos;
            }
            if (slot.hash == h && m_keys[slot.position - 1] == k) {
                return slot.position - 1;
            }
        }
    }
    [[nodiscard]] std::size_t find(const ElementKey& k) const {
        const std::size_t h = ElementKeyHash()(k);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.position == 0) {
                return npos;
            }
            if (slot.hash == h && m_keys[slot.position - 1] == k) {
                return slot.position - 1;
            }
        }
    }

private:
    struct Slot {
        std::size_t hash = 0;
        std::size_t position = 0;  // 1-based; 0 = empty
    };
    void rehash(std::size_t n) {
        std::size_t cap = 16;
        while (cap < 2 * n + 2) {
            cap *= 2;
        }
        m_slots.assign(cap, Slot{});
        m_mask = cap - 1;
        for (std::size_t p = 0; p < m_keys.size(); ++p) {
            const std::size_t h = ElementKeyHash()(m_keys[p]);
            std::size_t i = h & m_mask;
            while (m_slots[i].position != 0) {
                i = (i + 1) & m_mask;
            }
            m_slots[i] = {h, p + 1};
        }
    }
    std::vector<ElementKey> m_keys;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
};

// Collects the elements that got one default, and reports them: one warning per element up to a few,
// else one summary naming the first (like the EMTF reader).
class DefaultLog {
public:
    static constexpr std::size_t max_single = 5;
    void add(std::string_view code, const std::string& id) {
        auto at = m_entries.find(code);  // no std::string per call: this runs for most elements
        if (at == m_entries.end()) {
            at = m_entries.emplace(std::string(code), Entry{}).first;
        }
        Entry& e = at->second;
        if (e.first.size() <= max_single) {
            e.first.push_back(id);
        }
        ++e.count;
    }
    void report(ProblemSink& problems, const std::string& location, const std::map<std::string, std::string>& what) const {
        for (const auto& [code, e] : m_entries) {
            const std::string& text = what.at(code);
            if (e.count <= max_single) {
                for (const auto& id : e.first) {
                    problems.warn(code, id, location, text);
                }
                continue;
            }
            std::string names;
            for (std::size_t k = 0; k < max_single; ++k) {
                names += (k ? ", " : "") + e.first[k];
            }
            problems.warn(code, "", location, std::to_string(e.count) + " elements (" + names + ", ...): " + text);
        }
    }

private:
    struct Entry {
        std::vector<std::string> first;  // the first few ids
        std::size_t count = 0;
    };
    std::map<std::string, Entry, std::less<>> m_entries;
};

void append_assumed(std::string& assumed, const char* field) {
    if (!assumed.empty()) {
        assumed += ',';
    }
    assumed += field;
}

// PowerWorld's blank-vector-group rules (README §1.5; docs/grid-format.md): the kV below which a side
// is "distribution" and the largest HV/LV ratio of an autotransformer.
constexpr double default_rules_kv_min = 50.0;
constexpr double default_rules_auto_max_ratio = 4.0;
// PowerModelsGMD's resistances when the raw impedance is zero too (README §1.5): line 0.0005 ohm and
// winding 0.25 ohm in its three-phase-lumped DC network, i.e. three times that per phase.
constexpr double default_line_r_ohm = 3.0 * 0.0005;
constexpr double default_winding_r_ohm = 3.0 * 0.25;
static_assert(default_winding_r_ohm == default_winding_ohm, "one default winding resistance (core/network/network.hpp)");

TransformerCore core_from_code(long code, bool& known) {
    known = true;
    switch (code) {
        case 0: return TransformerCore::unknown;
        case 1: return TransformerCore::single_phase;
        case 2: return TransformerCore::shell;
        case 3: return TransformerCore::three_leg;
        case 5: return TransformerCore::five_leg;
        case 7: return TransformerCore::seven_leg;
        default: known = false; return TransformerCore::unknown;
    }
}

GridDataset build_network(const RawCase& raw, const GicCase& gic, const std::string& raw_path, const std::string& gic_path,
                          ProblemSink& problems) {
    GridDataset out;
    Network& net = out.network;
    out.source.path = raw_path;
    out.source.substations_file = gic_path;
    out.source.buses_file = raw_path;
    out.source.transformers_file = raw_path;
    out.source.lines_file = raw_path;
    DefaultLog defaults;

    // Substations (.gic).
    NumberMap<std::size_t> sub_index(gic.substations.begin(), gic.substations.end(),
                                     [](const GicSubstation& s) { return s.number; });
    net.substations.reserve(gic.substations.size());
    for (const auto& s : gic.substations) {
        if (!sub_index.emplace(s.number, net.substations.size())) {
            fail_at(gic_path, "SUBSTATION", s.line, "substation " + std::to_string(s.number), "SUBSTATION",
                    "duplicate substation number " + std::to_string(s.number));
        }
        Substation sub;
        sub.id = std::to_string(s.number);
        sub.name = s.name;
        sub.location = {s.lon > 180.0 ? s.lon - 360.0 : s.lon, s.lat};
        if (s.rg && *s.rg > 0.0) {
            sub.grounding_ohm = *s.rg;
        } else {
            append_assumed(sub.assumed, "grounding_ohm");
            defaults.add("psse_grounding_default", sub.id);
        }
        sub.earth_model = s.earth_model;
        net.substations.push_back(std::move(sub));
    }

    // Raw buses, and which .gic substation holds each.
    const auto bus_number = [](const RawBus& b) { return b.number; };
    NumberMap<const RawBus*> raw_bus(raw.buses.begin(), raw.buses.end(), bus_number);
    for (const auto& b : raw.buses) {
        if (!raw_bus.emplace(b.number, &b)) {
            fail_at(raw_path, "BUS", b.line, "bus " + std::to_string(b.number), "I",
                    "duplicate bus number " + std::to_string(b.number));
        }
    }
    NumberMap<std::size_t> bus_sub(raw.buses.begin(), raw.buses.end(), bus_number);
    for (const auto& bs : gic.bus_subs) {
        const auto rec = [&] { return "bus " + std::to_string(bs.bus); };
        const std::size_t* s = sub_index.find(bs.sub);
        if (s == nullptr) {
            fail_at(gic_path, "BUS SUBSTATION", bs.line, rec(), "SUBSTATION",
                    "substation " + std::to_string(bs.sub) + " is not in the SUBSTATION section");
        }
        if (!raw_bus.contains(bs.bus)) {
            fail_at(gic_path, "BUS SUBSTATION", bs.line, rec(), "BUS",
                    "bus " + std::to_string(bs.bus) + " is not in the .raw '" + raw_path +
                        "': the .gic does not match its .raw");
        }
        if (!bus_sub.emplace(bs.bus, *s)) {
            fail_at(gic_path, "BUS SUBSTATION", bs.line, rec(), "BUS", "duplicate record for bus " + std::to_string(bs.bus));
        }
    }

    // Buses are added when an in-service element uses them (in the .raw's order at the end).
    NumberMap<std::size_t> bus_index(raw.buses.begin(), raw.buses.end(), bus_number);
    NumberMap<char> used(raw.buses.begin(), raw.buses.end(), bus_number);
    auto require_bus = [&](long number, const std::string& file, const char* section, std::size_t line,
                           const char* kind, const std::string& id, const char* field) -> const RawBus& {
        const RawBus* const* b = raw_bus.find(number);
        if (b == nullptr || !bus_sub.contains(number)) {
            const std::string record = std::string(kind) + " " + id;
            if (b != nullptr) {
                fail_at(gic_path, "BUS SUBSTATION", 0, "bus " + std::to_string(number), "BUS",
                        "bus " + std::to_string(number) + " (used by " + record + ", " + file + " line " +
                            std::to_string(line) + ") has no BUS SUBSTATION record: the .gic does not match its .raw");
            }
            fail_at(file, section, line, record, field,
                    "bus " + std::to_string(number) + " is not in the .raw BUS section" +
                        (file == gic_path ? ": the .gic does not match its .raw" : ""));
        }
        return **b;
    };
    // A bus with a generator record, in service or not, marks a GSU for the default rules: PowerWorld
    // resolves ACTIVSg200's units to out-of-service machines as GSUs too (README §4.7 .m export).
    NumberMap<char> generator_buses(raw.buses.begin(), raw.buses.end(), bus_number);
    for (const auto& g : raw.generators) {
        generator_buses.emplace(g.bus, 1);
    }

    // .gic branch and transformer records by key.
    KeyIndex gic_branch(gic.branches.size());  // position = index in gic.branches (a duplicate throws)
    for (const auto& b : gic.branches) {
        if (gic_branch.insert(ElementKey{b.i, b.j, 0, b.ckt}) != KeyIndex::npos) {
            fail_at(gic_path, "BRANCH", b.line, "branch " + pair_key(b.i, b.j, b.ckt), "CKT", "duplicate branch record");
        }
    }
    KeyIndex gic_xf(gic.transformers.size());  // position = index in gic.transformers
    for (const auto& t : gic.transformers) {
        if (gic_xf.insert(ElementKey{t.i, t.j, t.k, t.ckt}) != KeyIndex::npos) {
            fail_at(gic_path, "TRANSFORMER", t.line, "transformer " + triple_key(t.i, t.j, t.k, t.ckt), "CKT",
                    "duplicate transformer record");
        }
    }
    std::vector<char> branch_matched(gic.branches.size(), 0);
    std::vector<char> xf_matched(gic.transformers.size(), 0);

    std::size_t out_branches = 0, out_transformers = 0;
    std::size_t induced_ignored = 0;

    // Lines.
    struct PendingLine {
        Line line;
        long from = 0, to = 0;
    };
    std::vector<PendingLine> lines;
    lines.reserve(raw.branches.size());
    KeyIndex line_ids(raw.branches.size());
    for (const auto& b : raw.branches) {
        const std::string id = std::to_string(b.i) + "-" + std::to_string(b.j) + "-" + b.ckt;  // pair_key(I, J, CKT)
        const auto rec = [&] { return "branch " + id; };
        // The same circuit written either way round (I-J or J-I with one CKT) is a duplicate too.
        if (line_ids.insert(ElementKey{std::min(b.i, b.j), std::max(b.i, b.j), 0, b.ckt}) != KeyIndex::npos) {
            fail_at(raw_path, "BRANCH", b.line, rec(), "CKT", "duplicate branch " + id + " (same buses and circuit id)");
        }
        const GicBranch* gb = nullptr;
        if (const std::size_t at = gic_branch.find(ElementKey{b.i, b.j, 0, b.ckt}); at != KeyIndex::npos) {
            gb = &gic.branches[at];
        } else if (const std::size_t at2 = gic_branch.find(ElementKey{b.j, b.i, 0, b.ckt}); at2 != KeyIndex::npos) {
            gb = &gic.branches[at2];
        }
        if (gb) {
            branch_matched[static_cast<std::size_t>(gb - gic.branches.data())] = 1;
        }
        const RawBus& bi = require_bus(b.i, raw_path, "BRANCH", b.line, "branch", id, "I");
        const RawBus& bj = require_bus(b.j, raw_path, "BRANCH", b.line, "branch", id, "J");
        if (!b.in_service || bi.ide == 4 || bj.ide == 4) {
            ++out_branches;
            continue;
        }
        if (b.i == b.j) {
            fail_at(raw_path, "BRANCH", b.line, rec(), "J", "both ends are bus " + std::to_string(b.i));
        }
        PendingLine p;
        p.from = b.i;
        p.to = b.j;
        p.line.id = id;
        p.line.kv = bi.kv;
        if (gb && gb->rbrn && *gb->rbrn > 0.0) {
            p.line.r_ohm = *gb->rbrn;
        } else if (b.r_pu > 0.0) {
            if (!(bi.kv > 0.0)) {
                fail_at(raw_path, "BUS", bi.line, "bus " + std::to_string(bi.number), "BASKV",
                        "expected a base voltage > 0 kV (bus of " + rec() + ")");
            }
            p.line.r_ohm = b.r_pu * bi.kv * bi.kv / raw.sbase;
        } else {
            if (b.r_pu < 0.0) {
                fail_at(raw_path, "BRANCH", b.line, rec(), "R", "expected a resistance >= 0 pu, got " + format_number(b.r_pu));
            }
            p.line.r_ohm = default_line_r_ohm;
            append_assumed(p.line.assumed, "r_ohm");
            defaults.add("psse_line_r_default", id);
        }
        if (gb && gb->induced_given) {
            ++induced_ignored;
        }
        used.emplace(b.i, 1);
        used.emplace(b.j, 1);
        lines.push_back(std::move(p));
    }
    for (const auto& b : gic.branches) {
        if (branch_matched[static_cast<std::size_t>(&b - gic.branches.data())] == 0) {
            fail_at(gic_path, "BRANCH", b.line, "branch " + pair_key(b.i, b.j, b.ckt), "CKT",
                    "branch " + pair_key(b.i, b.j, b.ckt) + " is not in the .raw BRANCH section: the .gic does not match its .raw");
        }
    }

    // Transformers.
    struct PendingTransformer {
        Transformer t;
        long hv = 0, lv = 0;
    };
    std::vector<PendingTransformer> transformers;
    transformers.reserve(raw.transformers.size());
    std::unordered_set<std::string> xf_ids;  // by id: "1-2-3-4" is both (1, 2, CKT '3-4') and (1, 2, 3, CKT '4')
    xf_ids.reserve(raw.transformers.size());
    std::size_t grdr_series = 0;
    std::vector<std::string> grdr_ignored;
    std::vector<std::string> split_substation;
    for (const auto& rt : raw.transformers) {
        const bool three = rt.k != 0;
        const std::string id = std::to_string(rt.i) + "-" + std::to_string(rt.j) + (three ? "-" + std::to_string(rt.k) : "") +
                               "-" + rt.ckt;
        const auto rec = [&] { return "transformer " + id; };
        if (!xf_ids.insert(id).second) {
            fail_at(raw_path, "TRANSFORMER", rt.line, rec(), "CKT", "duplicate transformer " + id + " (same buses and circuit id)");
        }
        const long nums[3] = {rt.i, rt.j, rt.k};
        // The .gic record, in the .raw's winding order or with I and J exchanged.
        const GicTransformer* gt = nullptr;
        bool swapped = false;
        if (const std::size_t at = gic_xf.find(ElementKey{rt.i, rt.j, rt.k, rt.ckt}); at != KeyIndex::npos) {
            gt = &gic.transformers[at];
        } else if (const std::size_t at2 = gic_xf.find(ElementKey{rt.j, rt.i, rt.k, rt.ckt}); at2 != KeyIndex::npos) {
            gt = &gic.transformers[at2];
            swapped = true;
        }
        if (gt) {
            xf_matched[static_cast<std::size_t>(gt - gic.transformers.data())] = 1;
        }
        const RawBus* wb[3] = {&require_bus(rt.i, raw_path, "TRANSFORMER", rt.line, "transformer", id, "I"),
                               &require_bus(rt.j, raw_path, "TRANSFORMER", rt.line, "transformer", id, "J"), nullptr};
        if (three) {
            wb[2] = &require_bus(rt.k, raw_path, "TRANSFORMER", rt.line, "transformer", id, "K");
        }
        // Out of service: STAT 0; a three-winding unit with winding 1 or 2 out (STAT 4 or 2) loses its DC path
        // between I and J and is left out too; STAT 3 (winding 3 out) keeps I and J.
        const bool in_service = rt.stat == 1 || (three && rt.stat == 3);
        if (!in_service || wb[0]->ide == 4 || wb[1]->ide == 4) {
            ++out_transformers;
            continue;
        }
        if (rt.i == rt.j) {
            fail_at(raw_path, "TRANSFORMER", rt.line, rec(), "J", "both windings are on bus " + std::to_string(rt.i));
        }
        for (int w = 0; w < (three ? 3 : 2); ++w) {
            if (!(wb[w]->kv > 0.0)) {
                fail_at(raw_path, "BUS", wb[w]->line, "bus " + std::to_string(wb[w]->number), "BASKV",
                        "expected a base voltage > 0 kV (winding bus of " + rec() + ")");
            }
        }
        // .gic fields per winding in .raw order (I, J, K).
        std::optional<double> wr[3];
        long bd[3] = {0, 0, 0};
        double grdr[3] = {0.0, 0.0, 0.0};
        if (gt) {
            for (int w = 0; w < 3; ++w) {
                const int src = (swapped && w < 2) ? 1 - w : w;
                wr[w] = gt->wr[src];
                bd[w] = gt->bd[src];
                grdr[w] = gt->grdr[src];
            }
        } else {
            defaults.add("psse_gic_record_missing", id);
        }
        PendingTransformer p;
        Transformer& t = p.t;
        t.id = id;

        // Vector group: the .gic's, else the .raw's, else PowerWorld's default rules.
        std::string vg_text = gt ? gt->vecgrp : std::string();
        if (swapped && !vg_text.empty()) {
            fail_at(gic_path, "TRANSFORMER", gt->line, rec(), "VECGRP",
                    "the record gives the windings as " + std::to_string(rt.j) + ", " + std::to_string(rt.i) +
                        " but the .raw as " + std::to_string(rt.i) + ", " + std::to_string(rt.j) +
                        ": with a vector group the winding order must match the .raw");
        }
        if (vg_text.empty()) {
            vg_text = rt.vecgrp;
        }
        std::vector<Winding> kind;
        if (!vg_text.empty()) {
            const auto vg = parse_vector_group(vg_text);
            if (!vg || vg->windings.size() < (three ? 3u : 2u)) {
                const bool from_gic = gt && !gt->vecgrp.empty();
                fail_at(from_gic ? gic_path : raw_path, "TRANSFORMER", from_gic ? gt->line : rt.line, rec(), "VECGRP",
                        "vector group '" + vg_text + "' is not understood (expected e.g. YNd1, Dyn1, YNyn0, YNa0, " +
                            std::string(three ? "YNyn0d1" : "YNyn0") + ")");
            }
            kind = vg->windings;
            if (kind[0] == Winding::auto_common) {
                kind[0] = Winding::grounded_wye;
            }
        }
        // HV and LV windings among I and J.
        const int hv_w = wb[0]->kv >= wb[1]->kv ? 0 : 1;
        const int lv_w = 1 - hv_w;
        const double kv_hv = wb[hv_w]->kv, kv_lv = wb[lv_w]->kv;
        const double ratio = kv_hv / kv_lv;
        const bool gen_hv = generator_buses.contains(nums[hv_w]);
        const bool gen_lv = generator_buses.contains(nums[lv_w]);
        bool is_auto = false;
        if (kind.empty()) {
            append_assumed(t.assumed, "type");
            defaults.add("psse_vector_group_default", id);
            kind.assign(three ? 3 : 2, Winding::ungrounded);
            if (gen_lv || gen_hv) {
                kind[gen_lv ? hv_w : lv_w] = Winding::grounded_wye;  // GSU: delta on the generator side
            } else if (kv_lv < default_rules_kv_min) {
                kind[lv_w] = Winding::grounded_wye;  // Dyn: delta HV, grounded-wye LV
            } else {
                kind[0] = kind[1] = Winding::grounded_wye;
                is_auto = ratio <= default_rules_auto_max_ratio && ratio != 1.0;
            }
        } else {
            is_auto = kind[1] == Winding::auto_common;
            if (is_auto) {
                kind[1] = Winding::grounded_wye;
            }
        }
        if (three && kind[2] == Winding::grounded_wye) {
            fail_at(gt ? gic_path : raw_path, "TRANSFORMER", gt ? gt->line : rt.line, rec(), "VECGRP",
                    "three-winding transformer " + id + " has a grounded-wye tertiary (vector group '" + vg_text +
                        "'): the network model represents two grounded windings of a unit (give the tertiary as delta, d)");
        }
        const bool g_hv = kind[hv_w] == Winding::grounded_wye;
        const bool g_lv = kind[lv_w] == Winding::grounded_wye;
        if (is_auto) {
            t.type = TransformerType::autotransformer;
        } else if (g_hv && g_lv) {
            const bool delta_tertiary = kind.size() == 3 && kind[2] == Winding::ungrounded;
            t.type = delta_tertiary ? TransformerType::gy_gy_d : TransformerType::gy_gy;
        } else if (g_hv) {
            t.type = gen_lv ? TransformerType::gsu : TransformerType::gy_d;
        } else if (g_lv) {
            t.type = TransformerType::d_gy;
        } else {
            t.type = TransformerType::d_d;
        }

        // Winding resistances: the .gic's, else from the .raw impedance as PowerWorld does (README §1.5).
        // Star resistances in pu on the system base: two windings R1 = R2 = R1-2/2; three windings from
        // R1-2, R2-3, R3-1.
        auto to_system_pu = [&](double r, double s_base) {
            if (rt.cz == 3) {
                return r / (s_base * 1e6) * raw.sbase / s_base;  // load loss in W on the winding base
            }
            return rt.cz == 2 ? r * raw.sbase / s_base : r;
        };
        double star_pu[3];
        if (three) {
            const double r12 = to_system_pu(rt.r12, rt.s12), r23 = to_system_pu(rt.r23, rt.s23),
                         r31 = to_system_pu(rt.r31, rt.s31);
            star_pu[0] = 0.5 * (r12 + r31 - r23);
            star_pu[1] = 0.5 * (r12 + r23 - r31);
            star_pu[2] = 0.5 * (r23 + r31 - r12);
        } else {
            star_pu[0] = star_pu[1] = 0.5 * to_system_pu(rt.r12, rt.s12);
            star_pu[2] = 0.0;
        }
        const double r_hv_default = star_pu[hv_w] > 0.0 ? star_pu[hv_w] * kv_hv * kv_hv / raw.sbase : default_winding_r_ohm;
        const double r_lv_default = r_hv_default / (is_auto ? (ratio - 1.0) * (ratio - 1.0) : ratio * ratio);
        const bool hv_dc = hv_winding_carries_dc(t.type), lv_dc = lv_winding_carries_dc(t.type);
        bool defaulted = false;
        if (wr[hv_w] && *wr[hv_w] > 0.0) {
            t.r_hv_ohm = *wr[hv_w];
        } else if (hv_dc) {
            t.r_hv_ohm = r_hv_default;
            append_assumed(t.assumed, "r_hv_ohm");
            defaulted = true;
        }
        if (wr[lv_w] && *wr[lv_w] > 0.0) {
            t.r_lv_ohm = *wr[lv_w];
        } else if (lv_dc) {
            t.r_lv_ohm = is_auto && ratio <= 1.0 ? default_winding_r_ohm : r_lv_default;
            append_assumed(t.assumed, "r_lv_ohm");
            defaulted = true;
        }
        if (defaulted) {
            defaults.add("psse_winding_r_default", id);
        }

        // Blocking devices and neutral grounding resistors of the grounded windings.
        const bool grounded[2] = {kind[0] == Winding::grounded_wye, kind[1] == Winding::grounded_wye};
        for (int w = 0; w < 2; ++w) {
            if (grounded[w] && bd[w] != 0) {
                t.neutral_blocked = true;
            }
        }
        const double grdr_hv = grounded[hv_w] ? grdr[hv_w] : 0.0;
        const double grdr_lv = grounded[lv_w] ? grdr[lv_w] : 0.0;
        if (grdr_hv > 0.0 || grdr_lv > 0.0) {
            // One grounded winding: the resistor carries that winding's three phase currents, so it adds
            // 3·GRDR per phase in series. Two windings sharing the neutral: not representable.
            if ((t.type == TransformerType::gsu || t.type == TransformerType::gy_d) && grdr_lv == 0.0) {
                t.r_hv_ohm += 3.0 * grdr_hv;
                ++grdr_series;
            } else if (t.type == TransformerType::d_gy && grdr_hv == 0.0) {
                t.r_lv_ohm += 3.0 * grdr_lv;
                ++grdr_series;
            } else {
                grdr_ignored.push_back(id);
            }
        }

        // Core design and K.
        if (gt && gt->core) {
            bool known = true;
            t.core = core_from_code(*gt->core, known);
            if (!known) {
                problems.warn("psse_core_unknown", id, gic_path,
                              "CORE " + std::to_string(*gt->core) +
                                  " is not a known core design code (0, 1, 2, 3, 5, 7): the core is taken as unknown");
            }
        }
        if (gt && gt->kfactor && *gt->kfactor > 0.0) {
            t.k_factor = *gt->kfactor * 2.0 * std::sqrt(2.0 / 3.0);
        } else {
            append_assumed(t.assumed, "k_factor");
            defaults.add("psse_k_factor_default", id);
        }
        if (bus_sub.at(nums[0]) != bus_sub.at(nums[1])) {
            split_substation.push_back(id);
        }
        p.hv = nums[hv_w];
        p.lv = nums[lv_w];
        t.qloss_v_at_lv = hv_w != 0;  // PowerWorld takes the Qloss voltage at BUSI (the from bus)
        used.emplace(p.hv, 1);
        used.emplace(p.lv, 1);
        transformers.push_back(std::move(p));
    }
    for (const auto& t : gic.transformers) {
        if (xf_matched[static_cast<std::size_t>(&t - gic.transformers.data())] == 0) {
            fail_at(gic_path, "TRANSFORMER", t.line, "transformer " + triple_key(t.i, t.j, t.k, t.ckt), "CKT",
                    "transformer " + triple_key(t.i, t.j, t.k, t.ckt) +
                        " is not in the .raw TRANSFORMER section: the .gic does not match its .raw");
        }
    }

    // Buses, in the .raw's order.
    net.buses.reserve(raw.buses.size());
    net.lines.reserve(lines.size());
    net.transformers.reserve(transformers.size());
    std::size_t unused_buses = 0;
    for (const auto& b : raw.buses) {
        if (!used.contains(b.number)) {
            ++unused_buses;
            continue;
        }
        Bus bus;
        bus.id = std::to_string(b.number);
        bus.substation = bus_sub.at(b.number);
        bus.kv = b.kv;
        if (b.vm && *b.vm > 0.0) {
            bus.vm_pu = *b.vm;
        } else {
            append_assumed(bus.assumed, "vm_pu");
            defaults.add("psse_vm_default", bus.id);
        }
        bus_index.emplace(b.number, net.buses.size());
        net.buses.push_back(std::move(bus));
    }
    // Unknown ground-grid resistance (RG 0): PowerWorld's default by the substation's number of buses and
    // highest voltage (the values it resolved for uiuc150, interop README §4.6; the grid-build table),
    // instead of one flat value. Still marked assumed.
    {
        std::vector<std::size_t> n_buses(net.substations.size(), 0);
        std::vector<double> max_kv(net.substations.size(), 0.0);
        for (const Bus& bus : net.buses) {
            ++n_buses[bus.substation];
            max_kv[bus.substation] = std::max(max_kv[bus.substation], bus.kv);
        }
        const GridDefaults table = GridDefaults::typical();
        for (std::size_t s = 0; s < net.substations.size(); ++s) {
            Substation& sub = net.substations[s];
            if (!sub.grounding_ohm && n_buses[s] > 0) {
                sub.grounding_ohm = table.grounding_of(n_buses[s], max_kv[s]).typical;
            }
        }
    }
    for (auto& p : lines) {
        p.line.from_bus = bus_index.at(p.from);
        p.line.to_bus = bus_index.at(p.to);
        net.lines.push_back(std::move(p.line));
    }
    for (auto& p : transformers) {
        p.t.hv_bus = bus_index.at(p.hv);
        p.t.lv_bus = bus_index.at(p.lv);
        net.transformers.push_back(std::move(p.t));
    }

    // Warnings.
    defaults.report(problems, raw_path + " + " + gic_path,
                    {{"psse_grounding_default",
                      "RG is 0 or empty (unknown): grounding_ohm is PowerWorld's default for the substation's number of "
                      "buses and highest voltage (0.47 ohm for one 230 kV bus down to 0.11 ohm for seven buses; "
                      "docs/grid-format.md)"},
                     {"psse_line_r_default", "R is 0 in the .raw and no RBRN in the .gic: using " +
                                                 format_number(default_line_r_ohm) + " ohm per phase (PowerModelsGMD's 0.0005 ohm three-phase lumped)"},
                     {"psse_winding_r_default",
                      "WRI/WRJ is 0 or empty: the winding resistance is derived from the .raw R1-2 as PowerWorld "
                      "does (HV: R1-2/2 on the HV base; LV: HV/a^2, autotransformer common winding HV/(a-1)^2)"},
                     {"psse_vector_group_default",
                      "VECGRP is blank in the .gic and the .raw: the configuration follows PowerWorld's default rules "
                      "(generator side delta; LV below 50 kV: Dyn; else YNyn, an autotransformer when the ratio is <= 4)"},
                     {"psse_k_factor_default", "KFACTOR is 0 or empty: the K factor is the default for the core design"},
                     {"psse_vm_default", "VM is 0 or empty: the bus voltage is taken as 1 pu for the Mvar loss"},
                     {"psse_gic_record_missing",
                      "the transformer has no .gic record: winding resistances, configuration and K are defaults"}});
    const std::string where = raw_path;
    if (out_branches + out_transformers > 0) {
        problems.warn("psse_out_of_service", "", where,
                      "left out " + std::to_string(out_branches) + " branch(es) and " + std::to_string(out_transformers) +
                          " transformer(s) that are out of service (status 0) or on an isolated bus (IDE 4)");
    }
    if (unused_buses > 0) {
        problems.warn("psse_unused_bus", "", where,
                      std::to_string(unused_buses) + " bus(es) with no in-service branch or transformer are left out");
    }
    if (induced_ignored > 0) {
        problems.warn("psse_induced_voltage_ignored", "", gic_path,
                      std::to_string(induced_ignored) + " branch record(s) give INDVP/INDVQ induced voltages: not used, the "
                                                        "line EMFs come from the field chosen for the run");
    }
    if (grdr_series > 0) {
        problems.warn("psse_neutral_resistor", "", gic_path,
                      std::to_string(grdr_series) + " transformer(s) with a neutral grounding resistor (GRDR) on their "
                                                    "single grounded winding: modelled as 3*GRDR per phase in series with it");
    }
    for (const auto& id : grdr_ignored) {
        problems.warn("psse_neutral_resistor_ignored", id, gic_path,
                      "a neutral grounding resistor (GRDR) on a unit whose two windings share the neutral is not "
                      "modelled: the neutral is taken as solidly grounded");
    }
    for (const auto& id : split_substation) {
        problems.warn("psse_transformer_substations", id, gic_path,
                      "the transformer's buses are in different .gic substations: its neutral is grounded in the HV "
                      "bus's substation");
    }
    if (gic.fixed_shunts > 0) {
        problems.warn("psse_shunt_not_modelled", "", gic_path,
                      std::to_string(gic.fixed_shunts) +
                          " FIXED SHUNT record(s): grounded shunts are not modelled (no DC path through them)");
    }
    if (gic.earth_model_lines > 0) {
        problems.warn("psse_earth_model_ignored", "", gic_path,
                      "the USER EARTH MODEL section (" + std::to_string(gic.earth_model_lines) +
                          " line(s)) is not used: the run's field comes from its own options");
    }
    for (const auto& [name, count] : gic.v4_sections) {
        if (count > 0) {
            problems.warn("psse_section_ignored", "", gic_path,
                          "the " + name + " section (" + std::to_string(count) + " record(s)) is not used by the DC model");
        }
    }
    if (gic.excess_field_records > 0) {
        problems.warn("psse_excess_fields", "", gic_path,
                      std::to_string(gic.excess_field_records) + " record(s) have more fields than GICFILEVRSN=" +
                          std::to_string(gic.version) + " defines (first on line " +
                          std::to_string(gic.first_excess_line) + "): the extra fields are ignored");
    }
    if (gic.ended_early) {
        problems.warn("psse_sections_missing", "", gic_path,
                      "'Q' ends the file before the last GICFILEVRSN=" + std::to_string(gic.version) +
                          " sections: they are taken as empty");
    }

    validate_network(net, out.source);
    return out;
}

}  // namespace

GridDataset read_psse(const std::string& raw_path, const std::string& gic_path, ProblemSink& problems) {
    const std::string raw_text = detail::read_text_file(raw_path, "PSS/E case (.raw)");
    const std::string gic_text = detail::read_text_file(gic_path, "PSS/E GIC data file (.gic)");
    const RawCase raw = parse_raw(raw_text, raw_path);
    const GicCase gic = parse_gic(gic_text, gic_path);
    return build_network(raw, gic, raw_path, gic_path, problems);
}

}  // namespace swx::io
