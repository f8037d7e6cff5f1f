// faultevilhandler: the upcall points into the kernel.  The kernel must not
// jump there in user mode as if it were user code it may trust; the env dies.

#include <inc/lib.h>

volatile uintptr_t fault_addr = 0;

void umain(int, char**) {
	int r;

	if ((r = sys_page_alloc(0, (void*)(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %s", errstr(r));
	sys_env_set_pgfault_upcall(0, (void*)0xF0100020);
	*(volatile int*)fault_addr = 0;
}
