// PSS/E .raw + .gic reader and writer (io/psse_reader.hpp): field mapping, defaults, bad input, round trip.
// The small case below is authored here (two substations 85 km apart, one 345 kV line, two GSUs).

#include <swx/core/base/error.hpp>
#include <swx/core/emf/geodesic.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/io/detail/psse_records.hpp>
#include <swx/io/psse_reader.hpp>

#include <catch2/catch.hpp>

#include "support/reference.hpp"
#include "support/temp_dir.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <string>

using namespace swx;
using Catch::Matchers::Contains;

namespace {

const std::string raw_case = R"(0, 100.00, 33, 0, 0, 60.00 / test case
title line one
title line two
1,'A HV',345.0,1,1,1,1,1.02,0.0,1.1,0.9,1.1,0.9
2,'B HV',345.0,1,1,1,1,1.01,0.0,1.1,0.9,1.1,0.9
3,'A GEN',20.0,2,1,1,1,1.00,0.0,1.1,0.9,1.1,0.9
4,'B GEN',20.0,3,1,1,1,,0.0,1.1,0.9,1.1,0.9
0 / END OF BUS DATA, BEGIN LOAD DATA
0 / END OF LOAD DATA, BEGIN FIXED SHUNT DATA
0 / END OF FIXED SHUNT DATA, BEGIN GENERATOR DATA
3,'1',100.0,0.0,50.0,-50.0,1.0,0,200.0,0.0,0.2,0.0,0.0,1.0,1,100.0,200.0,0.0
4,'1',100.0,0.0,50.0,-50.0,1.0,0,200.0,0.0,0.2,0.0,0.0,1.0,1,100.0,200.0,0.0
0 / END OF GENERATOR DATA, BEGIN BRANCH DATA
1,2,'1 ',1.0E-3,1.0E-2,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,1,1,0.0,1,1.0
1,2,'2 ',1.0E-3,1.0E-2,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0,1,0.0,1,1.0
0 / END OF BRANCH DATA, BEGIN TRANSFORMER DATA
1,3,0,'1 ',1,1,1,0.0,0.0,2,'T1',1,1,1.0,0,1.0,0,1.0,0,1.0,''
4.0E-4,1.0E-2,100.0
1.0,345.0,0.0,500.0,0.0,0.0,0,0,1.1,0.9,1.1,0.9,33,0,0.0,0.0,0.0
1.0,20.0
2,4,0,'1 ',1,1,1,0.0,0.0,2,'T2',1,1,1.0,0,1.0,0,1.0,0,1.0,''
4.0E-4,1.0E-2,100.0
1.0,345.0,0.0,500.0,0.0,0.0,0,0,1.1,0.9,1.1,0.9,33,0,0.0,0.0,0.0
1.0,20.0
0 / END OF TRANSFORMER DATA, BEGIN AREA DATA
1,0,0.0,1.0,'AREA'
0 / END OF AREA DATA
Q
)";

const std::string gic_case = R"(GICFILEVRSN=3
1,'Sub A',0, 40.0,-89.0, 0.2,''
2,'Sub B',0, 40.0,-88.0, 0.25,'SHIELD'
0 / End of Substation data, Begin Bus Substation Data
1,1
2,2
3,1
4,2
0 / End of Bus Substation Data, Begin Transformer Data
1,3,0,'1',0.3,0.01,0,0,0,0,'YNd1',1,1.1,0,0,0,0
2,4,0,'1',0,0,0,0,0,0,'',0,,0,0,0,0
0 / End of Transformer Data, Begin Bus Fixed Shunt Data
0 / End of Bus Fixed Shunt Data, Begin Branch Data
1,2,'1',0, ,
0 / End of Branch Data, Begin User Earth Model Data
0 / End of User Earth Model Data
Q
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

struct Files {
    swx::test::TempDir dir{"swx_psse_"};
    std::string raw, gic;
    Files(const std::string& raw_text, const std::string& gic_text)
        : raw(dir.write("case.raw", raw_text)), gic(dir.write("case.gic", gic_text)) {}
};

io::GridDataset read(const std::string& raw_text, const std::string& gic_text, ProblemSink& problems) {
    Files f(raw_text, gic_text);
    return io::read_psse(f.raw, f.gic, problems);
}

