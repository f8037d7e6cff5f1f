// Boot self-checks of the allocator and the page tables.  Each check is a
// set of small scenarios, one property each, driving the real functions and
// panicking (through assert) on the first wrong answer.  Every scenario puts
// back what it took: pages, references and directory entries, so the next
// one starts from the same state; check_page verifies that after each.

#include <inc/error.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>

namespace {

// Keeps every free page away from the allocator while it exists, so that a
// scenario controls exactly what page_alloc can find: only the pages it
// frees itself.  The destructor returns the pages, last taken first, which
// leaves the free list in its old order (the low pages stay at its head).
class AllocatorDrained {
public:
	AllocatorDrained() {
		for (PageInfo* pp; (pp = page_alloc(0)) != nullptr;) {
			pp->pp_link = held_;
			held_ = pp;
			assert(++count_ <= npages);  // more free pages than memory: a cycle
		}
		assert(page_free_count() == 0);
	}
	~AllocatorDrained() {
		while (held_) {
			PageInfo* pp = held_;
			held_ = pp->pp_link;
			pp->pp_link = nullptr;
			page_free(pp);
		}
	}
	AllocatorDrained(const AllocatorDrained&) = delete;
	AllocatorDrained& operator=(const AllocatorDrained&) = delete;

	size_t count() const { return count_; }
	const PageInfo* first() const { return held_; }  // then through pp_link

private:
	PageInfo* held_ = nullptr;
	size_t count_ = 0;
};

constexpr uint32_t UNMAPPED = ~0u;

// The physical frame va maps to in pgdir, or UNMAPPED, found by reading the
// tables the way the MMU does (4 MiB pages included), without pgdir_walk.
uint32_t mapped_frame(const pde_t* pgdir, uintptr_t va) {
	pde_t pde = pgdir[PDX(va)];
	if (!(pde & PTE_P))
		return UNMAPPED;
	if (pde & PTE_PS)
		return PTE_ADDR(pde) + (va & (PTSIZE - 1) & ~(PGSIZE - 1));
	pte_t pte = ((const pte_t*)KADDR(physaddr_t(PTE_ADDR(pde))))[PTX(va)];
	return (pte & PTE_P) ? PTE_ADDR(pte) : UNMAPPED;
}

// The P/W/U rights an access to va gets: directory and table entry combined.
uint32_t effective_perm(const pde_t* pgdir, uintptr_t va) {
	constexpr uint32_t RIGHTS = PTE_P | PTE_W | PTE_U;
	pde_t pde = pgdir[PDX(va)];
	if (!(pde & PTE_P))
		return 0;
	if (pde & PTE_PS)
		return pde & RIGHTS;
	pte_t pte = ((const pte_t*)KADDR(physaddr_t(PTE_ADDR(pde))))[PTX(va)];
	return pde & pte & RIGHTS;
}

uint32_t frame_of(const PageInfo* pp) { return pa_val(page2pa(pp)); }

PageInfo* must_alloc(int flags = 0) {
	PageInfo* pp = page_alloc(flags);
	assert(pp != nullptr);
	assert(pp->pp_ref == 0 && pp->pp_link == nullptr);
	return pp;
}

/***** check_page_free_list *****/

// Why a page found on the free list must not be handed out; null if it may.
const char* free_page_problem(const PageInfo* pp, uint32_t boot_end) {
	if (pp < pages || pp >= pages + npages)
		return "not in pages[]";
	if (((const char*)pp - (const char*)pages) % sizeof(PageInfo) != 0)
		return "not a PageInfo boundary";
	uint32_t pa = frame_of(pp);
	if (pa == 0)
		return "page 0 (real-mode IDT and BIOS data)";
	if (pa == MPENTRY_PADDR)
		return "the AP start-up page";
	if (pa >= IOPHYSMEM && pa < EXTPHYSMEM)
		return "in the I/O hole";
	if (pa >= EXTPHYSMEM && pa < boot_end)
		return "the kernel image or a boot allocation";
	if (pp->pp_ref != 0)
		return "still referenced";
	return nullptr;
}

}  // namespace

