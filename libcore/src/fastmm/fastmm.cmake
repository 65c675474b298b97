# Sources of fastmm, added to lapack_ai_core (included from libcore/CMakeLists.txt).
# Plan compiler and peeling (helper A2).
target_sources(lapack_ai_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/plan_split.cc)
