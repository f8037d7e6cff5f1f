// Trap numbers and the trap frames of the ABI (docs/ABI.md, to the byte).
#ifndef JOS_INC_TRAP_H
#define JOS_INC_TRAP_H

// Vectors 0-31 are the processor's exceptions (9 and 15 are reserved, 20
// and up unused here); the names are the ones JOS gives them.
#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BRKPT 3
#define T_OFLOW 4
#define T_BOUND 5
#define T_ILLOP 6
#define T_DEVICE 7
#define T_DBLFLT 8
#define T_TSS 10
#define T_SEGNP 11
#define T_STACK 12
#define T_GPFLT 13
#define T_PGFLT 14
#define T_FPERR 16
#define T_ALIGN 17
#define T_MCHK 18
#define T_SIMDERR 19

// The one software-interrupt vector of the ABI, above the device IRQs.
#define T_SYSCALL 48

// Device interrupt n arrives at vector IRQ_OFFSET + n.
#define IRQ_OFFSET 32
#define IRQ_TIMER 0
#define IRQ_KBD 1
#define IRQ_SERIAL 4
#define IRQ_SPURIOUS 7
#define IRQ_IDE 14
#define IRQ_ERROR 19

#ifndef __ASSEMBLER__

#include <inc/types.h>

// The eight general registers in the order pushal stores them, lowest
// address first.  reg_oesp is esp as it was before the pushal; popal
// skips it, so nothing is restored from it.
struct PushRegs {
	uint32_t reg_edi;
	uint32_t reg_esi;
	uint32_t reg_ebp;
	uint32_t reg_oesp;
	uint32_t reg_ebx;
	uint32_t reg_edx;
	uint32_t reg_ecx;
	uint32_t reg_eax;
} __attribute__((packed));

// A trapped context, lowest address first.  The processor pushes the tail
// (from tf_err, which trapentry.S supplies as 0 for vectors without an
// error code; tf_esp and tf_ss only on entry from user mode); the entry
// code pushes tf_trapno, the data segments and the registers below it.
struct Trapframe {
	PushRegs tf_regs;
	uint16_t tf_es;
	uint16_t tf_padding1;
	uint16_t tf_ds;
	uint16_t tf_padding2;
	uint32_t tf_trapno;
	uint32_t tf_err;
	uintptr_t tf_eip;
	uint16_t tf_cs;
	uint16_t tf_padding3;
	uint32_t tf_eflags;
	uintptr_t tf_esp;
	uint16_t tf_ss;
	uint16_t tf_padding4;
} __attribute__((packed));

// The frame the kernel writes on the user exception stack for a page
// fault: the fault, then the registers to resume with.
struct UTrapframe {
	uint32_t utf_fault_va;
	uint32_t utf_err;
	PushRegs utf_regs;
	uintptr_t utf_eip;
	uint32_t utf_eflags;
	uintptr_t utf_esp;
} __attribute__((packed));

static_assert(sizeof(PushRegs) == 32);
static_assert(sizeof(Trapframe) == 68);
static_assert(offsetof(Trapframe, tf_trapno) == 40 && offsetof(Trapframe, tf_eip) == 48);
static_assert(offsetof(Trapframe, tf_esp) == 60 && offsetof(Trapframe, tf_ss) == 64);
static_assert(sizeof(UTrapframe) == 52);
static_assert(offsetof(UTrapframe, utf_eip) == 40 && offsetof(UTrapframe, utf_esp) == 48);

#endif
#endif
