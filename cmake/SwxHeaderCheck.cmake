# SWX_HEADER_CHECK: every public header compiles on its own (libosmium's BUILD_HEADERS habit).
# One generated translation unit per header, gathered in an object library that nothing links.
function(swx_header_check target)
  set(sources)
  foreach(header IN LISTS ARGN)
    string(MAKE_C_IDENTIFIER "${header}" id)
    set(tu "${PROJECT_BINARY_DIR}/header_check/${id}.cpp")
    file(WRITE "${tu}.in" "#include <${header}>\n#include <${header}>  // include guard\n")
    configure_file("${tu}.in" "${tu}" COPYONLY)
    list(APPEND sources "${tu}")
  endforeach()
  add_library(${target} OBJECT ${sources})
  target_link_libraries(${target} PRIVATE swx::core swx::io swx::study swx_compile_options)
endfunction()
