# Compiles the version and git SHA into the binary. The SHA is read at build time (not only at
# configure time) so a rebuild after a commit reports the new SHA.
set(LAPACK_AI_VERSION_IN ${CMAKE_CURRENT_LIST_DIR}/version.cc.in)
set(LAPACK_AI_VERSION_CC ${CMAKE_BINARY_DIR}/generated/version.cc)
add_custom_target(lapack_ai_version_stamp
  COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DIN=${LAPACK_AI_VERSION_IN}
          -DOUT=${LAPACK_AI_VERSION_CC} -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_CURRENT_LIST_DIR}/WriteVersion.cmake
  BYPRODUCTS ${LAPACK_AI_VERSION_CC}
  COMMENT "Stamping version and git SHA")
