#!/usr/bin/python3
"""W2 peer: the same MLP (784-256-128-10, ReLU, softmax cross-entropy averaged over a minibatch of
128) in PyTorch, loss + gradient w.r.t. every W and b, on one thread.

Run:  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/mlp_bench.py
Prints the median milliseconds per loss+gradient call and GFLOP/s, float32 and float64.
Not part of the test suite (the suite needs only .NET)."""
import statistics
import time

import torch

torch.set_num_threads(1)
B, IN, H1, H2, OUT = 128, 784, 256, 128, 10
FLOPS = 2.0 * B * (IN * H1 + H1 * H2 + H2 * OUT) * 3 - 2.0 * B * IN * H1  # no input gradient


def run(dtype):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(B, IN, generator=g, dtype=dtype) * 2 - 1
    y = torch.randint(0, OUT, (B,), generator=g)
    params = []
    for fan_in, fan_out in ((IN, H1), (H1, H2), (H2, OUT)):
        bound = (6.0 / fan_in) ** 0.5
        w = ((torch.rand(fan_in, fan_out, generator=g, dtype=dtype) * 2 - 1) * bound).requires_grad_()
        b = torch.zeros(fan_out, dtype=dtype, requires_grad=True)
        params += [w, b]
    w1, b1, w2, b2, w3, b3 = params

    def step():
        for p in params:
            p.grad = None
        a1 = torch.relu(x @ w1 + b1)
        a2 = torch.relu(a1 @ w2 + b2)
        loss = torch.nn.functional.cross_entropy(a2 @ w3 + b3, y)
        loss.backward()
        return loss

    for _ in range(50):
        step()
    times = []
    for _ in range(30):
        t0 = time.perf_counter()
        for _ in range(10):
            step()
        times.append((time.perf_counter() - t0) / 10)
    med = statistics.median(times)
    print(f"pytorch {torch.__version__} {str(dtype):14s} loss+grad median {med * 1e3:7.3f} ms  {FLOPS / med / 1e9:6.1f} GFLOP/s")


if __name__ == "__main__":
    print(torch.__config__.parallel_info().splitlines()[0])
    run(torch.float32)
    run(torch.float64)
