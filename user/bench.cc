// bench: what one kernel operation costs, in guest instructions.  Run under
// QEMU with -icount shift=0 (make bench), where rdtsc advances by one per
// instruction executed, so every figure is deterministic and independent of
// the host.  Prints "bench: ROW N" lines, then "bench: done"; conf/bench.py
// reads them.
//
// Each figure is a per-operation average over a batch of operations.  Cheap
// rows run several batches and keep the cheapest, so a timer interrupt that
// lands in one batch does not count; the cost of an empty timing loop of the
// same length is subtracted.  Kernel console lines ("new env", "free env")
// that an operation causes are part of its cost.

#include <inc/lib.h>
#include <inc/x86.h>

// The data the fork rows copy: 16 MiB, of which each row maps and writes
// ("touches") only the first N pages.  The kernel maps all of bss at load;
// bench unmaps the pages a row does not touch, because fork duplicates
// every mapped page, touched or not.
static constexpr uint32_t kArrayPages = 4096;
alignas(PGSIZE) static char array[kArrayPages * PGSIZE];

static constexpr uintptr_t kFaultRegion = 0x10000000;  // pgfault rows: fresh pages here
static constexpr uintptr_t kScratchPage = 0x20000000;  // page_alloc_unmap
static constexpr uintptr_t kParentPage = 0x30000000;   // ipc_roundtrip_page, parent side
static constexpr uintptr_t kChildPage = 0x31000000;    // ipc_roundtrip_page, child side
static constexpr int kPerm = PTE_P | PTE_U | PTE_W;
static constexpr uint32_t kStop = 0x7fffffff;  // ipc value that ends the echo child

static void report(const char* row, uint64_t n) { cprintf("bench: %s %llu\n", row, n); }

// Instructions that `batches` runs of `n` calls of op take, per call: the
// cheapest batch, less an empty loop of the same length.
static uint64_t loop_overhead;  // per iteration, set by measure_overhead

