// refmax: one page mapped as many times as its reference count can count.
// pp_ref is 16 bits (docs/ABI.md's PageInfo, which user programs read at
// UPAGES): a 65536th reference would wrap it to 0, and the page would be
// freed -- and given to someone else -- while still mapped here.  So the
// kernel refuses the mapping that would overflow it, with -E_NO_MEM (out
// of memory: of references), and every mapping before it works.  After
// the mappings are gone the page is free again (the kernel's leak line).

#include <inc/lib.h>

const uintptr_t REGION = 0x10000000;  // 65535 pages: 256 MiB, below UTOP
const int PERM = PTE_P | PTE_U | PTE_W;

static uint32_t refs(uintptr_t va) { return pages[PGNUM(uvpt[PGNUM(va)])].pp_ref; }

void umain(int, char**) {
	if (int r = sys_page_alloc(0, (void*)REGION, PERM); r < 0)
		panic("refmax: sys_page_alloc: %s", errstr(r));
	*(volatile uint32_t*)REGION = 0x5eed;

	// Map it again and again until the kernel refuses.
	uint32_t n = 1;
	int r;
	uintptr_t va = REGION + PGSIZE;
	while ((r = sys_page_map(0, (void*)REGION, 0, (void*)va, PERM)) == 0) {
		n++;
		va += PGSIZE;
		if (va >= UTOP - PGSIZE)
			panic("refmax: %u mappings and no refusal", n);
	}
	cprintf("refmax: %u mappings, pp_ref %u, then: %s\n", n, refs(REGION), errstr(r));

	// Every mapping is the same page, with the same contents.
	uint32_t same = 0;
	for (uintptr_t v = REGION; v < va; v += PGSIZE)
		same += *(volatile uint32_t*)v == 0x5eed;
	cprintf("refmax: %u of %u mappings show the page\n", same, n);

	// A remap in place needs no new reference, so it still works at the limit.
	r = sys_page_map(0, (void*)REGION, 0, (void*)REGION, PTE_P | PTE_U);
	cprintf("refmax: remapped in place at the limit: %s\n", r == 0 ? "ok" : errstr(r));

	for (uintptr_t v = REGION; v < va; v += PGSIZE)
		if ((r = sys_page_unmap(0, (void*)v)) < 0)
			panic("refmax: sys_page_unmap: %s", errstr(r));
	cprintf("refmax: all unmapped\n");
}