// The message of the InputError that reading the two texts throws.
std::string error_of(const std::string& raw_text, const std::string& gic_text) {
    Files f(raw_text, gic_text);
    ProblemSink problems;
    try {
        (void)io::read_psse(f.raw, f.gic, problems);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("no InputError");
    return {};
}

bool has_problem(const ProblemSink& p, const std::string& code) {
    for (const auto& q : p.problems()) {
        if (q.code == code) {
            return true;
        }
    }
    return false;
}

std::vector<double> east_emf(const Network& net) {
    std::vector<double> emf;
    const UniformField e = field_from_azimuth(1.0, 90.0);
    for (const auto& d : line_displacements(net, DistanceMethod::nerc)) {
        emf.push_back(emf_v(d, e));
    }
    return emf;
}

}  // namespace

TEST_CASE("PSS/E records: commas, blanks, quotes, comments and empty fields", "[psse]") {
    io::detail::PsseRecord r;
    REQUIRE(io::detail::tokenize_psse_line("1,2,' 1',0, , ", r));
    REQUIRE(r.fields.size() == 6);
    CHECK(r.fields[2].text == " 1");
    CHECK(r.fields[2].quoted);
    CHECK(r.fields[4].text.empty());
    CHECK(r.fields[5].text.empty());
    REQUIRE(io::detail::tokenize_psse_line("  15  14 0 '1' 0.1686 / space-delimited, TAMU style", r));
    CHECK(r.fields.size() == 5);
    CHECK(r.comment == "space-delimited, TAMU style");
    REQUIRE(io::detail::tokenize_psse_line("1 ,2,,'a/b'", r));
    REQUIRE(r.fields.size() == 4);
    CHECK(r.fields[2].text.empty());
    CHECK(r.fields[3].text == "a/b");
    CHECK_FALSE(io::detail::tokenize_psse_line("1,'Sub A,0", r));
}

TEST_CASE("PSS/E case: ids, resistances, vector groups, K and the defaults with their warnings", "[psse]") {
    ProblemSink problems;
    const auto grid = read(raw_case, gic_case, problems);
    const Network& net = grid.network;
    REQUIRE(net.substations.size() == 2);
    REQUIRE(net.buses.size() == 4);
    REQUIRE(net.lines.size() == 1);  // circuit 2 is out of service
    REQUIRE(net.transformers.size() == 2);
    CHECK(net.substations[0].id == "1");
    CHECK(net.substations[0].grounding_ohm == 0.2);
    CHECK(net.substations[1].earth_model == "SHIELD");
    CHECK(net.buses[0].id == "1");
    CHECK(net.buses[0].vm_pu == 1.02);
    CHECK(net.buses[3].vm_pu == 1.0);
    CHECK(net.buses[3].assumed == "vm_pu");
    const Line& line = net.lines[0];
    CHECK(line.id == "1-2-1");
    CHECK_THAT(line.r_ohm, Catch::Matchers::WithinRel(1e-3 * 345.0 * 345.0 / 100.0, 1e-12));  // r_pu·kV²/SBASE
    const Transformer& t1 = net.transformers[0];
    CHECK(t1.id == "1-3-1");
    CHECK(t1.type == TransformerType::gsu);
    CHECK(t1.r_hv_ohm == 0.3);
    CHECK(t1.core == TransformerCore::single_phase);
    CHECK_THAT(t1.k_factor, Catch::Matchers::WithinRel(1.1 * 2.0 * std::sqrt(2.0 / 3.0), 1e-12));
    CHECK(t1.assumed.empty());
    const Transformer& t2 = net.transformers[1];
    CHECK(t2.type == TransformerType::gsu);  // blank VECGRP, generator on the LV bus: YNd
    CHECK_THAT(t2.r_hv_ohm, Catch::Matchers::WithinRel(4e-4 / 2.0 * 345.0 * 345.0 / 100.0, 1e-12));
    CHECK(std::isnan(t2.k_factor));
    CHECK(t2.assumed == "type,r_hv_ohm,k_factor");
    for (const char* code : {"psse_winding_r_default", "psse_vector_group_default", "psse_k_factor_default",
                             "psse_vm_default", "psse_out_of_service"}) {
        INFO(code);
        CHECK(has_problem(problems, code));
    }
}

TEST_CASE("PSS/E case: the solution of the series circuit, by hand", "[psse]") {
    ProblemSink problems;
    const auto grid = read(raw_case, gic_case, problems);
    const Network& net = grid.network;
    const GicSolver solver(net, problems);
    const auto emf = east_emf(net);
    const GicResult r = solver.solve(emf);
    // One loop: line, T1 HV winding, 3·R_g of A, 3·R_g of B, T2 HV winding (per phase).
    const double r_loop = net.lines[0].r_ohm + 0.3 + 3 * 0.2 + 3 * 0.25 + net.transformers[1].r_hv_ohm;
    CHECK_THAT(r.line_gic_a[0], Catch::Matchers::WithinRel(emf[0] / r_loop, 1e-9));
    CHECK_THAT(r.ieff_a[0], Catch::Matchers::WithinRel(emf[0] / r_loop, 1e-9));
    CHECK(emf[0] > 80.0);  // 1 degree of longitude at 40°N, eastward field
}

