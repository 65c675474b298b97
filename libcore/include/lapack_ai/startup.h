// What a process that may load lib: backends must do before anything else.
#pragma once

namespace lapack_ai {

/// Re-executes the program once with glibc's thread-stack cache off
/// (GLIBC_TUNABLES=glibc.pthread.stack_cache_size=0) unless it already is. glibc 2.34+ keeps one
/// cache of exited threads' stacks for all link namespaces; a thread started from a dlmopen'ed
/// libc (BLIS starts threads on every call) that reuses a stack cached by another namespace frees
/// that stack's TLS blocks with its own allocator, and the heap is corrupted (measured: free():
/// invalid next size after a few BLIS getrf calls beside OpenBLAS). Tunables are read only at
/// start-up, hence the exec. Returns normally when nothing needs doing or the exec fails.
void EnsureSafeThreadStacks(char** argv);

}  // namespace lapack_ai
