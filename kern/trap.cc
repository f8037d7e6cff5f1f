// The IDT and trap dispatch.  Every trap lands in trap(): from user mode it
// takes the kernel lock and finds the trapframe already in curenv->env_tf
// (the CPU and _alltraps built it there, see env_run's esp0), dispatches on
// the vector, and leaves by running an env again; it never returns.  Page
// faults in user mode go to the env's upcall on its exception stack.

#include <inc/assert.h>
#include <inc/mmu.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/monitor.h>
#include <kern/picirq.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/syscall.h>
#include <kern/trap.h>

extern const char* panicstr;
extern Segdesc gdt[];

// The IDT: one gate per vector, built from trapentry.S's table.
Gatedesc idt[256] = {};
static Pseudodesc idt_pd = {sizeof(idt) - 1, (uint32_t)idt};

// What print_trapframe calls a vector.  The processor exceptions carry the
// names the graders look for (docs/ABI.md); the rest say where they come from.
static const char* trapname(int trapno) {
	switch (trapno) {
	case T_DIVIDE: return "Divide error";
	case T_DEBUG: return "Debug";
	case T_NMI: return "Non-Maskable Interrupt";
	case T_BRKPT: return "Breakpoint";
	case T_OFLOW: return "Overflow";
	case T_BOUND: return "BOUND Range Exceeded";
	case T_ILLOP: return "Invalid Opcode";
	case T_DEVICE: return "Device Not Available";
	case T_DBLFLT: return "Double Fault";
	case 9: return "Coprocessor Segment Overrun";  // a 386-only exception
	case T_TSS: return "Invalid TSS";
	case T_SEGNP: return "Segment Not Present";
	case T_STACK: return "Stack Fault";
	case T_GPFLT: return "General Protection";
	case T_PGFLT: return "Page Fault";
	case T_FPERR: return "x87 FPU Floating-Point Error";
	case T_ALIGN: return "Alignment Check";
	case T_MCHK: return "Machine-Check";
	case T_SIMDERR: return "SIMD Floating-Point Exception";
	case T_SYSCALL: return "System call";
	case T_TLBFLUSH: return "TLB shootdown";
	}
	bool device = trapno >= IRQ_OFFSET && trapno < IRQ_OFFSET + MAX_IRQS;
	return device ? "Hardware Interrupt" : "(unknown trap)";  // JOS's words: scripts may match them
}

// trapentry.S's table: (vector, entry point) pairs, ended by vector -1.
struct VectorEntry {
	int32_t num;
	uint32_t entry;
};
extern "C" const VectorEntry trap_vectors[];

// May getchar halt this CPU while it waits for input (kern/console.cc)?
// Only if the console's IRQs come here, and every interrupt that can come
// then finds its gate and is served at the halt (trap()); otherwise it
// polls, as it must in a lab whose IDT or IRQ entry points are still an
// exercise.  The 8259s, once remapped, deliver their lines 0-15 to the
// boot CPU alone (lapic_init); the LAPIC adds its timer and spurious
// vectors (lines 0 and 7's), its error interrupt and the TLB shootdown.
static bool console_may_halt(void) {
	if (!bootcpu || thiscpu != bootcpu || !pic_running())
		return false;
	Pseudodesc loaded;
	sidt(&loaded);
	if (loaded.pd_base != idt_pd.pd_base || loaded.pd_limit != idt_pd.pd_limit)
		return false;
	// Present (bit 7) system (bit 4 clear) interrupt gates into the kernel
	// text: trap() runs with IF clear.
	auto served = [](int vector) {
		const Gatedesc& g = idt[vector];
		return g.gd_selector == GD_KT && (g.gd_access & 0x9F) == (0x80 | STS_IG32);
	};
	for (int irq = 0; irq < MAX_IRQS; irq++)
		if (!served(IRQ_OFFSET + irq))
			return false;
	return served(IRQ_OFFSET + IRQ_ERROR) && served(T_TLBFLUSH);
}

