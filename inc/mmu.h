// What the i386 hardware defines and this kernel relies on: how a linear
// address splits into directory, table and offset; the bits of page-table
// entries, cr0, cr4 and eflags; the page-fault error code; and the three
// descriptor formats (segment, gate, TSS) with the helpers that build them.
// Only hardware facts live here; policy (which segments, which gates) is in
// kern/env.cc and kern/trap.cc.  The #defines are shared with assembly.
#ifndef JOS_INC_MMU_H
#define JOS_INC_MMU_H

// ---- Paging geometry ---------------------------------------------------
// Two levels of 1024 four-byte entries: bits 31..22 of a linear address
// pick the directory entry, 21..12 the table entry, 11..0 the byte.
#define PGSIZE 4096
#define PGSHIFT 12
#define NPDENTRIES 1024
#define NPTENTRIES 1024
#define PTSIZE (PGSIZE * NPTENTRIES)  // what one directory entry covers: 4 MiB
#define PTSHIFT 22
#define PTXSHIFT 12
#define PDXSHIFT 22

// ---- Page directory and page table entry bits --------------------------
#define PTE_P 0x001    // the entry is valid; without it the rest is ignored
#define PTE_W 0x002    // writes allowed (user writes always; kernel when CR0_WP)
#define PTE_U 0x004    // ring 3 may use the mapping
#define PTE_PWT 0x008  // write-through caching
#define PTE_PCD 0x010  // caching off (device memory such as the LAPIC)
#define PTE_A 0x020    // set by the CPU on any use
#define PTE_D 0x040    // set by the CPU on a write (page tables only)
#define PTE_PS 0x080   // in a directory entry: a 4 MiB page, no table (CR4_PSE)
#define PTE_G 0x100    // survives a cr3 reload (CR4_PGE)
#define PTE_AVAIL 0xE00  // ignored by the CPU, free for software
// What a system call may ask for: the software bits plus P, W and U.
#define PTE_SYSCALL (PTE_AVAIL | PTE_P | PTE_W | PTE_U)
// The user library's meanings for two software bits.  The kernel knows
// PTE_COW only so it can let an env take back its own copy-on-write page.
#define PTE_SHARE 0x400  // fork maps this page into the child as it is
#define PTE_COW 0x800    // read-only until the first write makes a private copy

// ---- cr0 -----------------------------------------------------------------
#define CR0_PE 0x00000001  // protected mode
#define CR0_MP 0x00000002  // wait/fwait honours TS
#define CR0_EM 0x00000004  // no FPU: FP instructions trap
#define CR0_TS 0x00000008  // set on task switch: next FP use traps
#define CR0_ET 0x00000010  // 387-class coprocessor (fixed on later CPUs)
#define CR0_NE 0x00000020  // FP errors as exception 16, not IRQ 13
#define CR0_WP 0x00010000  // read-only pages are read-only for ring 0 too
#define CR0_AM 0x00040000  // alignment checking possible (with FL_AC)
#define CR0_NW 0x20000000  // no write-through
#define CR0_CD 0x40000000  // caching off
#define CR0_PG 0x80000000  // paging on

// ---- cr4 -----------------------------------------------------------------
#define CR4_PSE 0x00000010  // PTE_PS 4 MiB pages honoured
#define CR4_PGE 0x00000080  // PTE_G global pages honoured

// ---- eflags --------------------------------------------------------------
// Arithmetic status.
#define FL_CF 0x00000001
#define FL_PF 0x00000004
#define FL_AF 0x00000010
#define FL_ZF 0x00000040
#define FL_SF 0x00000080
#define FL_OF 0x00000800
// Control and system bits.
#define FL_TF 0x00000100  // single-step: a debug trap after each instruction
#define FL_IF 0x00000200  // maskable interrupts delivered
#define FL_DF 0x00000400  // string instructions walk downward
#define FL_IOPL_MASK 0x00003000  // the ring allowed in/out and cli/sti
#define FL_IOPL_0 0x00000000
#define FL_IOPL_3 0x00003000
#define FL_NT 0x00004000   // nested task
#define FL_RF 0x00010000   // resume: suppress one instruction breakpoint
#define FL_VM 0x00020000   // virtual-8086 mode
#define FL_AC 0x00040000   // alignment check (ring 3, with CR0_AM)
#define FL_VIF 0x00080000  // virtual IF
#define FL_VIP 0x00100000  // virtual interrupt pending
#define FL_ID 0x00200000   // writable exactly when CPUID exists

