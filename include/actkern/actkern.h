// actkern: umbrella header. Include this, or the family headers you need.
#ifndef ACTKERN_ACTKERN_H_
#define ACTKERN_ACTKERN_H_

#include "actkern/bias.h"
#include "actkern/common.h"
#include "actkern/exp.h"
#include "actkern/gated.h"
#include "actkern/half.h"

// ---- exp activations (exp_activations)
#include "actkern/exp_activations.h"

// ---- log activations (log_activations)
#include "actkern/log_activations.h"

// ---- gelu and piecewise activations (gelu, piecewise)
#include "actkern/gelu.h"
#include "actkern/piecewise.h"

// ---- softmax family (softmax)
#include "actkern/softmax.h"

#endif  // ACTKERN_ACTKERN_H_
