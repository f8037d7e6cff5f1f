// stresssched: many envs yielding on several CPUs.  Each child counts in its
// own (copy-on-write) memory between yields; if the scheduler ever ran one
// env on two CPUs at once, the unsynchronised increments would lose counts.

#include <inc/lib.h>

#define NCHILD 20
#define NROUND 10
#define NCOUNT 10000

volatile int counter;

void umain(int, char**) {
	envid_t parent = sys_getenvid();
	int i;

	for (i = 0; i < NCHILD; i++) {
		envid_t r = fork();
		if (r < 0)
			panic("fork: %s", errstr(r));
		if (r == 0)
			break;
	}
	if (i == NCHILD) {
		// The parent only forks.
		sys_yield();
		return;
	}

	// Start together: wait until the parent has forked everyone and gone.
	while (envs[ENVX(parent)].env_status != ENV_FREE)
		asm volatile("pause");

	for (int round = 0; round < NROUND; round++) {
		sys_yield();
		for (int j = 0; j < NCOUNT; j++)
			counter = counter + 1;
	}
	if (counter != NROUND * NCOUNT)
		panic("ran on two CPUs at once (counter is %d)", counter);

	cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id, thisenv->env_cpunum);
}
