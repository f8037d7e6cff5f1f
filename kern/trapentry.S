# Entry points for every vector the kernel handles.  Each pushes a zero in
# place of the error code when the CPU pushes none, then the vector number,
# and joins _alltraps, which completes a Trapframe (inc/trap.h) and calls
# trap().  TRAP_ENTRY also records (vector, entry) in the trap_vectors
# table, from which trap_init builds the IDT: adding a vector is one line.

#include <inc/memlayout.h>
#include <inc/trap.h>
#include <kern/trap.h>

.pushsection .rodata.trap_vectors, "a"
.p2align 2
.globl trap_vectors
trap_vectors:
.popsection

.macro TRAP_ENTRY num, has_error_code
	.text
	.p2align 4
	.globl trap_entry_\num
	.type trap_entry_\num, @function
trap_entry_\num:
	.if \has_error_code == 0
	pushl	$0
	.endif
	pushl	$\num
	jmp	_alltraps
	.pushsection .rodata.trap_vectors, "a"
	.long	\num, trap_entry_\num
	.popsection
.endm

# @exercise 3.7 the vector entry points and _alltraps
# The CPU pushes an error code for 8, 10-14 and 17.
.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 16, 18, 19
	TRAP_ENTRY \n, 0
.endr
.irp n, 8, 10, 11, 12, 13, 14, 17
	TRAP_ENTRY \n, 1
.endr
# Device interrupts (IRQ 0-15 and the LAPIC error), and the system call.
.irp n, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 51, 48
	TRAP_ENTRY \n, 0
.endr
# The TLB shootdown IPI.
TRAP_ENTRY T_TLBFLUSH, 0

	.text
	.p2align 4
_alltraps:
	pushl	%ds
	pushl	%es
	pushal
	movw	$GD_KD, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movl	%esp, %eax		# the Trapframe
	testb	$3, 0x34(%esp)		# tf_cs: a trap from user mode?
	jz	1f
	# From user mode, the CPU switched to the TSS's esp0, which env_run
	# points just past curenv->env_tf: the frame we built IS env_tf, with no
	# copy.  Now move to this CPU's kernel stack,
	# KSTACKTOP - cpunum * (KSTKSIZE + KSTKGAP), cpunum being the LAPIC id.
	movl	lapic, %edx
	testl	%edx, %edx
	jz	2f
	movl	0x20(%edx), %edx	# LAPIC ID register
	shrl	$24, %edx
	imull	$(KSTKSIZE + KSTKGAP), %edx
2:	movl	$KSTACKTOP, %esp
	subl	%edx, %esp
1:	pushl	%eax			# trap(tf)
	call	trap
	# trap() never returns.
1:	jmp	1b
# @stub
# |# Your code here: a TRAP_ENTRY for every vector the kernel handles, and
# |# _alltraps.  Until then trap_vectors is empty and trap_init panics.
# @end

.pushsection .rodata.trap_vectors, "a"
	.long	-1, 0			# end of table
.popsection
