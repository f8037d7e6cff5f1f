// pingpong: two envs bounce a counter back and forth over IPC, each adding
// one, until it reaches 10.

#include <inc/lib.h>

#define LAST 10

void umain(int, char**) {
	envid_t who = fork();
	if (who < 0)
		panic("fork: %s", errstr(who));

	if (who != 0) {
		// The parent serves first.
		cprintf("send 0 from %x to %x\n", sys_getenvid(), who);
		ipc_send(who, 0, nullptr, 0);
	}

	for (;;) {
		int n = ipc_recv(&who, nullptr, nullptr);
		cprintf("%x got %d from %x\n", sys_getenvid(), n, who);
		if (n == LAST)
			return;
		n++;
		ipc_send(who, n, nullptr, 0);
		if (n == LAST)
			return;
	}
}
