// EMTF XML reader and writer (emtf_reader.hpp; docs/storm-data.md, "MT transfer functions (EMTF XML)").
//
// expat parses the file into a small element tree (name, attributes, text, children, line), which is
// then walked by path. Every error names the file, the element path (e.g. "EM_TF/Data/Period[5]/Z/value
// Zxy", 1-based as XPath) and what was expected.
#include <swx/io/emtf_reader.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/base/text.hpp>

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <sstream>
#include <system_error>

namespace swx::io {
namespace {

namespace fs = std::filesystem;
using cplx = std::complex<double>;
constexpr const char* stage = "readers.emtf";

struct Node {
    std::string name;
    std::map<std::string, std::string> attrs;
    std::string text;
    long line = 0;
    std::vector<std::unique_ptr<Node>> children;

    [[nodiscard]] const Node* child(const std::string& n) const {
        for (const auto& c : children) {
            if (c->name == n) {
                return c.get();
            }
        }
        return nullptr;
    }
    [[nodiscard]] std::vector<const Node*> all(const std::string& n) const {
        std::vector<const Node*> out;
        for (const auto& c : children) {
            if (c->name == n) {
                out.push_back(c.get());
            }
        }
        return out;
    }
    [[nodiscard]] const std::string* attr(const std::string& n) const {
        const auto it = attrs.find(n);
        return it == attrs.end() ? nullptr : &it->second;
    }
};

struct ParseState {
    std::unique_ptr<Node> root;
    std::vector<Node*> stack;
    XML_Parser parser = nullptr;
    std::size_t elements = 0;
    bool too_deep = false;
};

/// Deeper nesting than any EMTF file has (EM_TF/Data/Period/Z/value is 5): refused, so that the tree
/// (and its recursive destruction) stays shallow whatever the input.
constexpr std::size_t max_depth = 64;

void on_start(void* user, const XML_Char* name, const XML_Char** atts) {
    auto* st = static_cast<ParseState*>(user);
    if (st->stack.size() >= max_depth) {
        st->too_deep = true;
        XML_StopParser(st->parser, XML_FALSE);
        return;
    }
    auto node = std::make_unique<Node>();
    node->name = name;
    node->line = static_cast<long>(XML_GetCurrentLineNumber(st->parser));
    for (std::size_t i = 0; atts[i] != nullptr && atts[i + 1] != nullptr; i += 2) {
        node->attrs[atts[i]] = atts[i + 1];
    }
    Node* raw = node.get();
    if (st->stack.empty()) {
        st->root = std::move(node);
    } else {
        st->stack.back()->children.push_back(std::move(node));
    }
    st->stack.push_back(raw);
    ++st->elements;
}

void on_end(void* user, const XML_Char* /*name*/) {
    auto* st = static_cast<ParseState*>(user);
    if (!st->stack.empty()) {
        st->stack.pop_back();
    }
}

void on_text(void* user, const XML_Char* s, int len) {
    auto* st = static_cast<ParseState*>(user);
    if (!st->stack.empty() && st->stack.back()->text.size() < (1U << 20)) {
        st->stack.back()->text.append(s, static_cast<std::size_t>(len));
    }
}

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return std::isspace(c) == 0; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

/// Lower case with spaces and brackets removed: "[mV/km]/[nT]" → "mv/km/nt".
std::string squash(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0 && c != '[' && c != ']') {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

/// The whole of `text` as a double (NaN and infinities included: the caller decides); false otherwise.
bool parse_any_double(const std::string& text, double& out) {
    if (text.empty()) {
        return false;
    }
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end != text.c_str() && *end == '\0';
}

constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// 0..3 for a <value name="Zxx|Zxy|Zyx|Zyy"> (any case), npos otherwise.
std::size_t component_of(const Node& value) {
    static const std::array<const char*, 4> names{"zxx", "zxy", "zyx", "zyy"};
    const std::string* name = value.attr("name");
    if (name == nullptr) {
        return npos;
    }
    const std::string n = squash(*name);
    for (std::size_t j = 0; j < names.size(); ++j) {
        if (n == names[j]) {
            return j;
        }
    }
    return npos;
}

class Reader {
public:
    Reader(std::string path, ProblemSink* problems) : m_path(std::move(path)), m_problems(problems) {}

    [[noreturn]] void fail(const std::string& element, const std::string& field, const std::string& why) const {
        throw InputError(ErrorContext{stage, m_path, "", element, field}, why);
    }

    std::unique_ptr<Node> parse() {
        std::ifstream in(m_path, std::ios::binary);
        if (!in) {
            fail("", "", "cannot open the file");
        }
        std::error_code size_error;
        if (const auto bytes = std::filesystem::file_size(m_path, size_error); !size_error && bytes > (std::uintmax_t{1} << 28)) {
            fail("", "", "file larger than 256 MiB: not an EMTF transfer function");  // checked before reading it
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        ParseState st;
        std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate(nullptr), &XML_ParserFree);
        if (!parser) {
            fail("", "", "cannot create an XML parser");
        }
        st.parser = parser.get();
        XML_SetUserData(parser.get(), &st);
        XML_SetElementHandler(parser.get(), on_start, on_end);
        XML_SetCharacterDataHandler(parser.get(), on_text);
        if (text.size() > (std::size_t{1} << 28)) {
            fail("", "", "file larger than 256 MiB: not an EMTF transfer function");
        }
        const XML_Status status = XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE);
        if (st.too_deep) {
            std::ostringstream why;
            why << "elements nested deeper than " << max_depth << " at line " << XML_GetCurrentLineNumber(parser.get());
            fail("", "", why.str());
        }
        if (status == XML_STATUS_ERROR) {
            std::ostringstream why;
            why << "malformed XML at line " << XML_GetCurrentLineNumber(parser.get()) << ", column "
                << XML_GetCurrentColumnNumber(parser.get()) << ": "
                << XML_ErrorString(XML_GetErrorCode(parser.get()));
            fail("", "", why.str());
        }
        if (!st.root) {
            fail("", "", "no XML element found");
        }
        return std::move(st.root);
    }

    [[nodiscard]] double number(const std::string& text, const std::string& element, const std::string& field,
                                const std::string& expected) const {
        const std::string t = trim(text);
        double v = 0.0;
        if (!parse_any_double(t, v) || !std::isfinite(v)) {
            fail(element, field, "expected " + expected + ", got \"" + t + "\"");
        }
        return v;
    }

    MtSite read() {
        const std::unique_ptr<Node> root = parse();
        if (root->name != "EM_TF") {
            fail(root->name, "", "expected an EMTF XML file (root element EM_TF), got <" + root->name + ">");
        }
        MtSite site;
        site.source_path = m_path;
        const Node* site_node = root->child("Site");
        if (site_node == nullptr) {
            fail("EM_TF/Site", "", "missing element (the site's id and Location)");
        }
        const Node* id = site_node->child("Id");
        site.id = id != nullptr ? trim(id->text) : "";
        if (site.id.empty()) {
            fail("EM_TF/Site/Id", "Id", "expected the site id, found none");
        }
        const Node* loc = site_node->child("Location");
        if (loc == nullptr) {
            fail("EM_TF/Site/Location", "", "missing element: the site's Latitude and Longitude are needed");
        }
        const auto coord = [&](const char* name, double lo, double hi) {
            const Node* c = loc->child(name);
            const std::string element = std::string("EM_TF/Site/Location/") + name;
            if (c == nullptr) {
                fail(element, name, "missing element (decimal degrees expected)");
            }
            const double v = number(c->text, element, name, "decimal degrees");
            if (v < lo || v > hi) {
                std::ostringstream why;
                why << "expected decimal degrees in [" << lo << ", " << hi << "], got " << v;
                fail(element, name, why.str());
            }
            return v;
        };
        site.location.lat_deg = coord("Latitude", -90.0, 90.0);
        site.location.lon_deg = coord("Longitude", -180.0, 360.0);
        if (site.location.lon_deg > 180.0) {
            site.location.lon_deg -= 360.0;
        }

        double angle_deg = 0.0;
        if (const Node* o = site_node->child("Orientation"); o != nullptr) {
            if (const std::string* a = o->attr("angle_to_geographic_north"); a != nullptr && !trim(*a).empty()) {
                angle_deg = number(*a, "EM_TF/Site/Orientation", "angle_to_geographic_north", "degrees");
            }
            // "sitelayout": the channel azimuths of SiteLayout are already geographic; the angle is then not
            // added again (it would rotate the tensor twice). "orthogonal" (or none): the channels are given
            // in a frame turned by the angle from geographic north.
            std::string frame;
            for (const char ch : o->text) {
                if (std::isalpha(static_cast<unsigned char>(ch)) != 0) {
                    frame.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
                }
            }
            if (frame == "sitelayout" && angle_deg != 0.0) {
                if (m_problems != nullptr) {
                    m_problems->warn("mt_orientation", trim(site.id), m_path,
                                     "Orientation is 'sitelayout' with angle_to_geographic_north = " + format_number(angle_deg) +
                                         "; the channel azimuths of SiteLayout are used and the angle is not added to them");
                }
                angle_deg = 0.0;
            }
        }
        const bool conjugate = sign_convention(*root);
        const std::array<double, 4> theta = channel_angles(*root, angle_deg);
        read_data(*root, site, conjugate, !is_geographic(theta));
        rotate(site, theta);
        return site;
    }

private:
    /// True for exp(−iωt) (the tensor is conjugated).
    bool sign_convention(const Node& root) const {
        const std::string element = "EM_TF/ProcessingInfo/SignConvention";
        const Node* p = root.child("ProcessingInfo");
        const Node* s = p != nullptr ? p->child("SignConvention") : nullptr;
        if (s == nullptr) {
            fail(element, "SignConvention", "missing element: expected exp(+ i\\omega t) or exp(- i\\omega t)");
        }
        const std::string t = squash(s->text);
        if (t.rfind("exp(+", 0) == 0) {
            return false;
        }
        if (t.rfind("exp(-", 0) == 0) {
            return true;
        }
        fail(element, "SignConvention", "expected exp(+ i\\omega t) or exp(- i\\omega t), got \"" + trim(s->text) + "\"");
    }

    /// Azimuths (degrees clockwise from geographic north) of Hx, Hy, Ex, Ey.
    std::array<double, 4> channel_angles(const Node& root, double angle_deg) const {
        std::array<double, 4> theta{0.0, 90.0, 0.0, 90.0};
        const Node* layout = root.child("SiteLayout");
        if (layout != nullptr) {
            const auto scan = [&](const char* group, const char* kind, const char* n0, const char* n1, std::size_t i0) {
                const Node* g = layout->child(group);
                if (g == nullptr) {
                    return;
                }
                for (const Node* c : g->all(kind)) {
                    const std::string* name = c->attr("name");
                    const std::string* orientation = c->attr("orientation");
                    if (name == nullptr || orientation == nullptr || trim(*orientation).empty()) {
                        continue;
                    }
                    const std::string element = std::string("EM_TF/SiteLayout/") + group + "/" + kind + " " + *name;
                    const std::string n = squash(*name);
                    if (n == squash(n0)) {
                        theta[i0] = number(*orientation, element, "orientation", "degrees");
                    } else if (n == squash(n1)) {
                        theta[i0 + 1] = number(*orientation, element, "orientation", "degrees");
                    }
                }
            };
            scan("InputChannels", "Magnetic", "Hx", "Hy", 0);
            scan("OutputChannels", "Electric", "Ex", "Ey", 2);
        }
        for (double& t : theta) {
            t += angle_deg;
        }
        return theta;
    }

    /// Factor to (mV/km)/nT for a Z units attribute.
    double units_factor(const Node& z, const std::string& element) const {
        const std::string* u = z.attr("units");
        if (u == nullptr) {
            fail(element, "units", "missing attribute: expected \"[mV/km]/[nT]\", \"ohm\" or \"[V/m]/[T]\"");
        }
        const std::string s = squash(*u);
        if (s == "mv/km/nt" || s == "mv/km/nt)" || s == "(mv/km)/nt" || s == "mv/km/[nt]") {
            return 1.0;
        }
        if (s == "ohm" || s == "ohms" || s == "\xce\xa9") {
            return 1.0 / (mu0_h_per_m * 1e3);
        }
        if (s == "v/m/t" || s == "(v/m)/t") {
            return 1e-3;
        }
        fail(element, "units", "expected \"[mV/km]/[nT]\", \"ohm\" or \"[V/m]/[T]\", got \"" + *u + "\"");
    }

    /// Reads the periods. A component NaN or absent at a period is NaN there (not measured); a period is
    /// kept when at least one component is finite — in a `rotated` file only when all four are (the
    /// rotation mixes them).
    void read_data(const Node& root, MtSite& site, bool conjugate, bool rotated) const {
        const Node* data = root.child("Data");
        if (data == nullptr) {
            fail("EM_TF/Data", "", "missing element: expected Period elements with Z");
        }
        struct Row {
            double period_s;
            ImpedanceTensor z;
            std::array<double, 4> var;
        };
        std::vector<Row> rows;
        std::vector<double> rotated_drops;
        std::size_t missing_values = 0;
        std::size_t periods_with_missing = 0;
        const std::vector<const Node*> periods = data->all("Period");
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const Node& p = *periods[i];
            const std::string element = "EM_TF/Data/Period[" + std::to_string(i + 1) + "]";
            const std::string* value = p.attr("value");
            if (value == nullptr) {
                fail(element, "value", "missing attribute: the period in s");
            }
            double t = number(*value, element, "value", "a period > 0");
            const std::string units = p.attr("units") != nullptr ? squash(*p.attr("units")) : "secs";
            if (units == "hz") {
                t = 1.0 / t;
            } else if (units != "secs" && units != "s" && units != "sec" && units != "seconds") {
                fail(element, "units", "expected \"secs\" or \"Hz\", got \"" + *p.attr("units") + "\"");
            }
            if (!(t > 0.0) || !std::isfinite(t)) {
                fail(element, "value", "expected a period > 0 s, got " + trim(*value));
            }
            const Node* z = p.child("Z");
            if (z == nullptr) {
                drop(site, t, element + "/Z", "no Z element");
                continue;
            }
            const double factor = units_factor(*z, element + "/Z");
            constexpr double nan = std::numeric_limits<double>::quiet_NaN();
            Row row{t, {}, {}};
            row.z.fill(cplx(nan, nan));
            for (const Node* v : z->all("value")) {
                const std::size_t j = component_of(*v);
                if (j == npos) {
                    continue;
                }
                const std::string* name = v->attr("name");
                std::istringstream in(v->text);
                std::string re_text;
                std::string im_text;
                std::string extra;
                in >> re_text >> im_text;
                double re = 0.0;
                double im = 0.0;
                if (re_text.empty() || im_text.empty() || (in >> extra) || !parse_any_double(re_text, re) ||
                    !parse_any_double(im_text, im)) {
                    fail(element + "/Z/value " + *name, *name,
                         "expected two numbers \"re im\", got \"" + trim(v->text) + "\"");
                }
                if (std::isfinite(re) && std::isfinite(im)) {
                    row.z[j] = factor * (conjugate ? cplx(re, -im) : cplx(re, im));
                }  // else not measured: NaN
            }
            const auto missing = static_cast<std::size_t>(
                std::count_if(row.z.begin(), row.z.end(), [](const cplx& c) { return std::isnan(c.real()); }));
            if (missing == 4) {
                drop(site, t, element + "/Z", "no finite Zxx, Zxy, Zyx or Zyy");
                continue;
            }
            if (missing > 0 && rotated) {
                rotated_drops.push_back(t);
                continue;
            }
            missing_values += missing;
            periods_with_missing += missing > 0 ? 1 : 0;
            row.var.fill(nan);
            if (const Node* var = p.child("Z.VAR"); var != nullptr) {
                for (const Node* v : var->all("value")) {
                    const std::size_t j = component_of(*v);
                    if (j == npos || std::isnan(row.z[j].real())) {
                        continue;
                    }
                    double x = 0.0;
                    if (parse_any_double(trim(v->text), x) && std::isfinite(x) && x >= 0.0) {
                        row.var[j] = x * factor * factor;
                    }
                }
            }
            rows.push_back(row);
        }
        std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.period_s < b.period_s; });
        for (std::size_t i = 1; i < rows.size(); ++i) {
            if (!(rows[i].period_s > rows[i - 1].period_s)) {
                std::ostringstream why;
                why << "period " << rows[i].period_s << " s is given twice";
                fail("EM_TF/Data/Period", "value", why.str());
            }
        }
        if (!rotated_drops.empty() && m_problems != nullptr) {
            std::sort(rotated_drops.begin(), rotated_drops.end());
            std::ostringstream msg;
            msg << rotated_drops.size() << " period(s) dropped (";
            for (std::size_t i = 0; i < rotated_drops.size(); ++i) {
                msg << (i > 0 ? ", " : "") << rotated_drops[i];
            }
            msg << " s): a component is NaN and the rotation to geographic axes mixes all four components";
            m_problems->warn("mt_period_dropped", site.id, m_path, msg.str());
        }
        if (rows.size() < 2) {
            fail("EM_TF/Data", "Period", "expected at least 2 periods with a finite Z component" +
                                             std::string(rotated ? " (all four, the file being rotated)" : "") +
                                             ", found " + std::to_string(rows.size()) + " (of " +
                                             std::to_string(periods.size()) + " Period elements)");
        }
        static const std::array<const char*, 4> names{"Zxx", "Zxy", "Zyx", "Zyy"};
        std::string absent;
        for (std::size_t j = 0; j < 4; ++j) {
            const bool none = std::all_of(rows.begin(), rows.end(), [j](const Row& r) { return std::isnan(r.z[j].real()); });
            if (!none) {
                continue;
            }
            if (j == 1 || j == 2) {
                fail("EM_TF/Data/Period/Z/value " + std::string(names[j]), names[j],
                     "no finite value at any period: E would lack its main part");
            }
            absent += (absent.empty() ? "" : " and ") + std::string(names[j]);
        }
        if (m_problems != nullptr && (periods_with_missing > 0 || !absent.empty())) {
            std::ostringstream msg;
            msg << missing_values << " component value(s) NaN or absent (not measured) at " << periods_with_missing
                << " of the " << rows.size() << " periods kept; each component is interpolated and extended over "
                << "its own finite periods";
            if (!absent.empty()) {
                msg << "; " << absent << " not measured at any period: taken as 0";
            }
            m_problems->warn("mt_component_missing", site.id, m_path, msg.str());
        }
        for (const Row& r : rows) {
            site.periods_s.push_back(r.period_s);
            site.z.push_back(r.z);
            site.z_variance.push_back(r.var);
        }
    }

    void drop(const MtSite& site, double period_s, const std::string& element, const std::string& why) const {
        if (m_problems != nullptr) {
            std::ostringstream msg;
            msg << "period " << period_s << " s dropped (" << element << ": " << why << ")";
            m_problems->warn("mt_period_dropped", site.id, m_path, msg.str());
        }
    }

    /// True for channels at 0°/90° (no rotation).
    static bool is_geographic(const std::array<double, 4>& theta) {
        const auto is = [](double a, double b) { return std::abs(a - b) < 1e-9; };
        return is(theta[0], 0.0) && is(theta[1], 90.0) && is(theta[2], 0.0) && is(theta[3], 90.0);
    }

    /// Z_geo = R_e⁻¹·Z·R_h, rows of R the channel unit vectors (north, east).
    void rotate(MtSite& site, const std::array<double, 4>& theta) const {
        if (is_geographic(theta)) {
            return;
        }
        const auto rad = [](double d) { return d * std::numbers::pi / 180.0; };
        // R_h rows: (cos θ, sin θ) of Hx, Hy; R_e the same for Ex, Ey.
        const double h00 = std::cos(rad(theta[0])), h01 = std::sin(rad(theta[0]));
        const double h10 = std::cos(rad(theta[1])), h11 = std::sin(rad(theta[1]));
        const double e00 = std::cos(rad(theta[2])), e01 = std::sin(rad(theta[2]));
        const double e10 = std::cos(rad(theta[3])), e11 = std::sin(rad(theta[3]));
        const double det_e = e00 * e11 - e01 * e10;
        const double det_h = h00 * h11 - h01 * h10;
        if (std::abs(det_e) < 1e-6 || std::abs(det_h) < 1e-6) {
            fail("EM_TF/SiteLayout", "orientation", "the two electric or the two magnetic channels are parallel");
        }
        // A = R_e⁻¹
        const double a00 = e11 / det_e, a01 = -e01 / det_e, a10 = -e10 / det_e, a11 = e00 / det_e;
        const std::array<std::array<double, 2>, 2> A{{{a00, a01}, {a10, a11}}};
        const std::array<std::array<double, 2>, 2> B{{{h00, h01}, {h10, h11}}};
        for (std::size_t p = 0; p < site.z.size(); ++p) {
            const ImpedanceTensor z = site.z[p];
            const std::array<double, 4> v = site.z_variance[p];
            ImpedanceTensor out{};
            std::array<double, 4> var{};
            for (std::size_t i = 0; i < 2; ++i) {
                for (std::size_t j = 0; j < 2; ++j) {
                    cplx s{};
                    double sv = 0.0;
                    for (std::size_t k = 0; k < 2; ++k) {
                        for (std::size_t l = 0; l < 2; ++l) {
                            const double w = A[i][k] * B[l][j];
                            s += w * z[2 * k + l];
                            sv += w * w * v[2 * k + l];
                        }
                    }
                    out[2 * i + j] = s;
                    var[2 * i + j] = sv;
                }
            }
            site.z[p] = out;
            site.z_variance[p] = var;
        }
    }

    std::string m_path;
    ProblemSink* m_problems;
};

