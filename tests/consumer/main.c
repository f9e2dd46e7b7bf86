/* A C program using the installed actkern: exp of a few values, checked
 * against the library's own double reference and ULP measure. */
#include <actkern/actkern.h>
#include <actkern/reference.h>
#include <stdio.h>

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
  return 0;
}
