#!/usr/bin/python3
"""Peer of `dotnet run -c Release --project benchmarks/SymGraph.Benchmarks -- --train-epoch`: one
training epoch of digits (examples/data/digits.train.csv, 1,437 rows, standardized features with the
population deviation, 1 for constant pixels), MLP 64-64-10 tanh, softmax cross-entropy averaged over
the batch, batch 32 (44 full batches and a last one of 29), SGD with Nesterov momentum 0.9, lr 0.05,
one thread. Every tensor is built before timing; an epoch is the shuffle, the batch indexing and the
45 steps (zero_grad, forward, backward, step), as in the SymGraph harness.

Run:  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/train_bench.py
(on a CPU with AVX-512 whose OpenBLAS reports Prescott, add OPENBLAS_CORETYPE=SkylakeX).
Prints the median epoch over 200 epochs after 20 of warm-up, and microseconds per step (and the
fastest epoch's), float32 and float64. Not part of the test suite (the suite needs only .NET)."""
import os
import statistics
import time

import torch

torch.set_num_threads(1)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BATCH = 32


def load():
    path = os.path.join(ROOT, "examples", "data", "digits.train.csv")
    with open(path) as f:
        lines = [l.strip() for l in f.readlines()[1:] if l.strip()]
    rows = torch.tensor([[float(c) for c in l.split(",")] for l in lines], dtype=torch.float64)
    x, labels = rows[:, :64], rows[:, 64].long()
    mean = x.mean(0)
    sd = x.std(0, unbiased=False)
    sd[sd == 0] = 1
    return (x - mean) / sd, labels


def run(dtype, x64, labels):
    g = torch.Generator().manual_seed(0)
    x = x64.to(dtype)
    n = x.shape[0]
    params = []
    for fan_in, fan_out in ((64, 64), (64, 10)):
        bound = (6.0 / (fan_in + fan_out)) ** 0.5
        params.append(((torch.rand(fan_in, fan_out, generator=g, dtype=dtype) * 2 - 1) * bound).requires_grad_())
        params.append(torch.zeros(fan_out, dtype=dtype, requires_grad=True))
    w1, b1, w2, b2 = params
    opt = torch.optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True)
    steps = (n + BATCH - 1) // BATCH

    def epoch():
        order = torch.randperm(n, generator=g)
        total = 0.0
        for s in range(steps):
            idx = order[s * BATCH:(s + 1) * BATCH]
            xb, yb = x[idx], labels[idx]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(torch.tanh(xb @ w1 + b1) @ w2 + b2, yb)
            loss.backward()
            opt.step()
            total = loss
        return total

    times = []
    for e in range(220):
        t0 = time.perf_counter()
        loss = epoch()
        t = time.perf_counter() - t0
        if e >= 20:
            times.append(t)
    med, best = statistics.median(times), min(times)
    print(f"pytorch {torch.__version__} {str(dtype):14s} epoch median {med * 1e3:7.3f} ms  {med * 1e6 / steps:7.1f} us/step  (fastest epoch {best * 1e6 / steps:6.1f} us/step)  loss {float(loss):.4f}")


if __name__ == "__main__":
    print(torch.__config__.parallel_info().splitlines()[0])
    x, labels = load()
    run(torch.float32, x, labels)
    run(torch.float64, x, labels)