std::string xml_escape(const std::string& s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

}  // namespace

MtSite read_emtf_xml(const std::string& path, ProblemSink* problems) { return Reader(path, problems).read(); }

std::vector<MtSite> read_mt_sites(const std::string& source, ProblemSink* problems) {
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_directory(source, ec)) {
        for (const auto& entry : fs::directory_iterator(source, ec)) {
            std::string ext = entry.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
            if (entry.is_regular_file() && ext == ".xml") {
                files.push_back(entry.path().string());
            }
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            throw InputError(ErrorContext{stage, source, "", "", ""}, "no *.xml (EMTF XML) file in the folder");
        }
    } else {
        std::istringstream in(source);
        std::string item;
        while (std::getline(in, item, ',')) {
            item = trim(item);
            if (!item.empty()) {
                files.push_back(item);
            }
        }
        if (files.empty()) {
            throw InputError(ErrorContext{stage, source, "", "", ""}, "expected a folder or a comma-separated list of EMTF XML files");
        }
    }
    std::vector<MtSite> sites;
    std::map<std::string, std::string> seen;
    // Each file's warnings are collected: a survey of many files reports its per-file data gaps as one
    // summary per code (with the first files named) instead of hundreds of lines.
    ProblemSink collected;
    for (const std::string& f : files) {
        MtSite s = read_emtf_xml(f, &collected);
        const auto [it, inserted] = seen.emplace(s.id, f);
        if (!inserted) {
            throw InputError(ErrorContext{stage, f, "", s.id, "Id"},
                             "site id " + s.id + " is also the id of " + it->second + "; site ids must be unique");
        }
        sites.push_back(std::move(s));
    }
    if (problems != nullptr) {
        constexpr std::size_t named = 3;  // per code, files whose warnings are passed on in full
        std::map<std::string, std::vector<const Problem*>> by_code;
        for (const Problem& p : collected.problems()) {
            by_code[p.code].push_back(&p);
        }
        for (const auto& [code, list] : by_code) {
            std::vector<std::string> files_seen;
            for (const Problem* p : list) {
                if (std::find(files_seen.begin(), files_seen.end(), p->location) == files_seen.end()) {
                    files_seen.push_back(p->location);
                }
                if (std::find(files_seen.begin(), files_seen.end(), p->location) - files_seen.begin() < static_cast<std::ptrdiff_t>(named)) {
                    problems->report(*p);
                }
            }
            if (files_seen.size() > named) {
                std::size_t rest = 0;
                for (const Problem* p : list) {
                    rest += std::find(files_seen.begin(), files_seen.end(), p->location) - files_seen.begin() >= static_cast<std::ptrdiff_t>(named) ? 1 : 0;
                }
                problems->warn(code, "", source,
                               "and " + std::to_string(rest) + " more such warning(s) in " + std::to_string(files_seen.size() - named) +
                                   " more of the " + std::to_string(files.size()) +
                                   " files (read one file alone, or swxrisk.read_emtf in Python, to see them all)");
            }
        }
    }
    return sites;
}

