// isolate_stop: stopping a child while it runs on another CPU.  A parent
// may set its child NOT_RUNNABLE at any time; the child leaves its CPU at
// its next trap.  Until then it is still running, so:
//  1. setting it RUNNABLE again must not put it in the run queue while it
//     runs (it would run on two CPUs at once);
//  2. destroying it must not free its memory while it runs (the pages
//     would be handed to others while it still writes them).
// And a child blocked in ipc_recv that its parent sets RUNNABLE is no
// longer receiving:
//  3. a message sent to it while it runs is -E_IPC_NOT_RECV, and must not
//     put it in the run queue while it runs.
// Needs CPUS >= 2.  The children spin without trapping (no system calls).

#include "isolate.h"

const uintptr_t SHARED_VA = 0x0b000000;  // PTE_SHARE: parent and children
struct Shared {
	volatile uint32_t inside;    // 1 while a CPU runs the child's critical section
	volatile uint32_t two_cpus;  // set when the child found another CPU inside
	volatile uint32_t spins;
};
#define shared ((Shared*)SHARED_VA)

const int ROUNDS = 2000;     // stop/restart pairs in part 1
const int ATTEMPTS = 20;     // stop/destroy attempts in part 2
const int NPAGES = 64;       // pages the parent takes after each destroy
const uintptr_t PROBE = 0x20000000;

static uint32_t xchg(volatile uint32_t* p, uint32_t v) {
	asm volatile("lock; xchgl %0, %1" : "+m"(*p), "+r"(v) : : "cc");
	return v;
}

// The child of part 1: a critical section no two CPUs may be in at once.
[[noreturn]] static void double_run_detector(void) {
	for (;;) {
		if (xchg(&shared->inside, 1) != 0)
			shared->two_cpus = 1;
		for (int k = 0; k < 100; k++)
			asm volatile("pause");
		shared->inside = 0;
		shared->spins = shared->spins + 1;
	}
}

// The child of part 2: keeps writing its own pages.
static uint32_t scribble[8][PGSIZE / 4] __attribute__((aligned(PGSIZE)));
[[noreturn]] static void scribbler(void) {
	for (uint32_t n = 1;; n++) {
		for (int p = 0; p < 8; p++)
			for (int i = 0; i < PGSIZE / 4; i += 64)
				scribble[p][i] = 0xdead0000 | (n & 0xffff);
		shared->spins = shared->spins + 1;
	}
}

static void wait_running(envid_t id) {
	while (envs[ENVX(id)].env_status != ENV_RUNNING)
		sys_yield();
}

static void check(int r, const char* what) {
	if (r < 0)
		panic("%s: %s", what, errstr(r));
}

// Give a double run of the detector child time to show itself, then
// destroy the child and report.
static void end_double_run_check(envid_t child, const char* bug, const char* ok) {
	for (uint32_t s = shared->spins; shared->spins - s < 1000 && !shared->two_cpus;)
		sys_yield();
	check(sys_env_destroy(child), "sys_env_destroy");
	wait_gone(child);
	if (shared->two_cpus)
		cprintf("isolate_stop: BUG: %s\n", bug);
	else
		cprintf("isolate_stop: %s\n", ok);
}

void umain(int, char**) {
	check(sys_page_alloc(0, (void*)SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE), "sys_page_alloc");

	// Part 1: stop and restart a running child, many times.
	envid_t child = fork_or_die();
	if (child == 0)
		double_run_detector();
	for (int i = 0; i < ROUNDS && !shared->two_cpus; i++) {
		wait_running(child);
		check(sys_env_set_status(child, ENV_NOT_RUNNABLE), "sys_env_set_status");
		check(sys_env_set_status(child, ENV_RUNNABLE), "sys_env_set_status");
	}
	end_double_run_check(child, "the restarted child ran on two CPUs at once",
			     "stop and restart: the child never ran on two CPUs at once");

	// Part 2: stop a running child, destroy it, and take its pages.
	int changed = 0;
	for (int attempt = 0; attempt < ATTEMPTS && !changed; attempt++) {
		child = fork_or_die();
		if (child == 0)
			scribbler();
		wait_running(child);
		for (uint32_t s = shared->spins; shared->spins - s < 2;)
			sys_yield();  // it has written its pages (and owns copies of them)
		wait_running(child);
		check(sys_env_set_status(child, ENV_NOT_RUNNABLE), "sys_env_set_status");
		check(sys_env_destroy(child), "sys_env_destroy");
		for (int i = 0; i < NPAGES; i++)
			check(sys_page_alloc(0, (void*)(PROBE + i * PGSIZE), PTE_P | PTE_U | PTE_W), "sys_page_alloc");
		for (int round = 0; round < 20 && !changed; round++) {
			for (int i = 0; i < NPAGES && !changed; i++) {
				const volatile uint32_t* p = (const uint32_t*)(PROBE + i * PGSIZE);
				for (int w = 0; w < PGSIZE / 4; w++)
					if (p[w]) {
						cprintf("isolate_stop: BUG: a page allocated after the destroy changed: "
							"%08x at %08x (attempt %d)\n", p[w], (uint32_t)&p[w], attempt);
						changed = 1;
						break;
					}
			}
		}
		for (int i = 0; i < NPAGES; i++)
			sys_page_unmap(0, (void*)(PROBE + i * PGSIZE));
		wait_gone(child);
	}
	if (!changed)
		cprintf("isolate_stop: stop and destroy: the destroyed child never touched memory after the destroy\n");

	// Part 3: wake a receiving child with set_status, then send to it.
	shared->two_cpus = 0;
	shared->inside = 0;  // part 1's child may have died inside
	child = fork_or_die();
	if (child == 0) {
		sys_ipc_recv((void*)UTOP);
		double_run_detector();
	}
	while (!envs[ENVX(child)].env_ipc_recving || envs[ENVX(child)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	check(sys_env_set_status(child, ENV_RUNNABLE), "sys_env_set_status");
	wait_running(child);
	for (uint32_t s = shared->spins; shared->spins - s < 2;)
		sys_yield();  // it runs its loop now, far from ipc_recv
	int r = sys_ipc_try_send(child, 1, (void*)UTOP, 0);
	cprintf("isolate_stop: ipc_try_send to a running child woken from ipc_recv: %s\n",
		r == 0 ? "delivered" : errstr(r));
	end_double_run_check(child, "the child sent to ran on two CPUs at once",
			     "send to a woken child: it never ran on two CPUs at once");
}
