// What faultbadhandler and faultevilhandler share: a real exception stack,
// an upcall the env must not be able to run, and a fault.  The kernel may
// refuse the upcall or let the env fault on it; either way the env dies by
// user_mem_check, never looping on faults and never running the upcall with
// kernel rights.
#ifndef JOS_USER_BADUPCALL_H
#define JOS_USER_BADUPCALL_H

#include <inc/lib.h>

[[noreturn]] static void fault_with_upcall(uintptr_t upcall) {
	if (int err = sys_page_alloc(0, (void*)(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W); err < 0)
		panic("no exception stack: %s", errstr(err));
	if (int err = sys_env_set_pgfault_upcall(0, (void*)upcall); err < 0)
		cprintf("the kernel refused upcall %08x: %s\n", upcall, errstr(err));
	*(volatile uint32_t*)UTEMP = 0;  // a fresh env has nothing mapped there
	panic("the store to UTEMP did not fault, or the upcall at %08x returned", upcall);
}

#endif
