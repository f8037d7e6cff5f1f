// The i386 MMU as JOS uses it: linear-address split, page-table entry bits,
// control-register bits, segment and gate descriptors, the TSS.
#ifndef JOS_INC_MMU_H
#define JOS_INC_MMU_H

// A linear address is PDX (10 bits) | PTX (10 bits) | PGOFF (12 bits).
#define PGSIZE 4096
#define PGSHIFT 12
#define PTSIZE (PGSIZE * NPTENTRIES)  // bytes mapped by one page directory entry
#define PTSHIFT 22
#define NPDENTRIES 1024
#define NPTENTRIES 1024
#define PTXSHIFT 12
#define PDXSHIFT 22

// Page table/directory entry flags.
#define PTE_P 0x001    // Present
#define PTE_W 0x002    // Writeable
#define PTE_U 0x004    // User
#define PTE_PWT 0x008  // Write-Through
#define PTE_PCD 0x010  // Cache-Disable
#define PTE_A 0x020    // Accessed
#define PTE_D 0x040    // Dirty
#define PTE_PS 0x080   // Page Size (4 MiB page in a PDE)
#define PTE_G 0x100    // Global
#define PTE_AVAIL 0xE00  // available for software use
#define PTE_SYSCALL (PTE_AVAIL | PTE_P | PTE_W | PTE_U)  // the only bits a syscall may pass
// User-library conventions in the software bits (the kernel honours
// PTE_COW when an env reclaims its own copy-on-write page).
#define PTE_SHARE 0x400  // pages fork shares writable instead of copying
#define PTE_COW 0x800    // copy-on-write

// Control register flags.
#define CR0_PE 0x00000001
#define CR0_MP 0x00000002
#define CR0_EM 0x00000004
#define CR0_TS 0x00000008
#define CR0_ET 0x00000010
#define CR0_NE 0x00000020
#define CR0_WP 0x00010000
#define CR0_AM 0x00040000
#define CR0_NW 0x20000000
#define CR0_CD 0x40000000
#define CR0_PG 0x80000000
#define CR4_PSE 0x00000010
#define CR4_PGE 0x00000080

// Eflags register.
#define FL_CF 0x00000001
#define FL_PF 0x00000004
#define FL_AF 0x00000010
#define FL_ZF 0x00000040
#define FL_SF 0x00000080
#define FL_TF 0x00000100
#define FL_IF 0x00000200
#define FL_DF 0x00000400
#define FL_OF 0x00000800
#define FL_IOPL_MASK 0x00003000
#define FL_IOPL_0 0x00000000
#define FL_IOPL_3 0x00003000
#define FL_NT 0x00004000
#define FL_RF 0x00010000
#define FL_VM 0x00020000
#define FL_AC 0x00040000
#define FL_VIF 0x00080000
#define FL_VIP 0x00100000
#define FL_ID 0x00200000

// Page fault error codes.
#define FEC_PR 0x1  // page fault caused by protection violation
#define FEC_WR 0x2  // page fault caused by a write
#define FEC_U 0x4   // page fault occurred while in user mode

// Application segment type bits.
#define STA_X 0x8  // Executable segment
#define STA_E 0x4  // Expand down (non-executable segments)
#define STA_C 0x4  // Conforming code segment (executable only)
#define STA_W 0x2  // Writeable (non-executable segments)
#define STA_R 0x2  // Readable (executable segments)
#define STA_A 0x1  // Accessed

// System segment type bits.
#define STS_T32A 0x9  // Available 32-bit TSS
#define STS_IG32 0xE  // 32-bit Interrupt Gate
#define STS_TG32 0xF  // 32-bit Trap Gate

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

// Parts of a linear address.
constexpr uint32_t PDX(uintptr_t la) { return (la >> PDXSHIFT) & 0x3FF; }
constexpr uint32_t PTX(uintptr_t la) { return (la >> PTXSHIFT) & 0x3FF; }
constexpr uint32_t PGOFF(uintptr_t la) { return la & 0xFFF; }
constexpr uint32_t PGNUM(uintptr_t la) { return la >> PTXSHIFT; }
constexpr uintptr_t PGADDR(uint32_t d, uint32_t t, uint32_t o) { return (d << PDXSHIFT) | (t << PTXSHIFT) | o; }
inline uint32_t PDX(const void* p) { return PDX((uintptr_t)p); }
inline uint32_t PTX(const void* p) { return PTX((uintptr_t)p); }
inline uint32_t PGOFF(const void* p) { return PGOFF((uintptr_t)p); }
inline uint32_t PGNUM(const void* p) { return PGNUM((uintptr_t)p); }

