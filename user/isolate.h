// Helpers for the isolate_* programs (sforkcow and fairness use them too):
// run a test in a forked child that is expected to die, and wait for it to
// be gone.  Each program checks one
// part of the isolation the kernel promises (docs/ABI.md): an env may
// act on itself and its immediate children only, never on memory at or
// above UTOP, and a misbehaving env dies alone, with the kernel's message.

#ifndef JOS_USER_ISOLATE_H
#define JOS_USER_ISOLATE_H

#include <inc/lib.h>

// Until envid has left the system (freed; its slot may be reused).
static inline void wait_gone(envid_t envid) {
	while (envs[ENVX(envid)].env_id == envid && envs[ENVX(envid)].env_status != ENV_FREE)
		sys_yield();
}

// fork, or panic with the reason.
static inline envid_t fork_or_die(void) {
	envid_t id = fork();
	if (id < 0)
		panic("fork: %s", errstr(id));
	return id;
}

// Fork a child that runs fn(arg) and then exits; wait until it is gone.
// With no_upcall the child first drops its page-fault upcall, so a fault
// kills it with the kernel's "user fault" trapframe instead of reaching
// fork's copy-on-write handler (which would panic into the monitor).
static inline envid_t run_child(void (*fn)(uint32_t), uint32_t arg, bool no_upcall = false) {
	envid_t child = fork_or_die();
	if (child == 0) {
		if (no_upcall)
			sys_env_set_pgfault_upcall(0, nullptr);
		fn(arg);
		exit();
	}
	wait_gone(child);
	return child;
}

#endif
