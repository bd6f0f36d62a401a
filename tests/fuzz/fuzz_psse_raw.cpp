// libFuzzer harness: swx::io::read_psse on an arbitrary .raw with a fixed, matching .gic (the seed case's
// GIC data: two substations, buses 1-4, transformers 1-3 and 2-4, branch 1-2), docs/fuzzing.md.
#include "fuzz_support.hpp"

#include <swx/core/base/problems.hpp>
#include <swx/io/psse_reader.hpp>

namespace {
constexpr const char* gic = R"(GICFILEVRSN=3
1,'Sub A',0, 40.0,-89.0, 0.2,''
2,'Sub B',0, 40.0,-88.0, 0,''
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
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto gic_path = swx::fuzz::write_file("case.gic", gic);
    const auto raw_path = swx::fuzz::write_file("case.raw", swx::fuzz::as_text(data, size));
    swx::fuzz::expect_swx_errors_only([&] {
        swx::ProblemSink problems;
        (void)swx::io::read_psse(raw_path.string(), gic_path.string(), problems);
    });
    return 0;
}