// The physical-address part of a page table or directory entry.
constexpr uint32_t PTE_ADDR(uint32_t pte) { return pte & ~0xFFFu; }

// Segment descriptor.
struct Segdesc {
	unsigned sd_lim_15_0 : 16;
	unsigned sd_base_15_0 : 16;
	unsigned sd_base_23_16 : 8;
	unsigned sd_type : 4;
	unsigned sd_s : 1;
	unsigned sd_dpl : 2;
	unsigned sd_p : 1;
	unsigned sd_lim_19_16 : 4;
	unsigned sd_avl : 1;
	unsigned sd_rsv1 : 1;
	unsigned sd_db : 1;
	unsigned sd_g : 1;
	unsigned sd_base_31_24 : 8;
};
static_assert(sizeof(Segdesc) == 8);

constexpr Segdesc SEG_NULL_DESC() { return Segdesc{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; }
// A flat 4 GiB segment with page granularity.
constexpr Segdesc SEG(unsigned type, uint32_t base, uint32_t lim, unsigned dpl) {
	return Segdesc{(lim >> 12) & 0xffff, base & 0xffff, (base >> 16) & 0xff, type, 1, dpl, 1,
		       lim >> 28, 0, 0, 1, 1, base >> 24};
}
// A byte-granular 16-bit-style descriptor (the TSS).
constexpr Segdesc SEG16(unsigned type, uint32_t base, uint32_t lim, unsigned dpl) {
	return Segdesc{lim & 0xffff, base & 0xffff, (base >> 16) & 0xff, type, 1, dpl, 1,
		       lim >> 16, 0, 0, 1, 0, base >> 24};
}

// Task state segment: only esp0/ss0 and the I/O map base matter to JOS.
struct Taskstate {
	uint32_t ts_link;
	uintptr_t ts_esp0;
	uint16_t ts_ss0;
	uint16_t ts_padding1;
	uintptr_t ts_esp1;
	uint16_t ts_ss1;
	uint16_t ts_padding2;
	uintptr_t ts_esp2;
	uint16_t ts_ss2;
	uint16_t ts_padding3;
	uint32_t ts_cr3;
	uintptr_t ts_eip;
	uint32_t ts_eflags;
	uint32_t ts_eax, ts_ecx, ts_edx, ts_ebx;
	uintptr_t ts_esp, ts_ebp;
	uint32_t ts_esi, ts_edi;
	uint16_t ts_es, ts_padding4;
	uint16_t ts_cs, ts_padding5;
	uint16_t ts_ss, ts_padding6;
	uint16_t ts_ds, ts_padding7;
	uint16_t ts_fs, ts_padding8;
	uint16_t ts_gs, ts_padding9;
	uint16_t ts_ldt, ts_padding10;
	uint16_t ts_t;
	uint16_t ts_iomb;
};
static_assert(sizeof(Taskstate) == 104);

// Interrupt and trap gate descriptor.
struct Gatedesc {
	unsigned gd_off_15_0 : 16;
	unsigned gd_sel : 16;
	unsigned gd_args : 5;
	unsigned gd_rsv1 : 3;
	unsigned gd_type : 4;
	unsigned gd_s : 1;
	unsigned gd_dpl : 2;
	unsigned gd_p : 1;
	unsigned gd_off_31_16 : 16;
};
static_assert(sizeof(Gatedesc) == 8);

// An interrupt gate (istrap = false) clears IF on entry; a trap gate does not.
inline void SETGATE(Gatedesc& gate, bool istrap, uint16_t sel, uintptr_t off, unsigned dpl) {
	gate.gd_off_15_0 = off & 0xffff;
	gate.gd_sel = sel;
	gate.gd_args = 0;
	gate.gd_rsv1 = 0;
	gate.gd_type = istrap ? STS_TG32 : STS_IG32;
	gate.gd_s = 0;
	gate.gd_dpl = dpl;
	gate.gd_p = 1;
	gate.gd_off_31_16 = off >> 16;
}

// Operand of lgdt/lidt.
struct __attribute__((packed)) Pseudodesc {
	uint16_t pd_lim;
	uint32_t pd_base;
};

#endif  // !__ASSEMBLER__

#endif
