# Where every user program starts (e_entry).  The kernel starts the first
# env with esp = USTACKTOP and nothing on the stack: reserve the top word
# for thisenv (inc/lib.h), push argc = 0 and argv = 0, call libmain.  Given
# arguments (fw_cfg opt/jos/args), the kernel has put argc and argv there
# already, below thisenv's word (kern/env.cc: env_set_args).

#include <inc/memlayout.h>

# The read-only kernel structures every env sees, by their ABI addresses.
.globl envs
.set envs, UENVS
.globl pages
.set pages, UPAGES
.globl uvpt
.set uvpt, UVPT
.globl uvpd
.set uvpd, (UVPT + (UVPT >> 12) * 4)

.text
.globl _start
_start:
	cmpl	$USTACKTOP, %esp
	jne	args_exist
	subl	$4, %esp		# thisenv's word
	pushl	$0			# argv
	pushl	$0			# argc
args_exist:
	call	libmain
1:	jmp	1b
