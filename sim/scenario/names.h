/*
 * scenario/names.h: moved to input/names.h (the input layer); this forward
 * stays only until every includer names the new place.
 */
#include "input/names.h"
