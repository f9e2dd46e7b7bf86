// Kernels never allocate. This binary counts every heap allocation made
// while a flag is up: it interposes the C library's allocation functions
// (malloc, calloc, realloc, the aligned ones; operator new goes through
// malloc in libstdc++, and is replaced here too so a different C++ runtime
// cannot slip past), forwarding to glibc's __libc_* entry points. Under
// ASan/TSan, which own malloc, it uses the sanitizers' allocation hook
// instead. A positive control first proves the counter sees allocations.
//
// The row kernels (every softmax-family entry point, with the parameter
// choices of tests/hardening/row_kernels.h) are held to the same rule:
// CallEveryRowKernel, on one row and on strided matrices, in place and with
// bad arguments.
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <new>
#include <string>
#include <vector>

#include "hardening/inputs.h"
#include "hardening/row_kernels.h"
#include "test_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ACTKERN_SANITIZER_MALLOC 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ACTKERN_SANITIZER_MALLOC 1
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_allocations{0};
inline void Count() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
}
}  // namespace

#ifdef ACTKERN_SANITIZER_MALLOC
// From <sanitizer/allocator_interface.h>, which GCC's Debian packages do not
// ship; the runtime (libasan/libtsan) provides the function.
extern "C" int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void*, size_t),
    void (*free_hook)(const volatile void*));
namespace {
extern "C" void __sanitizer_print_stack_trace();
// ACTKERN_ALLOC_TRACE=1 prints where each counted allocation comes from.
void OnMalloc(const volatile void*, size_t) {
  if (g_counting.load() && getenv("ACTKERN_ALLOC_TRACE") != nullptr) {
    __sanitizer_print_stack_trace();
  }
  Count();
}
void OnFree(const volatile void*) {}
const int kHooks = __sanitizer_install_malloc_and_free_hooks(OnMalloc, OnFree);
}  // namespace
#else
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);

void* malloc(size_t n) {
  Count();
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t m) {
  Count();
  return __libc_calloc(n, m);
}
void* realloc(void* p, size_t n) {
  Count();
  return __libc_realloc(p, n);
}
void* memalign(size_t a, size_t n) {
  Count();
  return __libc_memalign(a, n);
}
void* aligned_alloc(size_t a, size_t n) {
  Count();
  return __libc_memalign(a, n);
}
int posix_memalign(void** p, size_t a, size_t n) {
  Count();
  void* r = __libc_memalign(a, n);
  if (r == nullptr) return ENOMEM;
  *p = r;
  return 0;
}
void free(void* p) { __libc_free(p); }
}  // extern "C"

