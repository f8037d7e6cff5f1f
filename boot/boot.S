# Stage one of the boot: the BIOS reads this sector to 0x7c00 and jumps to
# it in 16-bit real mode.  It owns only the machine state bootmain
# (boot/main.cc) needs: the A20 line open, flat 32-bit protected mode, and
# a stack growing down from 0x7c00.  It is half of a 510-byte sector, so
# every instruction here must earn its bytes; control never comes back.

#include <inc/mmu.h>
#include <inc/memlayout.h>

	.code16
	.globl	start
start:
	cli				# no BIOS interrupts from here on
	cld				# bootmain's string copies count upward
	xorw	%ax, %ax		# segments of 0: offsets are addresses
	movw	%ax, %ds		# (lgdt below reads through ds)
	movw	%ax, %es
	movw	%ax, %ss

	# Open A20 through System Control Port A (0x92): bit 1 is the gate.
	# Bit 0 of the same port resets the CPU, so it is written as 0.
	inb	$0x92, %al
	orb	$0x02, %al
	andb	$0xfe, %al
	outb	%al, $0x92

	# Protected mode: install the GDT, then set CR0.PE through the machine
	# status word (its low 16 bits), and reload cs with a far jump.
	lgdt	boot_gdt
	smsw	%ax
	orb	$CR0_PE, %al
	lmsw	%ax
	ljmp	$GD_KT, $flat32

	.code32
flat32:
	movw	$GD_KD, %ax		# a segment load takes ax of eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss		# ss then esp: no instruction between
	movl	$start, %esp		# the stack ends where this code begins
	call	bootmain

	# bootmain jumps into the kernel; should it come back, stop here.
halt:
	hlt
	jmp	halt

boot_gdt:
	FLAT_GDT boot_gdt
