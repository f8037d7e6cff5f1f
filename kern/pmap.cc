// Physical memory and the kernel's page tables.  Owns the PageInfo array
// (one entry per physical page, reference-counted by mappings), the free
// list, and kern_pgdir, the page directory every environment's kernel half
// copies.  It never maps a page without counting the reference, and never
// frees a page something still maps.

#include <inc/error.h>
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/kclock.h>
#include <kern/pmap.h>
#include <kern/trap.h>

size_t npages;  // amount of physical memory, in pages

pde_t* kern_pgdir;                   // the kernel's initial page directory
PageInfo* pages;                     // physical page state array
// Free pages are on one of two lists.  Pages on page_zero_list are known
// to be all zeroes, so ALLOC_ZERO (every page a user is given) costs no
// zeroing when one is there; every other free page is on page_free_list.
// All free memory is zeroed once at boot, and idle CPUs zero freed pages
// (page_zero_idle), which keeps the zeroing off the system-call path.
// Both lists end at list_end rather than null, so that every free page has
// a non-null pp_link and page_free can tell a free page from one in use.
static PageInfo list_end;
static PageInfo* page_free_list = &list_end;  // free pages of unknown contents, LIFO
static PageInfo* page_zero_list = &list_end;  // free pages that are all zeroes, LIFO
static size_t nfree;                 // length of page_free_list
static size_t nzero;                 // length of page_zero_list
size_t boot_free_pages;
static bool use_pse;                 // map KERNBASE with 4 MiB pages

/***** Detecting memory *****/

// The BIOS leaves three memory sizes in the CMOS NVRAM, each a 16-bit
// count (low byte first) of memory starting at a fixed address.  Whichever
// reaches highest marks the top of RAM: a machine with more than 16 MiB
// reports it only in the last one, and the 1 MiB count saturates at 64 MiB.
struct NvramMemorySize {
	uint8_t reg;       // low byte; the high byte is the next register
	uint32_t from_kb;  // where the memory it counts starts
	uint32_t unit_kb;
};

static constexpr NvramMemorySize nvram_memory_sizes[] = {
	{NVRAM_BASELO, 0, 1},           // conventional memory, below 640 KiB
	{NVRAM_EXTLO, 1024, 1},         // from 1 MiB
	{NVRAM_EXT16LO, 16 * 1024, 64}, // from 16 MiB
};

static uint32_t nvram_top_kb(const NvramMemorySize& f) {
	uint32_t count = mc146818_read(f.reg) | mc146818_read(f.reg + 1) << 8;
	return count == 0 ? 0 : f.from_kb + count * f.unit_kb;
}

static void i386_detect_memory(void) {
	uint32_t top_kb = 0;
	for (const NvramMemorySize& f : nvram_memory_sizes) {
		uint32_t t = nvram_top_kb(f);
		top_kb = t > top_kb ? t : top_kb;
	}
	uint32_t base_kb = nvram_top_kb(nvram_memory_sizes[0]);

	// Everything the kernel touches is mapped at KERNBASE, which leaves room
	// for 256 MiB; memory beyond that is not used.
	constexpr uint32_t window_kb = (uint32_t)((0x100000000ull - KERNBASE) / 1024);
	if (top_kb > window_kb) {
		cprintf("Physical memory: %uK present, using the first %uK (the KERNBASE window)\n", top_kb,
			window_kb);
		top_kb = window_kb;
	}
	npages = top_kb / (PGSIZE / 1024);
	cprintf("Physical memory: %uK available, base = %uK, extended = %uK\n", top_kb, base_kb,
		top_kb - base_kb);
}

/***** Boot-time allocation *****/

