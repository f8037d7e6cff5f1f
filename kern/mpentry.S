# The first code an application processor runs.  boot_aps (kern/init.cc)
# copies [mpentry_start, mpentry_end) to MPENTRY_PADDR and sends the AP a
# STARTUP whose vector names that page, so the AP begins there in 16-bit
# real mode with cs = MPENTRY_PADDR >> 4 and ip = 0.
#
# Only the real-mode part is copied, and it needs no address translation:
# with ds = cs every operand is an offset from mpentry_start.  It turns on
# protected mode and paging together (entry_pgdir maps this low page and
# the kernel at KERNBASE alike), and its far jump lands in the kernel's own
# image at the link address, where the rest runs like ordinary kernel code:
# load the stack boot_aps left in mpentry_kstack and call mp_main.

#include <inc/mmu.h>
#include <inc/memlayout.h>

	.text
	.code16
	.globl	mpentry_start
mpentry_start:
	cli
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	ap_gdt - mpentry_start

	# CR3 may be loaded in real mode.  One write of CR0 then sets PE, PG
	# and WP at once (the SDM allows PE and PG together); the next fetch
	# goes through entry_pgdir, whose low 4 MiB are an identity map.
	movl	$(entry_pgdir - KERNBASE), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE | CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	ljmpl	$GD_KT, $ap_kernel_half

	# The GDT's base is its link address: paging is on by the time the far
	# jump reads a descriptor, and the kernel's image holds the same bytes.
	.p2align 3
ap_gdt:
	FLAT_GDT ap_gdt
	.globl	mpentry_end
mpentry_end:

	.code32
ap_kernel_half:
	movw	$GD_KD, %ax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	mpentry_kstack, %esp
	xorl	%ebp, %ebp		# the first frame: backtraces stop here
	call	mp_main
	# mp_main ends in the scheduler and never returns.
ap_stuck:
	hlt
	jmp	ap_stuck
