// The virtual memory map of docs/ABI.md, and the page bookkeeping type users see
// read-only at UPAGES.
#ifndef JOS_INC_MEMLAYOUT_H
#define JOS_INC_MEMLAYOUT_H

#ifndef __ASSEMBLER__
#include <inc/types.h>
#endif
#include <inc/mmu.h>

// Selectors of the GDT (kern/env.cc builds it); CPU i's TSS is GD_TSS0 + 8i.
#define GD_KT 0x08
#define GD_KD 0x10
#define GD_UT 0x18
#define GD_UD 0x20
#define GD_TSS0 0x28

#define KERNBASE 0xF0000000
#define IOPHYSMEM 0x0A0000
#define EXTPHYSMEM 0x100000

#define KSTACKTOP KERNBASE
#define KSTKSIZE (8 * PGSIZE)
#define KSTKGAP (8 * PGSIZE)

#define MMIOLIM (KSTACKTOP - PTSIZE)
#define MMIOBASE (MMIOLIM - PTSIZE)
#define ULIM (MMIOBASE)

#define UVPT (ULIM - PTSIZE)
#define UPAGES (UVPT - PTSIZE)
#define UENVS (UPAGES - PTSIZE)
#define UTOP UENVS
#define UXSTACKTOP UTOP
#define USTACKTOP (UTOP - 2 * PGSIZE)
#define UTEXT (2 * PTSIZE)
#define UTEMP ((uintptr_t)PTSIZE)
#define PFTEMP (UTEMP + PTSIZE - PGSIZE)

#define MPENTRY_PADDR 0x7000

#ifndef __ASSEMBLER__

static_assert(ULIM == 0xEF800000 && UVPT == 0xEF400000 && UPAGES == 0xEF000000);
static_assert(UTOP == 0xEEC00000 && USTACKTOP == 0xEEBFE000 && PFTEMP == 0x007FF000);
static_assert(UTEXT == 0x00800000 && MMIOLIM == 0xEFC00000);

typedef uint32_t pte_t;
typedef uint32_t pde_t;

// Through the self-map at UVPT a user program reads its own page tables:
// uvpt[PGNUM(va)] is va's page table entry (when va's table exists), and
// uvpd[PDX(va)] its page directory entry.  Both symbols come from the user
// linker script.
extern volatile pte_t uvpt[];
extern volatile pde_t uvpd[];

// One entry per physical page, at UPAGES for users to read (8 bytes, docs/ABI.md).
// pp_ref counts the mappings of the page; boot-time memory has no PageInfo use.
struct PageInfo {
	PageInfo* pp_link;  // next page on the free list
	uint16_t pp_ref;
};
static_assert(sizeof(PageInfo) == 8);

#endif
#endif
