// fuzz: a seeded system-call fuzzer.  The first env forks NTEAM teams, each
// team forks WORKERS_PER_TEAM workers, and every worker makes CALLS random
// system calls from its own seed (derived from FUZZ_SEED): random numbers,
// arguments at the edges of the address space, other envs' ids (parent,
// grandparent, siblings, children, dead children), random permissions and
// upcalls, half-built exofork children.  Each result is checked against
// what the ABI allows for those arguments: a call that must fail (an env
// that is not ours, a va at or above UTOP, a bad perm...) and succeeds, or
// fails with an error none of its arguments earns, is printed as
// UNEXPECTED.  Afterwards every worker destroys what it made and exits, so
// the kernel's "pages free" line shows whether every page came back.
//
// A worker must not stop itself: it never destroys or stops itself, never
// waits for a message, and gives itself and its "sink" (a forked child that
// only receives, so blocking sends have a taker) valid addresses only in
// the scratch region [SCRATCH, SCRATCH_END).  Calls that kill the caller on
// purpose (sys_cputs of a bad pointer) are made by short-lived forked
// "victims".  Everything else goes: children get any address.
//
// The seed is argv[1] when given (`make run-fuzz-nox CPUS=4 ARGS=12345`;
// repeated stress runs give each run its own), else FUZZ_SEED, so make grade
// always runs the same calls.  To reproduce: a worker's calls depend only
// on the seed, up to the ids the kernel hands out and the timing of the
// others.  Every failure line names the seed and the call; a kernel panic
// names the system call it was handling.  Each worker keeps its last NLOG
// calls in the shared page (the log is written before each call is made):
// an unexpected fault in a worker prints them, and so does the first env
// for a worker that died without finishing, however it died.

#include <inc/lib.h>

#ifndef FUZZ_SEED
#define FUZZ_SEED 2718281828u
#endif

enum {
	NTEAM = 2,
	WORKERS_PER_TEAM = 2,
	NWORKER = NTEAM * WORKERS_PER_TEAM,
	CALLS = 50000,       // per worker
	PROGRESS = 10000,    // a progress line every this many calls
	MAX_LIVE = 6,        // exofork children alive at once, per worker
	NSTALE = 64,         // ids of children known dead
	NVICTIM = 8,         // forked victims not yet known dead
	NLOG = 16,           // the last calls, printed on a fault
	MAX_REPORTS = 10,    // UNEXPECTED lines per worker
};

// Where a worker and its sink may map and unmap: nothing else lives there.
// Random scratch pages come from 16 chunks of 32 pages, which bounds the
// memory (and page tables) a worker can hold.
const uintptr_t SCRATCH = 0x10000000, SCRATCH_END = 0x20000000;
const uintptr_t SCRATCH_CHUNK = 0x01000000;
static_assert(SCRATCH + 16 * SCRATCH_CHUNK <= SCRATCH_END);
// One page every env of the fuzzer shares (PTE_SHARE): the results.
const uintptr_t SHARED_VA = 0x0b000000;

// The call log: each call is recorded before it is made.
struct Call {
	uint32_t index;
	uint32_t num;
	uint32_t a[5];
	int32_t ret;
};
const int32_t PENDING = 0x7eadbeef;

// A worker's last calls, and its first fault, noted before its handler
// does anything that could fault again: if the handler then dies in a
// storm of nested faults, the first env still reports where it began.
struct WorkerLog {
	uint32_t ncalls;  // calls made (or being made)
	Call calls[NLOG];  // call i is calls[i % NLOG]
	uint32_t fault_seen;  // nonzero once a fault is noted
	uint32_t fault_va, fault_eip, fault_err, fault_calls;
};

struct Shared {
	envid_t worker_id[NWORKER];
	uint32_t calls_done[NWORKER];
	uint32_t unexpected[NWORKER];
	WorkerLog log[NWORKER];
};
static_assert(sizeof(Shared) <= PGSIZE, "one shared page");
#define shared ((volatile Shared*)SHARED_VA)

extern "C" void _pgfault_upcall(void);
extern char etext[], erodata[], end[];

// ----------------------------------------------------------------------
// Random numbers: xorshift32, seeded through a mixing function.

static uint32_t rng_state;

static uint32_t mix(uint32_t x) {
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x ? x : 1;
}

