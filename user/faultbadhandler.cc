// faultbadhandler: the exception stack is mapped but the upcall points at
// unmapped memory; the env must die, not loop on faults forever.

#include <inc/lib.h>

volatile uintptr_t fault_addr = 0;

void umain(int, char**) {
	int r;

	if ((r = sys_page_alloc(0, (void*)(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %s", errstr(r));
	sys_env_set_pgfault_upcall(0, (void*)0xDeadBeef);
	*(volatile int*)fault_addr = 0;
}