// Every free page may be handed out, and is memory that holds what is
// written to it; base and extended memory both have some.  Before
// kern_pgdir is loaded only the low 4 MiB are mapped, so then only free
// pages there are written.
void check_page_free_list(bool only_low_memory) {
	uint32_t boot_end = pa_val(PADDR(boot_alloc(0)));
	size_t listed = page_free_count();
	AllocatorDrained all;
	assert(all.count() == listed && listed > 0);

	bool below_hole = false, above_hole = false;
	for (const PageInfo* pp = all.first(); pp; pp = pp->pp_link) {
		if (const char* why = free_page_problem(pp, boot_end))
			panic("free page %08x is %s", frame_of(pp), why);
		below_hole |= frame_of(pp) < IOPHYSMEM;
		above_hole |= frame_of(pp) >= EXTPHYSMEM;
	}
	assert(below_hole && above_hole);

	// Stamp each reachable page's first word with its own address, then read
	// every stamp back: no two free pages share memory.
	auto reachable = [&](const PageInfo* pp) { return !only_low_memory || frame_of(pp) < PTSIZE; };
	for (const PageInfo* pp = all.first(); pp; pp = pp->pp_link)
		if (reachable(pp))
			*(volatile uint32_t*)page2kva(pp) = frame_of(pp);
	for (const PageInfo* pp = all.first(); pp; pp = pp->pp_link)
		if (reachable(pp))
			assert(*(volatile uint32_t*)page2kva(pp) == frame_of(pp));
	cprintf("check_page_free_list() succeeded!\n");
}

/***** check_page_alloc *****/

namespace {

constexpr int ALLOC_CHECK_PAGES = 4;

// Pages handed out are distinct, inside physical memory and unreferenced.
void alloc_gives_distinct_pages(PageInfo* (&got)[ALLOC_CHECK_PAGES]) {
	size_t before = page_free_count();
	for (int i = 0; i < ALLOC_CHECK_PAGES; i++) {
		got[i] = must_alloc();
		assert(frame_of(got[i]) < npages * PGSIZE);
		for (int j = 0; j < i; j++)
			assert(got[j] != got[i]);
	}
	assert(page_free_count() == before - ALLOC_CHECK_PAGES);
}

// With nothing free, page_alloc fails whatever the flags; a freed page is
// the one the next page_alloc returns, and then nothing is left again.
void exhaustion_and_refill(PageInfo* (&got)[ALLOC_CHECK_PAGES]) {
	AllocatorDrained all;
	assert(page_alloc(0) == nullptr);
	assert(page_alloc(ALLOC_ZERO) == nullptr);
	page_free(got[2]);
	assert(page_free_count() == 1);
	assert(page_alloc(0) == got[2]);
	assert(page_alloc(0) == nullptr);

	// Freeing them all gives back exactly this set.
	for (PageInfo* pp : got)
		page_free(pp);
	PageInfo* again[ALLOC_CHECK_PAGES];
	for (int i = 0; i < ALLOC_CHECK_PAGES; i++) {
		again[i] = must_alloc();
		bool ours = false;
		for (PageInfo* pp : got)
			ours |= pp == again[i];
		assert(ours);
		for (int j = 0; j < i; j++)
			assert(again[j] != again[i]);
	}
	assert(page_alloc(0) == nullptr);
}

// ALLOC_ZERO clears a page whatever it held; page_decref of the last
// reference frees.
void zeroing_and_decref(PageInfo* (&got)[ALLOC_CHECK_PAGES]) {
	AllocatorDrained all;
	uint8_t* bytes = (uint8_t*)page2kva(got[1]);
	memset(bytes, 0xE5, PGSIZE);
	page_free(got[1]);
	assert(page_alloc(ALLOC_ZERO) == got[1]);
	for (int i = 0; i < PGSIZE; i++)
		assert(bytes[i] == 0);

	got[1]->pp_ref = 1;
	page_decref(got[1]);
	assert(got[1]->pp_ref == 0 && page_free_count() == 1);
	assert(page_alloc(0) == got[1]);
}

}  // namespace

