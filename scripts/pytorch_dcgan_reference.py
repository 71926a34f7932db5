#!/usr/bin/python3
"""The DCGAN of `nabla train dcgan` in PyTorch on MNIST, measured with Nabla's own LeNet-5 judge.

Recipe (as Nabla's GanTask and Gans.dcgan): ref_bench.py's dcgan players (generator ConvT(100,128,7) BN ReLU,
ConvT(128,64,4,2,1) BN ReLU, ConvT(64,1,4,2,1) tanh; discriminator Conv(1,64,4,2,1) LeakyReLU(0.2),
Conv(64,128,4,2,1) BN LeakyReLU(0.2), Conv(128,1,7); no biases), the paper's init (conv weights N(0, 0.02), batch-norm
scales N(1, 0.02), shifts 0), Adam 2e-4 with betas (0.5, 0.999) for both players, batch 64 of the shuffled training
set (the last, partial batch kept: 938 steps per epoch), pixels in [0, 1] shown as [-1, 1]. Each step: the
discriminator on a real and a fake batch (BCE with logits, real 1, fake 0, two forward passes), then the generator
on the same fakes (non-saturating: BCE against 1).

Measures, as GanMeasures does: 10,000 samples of the generator in eval mode (batch norm's running statistics),
mapped to [0, 1]; the judge is Nabla's cached LeNet-5 (`lenet5-judge-mnist.safetensors` in $NABLA_CACHE or
~/.cache/nabla, written by any `nabla train gan|dcgan|cgan|wgan-gp` run), read here from that safetensors file,
so both sides use the same weights. Its 84-d penultimate features give LeNet-FID against the first 10,000 test images
(mean, covariance with n - 1, tr sqrt from the eigenvalues of S1^1/2 S2 S1^1/2, in float64, as FrechetDistance);
its softmax gives the inception-style score, the classes covered (>= 1% of the samples) and the class shares.
`inception_score_test_set` and `judge_test_accuracy` depend only on the judge and the test set: they equal Nabla's
summary.json figures when the judge is loaded right. The floor here is the first 10,000 training images against the
test set (Nabla's: a stratified 10,000; the two agree to a few hundredths).

Usage: /usr/bin/python3 scripts/pytorch_dcgan_reference.py [--epochs 5] [--seed 1] [--threads 2] [--out DIR]
       /usr/bin/python3 scripts/pytorch_dcgan_reference.py --generator DIR/generator.pt   (measure only)
Prints one JSON line per epoch and a final JSON line with the measures; --out also gets samples.png (the 64 samples
of a fixed noise), summary.json and generator.pt (the trained generator, measured again with --generator).
"""
import argparse, gzip, json, os, struct, time
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    n = struct.unpack(">I", data[4:8])[0]
    return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, 28, 28).astype(np.float32) / 255


def idx_labels(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


def read_safetensors(path):
    """A safetensors file (F32 tensors only, which is what Nabla writes for the judge) as {name: tensor}."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    body = raw[8 + n:]
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            raise SystemExit("%s: tensor %s is %s, expected F32" % (path, name, t["dtype"]))
        a, b = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(body[a:b], dtype="<f4").copy().reshape(t["shape"]))
    return out


def dcgan_players(nz=100):
    """ref_bench.py's dcgan_players (copied so this script stands alone)."""
    g = nn.Sequential(nn.ConvTranspose2d(nz, 128, 7, 1, 0, bias=False), nn.BatchNorm2d(128), nn.ReLU(True),
                      nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(True),
                      nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=False), nn.Tanh())
    d = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
                      nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, True),
                      nn.Conv2d(128, 1, 7, 1, 0, bias=False), nn.Flatten())
    return g, d


def paper_init(m):
    for mod in m.modules():
        if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(mod.weight, 0.0, 0.02)
        elif isinstance(mod, nn.BatchNorm2d):
            nn.init.normal_(mod.weight, 1.0, 0.02)
            nn.init.zeros_(mod.bias)


def lenet5():
    """Nabla's Models.lenet5(1, 2, 10): the same layout, so the state dict's names ("0.weight", ...) match."""
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def judge(net, images):
    """Penultimate features (84, after ReLU) and softmax probabilities, float64, batches of 500."""
    feats, probs = [], []
    with torch.no_grad():
        for x in images.split(500):
            h = net[:11](x)
            feats.append(h.double())
            probs.append(torch.softmax(net[11](h), 1).double())
    return torch.cat(feats).numpy(), torch.cat(probs).numpy()


def frechet(a, b):
    mu_a, mu_b = a.mean(0), b.mean(0)
    ca, cb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    w, v = np.linalg.eigh(ca)
    root_a = (v * np.sqrt(np.maximum(w, 0))) @ v.T
    m = root_a @ cb @ root_a
    m = (m + m.T) / 2
    trace_root = np.sqrt(np.maximum(np.linalg.eigvalsh(m), 0)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(ca) + np.trace(cb) - 2 * trace_root)


