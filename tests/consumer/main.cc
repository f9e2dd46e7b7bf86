// A C++ program using the installed actkern through its C++ API.
#include <actkern/actkern.h>
#include <actkern/reference.h>
#include <actkern/thread_pool.h>

#include <cstdio>
#include <vector>

int main() {
  std::vector<float> x(1000);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = -20.0f + 0.02f * static_cast<float>(i);
  std::vector<float> y(x.size());
  if (actkern::Exp(x.data(), y.data(), x.size()) != actkern::Status::kOk)
    return 1;
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double e = actkern::UlpError(y[i], actkern::ref::Exp(x[i]));
    worst = e > worst ? e : worst;
  }
  // The same on the caller's pool, through the C++ wrapper: the same bits.
  actkern::ThreadPool pool(2);
  std::vector<float> rows(64 * 1000), p0(rows.size()), p1(rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    rows[i] = 0.01f * static_cast<float>(i % 977);
  if (actkern::Softmax(rows.data(), 1000, p0.data(), 1000, 64, 1000) !=
          actkern::Status::kOk ||
      actkern::Softmax(pool.Exec(), rows.data(), 1000, p1.data(), 1000, 64,
                       1000) != actkern::Status::kOk ||
      p0 != p1) {
    return 1;
  }
  std::printf("C++ consumer on %s: max ulp %.3f over %zu values\n",
              actkern::ActiveTarget(), worst, x.size());
  // The 16-bit forms through the C++ namespaces.
  const uint16_t xb[2] = {0x3F80, 0xBF80};  // bf16 1 and -1
  uint16_t yb[2];
  if (actkern::bf16::Tanh(xb, yb, 2) != actkern::Status::kOk ||
      yb[1] != (yb[0] ^ 0x8000) ||
      actkern_ulp_error_bf16(yb[0], actkern::ref::Tanh(1.0)) > 0.5)
    return 1;
  // 16-bit rows through the C++ namespaces: an f16 log-softmax of two
  // equal logits is -ln 2 (0xB98C, correctly rounded) each, and the bf16
  // softmax of [0, 0] on the pool 0.5 (0x3F00) each.
  const uint16_t zh[2] = {0x0000, 0x0000};
  uint16_t lh[2], pb[2];
  if (actkern::f16::LogSoftmax(zh, 2, lh, 2, 1, 2) != actkern::Status::kOk ||
      lh[0] != 0xB98C || lh[1] != 0xB98C ||
      actkern::bf16::Softmax(pool.Exec(), zh, 2, pb, 2, 1, 2) !=
          actkern::Status::kOk ||
      pb[0] != 0x3F00 || pb[1] != 0x3F00)
    return 1;
  return worst <= 1.0 ? 0 : 1;
}