void check_page_alloc(void) {
	assert(pages != nullptr);
	size_t before = page_free_count();
	PageInfo* got[ALLOC_CHECK_PAGES];
	alloc_gives_distinct_pages(got);
	exhaustion_and_refill(got);
	zeroing_and_decref(got);
	for (PageInfo* pp : got)
		page_free(pp);
	assert(page_free_count() == before);
	cprintf("check_page_alloc() succeeded!\n");
}

/***** check_page *****/

namespace {

// UTEMP's directory slot and the next one, both empty in kern_pgdir while
// mem_init runs; every scenario leaves them empty again.
constexpr uintptr_t SLOT_A = UTEMP;
constexpr uintptr_t SLOT_B = UTEMP + PTSIZE;

void* at(uintptr_t va) { return (void*)va; }

PageInfo* table_of(uintptr_t va) { return pa2page(physaddr_t(PTE_ADDR(kern_pgdir[PDX(va)]))); }

pte_t* table_entry(uintptr_t va) { return (pte_t*)page2kva(table_of(va)) + PTX(va); }

// Unhook the (empty) page table behind va and release it.
void drop_table(uintptr_t va) {
	PageInfo* table = table_of(va);
	kern_pgdir[PDX(va)] = 0;
	assert(table->pp_ref == 1);
	page_decref(table);
}

// An address with no page table: nothing to find, nothing allocated.
void lookup_in_empty_slot() {
	size_t before = page_free_count();
	pte_t* store = nullptr;
	assert(pgdir_walk(kern_pgdir, at(SLOT_A + 3 * PGSIZE), 0) == nullptr);
	assert(page_lookup(kern_pgdir, at(SLOT_A + 3 * PGSIZE), &store) == nullptr);
	page_remove(kern_pgdir, at(SLOT_A + 3 * PGSIZE));  // removing nothing is no error
	assert(kern_pgdir[PDX(SLOT_A)] == 0 && page_free_count() == before);
}

// No page free for a page table: page_insert fails with -E_NO_MEM, takes
// no reference and changes no directory entry; pgdir_walk's create fails.
void insert_without_memory() {
	PageInfo* pp = must_alloc();
	{
		AllocatorDrained all;
		assert(page_insert(kern_pgdir, pp, at(SLOT_A), PTE_W) == -E_NO_MEM);
		assert(pp->pp_ref == 0);
		assert(pgdir_walk(kern_pgdir, at(SLOT_B), 1) == nullptr);
		assert(kern_pgdir[PDX(SLOT_A)] == 0 && kern_pgdir[PDX(SLOT_B)] == 0);
	}
	page_free(pp);
}

// The first mapping in an empty slot takes a page for the table (the only
// free one here), referenced once; later mappings in that slot take none.
void insert_allocates_one_table() {
	PageInfo* table = must_alloc();
	PageInfo* first = must_alloc();
	PageInfo* second = must_alloc();
	{
		AllocatorDrained all;
		page_free(table);
		assert(page_insert(kern_pgdir, first, at(SLOT_A + 6 * PGSIZE), PTE_W) == 0);
		assert(table_of(SLOT_A) == table && table->pp_ref == 1);
		assert(first->pp_ref == 1);
		assert(mapped_frame(kern_pgdir, SLOT_A + 6 * PGSIZE) == frame_of(first));
		assert(mapped_frame(kern_pgdir, SLOT_A + 7 * PGSIZE) == UNMAPPED);

		assert(page_insert(kern_pgdir, second, at(SLOT_A + 11 * PGSIZE), PTE_W) == 0);
		assert(mapped_frame(kern_pgdir, SLOT_A + 11 * PGSIZE) == frame_of(second));
		assert(second->pp_ref == 1 && table->pp_ref == 1);
		// Another slot needs another table, and none is left.
		assert(page_insert(kern_pgdir, second, at(SLOT_B), PTE_W) == -E_NO_MEM);
		assert(second->pp_ref == 1);
	}
	page_remove(kern_pgdir, at(SLOT_A + 6 * PGSIZE));
	page_remove(kern_pgdir, at(SLOT_A + 11 * PGSIZE));
	assert(first->pp_ref == 0 && second->pp_ref == 0);  // and so freed
	drop_table(SLOT_A);
}

// Inserting the page already mapped at va changes only the permissions:
// one reference, no page freed, no allocation.
void reinsert_changes_permissions() {
	const uintptr_t va = SLOT_A + 9 * PGSIZE;
	PageInfo* pp = must_alloc();
	assert(page_insert(kern_pgdir, pp, at(va), PTE_W) == 0);
	size_t before = page_free_count();
	assert(effective_perm(kern_pgdir, va) == (PTE_P | PTE_W));

	assert(page_insert(kern_pgdir, pp, at(va), PTE_W | PTE_U) == 0);
	assert(effective_perm(kern_pgdir, va) == (PTE_P | PTE_W | PTE_U));
	assert(pp->pp_ref == 1);
	assert(page_insert(kern_pgdir, pp, at(va), 0) == 0);
	assert(effective_perm(kern_pgdir, va) == PTE_P);
	assert(pp->pp_ref == 1 && mapped_frame(kern_pgdir, va) == frame_of(pp));
	assert(page_free_count() == before);

	page_remove(kern_pgdir, at(va));
	drop_table(SLOT_A);
}

// A new mapping over an old one drops the old page's reference, which
// here was its last: the page is free again.
void replace_releases_old_page() {
	const uintptr_t va = SLOT_A + 2 * PGSIZE;
	PageInfo* old_page = must_alloc();
	PageInfo* new_page = must_alloc();
	assert(page_insert(kern_pgdir, old_page, at(va), PTE_W) == 0);
	{
		AllocatorDrained all;
		assert(page_insert(kern_pgdir, new_page, at(va), PTE_W) == 0);
		assert(mapped_frame(kern_pgdir, va) == frame_of(new_page));
		assert(new_page->pp_ref == 1 && old_page->pp_ref == 0);
		assert(page_free_count() == 1 && page_alloc(0) == old_page);
	}
	page_free(old_page);
	page_remove(kern_pgdir, at(va));
	drop_table(SLOT_A);
}

// A page mapped twice has two references; removing a mapping drops one and
// leaves the other translation alone; the last removal frees the page.
// page_lookup reports the page and, through pte_store, its table entry.
void shared_page_and_remove() {
	const uintptr_t va1 = SLOT_A + 4 * PGSIZE, va2 = SLOT_A + 13 * PGSIZE;
	PageInfo* pp = must_alloc();
	assert(page_insert(kern_pgdir, pp, at(va1), PTE_W) == 0);
	assert(page_insert(kern_pgdir, pp, at(va2), PTE_W | PTE_U) == 0);
	assert(pp->pp_ref == 2);
	{
		AllocatorDrained all;
		page_remove(kern_pgdir, at(va1));
		assert(pp->pp_ref == 1 && page_free_count() == 0);
		assert(mapped_frame(kern_pgdir, va1) == UNMAPPED);
		assert(mapped_frame(kern_pgdir, va2) == frame_of(pp));

		pte_t* store = nullptr;
		assert(page_lookup(kern_pgdir, at(va2), &store) == pp);
		assert(store == table_entry(va2) && store == pgdir_walk(kern_pgdir, at(va2), 0));
		assert(PTE_ADDR(*store) == frame_of(pp) && (*store & PTE_U));
		assert(page_lookup(kern_pgdir, at(va2), nullptr) == pp);

		page_remove(kern_pgdir, at(va2));
		assert(pp->pp_ref == 0 && page_free_count() == 1);
		assert(page_lookup(kern_pgdir, at(va2), nullptr) == nullptr);
		page_remove(kern_pgdir, at(va2));
		assert(page_free_count() == 1 && page_alloc(0) == pp);
	}
	page_free(pp);
	drop_table(SLOT_A);
}

// pgdir_walk with create makes one table, referenced once and cleared even
// when its page was dirty, and points at va's entry in it; walking again,
// with or without create, finds the same entry and allocates nothing.
void walk_creates_clean_table() {
	const uintptr_t va = SLOT_B + 0x2A * PGSIZE;
	PageInfo* dirty = must_alloc();
	memset(page2kva(dirty), 0x5C, PGSIZE);
	pte_t* pte;
	{
		AllocatorDrained all;
		page_free(dirty);
		pte = pgdir_walk(kern_pgdir, at(va), 1);
		assert(pte != nullptr && page_free_count() == 0);
		assert(table_of(va) == dirty && dirty->pp_ref == 1);
		assert(pte == table_entry(va));
		const pte_t* entries = (const pte_t*)page2kva(dirty);
		for (int i = 0; i < NPTENTRIES; i++)
			assert(entries[i] == 0);
		assert(pgdir_walk(kern_pgdir, at(va), 0) == pte);
		assert(pgdir_walk(kern_pgdir, at(va), 1) == pte);
		assert(pgdir_walk(kern_pgdir, at(va + PGSIZE), 0) == pte + 1);
	}
	drop_table(SLOT_B);
}

bool mmio_checked;  // check_page tested mmio_map_region (lab 4)

// mmio_map_region reserves whole pages of the MMIO window, one region after
// the other without overlap, mapped kernel-only, writable and uncached;
// it returns the address of pa itself, inside its first page.  Returns
// false, having tested nothing, while it is lab 4's unwritten stub.
bool check_mmio_map_region() {
	const uint32_t pa1 = 0xC000, size1 = 2 * PGSIZE + 1;  // three pages
	const uint32_t pa2 = 0x14FF8, size2 = 16;             // crosses into a second page
	uintptr_t r1 = (uintptr_t)mmio_map_region(physaddr_t(pa1), size1);
	if (r1 == 0)
		return false;
	uintptr_t r2 = (uintptr_t)mmio_map_region(physaddr_t(pa2), size2);
	uintptr_t r2_page = ROUNDDOWN(r2, PGSIZE);

	assert(r1 % PGSIZE == 0 && r1 >= MMIOBASE);
	assert(r2 % PGSIZE == pa2 % PGSIZE);
	assert(r2_page >= r1 + 3 * PGSIZE && r2_page + 2 * PGSIZE <= MMIOLIM);
	uintptr_t device_pages[] = {r1, r1 + PGSIZE, r1 + 2 * PGSIZE, r2_page, r2_page + PGSIZE};
	uint32_t frames[] = {pa1, pa1 + PGSIZE, pa1 + 2 * PGSIZE, ROUNDDOWN(pa2, PGSIZE),
			     ROUNDDOWN(pa2, PGSIZE) + PGSIZE};
	for (int i = 0; i < 5; i++) {
		assert(mapped_frame(kern_pgdir, device_pages[i]) == frames[i]);
		pte_t pte = *pgdir_walk(kern_pgdir, at(device_pages[i]), 0);
		assert((pte & (PTE_W | PTE_PCD | PTE_PWT | PTE_U)) == (PTE_W | PTE_PCD | PTE_PWT));
	}
	assert(mapped_frame(kern_pgdir, r2_page + 2 * PGSIZE) == UNMAPPED);

	// Unmap the test regions; the window space itself is never reclaimed.
	for (uintptr_t va : device_pages)
		*pgdir_walk(kern_pgdir, at(va), 0) = 0;
	return true;
}

}  // namespace

