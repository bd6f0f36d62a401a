#include <swx/core/base/text.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace swx;

TEST_CASE("trim removes ASCII whitespace at both ends only", "[core][text]") {
    CHECK(trim("  PT1  ") == "PT1");
    CHECK(trim("\t\r\n\f\vQUE\v\f\n\r\t") == "QUE");
    CHECK(trim("a b\tc") == "a b\tc");  // inner whitespace stays
    CHECK(trim("") == "");
    CHECK(trim(" \t\r\n ") == "");
    CHECK(trim("x") == "x");
    // A non-breaking space (UTF-8 C2 A0) is not ASCII whitespace: it stays.
    CHECK(trim("\xC2\xA0x\xC2\xA0") == "\xC2\xA0x\xC2\xA0");
    // Embedded NUL bytes are data, not terminators.
    CHECK(trim(std::string_view(" a\0b ", 5)) == std::string("a\0b", 3));
}

TEST_CASE("upper and lower fold ASCII letters only", "[core][text]") {
    CHECK(upper("ak1a") == "AK1A");
    CHECK(upper("Mixed-Case_9") == "MIXED-CASE_9");
    CHECK(lower("NERC-Benchmark") == "nerc-benchmark");
    CHECK(lower("") == "");
    CHECK(upper("") == "");
    // Digits, punctuation and bytes >= 0x80 (here UTF-8 "é" = C3 A9) are left alone.
    CHECK(upper("0123456789 !#$%&()*+,-./:;<=>?@[]^_`{|}~") == "0123456789 !#$%&()*+,-./:;<=>?@[]^_`{|}~");
    CHECK(upper("\xC3\xA9t\xC3\xA9") == "\xC3\xA9T\xC3\xA9");
    CHECK(lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");
    // Round trips on ASCII letters.
    const std::string letters = "abcdefghijklmnopqrstuvwxyz";
    const std::string capitals = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    CHECK(upper(letters) == capitals);
    CHECK(lower(capitals) == letters);
    CHECK(lower(upper(letters)) == letters);
}
