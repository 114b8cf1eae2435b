"""The paper-fig3 training step in PyTorch, written from its shapes: 50 fresh N(0, I_2) inputs,
teacher tanh(u·x) with u = (1, 1)/sqrt(2), student a·softplus_2(W x + b) with h = 1000 and the
output layer a frozen, loss mean squared error + 1e-5·||W||², plain gradient steps on W and b
(the authors' PGD: noise on W only when ||grad W|| < 1e-3), loss read back every step."""
import math

import torch

from _timing import run

n, d, h, lam = 50, 2, 1000, 1e-5
lr_w, lr_b = 0.8 * math.sqrt(h), 250.0
u = torch.tensor([1.0, 1.0]) / math.sqrt(2)
W = (torch.randn(h, d) / math.sqrt(d)).requires_grad_()
b = torch.zeros(h, requires_grad=True)
a = torch.randn(h) / h


def step():
    x = torch.randn(n, d)
    y = torch.tanh(x @ u)
    z = x @ W.t() + b
    out = (0.5 * torch.nn.functional.softplus(2 * z)) @ a
    loss = torch.mean((out - y) ** 2) + lam * torch.sum(W * W)
    gw, gb = torch.autograd.grad(loss, [W, b])
    with torch.no_grad():
        W.sub_(lr_w * gw)
        b.sub_(lr_b * gb)
        if gw.norm() < 1e-3:
            W.add_(0.005 * torch.randn_like(W))
    loss.item()


if __name__ == "__main__":
    run(step, 500)
