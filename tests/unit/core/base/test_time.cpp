// core/base/time: calendar arithmetic and ISO 8601. Expected Unix times were computed independently
// with Python's calendar.timegm (proleptic Gregorian, UTC).

#include <swx/core/base/time.hpp>

#include <catch2/catch.hpp>

using swx::days_from_civil;
using swx::format_iso8601_utc;
using swx::format_iso8601_utc_ms;
using swx::is_valid_date;
using swx::parse_iso8601_utc;

TEST_CASE("days_from_civil against known dates", "[core]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2000, 3, 1) == 951868800 / 86400);
    CHECK(days_from_civil(1900, 3, 1) == -2203891200 / 86400);
    CHECK(days_from_civil(1, 1, 1) == -719162);
}

TEST_CASE("leap years: every 4th, not every 100th, every 400th", "[core]") {
    CHECK(is_valid_date(2024, 2, 29));
    CHECK(is_valid_date(2000, 2, 29));
    CHECK(is_valid_date(1600, 2, 29));
    CHECK_FALSE(is_valid_date(1900, 2, 29));
    CHECK_FALSE(is_valid_date(2100, 2, 29));
    CHECK_FALSE(is_valid_date(2023, 2, 29));
    CHECK_FALSE(is_valid_date(2023, 4, 31));
    CHECK_FALSE(is_valid_date(2023, 13, 1));
    CHECK_FALSE(is_valid_date(2023, 0, 1));
    CHECK_FALSE(is_valid_date(2023, 1, 0));
    CHECK(parse_iso8601_utc("2024-02-29T12:00:00Z") == 1709208000.0);
    CHECK(parse_iso8601_utc("1600-02-29") == -11670998400.0);
    CHECK(parse_iso8601_utc("2100-03-01") == 4107542400.0);
    CHECK_FALSE(parse_iso8601_utc("1900-02-29").has_value());
    CHECK_FALSE(parse_iso8601_utc("2100-02-29").has_value());
}

TEST_CASE("format_iso8601_utc", "[core]") {
    CHECK(format_iso8601_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(format_iso8601_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_iso8601_utc(-86400) == "1969-12-31T00:00:00Z");
    CHECK(format_iso8601_utc(1709208000) == "2024-02-29T12:00:00Z");
    CHECK(format_iso8601_utc(-2203891200) == "1900-03-01T00:00:00Z");
    CHECK(format_iso8601_utc(253402300799) == "9999-12-31T23:59:59Z");
    CHECK(format_iso8601_utc(1483228799) == "2016-12-31T23:59:59Z");  // before a leap second: not modelled
}

TEST_CASE("format_iso8601_utc_ms shows milliseconds only for a fraction", "[core]") {
    CHECK(format_iso8601_utc_ms(605828640.0) == "1989-03-13T21:44:00Z");
    CHECK(format_iso8601_utc_ms(605828640.25) == "1989-03-13T21:44:00.250Z");
    CHECK(format_iso8601_utc_ms(605828640.0004) == "1989-03-13T21:44:00Z");
    CHECK(format_iso8601_utc_ms(-0.5) == "1969-12-31T23:59:59.500Z");
}

TEST_CASE("parse_iso8601_utc: accepted forms", "[core]") {
    const double t = 605828640.0;  // 1989-03-13T21:44:00Z
    CHECK(parse_iso8601_utc("1989-03-13T21:44:00Z") == t);
    CHECK(parse_iso8601_utc("1989-03-13t21:44:00z") == t);
    CHECK(parse_iso8601_utc("1989-03-13 21:44:00") == t);
    CHECK(parse_iso8601_utc("1989-03-13T21:44") == t);
    CHECK(parse_iso8601_utc("\t 1989-03-13T21:44:00Z \r\n") == t);
    CHECK(parse_iso8601_utc("1989-03-13") == t - (21 * 3600 + 44 * 60));
    CHECK(parse_iso8601_utc("1989-03-13T22:44:00+01:00") == t);
    CHECK(parse_iso8601_utc("1989-03-13T22:44:00+0100") == t);
    CHECK(parse_iso8601_utc("1989-03-13T22:44:00+01") == t);
    CHECK(parse_iso8601_utc("1989-03-13T16:14:00-05:30") == t);
    CHECK(parse_iso8601_utc("1989-03-14T00:14:00+02:30") == t);
    CHECK(*parse_iso8601_utc("1989-03-13T21:44:00.125Z") == Approx(t + 0.125).margin(1e-9));
    CHECK(*parse_iso8601_utc("1989-03-13T21:44:00,5") == Approx(t + 0.5).margin(1e-9));
    CHECK(parse_iso8601_utc("1970-01-01T00:00:00Z") == 0.0);
    CHECK(parse_iso8601_utc("1969-12-31T23:59:59Z") == -1.0);
}

TEST_CASE("parse_iso8601_utc: rejected forms", "[core]") {
    for (const char* text : {"", "   ", "1989", "1989-03", "89-03-13", "1989/03/13", "1989-3-13", "1989-03-13T",
                             "1989-03-13T21", "1989-03-13T21:4", "1989-03-13T24:00:00", "1989-03-13T21:60:00",
                             "1989-03-13T21:44:60", "1989-03-13T21:44:00.", "1989-03-13T21:44:00Q",
                             "1989-03-13T21:44:00Z junk", "1989-03-13T21:44:00+1", "1989-03-13T21:44:00+24:00",
                             "1989-03-13T21:44:00+01:60", "1989-03-13X21:44", "1989-00-13", "1989-03-32",
                             "1989-02-29"}) {
        INFO(text);
        CHECK_FALSE(parse_iso8601_utc(text).has_value());
    }
}
