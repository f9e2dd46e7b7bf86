// SLEEF's SSE4.1 variants (compiled with -msse4.1).
#include <immintrin.h>
#include <sleef.h>
#define SLEEF_W 4
#define SLEEF_LOAD _mm_loadu_ps
#define SLEEF_STORE _mm_storeu_ps
#define SLEEF_FN(f, acc) Sleef_##f##f4_##acc##sse4
#define SLEEF_TABLE kSleefSse4
#include "sleef_wrappers.inc"