void trap_init(void) {
	if (trap_vectors[0].num < 0)
		panic("trap_init: kern/trapentry.S defines no entry points");
	// @exercise 3.7 trap_init
	for (const VectorEntry* v = trap_vectors; v->num >= 0; v++) {
		// User code may raise only the breakpoint and the system call.
		unsigned dpl = (v->num == T_BRKPT || v->num == T_SYSCALL) ? 3 : 0;
		// Interrupt gates: the kernel always runs with interrupts off.
		SETGATE(idt[v->num], false, GD_KT, v->entry, dpl);
	}
	trap_init_percpu();
	// @stub
	// |	// Your code here: a gate in idt[] for every entry of trap_vectors.
	// |	panic("trap_init: not implemented");
	// @end
	cons_set_halt_allowed(console_may_halt);
}

// The GDT entry for a TSS: a system descriptor (S clear), type "32-bit
// TSS, not busy", privilege 0 so that no user code can switch to it.
static Segdesc tss_descriptor(const Taskstate& ts) {
	Segdesc d = SEG16(STS_T32A, (uint32_t)&ts, sizeof(Taskstate) - 1, 0);
	d.sd_s = 0;
	return d;
}

// This CPU's TSS and IDT.  esp0 starts at this CPU's kernel stack; while an
// env runs, env_run points it just past that env's env_tf, so a trap from
// user mode saves its frame right into env_tf (see _alltraps).
void trap_init_percpu(void) {
	// @exercise 4.3 trap_init_percpu
	const int i = cpunum();
	Taskstate& ts = thiscpu->cpu_ts;
	ts.ts_ss0 = GD_KD;
	ts.ts_esp0 = kstacktop(i);  // this CPU's stack (docs/ABI.md)
	ts.ts_iomb = sizeof(Taskstate);  // no I/O permission bitmap
	const uint16_t tss_selector = GD_TSS0 + i * sizeof(Segdesc);
	gdt[tss_selector / sizeof(Segdesc)] = tss_descriptor(ts);
	ltr(tss_selector);
	lidt(&idt_pd);
	// @stub
	// |	// Your code here (lab 4): every CPU's own TSS, stack top and GDT
	// |	// slot.  Until then only the boot CPU has a TSS.
	// |	if (cpunum() != 0)
	// |		panic("trap_init_percpu: not implemented for CPU %d", cpunum());
	// |	Taskstate& ts = thiscpu->cpu_ts;
	// |	ts.ts_ss0 = GD_KD;
	// |	ts.ts_esp0 = KSTACKTOP;
	// |	ts.ts_iomb = sizeof(Taskstate);  // no I/O permission bitmap
	// |	gdt[GD_TSS0 / sizeof(Segdesc)] = tss_descriptor(ts);
	// |	ltr(GD_TSS0);
	// |	lidt(&idt_pd);
	// @end
}

void print_regs(PushRegs* regs) {
	cprintf("  edi  0x%08x\n", regs->reg_edi);
	cprintf("  esi  0x%08x\n", regs->reg_esi);
	cprintf("  ebp  0x%08x\n", regs->reg_ebp);
	cprintf("  oesp 0x%08x\n", regs->reg_oesp);
	cprintf("  ebx  0x%08x\n", regs->reg_ebx);
	cprintf("  edx  0x%08x\n", regs->reg_edx);
	cprintf("  ecx  0x%08x\n", regs->reg_ecx);
	cprintf("  eax  0x%08x\n", regs->reg_eax);
}

// The page fault each CPU is handling, with the address cr2 gave for it
// (cr2 changes with the next fault, a kernel one included).  A frame
// printed at any other time, from the monitor say, has no fault address
// to show.
struct FaultInProgress {
	const Trapframe* tf;
	uint32_t va;
};
static FaultInProgress fault_in_progress[NCPU];

// Is esp on the exception stack, or below it in the guard page (a handler
// that overflowed it)?  No normal stack reaches above USTACKTOP.
static bool on_exception_stack(uintptr_t esp) { return esp > USTACKTOP && esp < UXSTACKTOP; }

// The first fault of each env's current nest of page faults, kept by the
// kernel: the frame it wrote for that fault may be overwritten, and a
// frame left on the exception stack may belong to a nest long finished.
// A nest ends when the env is next seen on its normal stack (it traps
// from there: a fault that starts a new nest, a system call, an
// interrupt); until then every fault is part of it.
struct NestStart {
	envid_t env;  // whose record; 0: no nest in progress
	uint32_t va, eip, err, esp;
};
static NestStart nest_start[NENV];

