// EMTF XML reader and writer (io/emtf_reader.hpp): the 127 USGS files of the shared reference (parse,
// agree with the independent ModEM listing of the same impedances, ρ_a and phase from the raw text), a
// 1-D model written as an EMTF file reproducing PlaneWaveConverter's E(t), rotation, sign convention,
// units and bad files.
#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/efield.hpp>
#include <swx/core/efield/tensor_efield.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/emtf_reader.hpp>
#include <swx/io/magnetometer.hpp>

#include <test_paths.hpp>

#include "support/reference.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <numbers>
#include <regex>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using cplx = std::complex<double>;
using swx::ImpedanceTensor;

namespace {

using swx::test::TempDir;

fs::path emtf_dir() { return swx::test::reference_dir / "may2024" / "emtf"; }

/// A hand-written EMTF XML file: `periods` each with the given tensor (written as is).
struct XmlSpec {
    std::string id = "TST01";
    bool location = true;
    std::string angle = "";
    std::string frame = "Orthogonal";  ///< the Orientation element's text
    std::string layout;                ///< a raw <SiteLayout> element, or none
    std::string sign = "exp(+ i\\omega t)";
    std::string units = "[mV/km]/[nT]";
    std::vector<double> periods{10.0, 100.0};
    std::vector<ImpedanceTensor> z{{cplx{1, 2}, cplx{30, 20}, cplx{-25, -18}, cplx{-1, 0.5}},
                                   {cplx{0.5, 1}, cplx{10, 8}, cplx{-9, -7}, cplx{-0.4, 0.2}}};
};

std::string xml_of(const XmlSpec& s) {
    std::ostringstream o;
    o << std::setprecision(17);
    o << "<?xml version=\"1.0\"?>\n<EM_TF>\n <Site>\n  <Id>" << s.id << "</Id>\n";
    if (s.location) {
        o << "  <Location><Latitude>36.5</Latitude><Longitude>-90.25</Longitude></Location>\n";
    }
    o << "  <Orientation angle_to_geographic_north=\"" << s.angle << "\">" << s.frame << "</Orientation>\n </Site>\n"
      << s.layout << " <ProcessingInfo><SignConvention>" << s.sign << "</SignConvention></ProcessingInfo>\n"
      << " <Data count=\"" << s.periods.size() << "\">\n";
    const char* names[4] = {"Zxx", "Zxy", "Zyx", "Zyy"};
    for (std::size_t p = 0; p < s.periods.size(); ++p) {
        o << "  <Period units=\"secs\" value=\"" << s.periods[p] << "\">\n   <Z size=\"[2 2]\" type=\"complex\" units=\""
          << s.units << "\">\n";
        for (int j = 0; j < 4; ++j) {
            o << "    <value name=\"" << names[j] << "\">" << s.z[p][j].real() << " " << s.z[p][j].imag() << "</value>\n";
        }
        o << "   </Z>\n  </Period>\n";
    }
    o << " </Data>\n</EM_TF>\n";
    return o.str();
}

std::string write(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
    return path.string();
}

std::vector<fs::path> shared_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(emtf_dir())) {
        if (e.path().extension() == ".xml") {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// One Period of a file as its raw text says, read with plain string search (no XML parser): the period
/// and which of Zxx, Zxy, Zyx, Zyy have two finite numbers in <Z> ("NaN NaN" or absent: not finite).
struct RawPeriod {
    double period_s = 0;
    std::array<bool, 4> finite{false, false, false, false};
    [[nodiscard]] std::size_t count() const {
        return static_cast<std::size_t>(std::count(finite.begin(), finite.end(), true));
    }
};

std::vector<RawPeriod> raw_periods(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    std::vector<RawPeriod> out;
    static const std::array<std::string, 4> names{"Zxx", "Zxy", "Zyx", "Zyy"};
    for (std::size_t at = all.find("<Period "); at != std::string::npos; at = all.find("<Period ", at + 1)) {
        const std::size_t end = all.find("</Period>", at);
        const std::string block = all.substr(at, end - at);
        RawPeriod r;
        const std::size_t v = block.find("value=\"") + 7;
        r.period_s = std::strtod(block.c_str() + v, nullptr);
        const std::size_t z0 = block.find("<Z ");
        const std::string z = block.substr(z0, block.find("</Z>", z0) - z0);
        for (std::size_t q = z.find("<value"); q != std::string::npos; q = z.find("<value", q + 1)) {
            const std::size_t n = z.find("name=\"", q) + 6;
            const std::string name = z.substr(n, 3);
            const std::size_t open = z.find('>', q) + 1;
            std::istringstream numbers(z.substr(open, z.find('<', open) - open));
            std::string re;
            std::string im;
            numbers >> re >> im;
            const bool ok = std::isfinite(std::strtod(re.c_str(), nullptr)) && std::isfinite(std::strtod(im.c_str(), nullptr));
            for (std::size_t j = 0; j < 4; ++j) {
                if (name == names[j]) {
                    r.finite[j] = ok;
                }
            }
        }
        out.push_back(r);
    }
    return out;
}

}  // namespace

TEST_CASE("EMTF: every one of the 127 USGS files of the May 2024 reference parses", "[io][mt]") {
    if (!swx::test::require_reference(emtf_dir())) {
        return;
    }
    swx::ProblemSink problems;
    const std::vector<swx::MtSite> sites = swx::io::read_mt_sites(emtf_dir().string(), &problems);
    CHECK(sites.size() == 127);
    std::size_t periods = 0;
    for (const auto& s : sites) {
        CHECK(s.location.lat_deg > 35.0);
        CHECK(s.location.lat_deg < 39.5);
        CHECK(s.location.lon_deg > -93.0);
        CHECK(s.location.lon_deg < -87.5);
        CHECK(s.periods_s.size() >= 7);
        CHECK(s.periods_s.front() >= 0.0104 * 0.99);
        CHECK(s.periods_s.back() <= 11900 * 1.01);
        periods += s.periods_s.size();
        swx::MtImpedance z(s, nullptr);  // every site is usable
        CHECK(z.max_period_s() > z.min_period_s());
    }
    // Expected from the raw text of each file: a period is kept when any component is finite, with its
    // NaN pattern; each period with no finite component is one warning, and a file with NaN components in
    // kept periods one summary warning; each component's longest finite period is MtImpedance's.
    std::size_t want_periods = 0;
    std::size_t want_warnings = 0;
    std::size_t all_four = 0;
    std::vector<double> longest;  // per site, min(longest finite Zxy, longest finite Zyx), s
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const swx::MtSite& s = sites[i];
        const std::vector<RawPeriod> raw = raw_periods(s.source_path);
        CHECK(raw.size() == 27);
        std::size_t kept = 0;
        bool partial = false;
        std::array<double, 4> last{0, 0, 0, 0};
        for (const RawPeriod& r : raw) {
            if (r.count() == 0) {
                ++want_warnings;
                continue;
            }
            partial = partial || r.count() < 4;
            all_four += r.count() == 4 ? 1 : 0;
            const auto p = static_cast<std::size_t>(std::find(s.periods_s.begin(), s.periods_s.end(), r.period_s) -
                                                    s.periods_s.begin());
            REQUIRE(p < s.periods_s.size());
            for (std::size_t j = 0; j < 4; ++j) {
                CHECK(std::isfinite(s.z[p][j].real()) == r.finite[j]);
                if (r.finite[j]) {
                    last[j] = std::max(last[j], r.period_s);
                }
            }
            ++kept;
        }
        CHECK(kept == s.periods_s.size());
        want_periods += kept;
        want_warnings += partial ? 1 : 0;
        const swx::MtImpedance z(s, nullptr);
        for (std::size_t j = 0; j < 4; ++j) {
            CHECK(z.max_period_s(j) == last[j]);
        }
        longest.push_back(std::min(last[1], last[2]));
    }
    CHECK(periods == want_periods);
    // Each file alone reports every dropped period and one summary of missing components ...
    swx::ProblemSink per_file;
    for (const auto& s : sites) {
        (void)swx::io::read_emtf_xml(s.source_path, &per_file);
    }
    CHECK(per_file.count(swx::Severity::warning) == want_warnings);
    // ... while the survey read as a folder names the first three files of each warning code in full and
    // sums up the rest in one warning per code.
    CHECK(problems.count(swx::Severity::warning) < 40);
    std::size_t summaries = 0;
    for (const auto& p : problems.problems()) {
        summaries += p.message.find("more such warning(s)") != std::string::npos ? 1 : 0;
    }
    CHECK(summaries == 2);
    std::sort(longest.begin(), longest.end());
    // Measured (docs/storm-data.md): 2,713 of 3,429 periods kept (2,105 with all four components); the
    // longest Zxy and Zyx period, median 1,640 s and at least 216 s over the 127 sites.
    UNSCOPED_INFO("periods kept " << periods << " (all four components " << all_four << "); longest Zxy/Zyx period median "
                                  << longest[longest.size() / 2] << " s, min " << longest.front() << " s");
    CHECK(all_four < periods);
    if (!problems.problems().empty()) {
        CHECK_THAT(problems.problems().front().message, Catch::Contains("dropped") || Catch::Contains("not measured"));
    }
}

