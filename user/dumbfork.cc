// dumbfork: a fork made of nothing but the raw system calls, with no
// copy-on-write (user/copyfork.h).  Parent (10 turns) and child (20 turns)
// then print and yield in turn, so each side's lines must come out whole
// and in order.

#include <inc/lib.h>
#include <user/copyfork.h>

static const int kParentTurns = 10;
static const int kChildTurns = 20;

void umain(int, char**) {
	envid_t child = copy_fork_stopped();
	if (child != 0)
		start_child(child);
	const bool in_parent = child != 0;
	const char* role = in_parent ? "parent" : "child";
	const int turns = in_parent ? kParentTurns : kChildTurns;

	for (int turn = 0; turn < turns; turn++) {
		cprintf("%d: I am the %s!\n", turn, role);
		sys_yield();
	}
}
