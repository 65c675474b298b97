# Sources of backends/alphatensor, added to lapack_ai_core (included from libcore/CMakeLists.txt).
