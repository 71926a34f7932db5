#!/usr/bin/python3
"""PyTorch's examples/vae (main.py) on MNIST, for comparison with `nabla train vae`.

784-400-20, Bernoulli decoder, Adam 1e-3, batch 128, pixels in [0, 1], shuffled training set; the test loss is
PyTorch's: summed binary cross-entropy + KL over the test set, divided by the number of test images.
Reads the idx files under $NABLA_DATA/mnist (or fashion-mnist) directly, so no download.
Usage: /usr/bin/python3 scripts/pytorch_vae_reference.py [--epochs 10] [--seed 1] [--threads 2] [--dataset mnist]
"""
import argparse, gzip, json, os, struct, time
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    n = struct.unpack(">I", data[4:8])[0]
    return np.frombuffer(data, np.uint8, offset=16).reshape(n, 784).astype(np.float32) / 255


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def loss_function(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dataset", default="mnist")
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    root = os.path.join(os.environ.get("NABLA_DATA", "/work/shared/data"), a.dataset)
    train = torch.from_numpy(idx(os.path.join(root, "train-images-idx3-ubyte.gz")))
    test = torch.from_numpy(idx(os.path.join(root, "t10k-images-idx3-ubyte.gz")))
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    start = time.time()
    for epoch in range(1, a.epochs + 1):
        model.train()
        perm, total = torch.randperm(len(train)), 0.0
        for i in range(0, len(train), 128):
            x = train[perm[i:i + 128]]
            opt.zero_grad()
            loss = loss_function(*((lambda r: (r[0], x, r[1], r[2]))(model(x))))
            loss.backward()
            total += loss.item()
            opt.step()
        model.eval()
        with torch.no_grad():
            test_loss = sum(loss_function(*((lambda r: (r[0], x, r[1], r[2]))(model(x)))).item()
                            for x in test.split(128)) / len(test)
        print(json.dumps({"epoch": epoch, "train_loss": total / len(train), "test_loss": test_loss,
                          "seconds": round(time.time() - start, 1)}), flush=True)


if __name__ == "__main__":
    main()
