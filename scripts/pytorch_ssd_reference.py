#!/usr/bin/env python3
"""PyTorch twin of `nabla bench ssd`: one training step of Nabla's single-shot detector (models.detection.
SingleShotDetector with its defaults) on a batch of 32 random 1x64x64 images with 1-4 boxes each: the same layers
(conv-BN(eps 1e-3)-ReLU blocks of 16, 32, 64, 64, 128 channels with three 2x2 max-pools, a stride-2 block, 3x3 class and
box heads on the stride-8 and stride-16 maps), the same anchors (sizes 16, 24 and 32, 44, ratios 1 and 2, cell-centred),
the same matching (IoU >= 0.5 object, < 0.4 background, every box's best anchors), torchvision's sigmoid focal loss and
BoxCoder (10, 10, 5, 5), smooth L1, Adam(1e-3). Timed as ref_bench.py times a step: warm-up, then windows of --min-time.

    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/pytorch_ssd_reference.py --threads 2

Prints one JSON line like `nabla bench ssd`.
"""
import argparse, json, math, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.detection._utils import BoxCoder
from torchvision.ops import box_iou, sigmoid_focal_loss


def cbr(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-3), nn.ReLU())


def anchors(image=64):
    out = []
    for sizes, grid in (((16, 24), image // 8), ((32, 44), image // 16)):
        stride = image // grid
        base = []
        for r in (1.0, 2.0):
            hr = math.sqrt(r)
            for s in sizes:
                w, h = s / hr, s * hr
                base.append([round(-w / 2), round(-h / 2), round(w / 2), round(h / 2)])
        base = torch.tensor(base, dtype=torch.float32)
        c = (torch.arange(grid, dtype=torch.float32) + 0.5) * stride
        cy, cx = torch.meshgrid(c, c, indexing="ij")
        shifts = torch.stack([cx, cy, cx, cy], -1).reshape(-1, 1, 4)
        out.append((shifts + base.view(1, -1, 4)).reshape(-1, 4))
    return torch.cat(out)


class SSD(nn.Module):
    def __init__(self, classes=10, width=128):
        super().__init__()
        self.classes = classes
        self.backbone = nn.Sequential(cbr(1, 16), nn.MaxPool2d(2), cbr(16, 32), nn.MaxPool2d(2), cbr(32, 64), cbr(64, 64),
                                      nn.MaxPool2d(2), cbr(64, width))
        self.extra = cbr(width, width, 2)
        self.cls0, self.box0 = nn.Conv2d(width, 4 * classes, 3, padding=1), nn.Conv2d(width, 16, 3, padding=1)
        self.cls1, self.box1 = nn.Conv2d(width, 4 * classes, 3, padding=1), nn.Conv2d(width, 16, 3, padding=1)
        for c in (self.cls0, self.cls1):
            nn.init.constant_(c.bias, -math.log((1 - 0.01) / 0.01))
        self.register_buffer("anchors", anchors())
        self.coder = BoxCoder((10.0, 10.0, 5.0, 5.0))

    def forward(self, x):
        f0 = self.backbone(x)
        f1 = self.extra(f0)
        rows = lambda t, k: t.permute(0, 2, 3, 1).reshape(t.shape[0], -1, k)
        box = torch.cat([rows(self.box0(f0), 4), rows(self.box1(f1), 4)], 1)
        cls = torch.cat([rows(self.cls0(f0), self.classes), rows(self.cls1(f1), self.classes)], 1)
        return box, cls

    def loss(self, box, cls, targets):
        b, p = cls.shape[:2]
        cls_t = torch.zeros_like(cls)
        valid = torch.zeros(b, p, 1)
        pos = torch.zeros(b, p, 1)
        matched = self.anchors.repeat(b, 1, 1)
        for i in range(b):
            t = targets[i][targets[i][:, 4] >= 0]
            iou = box_iou(t[:, :4], self.anchors)  # [n, P]
            best, idx = iou.max(0)
            m = torch.where(best >= 0.5, idx, torch.where(best < 0.4, torch.full_like(idx, -1), torch.full_like(idx, -2)))
            low = (iou == iou.max(1, keepdim=True).values) & (iou > 0)
            m = torch.where(low.any(0), idx, m)
            fg = m >= 0
            valid[i, m != -2] = 1
            pos[i, fg] = 1
            cls_t[i, fg, t[m[fg], 4].long()] = 1
            matched[i, fg] = t[m[fg], :4]
        norm = max(1.0, float(pos.sum()))
        cls_loss = (sigmoid_focal_loss(cls, cls_t, 0.25, 2.0, "none") * valid).sum()
        box_t = self.coder.encode_single(matched.reshape(-1, 4), self.anchors.repeat(b, 1)).reshape(b, p, 4)
        box_loss = F.smooth_l1_loss(box * pos, box_t * pos, reduction="sum", beta=1.0)
        return (cls_loss + box_loss) / norm


def targets(b):
    """The boxes of BenchCommand.ssdTargets."""
    y = torch.zeros(b, 4, 5)
    for i in range(b):
        for k in range(4):
            if k > i % 4:
                y[i, k, 4] = -1
                continue
            x1, y1 = (7 * i + 13 * k) % 40, (11 * i + 5 * k) % 40
            y[i, k] = torch.tensor([x1, y1, x1 + 10 + (i + k) % 15, y1 + 16 + (3 * i + k) % 14, (i + k) % 10])
    return y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--warmup", type=float, default=20.0)
    p.add_argument("--min-time", type=float, default=3.0)
    p.add_argument("--windows", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = SSD()
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    x, y = torch.rand(a.batch, 1, 64, 64), targets(a.batch)

    def step():
        opt.zero_grad()
        box, cls = m(x)
        m.loss(box, cls, y).backward()
        opt.step()

    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < a.warmup or n < 3:
        step()
        n += 1
    per_step = []
    for _ in range(a.windows):
        t0, k = time.perf_counter(), 0
        while time.perf_counter() - t0 < a.min_time:
            step()
            k += 1
        per_step.append((time.perf_counter() - t0) / k)
    ms = statistics.median(per_step) * 1e3
    print(json.dumps({"name": "ssd_train", "impl": "pytorch", "torch": torch.__version__, "torch_version": torch.__version__, "threads": a.threads, "batch": a.batch,
                      "image": "1x64x64", "ms_per_step": ms, "samples_per_s": a.batch / ms * 1e3,
                      "params": sum(q.numel() for q in m.parameters()), "windows_ms": [t * 1e3 for t in per_step]}))


if __name__ == "__main__":
    main()