// Allocate n bytes (rounded up to pages) of boot memory, right after the
// kernel image, before the page allocator exists.  boot_alloc(0) returns
// the next free address.  Only the 4 MiB the entry page directory maps can
// be used.
void* boot_alloc(uint32_t n) {
	// @exercise 2.1 boot_alloc
	extern char end[];
	// Boot memory below brk is taken; brk is always a page boundary, and
	// starts at the first one past the kernel image (the linker's `end`).
	static uintptr_t brk;
	if (brk == 0)
		brk = ROUNDUP((uintptr_t)end, PGSIZE);
	// Usable: what the entry page directory maps, and what physically exists.
	const uint64_t limit = MIN((uint64_t)KERNBASE + PTSIZE, (uint64_t)KERNBASE + (uint64_t)npages * PGSIZE);
	const uint64_t wanted_end = (uint64_t)brk + n;
	if (wanted_end > limit)
		panic("boot_alloc: out of memory allocating %u bytes", n);
	void* chunk = (void*)brk;
	brk = (uintptr_t)ROUNDUP(wanted_end, (uint32_t)PGSIZE);
	return chunk;
	// @stub
	// |	// Your code here.
	// |	panic("boot_alloc: not implemented (%u bytes)", n);
	// @end
}

/***** The kernel address space *****/

// Map [va, va+size) to [pa, pa+size) with perm|PTE_P in 4 KiB pages.  A
// static kernel mapping: no page reference counts change.
[[maybe_unused]] static void boot_map_region(pde_t* pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm) {
	// @exercise 2.5 boot_map_region
	assert(va % PGSIZE == 0 && pa_val(pa) % PGSIZE == 0 && size % PGSIZE == 0);
	for (size_t off = 0; off < size; off += PGSIZE) {
		pte_t* pte = pgdir_walk(pgdir, (void*)(va + off), 1);
		if (!pte)
			panic("boot_map_region: out of memory for a page table at va %08x", va + off);
		*pte = pa_val(pa + off) | perm | PTE_P;
	}
	// @stub
	// |	// Your code here.
	// |	panic("boot_map_region: not implemented (pgdir %p va %08x size %u pa %08x perm %x)", pgdir, va, size, pa_val(pa), perm);
	// @end
}

// The same with 4 MiB pages (PSE): no page tables at all.
[[maybe_unused]] static void boot_map_region_large(pde_t* pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm) {
	assert(va % PTSIZE == 0 && pa_val(pa) % PTSIZE == 0 && size % PTSIZE == 0);
	for (size_t off = 0; off < size; off += PTSIZE)
		pgdir[PDX(va + off)] = pa_val(pa + off) | perm | PTE_P | PTE_PS;
}

// Map every CPU's kernel stack below KSTACKTOP, each with an unmapped gap
// below it so that an overflow faults instead of corrupting the neighbour.
[[maybe_unused]] static void mem_init_mp(void) {
	// @exercise 4.3 mem_init_mp
	for (int i = 0; i < NCPU; i++) {
		uintptr_t kstacktop_i = kstacktop(i);
		boot_map_region(kern_pgdir, kstacktop_i - KSTKSIZE, KSTKSIZE, PADDR(percpu_kstacks[i]), PTE_W);
	}
	// @stub
	// |	// Your code here (lab 4): map every CPU's kernel stack.  Until then
	// |	// only the boot CPU's stack is mapped, at KSTACKTOP, and no other
	// |	// CPU can take a trap.
	// |	boot_map_region(kern_pgdir, KSTACKTOP - KSTKSIZE, KSTKSIZE, PADDR(percpu_kstacks[0]), PTE_W);
	// @end
}

// Switch this CPU from the entry page directory to kern_pgdir, with 4 MiB
// pages enabled when kern_pgdir uses them, and set the CR0 bits the kernel
// runs with.  The boot CPU (mem_init) and every AP (mp_main) come here.
void load_kern_pgdir(void) {
	if (use_pse)
		lcr4(rcr4() | CR4_PSE);
	lcr3(pa_val(PADDR(kern_pgdir)));
	uint32_t cr0 = rcr0();
	cr0 |= CR0_PE | CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_MP;
	cr0 &= ~(CR0_TS | CR0_EM);
	lcr0(cr0);
}

