#pragma once
// Tests that need data outside the repository (../shared/reference, see docs/testing.md) call
//
//     if (!swx::test::require_reference(path)) { return; }
//
// first. Catch2 2.13 has no SKIP, so under ctest a missing file ends the test process with the skip code
// that tests/CMakeLists.txt passes in SWX_TEST_SKIP_RETURN_CODE (and sets as SKIP_RETURN_CODE): ctest then
// lists the test as "Skipped", never as "Passed". catch_discover_tests runs every test case in its own
// process, so exiting ends only that case. Run by hand (the variable unset), the test case WARNs and
// returns, so the rest of the executable still runs.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace swx::test {

/// Reports "SKIPPED: <reason>" and, under ctest, exits with the ctest skip code so that ctest lists the
/// test as Skipped; run by hand it only warns (the caller then returns).
inline void skip_test(const std::string& reason) {
    const std::string message = "SKIPPED: " + reason;
    if (const char* code = std::getenv("SWX_TEST_SKIP_RETURN_CODE"); code != nullptr && *code != '\0') {
        std::cout << message << std::endl;
        std::fflush(stdout);
        std::_Exit(std::atoi(code));
    }
    WARN(message);
}

/// True if `path` exists; otherwise reports "SKIPPED: reference data absent: <path>" and either exits with
/// the ctest skip code (under ctest) or returns false (the caller returns).
[[nodiscard]] inline bool require_reference(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) {
        return true;
    }
    skip_test("reference data absent: " + path.string());
    return false;
}

}  // namespace swx::test