// pgdir_walk, page_insert, page_lookup and page_remove on kern_pgdir before
// it is loaded: each scenario above, then mmio_map_region.
void check_page(void) {
	void (*const scenarios[])() = {
		lookup_in_empty_slot,       insert_without_memory,     insert_allocates_one_table,
		reinsert_changes_permissions, replace_releases_old_page, shared_page_and_remove,
		walk_creates_clean_table,
	};
	size_t before = page_free_count();
	for (auto scenario : scenarios) {
		scenario();
		assert(page_free_count() == before);  // nothing leaked, nothing lost
		assert(kern_pgdir[PDX(SLOT_A)] == 0 && kern_pgdir[PDX(SLOT_B)] == 0);
	}

	mmio_checked = check_mmio_map_region();
	if (!mmio_checked)
		cprintf("check_page: no mmio_map_region yet (lab 4): its checks skipped\n");
	cprintf("check_page() succeeded!\n");
}

// Every kernel mapping and its permissions, as docs/ABI.md lays them out.
void check_kern_pgdir(void) {
	pde_t* pgdir = kern_pgdir;

	// UPAGES: the pages array, user read-only.
	uint32_t n = ROUNDUP(npages * sizeof(PageInfo), PGSIZE);
	for (uint32_t i = 0; i < n; i += PGSIZE) {
		assert(mapped_frame(pgdir, UPAGES + i) == pa_val(PADDR(pages)) + i);
		assert(effective_perm(pgdir, UPAGES + i) == (PTE_P | PTE_U));
	}
	assert(mapped_frame(pgdir, UPAGES + n) == UNMAPPED);

	// UENVS: the Env array, user read-only.
	n = ROUNDUP(NENV * sizeof(Env), PGSIZE);
	for (uint32_t i = 0; i < n; i += PGSIZE) {
		assert(mapped_frame(pgdir, UENVS + i) == pa_val(PADDR(envs)) + i);
		assert(effective_perm(pgdir, UENVS + i) == (PTE_P | PTE_U));
	}

	// KERNBASE: all of physical memory, kernel read-write, never user.
	for (uint32_t i = 0; i < npages * PGSIZE; i += PGSIZE) {
		assert(mapped_frame(pgdir, KERNBASE + i) == i);
		assert(effective_perm(pgdir, KERNBASE + i) == (PTE_P | PTE_W));
	}

	// Kernel stacks, each with an unmapped guard gap below it.  Before lab 4
	// (mem_init_mp) only the boot CPU's is mapped.
	uint32_t nstacks = mapped_frame(pgdir, kstacktop(1) - 1) == UNMAPPED ? 1 : NCPU;
	if (nstacks == 1)
		cprintf("check_kern_pgdir: only the boot CPU's kernel stack is mapped (mem_init_mp, lab 4)\n");
	for (uint32_t c = 0; c < nstacks; c++) {
		uint32_t base = kstacktop(c + 1);  // the bottom of CPU c's guard gap
		for (uint32_t i = 0; i < KSTKSIZE; i += PGSIZE) {
			assert(mapped_frame(pgdir, base + KSTKGAP + i) == pa_val(PADDR(percpu_kstacks[c])) + i);
			assert(effective_perm(pgdir, base + KSTKGAP + i) == (PTE_P | PTE_W));
		}
		for (uint32_t i = 0; i < KSTKGAP; i += PGSIZE)
			assert(mapped_frame(pgdir, base + i) == UNMAPPED);
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

// With kern_pgdir loaded, mappings are real: what a page holds is what its
// user address reads, a store through that address lands in the page, and
// a replaced mapping is gone from the TLB at once.
void check_page_installed_pgdir(void) {
	const uintptr_t va = SLOT_A + 5 * PGSIZE;
	volatile uint32_t* word = (volatile uint32_t*)(va + 0x40);
	size_t before = page_free_count();
	PageInfo* first = must_alloc();
	PageInfo* second = must_alloc();
	memset(page2kva(first), 0x3C, PGSIZE);
	memset(page2kva(second), 0xC3, PGSIZE);

	assert(page_insert(kern_pgdir, first, at(va), PTE_W) == 0);
	assert(*word == 0x3C3C3C3CU);  // now cached in the TLB
	*word = 0x600DCAFEU;
	assert(*(uint32_t*)((char*)page2kva(first) + 0x40) == 0x600DCAFEU);

	assert(page_insert(kern_pgdir, second, at(va), PTE_W) == 0);
	assert(*word == 0xC3C3C3C3U);
	assert(first->pp_ref == 0 && second->pp_ref == 1);  // first was freed
	page_remove(kern_pgdir, at(va));
	assert(second->pp_ref == 0);
	assert(mapped_frame(kern_pgdir, va) == UNMAPPED);

	drop_table(SLOT_A);
	tlbflush();
	assert(page_free_count() == before);
	cprintf("check_page_installed_pgdir() succeeded!\n");
}
