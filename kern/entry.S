# The kernel's first instructions, at the ELF entry point _start.  Our boot
# loader and multiboot loaders (QEMU -kernel, GRUB) both arrive here in flat
# 32-bit protected mode with paging off, and promise nothing about esp.  So:
# turn on paging with entry_pgdir, move eip up to the link address, and only
# then touch memory: a stack of our own, and i386_init.  entry_pgdir maps
# VA [0, 4 MiB) and [KERNBASE, KERNBASE + 4 MiB) both to PA [0, 4 MiB), in
# 4 KiB pages that every CPU has; mem_init replaces it with kern_pgdir.

#include <inc/mmu.h>
#include <inc/memlayout.h>

# The multiboot header: three words (magic, flags, checksum) that sum to 0,
# 4-aligned in the image's first 8 KiB; entry.o is linked first.
#define MULTIBOOT_MAGIC 0x1BADB002
#define MULTIBOOT_FLAGS 0

	.text
	.p2align 2
multiboot_header:
	.long	MULTIBOOT_MAGIC, MULTIBOOT_FLAGS, -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

# Until paging is on, code runs at its load address, KERNBASE below its link
# address; the ELF entry is therefore entry's load address.
	.globl	_start, entry
	.set	_start, entry - KERNBASE
entry:
	movl	$(entry_pgdir - KERNBASE), %ecx
	movl	%ecx, %cr3
	movl	%cr0, %ecx
	orl	$(CR0_PE | CR0_PG | CR0_WP), %ecx
	movl	%ecx, %cr0

	# eip is still low, in entry_pgdir's identity half: jump through a
	# pointer holding the link address to continue in the kernel half.
	jmp	*(high_half_ptr - KERNBASE)
high_half_ptr:
	.long	high_half

high_half:
	xorl	%ebp, %ebp		# no caller: the backtrace stops here
	movl	$bootstacktop, %esp

	# The BIOS data area's reset flag (0x472): 0x1234 means a warm boot,
	# so a reboot from the kernel skips the memory test.
	movw	$0x1234, KERNBASE + 0x472

	call	i386_init
	# i386_init ends in the monitor or the scheduler and never returns.
entry_stuck:
	hlt
	jmp	entry_stuck

# The boot CPU's kernel stack, in .data: i386_init clears .bss while it is
# running on this stack.
	.data
	.p2align PGSHIFT
	.globl	bootstack, bootstacktop
bootstack:
	.skip	KSTKSIZE
	.set	bootstacktop, bootstack + KSTKSIZE

# The entry page directory: PDE 0 and PDE PDX(KERNBASE) both point at one
# page table that maps the first 4 MiB of physical memory page by page;
# everything else is absent.
	.p2align PGSHIFT
	.globl	entry_pgdir
entry_pgdir:
	.long	entry_pgtable - KERNBASE + PTE_P + PTE_W
	.fill	(KERNBASE >> PDXSHIFT) - 1, 4, 0
	.long	entry_pgtable - KERNBASE + PTE_P + PTE_W
	.fill	NPDENTRIES - (KERNBASE >> PDXSHIFT) - 1, 4, 0
entry_pgtable:
	.set	pa, 0
	.rept	NPTENTRIES
	.long	pa + PTE_P + PTE_W
	.set	pa, pa + PGSIZE
	.endr
