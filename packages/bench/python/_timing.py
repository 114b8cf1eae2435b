"""Shared timing loop of the reference scripts: one thread, batches of `steps` steps, JSON on stdout."""
import argparse
import json
import sys
import time

import torch


def run(step, default_steps):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=default_steps, help="steps per timed batch")
    parser.add_argument("--samples", type=int, default=5, help="timed batches")
    parser.add_argument("--warmup", type=int, default=1, help="untimed batches")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    times = []
    for i in range(args.warmup + args.samples):
        t0 = time.perf_counter()
        for _ in range(args.steps):
            step()
        if i >= args.warmup:
            times.append(1000 * (time.perf_counter() - t0))
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "python": sys.version.split()[0], "steps": args.steps, "msPerRun": times}, sys.stdout)
    print()
