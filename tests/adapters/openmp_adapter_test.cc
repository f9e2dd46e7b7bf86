// actkern/exec_openmp.h: the OpenMP adapter gives the plain call's bits, with
// the default thread count and with 2 and 3 threads.
#include <omp.h>

#include "actkern/exec_openmp.h"
#include "adapter_checks.h"

namespace actkern {
namespace test {
namespace {

TEST(OpenMpAdapter, SameBitsAsThePlainCall) {
  for (int threads : {0, 2, 3}) {
    if (threads > 0) omp_set_num_threads(threads);
    const actkern_exec exec = actkern_openmp_exec();
    if (threads > 0) {
      EXPECT_EQ(exec.num_threads, static_cast<size_t>(threads));
    }
    CheckAdapter(exec);
  }
}

}  // namespace
}  // namespace test
}  // namespace actkern
