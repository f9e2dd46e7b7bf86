// A C++ program using the installed actkern through its C++ API.
#include <actkern/actkern.h>
#include <actkern/reference.h>

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
  std::printf("C++ consumer on %s: max ulp %.3f over %zu values\n",
              actkern::ActiveTarget(), worst, x.size());
  return worst <= 1.0 ? 0 : 1;
}
