// The demand-paging fault handler shared by faultalloc and faultallocbad:
// map a fresh page wherever the fault is, and write a message there.
#ifndef JOS_USER_FAULTALLOC_H
#define JOS_USER_FAULTALLOC_H

#include <inc/lib.h>

static void faultalloc_handler(UTrapframe* utf) {
	uintptr_t addr = utf->utf_fault_va;
	int r;

	cprintf("fault %x\n", addr);
	if ((r = sys_page_alloc(0, (void*)ROUNDDOWN(addr, PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("allocating at %x in page fault handler: %s", addr, errstr(r));
	snprintf((char*)addr, 100, "this string was faulted in at %x", addr);
}

#endif