static uint32_t rnd(void) {
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static uint32_t one_of(const uint32_t* v, uint32_t n) { return v[rnd() % n]; }
#define ONE_OF(...)                                                  \
	({                                                           \
		static const uint32_t v_[] = {__VA_ARGS__};          \
		one_of(v_, sizeof(v_) / sizeof(v_[0]));             \
	})

// ----------------------------------------------------------------------
// This worker's state.

static int worker = -1;     // index, 0..NWORKER-1; -1 in the first env and teams
static uint32_t base_seed;  // the run's seed: argv[1] or FUZZ_SEED
static uint32_t seed;       // this worker's seed, made from base_seed
static envid_t me, parent, grandparent, sink;
static envid_t live[MAX_LIVE];  // exofork children not yet destroyed
static int nlive;
static envid_t stale[NSTALE];   // children destroyed (ids never come back)
static int nstale;
static envid_t victims[NVICTIM];
static int nvictim;
static uint32_t ncalls, nunexpected;
// This worker's log, in the shared page (set in run_worker).  Not
// volatile: only this worker writes it, and the first env reads it after
// the worker is gone.
static WorkerLog* wlog;

// Record the next call, before it is made.
static Call& log_call(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5) {
	Call& c = wlog->calls[ncalls % NLOG];
	c = {ncalls, num, {a1, a2, a3, a4, a5}, PENDING};
	wlog->ncalls = ++ncalls;
	return c;
}

static void print_call(int w, const Call& c) {
	cprintf("fuzz: seed %u worker %d call #%u: syscall %d (%08x, %08x, %08x, %08x, %08x) = %d%s\n", base_seed,
		w, c.index, (int)c.num, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.ret,
		c.ret == PENDING ? " (not returned)" : "");
}

// Worker w's last calls, oldest first.
static void print_last_calls(int w) {
	const WorkerLog& l = *(const WorkerLog*)&shared->log[w];
	for (uint32_t i = l.ncalls > NLOG ? l.ncalls - NLOG : 0; i < l.ncalls; i++)
		print_call(w, l.calls[i % NLOG]);
}

// The raw system call, logged, with a check that the kernel kept every
// register but eax.
static int32_t call(uint32_t num, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0, uint32_t a4 = 0,
		    uint32_t a5 = 0) {
	Call& c = log_call(num, a1, a2, a3, a4, a5);
	int32_t ret = num;
	uint32_t r1 = a1, r2 = a2, r3 = a3, r4 = a4, r5 = a5;
	asm volatile("int %6"
		     : "+a"(ret), "+d"(r1), "+c"(r2), "+b"(r3), "+D"(r4), "+S"(r5)
		     : "i"(T_SYSCALL)
		     : "cc", "memory");
	c.ret = ret;
	if (r1 != a1 || r2 != a2 || r3 != a3 || r4 != a4 || r5 != a5) {
		nunexpected++;
		if (nunexpected <= MAX_REPORTS) {
			cprintf("fuzz: seed %u worker %d call #%u: UNEXPECTED: registers changed (now %08x %08x %08x "
				"%08x %08x)\n", base_seed, worker, c.index, r1, r2, r3, r4, r5);
			print_call(worker, c);
		}
	}
	return ret;
}

// Results a call may return: bit 0 for success, bit E for -E.
typedef uint32_t Results;
const Results OK = 1;
constexpr Results ERR(int e) { return 1u << e; }

static void expect(int32_t ret, Results allowed, const char* what) {
	bool fine = ret == 0 ? (allowed & OK) : (ret < 0 && ret >= -31 && (allowed & ERR(-ret)));
	if (fine)
		return;
	nunexpected++;
	if (nunexpected <= MAX_REPORTS) {
		cprintf("fuzz: seed %u worker %d call #%u: UNEXPECTED result %d (%s) for %s (allowed: mask %x)\n",
			base_seed, worker, ncalls - 1, ret, errstr(ret), what, allowed);
		print_call(worker, wlog->calls[(ncalls - 1) % NLOG]);
	}
}

// An unexpected fault in a worker: show what led to it, then stop.
static void on_fault(UTrapframe* utf) {
	if (!wlog->fault_seen) {
		wlog->fault_va = utf->utf_fault_va;
		wlog->fault_eip = utf->utf_eip;
		wlog->fault_err = utf->utf_err;
		wlog->fault_calls = ncalls;
		wlog->fault_seen = 1;
	}
	cprintf("fuzz: seed %u worker %d: FAULT va %08x ip %08x err %x after %u calls; the last calls:\n", base_seed,
		worker, utf->utf_fault_va, utf->utf_eip, utf->utf_err, ncalls);
	print_last_calls(worker);
	exit();
}

static bool mapped(uintptr_t va) { return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P); }