static void note_user_stack(const Env* e, const Trapframe* tf) {
	if (!on_exception_stack(tf->tf_esp))
		nest_start[ENVX(e->env_id)].env = 0;
}

static void note_page_fault(const Env* e, uint32_t fault_va, const Trapframe* tf) {
	if (!e || (tf->tf_cs & 3) != 3)
		return;  // a kernel fault (before Exercise 3.11 panics on it)
	NestStart& n = nest_start[ENVX(e->env_id)];
	if (n.env != e->env_id)
		n = {e->env_id, fault_va, tf->tf_eip, tf->tf_err, tf->tf_esp};
}

void print_trapframe(Trapframe* tf) {
	cprintf("TRAP frame at %p from CPU %d\n", tf, cpunum());
	print_regs(&tf->tf_regs);
	cprintf("  es   0x----%04x\n", tf->tf_es);
	cprintf("  ds   0x----%04x\n", tf->tf_ds);
	cprintf("  trap 0x%08x %s\n", tf->tf_trapno, trapname(tf->tf_trapno));
	const FaultInProgress& f = fault_in_progress[cpunum()];
	if (tf->tf_trapno == T_PGFLT && f.tf == tf)
		cprintf("  cr2  0x%08x\n", f.va);
	cprintf("  err  0x%08x", tf->tf_err);
	if (tf->tf_trapno == T_PGFLT)
		cprintf(" [%s, %s, %s]\n", tf->tf_err & FEC_U ? "user" : "kernel", tf->tf_err & FEC_WR ? "write" : "read",
			tf->tf_err & FEC_PR ? "protection" : "not-present");
	else
		cprintf("\n");
	cprintf("  eip  0x%08x\n", tf->tf_eip);
	cprintf("  cs   0x----%04x\n", tf->tf_cs);
	cprintf("  flag 0x%08x\n", tf->tf_eflags);
	if ((tf->tf_cs & 3) != 0) {
		cprintf("  esp  0x%08x\n", tf->tf_esp);
		cprintf("  ss   0x----%04x\n", tf->tf_ss);
	}
}

// The device interrupts that need no scheduling; false for any other trap.
static bool device_interrupt(Trapframe* tf) {
	switch (int irq = tf->tf_trapno - IRQ_OFFSET) {
	case IRQ_KBD:
		kbd_intr();
		return true;
	case IRQ_SERIAL:
		serial_intr();
		return true;
	case IRQ_SPURIOUS:
		// Line noise at the 8259, which it reports as its lowest-priority
		// IRQ; there is no device to serve and no EOI to send.
		cprintf("IRQ %d: spurious, ignored\n", irq);
		print_trapframe(tf);
		return true;
	case IRQ_ERROR:
		cprintf("LAPIC error interrupt on CPU %d\n", cpunum());
		lapic_eoi();
		return true;
	}
	return false;
}

// A trap nothing handles.  Taken in the kernel it is a kernel bug; in user
// mode it kills the env (which may already be gone: see trap()).
static void unexpected_trap(Trapframe* tf) {
	print_trapframe(tf);
	if ((tf->tf_cs & 3) == 0)
		panic("trap %d (%s) taken in the kernel, which expects none", tf->tf_trapno, trapname(tf->tf_trapno));
	if (curenv)
		env_destroy(curenv);
}

