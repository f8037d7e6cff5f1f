// faultnostack: an upcall is registered but no exception stack is mapped.
// The kernel must notice it cannot push the UTrapframe and destroy the env.

#include <inc/lib.h>

// The user library's assembly trampoline (lib/pfentry.S).
extern "C" void _pgfault_upcall(void);

volatile uintptr_t fault_addr = 0;

void umain(int, char**) {
	sys_env_set_pgfault_upcall(0, (void*)_pgfault_upcall);
	*(volatile int*)fault_addr = 0;
}
