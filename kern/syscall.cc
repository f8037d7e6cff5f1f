// The system calls.  Each checks every argument before acting: a user
// address is below UTOP and page-aligned, permissions carry P|U and nothing
// outside PTE_SYSCALL, an envid names the caller or one of its immediate
// children (only IPC may name any env), and user memory is read only after
// user_mem_assert.  Failures are returned as -E_*, never half-done.

#include <inc/assert.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/trap.h>

// A user virtual address a page call may use.
[[maybe_unused]] static bool valid_user_page(const void* va) { return (uintptr_t)va < UTOP && PGOFF(va) == 0; }

// Permission bits a page call may set.
[[maybe_unused]] static bool valid_perm(int perm) {
	return (perm & (PTE_U | PTE_P)) == (PTE_U | PTE_P) && (perm & ~PTE_SYSCALL) == 0;
}

// Print a string; a bad pointer destroys the caller.
[[maybe_unused]] static void sys_cputs(const char* s, size_t len) {
	// @exercise 3.10 check user pointers
	user_mem_assert(curenv, s, len, PTE_U);
	// @stub
	// |	// Your code here: may the env read [s, s+len)?
	// @end
	cprintf("%.*s", (int)len, s);
}

// A character from the console, or 0 if none; never blocks.
[[maybe_unused]] static int sys_cgetc(void) { return cons_getc(); }

[[maybe_unused]] static envid_t sys_getenvid(void) { return curenv->env_id; }

// The line that says who ends whom; graders read both forms (docs/ABI.md).
static void announce_destroy(const Env* by, const Env* victim) {
	if (victim != by)
		cprintf("[%08x] destroying %08x\n", by->env_id, victim->env_id);
	else
		cprintf("[%08x] exiting gracefully\n", by->env_id);
}

[[maybe_unused]] static int sys_env_destroy(envid_t envid) {
	Env* victim;
	int r = envid2env(envid, &victim, true);
	if (r < 0)
		return r;
	announce_destroy(curenv, victim);
	env_destroy(victim);  // when victim is the caller, this is the last of it
	return 0;
}

[[maybe_unused]] [[noreturn]] static void sys_yield(void) {
	curenv->env_tf.tf_regs.reg_eax = 0;
	sched_yield();
}

// A new env with the caller's registers (eax 0, so the child sees fork
// return 0) and nothing mapped below UTOP; NOT_RUNNABLE until the parent
// has set it up.
[[maybe_unused]] static envid_t sys_exofork(void) {
	// @exercise 4.6 sys_exofork
	Env* e;
	if (int r = env_alloc(&e, curenv->env_id); r < 0)
		return r;
	env_set_status(e, ENV_NOT_RUNNABLE);
	e->env_tf = curenv->env_tf;
	e->env_tf.tf_regs.reg_eax = 0;
	return e->env_id;
	// @stub
	// |	// Your code here.
	// |	panic("sys_exofork: not implemented");
	// @end
}

[[maybe_unused]] static void ipc_unpark(Env* sender, int result);
[[maybe_unused]] static bool ipc_parked(Env* e);

[[maybe_unused]] static int sys_env_set_status(envid_t envid, int status) {
	// @exercise 4.6 sys_env_set_status
	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
		return -E_INVAL;
	Env* e;
	if (int r = envid2env(envid, &e, true); r < 0)
		return r;
	if (e->env_status == ENV_DYING)
		return -E_BAD_ENV;
	// A running env is runnable already: only stopping it has an effect
	// (it leaves its CPU at its next trap).
	if (e->env_status == ENV_RUNNING && status == ENV_RUNNABLE)
		return 0;
	// Woken from ipc_recv, it receives no more (its recv returns 0 with
	// no message: from 0, value 0, perm 0), so a send cannot wake it again
	// while it runs.
	if (status == ENV_RUNNABLE && e->env_ipc_recving) {
		e->env_ipc_recving = false;
		e->env_ipc_from = 0;
		e->env_ipc_value = 0;
		e->env_ipc_perm = 0;
	}
	// Releasing a blocked sender abandons its send.
	if (ipc_parked(e) && status == ENV_RUNNABLE) {
		ipc_unpark(e, -E_IPC_NOT_RECV);
		return 0;
	}
	env_set_status(e, status);
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)status;
	// |	panic("sys_env_set_status: not implemented");
	// @end
}