TEST_CASE("PSS/E bad input: truncated section, file and line named", "[psse]") {
    const std::string cut = raw_case.substr(0, raw_case.find("0 / END OF BRANCH DATA"));
    const std::string msg = error_of(cut, gic_case);
    CHECK_THAT(msg, Contains("case.raw"));
    CHECK_THAT(msg, Contains("ends inside the BRANCH section"));
    const std::string gic_cut = gic_case.substr(0, gic_case.find("0 / End of Bus Substation"));
    CHECK_THAT(error_of(raw_case, gic_cut), Contains("ends inside the BUS SUBSTATION section"));
    // A transformer record cut short (3 of its 4 lines).
    const std::string xf_cut = replaced(raw_case, "1.0,20.0\n0 / END OF TRANSFORMER", "0 / END OF TRANSFORMER");
    CHECK_THAT(error_of(xf_cut, gic_case), Contains("the record ends early"));
}

TEST_CASE("PSS/E bad input: sections out of order", "[psse]") {
    const std::string raw = replaced(raw_case, "0 / END OF LOAD DATA, BEGIN FIXED SHUNT DATA\n", "");
    const std::string msg = error_of(raw, gic_case);
    CHECK_THAT(msg, Contains("out of order"));
    CHECK_THAT(msg, Contains("line 9"));
    const std::string gic = replaced(gic_case, "0 / End of Bus Substation Data", "0 / End of Transformer Data");
    CHECK_THAT(error_of(raw_case, gic), Contains("out of order"));
}

TEST_CASE("PSS/E bad input: unknown bus in a transformer", "[psse]") {
    const std::string raw = replaced(raw_case, "2,4,0,'1 ',1,1,1", "2,9,0,'1 ',1,1,1");
    const std::string gic = replaced(gic_case, "2,4,0,'1',0,0", "2,9,0,'1',0,0");
    const std::string msg = error_of(raw, gic);
    CHECK_THAT(msg, Contains("bus 9 is not in the .raw BUS section"));
    CHECK_THAT(msg, Contains("transformer 2-9-1"));
    CHECK_THAT(msg, Contains("field J"));
}

TEST_CASE("PSS/E bad input: non-numeric field named with its record", "[psse]") {
    const std::string raw = replaced(raw_case, "1,2,'1 ',1.0E-3", "1,2,'1 ',abc");
    const std::string msg = error_of(raw, gic_case);
    CHECK_THAT(msg, Contains("line 14 (branch 1-2 '1')"));
    CHECK_THAT(msg, Contains("field R"));
    CHECK_THAT(msg, Contains("expected a number, got 'abc'"));
    const std::string gic = replaced(gic_case, "40.0,-88.0", "40.0,west");
    CHECK_THAT(error_of(raw_case, gic), Contains("field LONG"));
}

TEST_CASE("PSS/E bad input: duplicate ids", "[psse]") {
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "2,'Sub B'", "1,'Sub B'")), Contains("duplicate substation number 1"));
    CHECK_THAT(error_of(replaced(raw_case, "2,'B HV'", "1,'B HV'"), gic_case), Contains("duplicate bus number 1"));
    CHECK_THAT(error_of(replaced(raw_case, "1,2,'2 '", "1,2,'1 '"), gic_case), Contains("duplicate branch 1-2-1"));
    // the same circuit written the other way round
    CHECK_THAT(error_of(replaced(raw_case, "1,2,'2 '", "2,1,'1 '"), gic_case), Contains("duplicate branch 2-1-1"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "3,1\n", "3,1\n3,2\n")), Contains("duplicate record for bus 3"));
}

TEST_CASE("PSS/E bad input: a .gic that does not match its .raw", "[psse]") {
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "1,2,'1',0", "1,4,'1',0")),
               Contains("branch 1-4-1 is not in the .raw BRANCH section: the .gic does not match its .raw"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "4,2\n", "4,2\n7,2\n")), Contains("bus 7 is not in the .raw"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "4,2\n", "")), Contains("has no BUS SUBSTATION record"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "4,2\n", "4,3\n")), Contains("substation 3 is not in the SUBSTATION section"));
}

