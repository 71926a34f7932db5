# PyTorch PGD on a LeNet-5 trained by `nabla train lenet5 --dataset mnist` (its checkpoint/last/weights-*.safetensors;
# MNIST standardisation as that run fitted it), first N MNIST test images: checks that `nabla attack` is as strong as
# PyTorch's. Same convention as `nabla attack`: eps and the step in pixels of [0, 1] images (the standardisation is
# inside the model), L-inf ball, steps of 2.5 eps / STEPS from a uniform random start, each projected onto the ball and
# clamped to [0, 1]; the loss raised is the true label's cross-entropy, or the margin (best other logit - true logit).
# With RESTARTS > 1 an image counts as robust only if it survives every restart (Madry et al.'s evaluation).
# Run from nabla-core/src/test/resources/fixtures with /usr/bin/python3:
#   pgd-torch.py WEIGHTS.safetensors [EPS=0.1] [STEPS=40] [RESTARTS=1] [N=1000]
import sys, gzip, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, '.')
from make_safetensors_fixtures import load, lenet5
torch.set_num_threads(2)
eps = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 40
restarts = int(sys.argv[4]) if len(sys.argv) > 4 else 1
n = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
m = lenet5(); m.load_state_dict({k: v.float() for k, v in load(sys.argv[1])[0].items() if not k.startswith("optimizer")}); m.eval()
with gzip.open('/work/shared/data/mnist/t10k-images-idx3-ubyte.gz') as f: x = torch.tensor(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1,1,28,28)[:n] / 255., dtype=torch.float32)
with gzip.open('/work/shared/data/mnist/t10k-labels-idx1-ubyte.gz') as f: y = torch.tensor(np.frombuffer(f.read(), np.uint8, offset=8)[:n].astype(np.int64))
net = lambda p: m((p - 0.13066047740239478) * 3.2456172224131485)
a = 2.5 * eps / steps
for loss_name in ("ce", "margin"):
    torch.manual_seed(0)
    robust = torch.ones(n, dtype=torch.bool)
    for r in range(restarts):
        adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
        for _ in range(steps):
            adv.requires_grad_(True)
            out = net(adv)
            if loss_name == "ce": l = F.cross_entropy(out, y)
            else:
                true = out.gather(1, y[:, None])[:, 0]; other = out.masked_fill(F.one_hot(y, 10).bool(), -1e9).max(1).values; l = (other - true).sum()
            g, = torch.autograd.grad(l, adv)
            adv = (x + (adv.detach() + a * g.sign() - x).clamp(-eps, eps)).clamp(0, 1)
        with torch.no_grad(): robust &= net(adv).argmax(1) == y
    with torch.no_grad():
        print(f"{loss_name}: eps {eps}, {steps} steps, {restarts} restart(s), first {n}: clean {(net(x).argmax(1) == y).float().mean().item():.4f}"
              f" adv {robust.float().mean().item():.4f} zero-grad share (last step) {(g == 0).float().mean().item():.4f}")
