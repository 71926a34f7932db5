#!/usr/bin/env python3
"""PyTorch twin of `nabla train charlstm|chargru|charrnn|gpt --dataset tinyshakespeare`: the same model layout and
recipe, the same data pipeline, for comparing the validation loss reached after the same steps:

- the text split by position: the first 90% trains, the rest validates; vocabulary = the training split's sorted
  characters (validation characters outside it are left out);
- 32 contiguous streams cut in chunks of 64 (PyTorch's word_language_model batching), batch k = chunk k of every
  stream, read in order; the recurrent state is carried across chunks and detached at the boundary (truncated
  BPTT), and starts at zero each epoch; validation: 8 streams, state carried the same way;
- Adam 2e-3 (gpt: AdamW 2e-3, weight decay 0.01 as torch's default), CosineAnnealingLR over all steps per batch,
  gradients clipped to a global L2 norm of 1.0; the loss is the mean cross-entropy per character (nats).

    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/pytorch_charlm_reference.py charlstm --epochs 5 --threads 2
    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/pytorch_charlm_reference.py gpt --epochs 7 --threads 2

Reads $NABLA_DATA/tinyshakespeare/input.txt. Prints one JSON line per epoch and a final one.
"""
import argparse, json, math, os, resource, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class CharRNN(nn.Module):
    """Embedding 64, a 2-layer recurrent layer of 256 (batch first), a linear head: the reference bench's CharLSTM."""

    def __init__(self, cell, vocab, emb=64, hidden=256, layers=2):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = {"charlstm": nn.LSTM, "chargru": nn.GRU, "charrnn": nn.RNN}[cell](emb, hidden, num_layers=layers, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        h, state = self.rnn(self.emb(x), state)
        return self.out(h), state


class TinyGPT(nn.Module):
    """The reference bench's TinyGPT: 4 pre-norm layers, 4 heads, 128-dim, GELU, learned positions, no dropout."""

    def __init__(self, vocab, block=64, dim=128, heads=4, layers=4):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(block, dim)
        layer = nn.TransformerEncoderLayer(dim, heads, 4 * dim, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab)
        self.register_buffer("mask", torch.triu(torch.full((block, block), float("-inf")), 1))

    def forward(self, x, state=None):
        t = x.shape[1]
        h = self.tok(x) + self.pos(torch.arange(t))
        return self.head(self.norm(self.blocks(h, mask=self.mask[:t, :t]))), None


def streams(ids, n, chunk):
    """[chunks, n, chunk] inputs and targets: stream b is ids[b*L : (b+1)*L + 1] with L = (len-1)//n."""
    length = (len(ids) - 1) // n
    chunks = length // chunk
    x = torch.stack([ids[b * length: b * length + chunks * chunk] for b in range(n)])
    y = torch.stack([ids[b * length + 1: b * length + chunks * chunk + 1] for b in range(n)])
    return x.view(n, chunks, chunk).transpose(0, 1), y.view(n, chunks, chunk).transpose(0, 1)


def detach(state):
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def evaluate(m, x, y):
    m.eval()
    total, n, state = 0.0, 0, None
    with torch.no_grad():
        for k in range(x.shape[0]):
            logits, state = m(x[k], state)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y[k].reshape(-1), reduction="sum").item()
            n += y[k].numel()
    m.train()
    return total / n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", choices=["charlstm", "chargru", "charrnn", "gpt"])
    p.add_argument("--epochs", type=int, help="default: the recipe's, 5 (gpt: 7)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--bptt", type=int, default=64)
    p.add_argument("--lr", type=float)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--val-split", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    root = os.environ.get("NABLA_DATA") or os.path.expanduser("~/.nabla/data")
    text = open(os.path.join(root, "tinyshakespeare", "input.txt"), encoding="utf-8").read()
    cut = int(math.floor(len(text) * (1 - a.val_split) + 0.5))
    train_text, val_text = text[:cut], text[cut:]
    vocab = sorted(set(train_text))
    index = {c: i for i, c in enumerate(vocab)}
    train_ids = torch.tensor([index[c] for c in train_text])
    val_ids = torch.tensor([index[c] for c in val_text if c in index])
    xtr, ytr = streams(train_ids, a.batch_size, a.bptt)
    val_streams = max(1, min(8, (len(val_ids) - 1) // a.bptt))
    xva, yva = streams(val_ids, val_streams, a.bptt)
    gpt = a.model == "gpt"
    a.epochs = a.epochs or (7 if gpt else 5)
    m = TinyGPT(len(vocab), a.bptt) if gpt else CharRNN(a.model, len(vocab))
    lr = a.lr or 2e-3
    opt = torch.optim.AdamW(m.parameters(), lr=lr) if gpt else torch.optim.Adam(m.parameters(), lr=lr)
    steps = a.epochs * xtr.shape[0]
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    start, train_seconds = time.perf_counter(), 0.0
    for epoch in range(1, a.epochs + 1):
        t0, state, total = time.perf_counter(), None, 0.0
        for k in range(xtr.shape[0]):
            opt.zero_grad()
            logits, state = m(xtr[k], detach(state))
            loss = F.cross_entropy(logits.reshape(-1, len(vocab)), ytr[k].reshape(-1))
            loss.backward()
            if a.clip > 0:
                nn.utils.clip_grad_norm_(m.parameters(), a.clip)
            opt.step()
            sched.step()
            total += loss.item()
        train_seconds += time.perf_counter() - t0
        val = evaluate(m, xva, yva)
        print(json.dumps({"epoch": epoch, "train_loss": total / xtr.shape[0], "val_loss": val, "seconds": train_seconds}), flush=True)
    print(json.dumps({"name": "train_" + a.model, "epochs": a.epochs, "steps": steps, "threads": a.threads, "val_loss": val,
                      "val_perplexity": math.exp(val), "train_chars_per_s": steps * a.batch_size * a.bptt / train_seconds,
                      "wall_seconds": time.perf_counter() - start, "params": sum(p.numel() for p in m.parameters()),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch_version": torch.__version__}))


if __name__ == "__main__":
    main()
