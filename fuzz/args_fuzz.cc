// Fuzzes the argument validation of every elementwise entry point (unary and
// backward): bytes -> which pointers are NULL, where in one arena each buffer
// starts (byte offsets, so partial and misaligned overlaps occur), and n
// (small, or near the overflow limits). The expected status is computed
// independently from the documented contract (n == 0 -> OK; a NULL pointer ->
// NULL_POINTER; n * 4 overflowing the limit -> INVALID_ARGUMENT; output
// overlapping an input other than exactly -> OVERLAP; else OK), and on any
// error every byte of the arena must be unchanged; on success nothing outside
// the output is.
//
// Layout: [kernel][flags: null bits][off0 lo, hi][off1 lo, hi][off2 lo, hi]
//         [n mode][n bytes...]
#include <vector>

#include "catalog.h"
#include "fuzz_util.h"

using actkern::fuzz::Bytes;

namespace {

constexpr size_t kArenaFloats = 1024;

bool Overlap(size_t a, size_t b, size_t bytes) {
  return a < b + bytes && b < a + bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& unary = actkern::catalog::UnaryKernels();
  const auto& backward = actkern::catalog::BackwardKernels();
  const size_t count = unary.size() + backward.size();
  if (count == 0 || size < 8) return 0;
  Bytes in(data, size);
  const size_t which = in.U8() % count;
  const bool is_backward = which >= unary.size();
  const uint8_t nulls = in.U8();
  const size_t arena_bytes = kArenaFloats * sizeof(float);
  size_t off[3];
  for (size_t& o : off)
    o = (in.U8() | static_cast<size_t>(in.U8()) << 8) % (arena_bytes / 2);
  const uint8_t mode = in.U8();
  size_t n;
  switch (mode % 4) {
    case 0:
      n = in.U8() % 64;
      break;
    case 1:
      n = (in.U8() | static_cast<size_t>(in.U8()) << 8) %
          (kArenaFloats / 2 + 1);
      break;
    case 2:
      n = SIZE_MAX - (in.U8() % 16);
      break;
    default:
      n = SIZE_MAX / sizeof(float) / 2 + 1 - (in.U8() % 4) +
          (in.U8() % 8) * (SIZE_MAX / 64);
  }

  std::vector<unsigned char> arena(arena_bytes + 16), before;
  for (size_t i = 0; i < arena.size(); ++i)
    arena[i] = static_cast<unsigned char>(i * 131 + 7);
  before = arena;
  unsigned char* base = arena.data();
  // in0, in1 (backward only), out.
  const float* p0 =
      (nulls & 1) ? nullptr : reinterpret_cast<const float*>(base + off[0]);
  const float* p1 =
      (nulls & 2) ? nullptr : reinterpret_cast<const float*>(base + off[1]);
  float* po = (nulls & 4) ? nullptr : reinterpret_cast<float*>(base + off[2]);

  // The documented contract, computed independently.
  actkern_status want;
  const bool any_null =
      p0 == nullptr || po == nullptr || (is_backward && p1 == nullptr);
  if (n == 0) {
    want = ACTKERN_OK;
  } else if (any_null) {
    want = ACTKERN_ERROR_NULL_POINTER;
  } else if (n > SIZE_MAX / sizeof(float) / 2) {
    want = ACTKERN_ERROR_INVALID_ARGUMENT;
  } else {
    const size_t bytes = n * sizeof(float);
    const bool o0 = off[0] != off[2] && Overlap(off[0], off[2], bytes);
    const bool o1 =
        is_backward && off[1] != off[2] && Overlap(off[1], off[2], bytes);
    want = (o0 || o1) ? ACTKERN_ERROR_OVERLAP : ACTKERN_OK;
    // Valid calls must stay inside the arena (and floats aligned to run).
    if (want == ACTKERN_OK &&
        (off[0] + bytes > arena_bytes || off[2] + bytes > arena_bytes ||
         (is_backward && off[1] + bytes > arena_bytes) || off[0] % 4 ||
         off[1] % 4 || off[2] % 4)) {
      return 0;
    }
  }
  const actkern_status got =
      is_backward ? backward[which - unary.size()].run(p0, p1, po, n)
                  : unary[which].run(p0, po, n);
  FUZZ_CHECK(
      got == want,
      "kernel %zu n=%zu nulls=%u offsets %zu %zu %zu: status %d, want %d",
      which, n, nulls, off[0], off[1], off[2], got, want);
  if (got != ACTKERN_OK || n == 0) {
    FUZZ_CHECK(arena == before, "status %d but the arena changed", got);
  } else {
    for (size_t i = 0; i < arena.size(); ++i) {
      if (i >= off[2] && i < off[2] + n * sizeof(float)) continue;
      // Exact aliasing: the input is the output, so it changes too.
      FUZZ_CHECK(arena[i] == before[i], "byte %zu outside the output changed",
                 i);
    }
  }
  return 0;
}
