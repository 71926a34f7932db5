# An independent reference for `nabla attack`: trains LeNet-5 in PyTorch with Nabla's default lenet5 recipe (Adam,
# one-cycle to 0.005 per batch, batch 64, inputs standardised by MNIST's mean and std, 3 epochs; seed argv[2] or 0)
# and attacks it with PGD-40 (L-inf, steps of 2.5 eps / 40, random start, cross-entropy of the true label; eps in
# pixels of [0, 1] images, clamped to [0, 1], standardisation inside the model) at eps 0.05, 0.1, 0.15 and 0.2 on
# the first argv[1] MNIST test images (default 1000). Shows whether a plain LeNet-5 falls below 10% at eps 0.1.
# Run with /usr/bin/python3 (torch 1.13) from the repository root: python3 scripts/pgd-torch-lenet.py [N] [SEED]
import sys, gzip, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
torch.manual_seed(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
def idx(name, offset):
    with gzip.open('/work/shared/data/mnist/' + name) as f: return np.frombuffer(f.read(), np.uint8, offset=offset)
xtr = torch.tensor(idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28) / 255., dtype=torch.float32)
ytr = torch.tensor(idx('train-labels-idx1-ubyte.gz', 8).astype(np.int64))
xte = torch.tensor(idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28) / 255., dtype=torch.float32)
yte = torch.tensor(idx('t10k-labels-idx1-ubyte.gz', 8).astype(np.int64))
mean, std = xtr.mean().item(), xtr.std().item()
m = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
net = lambda p: m((p - mean) / std)
epochs, batch = 3, 64
opt = torch.optim.Adam(m.parameters(), lr=0.005)
steps = epochs * ((len(xtr) + batch - 1) // batch)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.005, total_steps=steps)
t0 = time.time()
for e in range(epochs):
    perm = torch.randperm(len(xtr))
    for i in range(0, len(xtr), batch):
        b = perm[i:i + batch]
        loss = F.cross_entropy(net(xtr[b]), ytr[b])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
m.eval()
with torch.no_grad(): acc = (net(xte).argmax(1) == yte).float().mean().item()
print(f"trained {epochs} epochs in {time.time() - t0:.0f} s: test accuracy {100 * acc:.2f}%")
x, y = xte[:n], yte[:n]
for eps in (0.05, 0.1, 0.15, 0.2):
    a = 2.5 * eps / 40
    adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(40):
        adv.requires_grad_(True)
        g, = torch.autograd.grad(F.cross_entropy(net(adv), y), adv)
        adv = (x + (adv.detach() + a * g.sign() - x).clamp(-eps, eps)).clamp(0, 1)
    with torch.no_grad():
        print(f"PGD-40 eps {eps}: clean {100 * (net(x).argmax(1) == y).float().mean().item():.2f}%  adversarial {100 * (net(adv).argmax(1) == y).float().mean().item():.2f}%  (first {n} test images)")
