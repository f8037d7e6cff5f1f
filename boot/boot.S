# The first stage: the BIOS loads this sector at 0x7c00 and jumps here in
# 16-bit real mode with CS=0.  We enable the A20 line, switch to 32-bit
# protected mode with a flat GDT, set up a stack below 0x7c00 and call
# bootmain (boot/main.cc), which loads the kernel.  Nothing here may return.

#include <inc/mmu.h>

.set PROT_MODE_CSEG, 0x8
.set PROT_MODE_DSEG, 0x10

.globl start
start:
  .code16
  cli
  cld
  xorw    %ax, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss

  # A20: ask the keyboard controller to open the gate, waiting until its
  # input buffer is empty before each write.
a20.1:
  inb     $0x64, %al
  testb   $0x2, %al
  jnz     a20.1
  movb    $0xd1, %al              # command: write output port
  outb    %al, $0x64
a20.2:
  inb     $0x64, %al
  testb   $0x2, %al
  jnz     a20.2
  movb    $0xdf, %al              # output port value with A20 on
  outb    %al, $0x60

  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0
  ljmp    $PROT_MODE_CSEG, $protcseg

  .code32
protcseg:
  movw    $PROT_MODE_DSEG, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %fs
  movw    %ax, %gs
  movw    %ax, %ss
  movl    $start, %esp
  call    bootmain
spin:
  hlt
  jmp     spin

  .p2align 2
gdt:
  SEG_NULL
  SEG(STA_X|STA_R, 0x0, 0xffffffff)   # code
  SEG(STA_W, 0x0, 0xffffffff)         # data
gdtdesc:
  .word   (gdtdesc - gdt - 1)
  .long   gdt
