// forkpanic: a user panic names the program.  The kernel gives the first env
// argv[0] = "forkpanic"; fork copies the memory that holds it, so the child's
// panic line says "user panic in forkpanic at ...", not "(unnamed program)".

#include <inc/lib.h>

void umain(int, char**) {
	envid_t child = fork();
	if (child < 0)
		panic("fork: %s", errstr(child));
	if (child == 0)
		panic("the child panics on purpose");
	// The child's breakpoint stops the system in the monitor; until then,
	// let it run.
	for (;;)
		sys_yield();
}