// Build kern_pgdir: the kernel's half of every address space, plus UVPT,
// UPAGES and UENVS for users to read; then switch to it.
void mem_init(void) {
	i386_detect_memory();

	uint32_t edx;
	cpuid(1, nullptr, nullptr, nullptr, &edx);
	use_pse = edx & (1 << 3);

	// Boot memory is not zeroed.  Slot PDX(UVPT) holds the directory's own
	// page, so the page tables themselves show at UVPT (and the directory
	// at uvpd): readable by users, writable by no one through there.
	kern_pgdir = static_cast<pde_t*>(memset(boot_alloc(PGSIZE), 0, PGSIZE));
	kern_pgdir[PDX(UVPT)] = pa_val(PADDR(kern_pgdir)) | PTE_P | PTE_U;

	// @exercise 2.1 mem_init allocations
	pages = (PageInfo*)boot_alloc(npages * sizeof(PageInfo));
	memset(pages, 0, npages * sizeof(PageInfo));
	envs = (Env*)boot_alloc(NENV * sizeof(Env));
	memset(envs, 0, NENV * sizeof(Env));
	// @stub
	// |	// Your code here: allocate and clear pages[npages] and envs[NENV].
	// |	panic("mem_init: the pages and envs arrays are not allocated");
	// @end

	page_init();
	check_page_free_list(true);
	check_page_alloc();
	check_page();

	// @exercise 2.9 mem_init mappings
	boot_map_region(kern_pgdir, UPAGES, ROUNDUP(npages * sizeof(PageInfo), PGSIZE), PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS, ROUNDUP(NENV * sizeof(Env), PGSIZE), PADDR(envs), PTE_U);
	mem_init_mp();
	// All of physical memory (and beyond, up to 4 GiB) at KERNBASE, kernel-only.
	if (use_pse)
		boot_map_region_large(kern_pgdir, KERNBASE, (size_t)(0x100000000ull - KERNBASE), physaddr_t(0), PTE_W);
	else
		boot_map_region(kern_pgdir, KERNBASE, (size_t)(0x100000000ull - KERNBASE), physaddr_t(0), PTE_W);
	// @stub
	// |	// Your code here: map UPAGES, UENVS, the kernel stacks (mem_init_mp)
	// |	// and all of physical memory at KERNBASE.
	// |	(void)boot_map_region_large;
	// @end

	check_kern_pgdir();

	load_kern_pgdir();
	check_page_free_list(false);
	check_page_installed_pgdir();
	page_zero_idle(npages);
	cprintf("Physical pages: %u free of %u\n", page_free_count(), npages);
}

/***** The physical page allocator *****/

// Put every page not in use on the free list.  In use: page 0 (real-mode
// IDT and BIOS data), the AP start-up page, the I/O hole, and the kernel
// image with everything boot_alloc handed out after it.
void page_init(void) {
	// @exercise 2.2 page_init
	uint32_t first_free = pa_val(PADDR(boot_alloc(0)));
	page_free_list = &list_end;
	nfree = 0;
	for (size_t i = npages; i-- > 0;) {
		uint32_t pa = i * PGSIZE;
		bool in_use = i == 0 || pa == MPENTRY_PADDR || (pa >= IOPHYSMEM && pa < first_free);
		pages[i].pp_link = nullptr;
		if (in_use) {
			pages[i].pp_ref = 1;
		} else {
			pages[i].pp_ref = 0;
			pages[i].pp_link = page_free_list;
			page_free_list = &pages[i];
			nfree++;
		}
	}
	// @stub
	// |	// Your code here.
	// |	panic("page_init: not implemented");
	// @end
}

static PageInfo* pop(PageInfo** list, size_t* count) {
	PageInfo* pp = *list;
	if (pp == &list_end)
		return nullptr;
	*list = pp->pp_link;
	pp->pp_link = nullptr;
	(*count)--;
	return pp;
}

