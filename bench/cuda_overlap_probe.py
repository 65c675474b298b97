"""Can memory-bound kernels hide under cuBLAS DGEMMs on this GPU? A fast-matmul call's additions
are memory-bound and its products compute-bound; if the two overlap when queued on separate
streams, pipelining the additions under the products pays, otherwise only faster additions do.

Times, on one device (PyTorch; medians of REPEAT), fp64:
  gemm   K products of N^3 (torch.mm, cuBLAS) on one stream
  adds   K additions z = x + y over arrays of the size of one N^2 block x 4 (memory-bound)
  both   the two queued at once on two streams (the additions' stream at normal, then high priority)
and prints the share of the shorter one hidden: (gemm + adds - both) / min(gemm, adds).
Usage: python3 bench/cuda_overlap_probe.py [N] [K]
"""
import statistics
import sys

import torch

N = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
K = int(sys.argv[2]) if len(sys.argv) > 2 else 12
REPEAT = 7
dev = "cuda"
a, b, c = (torch.rand(N, N, dtype=torch.float64, device=dev) for _ in range(3))
x, y, z = (torch.rand(4 * N * N, dtype=torch.float64, device=dev) for _ in range(3))


def gemms():
    for _ in range(K):
        torch.mm(a, b, out=c)


def adds():
    for _ in range(K):
        torch.add(x, y, out=z)


def timed(work):
    """Median seconds of work() (which queues on streams it picks), wall-clock on the device."""
    times = []
    for _ in range(REPEAT + 1):
        torch.cuda.synchronize()
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        work()
        e.record()
        torch.cuda.synchronize()
        times.append(s.elapsed_time(e) / 1e3)
    return statistics.median(times[1:])


def on(stream, fn):
    def run():
        start = torch.cuda.Event()
        start.record()
        stream.wait_event(start)
        with torch.cuda.stream(stream):
            fn()
        done = torch.cuda.Event()
        done.record(stream)
        torch.cuda.current_stream().wait_event(done)
    return run


def together(priority):
    s1, s2 = torch.cuda.Stream(), torch.cuda.Stream(priority=priority)
    g, d = on(s1, gemms), on(s2, adds)
    return lambda: (g(), d())


tg, ta = timed(gemms), timed(adds)
flops = 2.0 * N ** 3 * K
moved = 3 * x.numel() * 8 * K
print(f"{torch.cuda.get_device_name()}: fp64, {K} x torch.mm {N}^3 and {K} x add of {x.numel() * 8 / 2**30:.2f} GiB arrays")
print(f"gemm alone {tg * 1e3:8.2f} ms ({flops / tg / 1e12:.1f} TFLOP/s)")
print(f"adds alone {ta * 1e3:8.2f} ms ({moved / ta / 1e12:.2f} TB/s)")
for name, prio in (("normal", 0), ("high", -1)):
    tb = timed(together(prio))
    hidden = (tg + ta - tb) / min(tg, ta)
    print(f"both, adds at {name:6} priority {tb * 1e3:8.2f} ms: {100 * hidden:5.1f} % of the shorter hidden")