// Make our code and constants read-only, copy every copy-on-write page of
// the data and stack now, so no later write faults, and put on_fault in
// charge of faults.  Needed after each fork (which marks our pages
// copy-on-write again).  The kernel loads a program's text writable (as
// JOS does) and fork makes it copy-on-write: a worker that wrote it would
// own a writable copy of its code, which self_src_va could then hand to a
// child -- whose exception frames, written there by the kernel, would
// overwrite the worker's code.  Read-only, those pages may be mapped
// anywhere but never writable, which is what the kernel must enforce.
static void own_pages(void) {
	for (uintptr_t va = UTEXT; va < (uintptr_t)erodata; va += PGSIZE)
		if (mapped(va) && (uvpt[PGNUM(va)] & (PTE_W | PTE_COW)))
			if (int r = sys_page_map(0, (void*)va, 0, (void*)va, PTE_P | PTE_U); r < 0)
				panic("fuzz: making %08x read-only: %s", va, errstr(r));
	uintptr_t esp;
	asm volatile("movl %%esp, %0" : "=r"(esp));
	for (uintptr_t va = (uintptr_t)erodata; va < USTACKTOP; va += PGSIZE) {
		if (va == ROUNDUP((uintptr_t)end, PGSIZE))
			va = ROUNDDOWN(esp, PGSIZE);
		if (mapped(va) && (uvpt[PGNUM(va)] & PTE_COW)) {
			volatile uint32_t* p = (volatile uint32_t*)va;
			*p = *p;
		}
	}
	set_pgfault_handler(on_fault);
}

// ----------------------------------------------------------------------
// Picking arguments.

enum EnvClass {
	SELF,   // 0 or our id: valid
	KEPT,   // the sink or a victim: a forked child running our code, valid
	        // unless it died; scratch addresses only, never stopped
	CHILD,  // an exofork child, maybe dead by now: anything goes
	OTHER,  // not ours: every call but IPC must refuse it with -E_BAD_ENV
};

