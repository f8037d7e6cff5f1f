// Copy-on-write fork, built in user space on exofork, page_map and the
// page-fault upcall.  fork walks only the page tables that exist (through
// uvpd/uvpt), so its cost follows the pages mapped, not the size of the
// address space.  Writable pages become PTE_COW in child and parent; the
// first write to one copies it (or, when no one else maps it any more,
// just makes it writable again).

#include <inc/lib.h>

extern "C" void _pgfault_upcall(void);

// Make the copy-on-write page at pg this env's own writable page: the same
// page made writable when no one else maps it any more, a private copy
// otherwise.  The COW fault handler does this on a write; sfork does it
// before sharing the page, since a page shared COW would split at the
// first write.
static int cow_make_writable(void* pg) {
	// @exercise 4.11 pgfault
	pte_t pte = uvpt[PGNUM(pg)];
	int perm = ((pte & PTE_SYSCALL) & ~PTE_COW) | PTE_W;

	// The only mapper left: no copy needed, just write access back.  The
	// kernel checks pp_ref again; if another env mapped the page in the
	// meantime it refuses, and the page is copied after all.
	if (pages[PGNUM(PTE_ADDR(pte))].pp_ref == 1 && sys_page_map(0, pg, 0, pg, perm) == 0)
		return 0;
	if (int r = sys_page_alloc(0, (void*)PFTEMP, PTE_P | PTE_U | PTE_W); r < 0)
		return r;
	memmove((void*)PFTEMP, pg, PGSIZE);
	if (int r = sys_page_map(0, (void*)PFTEMP, 0, pg, perm); r < 0) {
		sys_page_unmap(0, (void*)PFTEMP);
		return r;
	}
	return sys_page_unmap(0, (void*)PFTEMP);
	// @stub
	// |	// Your code here.
	// |	panic("cow_make_writable: not implemented (va %08x)", (uint32_t)pg);
	// @end
}

// The page-fault handler for copy-on-write pages.
static void pgfault(UTrapframe* utf) {
	// @exercise 4.11 pgfault
	void* addr = (void*)utf->utf_fault_va;
	uint32_t err = utf->utf_err;
	if (!(err & FEC_WR) || !(uvpd[PDX(addr)] & PTE_P) || !(uvpt[PGNUM(addr)] & PTE_P) ||
	    !(uvpt[PGNUM(addr)] & PTE_COW))
		panic("fork: page fault at va %08x, eip %08x, err %x is not a write to a copy-on-write page",
		      (uint32_t)addr, utf->utf_eip, err);
	if (int r = cow_make_writable(ROUNDDOWN(addr, PGSIZE)); r < 0)
		panic("fork: making %08x writable: %s", (uint32_t)addr, errstr(r));
	// @stub
	// |	// Your code here (cow_make_writable above does the work).
	// |	(void)cow_make_writable;
	// |	panic("pgfault: not implemented (va %08x)", utf->utf_fault_va);
	// @end
}

// Give the child the page at page number pn: shared for PTE_SHARE and
// read-only pages, copy-on-write for writable ones (child mapped first,
// so the parent's page is never writable while the child shares it).
// With share_all (sfork), writable pages are shared too, and a page that is
// copy-on-write is first made this env's own writable page, then shared.
static int duppage(envid_t envid, uint32_t pn, pte_t pte, bool share_all) {
	// @exercise 4.11 duppage
	void* va = (void*)(pn * PGSIZE);
	int perm = pte & PTE_SYSCALL;
	if (share_all && !(pte & PTE_SHARE) && (pte & PTE_COW)) {
		// Copy-on-write from an earlier fork: shared as it is, the first
		// write by either side would give the writer a private copy.
		if (int r = cow_make_writable(va); r < 0)
			return r;
		perm = (perm & ~PTE_COW) | PTE_W;
	}
	if ((pte & PTE_SHARE) || share_all || !(perm & (PTE_W | PTE_COW)))
		return sys_page_map(0, va, envid, va, perm);
	perm = (perm & ~PTE_W) | PTE_COW;
	if (int r = sys_page_map(0, va, envid, va, perm); r < 0)
		return r;
	// Copy-on-write here already (an earlier fork): nothing to remap.  The
	// entry is read again: it may have changed since the scan read it.
	if ((uvpt[pn] & (PTE_W | PTE_COW)) == PTE_COW)
		return 0;
	return sys_page_map(0, va, 0, va, perm);
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)pte;
	// |	(void)share_all;
	// |	panic("duppage: not implemented (page %u)", pn);
	// @end
}

// The lowest page of the run of mapped pages ending at USTACKTOP: the
// stack, which sfork does not share.
static uintptr_t stack_bottom(void) {
	uintptr_t va = USTACKTOP;
	while (va > UTEXT && (uvpd[PDX(va - PGSIZE)] & PTE_P) && (uvpt[PGNUM(va - PGSIZE)] & PTE_P))
		va -= PGSIZE;
	return va;
}

static envid_t fork_common(bool share) {
	// @exercise 4.11 fork
	set_pgfault_handler(pgfault);
	envid_t child = sys_exofork();
	if (child < 0)
		return child;
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	uintptr_t stack = share ? stack_bottom() : UTOP;
	int r = 0;
	for (uint32_t pdx = 0; pdx < PDX(UTOP) && r == 0; pdx++) {
		if (!(uvpd[pdx] & PTE_P))
			continue;  // no page table: 4 MiB with nothing mapped
		// The page table through UVPT; the scan for present entries is the
		// inner loop of fork, so it is kept to a load and a test each.
		const volatile pte_t* pt = &uvpt[pdx * NPTENTRIES];
		for (const volatile pte_t* p = pt; p < pt + NPTENTRIES; p++) {
			pte_t pte = *p;
			if (!(pte & PTE_P))
				continue;
			uint32_t pn = p - uvpt;
			uintptr_t va = pn * PGSIZE;
			if (va == UXSTACKTOP - PGSIZE)
				continue;  // the exception stack is never shared
			if ((r = duppage(child, pn, pte, share && va < stack)) < 0)
				break;
		}
	}
	if (r == 0)
		r = sys_page_alloc(child, (void*)(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
	if (r == 0)
		r = sys_env_set_pgfault_upcall(child, (void*)_pgfault_upcall);
	if (r == 0)
		r = sys_env_set_status(child, ENV_RUNNABLE);
	if (r < 0) {
		sys_env_destroy(child);
		return r;
	}
	return child;
	// @stub
	// |	// Your code here.
	// |	(void)share;
	// |	(void)pgfault;
	// |	(void)duppage;
	// |	(void)stack_bottom;
	// |	panic("fork: not implemented");
	// @end
}

// Copy-on-write fork: 0 in the child, the child's envid in the parent, or
// -E_* (nothing is left behind on failure).
envid_t fork(void) { return fork_common(false); }

// Shared-memory fork: parent and child share every page but the stack.
envid_t sfork(void) { return fork_common(true); }
