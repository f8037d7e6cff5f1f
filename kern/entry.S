# The kernel's first instructions.  The boot loader jumps to _start with
# paging off, so we run at the physical (load) address until paging is on:
# the entry page directory maps both VA [0,4MB) and [KERNBASE,KERNBASE+4MB)
# to PA [0,4MB), enough until mem_init builds the real page tables.  It uses
# 4 KiB pages, which every CPU has: mem_init turns on 4 MiB pages only if
# the CPU has them (cpuid's PSE bit).

#include <inc/mmu.h>
#include <inc/memlayout.h>

#define RELOC(x) ((x) - KERNBASE)

# A multiboot header, so that loaders other than ours (QEMU -kernel, GRUB)
# can boot the kernel too.
.set MULTIBOOT_HEADER_MAGIC, 0x1BADB002
.set MULTIBOOT_HEADER_FLAGS, 0
.set CHECKSUM, (-(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS))

.text
.align 4
.long MULTIBOOT_HEADER_MAGIC
.long MULTIBOOT_HEADER_FLAGS
.long CHECKSUM

# ELF entry point: the physical address of entry.
.globl _start
_start = RELOC(entry)

.globl entry
entry:
	movw	$0x1234, 0x472			# BIOS: warm boot on reset

	movl	$(RELOC(entry_pgdir)), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE|CR0_PG|CR0_WP), %eax
	movl	%eax, %cr0

	# Paging is on, but we still execute at the low address: jump up.
	mov	$relocated, %eax
	jmp	*%eax
relocated:
	movl	$0x0, %ebp			# ends backtrace's ebp chain
	movl	$(bootstacktop), %esp
	call	i386_init
spin:	jmp	spin

.data
# The boot CPU's kernel stack.
	.p2align PGSHIFT
	.globl	bootstack
bootstack:
	.space	KSTKSIZE
	.globl	bootstacktop
bootstacktop:

# The entry page directory: PDE 0 and PDE PDX(KERNBASE) both point at one
# page table that maps the first 4 MiB of physical memory page by page;
# everything else is absent.
	.p2align PGSHIFT
	.globl	entry_pgdir
entry_pgdir:
	.long	RELOC(entry_pgtable) + PTE_P + PTE_W
	.fill	(KERNBASE >> PDXSHIFT) - 1, 4, 0
	.long	RELOC(entry_pgtable) + PTE_P + PTE_W
	.fill	NPDENTRIES - (KERNBASE >> PDXSHIFT) - 1, 4, 0
entry_pgtable:
	.set	pa, 0
	.rept	NPTENTRIES
	.long	pa + PTE_P + PTE_W
	.set	pa, pa + PGSIZE
	.endr
