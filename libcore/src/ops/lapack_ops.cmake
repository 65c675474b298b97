# Sources of ops, added to lapack_ai_core (included from libcore/CMakeLists.txt).
