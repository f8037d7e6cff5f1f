// faultbadhandler: the upcall points at unmapped user memory
// (0xdeadbeef).  The env must be destroyed, not fault forever.

#include <user/badupcall.h>

void umain(int, char**) { fault_with_upcall(0xdeadbeef); }
