# Language level and warnings shared by every swxrisk target (through swx_compile_options).
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

add_library(swx_compile_options INTERFACE)
# -Wno-restrict: GCC 12 reports false positives for std::string operator+ at -O2 (GCC bug 105329).
target_compile_options(swx_compile_options INTERFACE -Wall -Wextra -Wpedantic
                       $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
                       $<$<BOOL:${SWX_WERROR}>:-Werror>)
if(SWX_SANITIZE)
  target_compile_options(swx_compile_options INTERFACE -fsanitize=address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(swx_compile_options INTERFACE -fsanitize=address,undefined)
endif()
# Fuzzing: every target gets coverage instrumentation plus ASan/UBSan; only the harnesses link the
# libFuzzer runtime (-fsanitize=fuzzer, tests/fuzz/CMakeLists.txt).
if(SWX_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SWX_BUILD_FUZZERS needs clang (libFuzzer); use the fuzz preset")
  endif()
  target_compile_options(swx_compile_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(swx_compile_options INTERFACE -fsanitize=address,undefined)
endif()
# Boost 1.74's Boost.Geometry includes headers that Boost itself deprecated (boost/detail/
# no_exceptions_support.hpp), which prints a #pragma message in every file using it.
target_compile_definitions(swx_compile_options INTERFACE BOOST_ALLOW_DEPRECATED_HEADERS)
