// pingpong: two envs take turns over IPC.  Message k carries the number k,
// from 0 up to 10; the parent sends the even ones, the child the odd ones,
// and whoever receives one prints it.  Each side also checks that every
// number arrives in sequence from the other env.

#include <inc/lib.h>

static constexpr uint32_t kLastBall = 10;

void umain(int, char**) {
	envid_t other = fork();
	if (other < 0)
		panic("pingpong: fork: %s", errstr(other));
	const bool parent = other != 0;
	if (!parent)
		other = thisenv->env_parent_id;
	else
		cprintf("send 0 from %x to %x\n", sys_getenvid(), other);

	// Both envs walk the same sequence of messages; on each one, exactly
	// one of them sends and the other receives.
	for (uint32_t ball = 0; ball <= kLastBall; ball++) {
		bool my_serve = (ball % 2 == 0) == parent;
		if (my_serve) {
			ipc_send(other, ball, nullptr, 0);
			continue;
		}
		envid_t sender;
		uint32_t got = ipc_recv(&sender, nullptr, nullptr);
		cprintf("%x got %d from %x\n", sys_getenvid(), got, sender);
		if (got != ball || sender != other)
			panic("pingpong: wanted %u from %08x, got %u from %08x", ball, other, got, sender);
	}
}
