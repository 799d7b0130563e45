/*
 * scenario/jloc.h: moved to input/jloc.h (the input layer); this forward
 * stays only until every includer names the new place.
 */
#include "input/jloc.h"
