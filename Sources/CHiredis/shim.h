#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
// Only the protocol reader is used: the network side is SwiftNIO.
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
