// isolate_kupcall: a page-fault upcall outside user memory.  The kernel
// accepts any address in sys_env_set_pgfault_upcall, but before it jumps
// there on a fault it checks the address is user memory: a kernel (or
// unmapped) upcall kills the env with the user_mem_check message naming
// it.  Each in a child of its own (fork maps the exception stack, so the
// upcall is the only bad thing).  Upcall 0 means none: a plain user fault.

#include "isolate.h"

const uintptr_t UPCALLS[] = {0xf0100020, KERNBASE, ULIM, 0xfffffffc, USTACKTOP, 0x10000000, 0};

static void upcall_child(uint32_t func) {
	cprintf("isolate_kupcall: upcall %08x, then a fault\n", func);
	if (int r = sys_env_set_pgfault_upcall(0, (void*)func); r < 0)
		panic("sys_env_set_pgfault_upcall: %s", errstr(r));
	(void)*(volatile uint32_t*)0;
	cprintf("isolate_kupcall: upcall %08x: NOT KILLED\n", func);
}

void umain(int, char**) {
	for (uintptr_t func : UPCALLS)
		run_child(upcall_child, func);
	cprintf("isolate_kupcall: done\n");
}
