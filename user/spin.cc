// spin: preemption.  The child never yields, so the parent only runs again,
// and can destroy it, if the timer interrupt takes the CPU back.

#include <inc/lib.h>

void umain(int, char**) {
	cprintf("I am the parent.  Forking the child...\n");
	envid_t child = fork();
	if (child < 0)
		panic("fork: %s", errstr(child));
	if (child == 0) {
		cprintf("I am the child.  Spinning...\n");
		for (;;)
			asm volatile("" ::: "memory");  // an empty loop the compiler must keep
	}

	cprintf("I am the parent.  Running the child...\n");
	for (int i = 0; i < 8; i++)
		sys_yield();

	cprintf("I am the parent.  Killing the child...\n");
	sys_env_destroy(child);
}
