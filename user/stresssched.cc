// stresssched: the scheduler never runs one env on two CPUs at once.  Twenty
// children, released together by a message from the parent, each count in
// their own copy-on-write global between yields, and report back when done.
// An env running on two CPUs at once would race with itself and lose
// increments, so a short count is that bug.

#include <inc/lib.h>

static constexpr int kChildren = 20;
static constexpr int kYields = 10;
// JOS counts to 10000 between yields.  Ten times that keeps every CPU busy
// long enough that each one finishes a child even when the host runs the
// guest's CPUs (QEMU threads) unevenly, and gives a race more chances.
static constexpr int kStepsPerYield = 100000;

// Each child's own copy after fork.
static volatile int tally;

static void count_steps(int steps) {
	for (int i = 0; i < steps; i++)
		tally = tally + 1;  // a separate load and store: a racing copy loses counts
}

[[noreturn]] static void child_main(void) {
	// Block until the parent has forked everyone, so all start together.
	ipc_recv(nullptr, nullptr, nullptr);

	for (int y = 0; y < kYields; y++) {
		sys_yield();
		count_steps(kStepsPerYield);
	}
	if (tally != kYields * kStepsPerYield)
		panic("ran on two CPUs at once (tally %d, want %d)", tally, kYields * kStepsPerYield);
	cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id, thisenv->env_cpunum);
	ipc_send(thisenv->env_parent_id, 0, nullptr, 0);  // done
	exit();
}

void umain(int, char**) {
	envid_t kids[kChildren];
	for (envid_t& kid : kids) {
		kid = fork();
		if (kid < 0)
			panic("stresssched: fork: %s", errstr(kid));
		if (kid == 0)
			child_main();
	}

	for (envid_t kid : kids)
		ipc_send(kid, 0, nullptr, 0);  // the starting gun

	// Wait, asleep in the kernel, for every child's report.
	for (int done = 0; done < kChildren; done++)
		ipc_recv(nullptr, nullptr, nullptr);
}
