// Boot self-checks of the allocator and the page tables.  Each one drives
// the real functions through their corner cases and panics (through assert)
// on the first wrong answer; each leaves every page as it found it.

#include <inc/error.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>

// Take every free page; return them as a chain through pp_link.
static PageInfo* take_all_pages(size_t* count) {
	PageInfo* chain = nullptr;
	*count = 0;
	for (PageInfo* pp; (pp = page_alloc(0)) != nullptr; (*count)++) {
		pp->pp_link = chain;
		chain = pp;
	}
	return chain;
}

static void give_back(PageInfo* chain) {
	while (chain) {
		PageInfo* next = chain->pp_link;
		chain->pp_link = nullptr;
		page_free(chain);
		chain = next;
	}
}

// The physical address va maps to in pgdir, or ~0 when unmapped; follows
// 4 MiB pages as the MMU does.  Independent of pgdir_walk on purpose.
static uint32_t check_va2pa(pde_t* pgdir, uintptr_t va) {
	pde_t pde = pgdir[PDX(va)];
	if (!(pde & PTE_P))
		return ~0u;
	if (pde & PTE_PS)
		return PTE_ADDR(pde) + (va & (PTSIZE - 1));
	pte_t* pt = (pte_t*)KADDR(physaddr_t(PTE_ADDR(pde)));
	if (!(pt[PTX(va)] & PTE_P))
		return ~0u;
	return PTE_ADDR(pt[PTX(va)]);
}

// The effective permission bits of va (PDE and PTE combined).
static uint32_t check_perm(pde_t* pgdir, uintptr_t va) {
	pde_t pde = pgdir[PDX(va)];
	if (!(pde & PTE_P))
		return 0;
	if (pde & PTE_PS)
		return pde & (PTE_P | PTE_W | PTE_U);
	pte_t pte = ((pte_t*)KADDR(physaddr_t(PTE_ADDR(pde))))[PTX(va)];
	return pde & pte & (PTE_P | PTE_W | PTE_U);
}

// Every free page is a page the allocator may hand out: not page 0, the AP
// start-up page, the I/O hole or the kernel and its boot allocations (the
// page directory, pages[], envs[]), and unreferenced.  Before kern_pgdir is loaded only the low 4 MiB are mapped,
// so then only pages there are touched.
void check_page_free_list(bool only_low_memory) {
	uint32_t boot_end = pa_val(PADDR(boot_alloc(0)));
	size_t nfree_basemem = 0, nfree_extmem = 0;
	size_t n = 0;

	// Pull the whole list out, check each page, put it back in order.
	PageInfo* head = nullptr;
	PageInfo** tail = &head;
	for (PageInfo* pp; (pp = page_alloc(0)) != nullptr; n++) {
		*tail = pp;
		tail = &pp->pp_link;
	}
	assert(n > 0);
	assert(page_free_count() == 0);
	for (PageInfo* pp = head; pp; pp = pp->pp_link) {
		assert(pp >= pages && pp < pages + npages);
		assert(((char*)pp - (char*)pages) % sizeof(*pp) == 0);
		uint32_t pa = pa_val(page2pa(pp));
		assert(pa != 0);
		assert(pa != MPENTRY_PADDR);
		assert(pa < IOPHYSMEM || pa >= EXTPHYSMEM);
		assert(pa < EXTPHYSMEM || pa >= boot_end);
		assert(pp->pp_ref == 0);
		if (pa < EXTPHYSMEM)
			nfree_basemem++;
		else
			nfree_extmem++;
		// Scribble on the page: it must be ordinary, unused memory.
		if (!only_low_memory || pa < PTSIZE)
			memset(page2kva(pp), 0x97, 128);
	}
	assert(nfree_basemem > 0);
	assert(nfree_extmem > 0);
	// Return them back to front, so the list keeps its order.
	PageInfo* rev = nullptr;
	while (head) {
		PageInfo* next = head->pp_link;
		head->pp_link = rev;
		rev = head;
		head = next;
	}
	give_back(rev);
	assert(page_free_count() == n);
	cprintf("check_page_free_list() succeeded!\n");
}

