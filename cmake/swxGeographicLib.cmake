# Installed next to swxConfig.cmake: GeographicLib::GeographicLib for the consumer's link line.
# Debian's libgeographiclib-dev ships no CMake package config (only a find module without targets),
# so fall back to locating the library itself.
if(NOT TARGET GeographicLib::GeographicLib)
  find_package(GeographicLib CONFIG QUIET)
endif()
if(NOT TARGET GeographicLib::GeographicLib)
  find_library(swx_GeographicLib_LIBRARY NAMES GeographicLib)
  if(NOT swx_GeographicLib_LIBRARY)
    set(swx_FOUND FALSE)
    set(swx_NOT_FOUND_MESSAGE "swx needs GeographicLib (Debian: libgeographiclib-dev)")
    return()
  endif()
  add_library(GeographicLib::GeographicLib UNKNOWN IMPORTED)
  set_target_properties(GeographicLib::GeographicLib PROPERTIES IMPORTED_LOCATION "${swx_GeographicLib_LIBRARY}")
endif()
