// yield: sys_yield gives the CPU to another runnable env and comes back to
// this one.  Run several copies at once: their lines interleave, and each
// copy must find itself (thisenv) unchanged after every yield.

#include <inc/lib.h>

static const int kRounds = 5;

void umain(int, char**) {
	const envid_t self = thisenv->env_id;

	cprintf("Hello, I am environment %08x.\n", self);
	for (int round = 0; round < kRounds; round++) {
		sys_yield();
		if (thisenv->env_id != self)
			panic("yield: after a yield thisenv names %08x, not us", thisenv->env_id);
		cprintf("Back in environment %08x, iteration %d.\n", self, round);
	}
	cprintf("All done in environment %08x.\n", self);
}