[[maybe_unused]] static int sys_env_set_pgfault_upcall(envid_t envid, void* func) {
	// @exercise 4.7 sys_env_set_pgfault_upcall
	Env* e;
	if (int r = envid2env(envid, &e, true); r < 0)
		return r;
	e->env_pgfault_upcall = func;
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)func;
	// |	panic("sys_env_set_pgfault_upcall: not implemented");
	// @end
}

// Map a new zeroed page at va in envid, replacing any page there.
[[maybe_unused]] static int sys_page_alloc(envid_t envid, void* va, int perm) {
	// @exercise 4.6 sys_page_alloc
	Env* e;
	if (int r = envid2env(envid, &e, true); r < 0)
		return r;
	if (!valid_user_page(va) || !valid_perm(perm))
		return -E_INVAL;
	PageInfo* pp = page_alloc(ALLOC_ZERO);
	if (!pp)
		return -E_NO_MEM;
	if (page_insert(e->env_pgdir, pp, va, perm) < 0) {
		page_free(pp);
		return -E_NO_MEM;
	}
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)va;
	// |	(void)perm;
	// |	panic("sys_page_alloc: not implemented");
	// @end
}

// The page at srcva in src, checked for a mapping with perm: it must exist,
// and may be mapped writable only if it is writable in src -- or if it is
// a copy-on-write page (PTE_COW) that src alone maps and src is
// reclaiming for itself (own_cow), which no one else can observe.
[[maybe_unused]] static int lookup_for_map(Env* src, void* srcva, int perm, PageInfo** pp_store, bool own_cow = false) {
	// @exercise 4.6 lookup_for_map
	if (!valid_user_page(srcva) || !valid_perm(perm))
		return -E_INVAL;
	pte_t* pte;
	PageInfo* pp = page_lookup(src->env_pgdir, srcva, &pte);
	if (!pp)
		return -E_INVAL;
	if ((perm & PTE_W) && !(*pte & PTE_W) && !(own_cow && (*pte & PTE_COW) && pp->pp_ref == 1))
		return -E_INVAL;
	*pp_store = pp;
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)src;
	// |	(void)srcva;
	// |	(void)perm;
	// |	(void)pp_store;
	// |	(void)own_cow;
	// |	panic("lookup_for_map: not implemented");
	// @end
}

[[maybe_unused]] static int sys_page_map(envid_t srcenvid, void* srcva, envid_t dstenvid, void* dstva, int perm) {
	// @exercise 4.6 sys_page_map
	Env *src, *dst;
	if (int r = envid2env(srcenvid, &src, true); r < 0)
		return r;
	if (int r = envid2env(dstenvid, &dst, true); r < 0)
		return r;
	PageInfo* pp;
	if (int r = lookup_for_map(src, srcva, perm, &pp, src == dst); r < 0)
		return r;
	if (!valid_user_page(dstva))
		return -E_INVAL;
	return page_insert(dst->env_pgdir, pp, dstva, perm);
	// @stub
	// |	// Your code here.
	// |	(void)srcenvid;
	// |	(void)srcva;
	// |	(void)dstenvid;
	// |	(void)dstva;
	// |	(void)perm;
	// |	panic("sys_page_map: not implemented");
	// @end
}

[[maybe_unused]] static int sys_page_unmap(envid_t envid, void* va) {
	// @exercise 4.6 sys_page_unmap
	Env* e;
	if (int r = envid2env(envid, &e, true); r < 0)
		return r;
	if (!valid_user_page(va))
		return -E_INVAL;
	page_remove(e->env_pgdir, va);
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)va;
	// |	panic("sys_page_unmap: not implemented");
	// @end
}

/***** IPC *****/

// @exercise 4.14 the parked senders
// A sender blocked in sys_ipc_send, waiting for its target to receive.
// Kept beside the ABI's Env, indexed like envs[].
struct ParkedSend {
	bool parked;
	envid_t to;
	uint32_t value;
	void* srcva;
	int perm;
	Env* next;  // the next sender waiting on the same target
};
static ParkedSend parked[NENV];
static Env* waiters[NENV];  // per target: its first waiting sender (FIFO)

[[maybe_unused]] static bool ipc_parked(Env* e) { return parked[e - envs].parked; }

