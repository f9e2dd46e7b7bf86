// actkern: umbrella header. Include this, or the family headers you need.
#ifndef ACTKERN_ACTKERN_H_
#define ACTKERN_ACTKERN_H_

#include "actkern/common.h"
#include "actkern/exp.h"

#endif  // ACTKERN_ACTKERN_H_