void* operator new(size_t n) {
  Count();
  if (void* p = __libc_malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, size_t) noexcept { __libc_free(p); }
#endif  // ACTKERN_SANITIZER_MALLOC

namespace actkern {
namespace test {
namespace {

// Counts allocations between construction and Stop(). Nothing in between may
// allocate except what is measured: no gtest assertions, no strings.
class Counter {
 public:
  Counter() {
    g_allocations.store(0);
    g_counting.store(true);
  }
  uint64_t Stop() {
    g_counting.store(false);
    return g_allocations.load();
  }
  ~Counter() { g_counting.store(false); }
};

// Calls every catalogued kernel on sizes 0..4099 (tails, full vectors,
// unrolled loops), in place, and with bad arguments. Returns the number of
// calls that did not give the expected status (checked outside the count).
size_t CallEveryKernel(const std::vector<float>& in,
                       const std::vector<float>& dy, std::vector<float>& out,
                       std::vector<float>& scratch) {
  size_t wrong = 0;
  const size_t sizes[] = {0, 1, 3, 16, 17, 64, 65, 1000, 4099};
  for (const auto& k : catalog::UnaryKernels()) {
    for (size_t n : sizes) {
      wrong += k.run(in.data(), out.data(), n) != ACTKERN_OK;
      memcpy(scratch.data(), in.data(), n * sizeof(float));
      wrong += k.run(scratch.data(), scratch.data(), n) != ACTKERN_OK;
    }
    wrong += k.run(nullptr, out.data(), 8) != ACTKERN_ERROR_NULL_POINTER;
    wrong += k.run(out.data(), out.data() + 1, 8) != ACTKERN_ERROR_OVERLAP;
    // The bias-fused form: 4 rows of 1000 (two column blocks), and in place.
    wrong += k.run_bias(nullptr, in.data(), 1000, dy.data(), out.data(), 1000,
                        4, 1000) != ACTKERN_OK;
    memcpy(scratch.data(), in.data(), 4000 * sizeof(float));
    wrong += k.run_bias(nullptr, scratch.data(), 1000, dy.data(),
                        scratch.data(), 1000, 4, 1000) != ACTKERN_OK;
  }
  for (const auto& k : catalog::BackwardKernels()) {
    for (size_t n : sizes) {
      wrong += k.run(in.data(), dy.data(), out.data(), n) != ACTKERN_OK;
      memcpy(scratch.data(), dy.data(), n * sizeof(float));
      wrong +=
          k.run(in.data(), scratch.data(), scratch.data(), n) != ACTKERN_OK;
    }
    wrong +=
        k.run(in.data(), nullptr, out.data(), 8) != ACTKERN_ERROR_NULL_POINTER;
  }
  // Gated activations: one row and four rows of the same buffers.
  for (const auto& k : catalog::GatedKernels()) {
    for (size_t cols : {size_t{1}, size_t{1000}}) {
      const size_t rows = 4;
      wrong += k.run(in.data(), cols, dy.data(), cols, out.data(), cols, rows,
                     cols) != ACTKERN_OK;
      wrong += k.run_backward(in.data(), cols, dy.data(), cols, dy.data(), cols,
                              out.data(), cols, scratch.data(), cols, rows,
                              cols) != ACTKERN_OK;
    }
  }
  // The 16-bit forms, over the same bytes read as 16-bit values.
  const auto* in16 = reinterpret_cast<const uint16_t*>(in.data());
  const auto* dy16 = reinterpret_cast<const uint16_t*>(dy.data());
  auto* out16 = reinterpret_cast<uint16_t*>(out.data());
  for (int kind : {catalog::kBf16, catalog::kF16}) {
    for (const auto& k : catalog::UnaryKernels()) {
      if (k.run_half[kind] == nullptr) continue;
      for (size_t n : sizes) {
        wrong += k.run_half[kind](in16, out16, n) != ACTKERN_OK;
        wrong += k.run_half[kind](out16, out16, n) != ACTKERN_OK;
      }
    }
    for (const auto& k : catalog::BackwardKernels()) {
      for (size_t n : sizes) {
        wrong += k.run_half[kind](in16, dy16, out16, n) != ACTKERN_OK;
      }
    }
    auto* scratch16 = reinterpret_cast<uint16_t*>(scratch.data());
    for (const auto& k : catalog::GatedKernels()) {
      for (size_t cols : {size_t{1}, size_t{1000}}) {
        wrong += k.run_half[kind](in16, cols, dy16, cols, out16, cols, 4,
                                  cols) != ACTKERN_OK;
        wrong += k.run_half_backward[kind](in16, cols, dy16, cols, dy16, cols,
                                           out16, cols, scratch16, cols, 4,
                                           cols) != ACTKERN_OK;
      }
    }
  }
  return wrong;
}

// The row shapes (rows, cols, stride) CallEveryRowKernel runs: a single
// element, short rows with gaps, vector-multiple and long rows.
struct RowShape {
  size_t rows, cols, stride;
};
const RowShape kRowShapes[] = {{1, 1, 1},   {3, 17, 20},     {2, 32, 32},
                               {4, 67, 70}, {2, 1000, 1003}, {1, 4097, 4097}};

// Every row kernel on every shape, then in place (the output on the first
// input, and for the backward passes on dy), then bad arguments. `calls` holds
// one prepared RowCall per (kernel, shape), built outside the count; `scratch`
// is a copy of each call's first input. Returns the number of calls that did
// not give the expected status.
size_t CallEveryRowKernel(std::vector<RowCall>& calls,
                          std::vector<float>& scratch) {
  size_t wrong = 0, i = 0;
  for (const RowKernel& k : RowKernels()) {
    for (size_t s = 0; s < sizeof(kRowShapes) / sizeof(kRowShapes[0]);
         ++s, ++i) {
      RowCall& c = calls[i];
      RowArgs args = c.Args();
      wrong += k.Run(args) != ACTKERN_OK;
      if (k.writes_out) {
        std::copy(c.a.begin(), c.a.end(), scratch.begin());
        RowArgs in_place = args;
        in_place.a = scratch.data();
        in_place.out = scratch.data();
        wrong += k.Run(in_place) != ACTKERN_OK;
        if (k.out_may_alias_b) {
          std::copy(c.b.begin(), c.b.end(), scratch.begin());
          in_place = args;
          in_place.b = scratch.data();
          in_place.out = scratch.data();
          wrong += k.Run(in_place) != ACTKERN_OK;
        }
      }
      RowArgs bad = args;
      bad.a = nullptr;
      wrong += k.Run(bad) != ACTKERN_ERROR_NULL_POINTER;
      bad = args;
      bad.a_stride = c.cols - 1;
      wrong += c.cols > 1 && k.Run(bad) != ACTKERN_ERROR_INVALID_ARGUMENT;
      if (k.uses_labels) {
        const int32_t saved = c.labels[0];
        c.labels[0] = k.ignore_index == -1 ? -2 : -1;
        wrong += k.Run(args) != ACTKERN_ERROR_LABEL_OUT_OF_RANGE;
        c.labels[0] = saved;
      }
    }
  }
  return wrong;
}

// The 16-bit softmax rows: each type and function on a 3 x 1300 matrix
// (several widening blocks per row), out of place and in place. Returns the
// number of calls that did not succeed.
size_t CallHalfRowKernels(std::vector<uint16_t>& x, std::vector<uint16_t>& y) {
  using Fn = decltype(&actkern_softmax_bf16);
  const Fn fns[] = {actkern_softmax_bf16, actkern_log_softmax_bf16,
                    actkern_softmax_f16, actkern_log_softmax_f16};
  size_t wrong = 0;
  for (Fn f : fns) {
    wrong += f(x.data(), 1300, y.data(), 1300, 3, 1300, 0.5f) != ACTKERN_OK;
    wrong += f(y.data(), 1300, y.data(), 1300, 3, 1300, 1.0f) != ACTKERN_OK;
  }
  using Ce = decltype(&actkern_softmax_cross_entropy_bf16);
  const int32_t labels[3] = {0, 700, 1299};
  float loss[3];
  for (Ce f : {actkern_softmax_cross_entropy_bf16,
               actkern_softmax_cross_entropy_f16}) {
    wrong += f(x.data(), 1300, labels, loss, y.data(), 1300, 3, 1300, -100,
               0.1f, ACTKERN_REDUCTION_NONE) != ACTKERN_OK;
    wrong += f(y.data(), 1300, labels, loss, y.data(), 1300, 3, 1300, 1299,
               0.0f, ACTKERN_REDUCTION_MEAN) != ACTKERN_OK;
  }
  return wrong;
}

std::vector<RowCall> PrepareRowCalls() {
  std::vector<float> raw_a(4 * 4097), raw_b(4 * 4097);
  Rng r(32);
  FillRowInputs(r, 7, raw_a, raw_b);
  std::vector<RowCall> calls;
  for (const RowKernel& k : RowKernels()) {
    for (const RowShape& s : kRowShapes) {
      calls.emplace_back(k, s.rows, s.cols, s.stride, raw_a, raw_b, s.cols,
                         0.0f);
    }
  }
  return calls;
}

struct Buffers {
  std::vector<float> in, dy, out, scratch;
  std::vector<RowCall> row_calls = PrepareRowCalls();
  Buffers() : in(4099), dy(4099), out(4099), scratch(4099) {
    Rng r(31);
    for (size_t i = 0; i < in.size(); ++i) {
      in[i] = i % 3 == 0 ? BitsToFloat(r.Bits32()) : Normalish(r, 3);
      dy[i] = Normalish(r, 0);
    }
  }
};

// The counter is live: it sees malloc and operator new.
TEST(AllocationCounter, SeesMallocAndNew) {
  // Called through volatile pointers: the compiler may otherwise drop a
  // malloc/free or new/delete pair whose memory is never used.
  void* (*volatile do_malloc)(size_t) = malloc;
  void (*volatile do_free)(void*) = free;
  void* (*volatile do_new)(size_t) = ::operator new;
  void (*volatile do_delete)(void*) = ::operator delete;
  Counter c;
  void* p = do_malloc(24);
  void* q = do_new(24);
  do_delete(q);
  do_free(p);
  EXPECT_EQ(c.Stop(), 2u);
}

class Allocations : public PerTarget {};

// After a warm-up call, no kernel allocates, on any target.
TEST_P(Allocations, KernelsAllocateNothing) {
  Buffers b;
  ASSERT_EQ(CallEveryKernel(b.in, b.dy, b.out, b.scratch), 0u);  // warm-up
  ASSERT_EQ(CallEveryRowKernel(b.row_calls, b.scratch), 0u);
  std::vector<uint16_t> x16(3 * 1300), y16(3 * 1300);
  for (size_t i = 0; i < x16.size(); ++i) {
    x16[i] = static_cast<uint16_t>(0x3C00 + (i * 37) % 2048);
  }
  ASSERT_EQ(CallHalfRowKernels(x16, y16), 0u);
  Counter c;
  size_t wrong = CallEveryKernel(b.in, b.dy, b.out, b.scratch);
  wrong += CallEveryRowKernel(b.row_calls, b.scratch);
  wrong += CallHalfRowKernels(x16, y16);
  const uint64_t allocations = c.Stop();
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(allocations, 0u) << "on " << GetParam();
}

// Re-initialising dispatch (actkern_set_max_target resets Highway's chosen
// target; the next call of each kernel goes through the choosing trampoline)
// allocates nothing either, and neither do the target queries.
TEST_P(Allocations, DispatchReinitialisationAllocatesNothing) {
  Buffers b;
  const std::string target = GetParam();
  // The test's own catalogue (a static table built on first use) is not
  // part of what is measured.
  (void)catalog::UnaryKernels();
  (void)catalog::BackwardKernels();
  (void)catalog::GatedKernels();
  (void)RowKernels();
  Counter c;
  size_t wrong = actkern_set_max_target(target.c_str()) != ACTKERN_OK;
  wrong += CallEveryKernel(b.in, b.dy, b.out, b.scratch);
  wrong += CallEveryRowKernel(b.row_calls, b.scratch);
  wrong += actkern_active_target() == nullptr;
  wrong += actkern_target_count() == 0;
  const uint64_t allocations = c.Stop();
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(allocations, 0u) << "on " << GetParam();
}

// The _par entry points allocate nothing either: validation, chunking, the
// cross-entropy range sums and the long-row block results all live on the
// calling thread's stack. Run on a pool that calls the tasks in order on this
// thread (and allocates nothing itself), claiming 4 threads so that every
// call is split.
void SerialPool(void*, size_t count, actkern_task_fn task, void* context) {
  for (size_t i = 0; i < count; ++i) task(context, i);
}

TEST_P(Allocations, ParEntryPointsAllocateNothing) {
  const size_t n = 3 * ACTKERN_PAR_ELEMENT_CHUNK + 5;
  const size_t long_cols = ACTKERN_PAR_LONG_ROW_COLS + 33;
  const size_t big = 2 * long_cols;
  std::vector<float> in(big), dy(big), out(big);
  Rng r(41);
  for (size_t i = 0; i < big; ++i) {
    in[i] = Normalish(r, 3);
    dy[i] = Normalish(r, 0);
  }
  std::vector<int32_t> labels(100, 7);
  float loss[100];
  const actkern_exec exec{&SerialPool, nullptr, 4};
  const auto& entries = catalog::EntryPoints();
  auto call_all = [&] {
    size_t wrong = 0;
    for (const auto& e : entries) {
      wrong += e.call_par(&exec, in.data(), dy.data(), out.data(), n,
                          e.valid_params.data()) != ACTKERN_OK;
      wrong += e.call_par(&exec, nullptr, dy.data(), out.data(), n,
                          e.valid_params.data()) != ACTKERN_ERROR_NULL_POINTER;
    }
    wrong += actkern_softmax_f32_par(&exec, in.data(), 5000, out.data(), 5000,
                                     8, 5000, 1.0f) != ACTKERN_OK;
    wrong += actkern_log_softmax_f32_par(&exec, in.data(), long_cols,
                                         out.data(), long_cols, 2, long_cols,
                                         0.5f) != ACTKERN_OK;
    wrong += actkern_softmax_backward_f32_par(&exec, in.data(), 1000, dy.data(),
                                              1000, out.data(), 1000, 100,
                                              1000) != ACTKERN_OK;
    wrong += actkern_softmax_cross_entropy_f32_par(
                 &exec, in.data(), 1000, labels.data(), loss, out.data(), 1000,
                 100, 1000, -100, 0.1f, ACTKERN_REDUCTION_MEAN) != ACTKERN_OK;
    return wrong;
  };
  ASSERT_EQ(call_all(), 0u);  // warm-up
  Counter c;
  const size_t wrong = call_all();
  const uint64_t allocations = c.Stop();
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(allocations, 0u) << "on " << GetParam();
}

ACTKERN_INSTANTIATE_PER_TARGET(Allocations);

}  // namespace
}  // namespace test
}  // namespace actkern