TEST_CASE("EMTF: the values read agree with the independent ModEM listing of the same impedances", "[io][mt]") {
    // MOARTNILKY_2020_wideband_Zresponses.txt: header "> exp(+i\omega t)", "> [mV/km]/[nT]", orientation 0.0;
    // rows "period code lat lon x y z component re im error", periods to 3 significant digits and values to
    // 5 (e.g. 1.04E-02, 3.4720E+00): agreement within 6e-5 relative of each value (+1e-6 absolute) is
    // the rounding of that listing.
    const fs::path modem = emtf_dir() / "MOARTNILKY_2020_wideband_Zresponses.txt";
    if (!swx::test::require_reference(modem)) {
        return;
    }
    std::ifstream in(modem);
    std::string line;
    std::map<std::string, std::vector<std::tuple<double, std::size_t, cplx>>> rows;
    bool sign_plus = false;
    bool units_mv = false;
    while (std::getline(in, line)) {
        if (line.rfind(">", 0) == 0) {
            sign_plus = sign_plus || line.find("exp(+i") != std::string::npos;
            units_mv = units_mv || line.find("[mV/km]/[nT]") != std::string::npos;
            continue;
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream row(line);
        double t = 0, lat = 0, lon = 0, x = 0, y = 0, z = 0, re = 0, im = 0, err = 0;
        std::string code;
        std::string comp;
        row >> t >> code >> lat >> lon >> x >> y >> z >> comp >> re >> im >> err;
        REQUIRE(row);
        static const std::map<std::string, std::size_t> index{{"ZXX", 0}, {"ZXY", 1}, {"ZYX", 2}, {"ZYY", 3}};
        rows[code].emplace_back(t, index.at(comp), cplx(re, im));
    }
    REQUIRE(sign_plus);
    REQUIRE(units_mv);
    REQUIRE(rows.size() == 127);
    std::size_t compared = 0;
    for (const auto& file : shared_files()) {
        const swx::MtSite s = swx::io::read_emtf_xml(file.string());
        REQUIRE(rows.count(s.id) == 1);
        for (std::size_t p = 0; p < s.periods_s.size(); ++p) {
            for (std::size_t j = 0; j < 4; ++j) {
                if (std::isnan(s.z[p][j].real())) {
                    continue;  // not measured (the listing has a placeholder with error 1.0 there)
                }
                bool found = false;
                for (const auto& [t, c, v] : rows.at(s.id)) {
                    if (c == j && std::abs(t - s.periods_s[p]) <= 0.006 * s.periods_s[p]) {
                        found = true;
                        const cplx mine = s.z[p][j];
                        CHECK(std::abs(mine.real() - v.real()) <= 6e-5 * std::abs(v.real()) + 1e-6);
                        CHECK(std::abs(mine.imag() - v.imag()) <= 6e-5 * std::abs(v.imag()) + 1e-6);
                        ++compared;
                    }
                }
                CHECK(found);
            }
        }
    }
    CHECK(compared > 127 * 7 * 4);
}

TEST_CASE("EMTF: apparent resistivity and phase of every file against the raw text", "[io][mt]") {
    if (!swx::test::require_reference(emtf_dir())) {
        return;
    }
    // The raw numbers, found with a regular expression (no XML parser), converted to Ω and then
    // ρ_a = |Z|²/(ω μ0), φ = atan2(im, re), for all four components of every period kept by the reader.
    const std::regex period_re(
        R"re(<Period units="secs" value="([^"]+)">\s*<Z [^>]*>\s*)re"
        R"re(<value[^>]*name="Zxx"[^>]*>([^<]*)</value>\s*<value[^>]*name="Zxy"[^>]*>([^<]*)</value>\s*)re"
        R"re(<value[^>]*name="Zyx"[^>]*>([^<]*)</value>\s*<value[^>]*name="Zyy"[^>]*>([^<]*)</value>)re");
    const double mu0 = 4e-7 * std::numbers::pi;
    std::size_t files = 0;
    for (const auto& file : shared_files()) {
        const swx::MtSite s = swx::io::read_emtf_xml(file.string());
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        const std::string all = text.str();
        std::size_t checked = 0;
        for (auto it = std::sregex_iterator(all.begin(), all.end(), period_re); it != std::sregex_iterator(); ++it) {
            const double t = std::stod((*it)[1].str());
            const auto p = static_cast<std::size_t>(
                std::find(s.periods_s.begin(), s.periods_s.end(), t) - s.periods_s.begin());
            if (p == s.periods_s.size()) {
                continue;  // dropped (no finite component; counted in the test above)
            }
            for (std::size_t j = 0; j < 4; ++j) {
                const std::string v = (*it)[static_cast<int>(j) + 2].str();
                char* end = nullptr;
                const double re = std::strtod(v.c_str(), &end);
                const double im = std::strtod(end, nullptr);
                if (!std::isfinite(re) || !std::isfinite(im)) {
                    CHECK(std::isnan(s.z[p][j].real()));  // "NaN NaN": not measured
                    continue;
                }
                const cplx z_ohm = cplx(re, im) * (mu0 * 1e3);  // (mV/km)/nT → Ω
                const double rho = std::norm(z_ohm) / (2 * std::numbers::pi / t * mu0);
                const double phi = std::atan2(z_ohm.imag(), z_ohm.real()) * 180.0 / std::numbers::pi;
                CHECK(swx::apparent_resistivity_ohm_m(s.z[p][j], t) == Approx(rho).epsilon(1e-9));
                CHECK(swx::phase_deg(s.z[p][j]) == Approx(phi).margin(1e-9));
            }
            ++checked;
        }
        CHECK(checked == s.periods_s.size());
        ++files;
    }
    CHECK(files == 127);
    // RF101 at 0.0104 s: Zxy = 82.479 + 194.53i (mV/km)/nT → ρ_a = 0.2·T·|Z|² = 92.9 Ω·m, φ = 67.0°.
    const swx::MtSite rf101 = swx::io::read_emtf_xml((emtf_dir() / "RF101.xml").string());
    CHECK(swx::apparent_resistivity_ohm_m(rf101.z[0][1], rf101.periods_s[0]) == Approx(92.88).epsilon(1e-3));
    CHECK(swx::phase_deg(rf101.z[0][1]) == Approx(67.02).margin(0.01));
}

TEST_CASE("EMTF: a 1-D model written as an EMTF file reproduces PlaneWaveConverter's E(t)", "[io][mt]") {
    // PT1 and QUE (bundled) at 8 periods per decade over 10 s – 1e5 s, written, read back, interpolated
    // in log T and extended with the model's own 1-D shape; the storm is FRD March 1989 (1 min, 3 days).
    const fs::path frd = swx::test::reference_dir / "storms" / "mar1989_FRD_1min.csv";
    if (!swx::test::require_reference(frd)) {
        return;
    }
    const auto b = swx::io::read_magnetometer(frd.string(), {});
    const auto library = swx::io::load_default_earth_models();
    TempDir dir;
    for (const std::string name : {"PT1", "QUE"}) {
        const swx::EarthModel& m = library.find(name);
        swx::MtSite site;
        site.id = name;
        site.location = {-100.0, 40.0};
        for (int k = 0; k <= 32; ++k) {
            const double t = 10.0 * std::pow(10.0, k / 8.0);
            site.periods_s.push_back(t);
            site.z.push_back(swx::tensor_of_1d(m, 1.0 / t));
            site.z_variance.push_back({NAN, NAN, NAN, NAN});
        }
        const std::string path = (dir / (name + ".xml")).string();
        swx::io::write_emtf_xml(site, path);
        const swx::MtSite back = swx::io::read_emtf_xml(path);
        REQUIRE(back.periods_s.size() == 33);
        const swx::MtImpedance z(back, &m);
        const swx::TensorConverter tensor(z, b.size(), b.dt_s);
        swx::PlaneWaveConverter plane(m, b.size(), b.dt_s);
        const auto want = plane.convert(b.bx_nt, b.by_nt);
        const auto got = tensor.convert(b.bx_nt, b.by_nt);
        double max_diff = 0.0;
        for (std::size_t i = 0; i < b.size(); ++i) {
            max_diff = std::max(max_diff, std::hypot(got.ex_v_per_km[i] - want.ex_v_per_km[i],
                                                     got.ey_v_per_km[i] - want.ey_v_per_km[i]));
        }
        const double peak = swx::interior_peak_magnitude(want);
        UNSCOPED_INFO(name << ": peak |E| " << peak << " V/km, max |ΔE| " << max_diff << " V/km");
        CHECK(max_diff < 0.002 * peak);  // measured: see docs/geoelectric-model.md
    }
}

TEST_CASE("EMTF: angle_to_geographic_north = 30 is rotated back to geographic axes", "[io][mt]") {
    TempDir dir;
    XmlSpec geo;
    // Measured axes x' at 30° east of north, y' at 120°: H' = R·H, E' = R·E with R rows (cos θ, sin θ),
    // so Z' = R·Z·Rᵀ.
    const double a = 30.0 * std::numbers::pi / 180.0;
    const double R[2][2] = {{std::cos(a), std::sin(a)}, {-std::sin(a), std::cos(a)}};
    XmlSpec rotated = geo;
    rotated.angle = "30";
    for (std::size_t p = 0; p < geo.z.size(); ++p) {
        for (int i = 0; i < 2; ++i) {
            for (int j = 0; j < 2; ++j) {
                cplx s{};
                for (int k = 0; k < 2; ++k) {
                    for (int l = 0; l < 2; ++l) {
                        s += R[i][k] * geo.z[p][2 * k + l] * R[j][l];
                    }
                }
                rotated.z[p][2 * i + j] = s;
            }
        }
    }
    const auto site = swx::io::read_emtf_xml(write(dir / "rot.xml", xml_of(rotated)));
    for (std::size_t p = 0; p < geo.z.size(); ++p) {
        for (std::size_t j = 0; j < 4; ++j) {
            CHECK(std::abs(site.z[p][j] - geo.z[p][j]) < 1e-12 * std::abs(geo.z[p][1]));
        }
    }
}

TEST_CASE("EMTF: a 'sitelayout' frame takes the channel azimuths and does not add the angle again", "[io][mt]") {
    TempDir dir;
    XmlSpec geo;
    const double a = 30.0 * std::numbers::pi / 180.0;
    const double R[2][2] = {{std::cos(a), std::sin(a)}, {-std::sin(a), std::cos(a)}};
    XmlSpec rotated = geo;
    rotated.angle = "30";
    rotated.frame = "sitelayout";
    rotated.layout =
        " <SiteLayout><InputChannels><Magnetic name=\"Hx\" orientation=\"30\"/><Magnetic name=\"Hy\" orientation=\"120\"/>"
        "</InputChannels><OutputChannels><Electric name=\"Ex\" orientation=\"30\"/><Electric name=\"Ey\" orientation=\"120\"/>"
        "</OutputChannels></SiteLayout>\n";
    for (std::size_t p = 0; p < geo.z.size(); ++p) {
        for (int i = 0; i < 2; ++i) {
            for (int j = 0; j < 2; ++j) {
                cplx s{};
                for (int k = 0; k < 2; ++k) {
                    for (int l = 0; l < 2; ++l) {
                        s += R[i][k] * geo.z[p][2 * k + l] * R[j][l];
                    }
                }
                rotated.z[p][2 * i + j] = s;
            }
        }
    }
    swx::ProblemSink problems;
    const auto site = swx::io::read_emtf_xml(write(dir / "layout.xml", xml_of(rotated)), &problems);
    for (std::size_t p = 0; p < geo.z.size(); ++p) {
        for (std::size_t j = 0; j < 4; ++j) {
            CHECK(std::abs(site.z[p][j] - geo.z[p][j]) < 1e-12 * std::abs(geo.z[p][1]));  // rotated once, not by 60°
        }
    }
    CHECK(problems.count(swx::Severity::warning) >= 1);
}

TEST_CASE("EMTF: in a rotated file a period with a NaN component is dropped (the rotation mixes them)",
          "[io][mt]") {
    TempDir dir;
    XmlSpec s;
    s.angle = "30";
    s.periods = {10.0, 20.0, 30.0, 40.0};
    s.z.push_back(s.z[0]);
    s.z.push_back(s.z[1]);
    s.z[1][0] = cplx(NAN, NAN);  // 20 s: Zxx not measured
    s.z[3][3] = cplx(NAN, NAN);  // 40 s: Zyy not measured
    swx::ProblemSink problems;
    const auto site = swx::io::read_emtf_xml(write(dir / "rotnan.xml", xml_of(s)), &problems);
    CHECK(site.periods_s == std::vector<double>{10.0, 30.0});
    for (const auto& z : site.z) {
        for (const cplx& v : z) {
            CHECK(std::isfinite(v.real()));
        }
    }
    REQUIRE(problems.count(swx::Severity::warning) == 1);
    CHECK_THAT(problems.problems()[0].message,
               Catch::Contains("2 period(s) dropped (20, 40 s)") && Catch::Contains("rotation"));
    // The same file unrotated keeps all four periods.
    s.angle = "0";
    CHECK(swx::io::read_emtf_xml(write(dir / "nan0.xml", xml_of(s))).periods_s.size() == 4);
}

TEST_CASE("EMTF: exp(-iωt) is conjugated, ohm converted, periods sorted", "[io][mt]") {
    TempDir dir;
    XmlSpec s;
    s.sign = "exp(- i\\omega t)";
    s.units = "ohm";
    s.periods = {100.0, 10.0};
    const auto site = swx::io::read_emtf_xml(write(dir / "minus.xml", xml_of(s)));
    const double k = 1.0 / (4e-7 * std::numbers::pi * 1e3);  // 795.77
    REQUIRE(site.periods_s == std::vector<double>{10.0, 100.0});
    CHECK(site.z[1][1].real() == Approx(k * s.z[0][1].real()));
    CHECK(site.z[1][1].imag() == Approx(-k * s.z[0][1].imag()));
    CHECK(site.z[0][2].imag() == Approx(-k * s.z[1][2].imag()));
}

TEST_CASE("EMTF: bad files give errors naming the file, the element and what was expected", "[io][mt]") {
    TempDir dir;
    {
        XmlSpec s;
        s.location = false;
        const auto p = write(dir / "noloc.xml", xml_of(s));
        CHECK_THROWS_AS(swx::io::read_emtf_xml(p), swx::InputError);
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(p), Catch::Contains("noloc.xml") && Catch::Contains("Location"));
    }
    {
        XmlSpec s;
        s.units = "furlongs";
        const auto p = write(dir / "units.xml", xml_of(s));
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(p), Catch::Contains("Period[1]/Z") && Catch::Contains("furlongs") &&
                                                         Catch::Contains("[mV/km]/[nT]"));
    }
    {
        std::string text = xml_of(XmlSpec{});
        text.replace(text.find("</Site>"), 7, "</Sight>");
        const auto p = write(dir / "bad.xml", text);
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(p), Catch::Contains("bad.xml") && Catch::Contains("line 7") &&
                                                         Catch::Contains("malformed XML"));
    }
    {
        XmlSpec s;
        s.periods = {10.0};
        s.z.resize(1);
        const auto p = write(dir / "one.xml", xml_of(s));
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(p), Catch::Contains("at least 2 periods"));
    }
    {
        std::string text = xml_of(XmlSpec{});
        const std::string from = "<value name=\"Zxy\">";
        const auto at = text.find(from) + from.size();
        text.replace(at, text.find('<', at) - at, "12.5 x");
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(write(dir / "text.xml", text)),
                          Catch::Contains("Period[1]/Z/value Zxy") && Catch::Contains("two numbers") &&
                              Catch::Contains("12.5 x"));
    }
    {
        XmlSpec s;
        s.sign = "sideways";
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(write(dir / "sign.xml", xml_of(s))), Catch::Contains("SignConvention"));
    }
    {
        XmlSpec s;
        s.periods = {10.0, 20.0, 30.0};
        s.z.push_back(s.z[0]);
        s.z[1][2] = cplx(NAN, NAN);
        swx::ProblemSink problems;
        const auto site = swx::io::read_emtf_xml(write(dir / "nan.xml", xml_of(s)), &problems);
        CHECK(site.periods_s == std::vector<double>{10.0, 20.0, 30.0});  // kept: three components measured
        CHECK(std::isnan(site.z[1][2].real()));
        CHECK(site.z[1][1] == s.z[1][1]);
        REQUIRE(problems.count(swx::Severity::warning) == 1);
        CHECK_THAT(problems.problems()[0].message, Catch::Contains("1 component value") && Catch::Contains("own"));
    }
    {
        XmlSpec s;  // all four NaN at 20 s: that period is dropped
        s.periods = {10.0, 20.0, 30.0};
        s.z.push_back(s.z[0]);
        s.z[1].fill(cplx(NAN, NAN));
        swx::ProblemSink problems;
        const auto site = swx::io::read_emtf_xml(write(dir / "nan4.xml", xml_of(s)), &problems);
        CHECK(site.periods_s == std::vector<double>{10.0, 30.0});
        REQUIRE(problems.count(swx::Severity::warning) == 1);
        CHECK_THAT(problems.problems()[0].message, Catch::Contains("period 20 s dropped"));
    }
    {
        XmlSpec s;  // Zxy not measured anywhere: an error naming the file and the component
        for (auto& z : s.z) {
            z[1] = cplx(NAN, NAN);
        }
        const auto p = write(dir / "noxy.xml", xml_of(s));
        CHECK_THROWS_AS(swx::io::read_emtf_xml(p), swx::InputError);
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(p), Catch::Contains("noxy.xml") && Catch::Contains("Zxy") &&
                                                         Catch::Contains("no finite value"));
    }
    {
        XmlSpec s;  // Zyy not measured anywhere: 0, with the summary warning saying so
        for (auto& z : s.z) {
            z[3] = cplx(NAN, NAN);
        }
        swx::ProblemSink problems;
        const auto site = swx::io::read_emtf_xml(write(dir / "noyy.xml", xml_of(s)), &problems);
        REQUIRE(problems.count(swx::Severity::warning) == 1);
        CHECK_THAT(problems.problems()[0].message, Catch::Contains("Zyy not measured at any period"));
        CHECK(swx::MtImpedance(site, nullptr).at(0.05)[3] == cplx{});
    }
    CHECK_THROWS_WITH(swx::io::read_emtf_xml((dir / "absent.xml").string()), Catch::Contains("cannot open"));
    {
        std::string deep = "<EM_TF>";
        for (int i = 0; i < 100000; ++i) {
            deep += "<a>";
        }
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(write(dir / "deep.xml", deep)), Catch::Contains("nested deeper than 64"));
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(write(dir / "root.xml", "<html/>")), Catch::Contains("root element EM_TF"));
        CHECK_THROWS_WITH(swx::io::read_emtf_xml(write(dir / "empty.xml", "")), Catch::Contains("malformed XML"));
    }
}

