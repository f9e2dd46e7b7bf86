// SLEEF's AVX-512F variants (compiled with -mavx512f).
#include <immintrin.h>
#include <sleef.h>
#define SLEEF_W 16
#define SLEEF_LOAD _mm512_loadu_ps
#define SLEEF_STORE _mm512_storeu_ps
#define SLEEF_FN(f, acc) Sleef_##f##f16_##acc##avx512f
#define SLEEF_TABLE kSleefAvx512
#include "sleef_wrappers.inc"
