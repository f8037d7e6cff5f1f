// Trap numbers and the trap frames of the ABI (shared/ABI.md, to the byte).
#ifndef JOS_INC_TRAP_H
#define JOS_INC_TRAP_H

// Processor-defined vectors.
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

#define T_SYSCALL 48
#define T_DEFAULT 500  // catchall

#define IRQ_OFFSET 32
#define IRQ_TIMER 0
#define IRQ_KBD 1
#define IRQ_SERIAL 4
#define IRQ_SPURIOUS 7
#define IRQ_IDE 14
#define IRQ_ERROR 19

#ifndef __ASSEMBLER__

#include <inc/types.h>

struct PushRegs {  // registers as pushed by pushal
	uint32_t reg_edi;
	uint32_t reg_esi;
	uint32_t reg_ebp;
	uint32_t reg_oesp;  // useless
	uint32_t reg_ebx;
	uint32_t reg_edx;
	uint32_t reg_ecx;
	uint32_t reg_eax;
} __attribute__((packed));

struct Trapframe {
	PushRegs tf_regs;
	uint16_t tf_es;
	uint16_t tf_padding1;
	uint16_t tf_ds;
	uint16_t tf_padding2;
	uint32_t tf_trapno;
	// below here defined by x86 hardware
	uint32_t tf_err;
	uintptr_t tf_eip;
	uint16_t tf_cs;
	uint16_t tf_padding3;
	uint32_t tf_eflags;
	// below here only when crossing rings, such as from user to kernel
	uintptr_t tf_esp;
	uint16_t tf_ss;
	uint16_t tf_padding4;
} __attribute__((packed));

struct UTrapframe {  // what the user page-fault handler receives
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