TEST_CASE("read_mt_sites: folder sorted, comma list, duplicate ids name both files", "[io][mt]") {
    TempDir dir;
    XmlSpec a;
    a.id = "B";
    XmlSpec b;
    b.id = "A";
    write(dir / "1.xml", xml_of(a));
    write(dir / "2.xml", xml_of(b));
    const auto sites = swx::io::read_mt_sites(dir.path().string());
    REQUIRE(sites.size() == 2);
    CHECK(sites[0].id == "B");
    const auto listed = swx::io::read_mt_sites((dir / "2.xml").string() + ", " + (dir / "1.xml").string());
    CHECK(listed[0].id == "A");
    write(dir / "3.xml", xml_of(a));
    CHECK_THROWS_WITH(swx::io::read_mt_sites(dir.path().string()),
                      Catch::Contains("1.xml") && Catch::Contains("3.xml") && Catch::Contains("unique"));
    TempDir empty;
    CHECK_THROWS_WITH(swx::io::read_mt_sites(empty.path().string()), Catch::Contains("no *.xml"));
}

TEST_CASE("write_emtf_xml round-trips a site exactly", "[io][mt]") {
    TempDir dir;
    swx::MtSite s;
    s.id = "R&D<1>";
    s.location = {-91.5, 37.25};
    s.periods_s = {1.0, 3.0};
    s.z = {{cplx{0.1, 0.2}, cplx{3, 4}, cplx{-5, -6}, cplx{7e-3, -8e-3}}, {cplx{1, 2}, cplx{3, 4}, cplx{5, 6}, cplx{7, 8}}};
    s.z_variance = {{1, 2, 3, 4}, {NAN, 0.5, 0.5, NAN}};
    const std::string path = (dir / "rt.xml").string();
    swx::io::write_emtf_xml(s, path);
    CHECK_FALSE(fs::exists(path + ".partial"));
    const auto r = swx::io::read_emtf_xml(path);
    CHECK(r.id == s.id);
    CHECK(r.location.lat_deg == 37.25);
    CHECK(r.location.lon_deg == -91.5);
    CHECK(r.z == s.z);
    CHECK(r.z_variance[0] == s.z_variance[0]);
    CHECK(std::isnan(r.z_variance[1][0]));
    CHECK(r.z_variance[1][1] == 0.5);
}
