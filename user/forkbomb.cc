// forkbomb: every env forks until fork fails (out of environments or out
// of memory); children fork too.  No env exits before every env has seen
// its fork fail, so the bomb fills the Env table.  Then all exit.  The
// kernel must refuse cleanly (no panic), and once all are gone every page
// must be back (the kernel's "pages free" line).  The first env reports
// how many envs were made and which errors ended the forking.

#include <inc/lib.h>

const uintptr_t SHARED_VA = 0x0b000000;  // PTE_SHARE: one page for all
struct Shared {
	volatile int32_t created;   // successful forks
	volatile int32_t forking;   // envs whose fork has not failed yet
	volatile int32_t alive;     // envs not yet exiting
	volatile int32_t failures[MAXERROR];
};
#define shared ((Shared*)SHARED_VA)

static int32_t atomic_add(volatile int32_t* p, int32_t v) {
	asm volatile("lock; xaddl %0, %1" : "+r"(v), "+m"(*p) : : "memory", "cc");
	return v;
}

void umain(int, char**) {
	if (int r = sys_page_alloc(0, (void*)SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE); r < 0)
		panic("forkbomb: %s", errstr(r));
	envid_t first = sys_getenvid();
	shared->forking = 1;
	shared->alive = 1;

	for (;;) {
		// Count the child before it exists, so the counts never dip to
		// zero while a child is on its way.
		atomic_add(&shared->forking, 1);
		atomic_add(&shared->alive, 1);
		envid_t r = fork();
		if (r == 0)
			continue;  // the child forks too
		if (r > 0) {
			atomic_add(&shared->created, 1);
			continue;
		}
		atomic_add(&shared->forking, -1);
		atomic_add(&shared->alive, -1);
		if (r <= -MAXERROR)
			panic("forkbomb: fork returned %d", r);
		atomic_add(&shared->failures[-r], 1);
		break;
	}
	atomic_add(&shared->forking, -1);
	while (shared->forking > 0)
		sys_yield();

	atomic_add(&shared->alive, -1);
	if (sys_getenvid() != first)
		return;
	while (shared->alive > 0)
		sys_yield();
	cprintf("forkbomb: %d envs created\n", shared->created);
	for (int e = 1; e < MAXERROR; e++)
		if (shared->failures[e])
			cprintf("forkbomb: %d forks failed with: %s\n", shared->failures[e], errstr(-e));
}
