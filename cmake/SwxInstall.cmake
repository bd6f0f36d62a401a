# Installation and the swx:: CMake package: find_package(swx) (or its alias find_package(swxrisk)).
# See docs/install.md. Layout under CMAKE_INSTALL_PREFIX:
#   include/swx/<lib>/*.hpp (not detail/), include/swx/core/version.hpp
#   lib/libswx_<lib>.a, lib/cmake/swx/{swxConfig,swxConfigVersion,swxTargets}.cmake, lib/cmake/swxrisk/
#   bin/swxrisk, share/swxrisk/earth/ (the bundled data the runtime reads), python: see below
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The libraries installed and exported as swx::<name> (target swx_<name>, headers src/swx/<name>).
# Installing another library is adding its name here; a name whose target does not exist is skipped.
set(SWX_INSTALLED_LIBRARIES core io study)

set(SWX_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/swx")
set(SWX_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/swxrisk")

set(swx_installed_targets)
foreach(lib IN LISTS SWX_INSTALLED_LIBRARIES)
  if(NOT TARGET swx_${lib})
    continue()
  endif()
  # The warning and sanitizer flags must not reach consumers: only the build tree may see them.
  get_target_property(links swx_${lib} LINK_LIBRARIES)
  if(links AND "swx_compile_options" IN_LIST links)
    message(FATAL_ERROR "swx_${lib} is installed: link it with $<BUILD_INTERFACE:swx_compile_options>, "
                        "not swx_compile_options (cmake/SwxInstall.cmake)")
  endif()
  set_target_properties(swx_${lib} PROPERTIES EXPORT_NAME ${lib})
  list(APPEND swx_installed_targets swx_${lib})
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/src/swx/${lib}/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/swx/${lib}"
          COMPONENT devel FILES_MATCHING PATTERN "*.hpp" PATTERN "detail" EXCLUDE)
endforeach()
install(TARGETS ${swx_installed_targets} EXPORT swxTargets COMPONENT devel
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(FILES "${PROJECT_BINARY_DIR}/generated/swx/core/version.hpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/swx/core" COMPONENT devel)
install(EXPORT swxTargets NAMESPACE swx:: DESTINATION "${SWX_INSTALL_CMAKEDIR}" COMPONENT devel)

# swxConfig.cmake: static libraries carry their PRIVATE dependencies to the consumer's link line
# ($<LINK_ONLY:...>), so the config finds those too. That includes toml++: Debian builds it as a shared
# library (libtomlplusplus.so, TOML_HEADER_ONLY=0), not header-only.
set(SWX_CONFIG_PRIVATE_DEPENDENCIES "")
get_target_property(swx_io_type swx_io TYPE)
if(swx_io_type STREQUAL "STATIC_LIBRARY")
  string(APPEND SWX_CONFIG_PRIVATE_DEPENDENCIES
    "find_dependency(GDAL CONFIG)\n"
    "find_dependency(PROJ 9 CONFIG)\n"
    "find_dependency(tomlplusplus CONFIG)\n"
    "find_dependency(Freetype)\n"
    "find_dependency(EXPAT)\n"
    "find_dependency(SQLite3)\n"
    "include(\"\${CMAKE_CURRENT_LIST_DIR}/swxHDF5.cmake\")\n")
  get_target_property(SWX_HDF5_LOCATION hdf5::hdf5 IMPORTED_LOCATION)
  get_target_property(SWX_HDF5_HL_LOCATION hdf5::hdf5_hl IMPORTED_LOCATION)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/swxHDF5.cmake.in" "${PROJECT_BINARY_DIR}/swxHDF5.cmake" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/swxHDF5.cmake" DESTINATION "${SWX_INSTALL_CMAKEDIR}" COMPONENT devel)
  if(TARGET GeographicLib::GeographicLib)
    string(APPEND SWX_CONFIG_PRIVATE_DEPENDENCIES "include(\"\${CMAKE_CURRENT_LIST_DIR}/swxGeographicLib.cmake\")\n")
    install(FILES "${PROJECT_SOURCE_DIR}/cmake/swxGeographicLib.cmake" DESTINATION "${SWX_INSTALL_CMAKEDIR}"
            COMPONENT devel)
  endif()
endif()
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/swxConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/swxConfig.cmake" INSTALL_DESTINATION "${SWX_INSTALL_CMAKEDIR}"
  PATH_VARS SWX_INSTALL_DATADIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/swxConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/swxConfig.cmake" "${PROJECT_BINARY_DIR}/swxConfigVersion.cmake"
        DESTINATION "${SWX_INSTALL_CMAKEDIR}" COMPONENT devel)
