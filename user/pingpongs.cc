// pingpongs: pingpong over sfork, where parent and child share all memory but
// their stacks.  Besides the IPC value, the receiver bumps a shared global;
// each side checks the global matches what it was sent, and that thisenv (kept
// on the private stack) still names itself.

#include <inc/lib.h>

#define LAST 10

// Shared by both envs after sfork.
volatile uint32_t val;

void umain(int, char**) {
	envid_t who = sfork();
	if (who < 0)
		panic("sfork: %s", errstr(who));

	if (who != 0) {
		cprintf("i am %08x; thisenv is %p\n", sys_getenvid(), (const void*)thisenv);
		cprintf("send 0 from %x to %x\n", sys_getenvid(), who);
		ipc_send(who, 0, nullptr, 0);
	}

	for (;;) {
		uint32_t n = ipc_recv(&who, nullptr, nullptr);
		cprintf("%x got %d from %x (thisenv is %p %x)\n", sys_getenvid(), n, who,
			(const void*)thisenv, thisenv->env_id);
		if (val != n)
			panic("shared val is %d but %d was sent", val, n);
		if (thisenv->env_id != sys_getenvid())
			panic("thisenv is %x, not %x", thisenv->env_id, sys_getenvid());
		if (n == LAST)
			return;
		val = ++n;
		ipc_send(who, n, nullptr, 0);
		if (n == LAST)
			return;
	}
}