// Take s off its target's waiting list and resume it with result.
[[maybe_unused]] static void ipc_unpark(Env* s, int result) {
	ParkedSend& m = parked[s - envs];
	Env** pp = &waiters[ENVX(m.to)];
	while (*pp != s)
		pp = &parked[*pp - envs].next;
	*pp = m.next;
	m = {};
	s->env_tf.tf_regs.reg_eax = result;
	env_set_status(s, ENV_RUNNABLE);
}

void ipc_env_freed(Env* e) {
	if (parked[e - envs].parked)
		ipc_unpark(e, 0);  // no one will run it: it is being freed
	while (Env* s = waiters[e - envs])
		ipc_unpark(s, -E_BAD_ENV);
}
// @stub
// |// Your code here: the senders parked by sys_ipc_send, one FIFO per
// |// target.  Until then no sender is ever parked.
// |[[maybe_unused]] static bool ipc_parked(Env* e) {
// |	(void)e;
// |	return false;
// |}
// |
// |// Take s off its target's waiting list and resume it with result.
// |[[maybe_unused]] static void ipc_unpark(Env* s, int result) {
// |	(void)s;
// |	(void)result;
// |	panic("ipc_unpark: not implemented");
// |}
// |
// |// env_free's hook: e is going away, so it may wait on no one, and no
// |// one may wait on it.
// |void ipc_env_freed(Env* e) {
// |	(void)e;
// |}
// @end

// @exercise 4.13 message delivery
// Deliver a message from src to dst, which is receiving: map the page when
// both sides want one, fill dst's env_ipc_* fields.  dst's status is the
// caller's business.
[[maybe_unused]] static int ipc_deliver(Env* src, Env* dst, uint32_t value, void* srcva, int perm) {
	int got_perm = 0;
	if ((uintptr_t)srcva < UTOP) {
		PageInfo* pp;
		if (int r = lookup_for_map(src, srcva, perm, &pp); r < 0)
			return r;
		if ((uintptr_t)dst->env_ipc_dstva < UTOP) {
			if (int r = page_insert(dst->env_pgdir, pp, dst->env_ipc_dstva, perm); r < 0)
				return r;
			got_perm = perm;
		}
	}
	dst->env_ipc_recving = false;
	dst->env_ipc_from = src->env_id;
	dst->env_ipc_value = value;
	dst->env_ipc_perm = got_perm;
	return 0;
}

// Check a send's page arguments up front, so a bad send fails at once.
[[maybe_unused]] static int ipc_check_send(void* srcva, int perm) {
	if ((uintptr_t)srcva >= UTOP)
		return 0;
	PageInfo* pp;
	return lookup_for_map(curenv, srcva, perm, &pp);
}

// Deliver to a receiver blocked in sys_ipc_recv and wake it.
[[maybe_unused]] static int ipc_deliver_and_wake(Env* dst, uint32_t value, void* srcva, int perm) {
	if (int r = ipc_deliver(curenv, dst, value, srcva, perm); r < 0)
		return r;
	dst->env_tf.tf_regs.reg_eax = 0;
	env_set_status(dst, ENV_RUNNABLE);
	return 0;
}
// @stub
// |// Your code here: delivering a message to a receiving env, shared by
// |// sys_ipc_try_send, sys_ipc_send and sys_ipc_recv.
// @end

// JOS's non-blocking send: -E_IPC_NOT_RECV unless envid is receiving.
[[maybe_unused]] static int sys_ipc_try_send(envid_t envid, uint32_t value, void* srcva, int perm) {
	// @exercise 4.13 sys_ipc_try_send
	Env* e;
	if (int r = envid2env(envid, &e, false); r < 0)
		return r;
	if (int r = ipc_check_send(srcva, perm); r < 0)
		return r;
	if (!e->env_ipc_recving)
		return -E_IPC_NOT_RECV;
	return ipc_deliver_and_wake(e, value, srcva, perm);
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)value;
	// |	(void)srcva;
	// |	(void)perm;
	// |	panic("sys_ipc_try_send: not implemented");
	// @end
}