// Allocation: distinct pages, inside physical memory, exhaustion returns
// null, freed pages come back, ALLOC_ZERO zeroes.
void check_page_alloc(void) {
	assert(pages);
	size_t nfree = page_free_count();

	PageInfo *pp0, *pp1, *pp2;
	assert((pp0 = page_alloc(0)));
	assert((pp1 = page_alloc(0)));
	assert((pp2 = page_alloc(0)));
	assert(pp0 != pp1 && pp1 != pp2 && pp0 != pp2);
	PageInfo* three[] = {pp0, pp1, pp2};
	for (PageInfo* pp : three)
		assert(pa_val(page2pa(pp)) < npages * PGSIZE);
	assert(page_free_count() == nfree - 3);

	// Exhaustion: with the rest taken, nothing is left.
	size_t rest;
	PageInfo* all = take_all_pages(&rest);
	assert(rest == nfree - 3);
	assert(page_alloc(0) == nullptr);
	assert(page_alloc(ALLOC_ZERO) == nullptr);

	// Reuse: what is freed is what comes back.
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	PageInfo* again[3];
	for (PageInfo*& pp : again)
		assert((pp = page_alloc(0)));
	assert(page_alloc(0) == nullptr);
	for (PageInfo* pp : again)
		assert(pp == pp0 || pp == pp1 || pp == pp2);
	assert(again[0] != again[1] && again[1] != again[2] && again[0] != again[2]);

	// ALLOC_ZERO on a dirty page.
	memset(page2kva(again[0]), 1, PGSIZE);
	page_free(again[0]);
	PageInfo* z = page_alloc(ALLOC_ZERO);
	assert(z == again[0]);
	for (int i = 0; i < PGSIZE; i++)
		assert(((char*)page2kva(z))[i] == 0);

	page_free(z);
	page_free(again[1]);
	page_free(again[2]);
	give_back(all);
	assert(page_free_count() == nfree);
	cprintf("check_page_alloc() succeeded!\n");
}

static bool mmio_checked;  // check_page tested mmio_map_region (lab 4)