// Take a free page; with ALLOC_ZERO it is all zeroes.  Zeroed pages are
// kept for ALLOC_ZERO; other requests take them only when nothing else is
// left.  The caller owns the reference count (0 on return).  Returns null
// when memory is gone.
PageInfo* page_alloc(int alloc_flags) {
	// @exercise 2.3 page_alloc
	if (alloc_flags & ALLOC_ZERO) {
		if (PageInfo* pp = pop(&page_zero_list, &nzero))
			return pp;
		PageInfo* pp = pop(&page_free_list, &nfree);
		if (pp)
			memset(page2kva(pp), 0, PGSIZE);
		return pp;
	}
	if (PageInfo* pp = pop(&page_free_list, &nfree))
		return pp;
	return pop(&page_zero_list, &nzero);
	// @stub
	// |	// Your code here.
	// |	panic("page_alloc: not implemented (flags %d)", alloc_flags);
	// @end
}

// Zero up to n free pages of unknown contents, for later ALLOC_ZEROs.
void page_zero_idle(size_t n) {
	for (; n > 0 && page_free_list != &list_end; n--) {
		PageInfo* pp = pop(&page_free_list, &nfree);
		memset(page2kva(pp), 0, PGSIZE);
		pp->pp_link = page_zero_list;
		page_zero_list = pp;
		nzero++;
	}
}

// Return a page to the free list.  Freeing a page that is still referenced
// or already free is a kernel bug, caught here rather than as corruption later.
void page_free(PageInfo* pp) {
	// @exercise 2.3 page_free
	if (pp->pp_ref != 0 || pp->pp_link != nullptr)
		panic("page_free: page %08x still in use (pp_ref %d) or already free", pa_val(page2pa(pp)),
		      pp->pp_ref);
	pp->pp_link = page_free_list;
	page_free_list = pp;
	nfree++;
	// @stub
	// |	// Your code here.
	// |	panic("page_free: not implemented (page %p)", pp);
	// @end
}

// Drop a reference; free the page when it was the last.  A page with no
// reference left to drop is a kernel bug (pp_ref would wrap to 65535 and
// the page would never come back).
void page_decref(PageInfo* pp) {
	if (pp->pp_ref == 0)
		panic("page_decref: page %08x has no reference to drop", pa_val(page2pa(pp)));
	if (--pp->pp_ref == 0)
		page_free(pp);
}

size_t page_free_count(void) { return nfree + nzero; }

/***** Page tables *****/

// The page table entry for va in pgdir.  With create, a missing page table
// is allocated (zeroed, referenced once); otherwise a missing one gives
// null.  For a 4 MiB kernel page the directory entry itself is returned.
pte_t* pgdir_walk(pde_t* pgdir, const void* va, int create) {
	// @exercise 2.4 pgdir_walk
	pde_t* pde = &pgdir[PDX(va)];
	if (!(*pde & PTE_P)) {
		if (!create)
			return nullptr;
		PageInfo* pp = page_alloc(ALLOC_ZERO);
		if (!pp)
			return nullptr;
		pp->pp_ref++;
		// Directory entries are permissive; the page table entries decide.
		*pde = pa_val(page2pa(pp)) | PTE_P | PTE_W | PTE_U;
	} else if (*pde & PTE_PS) {
		return pde;
	}
	return (pte_t*)KADDR(physaddr_t(PTE_ADDR(*pde))) + PTX(va);
	// @stub
	// |	// Your code here.
	// |	panic("pgdir_walk: not implemented (pgdir %p va %p create %d)", pgdir, va, create);
	// @end
}