void write_emtf_xml(const MtSite& site, const std::string& path) {
    std::ostringstream out;
    out << std::setprecision(17);
    out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<EM_TF>\n"
        << "   <Description>Magnetotelluric Transfer Functions</Description>\n"
        << "   <Notes>Written by swxrisk</Notes>\n"
        << "   <Site>\n      <Id>" << xml_escape(site.id) << "</Id>\n      <Location>\n"
        << "         <Latitude>" << site.location.lat_deg << "</Latitude>\n"
        << "         <Longitude>" << site.location.lon_deg << "</Longitude>\n      </Location>\n"
        << "      <Orientation angle_to_geographic_north=\"0\">Orthogonal</Orientation>\n   </Site>\n"
        << "   <ProcessingInfo>\n      <SignConvention>exp(+ i\\omega t)</SignConvention>\n   </ProcessingInfo>\n"
        << "   <SiteLayout>\n      <InputChannels>\n         <Magnetic name=\"Hx\" orientation=\"0\"/>\n"
        << "         <Magnetic name=\"Hy\" orientation=\"90\"/>\n      </InputChannels>\n      <OutputChannels>\n"
        << "         <Electric name=\"Ex\" orientation=\"0\"/>\n         <Electric name=\"Ey\" orientation=\"90\"/>\n"
        << "      </OutputChannels>\n   </SiteLayout>\n"
        << "   <Data count=\"" << site.periods_s.size() << "\">\n";
    static const std::array<const char*, 4> names{"Zxx", "Zxy", "Zyx", "Zyy"};
    static const std::array<const char*, 4> inputs{"Hx", "Hy", "Hx", "Hy"};
    static const std::array<const char*, 4> outputs{"Ex", "Ex", "Ey", "Ey"};
    for (std::size_t p = 0; p < site.periods_s.size(); ++p) {
        out << "      <Period units=\"secs\" value=\"" << site.periods_s[p] << "\">\n"
            << "         <Z size=\"[2 2]\" type=\"complex\" units=\"[mV/km]/[nT]\">\n";
        for (std::size_t j = 0; j < 4; ++j) {
            out << "            <value input=\"" << inputs[j] << "\" name=\"" << names[j] << "\" output=\"" << outputs[j]
                << "\">" << site.z[p][j].real() << " " << site.z[p][j].imag() << "</value>\n";
        }
        out << "         </Z>\n";
        if (p < site.z_variance.size()) {
            out << "         <Z.VAR size=\"[2 2]\" type=\"real\">\n";
            for (std::size_t j = 0; j < 4; ++j) {
                out << "            <value input=\"" << inputs[j] << "\" name=\"" << names[j] << "\" output=\""
                    << outputs[j] << "\">" << site.z_variance[p][j] << "</value>\n";
            }
            out << "         </Z.VAR>\n";
        }
        out << "      </Period>\n";
    }
    out << "   </Data>\n</EM_TF>\n";
    const fs::path target(path);
    fs::path staged = target;
    staged += ".partial";
    {
        std::ofstream file(staged, std::ios::binary | std::ios::trunc);
        file << out.str();
        file.close();
        if (!file) {
            std::error_code ignored;
            fs::remove(staged, ignored);
            throw InputError(ErrorContext{"writers.emtf", path, "", site.id, ""}, "cannot write the file");
        }
    }
    std::error_code ec;
    fs::rename(staged, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(staged, ignored);
        throw InputError(ErrorContext{"writers.emtf", path, "", site.id, ""}, "cannot rename the staged file: " + ec.message());
    }
}

}  // namespace swx::io
