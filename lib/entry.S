# Program start for every user env (the ELF's e_entry is _start).  It owns
# the frame libmain(argc, argv) is called with, and the names of the
# read-only kernel structures that every env sees at their ABI addresses.
#
# The kernel starts an env with esp = USTACKTOP and, when it passes
# arguments (kern/env.cc: env_set_args), with esp lowered to a ready
# {argc, argv} frame under them.  USTACKTOP's top word is always thisenv's
# (inc/lib.h), never part of a frame.

#include <inc/memlayout.h>

.macro ABI_ADDRESS name, address
	.globl	\name
	.equ	\name, \address
.endm

	ABI_ADDRESS envs, UENVS
	ABI_ADDRESS pages, UPAGES
	ABI_ADDRESS uvpt, UVPT
	ABI_ADDRESS uvpd, (UVPT+(UVPT>>PGSHIFT)*4)

	.text
	.globl	_start
_start:
	cmpl	$USTACKTOP, %esp
	jb	have_frame
	# No arguments: below thisenv's word, a frame of argc = 0, argv = null.
	subl	$12, %esp
	movl	$0, 0(%esp)
	movl	$0, 4(%esp)
have_frame:
	call	libmain
	# libmain ends in exit(), which does not return.
user_stuck:
	jmp	user_stuck
