// faultallocbad: a user fault handler serves only the env's own accesses.
// An unmapped buffer handed to a system call is found by the kernel's check,
// which destroys the caller; the handler is never called.

#include <user/faultalloc.h>

void umain(int, char**) {
	set_pgfault_handler(demand_page);
	const uintptr_t unmapped = 0xdeadbeef;
	sys_cputs((const char*)unmapped, 16);
	panic("faultallocbad: sys_cputs of unmapped %08x returned", unmapped);
}
