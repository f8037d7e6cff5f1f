// Physical page allocation and page tables.  Physical addresses have their
// own type, physaddr_t: converting to or from a kernel virtual address goes
// through PADDR/KADDR, which check the address is in the KERNBASE window.
#ifndef JOS_KERN_PMAP_H
#define JOS_KERN_PMAP_H

#include <inc/assert.h>
#include <inc/memlayout.h>
#include <inc/types.h>

struct CpuInfo;
struct Env;

enum class physaddr_t : uint32_t {};
constexpr uint32_t pa_val(physaddr_t pa) { return static_cast<uint32_t>(pa); }
constexpr physaddr_t operator+(physaddr_t pa, uint32_t off) { return physaddr_t(pa_val(pa) + off); }

extern char bootstacktop[], bootstack[];
extern PageInfo* pages;
extern size_t npages;
extern pde_t* kern_pgdir;

// The two directions across the KERNBASE window, where physical address p
// is kernel address KERNBASE + p.  A wrong-way conversion is a kernel bug,
// reported at the caller's line (hence the macros).
#define PADDR(kva) _paddr(__FILE__, __LINE__, kva)
inline physaddr_t _paddr(const char* file, int line, const void* kva) {
	const uint32_t va = (uint32_t)kva;
	if (va < KERNBASE)
		_panic(file, line, "PADDR(%08x): not a kernel address, it is below KERNBASE", va);
	return physaddr_t(va - KERNBASE);
}

#define KADDR(pa) _kaddr(__FILE__, __LINE__, pa)
inline void* _kaddr(const char* file, int line, physaddr_t pa) {
	if (PGNUM(pa_val(pa)) >= npages)
		_panic(file, line, "KADDR(%08x): past the end of physical memory", pa_val(pa));
	return (void*)(KERNBASE + pa_val(pa));
}

enum {
	ALLOC_ZERO = 1 << 0,  // page_alloc: fill the page with zeroes
};

void mem_init(void);
void load_kern_pgdir(void);  // this CPU onto kern_pgdir (boot CPU and APs)
void* boot_alloc(uint32_t n);  // boot_alloc(0): the end of the boot allocations
void page_init(void);
PageInfo* page_alloc(int alloc_flags);
void page_free(PageInfo* pp);
void page_decref(PageInfo* pp);
[[nodiscard]] int page_insert(pde_t* pgdir, PageInfo* pp, void* va, int perm);
void page_remove(pde_t* pgdir, void* va);
PageInfo* page_lookup(pde_t* pgdir, void* va, pte_t** pte_store);
pte_t* pgdir_walk(pde_t* pgdir, const void* va, int create);
void tlb_invalidate(pde_t* pgdir, void* va);
void tlb_flush_if_requested(CpuInfo* self);  // the other half of tlb_invalidate
void* mmio_map_region(physaddr_t pa, size_t size);
size_t page_free_count(void);  // free pages now
void page_zero_idle(size_t n);  // pre-zero up to n free pages
extern size_t boot_free_pages;  // ... when boot was done, before the first env

[[nodiscard]] int user_mem_check(Env* env, const void* va, size_t len, int perm);
void user_mem_assert(Env* env, const void* va, size_t len, int perm);
void user_mem_fail(Env* env, uintptr_t va);

// Boot self-checks (kern/pmap_check.cc).
void check_page_free_list(bool only_low_memory);
void check_page_alloc(void);
void check_page(void);
void check_kern_pgdir(void);
void check_page_installed_pgdir(void);

inline physaddr_t page2pa(const PageInfo* pp) { return physaddr_t((uint32_t)(pp - pages) << PGSHIFT); }

// The PageInfo of the page holding pa (which need not be page-aligned).
inline PageInfo* pa2page(physaddr_t pa) {
	const uint32_t n = PGNUM(pa_val(pa));
	if (n >= npages)
		panic("pa2page(%08x): past the last physical page", pa_val(pa));
	return &pages[n];
}

inline void* page2kva(const PageInfo* pp) { return KADDR(page2pa(pp)); }

#endif
