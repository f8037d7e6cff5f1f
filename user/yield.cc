// yield: sys_yield hands the CPU to the next runnable env and comes back.
// Several copies of this program interleave their lines round-robin.

#include <inc/lib.h>

void umain(int, char**) {
	cprintf("Hello, I am environment %08x.\n", thisenv->env_id);
	for (int i = 0; i < 5; i++) {
		sys_yield();
		cprintf("Back in environment %08x, iteration %d.\n", thisenv->env_id, i);
	}
	cprintf("All done in environment %08x.\n", thisenv->env_id);
}
