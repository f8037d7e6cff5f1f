// Spinlocks, and the big kernel lock that serialises all kernel code.
#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H

#include <inc/types.h>
#include <inc/x86.h>

struct CpuInfo;
CpuInfo* this_cpu(void);

// An address in kernel code; as a function pointer gdb prints it as
// <function+offset>, not as a number.
using CodeAddr = void (*)(void);

struct Spinlock {
	volatile uint32_t locked;  // 0 or 1
	const char* name;          // for messages
	CpuInfo* cpu;              // the holder
	CodeAddr eip;              // where the holder took it ...
	const uint32_t* ebp;       // ... and its frame, to show its call stack
};
static_assert(sizeof(Spinlock) == 20 && offsetof(Spinlock, eip) == 12, "Spinlock's layout");

[[noreturn]] void spin_lock_recursive(Spinlock* lk);
void spin_lock_wait(Spinlock* lk, CpuInfo* self);
[[noreturn]] void spin_unlock_unheld(Spinlock* lk);
bool holding(Spinlock* lk);

// Acquire lk.  Taking a lock this CPU already holds would deadlock: it
// panics instead, showing the holder's call stack.  Acquisition is on
// every kernel entry, so it records only the caller's eip and frame
// pointer; the stack is walked from them only if that panic happens.
__attribute__((always_inline)) inline void spin_lock(Spinlock* lk, CpuInfo* self) {
	if (lk->locked && lk->cpu == self)
		spin_lock_recursive(lk);
	// xchg is atomic and a full barrier: the critical section cannot start
	// before the lock is ours.
	if (xchg(&lk->locked, 1) != 0)
		spin_lock_wait(lk, self);
	lk->cpu = self;
	CodeAddr here;
	asm("movl $1f, %0\n1:" : "=r"(here));
	lk->eip = here;
	lk->ebp = reinterpret_cast<const uint32_t*>(read_ebp());
}

__attribute__((always_inline)) inline void spin_unlock(Spinlock* lk, CpuInfo* self) {
	if (!lk->locked || lk->cpu != self)
		spin_unlock_unheld(lk);
	lk->cpu = nullptr;
	// The xchg orders every store of the critical section before the release.
	xchg(&lk->locked, 0);
}

inline void spin_lock(Spinlock* lk) { spin_lock(lk, this_cpu()); }
inline void spin_unlock(Spinlock* lk) { spin_unlock(lk, this_cpu()); }

extern Spinlock kernel_lock;

__attribute__((always_inline)) inline void lock_kernel(CpuInfo* self) { spin_lock(&kernel_lock, self); }
__attribute__((always_inline)) inline void unlock_kernel(CpuInfo* self) {
	spin_unlock(&kernel_lock, self);
	// Give a spinning CPU a moment to take it.
	asm volatile("pause");
}
inline void lock_kernel(void) { lock_kernel(this_cpu()); }
inline void unlock_kernel(void) { unlock_kernel(this_cpu()); }

// Holds a lock for the rest of the scope.
class SpinlockGuard {
public:
	explicit SpinlockGuard(Spinlock& lk) : lk_(lk) { spin_lock(&lk_); }
	~SpinlockGuard() { spin_unlock(&lk_); }
	SpinlockGuard(const SpinlockGuard&) = delete;
	SpinlockGuard& operator=(const SpinlockGuard&) = delete;

private:
	Spinlock& lk_;
};

#endif
