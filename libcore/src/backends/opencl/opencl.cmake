# Sources of backends/opencl, added to lapack_ai_core (included from libcore/CMakeLists.txt).