# find_package(swxrisk): the project's name, forwarding to swx.
configure_file("${PROJECT_SOURCE_DIR}/cmake/swxriskConfig.cmake.in" "${PROJECT_BINARY_DIR}/swxriskConfig.cmake" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/swxriskConfig.cmake" DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/swxrisk"
        COMPONENT devel)
install(FILES "${PROJECT_BINARY_DIR}/swxConfigVersion.cmake" RENAME swxriskConfigVersion.cmake
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/swxrisk" COMPONENT devel)

# Data the runtime reads (default_data_dir() in src/swx/io/earth_models.cpp finds it from bin/ or lib/).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/datasets/earth" "${PROJECT_SOURCE_DIR}/datasets/basemap"
        DESTINATION "${SWX_INSTALL_DATADIR}" COMPONENT runtime)

if(TARGET swxrisk)
  install(TARGETS swxrisk RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
endif()

# The Python package, laid out as the wheel is (setup.py): swxrisk/{__init__.py,_swxrisk*.so,data/earth,data/basemap}.
if(TARGET _swxrisk)
  set(SWX_INSTALL_PYTHONDIR "lib/python${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}/dist-packages" CACHE STRING
      "Where cmake --install puts the swxrisk Python package (relative to the prefix)")
  install(TARGETS _swxrisk LIBRARY DESTINATION "${SWX_INSTALL_PYTHONDIR}/swxrisk" COMPONENT python)
  install(FILES "${PROJECT_SOURCE_DIR}/python/swxrisk/__init__.py" DESTINATION "${SWX_INSTALL_PYTHONDIR}/swxrisk"
          COMPONENT python)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/datasets/earth" "${PROJECT_SOURCE_DIR}/datasets/basemap"
          DESTINATION "${SWX_INSTALL_PYTHONDIR}/swxrisk/data"
          COMPONENT python)
endif()

# package_consumer: installs this build into a prefix beside the build tree (<build>-install, outside it,
# so the installed binaries cannot fall back to the source datasets) and builds tests/consumer against
# it. Not under SWX_SANITIZE: the sanitizer link flags are deliberately not exported to consumers.
if(SWX_BUILD_TESTS AND NOT SWX_SANITIZE)
  set(SWX_PACKAGE_TEST_PREFIX "${PROJECT_BINARY_DIR}-install" CACHE PATH
      "Install prefix used by the package_consumer test (emptied by it)")
  set(check_args -DSWX_SOURCE_DIR=${PROJECT_SOURCE_DIR} -DSWX_BINARY_DIR=${PROJECT_BINARY_DIR}
      -DPREFIX=${SWX_PACKAGE_TEST_PREFIX} -DCONSUMER_BUILD=${PROJECT_BINARY_DIR}/tests/consumer
      -DGENERATOR=${CMAKE_GENERATOR} -DCONFIG=$<CONFIG> -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCXX_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER})
  if(TARGET _swxrisk)
    list(APPEND check_args -DPYTHON=${Python_EXECUTABLE} -DPYTHONDIR=${SWX_INSTALL_PYTHONDIR})
  endif()
  add_test(NAME package_consumer COMMAND ${CMAKE_COMMAND} ${check_args} -P ${PROJECT_SOURCE_DIR}/tests/consumer/check.cmake)
  set_tests_properties(package_consumer PROPERTIES TIMEOUT 300 LABELS package)
endif()
