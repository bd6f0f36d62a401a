# GeographicLib (Debian libgeographiclib-dev, MIT): geodesics on the WGS84 ellipsoid for swx::core.
# Debian 12 ships no CMake package config for it, so this defines the imported target
# GeographicLib::GeographicLib from the header and library. Included by the project and by the
# installed swxConfig.cmake (static swx_core links it).
if(NOT TARGET GeographicLib::GeographicLib)
  find_path(SWX_GEOGRAPHICLIB_INCLUDE_DIR GeographicLib/Geodesic.hpp)
  find_library(SWX_GEOGRAPHICLIB_LIBRARY NAMES GeographicLib Geographic)
  if(NOT SWX_GEOGRAPHICLIB_INCLUDE_DIR OR NOT SWX_GEOGRAPHICLIB_LIBRARY)
    message(FATAL_ERROR "GeographicLib not found: install libgeographiclib-dev (scripts/setup)")
  endif()
  add_library(GeographicLib::GeographicLib UNKNOWN IMPORTED)
  set_target_properties(GeographicLib::GeographicLib PROPERTIES
    IMPORTED_LOCATION "${SWX_GEOGRAPHICLIB_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SWX_GEOGRAPHICLIB_INCLUDE_DIR}")
endif()
