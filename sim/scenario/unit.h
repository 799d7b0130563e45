/*
 * scenario/unit.h: moved to input/unit.h (the input layer); this forward
 * stays only until every includer names the new place.
 */
#include "input/unit.h"
