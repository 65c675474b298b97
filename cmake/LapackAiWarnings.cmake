# Per-target warning flags (never global CMAKE_CXX_FLAGS); LAPACK_AI_WERROR makes them errors.
function(lapack_ai_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
      -Woverloaded-virtual -Wimplicit-fallthrough>)
  if(LAPACK_AI_WERROR)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
  endif()
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