template <typename Setup, typename Op>
static uint64_t per_op(int batches, int n, Setup setup, Op op) {
	uint64_t best = ~0ull;
	for (int b = 0; b < batches; b++) {
		setup();
		uint64_t t0 = read_tsc();
		for (int i = 0; i < n; i++)
			op(i);
		uint64_t t1 = read_tsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	uint64_t overhead = loop_overhead * n;
	return (best > overhead ? best - overhead : 0) / n;
}

static void no_setup() {}

static void measure_overhead() {
	loop_overhead = 0;
	loop_overhead = per_op(5, 1000, no_setup, [](int) { asm volatile("" ::: "memory"); });
}

static void check(int r, const char* what) {
	if (r < 0)
		panic("%s: %s", what, errstr(r));
}

static bool mapped(uintptr_t va) {
	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

// Wait, yielding, until env `child` is gone: its slot is free or reused.
static void wait_for(envid_t child) {
	const volatile Env& e = envs[ENVX(child)];
	while (e.env_id == child && e.env_status != ENV_FREE)
		sys_yield();
}

// pgfault_upcall_alloc: give the faulting address a fresh page.
static void alloc_handler(UTrapframe* utf) {
	check(sys_page_alloc(0, (void*)ROUNDDOWN(utf->utf_fault_va, PGSIZE), kPerm), "alloc_handler");
}

static void unmap_fault_region(int n) {
	for (int i = 0; i < n; i++)
		check(sys_page_unmap(0, (void*)(kFaultRegion + i * PGSIZE)), "unmap fault region");
}

// Make the first `pages` pages of the array mapped and written, the rest
// unmapped.  A write to a page that an earlier fork left copy-on-write is
// handled by fork's own fault handler.
static void touch_array(uint32_t pages) {
	for (uint32_t i = 0; i < kArrayPages; i++) {
		uintptr_t va = (uintptr_t)&array[i * PGSIZE];
		if (i >= pages) {
			if (mapped(va))
				check(sys_page_unmap(0, (void*)va), "unmap array");
			continue;
		}
		if (!mapped(va))
			check(sys_page_alloc(0, (void*)va, kPerm), "alloc array");
		*(volatile char*)va = 1;
	}
}

// fork of a process with `pages` touched array pages; the child exits at
// once and the parent waits for its slot to be freed.
static uint64_t fork_exit_wait(uint32_t pages, int batches, int n) {
	touch_array(pages);
	return per_op(batches, n, no_setup, [](int) {
		envid_t child = fork();
		check(child, "fork");
		if (child == 0)
			exit();
		wait_for(child);
	});
}

// cow_fault: a child writes one word in each of 256 copy-on-write pages and
// sends the per-write cost back by IPC.  Several children; the cheapest wins.
static uint64_t cow_fault() {
	constexpr uint32_t pages = 256;
	touch_array(pages);
	uint64_t best = ~0ull;
	for (int k = 0; k < 3; k++) {
		envid_t child = fork();
		check(child, "fork");
		if (child == 0) {
			uint64_t t0 = read_tsc();
			for (uint32_t i = 0; i < pages; i++)
				*(volatile uint32_t*)&array[i * PGSIZE] = i;
			uint64_t t1 = read_tsc();
			uint64_t overhead = loop_overhead * pages;
			uint64_t cost = (t1 - t0 > overhead ? t1 - t0 - overhead : 0) / pages;
			ipc_send(thisenv->env_parent_id, (uint32_t)cost, nullptr, 0);
			exit();
		}
		envid_t from;
		int32_t v = ipc_recv(&from, nullptr, nullptr);
		check(v, "ipc_recv from cow child");
		if (from != child)
			panic("cow_fault: message from %08x, not the child %08x", from, child);
		wait_for(child);
		if ((uint64_t)v < best)
			best = v;
	}
	return best;
}

// cow_fault_last: the parent writes each of 256 pages that a fork left
// copy-on-write, after the child has exited: the parent is each page's last
// mapper, so the fault remaps the page writable without copying it.
static uint64_t cow_fault_last() {
	constexpr uint32_t pages = 256;
	uint64_t best = ~0ull;
	for (int k = 0; k < 3; k++) {
		touch_array(pages);
		envid_t child = fork();
		check(child, "fork");
		if (child == 0)
			exit();
		wait_for(child);
		uint64_t t0 = read_tsc();
		for (uint32_t i = 0; i < pages; i++)
			*(volatile uint32_t*)&array[i * PGSIZE] = i;
		uint64_t t1 = read_tsc();
		uint64_t overhead = loop_overhead * pages;
		uint64_t cost = (t1 - t0 > overhead ? t1 - t0 - overhead : 0) / pages;
		if (cost < best)
			best = cost;
	}
	return best;
}

// The ipc rows' child: echo every value back to its sender, with the page
// when one came, until kStop.
[[noreturn]] static void echo_child() {
	for (;;) {
		envid_t from;
		int perm;
		int32_t v = ipc_recv(&from, (void*)kChildPage, &perm);
		check(v, "echo ipc_recv");
		if ((uint32_t)v == kStop)
			exit();
		ipc_send(from, v, perm ? (void*)kChildPage : nullptr, perm ? kPerm : 0);
	}
}

static void ipc_rows() {
	touch_array(0);  // a small parent: the echo child's fork is not timed anyway
	envid_t child = fork();
	check(child, "fork");
	if (child == 0)
		echo_child();
	// Mapped after the fork, which would have made it copy-on-write, and a
	// read-only page cannot be sent writable.
	check(sys_page_alloc(0, (void*)kParentPage, kPerm), "alloc ipc page");

	auto roundtrip = [child](uint32_t v, bool page) {
		ipc_send(child, v, page ? (void*)kParentPage : nullptr, page ? kPerm : 0);
		envid_t from;
		int32_t r = ipc_recv(&from, page ? (void*)kParentPage : nullptr, nullptr);
		if (r != (int32_t)v || from != child)
			panic("ipc echo: got %d from %08x, want %u from %08x", r, from, v, child);
	};
	// Warm up: the child's first messages take copy-on-write faults.
	for (uint32_t i = 0; i < 10; i++)
		roundtrip(i, true);
	report("ipc_roundtrip", per_op(3, 1000, no_setup, [&](int i) { roundtrip(i, false); }));
	report("ipc_roundtrip_page", per_op(3, 1000, no_setup, [&](int i) { roundtrip(i, true); }));

	ipc_send(child, kStop, nullptr, 0);
	wait_for(child);
	check(sys_page_unmap(0, (void*)kParentPage), "unmap ipc page");
}

void umain(int, char**) {
	measure_overhead();

	report("null_syscall", per_op(5, 2000, no_setup, [](int) { sys_getenvid(); }));
	report("yield_alone", per_op(5, 2000, no_setup, [](int) { sys_yield(); }));

	constexpr int nfault = 1000;
	set_pgfault_handler(alloc_handler);
	report("pgfault_upcall_alloc",
	       per_op(3, nfault, [] { unmap_fault_region(nfault); },
	              [](int i) { *(volatile uint32_t*)(kFaultRegion + i * PGSIZE) = i; }));
	unmap_fault_region(nfault);

	report("page_alloc_unmap", per_op(5, 1000, no_setup, [](int) {
		       check(sys_page_alloc(0, (void*)kScratchPage, kPerm), "page_alloc");
		       check(sys_page_unmap(0, (void*)kScratchPage), "page_unmap");
	       }));

	// The fork rows first: what the later rows leave behind (empty page
	// tables that fork still walks) would add to every fork.
	report("fork_exit_wait_1MiB", fork_exit_wait(256, 2, 10));
	report("fork_exit_wait_64", fork_exit_wait(64, 2, 10));
	report("fork_exit_wait_256", fork_exit_wait(256, 2, 10));
	report("fork_exit_wait_1024", fork_exit_wait(1024, 2, 4));
	report("fork_exit_wait_4096", fork_exit_wait(4096, 2, 2));
	report("cow_fault", cow_fault());
	report("cow_fault_last", cow_fault_last());
	ipc_rows();
	cprintf("bench: done\n");
}
