// The checks every thread pool adapter passes (tests/adapters/*_test.cc):
// elementwise, row and long-row calls through the adapter's actkern_exec give
// the bits of the same calls without a pool.
#ifndef ACTKERN_TESTS_ADAPTERS_ADAPTER_CHECKS_H_
#define ACTKERN_TESTS_ADAPTERS_ADAPTER_CHECKS_H_

#include <gtest/gtest.h>
#include <string.h>

#include <vector>

#include "actkern/actkern.h"

namespace actkern {
namespace test {

inline std::vector<float> AdapterInputs(size_t n, float step) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = -7.0f + step * static_cast<float>(i % 4099);
  return v;
}

inline bool SameBits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

inline void CheckAdapter(const actkern_exec& exec) {
  const size_t n = 9 * ACTKERN_PAR_ELEMENT_CHUNK + 13;
  const std::vector<float> x = AdapterInputs(n, 0.0031f);
  std::vector<float> want(n), got(n);
  ASSERT_EQ(actkern_gelu_f32(x.data(), want.data(), n), ACTKERN_OK);
  ASSERT_EQ(actkern_gelu_f32_par(&exec, x.data(), got.data(), n), ACTKERN_OK);
  EXPECT_TRUE(SameBits(want, got));
  ASSERT_EQ(actkern_mish_backward_f32(x.data(), x.data(), want.data(), n),
            ACTKERN_OK);
  ASSERT_EQ(
      actkern_mish_backward_f32_par(&exec, x.data(), x.data(), got.data(), n),
      ACTKERN_OK);
  EXPECT_TRUE(SameBits(want, got));
  const size_t rows = 96, cols = 1001;
  const std::vector<float> z = AdapterInputs(rows * cols, 0.013f);
  want.assign(rows * cols, 0.0f);
  got.assign(rows * cols, 0.0f);
  ASSERT_EQ(actkern_log_softmax_f32(z.data(), cols, want.data(), cols, rows,
                                    cols, 1.0f),
            ACTKERN_OK);
  ASSERT_EQ(actkern_log_softmax_f32_par(&exec, z.data(), cols, got.data(), cols,
                                        rows, cols, 1.0f),
            ACTKERN_OK);
  EXPECT_TRUE(SameBits(want, got));
  // A long row: the _par result with the pool equals the _par result inline.
  const size_t long_cols = ACTKERN_PAR_LONG_ROW_COLS + 777;
  const std::vector<float> lz = AdapterInputs(long_cols, 0.0023f);
  want.assign(long_cols, 0.0f);
  got.assign(long_cols, 0.0f);
  ASSERT_EQ(actkern_softmax_f32_par(nullptr, lz.data(), long_cols, want.data(),
                                    long_cols, 1, long_cols, 1.0f),
            ACTKERN_OK);
  ASSERT_EQ(actkern_softmax_f32_par(&exec, lz.data(), long_cols, got.data(),
                                    long_cols, 1, long_cols, 1.0f),
            ACTKERN_OK);
  EXPECT_TRUE(SameBits(want, got));
}

}  // namespace test
}  // namespace actkern

#endif  // ACTKERN_TESTS_ADAPTERS_ADAPTER_CHECKS_H_
