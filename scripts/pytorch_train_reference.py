#!/usr/bin/env python3
"""PyTorch twin of `nabla train MODEL --dataset mnist|fashion-mnist`: the same model layout, recipe (per-channel
standardisation fitted on the training set, Adam or SGD+momentum, OneCycleLR stepped per batch, batch 64) and data,
timed the same way (training samples/s over the epochs, evaluation excluded). For end-to-end comparisons only:

    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/pytorch_train_reference.py lenet5 mnist --epochs 1 --threads 2

Reads the IDX files from $NABLA_DATA/<dataset> (default ~/.nabla/data). Prints one JSON line.
"""
import argparse, gzip, json, os, resource, struct, time
import numpy as np
import torch
import torch.nn as nn


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    rank = magic & 0xFF
    dims = struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(root, name, split):
    d = os.path.join(root, name)
    pick = lambda base: next(os.path.join(d, f) for f in (base + ".gz", base) if os.path.exists(os.path.join(d, f)))
    x = idx(pick(split + "-images-idx3-ubyte")).astype(np.float32) / 255
    y = idx(pick(split + "-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


def model(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", choices=["mlp", "lenet5"])
    p.add_argument("dataset", choices=["mnist", "fashion-mnist"])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    root = os.environ.get("NABLA_DATA") or os.path.expanduser("~/.nabla/data")
    start = time.perf_counter()
    xtr, ytr = load(root, a.dataset, "train")
    xte, yte = load(root, a.dataset, "t10k")
    mean, std = xtr.mean(), xtr.std(unbiased=False)
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    m = model(a.model)
    if a.model == "mlp":
        opt, lr = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9), 0.1
    else:
        opt, lr = torch.optim.Adam(m.parameters(), lr=0.005), 0.005
    steps = a.epochs * ((len(ytr) + a.batch_size - 1) // a.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss()
    train_seconds = 0.0
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        m.train()
        for idxs in torch.randperm(len(ytr)).split(a.batch_size):
            opt.zero_grad()
            loss = loss_fn(m(xtr[idxs]), ytr[idxs])
            loss.backward()
            opt.step()
            sched.step()
        train_seconds += time.perf_counter() - t0
    m.eval()
    with torch.no_grad():
        acc = float((m(xte).argmax(1) == yte).float().mean())
    print(json.dumps({"name": "train_" + a.model, "dataset": a.dataset, "epochs": a.epochs, "threads": a.threads,
                      "test_accuracy": acc, "samples_per_s": a.epochs * len(ytr) / train_seconds,
                      "wall_seconds": time.perf_counter() - start,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch_version": torch.__version__}))


if __name__ == "__main__":
    main()
