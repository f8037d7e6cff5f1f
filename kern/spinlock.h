// Spinlocks, and the big kernel lock that serialises all kernel code.
#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H

#include <inc/types.h>

struct CpuInfo;

struct Spinlock {
	volatile uint32_t locked;  // 0 or 1
	const char* name;          // for messages
	CpuInfo* cpu;              // the holder
	uintptr_t pcs[10];         // the holder's call stack at acquisition
};

void spin_lock(Spinlock* lk);
void spin_unlock(Spinlock* lk);
bool holding(Spinlock* lk);

extern Spinlock kernel_lock;

inline void lock_kernel(void) { spin_lock(&kernel_lock); }
inline void unlock_kernel(void) {
	spin_unlock(&kernel_lock);
	// Give a spinning CPU a moment to take it (helps with TCG's scheduling).
	asm volatile("pause");
}

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
