"""The backends suite's MLP step in PyTorch, written from its shapes: batch 256, 100 → 512 → 512 → 1,
ReLU, mean squared error, p ← p − 0.01·grad, loss read back every step."""
import torch

from _timing import run

sizes = [(100, 512), (512, 512), (512, 1)]
x = torch.randn(256, 100)
y = torch.randn(256, 1)
params = []
for i, o in sizes:
    params += [(torch.randn(i, o) * (2 / i) ** 0.5).requires_grad_(), torch.zeros(o, requires_grad=True)]


def step():
    hidden = x
    for layer in range(3):
        hidden = hidden @ params[2 * layer] + params[2 * layer + 1]
        if layer < 2:
            hidden = torch.relu(hidden)
    loss = torch.mean((hidden - y) ** 2)
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for p, g in zip(params, grads):
            p.sub_(0.01 * g)
    loss.item()


if __name__ == "__main__":
    run(step, 1)
