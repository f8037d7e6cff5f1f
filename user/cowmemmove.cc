// cowmemmove: a backward memmove (overlapping, destination above the
// source) in a forked child, onto a copy-on-write page.  The write faults in
// the middle of the copy, with the direction flag set; the fault handler's
// own copy of the page must still run forward, and the child must end up
// with exactly the bytes memmove promises while the parent keeps its own.

#include <inc/lib.h>

static char buf[2 * PGSIZE] __attribute__((aligned(PGSIZE)));
static const int kLen = 256;
static const int kShift = 8;

static char pattern(int i) { return (char)('a' + i % 26); }

void umain(int, char**) {
	for (int i = 0; i < kLen + kShift; i++)
		buf[i] = pattern(i);
	envid_t child = fork();
	if (child < 0)
		panic("cowmemmove: fork failed: %d", child);
	if (child == 0) {
		memmove(buf + kShift, buf, kLen);  // faults: buf is copy-on-write
		for (int i = 0; i < kLen; i++)
			if (buf[kShift + i] != pattern(i))
				panic("cowmemmove: child byte %d is %02x, not %02x", kShift + i, buf[kShift + i], pattern(i));
		cprintf("cowmemmove: child's copy OK\n");
		return;
	}
	while (envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();
	for (int i = 0; i < kLen + kShift; i++)
		if (buf[i] != pattern(i))
			panic("cowmemmove: parent byte %d changed by the child", i);
	cprintf("cowmemmove: parent's page untouched\n");
}
