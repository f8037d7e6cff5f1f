# Where application processors start.  boot_aps copies this code to
# MPENTRY_PADDR; the AP begins here in real mode with CS:IP = 0x700:0.  It
# loads a flat GDT, enters protected mode, turns on paging with the entry
# page directory (as entry.S does) and calls mp_main on the stack boot_aps
# left in mpentry_kstack.  The code is linked at its kernel address, so
# every absolute address goes through MPBOOTPHYS.

#include <inc/mmu.h>
#include <inc/memlayout.h>

#define RELOC(x) ((x) - KERNBASE)
#define MPBOOTPHYS(s) ((s) - mpentry_start + MPENTRY_PADDR)

.set PROT_MODE_CSEG, 0x8
.set PROT_MODE_DSEG, 0x10

.code16
.globl mpentry_start
mpentry_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss

	lgdt	MPBOOTPHYS(gdtdesc)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$(PROT_MODE_CSEG), $(MPBOOTPHYS(start32))

.code32
start32:
	movw	$(PROT_MODE_DSEG), %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$0, %ax
	movw	%ax, %fs
	movw	%ax, %gs

	movl	$(RELOC(entry_pgdir)), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE|CR0_PG|CR0_WP), %eax
	movl	%eax, %cr0

	movl	mpentry_kstack, %esp
	movl	$0x0, %ebp
	movl	$mp_main, %eax
	call	*%eax
1:	jmp	1b

.p2align 2
gdt:
	SEG_NULL
	SEG(STA_X|STA_R, 0x0, 0xffffffff)
	SEG(STA_W, 0x0, 0xffffffff)
gdtdesc:
	.word	0x17
	.long	MPBOOTPHYS(gdt)

.globl mpentry_end
mpentry_end:
	nop
