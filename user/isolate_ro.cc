// isolate_ro: UENVS, UPAGES and UVPT (with the page directory at uvpd) are
// mapped into every env read-only.  Reading them works; a write is a page
// fault (protection, user, write: err 7) that kills the writer -- each
// write in a child of its own, with no upcall, so the kernel reports it.
// (UVPT entries are readable only where the page table exists.)

#include "isolate.h"

// envs[0], envs[33], pages[0], our program's first page table entry and
// our stack's (writing one would remap our own memory), the page
// directory entry of UVPT itself.
const uintptr_t RO[] = {UENVS, UENVS + 0x1000, UPAGES, (uintptr_t)&uvpt[PGNUM(UTEXT)],
			(uintptr_t)&uvpt[PGNUM(USTACKTOP - PGSIZE)], (uintptr_t)&uvpd[PDX(UVPT)]};

static void write_child(uint32_t va) {
	uint32_t v = *(volatile uint32_t*)va;
	cprintf("isolate_ro: read %08x at %08x, now writing it\n", v, va);
	*(volatile uint32_t*)va = v + 1;
	cprintf("isolate_ro: wrote %08x: NOT KILLED\n", va);
}

void umain(int, char**) {
	for (uintptr_t va : RO)
		run_child(write_child, va, true);
	cprintf("isolate_ro: my own envs[] entry still says %08x\n", envs[ENVX(sys_getenvid())].env_id);
}
