# Installation and the swx:: CMake package (find_package(swx)).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS swx_core swx_compile_options EXPORT swxTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/swx/core DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/swx
        FILES_MATCHING PATTERN "*.hpp")
install(EXPORT swxTargets NAMESPACE swx:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/swx)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/swxConfig.cmake.in
  ${PROJECT_BINARY_DIR}/swxConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/swx)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/swxConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/swxConfig.cmake ${PROJECT_BINARY_DIR}/swxConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/swx)
if(SWX_BUILD_CLI)
  install(TARGETS swxrisk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
