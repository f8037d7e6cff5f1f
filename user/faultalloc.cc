// faultalloc: demand paging in user space.  The fault handler maps a fresh
// page wherever a fault happens and writes a message there; the message for
// 0xcafebffe crosses into the next page, so the handler itself faults once
// more (a nested fault on the exception stack).

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
	cprintf("%s\n", (const char*)0xDeadBeef);
	cprintf("%s\n", (const char*)0xCafeBffe);
}
