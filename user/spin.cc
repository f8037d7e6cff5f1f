// spin: the timer takes the CPU back.  The child loops forever without a
// system call, so on one CPU the parent gets to run again, and to destroy
// the child, only because the clock interrupt preempts it.

#include <inc/lib.h>

// How many times the parent hands the CPU to the child before ending it.
static constexpr int kChildTurns = 6;

[[noreturn]] static void spin_forever(void) {
	cprintf("I am the child.  Spinning...\n");
	for (;;)
		asm volatile("" ::: "memory");  // keeps the compiler from deleting the loop
}

static void give_turns(int turns) {
	while (turns-- > 0)
		sys_yield();  // returns only once the timer has preempted the child
}

void umain(int, char**) {
	cprintf("I am the parent.  Forking the child...\n");
	envid_t spinner = fork();
	if (spinner < 0)
		panic("spin: fork: %s", errstr(spinner));
	if (spinner == 0)
		spin_forever();

	cprintf("I am the parent.  Running the child...\n");
	give_turns(kChildTurns);

	cprintf("I am the parent.  Killing the child...\n");
	if (int err = sys_env_destroy(spinner); err < 0)
		panic("spin: destroying %08x: %s", spinner, errstr(err));
}