TEST_CASE("PSS/E bad input: unsupported versions", "[psse]") {
    CHECK_THAT(error_of(replaced(raw_case, "100.00, 33,", "100.00, 34,"), gic_case),
               Contains("PSS/E version 34 is not supported"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "GICFILEVRSN=3", "GICFILEVRSN=5")),
               Contains("GIC data file version '5' is not supported"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "GICFILEVRSN=3", "1,'x'")), Contains("line 1 must be GICFILEVRSN"));
}

TEST_CASE("PSS/E bad input: unclosed quote, data after a section end, bad flags", "[psse]") {
    const std::string quote = error_of(raw_case, replaced(gic_case, "1,'Sub A',0", "1,'Sub A,0"));
    CHECK_THAT(quote, Contains("line 2"));
    CHECK_THAT(quote, Contains("quote"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "0 / End of Bus Substation", "0, 1, 2 / End of Bus Substation")),
               Contains("data after the '0'"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "'YNd1',1,1.1,0,0,0,0", "'YNd1',1,1.1,-1,0,0,0")), Contains("GRDRI"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "0.3,0.01,0,0,0,0", "0.3,0.01,0,0.5,0,0")),
               Contains("blocking-device flag 0 or 1"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "'YNd1'", "'Qx'")), Contains("vector group 'Qx' is not understood"));
    // fuzz_psse_raw finding: a character that is neither a letter, a digit nor a blank looped forever.
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "'YNd1'", "'YN-d1'")), Contains("vector group 'YN-d1' is not understood"));
    CHECK_THAT(error_of(raw_case, replaced(gic_case, "Q\n", "0 / one more\nQ\n")), Contains("one section more"));
}

TEST_CASE("PSS/E .gic: blocking devices, neutral resistors, autotransformer and GICFILEVRSN=4", "[psse]") {
    SECTION("a blocking device on the grounded winding") {
        ProblemSink problems;
        const auto grid = read(raw_case, replaced(gic_case, "0.3,0.01,0,0,0,0", "0.3,0.01,0,1,0,0"), problems);
        CHECK(grid.network.transformers[0].neutral_blocked);
    }
    SECTION("a neutral grounding resistor in series with a GSU's grounded winding") {
        ProblemSink problems;
        const auto grid = read(raw_case, replaced(gic_case, "'YNd1',1,1.1,0,0,0,0", "'YNd1',1,1.1,0.5,0,0,0"), problems);
        CHECK_THAT(grid.network.transformers[0].r_hv_ohm, Catch::Matchers::WithinRel(0.3 + 3 * 0.5, 1e-12));
        CHECK(has_problem(problems, "psse_neutral_resistor"));
    }
    SECTION("an autotransformer's default common winding: HV/(a-1)^2") {
        const std::string raw = replaced(replaced(raw_case, "3,'A GEN',20.0", "3,'A LV',138.0"), "1.0,20.0\n2,4", "1.0,138.0\n2,4");
        const std::string gic = replaced(gic_case, "0.3,0.01,0,0,0,0,'YNd1'", "0,0,0,0,0,0,'YNa0'");
        ProblemSink problems;
        const auto grid = read(raw, gic, problems);
        const Transformer& t = grid.network.transformers[0];
        CHECK(t.type == TransformerType::autotransformer);
        const double r_series = 4e-4 / 2.0 * 345.0 * 345.0 / 100.0;
        CHECK_THAT(t.r_hv_ohm, Catch::Matchers::WithinRel(r_series, 1e-12));
        CHECK_THAT(t.r_lv_ohm, Catch::Matchers::WithinRel(r_series / std::pow(345.0 / 138.0 - 1.0, 2), 1e-12));
    }
    SECTION("version 4: RG_FLAG, RLNSHI/J and the six extra sections") {
        std::string gic = replaced(gic_case, "GICFILEVRSN=3", "GICFILEVRSN=4");
        gic = replaced(gic, "0.2,''", "0.2,'','Measured'");
        gic = replaced(gic, "1,2,'1',0, ,", "1,2,'1',0, , ,0,0");
        gic = replaced(gic, "0 / End of User Earth Model Data\nQ",
                       "0 / End of User Earth Model Data\n0 / End of Switched Shunt Data\n0 / End of DC line Data\n"
                       "0 / End of VSC Data\n0 / End of Multi-Terminal DC Data\n0 / End of FACTS Data\n0.2\n"
                       "0 / End of Load Data\nQ");
        ProblemSink problems;
        const auto grid = read(raw_case, gic, problems);
        CHECK(grid.network.transformers.size() == 2);
        CHECK(has_problem(problems, "psse_section_ignored"));  // the LOAD section's record
        CHECK_FALSE(has_problem(problems, "psse_excess_fields"));
    }
}