// Map page pp at va with perm|PTE_P, replacing (and releasing) whatever was
// mapped there.  Re-inserting the page already mapped at va just changes
// its permissions.  Returns 0, or -E_NO_MEM when no page table could be made.
int page_insert(pde_t* pgdir, PageInfo* pp, void* va, int perm) {
	// @exercise 2.8 page_insert
	pte_t* pte = pgdir_walk(pgdir, va, 1);
	if (!pte)
		return -E_NO_MEM;
	// The page already mapped here: only the permissions change.
	if ((*pte & PTE_P) && PTE_ADDR(*pte) == pa_val(page2pa(pp))) {
		*pte = PTE_ADDR(*pte) | perm | PTE_P;
		tlb_invalidate(pgdir, va);
		return 0;
	}
	// pp_ref is 16 bits (the ABI's PageInfo): one more reference than it
	// can count is refused, or it would wrap to 0 with the page mapped.
	if (pp->pp_ref == (uint16_t)~0u)
		return -E_NO_MEM;
	// Count the new reference before removing the old mapping: when both
	// are the same page, it must not reach zero in between.
	pp->pp_ref++;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	*pte = pa_val(page2pa(pp)) | perm | PTE_P;
	return 0;
	// @stub
	// |	// Your code here.
	// |	panic("page_insert: not implemented (pgdir %p page %p va %p perm %x)", pgdir, pp, va, perm);
	// @end
}

// The page mapped at va (null if none); *pte_store gets its entry.
PageInfo* page_lookup(pde_t* pgdir, void* va, pte_t** pte_store) {
	// @exercise 2.6 page_lookup
	pte_t* pte = pgdir_walk(pgdir, va, 0);
	if (!pte || !(*pte & PTE_P))
		return nullptr;
	if (pte_store)
		*pte_store = pte;
	if (*pte & PTE_PS)  // inside a 4 MiB page
		return pa2page(physaddr_t(PTE_ADDR(*pte) + (PTX(va) << PTXSHIFT)));
	return pa2page(physaddr_t(PTE_ADDR(*pte)));
	// @stub
	// |	// Your code here.
	// |	panic("page_lookup: not implemented (pgdir %p va %p store %p)", pgdir, va, pte_store);
	// @end
}

// Unmap va; the page is freed when that was its last mapping.  Unmapping
// nothing is fine.
void page_remove(pde_t* pgdir, void* va) {
	// @exercise 2.7 page_remove
	pte_t* pte;
	PageInfo* pp = page_lookup(pgdir, va, &pte);
	if (!pp)
		return;
	assert(!(*pte & PTE_PS));
	*pte = 0;
	tlb_invalidate(pgdir, va);
	page_decref(pp);
	// @stub
	// |	// Your code here.
	// |	panic("page_remove: not implemented (pgdir %p va %p)", pgdir, va);
	// @end
}

// Make every CPU that runs an env of address space pgdir, other than this
// one, flush its TLB, and wait until they have (a TLB shootdown).  The IPI
// reaches such a CPU in user mode; a CPU in the kernel has interrupts off
// and either spins for the kernel lock, which checks cpu_tlb_flush
// (spin_lock_wait), or is on its way back to user mode and takes the IPI
// right after its iret.  Neither needs the lock this CPU holds, so the
// wait ends.  (x86 keeps stores in order: the target sees the flag set
// before the IPI arrives.)  cpu_env changes only under the kernel lock,
// which the caller holds, and a CPU without an env runs on kern_pgdir
// (sched_halt, env_free), so the test below misses no CPU.  Out of line,
// so that tlb_invalidate stays small enough to inline into its callers.
__attribute__((noinline)) static void tlb_shootdown(pde_t* pgdir) {
	for (CpuInfo* c = cpus; c < cpus + ncpu; c++) {
		if (!c->cpu_env || c->cpu_env->env_pgdir != pgdir || c == thiscpu)
			continue;
		c->cpu_tlb_flush = true;
		lapic_ipi_cpu(c->cpu_id, T_TLBFLUSH);
		while (c->cpu_tlb_flush)
			asm volatile("pause");
	}
}

