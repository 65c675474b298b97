// The crossover table now lives in the public header (`lapack-ai tune` reads and writes it);
// this private path stays for the includes that predate the move.
#pragma once
#include "lapack_ai/alphatensor/crossovers.h"
#include "lapack_ai/alphatensor/crossovers_file.h"
