// The runner's memory preflight: a case's stated need against what the host and each device
// have, checked before anything is allocated, and the records written when it cannot fit or an
// allocation fails anyway (both are resource errors: the command exits 2).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "lapack_ai/op.h"
#include "lapack_ai/runner.h"

namespace lapack_ai {

/// Fills every record's memory block of the case (out[first..first+backends)) with the op's
/// need and what is available. Returns false when the host cannot hold the case: then every
/// backend in `runs` is recorded as a refused resource error. A device backend whose device is
/// too small is refused alone (its `runs` entry cleared).
bool Preflight(const OpDescription& op, const CaseParams& params,
               const std::vector<Backend*>& backends, MemoryProbe& memory,
               std::vector<bool>& runs, std::vector<CaseResult>& out, std::size_t first);

/// Just before a device backend of the case binds: its stated need against what its device has
/// free now, with the case's earlier backends bound, less the reserve. It catches what the
/// estimates miss: binding and first calls add cuBLAS handles, workspaces and kernels (0.6 GiB
/// for six backends of a 16384 fp64 gemm on the H200), and a copy an estimate leaves out (the
/// outputs' device copies, 12.9 GB there, before MemoryNeed::device counted them) would be
/// refused here rather than fail in cuMemAlloc.
/// Returns false, the record refused as a resource error, where it would not fit.
bool AdmitBind(const Backend& backend, CaseResult& r);

/// Marks one record as failed for lack of memory while `doing` ("running it on openblas").
void MarkAllocationFailure(CaseResult& r, const std::string& doing);
/// The same for every record of the case whose backend was to run.
void MarkAllocationFailure(std::vector<CaseResult>& out, std::size_t first,
                           const std::vector<bool>& runs, const std::string& doing);

}  // namespace lapack_ai
