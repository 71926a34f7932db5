# PyTorch PGD (L-inf, eps 0.1, 40 steps of 2.5 eps / 40, random start; cross-entropy and margin loss) on a LeNet-5
# trained by `nabla train lenet5 --dataset mnist` (its checkpoint/last/weights-*.safetensors; MNIST standardisation
# as that run fitted it), first 1,000 MNIST test images: checks that `nabla attack` is as strong as PyTorch's.
# Run from nabla-core/src/test/resources/fixtures with /usr/bin/python3.
import sys, gzip, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, '.')
from make_safetensors_fixtures import load, lenet5
torch.set_num_threads(2)
m = lenet5(); m.load_state_dict({k: v.float() for k, v in load(sys.argv[1])[0].items() if not k.startswith("optimizer")}); m.eval()
with gzip.open('/work/shared/data/mnist/t10k-images-idx3-ubyte.gz') as f: x = torch.tensor(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1,1,28,28)[:1000] / 255., dtype=torch.float32)
with gzip.open('/work/shared/data/mnist/t10k-labels-idx1-ubyte.gz') as f: y = torch.tensor(np.frombuffer(f.read(), np.uint8, offset=8)[:1000].astype(np.int64))
net = lambda p: m((p - 0.13066047740239478) * 3.2456172224131485)
eps, steps = 0.1, 40; a = 2.5 * eps / steps
for loss_name in ("ce", "margin"):
    torch.manual_seed(0)
    adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(steps):
        adv.requires_grad_(True)
        out = net(adv)
        if loss_name == "ce": l = F.cross_entropy(out, y)
        else:
            true = out.gather(1, y[:, None])[:, 0]; other = out.masked_fill(F.one_hot(y, 10).bool(), -1e9).max(1).values; l = (other - true).sum()
        g, = torch.autograd.grad(l, adv)
        adv = (x + (adv.detach() + a * g.sign() - x).clamp(-eps, eps)).clamp(0, 1)
    with torch.no_grad(): print(loss_name, "clean", (net(x).argmax(1) == y).float().mean().item(), "adv", (net(adv).argmax(1) == y).float().mean().item(), "zero-grad share", (g == 0).float().mean().item())
