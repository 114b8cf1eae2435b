"""The JL sampler's pairwise step in PyTorch, written from its shapes: n = 100 points in r = 99
(centred) coordinates, k = 30, S = 4 samples A_s = M + σE_s, distortions of all pairs
δ_ij = ||A_s(c_i − c_j)||²/(k||c_i − c_j||²) − 1 by Gram matrices, the smooth max
τ·log Σ_{i≠j} (e^{δ/τ} + e^{−δ/τ}) averaged over the samples, + λ·k·r·σ², one Adam step on
(M, σ), loss read back every step. Sizes from the command line: --n, --r, --k, --samples-per-step."""
import sys

import torch

from _timing import run

opts = dict(n=100, r=99, k=30, s=4)
for name in list(opts):
    flag = f"--{name}"
    if flag in sys.argv:
        i = sys.argv.index(flag)
        opts[name] = int(sys.argv[i + 1])
        del sys.argv[i : i + 2]
n, r, k, S = opts["n"], opts["r"], opts["k"], opts["s"]
tau, lam = 0.05, 1e-4
C = torch.randn(n, r)
sq = (C * C).sum(1)
dist = sq[:, None] + sq[None, :] - 2 * C @ C.t()
off = ~torch.eye(n, dtype=torch.bool)
scale = torch.where(off, 1 / (k * dist.clamp_min(1e-12)), torch.zeros(()))
M = (0.1 * torch.randn(k, r)).requires_grad_()
sigma = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.Adam([M, sigma], lr=0.01)


def step():
    A = M + sigma * torch.randn(S, k, r)
    P = C @ A.transpose(1, 2)
    p2 = (P * P).sum(2)
    D = p2[:, :, None] + p2[:, None, :] - 2 * P @ P.transpose(1, 2)
    z = ((D * scale - 1) / tau)[:, off]
    smax = tau * torch.logsumexp(torch.cat([z, -z], 1), 1)
    loss = smax.mean() + lam * k * r * sigma**2
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    loss.item()


if __name__ == "__main__":
    run(step, 50)