static bool in_list(envid_t id, const envid_t* v, int n) {
	for (int i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static EnvClass classify(envid_t id) {
	if (id == 0 || id == me)
		return SELF;
	if (id == sink || in_list(id, victims, nvictim))
		return KEPT;
	if (in_list(id, live, nlive) || in_list(id, stale, nstale < NSTALE ? nstale : NSTALE))
		return CHILD;
	return OTHER;
}

static envid_t any_live_env(void) {
	for (int tries = 0; tries < 8; tries++) {
		const volatile Env& e = envs[rnd() % NENV];
		if (e.env_status != ENV_FREE)
			return e.env_id;
	}
	return me;
}

static envid_t pick_env(void) {
	switch (rnd() % 16) {
	case 0:
	case 1:
		return 0;
	case 2:
		return me;
	case 3:
		return sink;
	case 4:
		return nstale ? stale[rnd() % (nstale < NSTALE ? nstale : NSTALE)] : parent;
	case 5:
		return parent;
	case 6:
		return grandparent;
	case 7:
		return shared->worker_id[rnd() % NWORKER];
	case 8:
		return any_live_env();
	case 9:
		return ONE_OF(0xffffffff, 0x7fffffff, 0x80000000, 1, 0x3ff, 0x400, 0x1000, 0x1001, 0x2000,
			      0x1000 + NENV - 1);
	case 10:
		return rnd();
	case 11:
		return nvictim ? victims[rnd() % nvictim] : 0;
	default:
		return nlive ? live[rnd() % nlive] : any_live_env();
	}
}

// Addresses that are never a valid page-call va: at or above UTOP, or
// not page-aligned.
static uint32_t bad_va(void) {
	return ONE_OF(UTOP, UTOP - 1, UTOP + PGSIZE, UXSTACKTOP - 4, ULIM, ULIM - PGSIZE, UVPT, UPAGES,
		      (uintptr_t)uvpd, MMIOBASE, KERNBASE, 0xf0100000, 0xf0100020, 0xfffff000, 0xffffffff,
		      SCRATCH + 1, SCRATCH + PGSIZE / 2, UTEXT + 4, 1, 0x80000000, 0xeebffffc);
}

static uint32_t scratch_page(void) {
	return SCRATCH + (rnd() % 16) * SCRATCH_CHUNK + (rnd() % 32) * PGSIZE;
}

// A va for an env we must not break (ourselves, our sink, a victim):
// scratch pages, or one that is certainly refused.  (Not page 0: a victim
// relies on it being unmapped.)
static uint32_t safe_va(void) {
	uint32_t k = rnd() % 16;
	if (k < 12)
		return scratch_page();
	if (k == 12)
		return scratch_page() + 1 + rnd() % (PGSIZE - 1);
	return bad_va();
}

// A va for a child: anything.
static uint32_t any_va(void) {
	switch (rnd() % 8) {
	case 0:
		return ONE_OF(0, UTEXT, UTEXT + PGSIZE, USTACKTOP - PGSIZE, UXSTACKTOP - PGSIZE, PFTEMP, UTEMP,
			      UTOP - PGSIZE, USTACKTOP - 2 * PGSIZE);
	case 1:
		return bad_va();
	case 2:
		return rnd();
	case 3:
	case 4:
		return (rnd() % (UTOP / PGSIZE)) * PGSIZE;
	default:
		return scratch_page();
	}
}

// A va in ourselves to map or send from: scratch pages, our code and
// constants (read-only since own_pages: never to be granted writable), or
// a refused one.  Never our data or stack: a child could write them.
static uint32_t self_src_va(void) {
	uint32_t k = rnd() % 8;
	if (k < 5)
		return scratch_page();
	if (k < 7)
		return UTEXT + (rnd() % (((uintptr_t)erodata - UTEXT) / PGSIZE)) * PGSIZE;
	return bad_va();
}

static uint32_t va_for(EnvClass c) { return c == CHILD || c == OTHER ? any_va() : safe_va(); }

static uint32_t src_va_for(EnvClass c) {
	return c == SELF ? self_src_va() : c == KEPT ? safe_va() : any_va();
}

static uint32_t pick_perm(void) {
	const uint32_t base = PTE_P | PTE_U;
	switch (rnd() % 4) {
	case 0:
		return ONE_OF(base, base | PTE_W);
	case 1:
		return base | (rnd() & PTE_SYSCALL);  // with AVAIL bits (COW, SHARE)
	case 2:
		return ONE_OF(0, PTE_P, PTE_U, PTE_W, PTE_P | PTE_W, PTE_U | PTE_W, base | PTE_PWT, base | PTE_PCD,
			      base | PTE_A, base | PTE_D, base | PTE_PS, base | PTE_G, base | 0x1000, 0xffffffff,
			      0x80000005);
	default:
		return rnd() & 0xfff;
	}
}

static bool va_ok(uint32_t va) { return va < UTOP && PGOFF(va) == 0; }
static bool perm_ok(uint32_t perm) {
	return (perm & (PTE_P | PTE_U)) == (PTE_P | PTE_U) && (perm & ~PTE_SYSCALL) == 0;
}

// What a page at srcva of env class c certainly earns when mapped with
// perm: for our own pages we know whether the page is there and writable.
// (The kernel lets an env remap its own copy-on-write page writable when
// no one else maps it: to_self says that may be the case.)
static Results src_errors(EnvClass c, uint32_t srcva, uint32_t perm, bool to_self = false) {
	if (!va_ok(srcva) || !perm_ok(perm))
		return ERR(E_INVAL);
	if (c == SELF) {
		pte_t pte = mapped(srcva) ? uvpt[PGNUM(srcva)] : 0;
		if (!pte)
			return ERR(E_INVAL);
		if ((perm & PTE_W) && !(pte & PTE_W) && !(to_self && (pte & PTE_COW)))
			return ERR(E_INVAL);
	}
	return 0;
}

static Results env_errors(EnvClass c) { return c == OTHER ? ERR(E_BAD_ENV) : 0; }
// A child may have died since we last looked.
static Results maybe_dead(EnvClass c) { return c == CHILD || c == KEPT ? ERR(E_BAD_ENV) : 0; }

// The result set: the errors the arguments certainly earn if any, else
// the results a valid call may have; either way, -E_BAD_ENV when an env
// the call names may have died (the kernel checks envs first).
static Results outcome(Results certain, Results valid, Results dead) { return (certain ? certain : valid) | dead; }

static void forget_child(envid_t id) {
	for (int i = 0; i < nlive; i++)
		if (live[i] == id) {
			live[i] = live[--nlive];
			stale[nstale++ % NSTALE] = id;
			return;
		}
}

// ----------------------------------------------------------------------
// The calls.

static void do_page_alloc(void) {
	envid_t id = pick_env();
	EnvClass c = classify(id);
	uint32_t va = va_for(c), perm = pick_perm();
	int32_t r = call(SYS_page_alloc, id, va, perm);
	Results bad = env_errors(c) | (va_ok(va) && perm_ok(perm) ? 0 : ERR(E_INVAL));
	expect(r, outcome(bad, OK | ERR(E_NO_MEM), maybe_dead(c)), "sys_page_alloc");
}

static void do_page_map(void) {
	envid_t src = pick_env(), dst = pick_env();
	EnvClass sc = classify(src), dc = classify(dst);
	uint32_t srcva = src_va_for(sc), dstva = va_for(dc), perm = pick_perm();
	int32_t r = call(SYS_page_map, src, srcva, dst, dstva, perm);
	bool own_cow = sc == SELF && dc == SELF;
	Results bad = env_errors(sc) | env_errors(dc) | src_errors(sc, srcva, perm, own_cow) |
		      (va_ok(dstva) ? 0 : ERR(E_INVAL));
	// A child's page may be missing or read-only; so may our own
	// copy-on-write page that someone else maps too.
	Results valid = OK | ERR(E_NO_MEM) | (sc == SELF && !own_cow ? 0 : ERR(E_INVAL));
	expect(r, outcome(bad, valid, maybe_dead(sc) | maybe_dead(dc)), "sys_page_map");
}

static void do_page_unmap(void) {
	envid_t id = pick_env();
	EnvClass c = classify(id);
	uint32_t va = va_for(c);
	int32_t r = call(SYS_page_unmap, id, va);
	expect(r, outcome(env_errors(c) | (va_ok(va) ? 0 : ERR(E_INVAL)), OK, maybe_dead(c)), "sys_page_unmap");
}

static void do_set_status(void) {
	envid_t id = pick_env();
	EnvClass c = classify(id);
	uint32_t status;
	if (c == CHILD || c == OTHER)
		status = rnd() % 4 == 0 ? (uint32_t)ENV_RUNNABLE : ONE_OF(ENV_NOT_RUNNABLE, ENV_NOT_RUNNABLE, 0, 1, 3, 5,
								  0xffffffff, 0x80000002);
	else  // stopping ourselves or the sink would hang us; a victim must run
		status = ONE_OF(ENV_RUNNABLE, 0, 1, 3, 5, 0xffffffff, 0x80000002, 0x102);
	int32_t r = call(SYS_env_set_status, id, status);
	bool status_ok = status == ENV_RUNNABLE || status == ENV_NOT_RUNNABLE;
	expect(r, outcome(env_errors(c) | (status_ok ? 0 : ERR(E_INVAL)), OK, maybe_dead(c)), "sys_env_set_status");
}

static void do_set_upcall(void) {
	envid_t id = pick_env();
	EnvClass c = classify(id);
	uint32_t func;
	if (c == SELF || c == KEPT)  // anything else would break their faults
		func = (uint32_t)_pgfault_upcall;
	else
		func = ONE_OF(0, 0xf0100020, UTOP, UXSTACKTOP - 4, ULIM, UTEXT, 0xdeadbeef, 0xffffffff,
			      (uint32_t)_pgfault_upcall, rnd());
	int32_t r = call(SYS_env_set_pgfault_upcall, id, func);
	expect(r, outcome(env_errors(c), OK, maybe_dead(c)), "sys_env_set_pgfault_upcall");
}

static void do_destroy(void) {
	envid_t id = pick_env();
	EnvClass c = classify(id);
	if (c == SELF || id == sink) {
		if (!nlive)
			return;
		id = live[rnd() % nlive];
		c = CHILD;
	}
	int32_t r = call(SYS_env_destroy, id);
	expect(r, outcome(env_errors(c), OK, maybe_dead(c)), "sys_env_destroy");
	if (c == CHILD)
		forget_child(id);
}

static void do_exofork(void) {
	if (nlive == MAX_LIVE) {
		envid_t id = live[rnd() % nlive];
		expect(call(SYS_env_destroy, id), OK | ERR(E_BAD_ENV), "sys_env_destroy");
		forget_child(id);
		return;
	}
	Call& c = log_call(SYS_exofork, 0, 0, 0, 0, 0);
	envid_t id = sys_exofork();
	if (id == 0) {
		// The child, if it ever gets our text and a stack: leave at once.
		for (;;)
			asm volatile("int %1" : : "a"(SYS_env_destroy), "i"(T_SYSCALL), "d"(0) : "memory");
	}
	c.ret = id;
	if (id > 0)
		live[nlive++] = id;
	else
		expect(id, ERR(E_NO_FREE_ENV) | ERR(E_NO_MEM), "sys_exofork");
}

// Envs blocked in sys_ipc_recv are sinks (no other env of the fuzzer ever
// receives): a blocking send to one is always taken.
static envid_t find_receiver(void) {
	for (int tries = 0; tries < 32; tries++) {
		const volatile Env& e = envs[rnd() % NENV];
		envid_t id = e.env_id;
		if (e.env_status == ENV_NOT_RUNNABLE && e.env_ipc_recving && e.env_parent_id != me && id != me &&
		    e.env_id == id)
			return id;
	}
	return sink;
}

static void do_try_send(void) {
	envid_t id = rnd() % 4 == 0 ? find_receiver() : pick_env();
	uint32_t srcva = rnd() % 4 == 0 ? ONE_OF(UTOP, 0xffffffff, ULIM) : self_src_va();
	uint32_t perm = pick_perm();
	int32_t r = call(SYS_ipc_try_send, id, rnd(), srcva, perm);
	Results bad = srcva < UTOP ? src_errors(SELF, srcva, perm) : 0;
	// The target is checked first, and JOS looks at whether it receives
	// before it looks at the page.
	Results maybe = ERR(E_BAD_ENV) | ERR(E_IPC_NOT_RECV);
	expect(r, bad ? bad | maybe : OK | ERR(E_NO_MEM) | ERR(E_INVAL) | maybe, "sys_ipc_try_send");
}

// The blocking send (extension, SYS_ipc_send), only where it cannot hang:
// to a receiver, to ourselves (refused), to ids no env can have, to dead
// children, or with page arguments that are refused up front.
static void do_ipc_send(void) {
	uint32_t srcva = rnd() % 3 == 0 ? UTOP : self_src_va();
	uint32_t perm = pick_perm();
	Results bad = srcva < UTOP ? src_errors(SELF, srcva, perm) : 0;
	envid_t id;
	Results allowed;
	switch (rnd() % 6) {
	case 0:
	case 1:
		id = rnd() % 2 ? sink : find_receiver();
		allowed = bad ? bad | ERR(E_BAD_ENV) : OK | ERR(E_NO_MEM) | ERR(E_INVAL) | ERR(E_BAD_ENV);
		break;
	case 2:
		id = rnd() % 2 ? 0 : me;
		allowed = ERR(E_INVAL);
		break;
	case 3:
		id = ONE_OF(0xffffffff, 0x80000000, 1, 0x3ff, 0x400, 0xfff);  // never an envid
		allowed = ERR(E_BAD_ENV) | bad;
		break;
	case 4:
		if (nstale == 0)
			return;
		id = stale[rnd() % (nstale < NSTALE ? nstale : NSTALE)];
		allowed = ERR(E_BAD_ENV) | bad;
		break;
	default:
		if (!bad)
			return;
		id = pick_env();
		allowed = bad | ERR(E_BAD_ENV);
		break;
	}
	int32_t r = call(SYS_ipc_send, id, rnd(), srcva, perm);
	expect(r, allowed, "sys_ipc_send");
}

// Only receives that are refused: an unaligned va below UTOP.
static void do_recv_bad(void) {
	uint32_t va = ONE_OF(1, UTOP - 1, UTEXT + 8, SCRATCH + 0x800, 0xfff);
	expect(call(SYS_ipc_recv, va), ERR(E_INVAL), "sys_ipc_recv");
}

static void do_bad_number(void) {
	uint32_t num = ONE_OF(0xffffffff, 14, 15, 16, 100, 255, 256, 1000, 0x7fffffff, 0x80000000, 0x8000000c);
	if (rnd() % 2)
		num = NSYSCALLS + rnd() % 1000;
	int32_t r = call(num, rnd(), rnd(), rnd(), rnd(), rnd());
	if (r >= 0)
		expect(r, 0, "an unknown system call number");
}

static void do_simple(void) {
	int32_t r;
	switch (rnd() % 5) {
	case 0:
		if ((r = call(SYS_getenvid)) != me)
			expect(r, 0, "sys_getenvid");
		break;
	case 1:
		if ((r = call(SYS_cgetc)) < 0)
			expect(r, 0, "sys_cgetc");
		break;
	case 2:
	case 3:
		expect(call(SYS_yield), OK, "sys_yield");
		break;
	default: {
		// Valid pointers, nothing printed.
		uint32_t p = ONE_OF(UTEXT, (uintptr_t)etext - 1, USTACKTOP - 4, SHARED_VA, UXSTACKTOP - PGSIZE);
		expect(call(SYS_cputs, p, 0), OK, "sys_cputs");
	}
	}
}

// A forked child that passes sys_cputs a bad buffer, which must kill it.
static void do_victim(void) {
	static const char msg[] = "fuzz: victim\n";
	uint32_t ptr, len = ONE_OF(1, 2, 16, 4096, 0x10000);
	switch (rnd() % 6) {
	case 0:
		ptr = ONE_OF(0, 1, 0xfff, PFTEMP, UTEMP, SCRATCH + 0x0ff0000, UTOP - 2 * PGSIZE);  // unmapped
		break;
	case 1:
		ptr = ONE_OF(ULIM, KERNBASE, 0xf0100000, MMIOBASE, 0xfffffff0, 0xffffffff);  // kernel
		break;
	case 2:
		ptr = (uintptr_t)msg, len = ONE_OF(0x100000, 0x10000000, 0xffffffff, 0x80000000);  // runs off the end
		break;
	case 3:
		ptr = USTACKTOP - 8, len = ONE_OF(16, 0x1000, 0xffffffff);  // past the stack top
		break;
	case 4:
		ptr = USTACKTOP, len = 1;  // the guard page below the exception stack
		break;
	default:
		ptr = rnd(), len = 0x7fffffff;
		break;
	}
	envid_t id = fork();
	if (id == 0) {
		asm volatile("int %1" : : "a"(SYS_cputs), "i"(T_SYSCALL), "d"(ptr), "c"(len) : "memory");
		cprintf("fuzz: seed %u worker %d: UNEXPECTED: sys_cputs(%08x, %x) returned in a victim\n", base_seed,
			worker, ptr, len);
		exit();
	}
	own_pages();
	if (id < 0) {
		expect(id, ERR(E_NO_FREE_ENV) | ERR(E_NO_MEM), "fork");
		return;
	}
	if (nvictim == NVICTIM) {  // the oldest is surely dead by now; make sure
		stale[nstale++ % NSTALE] = victims[0];
		sys_env_destroy(victims[0]);  // (an error is fine)
		memmove(victims, victims + 1, sizeof(victims[0]) * (NVICTIM - 1));
		nvictim--;
	}
	victims[nvictim++] = id;
}

static void step(void) {
	uint32_t k = rnd() % 1000;
	if (k < 170)
		do_page_alloc();
	else if (k < 390)
		do_page_map();
	else if (k < 500)
		do_page_unmap();
	else if (k < 560)
		do_set_status();
	else if (k < 610)
		do_set_upcall();
	else if (k < 640)
		do_destroy();
	else if (k < 647)
		do_exofork();
	else if (k < 755)
		do_try_send();
	else if (k < 805)
		do_ipc_send();
	else if (k < 825)
		do_recv_bad();
	else if (k < 885)
		do_bad_number();
	else if (k < 999)
		do_simple();
	else if (rnd() % 2 == 0)
		do_victim();
}

// ----------------------------------------------------------------------
// The sink: receives forever, into its scratch region or no page.

[[noreturn]] static void sink_loop(void) {
	rng_state = mix(seed ^ 0x5157ab1e);
	for (;;) {
		uint32_t dst = rnd() % 4 ? scratch_page() : UTOP;
		asm volatile("int %1" : : "a"(SYS_ipc_recv), "i"(T_SYSCALL), "d"(dst) : "cc", "memory");
		if (rnd() % 8 == 0)
			asm volatile("int %1" : : "a"(SYS_page_unmap), "i"(T_SYSCALL), "d"(0), "c"(scratch_page())
				     : "cc", "memory");
	}
}

[[noreturn]] static void run_worker(void) {
	wlog = (WorkerLog*)&shared->log[worker];
	me = sys_getenvid();
	parent = thisenv->env_parent_id;
	grandparent = envs[ENVX(parent)].env_parent_id;
	seed = mix(base_seed ^ ((uint32_t)(worker + 1) * 0x9e3779b9));
	rng_state = seed;
	cprintf("fuzz: worker %d: seed %u, %d calls to make\n", worker, seed, CALLS);

	sink = fork();
	if (sink < 0)
		panic("fuzz: forking the sink: %s", errstr(sink));
	if (sink == 0)
		sink_loop();
	own_pages();

	while (ncalls < CALLS) {
		step();
		if (ncalls / PROGRESS != (ncalls - 1) / PROGRESS && ncalls < CALLS)
			cprintf("fuzz: worker %d: %u calls\n", worker, ncalls / PROGRESS * PROGRESS);
	}
	uint32_t done = ncalls;

	// Clean up: every child we may still have, then the sink.
	for (int i = 0; i < nlive; i++)
		sys_env_destroy(live[i]);
	for (int i = 0; i < nvictim; i++)
		sys_env_destroy(victims[i]);
	sys_env_destroy(sink);
	shared->calls_done[worker] = done;
	shared->unexpected[worker] = nunexpected;
	cprintf("fuzz: worker %d: seed %u, %u calls done, %u unexpected\n", worker, seed, done, nunexpected);
	exit();
}

static void wait_for(envid_t id) {
	while (envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
}

// A seed from the command line: a decimal number below 2^32.
static uint32_t parse_seed(const char* s) {
	uint64_t v = 0;
	for (const char* p = s; *p; p++) {
		if (*p < '0' || *p > '9' || (v = v * 10 + (*p - '0')) > 0xffffffffu)
			panic("fuzz: seed '%s' is not a decimal number below 2^32", s);
	}
	if (!*s)
		panic("fuzz: empty seed");
	return (uint32_t)v;
}

void umain(int argc, char** argv) {
	base_seed = argc > 1 ? parse_seed(argv[1]) : FUZZ_SEED;
	if (int r = sys_page_alloc(0, (void*)SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE); r < 0)
		panic("fuzz: allocating the shared page: %s", errstr(r));
	cprintf("fuzz: seed %u, %d calls, %d workers\n", base_seed, NWORKER * CALLS, NWORKER);

	envid_t teams[NTEAM];
	for (int t = 0; t < NTEAM; t++) {
		teams[t] = fork();
		if (teams[t] < 0)
			panic("fuzz: fork: %s", errstr(teams[t]));
		if (teams[t] == 0) {
			// A team: forks its workers and waits for them, so the
			// workers have a parent and a grandparent to pick on.
			envid_t ws[WORKERS_PER_TEAM];
			for (int i = 0; i < WORKERS_PER_TEAM; i++) {
				worker = t * WORKERS_PER_TEAM + i;
				ws[i] = fork();
				if (ws[i] < 0)
					panic("fuzz: fork: %s", errstr(ws[i]));
				if (ws[i] == 0)
					run_worker();
				shared->worker_id[worker] = ws[i];
			}
			for (int i = 0; i < WORKERS_PER_TEAM; i++)
				wait_for(ws[i]);
			exit();
		}
	}
	for (int t = 0; t < NTEAM; t++)
		wait_for(teams[t]);

	uint32_t total = 0, unexpected = 0;
	int finished = 0;
	for (int w = 0; w < NWORKER; w++) {
		total += shared->calls_done[w];
		unexpected += shared->unexpected[w];
		finished += shared->calls_done[w] == CALLS;
		if (shared->calls_done[w] == CALLS)
			continue;
		// It died: say how far it got, where it first faulted if it
		// did, and the calls it made last.
		const WorkerLog& l = *(const WorkerLog*)&shared->log[w];
		cprintf("fuzz: seed %u worker %d: DIED after %u calls\n", base_seed, w, l.ncalls);
		if (l.fault_seen)
			cprintf("fuzz: seed %u worker %d: its first FAULT: va %08x ip %08x err %x after %u calls\n",
				base_seed, w, l.fault_va, l.fault_eip, l.fault_err, l.fault_calls);
		print_last_calls(w);
	}
	cprintf("fuzz: seed %u, %u calls done in all, %d of %d workers finished, %u unexpected\n", base_seed, total,
		finished, NWORKER, unexpected);
}
