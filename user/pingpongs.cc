// pingpongs: the pingpong exchange between envs made by sfork, which share
// every page but the stack.  With each number the sender also writes a
// shared global; the receiver checks it sees that write (the memory really
// is shared), and that thisenv, which lives on the private stack, still
// names the receiver itself and not the other env.

#include <inc/lib.h>

static constexpr uint32_t kLastBall = 10;

// Written by the sender just before each send; one page for both envs.
static volatile uint32_t shared_ball;

static void serve(envid_t to, uint32_t ball) {
	shared_ball = ball;
	ipc_send(to, ball, nullptr, 0);
}

static void catch_ball(uint32_t expected) {
	envid_t sender;
	uint32_t got = ipc_recv(&sender, nullptr, nullptr);
	envid_t self = sys_getenvid();
	cprintf("%x got %d from %x (thisenv is %p %x)\n", self, got, sender,
		(const void*)thisenv, thisenv->env_id);
	if (got != expected)
		panic("pingpongs: wanted %u, got %u", expected, got);
	if (shared_ball != got)
		panic("pingpongs: the shared global says %u, the message %u", shared_ball, got);
	if (thisenv->env_id != self)
		panic("pingpongs: thisenv names %08x, but I am %08x", thisenv->env_id, self);
}

void umain(int, char**) {
	envid_t other = sfork();
	if (other < 0)
		panic("pingpongs: sfork: %s", errstr(other));
	const bool parent = other != 0;
	if (!parent) {
		other = thisenv->env_parent_id;
	} else {
		cprintf("i am %08x; thisenv is %p\n", sys_getenvid(), (const void*)thisenv);
		cprintf("send 0 from %x to %x\n", sys_getenvid(), other);
	}

	// The parent serves the even numbers, the child the odd ones.
	for (uint32_t ball = 0; ball <= kLastBall; ball++) {
		if ((ball % 2 == 0) == parent)
			serve(other, ball);
		else
			catch_ball(ball);
	}
}
