// actkern: umbrella header. Include this, or the family headers you need.
#ifndef ACTKERN_ACTKERN_H_
#define ACTKERN_ACTKERN_H_

#include "actkern/common.h"
#include "actkern/exp.h"

// ---- exp activations (exp_activations)

// ---- log activations (log_activations)

// ---- gelu and piecewise activations (gelu, piecewise)
#include "actkern/gelu.h"
#include "actkern/piecewise.h"

// ---- softmax family (softmax)

#endif  // ACTKERN_ACTKERN_H_
