// libFuzzer harness: swx::io::read_psse on an arbitrary .gic with a fixed .raw (the seed case: buses 1-4,
// branches 1-2 circuits 1 and 2, GSUs 1-3 and 2-4, generators at 3 and 4), docs/fuzzing.md.
#include "fuzz_support.hpp"

#include <swx/core/base/problems.hpp>
#include <swx/io/psse_reader.hpp>

namespace {
constexpr const char* raw = R"(0, 100.00, 33, 0, 0, 60.00 / test case
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
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto raw_path = swx::fuzz::write_file("case.raw", raw);
    const auto gic_path = swx::fuzz::write_file("case.gic", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        (void)swx::io::read_psse(raw_path.string(), gic_path.string(), problems);
    });
    return 0;
}