// Extension (SYS_ipc_send): send, blocking until the target receives.  A
// receiver already waiting gets the message at once and runs next on this
// CPU (the sender goes to the back of the run queue); otherwise the sender
// sleeps until the target calls sys_ipc_recv.
[[maybe_unused]] static int sys_ipc_send(envid_t envid, uint32_t value, void* srcva, int perm) {
	// @exercise 4.14 sys_ipc_send
	Env* self = curenv;
	Env* e;
	if (int r = envid2env(envid, &e, false); r < 0)
		return r;
	if (int r = ipc_check_send(srcva, perm); r < 0)
		return r;
	if (e == self)  // waiting for ourselves would never end
		return -E_INVAL;
	self->env_tf.tf_regs.reg_eax = 0;
	if (e->env_ipc_recving) {
		if (int r = ipc_deliver_and_wake(e, value, srcva, perm); r < 0)
			return r;
		sched_run_next(e);
		if (self->env_status == ENV_RUNNING)  // not if stopped meanwhile
			env_set_status(self, ENV_RUNNABLE);
		sched_yield();
	}
	ParkedSend& m = parked[self - envs];
	m = {true, envid, value, srcva, perm, nullptr};
	Env** pp = &waiters[ENVX(envid)];
	while (*pp)
		pp = &parked[*pp - envs].next;
	*pp = self;
	env_set_status(self, ENV_NOT_RUNNABLE);
	sched_yield();
	// @stub
	// |	// Your code here.
	// |	(void)envid;
	// |	(void)value;
	// |	(void)srcva;
	// |	(void)perm;
	// |	panic("sys_ipc_send: not implemented");
	// @end
}

// Wait for a message; dstva < UTOP asks for a page there.  A sender
// already parked on us delivers at once; otherwise sleep until one comes.
[[maybe_unused]] static int sys_ipc_recv(void* dstva) {
	// @exercise 4.13 sys_ipc_recv
	if ((uintptr_t)dstva < UTOP && PGOFF(dstva) != 0)
		return -E_INVAL;
	curenv->env_ipc_recving = true;
	curenv->env_ipc_dstva = dstva;
	while (Env* s = waiters[curenv - envs]) {
		ParkedSend m = parked[s - envs];
		int r = ipc_deliver(s, curenv, m.value, m.srcva, m.perm);
		ipc_unpark(s, r);
		if (r == 0)
			return 0;
	}
	env_set_status(curenv, ENV_NOT_RUNNABLE);
	curenv->env_tf.tf_regs.reg_eax = 0;
	sched_yield();
	// @stub
	// |	// Your code here.
	// |	(void)dstva;
	// |	panic("sys_ipc_recv: not implemented");
	// @end
}

// Dispatch on the system call number; unknown numbers are -E_INVAL.
int32_t syscall(uint32_t num, [[maybe_unused]] uint32_t a1, [[maybe_unused]] uint32_t a2, [[maybe_unused]] uint32_t a3,
		[[maybe_unused]] uint32_t a4, [[maybe_unused]] uint32_t a5) {
	switch (num) {
	// @exercise 3.9 system call dispatch
	case SYS_cputs:
		sys_cputs((const char*)a1, a2);
		return 0;
	case SYS_cgetc:
		return sys_cgetc();
	case SYS_getenvid:
		return sys_getenvid();
	case SYS_env_destroy:
		return sys_env_destroy(a1);
	// @stub
	// |	// Your code here: cputs, cgetc, getenvid, env_destroy.
	// @end
	// @exercise 4.6 system call dispatch
	case SYS_page_alloc:
		return sys_page_alloc(a1, (void*)a2, a3);
	case SYS_page_map:
		return sys_page_map(a1, (void*)a2, a3, (void*)a4, a5);
	case SYS_page_unmap:
		return sys_page_unmap(a1, (void*)a2);
	case SYS_exofork:
		return sys_exofork();
	case SYS_env_set_status:
		return sys_env_set_status(a1, a2);
	case SYS_env_set_pgfault_upcall:
		return sys_env_set_pgfault_upcall(a1, (void*)a2);
	case SYS_yield:
		sys_yield();
	case SYS_ipc_try_send:
		return sys_ipc_try_send(a1, a2, (void*)a3, a4);
	case SYS_ipc_recv:
		return sys_ipc_recv((void*)a1);
	case SYS_ipc_send:
		return sys_ipc_send(a1, a2, (void*)a3, a4);
	// @stub
	// |	// Your code here: the lab 4 system calls.
	// @end
	default:
		return -E_INVAL;
	}
}
