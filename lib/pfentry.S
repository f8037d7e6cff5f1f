# The page-fault upcall trampoline.  The kernel starts us on the exception
# stack with esp pointing at a UTrapframe (inc/trap.h):
#
#   0(%esp)  fault_va        8(%esp)  PushRegs (32 bytes)
#   4(%esp)  err            40(%esp)  eip   44(%esp) eflags   48(%esp) esp
#
# We call the C++ handler, then return to the faulting instruction with
# every register, eflags and esp as they were.  The return address goes
# on the trap-time stack, just below its esp: when the fault happened on
# the exception stack itself, the kernel left an empty word there for it.
# After the flags are restored no instruction may change them: only
# pop and ret follow.

.text
.globl _pgfault_upcall
_pgfault_upcall:
	// @exercise 4.9 the upcall trampoline
	cld				# C++ code expects it; popfl restores the env's
	pushl	%esp			# handler(utf)
	movl	_pgfault_handler, %eax
	call	*%eax
	addl	$4, %esp

	movl	48(%esp), %eax		# trap-time esp
	subl	$4, %eax		# room for the return address
	movl	%eax, 48(%esp)
	movl	40(%esp), %ebx		# trap-time eip
	movl	%ebx, (%eax)

	addl	$8, %esp		# skip fault_va and err
	popal				# general registers
	addl	$4, %esp		# skip eip
	popfl				# eflags
	popl	%esp			# trap-time esp, less the return address
	ret				# to the faulting instruction
	// @stub
	// |	// Your code here: call _pgfault_handler, then return to the faulting
	// |	// instruction with every register and eflags restored.
	// |	ud2
	// @end
