/* A C program using the installed actkern: exp of a few values, checked
 * against the library's own double reference and ULP measure. */
#include <actkern/actkern.h>
#include <actkern/reference.h>
#include <stdio.h>

/* The simplest pool: the tasks in order on this thread (a real caller passes
 * its own pool's parallel-for). */
static void serial_parallel_for(void* pool, size_t count, actkern_task_fn task,
                                void* task_context) {
  size_t i;
  (void)pool;
  for (i = 0; i < count; ++i) task(task_context, i);
}

/* A parallel call through an execution context gives the plain call's bits. */
static int check_par(void) {
  enum { kN = 3 * 16384 + 5 };
  static float x[kN], a[kN], b[kN];
  actkern_exec exec;
  size_t i;
  exec.parallel_for = serial_parallel_for;
  exec.pool = NULL;
  exec.num_threads = 2;
  for (i = 0; i < kN; ++i) x[i] = -8.0f + 16.0f * (float)i / (float)kN;
  if (actkern_silu_f32(x, a, kN) != ACTKERN_OK) return 1;
  if (actkern_silu_f32_par(&exec, x, b, kN) != ACTKERN_OK) return 1;
  for (i = 0; i < kN; ++i) {
    if (a[i] != b[i]) return 1;
  }
  return 0;
}

int main(void) {
  float x[5] = {-1.0f, 0.0f, 0.5f, 10.0f, -100.0f};
  float y[5];
  actkern_status s = actkern_exp_f32(x, y, 5);
  if (s != ACTKERN_OK) {
    fprintf(stderr, "actkern_exp_f32: %s\n", actkern_status_string(s));
    return 1;
  }
  printf("actkern target: %s\n", actkern_active_target());
  for (int i = 0; i < 5; ++i) {
    double ulp = actkern_ulp_error(y[i], actkern_ref_exp(x[i]));
    printf("exp(%g) = %g (%.3f ulp)\n", x[i], y[i], ulp);
    if (ulp > 1.0) return 1;
  }
  /* A bad call returns a status and writes nothing. */
  if (actkern_exp_f32(x, NULL, 5) != ACTKERN_ERROR_NULL_POINTER) return 1;
  {
    /* The 16-bit forms: sigmoid(0) = 0.5 in bf16, e^1 = 2.71875 in f16 (the
     * correctly rounded value), and the same through the conversions. */
    const actkern_bf16 zero = 0x0000;
    const actkern_f16 one = 0x3C00;
    actkern_bf16 half;
    actkern_f16 e;
    if (actkern_sigmoid_bf16(&zero, &half, 1) != ACTKERN_OK || half != 0x3F00)
      return 1;
    if (actkern_exp_f16(&one, &e, 1) != ACTKERN_OK || e != 0x4170) return 1;
    if (actkern_f16_to_f32(e) != 2.71875f) return 1;
    printf("bf16 sigmoid(0) = 0x%04x, f16 exp(1) = 0x%04x\n", half, e);
  }
  {
    /* 16-bit rows: softmax of two equal f16 logits is 0.5 (0x3800) each; the
       bf16 cross-entropy of [0, 0] with label 0 is ln 2 with the gradient
       [-0.5, 0.5] (0xBF00, 0x3F00). */
    const actkern_f16 zeros16[2] = {0x0000, 0x0000};
    actkern_f16 p16[2];
    if (actkern_softmax_f16(zeros16, 2, p16, 2, 1, 2, 1.0f) != ACTKERN_OK ||
        p16[0] != 0x3800 || p16[1] != 0x3800)
      return 1;
    const actkern_bf16 zb[2] = {0x0000, 0x0000};
    actkern_bf16 gb[2];
    const int32_t label = 0;
    float loss = 0.0f;
    if (actkern_softmax_cross_entropy_bf16(
            zb, 2, &label, &loss, gb, 2, 1, 2, -100, 0.0f,
            ACTKERN_REDUCTION_NONE) != ACTKERN_OK ||
        gb[0] != 0xBF00 || gb[1] != 0x3F00 ||
        actkern_ulp_error(loss, 0.69314718055994531) > 4.0)
      return 1;
    /* A bad label: a status, nothing written. */
    const int32_t bad = 2;
    gb[0] = 0x1234;
    if (actkern_softmax_cross_entropy_bf16(
            zb, 2, &bad, &loss, gb, 2, 1, 2, -100, 0.0f,
            ACTKERN_REDUCTION_NONE) != ACTKERN_ERROR_LABEL_OUT_OF_RANGE ||
        gb[0] != 0x1234)
      return 1;
  }
  {
    /* A causal 2 x 3 block: row 0 sees column 0 only. logsumexp of ln 2 and
       ln 2 is ln 4. */
    const float logits[6] = {1.0f, 2.0f, 3.0f, 1.0f, 2.0f, 3.0f};
    float p[6];
    const int64_t lengths[2] = {3, 2};
    if (actkern_softmax_masked_f32(logits, 3, p, 3, 2, 3, 1.0f, lengths, 1,
                                   0) != ACTKERN_OK ||
        p[0] != 1.0f || p[1] != 0.0f || p[2] != 0.0f || p[5] != 0.0f ||
        !(p[3] > 0.0f && p[3] < p[4]))
      return 1;
    const float two[2] = {0.69314718f, 0.69314718f};
    float lse;
    if (actkern_logsumexp_f32(two, 2, &lse, 1, 2, 1.0f) != ACTKERN_OK ||
        lse - 1.38629436f > 1e-6f || lse - 1.38629436f < -1e-6f)
      return 1;
    if (actkern_softmax_masked_f32(logits, 3, p, 3, 2, 3, 1.0f, lengths, 2,
                                   0) != ACTKERN_ERROR_INVALID_ARGUMENT)
      return 1;
  }
  if (check_par() != 0) {
    fprintf(stderr, "actkern_silu_f32_par: differs from actkern_silu_f32\n");
    return 1;
  }
  return 0;
}
