# Sources of scenario, added to lapack_ai_core (included from libcore/CMakeLists.txt).
