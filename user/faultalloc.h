// The demand-paging fault handler that faultalloc and faultallocbad share.
// Whatever address faults gets a fresh zeroed page under it, and a sentence
// naming that address is written there, so reading any unmapped string
// finds one.  A sentence that runs off the end of its page faults again,
// inside the handler, and the nested fault is served the same way.
#ifndef JOS_USER_FAULTALLOC_H
#define JOS_USER_FAULTALLOC_H

#include <inc/lib.h>

// Room for the sentence, which is well under this.
static const int kSentenceRoom = 64;

static void map_fresh_page_under(uintptr_t va) {
	void* page = (void*)ROUNDDOWN(va, PGSIZE);
	if (int err = sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W); err < 0)
		panic("demand paging: no page for %08x: %s", va, errstr(err));
}

static void demand_page(UTrapframe* utf) {
	const uintptr_t va = utf->utf_fault_va;

	cprintf("fault %x\n", va);
	map_fresh_page_under(va);
	snprintf((char*)va, kSentenceRoom, "this string was faulted in at %x", va);
}

#endif