// ---- Page-fault error code (pushed with trap 14) -----------------------
#define FEC_PR 0x1  // 1: the page was present and the access broke its rights; 0: not present
#define FEC_WR 0x2  // 1: a write; 0: a read
#define FEC_U 0x4   // 1: the CPU was in ring 3

// ---- Descriptor type field -----------------------------------------------
// Code and data segments (descriptor S bit = 1): bits combine.
#define STA_A 0x1  // accessed (the CPU sets it)
#define STA_W 0x2  // data: writable
#define STA_R 0x2  // code: readable as data too
#define STA_E 0x4  // data: limit counts downward (stacks)
#define STA_C 0x4  // code: conforming, runs at the caller's ring
#define STA_X 0x8  // code rather than data
// System descriptors (S bit = 0): whole values, not bits.
#define STS_T32A 0x9  // 32-bit TSS, not busy
#define STS_IG32 0xE  // 32-bit interrupt gate: IF cleared on entry
#define STS_TG32 0xF  // 32-bit trap gate: IF left alone

#ifdef __ASSEMBLER__

// The boot loader's and the AP start-up code's GDT, in gas: a null slot and
// two flat ring-0 segments, code at selector 0x08 and data at 0x10 (the
// kernel's GD_KT and GD_KD).  Each is base 0, limit 0xfffff in 4 KiB units
// (4 GiB), 32-bit, present; `type` is the STA_* bits.
.macro FLAT_SEGMENT type
	.long 0x0000ffff
	.long 0x00cf9000 | ((\type) << 8)
.endm

// The CPU never reads slot 0 (selector 0 is the null selector), so the
// 6-byte operand of lgdt lives there: the limit, then `base`, the linear
// address the table will be read from.
.macro FLAT_GDT base
	.word 3 * 8 - 1
	.long \base
	.word 0
	FLAT_SEGMENT (STA_X|STA_R)
	FLAT_SEGMENT STA_W
.endm

#else

#include <inc/types.h>

// ---- Linear-address arithmetic -----------------------------------------
constexpr uint32_t PDX(uintptr_t la) { return (la >> PDXSHIFT) & (NPDENTRIES - 1); }
constexpr uint32_t PTX(uintptr_t la) { return (la >> PTXSHIFT) & (NPTENTRIES - 1); }
constexpr uint32_t PGOFF(uintptr_t la) { return la & (PGSIZE - 1); }
constexpr uint32_t PGNUM(uintptr_t la) { return la >> PTXSHIFT; }
constexpr uintptr_t PGADDR(uint32_t d, uint32_t t, uint32_t o) { return (d << PDXSHIFT) | (t << PTXSHIFT) | o; }
inline uint32_t PDX(const void* p) { return PDX((uintptr_t)p); }
inline uint32_t PTX(const void* p) { return PTX((uintptr_t)p); }
inline uint32_t PGOFF(const void* p) { return PGOFF((uintptr_t)p); }
inline uint32_t PGNUM(const void* p) { return PGNUM((uintptr_t)p); }

// The frame an entry points at: everything above the 12 flag bits.
constexpr uint32_t PTE_ADDR(uint32_t pte) { return pte & ~0xFFFu; }

// ---- Segment descriptor (one GDT slot) ---------------------------------
// The hardware scatters base and limit over the eight bytes; the fields
// below follow that order from the lowest bit.  sd_s = 1 for code and data,
// 0 for system descriptors such as a TSS.
struct Segdesc {
	unsigned sd_limit_low : 16;  // limit bits 15..0
	unsigned sd_base_low : 16;   // base bits 15..0
	unsigned sd_base_mid : 8;    // base bits 23..16
	unsigned sd_type : 4;        // STA_* bits or an STS_* value
	unsigned sd_s : 1;           // code/data (1) or system (0)
	unsigned sd_dpl : 2;         // the least privileged ring that may load it
	unsigned sd_p : 1;           // present
	unsigned sd_limit_high : 4;  // limit bits 19..16
	unsigned sd_avl : 1;         // free for software
	unsigned sd_l : 1;           // 64-bit code (never, on i386)
	unsigned sd_db : 1;          // 32-bit operands and stack
	unsigned sd_g : 1;           // limit counts 4 KiB units, not bytes
	unsigned sd_base_high : 8;   // base bits 31..24
};
static_assert(sizeof(Segdesc) == 8);

