// faultallocbad: the user fault handler covers only the env's own accesses.
// A bad pointer handed to a system call is checked by the kernel, which
// destroys the caller without calling the handler.

#include <inc/lib.h>

static void handler(UTrapframe* utf) {
	uintptr_t addr = utf->utf_fault_va;
	int r;

	cprintf("fault %x\n", addr);
	if ((r = sys_page_alloc(0, (void*)ROUNDDOWN(addr, PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("allocating at %x in page fault handler: %s", addr, errstr(r));
	snprintf((char*)addr, 100, "this string was faulted in at %x", addr);
}

void umain(int, char**) {
	set_pgfault_handler(handler);
	sys_cputs((const char*)0xDEADBEEF, 4);
}
