#!/usr/bin/env python3
"""Writes the seed corpus for the libFuzzer targets (fuzz/corpus/<target>/).

The layouts are described at the top of each *_fuzz.cc. Seeds cover each
kernel index and target index the first bytes can select, special values
(zeros, infinities, NaNs, subnormals, overflow/underflow limits), edge sizes
(1..67 floats, misaligned) and, for args_fuzz, null pointers, exact and
partial overlaps and overflowing sizes.
    python3 fuzz/make_seeds.py
"""
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SPECIAL = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
           0x7F800001, 0x00000001, 0x807FFFFF, 0x00800000, 0x7F7FFFFF, 0xFF7FFFFF,
           0x3F800000, 0xBF800000, 0x42B17217, 0x42B17218, 0xC2CFF1B4, 0xC2D00000,
           0x3F317218, 0x41A00000, 0xC1A00000, 0x33D6BF95]


def floats(bits):
    return b"".join(struct.pack("<I", b & 0xFFFFFFFF) for b in bits)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    rng = random.Random(7)
    for k in range(4):
        for t in range(8):
            flags = (k * 5 + t) % 32
            write("unary", f"special-k{k}-t{t}", bytes([k, t, flags]) + floats(SPECIAL))
    for n in (1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 49, 64, 67):
        vals = [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 8)))[0] for _ in range(n)]
        write("unary", f"edge-n{n}", bytes([n % 4, n % 7, n % 16 | (16 if n % 2 else 0)]) +
              floats(vals))
    write("unary", "random-bits", bytes([0, 0, 3]) + floats(rng.getrandbits(32) for _ in range(200)))

    for k in range(4):
        for t in range(8):
            pairs = []
            for a in SPECIAL:
                pairs += [a, SPECIAL[(a >> 3) % len(SPECIAL)]]
            write("backward", f"special-k{k}-t{t}", bytes([k, t, (k + t) % 16 | (t % 3) << 4]) +
                  floats(pairs))
    for n in (1, 3, 8, 17, 33, 49, 67):
        pairs = []
        for _ in range(n):
            pairs += [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 4)))[0],
                      struct.unpack("<I", struct.pack("<f", rng.gauss(0, 1)))[0]]
        write("backward", f"edge-n{n}", bytes([n % 5, n % 3, n % 16 | (n % 3) << 4]) + floats(pairs))

    # args: [kernel][nulls][off0 lo hi][off1 lo hi][off2 lo hi][mode][n bytes]
    def args(k, nulls, o0, o1, o2, mode, nb):
        return bytes([k, nulls]) + struct.pack("<HHH", o0, o1, o2) + bytes([mode]) + bytes(nb)
    write("args", "ok-disjoint", args(0, 0, 0, 512, 1024, 0, [40]))
    write("args", "in-place", args(0, 0, 64, 512, 64, 0, [33]))
    write("args", "partial-overlap", args(0, 0, 64, 512, 68, 0, [33]))
    write("args", "byte-overlap", args(0, 0, 64, 512, 66, 0, [33]))
    write("args", "null-in", args(0, 1, 0, 512, 1024, 0, [5]))
    write("args", "null-out", args(1, 4, 0, 512, 1024, 0, [5]))
    write("args", "null-n0", args(0, 7, 0, 0, 0, 0, [0]))
    write("args", "overflow-max", args(0, 0, 0, 512, 1024, 2, [0]))
    write("args", "overflow-limit", args(1, 0, 0, 512, 1024, 3, [0, 0]))
    write("args", "big-valid", args(2, 0, 0, 0, 1600, 1, [0, 2]))
    write("args", "backward-dy-overlap", args(1, 0, 0, 512, 516, 0, [20]))

    # softmax: [op][target][rows][cols lo][cols hi][strides][flags][scale x4]
    #          [labels per row][logits ...][dy / soft-target bytes ...]
    def softmax(op, t, rows, cols, strides, flags, labels, logits, tail=b""):
        return (bytes([op, t, rows - 1, (cols - 1) & 255, (cols - 1) >> 8, strides, flags]) +
                floats([0x3E000000]) + bytes(labels) + floats(logits) + tail)
    special_row = SPECIAL * 2
    for op in range(6):
        for t in range(3):
            write("softmax", f"special-op{op}-t{t}",
                  softmax(op, t, 2, len(SPECIAL), op % 4, (op + t) % 16, [3, 250],
                          special_row, bytes(rng.getrandbits(8) for _ in range(200))))
    for cols in (1, 2, 7, 8, 31, 32, 33, 65, 130, 257):
        for op in range(6):
            rows = 1 + cols % 4
            logits = [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 6)))[0]
                      for _ in range(rows * cols)]
            labels = [rng.randrange(256) for _ in range(rows)]
            write("softmax", f"edge-c{cols}-op{op}",
                  softmax(op, cols % 3, rows, cols, cols % 16, (cols + op) % 32, labels, logits,
                          bytes(rng.getrandbits(8) for _ in range(2 * rows * cols))))
    masked = [0xFF800000] * 20 + [0x3F800000] + [0xFF800000] * 10
    write("softmax", "masked-row", softmax(0, 0, 2, 31, 0, 0, [0, 0], masked + [0xFF800000] * 31))
    write("softmax", "inf-entries", softmax(1, 0, 1, 5, 0, 1, [0],
                                            [0x7F800000, 0, 0x7F800000, 0xFF800000, 0x42000000]))
    # flags 12: scale from the header's bits (0.125 here); huge logits.
    write("softmax", "huge-logits", softmax(0, 0, 1, 4, 0, 12, [0],
                                            [0x7F7FFFFF, 0xFF7FFFFF, 0x7F7FFFFE, 0]))
    # flags bits 4-6: masked rows (lengths, causal, both), logsumexp.
    for name, flags in (("lengths", 0x10), ("causal", 0x20), ("causal-lengths", 0x60),
                        ("logsumexp", 0x30)):
        for op in range(2):
            logits = [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 4)))[0]
                      for _ in range(3 * 40)]
            write("softmax", f"{name}-op{op}",
                  softmax(op, op, 3, 40, 5, flags | (op << 1), [37, 9, 0], logits))
    for op in range(2):  # flags bit 7: the 16-bit rows (f16 for an odd label byte)
        logits = [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 4)))[0]
                  for _ in range(2 * 600)]
        for f16 in range(2):
            write("softmax", f"half-op{op}-{'f16' if f16 else 'bf16'}",
                  softmax(op, op, 2, 600, 3, 0x80, [f16, 0], logits))
    write("softmax", "bad-length", softmax(0, 0, 2, 9, 0, 0x10, [255, 3], [0] * 18))
    write("softmax", "logsumexp-specials",
          softmax(0, 0, 2, len(SPECIAL), 0, 0x30, [0, 0], special_row))
    # unary flags bit 7: the bias-fused form (1 + (offset & 3) rows, then the bias).
    for k in range(0, 40, 7):
        vals = [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 3)))[0] for _ in range(3 * 97)]
        write("unary", f"bias-k{k}", bytes([k, k % 3, 0x80 | 1]) + floats(vals))
    write("unary", "bias-specials", bytes([3, 0, 0x80]) + floats(SPECIAL + SPECIAL[::-1]))

    # gated: [row][target][flags: type, layout, backward, rows - 1][cols - 1][values]
    half_special = [0x0000, 0x8000, 0x7F80, 0xFF80, 0x7FC0, 0x0001, 0x3F80, 0xBF80,
                    0x7C00, 0xFC00, 0x7E00, 0x3C00, 0x0400, 0x7BFF, 0xC2C8, 0x42C8]
    for k in range(6):
        for flags in (0x00, 0x01, 0x06 | 0x20, 0x11, 0x1C, 0x08 | 0x40):
            vals = [struct.unpack("<I", struct.pack("<f", rng.gauss(0, 5)))[0]
                    for _ in range(3 * 4 * 33)]
            write("gated", f"float-k{k}-f{flags:02x}", bytes([k, k % 3, flags, 32]) + floats(vals))
        for flags in (0x02, 0x03, 0x16 | 0x20, 0x1B, 0x0E | 0x60):
            vals = bytes(rng.getrandbits(8) for _ in range(2 * 3 * 4 * 41))
            write("gated", f"half-k{k}-f{flags:02x}", bytes([k, k % 3, flags, 40]) + vals)
        write("gated", f"specials-k{k}", bytes([k, 0, 0x00, len(SPECIAL) - 1]) +
              floats(SPECIAL * 3))
        write("gated", f"half-specials-k{k}", bytes([k, 0, 0x12, len(half_special) - 1]) +
              b"".join(struct.pack("<H", v) for v in half_special * 3))


if __name__ == "__main__":
    main()
