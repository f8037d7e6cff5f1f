// Round-robin scheduling.  RUNNABLE envs wait in a FIFO run queue: an env
// that yields or is preempted goes to the back, and the front has waited
// longest, so sched_yield costs the same whatever NENV is.  The queue
// holds exactly the RUNNABLE envs, which env_set_status keeps true; an env
// RUNNING on some CPU is never in it, so no env runs on two CPUs.

#include <inc/assert.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>

// Run-queue links, kept beside the ABI's Env rather than inside it.
struct RunLink {
	Env* next;
	Env* prev;
};
static RunLink runlinks[NENV];
static Env* rq_head;
static Env* rq_tail;

// How many envs are in each status (index: ENV_*).
static int nstatus[ENV_NOT_RUNNABLE + 1] = {NENV, 0, 0, 0, 0};

[[maybe_unused]] static RunLink& link(Env* e) { return runlinks[e - envs]; }

[[maybe_unused]] static void rq_push_back(Env* e) {
	link(e) = {nullptr, rq_tail};
	if (rq_tail)
		link(rq_tail).next = e;
	else
		rq_head = e;
	rq_tail = e;
}

[[maybe_unused]] static void rq_push_front(Env* e) {
	link(e) = {rq_head, nullptr};
	if (rq_head)
		link(rq_head).prev = e;
	else
		rq_tail = e;
	rq_head = e;
}

[[maybe_unused]] static void rq_remove(Env* e) {
	RunLink& l = link(e);
	(l.prev ? link(l.prev).next : rq_head) = l.next;
	(l.next ? link(l.next).prev : rq_tail) = l.prev;
	l = {nullptr, nullptr};
}

// New work: wake one halted CPU rather than leave the env waiting for that
// CPU's next timer tick.  The timer vector makes it run sched_yield.
[[maybe_unused]] static void wake_halted_cpu(void) {
	for (CpuInfo* c = cpus; c < cpus + ncpu; c++) {
		if (c != thiscpu && c->cpu_status == CPU_HALTED) {
			lapic_ipi_cpu(c->cpu_id, IRQ_OFFSET + IRQ_TIMER);
			return;
		}
	}
}

// Does e run on a CPU other than this one?  It may, whatever its status
// says: an env stopped (NOT_RUNNABLE) or destroyed (DYING) by another env
// keeps its CPU until its next trap into the kernel.
bool env_on_other_cpu(const Env* e) {
	for (CpuInfo* c = cpus; c < cpus + ncpu; c++)
		if (c->cpu_env == e && c != thiscpu)
			return true;
	return false;
}

void env_set_status(Env* e, uint32_t status) {
	assert(status <= ENV_NOT_RUNNABLE);
	// A dying env only ever becomes free.
	if (e->env_status == ENV_DYING && status != ENV_FREE)
		return;
	// Made runnable while it still holds another CPU (stopped but not yet
	// trapped): it simply goes on running there.  Queued, it would run on
	// two CPUs at once.
	if (status == ENV_RUNNABLE && e->env_status == ENV_NOT_RUNNABLE && env_on_other_cpu(e))
		status = ENV_RUNNING;
	if (e->env_status == status)
		return;
	// @exercise 4.5 the run queue
	if (e->env_status == ENV_RUNNABLE)
		rq_remove(e);
	if (status == ENV_RUNNABLE) {
		rq_push_back(e);
		wake_halted_cpu();
	}
	// @stub
	// |	// Your code here: keep the run queue in step with the status.
	// @end
	nstatus[e->env_status]--;
	nstatus[status]++;
	e->env_status = status;
}

void sched_run_next(Env* e) {
	// @exercise 4.5 sched_run_next
	assert(e->env_status == ENV_RUNNABLE);
	rq_remove(e);
	rq_push_front(e);
	// @stub
	// |	// Your code here.
	// |	(void)e;
	// @end
}

// Nothing to run on this CPU: halt it until an interrupt comes.  When no
// env can ever run again (none runnable, running or dying), drop into the
// monitor instead.
[[noreturn]] static void sched_halt(void) {
	if (nstatus[ENV_RUNNABLE] + nstatus[ENV_RUNNING] + nstatus[ENV_DYING] == 0) {
		cprintf("No runnable environments in the system!\n");
		// With every env gone, every page must be back (graders check).
		if (nstatus[ENV_FREE] == NENV)
			cprintf("pages free: %u (boot: %u)\n", page_free_count(), boot_free_pages);
		for (;;)
			monitor(nullptr);
	}

	curenv = nullptr;
	lcr3(pa_val(PADDR(kern_pgdir)));
	// Idle time: refill the pool of zeroed pages, a few at a time (this CPU
	// still holds the kernel lock).
	page_zero_idle(8);
	xchg(&thiscpu->cpu_status, CPU_HALTED);
	// @exercise 4.4 locking: release before halting
	unlock_kernel();
	// @stub
	// |	// Your code here.
	// @end

	// Reset the stack: this frame will never be returned to.  Interrupts on,
	// then halt; the next interrupt enters trap() from kernel mode.
	asm volatile(
	    "movl $0, %%ebp\n"
	    "movl %0, %%esp\n"
	    "pushl $0\n"
	    "pushl $0\n"
	    "sti\n"
	    "1:\n"
	    "hlt\n"
	    "jmp 1b\n"
	    :
	    : "a"(kstacktop(cpunum())));
	__builtin_unreachable();
}

void sched_yield(void) {
	// @exercise 4.5 sched_yield
	Env* next = rq_head;
	if (next)
		env_run(next);  // curenv, if still running, goes to the back
	if (curenv && curenv->env_status == ENV_RUNNING && curenv->env_cpunum == cpunum())
		env_run(curenv);
	sched_halt();
	// @stub
	// |	// Your code here: round robin.
	// |	sched_halt();
	// @end
}