static void trap_dispatch(Trapframe* tf) {
	// System calls are the common case: test for them first.
	// @exercise 3.9 system call dispatch
	if (tf->tf_trapno == T_SYSCALL) {
		tf->tf_regs.reg_eax = syscall(tf->tf_regs.reg_eax, tf->tf_regs.reg_edx, tf->tf_regs.reg_ecx,
					      tf->tf_regs.reg_ebx, tf->tf_regs.reg_edi, tf->tf_regs.reg_esi);
		return;
	}
	// @stub
	// |	// Your code here: system calls.
	// @end
	switch (tf->tf_trapno) {
	// @exercise 3.8 page faults and breakpoints
	case T_PGFLT:
		page_fault_handler(tf);
		return;
	case T_BRKPT:
		print_trapframe(tf);
		monitor(tf);
		return;
	case T_DEBUG:  // one instruction done after the monitor's stepi
		cprintf("stepped to eip %08x\n", tf->tf_eip);
		monitor(tf);
		return;
	// @stub
	// |	// Your code here: page faults, breakpoints (and debug traps).
	// @end
	// @exercise 4.12 the timer interrupt
	case IRQ_OFFSET + IRQ_TIMER:
		lapic_eoi();
		sched_yield();
		return;
	// @stub
	// |	case IRQ_OFFSET + IRQ_TIMER:
	// |		// Your code here: preempt.  Until then a tick (which wakes a
	// |		// CPU halted in sched_halt) is acknowledged and ignored.
	// |		lapic_eoi();
	// |		return;
	// @end
	}
	if (!device_interrupt(tf))
		unexpected_trap(tf);
}

// An interrupt that ended getchar's halt (console_may_halt lists those that
// can come).  The waiting code may hold the kernel lock, and may be the
// monitor after a panic, so the interrupt is served without the lock and
// without scheduling, and the wait goes on where it was.
[[noreturn]] static void interrupt_at_console_halt(Trapframe* tf) {
	switch (tf->tf_trapno) {
	case IRQ_OFFSET + IRQ_TIMER:  // lab 4's tick: no env runs while the kernel waits for input
		lapic_eoi();
		break;
	case T_TLBFLUSH:
		tlb_flush_if_requested(thiscpu);
		lapic_eoi();
		break;
	default:
		if (!device_interrupt(tf))
			unexpected_trap(tf);
	}
	env_pop_tf(tf);
}

void trap(Trapframe* tf) {
	// Kernel code may assume the direction flag is clear.
	asm volatile("cld" ::: "cc");

	// Besides sched_halt's, getchar's halt is the one place the kernel runs
	// with interrupts on; one taken there saved cons_halt_resume as its eip.
	if ((tf->tf_cs & 3) == 0 && tf->tf_eip == (uintptr_t)cons_halt_resume)
		interrupt_at_console_halt(tf);

	// Another CPU panicked: stop here.
	if (panicstr)
		for (;;)
			asm volatile("hlt");

	// A TLB shootdown (tlb_invalidate): the CPU that asked for it holds the
	// kernel lock and waits, so the flush is done here without the lock, and
	// the trap returns straight to where it came from -- user mode, or the
	// hlt of sched_halt.
	if (tf->tf_trapno == T_TLBFLUSH) {
		tlb_flush_if_requested(thiscpu);
		lapic_eoi();
		env_pop_tf(tf);
	}

	// A CPU woken from sched_halt must take the lock it gave up there.  Only
	// this CPU writes its own status.
	CpuInfo* c = thiscpu;
	// @exercise 4.4 locking: a woken CPU
	if (c->cpu_status == CPU_HALTED) {
		c->cpu_status = CPU_STARTED;
		lock_kernel(c);
	}
	// @stub
	// |	// Your code here: a CPU woken from sched_halt takes the lock.
	// |	if (c->cpu_status == CPU_HALTED)
	// |		c->cpu_status = CPU_STARTED;
	// @end
	// Traps come through interrupt gates, which clear IF.
	assert(!(read_eflags() & FL_IF));

	if ((tf->tf_cs & 3) == 3) {
		// @exercise 4.4 locking: entry from user mode
		lock_kernel(c);
		Env* e = c->cpu_env;
		// @stub
		// |		// Your code here: the lock, on every entry from user mode.
		// |		Env* e = c->cpu_env;
		// @end
		assert(e);
		// The CPU saved the frame straight into e->env_tf (the TSS's esp0).
		assert(tf == &e->env_tf);
		note_user_stack(e, tf);
		// Destroyed by another CPU while it ran here: free it now.  Its
		// system call or fault is dropped, but a device interrupt is still
		// handled (and acknowledged, or this CPU's timer would stop).
		if (e->env_status == ENV_DYING) {
			env_free(e);
			c->cpu_env = nullptr;
			if (tf->tf_trapno < IRQ_OFFSET || tf->tf_trapno == T_SYSCALL)
				sched_yield();
		}
	}

	trap_dispatch(tf);

	// Back to the env that trapped, if it may go on: the common case after
	// a system call, with nothing to switch (same env, same address space).
	Env* e = c->cpu_env;
	if (e && e->env_status == ENV_RUNNING && tf == &e->env_tf) {
		// @exercise 4.4 locking: release before user mode
		unlock_kernel(c);
		env_pop_tf(tf);
		// @stub
		// |		// Your code here: release the lock before user mode.
		// |		env_pop_tf(tf);
		// @end
	}
	if (e && e->env_status == ENV_RUNNING)
		env_run(e);
	sched_yield();
}

