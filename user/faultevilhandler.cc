// faultevilhandler: the upcall points into the kernel's text (0xf0100020).
// The kernel must not jump there on the env's behalf; the env is destroyed.

#include <user/badupcall.h>

void umain(int, char**) { fault_with_upcall(0xf0100020); }
