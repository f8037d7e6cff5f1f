// Trap handling, kernel side.
#ifndef JOS_KERN_TRAP_H
#define JOS_KERN_TRAP_H

#include <inc/mmu.h>
#include <inc/trap.h>

// The kernel's own vector, beyond the ABI's: the TLB shootdown IPI
// (kern/pmap.cc).  Its gate is kernel-only, like every gate but 3 and 48.
#define T_TLBFLUSH 52

#ifndef __ASSEMBLER__

extern Gatedesc idt[];

void trap_init(void);
void trap_init_percpu(void);
void print_regs(PushRegs* regs);
void print_trapframe(Trapframe* tf);
void page_fault_handler(Trapframe* tf);
extern "C" [[noreturn]] void trap(Trapframe* tf);

#endif
#endif
