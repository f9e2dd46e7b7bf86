// SLEEF's AVX2 variants (compiled with -mavx2 -mfma).
#include <immintrin.h>
#include <sleef.h>
#define SLEEF_W 8
#define SLEEF_LOAD _mm256_loadu_ps
#define SLEEF_STORE _mm256_storeu_ps
#define SLEEF_FN(f, acc) Sleef_##f##f8_##acc##avx2
#define SLEEF_TABLE kSleefAvx2
#include "sleef_wrappers.inc"