// Drop va's TLB entry on every CPU that may cache it, so the caller may
// free the page as soon as this returns.  An address space runs on one CPU
// at most (an env never runs on two), so when pgdir is loaded here, no
// other CPU holds it: the common case, an env changing its own mappings,
// costs what it did on one CPU.
void tlb_invalidate(pde_t* pgdir, void* va) {
	if (rcr3() == pa_val(PADDR(pgdir)))
		invlpg(va);
	else
		tlb_shootdown(pgdir);
}

// The target's side: flush the whole TLB (reloading cr3 is simplest), then
// tell the waiting CPU.  Called without the kernel lock, by this CPU only.
void tlb_flush_if_requested(CpuInfo* self) {
	if (self->cpu_tlb_flush) {
		lcr3(rcr3());
		self->cpu_tlb_flush = false;
	}
}

// Reserve size bytes of the MMIO window for device memory at pa, mapped
// uncached, and return its virtual address.  Regions never overlap and are
// never freed; running past MMIOLIM is a panic.
void* mmio_map_region(physaddr_t pa, size_t size) {
	// @exercise 4.1 mmio_map_region
	static uintptr_t base = MMIOBASE;
	uint32_t start = ROUNDDOWN(pa_val(pa), PGSIZE);
	uint64_t end = ROUNDUP((uint64_t)pa_val(pa) + size, (uint64_t)PGSIZE);
	uint64_t len = end - start;
	if (base + len > MMIOLIM || base + len < base)
		panic("mmio_map_region: %u bytes at pa %08x overflow MMIOLIM", size, pa_val(pa));
	boot_map_region(kern_pgdir, base, (size_t)len, physaddr_t(start), PTE_PCD | PTE_PWT | PTE_W);
	uintptr_t va = base + (pa_val(pa) - start);
	base += len;
	return (void*)va;
	// @stub
	// |	// Your code here (lab 4).  Until then no device memory is mapped:
	// |	// check_page skips its MMIO checks and lapic_init leaves the kernel
	// |	// on one CPU, without the LAPIC timer.
	// |	cprintf("mmio_map_region: not implemented (pa %08x size %u)\n", pa_val(pa), size);
	// |	return nullptr;
	// @end
}

/***** User memory checks *****/

static uintptr_t first_bad_va;  // first bad address of the last failed check

// May env access [va, va+len) with perm (plus PTE_P)?  Every page must be
// below ULIM and mapped with those bits.  On failure returns -E_FAULT and
// records the first bad address.
int user_mem_check(Env* env, const void* va, size_t len, int perm) {
	// @exercise 3.10 user_mem_check
	uintptr_t start = (uintptr_t)va;
	uintptr_t end = start + len;
	if (end < start)  // wraps past 4 GiB: fails at ULIM anyway
		end = ~(uintptr_t)0;
	perm |= PTE_P;
	// No page at or above ULIM passes, so a never wraps.
	for (uintptr_t a = ROUNDDOWN(start, PGSIZE); a < end; a += PGSIZE) {
		pte_t* pte = a < ULIM ? pgdir_walk(env->env_pgdir, (void*)a, 0) : nullptr;
		if (!pte || (*pte & perm) != (uint32_t)perm) {
			first_bad_va = a < start ? start : a;
			return -E_FAULT;
		}
	}
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)first_bad_va;
	// |	panic("user_mem_check: not implemented (env %p va %p len %u perm %x)", env, va, len, perm);
	// @end
}

// For a pointer a system call was handed: [va, va+len) must be user
// memory with perm, or env dies for it (and then, when env is the caller,
// this does not return).
void user_mem_assert(Env* env, const void* va, size_t len, int perm) {
	bool ok = user_mem_check(env, va, len, PTE_U | perm) == 0;
	if (!ok)
		user_mem_fail(env, first_bad_va);
}

// Report env's bad access at va and destroy it.
void user_mem_fail(Env* env, uintptr_t va) {
	cprintf("[%08x] user_mem_check assertion failure for va %08x\n", env->env_id, va);
	env_destroy(env);
}