TEST_CASE("PSS/E write_psse: read, write, read gives the same solution, and the files are whole or absent", "[psse]") {
    ProblemSink problems;
    const auto first = read(raw_case, gic_case, problems);
    swx::test::TempDir dir("swx_psse_out_");
    const std::string raw = (dir / "out.raw").string(), gic = (dir / "out.gic").string();
    io::write_psse(first.network, raw, gic);
    const auto second = io::read_psse(raw, gic, problems);
    REQUIRE(second.network.transformers.size() == first.network.transformers.size());
    const GicResult a = GicSolver(first.network, problems).solve(east_emf(first.network));
    const GicResult b = GicSolver(second.network, problems).solve(east_emf(second.network));
    for (std::size_t t = 0; t < a.ieff_a.size(); ++t) {
        CHECK_THAT(b.ieff_a[t], Catch::Matchers::WithinRel(a.ieff_a[t], 1e-12));
        CHECK(second.network.transformers[t].id == first.network.transformers[t].id);
        CHECK(second.network.transformers[t].type == first.network.transformers[t].type);
    }
    CHECK(second.network.lines[0].id == "1-2-1");
    CHECK_THROWS_AS(io::write_psse(first.network, (dir / "no" / "x.raw").string(), gic), Error);
    CHECK_FALSE(std::filesystem::exists(dir / "no"));
}

// The PowerModelsGMD parser edge-case files (README §2, pmgmd/test/data/gic), each read with bus4.raw:
// what swxrisk does with each.
TEST_CASE("PSS/E .gic edge-case files of PowerModelsGMD: error or accepted with a warning", "[psse]") {
    const auto dir = swx::test::reference_dir / "interop" / "pmgmd" / "test" / "data";
    const auto raw = (dir / "pti" / "bus4.raw").string();
    if (!swx::test::require_reference(dir / "gic" / "defaults.gic") || !swx::test::require_reference(raw)) {
        return;
    }
    auto gic = [&](const char* name) { return (dir / "gic" / name).string(); };
    auto error = [&](const char* name) -> std::string {
        ProblemSink p;
        try {
            (void)io::read_psse(raw, gic(name), p);
        } catch (const InputError& e) {
            return e.what();
        }
        return "accepted";
    };
    // GICBDI/J/K written as 0.1, 0.2, 0.3: not blocking-device flags.
    CHECK_THAT(error("defaults.gic"), Contains("line 10") && Contains("GICBDI"));
    CHECK_THAT(error("missing_field.gic"), Contains("line 6") && Contains("field SUBSTATION"));
    CHECK_THAT(error("incorrect_section_start.gic"), Contains("line 9") && Contains("data after the '0'"));
    CHECK_THAT(error("extra_section.gic"), Contains("line 17") && Contains("one section more"));
    CHECK_THAT(error("mismatched_quotes.gic"), Contains("line 2") && Contains("quote"));
    for (const auto& [name, code] : {std::pair{"excess_elements.gic", "psse_excess_fields"},
                                     std::pair{"earth_model.gic", "psse_earth_model_ignored"},
                                     std::pair{"wrong_version.gic", "psse_sections_missing"}}) {
        INFO(name);
        ProblemSink p;
        const auto grid = io::read_psse(raw, gic(name), p);
        CHECK(grid.network.transformers.size() == 2);
        CHECK(has_problem(p, code));
    }
}

TEST_CASE("PSS/E datasets/psse-two-substations: the hand-worked answer of its README", "[psse]") {
    const auto dir = swx::test::datasets_dir / "psse-two-substations";
    ProblemSink problems;
    const auto grid = io::read_psse((dir / "case.raw").string(), (dir / "case.gic").string(), problems);
    const GicResult r = GicSolver(grid.network, problems).solve(east_emf(grid.network));
    CHECK_THAT(r.line_emf_v[0], Catch::Matchers::WithinAbs(85.394, 0.001));
    CHECK_THAT(r.line_gic_a[0], Catch::Matchers::WithinAbs(27.7, 0.05));
    CHECK_THAT(r.ieff_a[1], Catch::Matchers::WithinAbs(27.7, 0.05));
    CHECK_THAT(std::abs(r.ground_gic_a[0]), Catch::Matchers::WithinAbs(83.2, 0.1));
}
