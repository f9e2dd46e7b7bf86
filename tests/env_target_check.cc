// Checks that ACTKERN_TARGET is honoured from the very first call.
//   env_target_check EXPECTED   (EXPECTED = a target name, or BEST for the
//                                best runnable target)
#include <stdio.h>
#include <string.h>

#include "actkern/actkern.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  float x = 1.0f, y = 0.0f;
  // The first call into the library is a kernel, as in a user's program.
  if (actkern_exp_f32(&x, &y, 1) != ACTKERN_OK) return 1;
  const char* active = actkern_active_target();
  const char* want =
      strcmp(argv[1], "BEST") == 0 ? actkern_target_name(0) : argv[1];
  printf("active target: %s, expected: %s\n", active, want);
  if (strcmp(active, want) != 0) return 1;
  printf("env_target_check: OK\n");
  return 0;
}
