// stresssched: the scheduler never runs one env on two CPUs at once, and
// every CPU schedules.  Twenty children, released together by a flag in a
// page the parent shares with them, each count in their own copy of a
// global between yields.  An env running on two CPUs at once would race
// with itself and lose increments, so a short count is that bug.  It is
// the check of Part A (the kernel lock, the scheduler, the exo calls), so
// it uses nothing later: the children are copies made with the exo calls
// (user/copyfork.h), not fork(), and they talk through the shared page, not
// IPC.
//
// Then each child reports the CPU it finished on.  The grade wants a report
// from each of CPUs 0..3, but a loaded host may leave a virtual CPU without
// host time for the whole count, so a child whose CPU has reported already
// keeps yielding, and stays runnable, until every wanted CPU has a report:
// a starved CPU that gets going picks one up.  The wait is bounded (a
// budget of yields shared by all children), so a kernel whose other CPUs
// never schedule still ends, with CPUs missing.

#include <inc/lib.h>
#include <user/copyfork.h>

static constexpr int kChildren = 20;
static constexpr int kYields = 10;
// JOS counts to 10000 between yields.  Ten times that keeps every CPU busy
// for a while and gives a race more chances.
static constexpr int kStepsPerYield = 100000;
// JOS's test runs on 4 CPUs: reports are wanted from CPUs 0..3.
static constexpr uint32_t kWantedCpus = 0xf;
// Yields, all children together, spent waiting for a missing CPU.
// A yield takes a few microseconds, so this is a few seconds of waiting
// when only one CPU runs children, less with more.
static constexpr uint32_t kWaitBudget = 300000;

// A page the parent maps into every child, shared.  Below UTEXT, so
// copy_fork_stopped does not copy it.
struct Shared {
	uint32_t go;        // set by the parent once every child exists
	uint32_t done;      // children that have reported
	uint32_t ran;       // bit c: a child counted on CPU c
	uint32_t reported;  // bit c: a child reported from CPU c
	uint32_t waited;    // yields spent waiting, against kWaitBudget
};
static Shared* const shared = (Shared*)0x00600000;
static_assert(0x00600000 + PGSIZE <= UTEXT && 0x00600000 >= UTEMP + PGSIZE);

// Each child's own copy after fork.
static volatile int tally;

static uint32_t cpu_bit(void) { return 1u << thisenv->env_cpunum; }

static void count_steps(int steps) {
	__atomic_fetch_or(&shared->ran, cpu_bit(), __ATOMIC_RELAXED);
	for (int i = 0; i < steps; i++)
		tally = tally + 1;  // a separate load and store: a racing copy loses counts
}

// Report once this CPU is a new one, or every wanted CPU has reported, or
// the budget is spent; until then, yield.
static void report(void) {
	for (;;) {
		int cpu = thisenv->env_cpunum;
		uint32_t bit = 1u << cpu;
		uint32_t before = __atomic_fetch_or(&shared->reported, bit, __ATOMIC_SEQ_CST);
		if (!(before & bit) || (before & kWantedCpus) == kWantedCpus ||
		    __atomic_fetch_add(&shared->waited, 1, __ATOMIC_RELAXED) >= kWaitBudget) {
			cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id, cpu);
			return;
		}
		sys_yield();
	}
}

[[noreturn]] static void child_main(void) {
	// Wait until the parent has made everyone, so all start together.
	while (!__atomic_load_n(&shared->go, __ATOMIC_ACQUIRE))
		sys_yield();

	for (int y = 0; y < kYields; y++) {
		sys_yield();
		count_steps(kStepsPerYield);
	}
	if (tally != kYields * kStepsPerYield)
		panic("ran on two CPUs at once (tally %d, want %d)", tally, kYields * kStepsPerYield);
	report();
	__atomic_fetch_add(&shared->done, 1, __ATOMIC_RELEASE);
	exit();
}

static void print_cpus(uint32_t mask) {
	for (int c = 0; c < 32; c++)
		if (mask & (1u << c))
			cprintf(" %d", c);
}

void umain(int, char**) {
	const int perm = PTE_P | PTE_U | PTE_W;
	if (int r = sys_page_alloc(0, shared, perm); r < 0)
		panic("stresssched: sys_page_alloc: %s", errstr(r));
	for (int k = 0; k < kChildren; k++) {
		envid_t kid = copy_fork_stopped();
		if (kid == 0)
			child_main();
		if (int r = sys_page_map(0, shared, kid, shared, perm); r < 0)
			panic("stresssched: sys_page_map to %08x: %s", kid, errstr(r));
		start_child(kid);
	}
	__atomic_store_n(&shared->go, 1, __ATOMIC_RELEASE);  // the starting gun

	while (__atomic_load_n(&shared->done, __ATOMIC_ACQUIRE) < (uint32_t)kChildren)
		sys_yield();
	// For the grade's diagnosis of a missing CPU.
	cprintf("stresssched: children counted on CPUs");
	print_cpus(shared->ran);
	cprintf("; reported from CPUs");
	print_cpus(shared->reported);
	uint32_t waited = shared->waited;
	cprintf("; waited %u of %u yields for a CPU\n", waited < kWaitBudget ? waited : kWaitBudget, kWaitBudget);
}
