// tlbshoot: a parent changes what its child sees at one address while the
// child runs on another CPU, and the child must see each change as soon as
// the system call that made it has returned.  That CPU's TLB still holds
// the old translation, so the kernel has to flush it there too (a TLB
// shootdown); without one the child goes on reading the old page, which
// may already be freed and someone else's.  Each step of a round replaces
// or removes the child's page at PROBE_VA in a different way:
//   0: sys_page_map of the parent's page A     (the child must read MARK_A)
//   1: sys_page_map of the parent's page B     (MARK_B)
//   2: sys_page_alloc of a fresh page          (0)
//   3: sys_page_unmap                          (a fault; the child's handler
//                                               maps a page holding MARK_U)
// The child spins without system calls in even rounds (the flush request
// reaches it in user mode) and with sys_yield in odd ones (it often waits
// for the kernel lock when the request comes).  Needs CPUS >= 2.

#include <inc/lib.h>

const uintptr_t SHARED_VA = 0x0b000000;  // PTE_SHARE: parent and child
const uintptr_t PROBE_VA = 0x0c000000;   // the child's page, changed by the parent
const uintptr_t PAGE_A = 0x0d000000;     // the parent's pages it maps there
const uintptr_t PAGE_B = 0x0d001000;

const uint32_t MARK_A = 0xaaaa0001, MARK_B = 0xbbbb0002, MARK_U = 0x55550003;
const int ROUNDS = 100;
const int STEPS = 4 * ROUNDS;

struct Shared {
	volatile uint32_t step;      // parent: the step just made (1-based; 0 none)
	volatile uint32_t checked;   // child: the last step it checked
	volatile uint32_t stale;     // steps where the child read something else
	volatile uint32_t faults;    // faults at PROBE_VA in the child
	volatile uint32_t first_bad; // the first such step, and what it read
	volatile uint32_t first_got;
	volatile uint32_t stop;      // parent: the child may exit
};
#define shared ((Shared*)SHARED_VA)

static uint32_t expected(uint32_t step) {
	static const uint32_t marks[4] = {MARK_A, MARK_B, 0, MARK_U};
	return marks[(step - 1) % 4];
}

// fork's copy-on-write handler, for every fault but those at PROBE_VA.
extern "C" void (*_pgfault_handler)(UTrapframe* utf);
static void (*cow_handler)(UTrapframe* utf);

static void probe_fault(UTrapframe* utf) {
	if (ROUNDDOWN(utf->utf_fault_va, PGSIZE) != PROBE_VA) {
		cow_handler(utf);
		return;
	}
	shared->faults = shared->faults + 1;
	if (int r = sys_page_alloc(0, (void*)PROBE_VA, PTE_P | PTE_U | PTE_W); r < 0)
		panic("sys_page_alloc: %s", errstr(r));
	*(volatile uint32_t*)PROBE_VA = MARK_U;
}

[[noreturn]] static void child(void) {
	cow_handler = _pgfault_handler;
	set_pgfault_handler(probe_fault);
	while (!shared->stop) {
		uint32_t s = shared->step;
		if (s == shared->checked) {
			if ((s / 4) % 2)
				sys_yield();
			else
				asm volatile("pause");
			continue;
		}
		uint32_t got = *(volatile uint32_t*)PROBE_VA;
		if (got != expected(s)) {
			if (!shared->stale) {
				shared->first_bad = s;
				shared->first_got = got;
			}
			shared->stale = shared->stale + 1;
		}
		shared->checked = s;
	}
	exit();
}

static void check(int r, const char* what) {
	if (r < 0)
		panic("%s: %s", what, errstr(r));
}

void umain(int, char**) {
	check(sys_page_alloc(0, (void*)SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE), "sys_page_alloc");
	check(sys_page_alloc(0, (void*)PAGE_A, PTE_P | PTE_U | PTE_W), "sys_page_alloc");
	check(sys_page_alloc(0, (void*)PAGE_B, PTE_P | PTE_U | PTE_W), "sys_page_alloc");
	*(uint32_t*)PAGE_A = MARK_A;
	*(uint32_t*)PAGE_B = MARK_B;

	envid_t id = fork();
	if (id < 0)
		panic("fork: %s", errstr(id));
	if (id == 0)
		child();
	const volatile Env* ce = &envs[ENVX(id)];
	while (ce->env_status != ENV_RUNNING || ce->env_cpunum == thisenv->env_cpunum)
		sys_yield();

	int same_cpu = 0;
	for (uint32_t s = 1; s <= STEPS; s++) {
		switch ((s - 1) % 4) {
		case 0:
			check(sys_page_map(0, (void*)PAGE_A, id, (void*)PROBE_VA, PTE_P | PTE_U), "sys_page_map");
			break;
		case 1:
			check(sys_page_map(0, (void*)PAGE_B, id, (void*)PROBE_VA, PTE_P | PTE_U), "sys_page_map");
			break;
		case 2:
			check(sys_page_alloc(id, (void*)PROBE_VA, PTE_P | PTE_U), "sys_page_alloc");
			break;
		case 3:
			check(sys_page_unmap(id, (void*)PROBE_VA), "sys_page_unmap");
			break;
		}
		if (ce->env_status != ENV_RUNNING || ce->env_cpunum == thisenv->env_cpunum)
			same_cpu++;
		shared->step = s;
		while (shared->checked != s)
			sys_yield();
	}
	shared->stop = 1;
	while (ce->env_id == id && ce->env_status != ENV_FREE)
		sys_yield();

	cprintf("tlbshoot: %d changes to a running child's page, %d while it was not running on another CPU\n",
		STEPS, same_cpu);
	if (shared->stale)
		cprintf("tlbshoot: BUG: %d stale reads; the first after step %d read %08x, not %08x\n", shared->stale,
			shared->first_bad, shared->first_got, expected(shared->first_bad));
	cprintf("tlbshoot: %d stale reads, %d faults after unmap\n", shared->stale, shared->faults);
}
