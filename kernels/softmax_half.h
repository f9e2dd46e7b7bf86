// actkern internals (not installed): what the 16-bit softmax rows
// (kernels/softmax_half.cc) take from the float softmax code (softmax.cc).
#ifndef ACTKERN_KERNELS_SOFTMAX_HALF_H_
#define ACTKERN_KERNELS_SOFTMAX_HALF_H_

#include <stddef.h>

namespace actkern {
namespace internal {

// The column-block passes of softmax_blocks-inl.h on the dispatched target:
// max and min of a block; its exp-and-sum pass (softmax: e stored); its
// write pass (softmax: y = e / S, e already in y; log-softmax: (z - m) -
// log S).
struct SoftmaxBlockPasses {
  void (*max)(const float* x, size_t len, float scale, float* max, float* min);
  void (*sum)(const float* x, float* y, size_t len, float scale, float m,
              float block_min, bool log, bool approx, double* sum,
              double* count);
  void (*write)(const float* x, float* y, size_t len, float scale, float m,
                double count, double sum, bool log);
  // The 16-bit backward rows' dx in double and rounded to float to odd
  // (softmax_blocks-inl.h, HalfBackwardBlock).
  bool (*backward)(const float* y, const float* dy, size_t len, double s,
                   bool log, double* r, float* out);
};
SoftmaxBlockPasses DispatchedSoftmaxBlockPasses();

}  // namespace internal
}  // namespace actkern

#endif  // ACTKERN_KERNELS_SOFTMAX_HALF_H_