def inception_score(p):
    marginal = p.mean(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(p > 0, p * (np.log(p) - np.log(marginal)), 0.0)
    return float(np.exp(kl.sum(1).mean()))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5, help="5: nabla train dcgan's default")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--dataset", default="mnist")
    p.add_argument("--judge", default=None, help="the judge's safetensors (default: Nabla's cache)")
    p.add_argument("--out", default=None, help="folder for samples.png, summary.json and generator.pt")
    p.add_argument("--generator", default=None, help="measure this generator.pt (a --out of an earlier run) instead of training")
    a = p.parse_args()
    cache = os.environ.get("NABLA_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "nabla")
    judge_file = a.judge or os.path.join(cache, "lenet5-judge-%s.safetensors" % a.dataset)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)
    root = os.path.join(os.environ.get("NABLA_DATA", "/work/shared/data"), a.dataset)
    train = torch.from_numpy(idx_images(os.path.join(root, "train-images-idx3-ubyte.gz")))
    test = torch.from_numpy(idx_images(os.path.join(root, "t10k-images-idx3-ubyte.gz")))
    test_y = idx_labels(os.path.join(root, "t10k-labels-idx1-ubyte.gz"))

    nz, b = 100, a.batch_size
    g, d = dcgan_players(nz)
    paper_init(g)
    paper_init(d)
    og = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    fixed = torch.randn(64, nz, 1, 1, generator=torch.Generator().manual_seed(a.seed + 7))
    start, steps = time.time(), 0
    if a.generator:
        saved = torch.load(a.generator)
        g.load_state_dict(saved["state"])
        steps, a.epochs, a.seed = saved["steps"], saved["epochs"], saved["seed"]
    for epoch in range(1, 0 if a.generator else a.epochs + 1):
        g.train(); d.train()
        perm, d_total, g_total, n_seen = torch.randperm(len(train)), 0.0, 0.0, 0
        for i in range(0, len(train), b):
            real = train[perm[i:i + b]] * 2 - 1
            n = real.size(0)
            fake = g(torch.randn(n, nz, 1, 1))
            od.zero_grad(set_to_none=True)
            d_real, d_fake = d(real), d(fake.detach())
            d_loss = (F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
                      + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))
            d_loss.backward()
            od.step()
            og.zero_grad(set_to_none=True)
            score = d(fake)
            g_loss = F.binary_cross_entropy_with_logits(score, torch.ones_like(score))
            g_loss.backward()
            og.step()
            d_total += d_loss.item() * n
            g_total += g_loss.item() * n
            n_seen += n
            steps += 1
        print(json.dumps({"epoch": epoch, "steps": steps, "d_loss": d_total / n_seen, "g_loss": g_total / n_seen,
                          "seconds": round(time.time() - start, 1)}), flush=True)
    train_seconds = time.time() - start
    if a.out and not a.generator:
        os.makedirs(a.out, exist_ok=True)
        torch.save({"state": g.state_dict(), "steps": steps, "epochs": a.epochs, "seed": a.seed},
                   os.path.join(a.out, "generator.pt"))
    if not os.path.isfile(judge_file):
        raise SystemExit("%s: no judge; run any `./nabla train dcgan --dataset %s` (it trains and caches it), then "
                         "measure this run with --generator OUT/generator.pt" % (judge_file, a.dataset))

    g.eval()
    net = lenet5()
    net.load_state_dict(read_safetensors(judge_file))
    net.eval()
    gen = torch.Generator().manual_seed(a.seed + 2)
    with torch.no_grad():
        fakes = torch.cat([((g(torch.randn(500, nz, 1, 1, generator=gen)) + 1) * 0.5).clamp(0, 1)
                           for _ in range(20)])
        grid = ((g(fixed) + 1) * 0.5).clamp(0, 1)
    f_fake, p_fake = judge(net, fakes)
    f_test, p_test = judge(net, test[:10000])
    f_real, _ = judge(net, train[:10000])
    counts = np.bincount(p_fake.argmax(1), minlength=10)
    m = {"lenet_fid": frechet(f_fake, f_test), "lenet_fid_real_floor": frechet(f_real, f_test),
         "inception_score": inception_score(p_fake), "inception_score_test_set": inception_score(p_test),
         "classes_covered": int((counts >= 0.01 * len(fakes)).sum()), "class_shares": (counts / len(fakes)).tolist(),
         "judge_test_accuracy": float((p_test.argmax(1) == test_y[:10000]).mean()), "samples": len(fakes),
         "judge": judge_file, "steps": steps, "epochs": a.epochs, "seed": a.seed, "threads": a.threads,
         "train_seconds": round(train_seconds, 1), "torch": torch.__version__}
    print(json.dumps(m), flush=True)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "summary.json"), "w") as f:
            json.dump(m, f, indent=2)
        try:
            from torchvision.utils import save_image
            save_image(grid, os.path.join(a.out, "samples.png"), nrow=8, padding=2)
        except ImportError:
            pass


if __name__ == "__main__":
    main()