// page_insert, page_remove, page_lookup and pgdir_walk against kern_pgdir,
// including out-of-memory, replacement and re-insertion.
void check_page(void) {
	size_t nfree = page_free_count();
	PageInfo *pp0, *pp1, *pp2;
	assert((pp0 = page_alloc(0)));
	assert((pp1 = page_alloc(0)));
	assert((pp2 = page_alloc(0)));
	const uintptr_t va = 0;  // page directory slot 0 is free in kern_pgdir
	pte_t* ptep;

	// With no free memory, a mapping that needs a page table fails cleanly.
	size_t rest;
	PageInfo* all = take_all_pages(&rest);
	assert(page_lookup(kern_pgdir, (void*)va, &ptep) == nullptr);
	assert(pgdir_walk(kern_pgdir, (void*)va, 0) == nullptr);
	assert(page_insert(kern_pgdir, pp1, (void*)va, PTE_W) == -E_NO_MEM);
	assert(pp1->pp_ref == 0);

	// Free pp0: it becomes the page table.
	page_free(pp0);
	assert(page_insert(kern_pgdir, pp1, (void*)va, PTE_W) == 0);
	assert(PTE_ADDR(kern_pgdir[0]) == pa_val(page2pa(pp0)));
	assert(check_va2pa(kern_pgdir, va) == pa_val(page2pa(pp1)));
	assert(pp1->pp_ref == 1);
	assert(pp0->pp_ref == 1);

	// A second page in the same table needs no allocation.
	assert(page_insert(kern_pgdir, pp2, (void*)PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == pa_val(page2pa(pp2)));
	assert(pp2->pp_ref == 1);
	assert(page_alloc(0) == nullptr);

	// Re-inserting the same page at the same place keeps one reference and
	// takes the new permissions.
	assert(page_insert(kern_pgdir, pp2, (void*)PGSIZE, PTE_W | PTE_U) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == pa_val(page2pa(pp2)));
	assert(pp2->pp_ref == 1);
	assert(*pgdir_walk(kern_pgdir, (void*)PGSIZE, 0) & PTE_U);
	assert(kern_pgdir[0] & PTE_U);
	assert(page_insert(kern_pgdir, pp2, (void*)PGSIZE, PTE_W) == 0);
	assert(!(*pgdir_walk(kern_pgdir, (void*)PGSIZE, 0) & PTE_U));
	assert(page_alloc(0) == nullptr);

	// pgdir_walk points into the page table at the right index.
	pte_t* pt = (pte_t*)KADDR(physaddr_t(PTE_ADDR(kern_pgdir[PDX(PGSIZE)])));
	assert(pgdir_walk(kern_pgdir, (void*)PGSIZE, 0) == pt + PTX(PGSIZE));

	// A mapping in a new page directory slot fails: no page for its table.
	assert(page_insert(kern_pgdir, pp0, (void*)PTSIZE, PTE_W) == -E_NO_MEM);

	// Replacing a mapping releases the old page.
	assert(page_insert(kern_pgdir, pp1, (void*)PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, 0) == pa_val(page2pa(pp1)));
	assert(check_va2pa(kern_pgdir, PGSIZE) == pa_val(page2pa(pp1)));
	assert(pp1->pp_ref == 2);
	assert(pp2->pp_ref == 0);
	assert(page_alloc(0) == pp2);  // pp2 was freed, and is the only free page

	// Removal: references drop; the last one frees the page.
	page_remove(kern_pgdir, (void*)0x0);
	assert(check_va2pa(kern_pgdir, 0x0) == ~0u);
	assert(check_va2pa(kern_pgdir, PGSIZE) == pa_val(page2pa(pp1)));
	assert(pp1->pp_ref == 1);
	assert(page_lookup(kern_pgdir, (void*)PGSIZE, &ptep) == pp1 && ptep == pt + 1);
	page_remove(kern_pgdir, (void*)PGSIZE);
	assert(check_va2pa(kern_pgdir, PGSIZE) == ~0u);
	assert(pp1->pp_ref == 0);
	assert(page_lookup(kern_pgdir, (void*)PGSIZE, nullptr) == nullptr);
	page_remove(kern_pgdir, (void*)PGSIZE);  // removing nothing is fine
	assert(page_alloc(0) == pp1);
	assert(page_alloc(0) == nullptr);

	// pgdir_walk with create allocates and references a page table.
	page_free(pp2);
	page_free(pp1);
	const uintptr_t va2 = PGSIZE * NPTENTRIES + PGSIZE;
	ptep = pgdir_walk(kern_pgdir, (void*)va2, 1);
	assert(ptep);
	PageInfo* table2 = pa2page(physaddr_t(PTE_ADDR(kern_pgdir[PDX(va2)])));
	assert(table2 == pp1 || table2 == pp2);
	assert(table2->pp_ref == 1);
	assert(ptep == (pte_t*)page2kva(table2) + PTX(va2));
	for (int i = 0; i < NPTENTRIES; i++)
		assert(((pte_t*)page2kva(table2))[i] == 0);  // a new table is empty

	// Leave nothing behind: free both page tables.
	kern_pgdir[PDX(va2)] = 0;
	page_decref(table2);
	kern_pgdir[0] = 0;
	assert(pp0->pp_ref == 1);
	page_decref(pp0);
	give_back(all);
	assert(page_free_count() == nfree);

	// mmio_map_region: page-granular, consecutive, below MMIOLIM.  Before
	// lab 4 it returns null (not written yet) and is not checked.
	uintptr_t mm1 = (uintptr_t)mmio_map_region(physaddr_t(0), 4097);
	if (mm1 == 0) {
		cprintf("check_page: no mmio_map_region yet (lab 4): its checks skipped\n");
		cprintf("check_page() succeeded!\n");
		return;
	}
	mmio_checked = true;
	uintptr_t mm2 = (uintptr_t)mmio_map_region(physaddr_t(0), 4096);
	assert(mm1 >= MMIOBASE && mm1 + 8192 < MMIOLIM);
	assert(mm2 >= MMIOBASE && mm2 + 8192 < MMIOLIM);
	assert(mm1 % PGSIZE == 0 && mm2 % PGSIZE == 0);
	assert(mm1 + 8192 <= mm2);
	assert(check_va2pa(kern_pgdir, mm1) == 0);
	assert(check_va2pa(kern_pgdir, mm1 + PGSIZE) == PGSIZE);
	assert(check_va2pa(kern_pgdir, mm2) == 0);
	assert(check_va2pa(kern_pgdir, mm2 + PGSIZE) == ~0u);
	assert(*pgdir_walk(kern_pgdir, (void*)mm1, 0) & (PTE_W | PTE_PWT | PTE_PCD));
	assert(!(*pgdir_walk(kern_pgdir, (void*)mm1, 0) & PTE_U));
	// Clear the test mappings (the window itself is not reclaimed).
	for (uintptr_t a = mm1; a < mm2 + PGSIZE; a += PGSIZE)
		*pgdir_walk(kern_pgdir, (void*)a, 0) = 0;

	cprintf("check_page() succeeded!\n");
}

// Every kernel mapping and its permissions, as ABI.md lays them out.
void check_kern_pgdir(void) {
	pde_t* pgdir = kern_pgdir;

	// UPAGES: the pages array, user read-only.
	uint32_t n = ROUNDUP(npages * sizeof(PageInfo), PGSIZE);
	for (uint32_t i = 0; i < n; i += PGSIZE) {
		assert(check_va2pa(pgdir, UPAGES + i) == pa_val(PADDR(pages)) + i);
		assert(check_perm(pgdir, UPAGES + i) == (PTE_P | PTE_U));
	}
	assert(check_va2pa(pgdir, UPAGES + n) == ~0u);

	// UENVS: the Env array, user read-only.
	n = ROUNDUP(NENV * sizeof(Env), PGSIZE);
	for (uint32_t i = 0; i < n; i += PGSIZE) {
		assert(check_va2pa(pgdir, UENVS + i) == pa_val(PADDR(envs)) + i);
		assert(check_perm(pgdir, UENVS + i) == (PTE_P | PTE_U));
	}

	// KERNBASE: all of physical memory, kernel read-write, never user.
	for (uint32_t i = 0; i < npages * PGSIZE; i += PGSIZE) {
		assert(check_va2pa(pgdir, KERNBASE + i) == i);
		assert(check_perm(pgdir, KERNBASE + i) == (PTE_P | PTE_W));
	}

	// Kernel stacks, each with an unmapped guard gap below it.  Before lab 4
	// (mem_init_mp) only the boot CPU's is mapped.
	uint32_t nstacks = check_va2pa(pgdir, KSTACKTOP - (KSTKSIZE + KSTKGAP) - 1) == ~0u ? 1 : NCPU;
	if (nstacks == 1)
		cprintf("check_kern_pgdir: only the boot CPU's kernel stack is mapped (mem_init_mp, lab 4)\n");
	for (uint32_t c = 0; c < nstacks; c++) {
		uint32_t base = KSTACKTOP - (KSTKSIZE + KSTKGAP) * (c + 1);
		for (uint32_t i = 0; i < KSTKSIZE; i += PGSIZE) {
			assert(check_va2pa(pgdir, base + KSTKGAP + i) == pa_val(PADDR(percpu_kstacks[c])) + i);
			assert(check_perm(pgdir, base + KSTKGAP + i) == (PTE_P | PTE_W));
		}
		for (uint32_t i = 0; i < KSTKGAP; i += PGSIZE)
			assert(check_va2pa(pgdir, base + i) == ~0u);
	}

	// UVPT: the directory maps itself, user read-only.
	assert(PTE_ADDR(pgdir[PDX(UVPT)]) == pa_val(PADDR(pgdir)));
	assert((pgdir[PDX(UVPT)] & (PTE_P | PTE_W | PTE_U)) == (PTE_P | PTE_U));

	// The directory entries themselves: only these slots are in use.
	for (uint32_t i = 0; i < NPDENTRIES; i++) {
		switch (i) {
		case PDX(UVPT):
		case PDX(KSTACKTOP - 1):
		case PDX(UPAGES):
		case PDX(UENVS):
			assert(pgdir[i] & PTE_P);
			break;
		case PDX(MMIOBASE):  // its page table made by check_page's mmio_map_region
			assert(!mmio_checked || (pgdir[i] & PTE_P));
			break;
		default:
			if (i >= PDX(KERNBASE)) {
				assert(pgdir[i] & PTE_P);
				assert(pgdir[i] & PTE_W);
				// Never user-accessible: a 4 MiB page without U, or (a CPU
				// without PSE) a page table none of whose entries has U;
				// the directory entry may carry U, as pgdir_walk's do.
				if (pgdir[i] & PTE_PS) {
					assert(!(pgdir[i] & PTE_U));
				} else {
					const pte_t* pt = (const pte_t*)KADDR(physaddr_t(PTE_ADDR(pgdir[i])));
					for (uint32_t j = 0; j < NPTENTRIES; j++)
						assert(!(pt[j] & PTE_U));
				}
			} else {
				assert(pgdir[i] == 0);
			}
			break;
		}
	}
	cprintf("check_kern_pgdir() succeeded!\n");
}

// With kern_pgdir loaded: a page inserted at a user address really is the
// memory seen through KERNBASE, and a replacement really replaces it.
void check_page_installed_pgdir(void) {
	size_t nfree = page_free_count();
	PageInfo *pp0, *pp1, *pp2;
	assert((pp0 = page_alloc(0)));
	assert((pp1 = page_alloc(0)));
	assert((pp2 = page_alloc(0)));
	page_free(pp0);
	memset(page2kva(pp1), 1, PGSIZE);
	memset(page2kva(pp2), 2, PGSIZE);
	volatile uint32_t* p = (volatile uint32_t*)PGSIZE;

	assert(page_insert(kern_pgdir, pp1, (void*)PGSIZE, PTE_W) == 0);
	assert(pp1->pp_ref == 1);
	assert(*p == 0x01010101U);
	assert(page_insert(kern_pgdir, pp2, (void*)PGSIZE, PTE_W) == 0);
	assert(*p == 0x02020202U);  // the TLB entry for the old page is gone
	assert(pp2->pp_ref == 1);
	assert(pp1->pp_ref == 0);  // replaced, and so freed
	*p = 0x03030303U;
	assert(*(uint32_t*)page2kva(pp2) == 0x03030303U);
	page_remove(kern_pgdir, (void*)PGSIZE);
	assert(pp2->pp_ref == 0);

	// Free the page table, which was pp0.
	assert(PTE_ADDR(kern_pgdir[0]) == pa_val(page2pa(pp0)));
	kern_pgdir[0] = 0;
	tlbflush();
	assert(pp0->pp_ref == 1);
	page_decref(pp0);
	assert(page_free_count() == nfree);
	cprintf("check_page_installed_pgdir() succeeded!\n");
}
