// Spinlock diagnostics: the slow paths of kern/spinlock.h.

#include <inc/assert.h>
#include <inc/memlayout.h>
#include <kern/cpu.h>
#include <kern/kdebug.h>
#include <kern/pmap.h>
#include <kern/spinlock.h>

Spinlock kernel_lock = {0, "kernel_lock", nullptr, nullptr, nullptr};

CpuInfo* this_cpu(void) { return thiscpu; }

// Does this CPU hold lk?  Only a holder sets lk->cpu to itself (and clears
// it before letting go), so the owner test decides; locked is checked as well
// so that a lock never set up with an owner cannot pass.
bool holding(Spinlock* lk) {
	bool mine = lk->cpu == thiscpu;
	return mine && lk->locked != 0;
}

static void print_pc(uintptr_t pc) {
	Eipdebuginfo info;
	debuginfo_eip(pc - 1, &info);
	cprintf("  %08x %s:%d: %.*s+%d\n", pc, info.eip_file, info.eip_line, info.eip_fn_namelen, info.eip_fn_name,
		pc - info.eip_fn_addr);
}

// The same CPU asked for a lock it holds.  Its acquisition frame is still
// on this CPU's stack (the holder has not released it), so the saved ebp
// chain from there is the holder's call stack.
void spin_lock_recursive(Spinlock* lk) {
	cprintf("CPU %d cannot acquire %s: it already holds it, taken at:\n", cpunum(), lk->name);
	print_pc(reinterpret_cast<uintptr_t>(lk->eip));
	const uint32_t* ebp = lk->ebp;
	for (int depth = 0; depth < 8 && ebp && (uintptr_t)ebp >= ULIM && (uintptr_t)ebp > read_esp(); depth++) {
		print_pc(ebp[1]);
		ebp = (const uint32_t*)ebp[0];
	}
	panic("spin_lock: recursive acquisition of %s", lk->name);
}

// Another CPU holds lk: spin until it is ours.  Meanwhile, with interrupts
// off, this CPU still answers TLB shootdowns: the CPU asking for one holds
// the lock and will not let go of it until this CPU has flushed (see
// tlb_invalidate).
void spin_lock_wait(Spinlock* lk, CpuInfo* self) {
	do {
		tlb_flush_if_requested(self);
		asm volatile("pause");
	} while (xchg(&lk->locked, 1) != 0);
}

void spin_unlock_unheld(Spinlock* lk) {
	panic("spin_unlock: CPU %d releasing %s, which it does not hold", cpunum(), lk->name);
}
