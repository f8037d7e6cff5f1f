// isolate_utop: nothing at or above UTOP may be mapped, unmapped or used
// as the source of a mapping (UENVS, UPAGES and UVPT are the kernel's,
// read-only to users; above ULIM is the kernel itself), page calls take
// page-aligned addresses only, and a perm must hold P|U and nothing
// outside PTE_SYSCALL.  Each is -E_INVAL, and the read-only regions are
// untouched afterwards.

#include <inc/lib.h>

const int PERM = PTE_P | PTE_U | PTE_W;
const uintptr_t HIGH[] = {UTOP, UTOP + PGSIZE, UPAGES, UVPT, (uintptr_t)uvpd, ULIM, KERNBASE, 0xf0100000, 0xfffff000};

static void report(const char* what, uintptr_t va, int r) {
	cprintf("isolate_utop: %s %08x: %s\n", what, va, r == 0 ? "ok" : errstr(r));
}

void umain(int, char**) {
	envid_t me = sys_getenvid();
	for (uintptr_t va : HIGH) {
		report("sys_page_alloc at", va, sys_page_alloc(0, (void*)va, PERM));
		report("sys_page_map to", va, sys_page_map(0, (void*)(USTACKTOP - PGSIZE), 0, (void*)va, PTE_P | PTE_U));
		report("sys_page_map from", va, sys_page_map(0, (void*)va, 0, (void*)UTEMP, PTE_P | PTE_U));
		report("sys_page_unmap at", va, sys_page_unmap(0, (void*)va));
	}
	// Just below UTOP is ordinary user memory (the exception stack slot).
	report("sys_page_alloc at", UTOP - PGSIZE, sys_page_alloc(0, (void*)(UTOP - PGSIZE), PERM));

	// Not page-aligned.
	report("sys_page_alloc at", UTEMP + 1, sys_page_alloc(0, (void*)(UTEMP + 1), PERM));
	report("sys_page_map to", UTEMP + 0x800, sys_page_map(0, (void*)(USTACKTOP - PGSIZE), 0, (void*)(UTEMP + 0x800), PTE_P | PTE_U));
	report("sys_page_map from", USTACKTOP - 4, sys_page_map(0, (void*)(USTACKTOP - 4), 0, (void*)UTEMP, PTE_P | PTE_U));
	report("sys_page_unmap at", UTEMP + 4, sys_page_unmap(0, (void*)(UTEMP + 4)));

	// Permissions.
	const int perms[] = {0, PTE_P, PTE_U, PTE_W, PTE_P | PTE_W, PTE_P | PTE_U | PTE_PWT, PTE_P | PTE_U | PTE_PCD,
			     PTE_P | PTE_U | PTE_A, PTE_P | PTE_U | PTE_D, PTE_P | PTE_U | PTE_PS, PTE_P | PTE_U | PTE_G,
			     PTE_P | PTE_U | 0x1000, -1};
	for (int perm : perms) {
		int r = sys_page_alloc(0, (void*)UTEMP, perm);
		cprintf("isolate_utop: sys_page_alloc with perm %x: %s\n", perm, r == 0 ? "ok" : errstr(r));
	}
	// A read-only page may not be mapped writable.
	if (int r = sys_page_alloc(0, (void*)UTEMP, PTE_P | PTE_U); r < 0)
		panic("sys_page_alloc: %s", errstr(r));
	report("sys_page_map writable of the read-only page at", UTEMP,
	       sys_page_map(0, (void*)UTEMP, 0, (void*)(UTEMP + PGSIZE), PTE_P | PTE_U | PTE_W));

	// The read-only regions are as they were.
	bool envs_ok = envs[ENVX(me)].env_id == me && envs[ENVX(me)].env_status == ENV_RUNNING;
	bool uvpt_ok = (uvpd[PDX(UVPT)] & PTE_P) && PTE_ADDR(uvpd[PDX(UVPT)]) == PTE_ADDR(uvpt[PGNUM((uintptr_t)uvpd)]);
	bool pages_ok = pages[PGNUM(PTE_ADDR(uvpt[PGNUM(USTACKTOP - PGSIZE)]))].pp_ref >= 1;
	cprintf("isolate_utop: UENVS %s, UVPT %s, UPAGES %s\n", envs_ok ? "intact" : "CHANGED",
		uvpt_ok ? "intact" : "CHANGED", pages_ok ? "intact" : "CHANGED");
}