// A present, 32-bit descriptor.  limit20 is the 20-bit limit field: bytes
// when page_units is false, 4 KiB pages when true.
constexpr Segdesc segment_descriptor(unsigned type, uint32_t base, uint32_t limit20, unsigned dpl,
				     bool page_units) {
	return Segdesc{
	    .sd_limit_low = limit20 & 0xffff,
	    .sd_base_low = base & 0xffff,
	    .sd_base_mid = (base >> 16) & 0xff,
	    .sd_type = type,
	    .sd_s = 1,
	    .sd_dpl = dpl,
	    .sd_p = 1,
	    .sd_limit_high = (limit20 >> 16) & 0xf,
	    .sd_avl = 0,
	    .sd_l = 0,
	    .sd_db = 1,
	    .sd_g = page_units ? 1u : 0u,
	    .sd_base_high = base >> 24,
	};
}
// The all-zero first GDT slot (selector 0 must never be usable).
constexpr Segdesc SEG_NULL_DESC() { return Segdesc{}; }
// A code or data segment with 4 KiB granularity; lim is a byte limit.
constexpr Segdesc SEG(unsigned type, uint32_t base, uint32_t lim, unsigned dpl) {
	return segment_descriptor(type, base, lim >> 12, dpl, true);
}
// A byte-granular segment (what a TSS needs: its limit is its size - 1).
// Callers describing a system segment then clear sd_s.
constexpr Segdesc SEG16(unsigned type, uint32_t base, uint32_t lim, unsigned dpl) {
	return segment_descriptor(type, base, lim, dpl, false);
}

// ---- Task state segment --------------------------------------------------
// Tasks are switched in software here, so of the 104 bytes the CPU reads
// only the ring-0 stack (ts_esp0:ts_ss0, loaded on a trap from ring 3) and
// the I/O bitmap offset (ts_iomb = sizeof(Taskstate) means no bitmap, so
// every port is closed to ring 3).  The rest is named by purpose only.
struct Taskstate {
	uint32_t ts_prev_task;     // back link for nested hardware tasks
	uintptr_t ts_esp0;         // kernel stack pointer on entry from ring 3
	uint16_t ts_ss0;           // and its stack segment
	uint16_t ts_ss0_unused;
	uint32_t ts_ring12[4];     // esp1, ss1, esp2, ss2: rings we never use
	uint32_t ts_cr3;           // the rest: state a hardware task switch saves
	uintptr_t ts_eip;
	uint32_t ts_eflags;
	uint32_t ts_gprs[8];       // eax ecx edx ebx esp ebp esi edi
	uint32_t ts_selectors[6];  // es cs ss ds fs gs, one 16-bit value per slot
	uint32_t ts_ldt;           // LDT selector in the low half
	uint16_t ts_trap;          // bit 0: debug trap on a switch to this task
	uint16_t ts_iomb;          // offset of the I/O permission bitmap
};
static_assert(sizeof(Taskstate) == 104);
static_assert(__builtin_offsetof(Taskstate, ts_esp0) == 4 && __builtin_offsetof(Taskstate, ts_ss0) == 8);
static_assert(__builtin_offsetof(Taskstate, ts_iomb) == 102);

// ---- Interrupt and trap gates (one IDT slot) -----------------------------
struct Gatedesc {
	uint16_t gd_offset_low;   // handler address bits 15..0
	uint16_t gd_selector;     // code segment the handler runs in
	uint8_t gd_zero;          // parameter count, for call gates only
	uint8_t gd_access;        // present (bit 7), DPL (6..5), S = 0, type (3..0)
	uint16_t gd_offset_high;  // handler address bits 31..16
};
static_assert(sizeof(Gatedesc) == 8);

// A present gate to handler in segment sel.  dpl is the least privileged
// ring that may raise the vector with `int`; hardware interrupts and
// exceptions ignore it.  A trap gate leaves IF as it was; an interrupt gate
// clears it, which is what a kernel that is not reentrant wants.
constexpr Gatedesc gate_descriptor(bool trap, uint16_t sel, uintptr_t handler, unsigned dpl) {
	return Gatedesc{
	    .gd_offset_low = (uint16_t)(handler & 0xffff),
	    .gd_selector = sel,
	    .gd_zero = 0,
	    .gd_access = (uint8_t)(0x80 | ((dpl & 3) << 5) | (trap ? STS_TG32 : STS_IG32)),
	    .gd_offset_high = (uint16_t)(handler >> 16),
	};
}
// The lab's name for filling one IDT slot.
inline void SETGATE(Gatedesc& gate, bool istrap, uint16_t sel, uintptr_t off, unsigned dpl) {
	gate = gate_descriptor(istrap, sel, off, dpl);
}

// ---- lgdt/lidt operand: table size - 1, then its linear address ----------
struct __attribute__((packed)) Pseudodesc {
	uint16_t pd_limit;
	uint32_t pd_base;
};
static_assert(sizeof(Pseudodesc) == 6);

#endif  // !__ASSEMBLER__

#endif
