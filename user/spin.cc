// spin: the timer takes the CPU back.  The child loops forever without a
// system call, so on one CPU the parent gets to run again, and to destroy
// the child, only because the clock interrupt preempts it.  On several
// CPUs the child runs on another CPU and the parent's yields may return at
// once, so the parent waits until the child has been run that many times
// (env_runs: on its own CPU, each timer tick runs it again).

#include <inc/lib.h>

// How many times the parent hands the CPU to the child before ending it.
static constexpr uint32_t kChildTurns = 6;

[[noreturn]] static void spin_forever(void) {
	cprintf("I am the child.  Spinning...\n");
	for (;;)
		asm volatile("" ::: "memory");  // keeps the compiler from deleting the loop
}

// On one CPU each yield runs the child once, until the timer preempts it.
static void give_turns(envid_t child, uint32_t turns) {
	const volatile Env& e = envs[ENVX(child)];
	for (uint32_t i = 0; i < turns || e.env_runs < turns; i++)
		sys_yield();
}

void umain(int, char**) {
	cprintf("I am the parent.  Forking the child...\n");
	envid_t spinner = fork();
	if (spinner < 0)
		panic("spin: fork: %s", errstr(spinner));
	if (spinner == 0)
		spin_forever();

	cprintf("I am the parent.  Running the child...\n");
	give_turns(spinner, kChildTurns);

	cprintf("I am the parent.  Killing the child...\n");
	if (int err = sys_env_destroy(spinner); err < 0)
		panic("spin: destroying %08x: %s", spinner, errstr(err));
}
