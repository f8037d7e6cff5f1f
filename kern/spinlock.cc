// Mutual-exclusion spin locks.  Acquiring a lock this CPU already holds is
// a deadlock: it panics, showing where the lock was first taken.

#include <inc/assert.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/kdebug.h>
#include <kern/spinlock.h>

Spinlock kernel_lock = {0, "kernel_lock", nullptr, {}};

// Record the return addresses of up to ARRAY_SIZE(pcs) callers by
// following the saved-ebp chain (kernel frames only).
static void get_caller_pcs(uintptr_t pcs[], int n) {
	const uint32_t* ebp = (const uint32_t*)read_ebp();
	int i = 0;
	for (; i < n && ebp != nullptr && (uintptr_t)ebp >= ULIM; i++) {
		pcs[i] = ebp[1];
		ebp = (const uint32_t*)ebp[0];
	}
	for (; i < n; i++)
		pcs[i] = 0;
}

bool holding(Spinlock* lk) { return lk->locked && lk->cpu == thiscpu; }

void spin_lock(Spinlock* lk) {
	if (holding(lk)) {
		cprintf("CPU %d cannot acquire %s: already holding it, taken at:\n", cpunum(), lk->name);
		for (uintptr_t pc : lk->pcs) {
			if (!pc)
				break;
			Eipdebuginfo info;
			debuginfo_eip(pc - 1, &info);
			cprintf("  %08x %s:%d: %.*s+%d\n", pc, info.eip_file, info.eip_line, info.eip_fn_namelen,
				info.eip_fn_name, pc - info.eip_fn_addr);
		}
		panic("spin_lock: recursive acquisition of %s", lk->name);
	}
	// xchg is atomic and a full barrier: the critical section cannot start
	// before the lock is ours.
	while (xchg(&lk->locked, 1) != 0)
		asm volatile("pause");
	lk->cpu = thiscpu;
	get_caller_pcs(lk->pcs, ARRAY_SIZE(lk->pcs));
}

void spin_unlock(Spinlock* lk) {
	if (!holding(lk))
		panic("spin_unlock: CPU %d releasing %s, which it does not hold", cpunum(), lk->name);
	lk->pcs[0] = 0;
	lk->cpu = nullptr;
	// The xchg orders every store of the critical section before the release.
	xchg(&lk->locked, 0);
}
