"""A small transformer encoder for the model test and bench_torch.py:
embedding, multi-head self-attention whose softmax is an nn.Softmax module,
a GELU MLP and a SiLU MLP, layer norms. Every activation and softmax is a
module, so actkern.torch.replace_activations swaps all of them."""
import math

import torch
import torch.nn as nn


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        p = self.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.dh))
        return self.proj((p @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, d, heads, hidden, act):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads)
        self.mlp = nn.Sequential(nn.Linear(d, hidden), act, nn.Linear(hidden, d))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Encoder(nn.Module):
    def __init__(self, vocab=64, d=32, heads=4, hidden=64, seq=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(seq, d) * 0.1)
        self.blocks = nn.Sequential(Block(d, heads, hidden, nn.GELU()),
                                    Block(d, heads, hidden, nn.SiLU()))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, tokens):
        return self.head(self.ln(self.blocks(self.embed(tokens) + self.pos[: tokens.shape[1]])))


def make(seed=0, **kw):
    torch.manual_seed(seed)
    return Encoder(**kw)