// An env's exception stack overflowed: name the fault that began the nest
// and the one that ended it, which is usually what the handler itself keeps
// faulting on.  The env is destroyed after this.
[[maybe_unused]] static void report_overflow(Env* e, uint32_t fault_va, const Trapframe* tf) {
	const NestStart& first = nest_start[ENVX(e->env_id)];
	assert(first.env == e->env_id);  // page_fault_handler noted this very fault at least
	cprintf("[%08x] exception stack overflow: the first fault va %08x ip %08x err %x (esp %08x), "
		"the last va %08x ip %08x err %x\n",
		e->env_id, first.va, first.eip, first.err, first.esp, fault_va, tf->tf_eip, tf->tf_err);
}

// Page faults.  In the kernel: a bug, so panic.  In user mode with an
// upcall: push a UTrapframe on the exception stack (below the faulting esp
// if the fault happened on that stack already, leaving one empty word) and
// run the upcall there.  Without an upcall, or when the exception stack or
// the upcall itself is not usable, the env is destroyed.
void page_fault_handler(Trapframe* tf) {
	uint32_t fault_va = rcr2();
	fault_in_progress[cpunum()] = {tf, fault_va};

	// @exercise 3.11 kernel page faults
	if ((tf->tf_cs & 3) == 0) {
		print_trapframe(tf);
		panic("kernel page fault at va %08x, eip %08x", fault_va, tf->tf_eip);
	}
	// @stub
	// |	// Your code here: a page fault in kernel mode is a kernel bug.
	// @end

	Env* e = curenv;
	note_page_fault(e, fault_va, tf);
	// @exercise 4.8 the page-fault upcall
	if (e->env_pgfault_upcall) {
		// A fault on the exception stack nests below the faulting esp.  So
		// does one with esp below that stack, in the guard page: a handler
		// that overflowed it (no normal stack reaches above USTACKTOP).
		uintptr_t top = UXSTACKTOP;
		if (tf->tf_esp > USTACKTOP && tf->tf_esp < UXSTACKTOP)
			top = tf->tf_esp - sizeof(uint32_t);
		UTrapframe* utf = (UTrapframe*)(top - sizeof(UTrapframe));

		// The frame must lie inside the one-page exception stack (a fault
		// storm overflows it) and be writable, and the upcall must be a
		// user address; otherwise the env is destroyed.
		if ((uintptr_t)utf < UXSTACKTOP - PGSIZE) {
			report_overflow(e, fault_va, tf);
			user_mem_fail(e, (uintptr_t)utf);
		}
		user_mem_assert(e, utf, sizeof(UTrapframe), PTE_W);
		user_mem_assert(e, e->env_pgfault_upcall, 1, 0);

		utf->utf_fault_va = fault_va;
		utf->utf_err = tf->tf_err;
		utf->utf_regs = tf->tf_regs;
		utf->utf_eip = tf->tf_eip;
		utf->utf_eflags = tf->tf_eflags;
		utf->utf_esp = tf->tf_esp;
		tf->tf_esp = (uintptr_t)utf;
		tf->tf_eip = (uintptr_t)e->env_pgfault_upcall;
		return;  // trap() resumes the env, in its upcall
	}
	// @stub
	// |	// Your code here: run the env's page-fault upcall, if it has one.
	// @end

	cprintf("[%08x] user fault va %08x ip %08x\n", e->env_id, fault_va, tf->tf_eip);
	print_trapframe(tf);
	env_destroy(e);
}
