/*
 * scenario/diag.h: moved to input/diag.h (the input layer); this forward
 * stays only until every includer names the new place.
 */
#include "input/diag.h"
