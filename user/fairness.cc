// fairness: more envs than CPUs (3, on the tests' 2 CPUs or 1), none of which
// yields once it starts spinning.  Each env counts its progress in a shared
// page and, when done, checks that every other env made progress while it
// was running.  Only the timer's preemption can give that: without it the
// envs on CPUs run to the end while the rest wait for one.
//
// The timer ticks about every 10 ms on each CPU.  An env's spin takes a
// few tenths of a second of its CPU time with QEMU unloaded (longer on a
// busy host, which only adds ticks), so over a dozen ticks fall inside the
// shortest run, and each one lets the waiting env onto a CPU.  Each env
// prints how often it was scheduled during its spin.

#include "isolate.h"

const int NSPIN = 3;         // envs: the parent and two children
const int NCHUNK = 1000;     // chunks of work per env, each counted
const uint32_t CHUNK = 50000;  // additions per chunk
const uintptr_t SHARED_VA = 0x0b000000;

struct Shared {
	volatile uint32_t ready;            // envs at the start line
	volatile uint32_t progress[NSPIN];  // chunks done by each env
	volatile uint32_t failed;           // envs whose check failed
};

static Shared* const shared = (Shared*)SHARED_VA;

static void spin(int me) {
	// Start together: no env's run may end before another's begins.
	__atomic_fetch_add(&shared->ready, 1, __ATOMIC_SEQ_CST);
	while (shared->ready < NSPIN)
		sys_yield();

	const volatile Env& self = envs[ENVX(sys_getenvid())];
	uint32_t runs = self.env_runs;
	uint32_t start[NSPIN], end[NSPIN];
	for (int j = 0; j < NSPIN; j++)
		start[j] = shared->progress[j];
	// volatile: every addition really happens, so the loop takes time.
	volatile uint32_t sum = 0;
	for (int c = 0; c < NCHUNK; c++) {
		for (uint32_t i = 0; i < CHUNK; i++)
			sum = sum + i;
		shared->progress[me] = c + 1;
	}
	for (int j = 0; j < NSPIN; j++)
		end[j] = shared->progress[j];
	runs = self.env_runs - runs;

	bool ok = true;
	for (int j = 0; j < NSPIN; j++) {
		if (j == me || end[j] > start[j])
			continue;
		ok = false;
		cprintf("fairness: env %d: env %d made no progress while env %d ran (%u chunks done): FAIL\n",
			me, j, me, end[j]);
	}
	if (!ok)
		__atomic_fetch_add(&shared->failed, 1, __ATOMIC_SEQ_CST);
	cprintf("fairness: env %d done %d chunks, scheduled %u times; the others ran meanwhile: %s\n", me,
		NCHUNK, runs, ok ? "OK" : "FAIL");
}

void umain(int, char**) {
	if (int r = sys_page_alloc(0, shared, PTE_P | PTE_U | PTE_W | PTE_SHARE); r < 0)
		panic("sys_page_alloc: %s", errstr(r));

	envid_t child[NSPIN];
	for (int k = 1; k < NSPIN; k++) {
		child[k] = fork_or_die();
		if (child[k] == 0) {
			spin(k);
			return;
		}
	}
	spin(0);
	for (int k = 1; k < NSPIN; k++)
		wait_gone(child[k]);
	if (shared->failed)
		cprintf("fairness: %u of %d envs saw another make no progress: FAIL\n", shared->failed, NSPIN);
	else
		cprintf("fairness: %d envs that never yield all ran side by side: OK\n", NSPIN);
}
