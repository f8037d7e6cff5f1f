// Environments: the Env table (user-readable at UENVS), creation from an
// embedded ELF image, destruction, and the switch into user mode.  Every
// env's address space shares the kernel half of kern_pgdir; below UTOP it
// owns every page it maps, and env_free returns each of them.

#include <inc/assert.h>
#include <inc/elf.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/syscall.h>

Env* envs = nullptr;
const char* env_progname[NENV];
static Env* env_free_list;  // free Envs, lowest index first; freed ones go first

// An envid's low LOG2NENV bits are its slot in envs[]; the bits from
// ENVGENSHIFT up count the slot's reuses (docs/ABI.md: slot 0 is 0x1000 the
// first time, 0x2000 the next).  Bits 10 and 11 stay zero.
#define ENVGENSHIFT 12

// A flat 4 GiB segment of the given type, usable at privilege dpl.
static constexpr Segdesc flat_segment(unsigned type, unsigned dpl) { return SEG(type, 0, 0xffffffff, dpl); }

// The descriptor table every CPU loads.  Slot k is selector 8k, so the
// order below is the selector order docs/ABI.md fixes; trap_init_percpu writes
// CPU i's TSS descriptor into slot GD_TSS0/8 + i.
static_assert(GD_KT == 1 * 8 && GD_KD == 2 * 8 && GD_UT == 3 * 8 && GD_UD == 4 * 8 && GD_TSS0 == 5 * 8);
Segdesc gdt[GD_TSS0 / sizeof(Segdesc) + NCPU] = {
    SEG_NULL_DESC(),                      // selector 0 faults when used
    flat_segment(STA_X | STA_R, 0),       // GD_KT
    flat_segment(STA_W, 0),               // GD_KD
    flat_segment(STA_X | STA_R, 3),       // GD_UT
    flat_segment(STA_W, 3),               // GD_UD
};
Pseudodesc gdt_pd = {sizeof(gdt) - 1, (uint32_t)gdt};

// May caller operate on target?  Only on itself and on the envs it made.
static bool is_self_or_child(const Env* caller, const Env* target) {
	return target == caller || (caller && target->env_parent_id == caller->env_id);
}

// Resolve an envid a system call was given (docs/ABI.md's rules).  0 stands for
// the calling env.  Any other id must still be the id of a live env: the
// slot's id changes on every reuse, so the id of an env that has since been
// freed names nothing.  With checkperm, the caller may name only itself and
// its immediate children.  On failure *env_store is nullptr.
int envid2env(envid_t envid, Env** env_store, bool checkperm) {
	if (envid == 0) {
		*env_store = curenv;
		return 0;
	}
	Env* named = &envs[ENVX(envid)];
	bool live = named->env_id == envid && named->env_status != ENV_FREE;
	bool permitted = !checkperm || is_self_or_child(curenv, named);
	*env_store = live && permitted ? named : nullptr;
	return *env_store ? 0 : -E_BAD_ENV;
}

// Every Env free, on the free list in index order.
void env_init(void) {
	// @exercise 3.1 env_init
	env_free_list = nullptr;
	for (int i = NENV - 1; i >= 0; i--) {
		envs[i].env_id = 0;
		envs[i].env_status = ENV_FREE;
		envs[i].env_link = env_free_list;
		env_free_list = &envs[i];
	}
	env_init_percpu();
	// @stub
	// |	// Your code here: every Env free, on env_free_list in index order.
	// |	panic("env_init: not implemented");
	// @end
}

// Switch this CPU to gdt[].  The kernel's data selector goes into ds, es
// and ss; fs and gs, which the kernel never uses, get the user's so that
// nothing stale survives into user mode; cs can only change through a far
// transfer, here a far return to the next instruction.  No LDT.
void env_init_percpu(void) {
	lgdt(&gdt_pd);
	const uint16_t kernel_data = GD_KD, user_data = GD_UD | 3;
	asm volatile(
	    "mov %0, %%ds\n\t"
	    "mov %0, %%es\n\t"
	    "mov %0, %%ss\n\t"
	    "mov %1, %%fs\n\t"
	    "mov %1, %%gs\n\t"
	    "pushl %2\n\t"
	    "pushl $1f\n\t"
	    "lret\n"
	    "1:"
	    :
	    : "r"(kernel_data), "r"(user_data), "i"(GD_KT)
	    : "memory");
	lldt(0);
}

// A page directory for e: empty below UTOP, the kernel's above, and the
// UVPT slot pointing at itself.
[[nodiscard]] static int env_setup_vm(Env* e) {
	// @exercise 3.2 env_setup_vm
	PageInfo* p = page_alloc(ALLOC_ZERO);
	if (!p)
		return -E_NO_MEM;
	p->pp_ref++;
	e->env_pgdir = (pde_t*)page2kva(p);
	for (uint32_t i = PDX(UTOP); i < NPDENTRIES; i++)
		e->env_pgdir[i] = kern_pgdir[i];
	e->env_pgdir[PDX(UVPT)] = pa_val(PADDR(e->env_pgdir)) | PTE_P | PTE_U;
	return 0;
	// @stub
	// |	// Your code here.
	// |	panic("env_setup_vm: not implemented (env %p)", e);
	// @end
}

// The id e's slot takes for its next life: the same index, the generation
// one further on.  A generation that would reach the sign bit starts over
// at 1, so envids stay positive (negative numbers are errors).
static envid_t next_envid(const Env* e) {
	constexpr uint32_t generations = 1u << (31 - ENVGENSHIFT);
	uint32_t generation = ((uint32_t)e->env_id >> ENVGENSHIFT) + 1;
	if (generation == generations)
		generation = 1;
	return (envid_t)(generation << ENVGENSHIFT | (uint32_t)(e - envs));
}

// The registers an env starts user mode with: all zero, except the
// selectors (the user's segments, requested at privilege 3) and esp at the
// top of the stack page load_icode maps.  eip and eflags come later.
static void first_user_frame(Trapframe& tf) {
	tf = Trapframe{};
	const uint16_t user_code = GD_UT | 3, user_data = GD_UD | 3;
	tf.tf_cs = user_code;
	tf.tf_ds = tf.tf_es = tf.tf_ss = user_data;
	tf.tf_esp = USTACKTOP;
}

// Take a free Env and give it a fresh address space and a new envid.  On
// success *newenv_store is RUNNABLE with registers for a user-mode start.
int env_alloc(Env** newenv_store, envid_t parent_id) {
	Env* e = env_free_list;
	if (!e)
		return -E_NO_FREE_ENV;
	if (int r = env_setup_vm(e); r < 0)
		return r;

	e->env_id = next_envid(e);
	e->env_parent_id = parent_id;
	env_progname[e - envs] = curenv ? env_progname[curenv - envs] : nullptr;
	e->env_type = ENV_TYPE_USER;
	e->env_runs = 0;
	e->env_cpunum = 0;
	first_user_frame(e->env_tf);
	// @exercise 4.12 interrupts on in user mode
	e->env_tf.tf_eflags = FL_IF;
	// @stub
	// |	// Your code here (lab 4): user mode runs with interrupts on.
	// |	e->env_tf.tf_eflags = 0;
	// @end

	e->env_pgfault_upcall = nullptr;
	e->env_ipc_recving = false;
	e->env_ipc_dstva = nullptr;
	e->env_ipc_value = 0;
	e->env_ipc_from = 0;
	e->env_ipc_perm = 0;

	env_free_list = e->env_link;
	e->env_link = nullptr;
	env_set_status(e, ENV_RUNNABLE);
	*newenv_store = e;

	cprintf("[%08x] new env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	return 0;
}

// Map zeroed, user-writable pages over [va, va+len) in e, keeping any page
// already there (ELF segments may share a page).  Only for env creation:
// running out of memory here is a panic.
static void region_alloc(Env* e, uintptr_t va, size_t len) {
	// @exercise 3.3 region_alloc
	uintptr_t start = ROUNDDOWN(va, PGSIZE), end = ROUNDUP(va + len, PGSIZE);
	for (uintptr_t a = start; a < end; a += PGSIZE) {
		if (page_lookup(e->env_pgdir, (void*)a, nullptr))
			continue;
		PageInfo* pp = page_alloc(ALLOC_ZERO);
		if (!pp || page_insert(e->env_pgdir, pp, (void*)a, PTE_U | PTE_W) < 0)
			panic("region_alloc: out of memory mapping va %08x for env %08x", a, e->env_id);
	}
	// @stub
	// |	// Your code here.
	// |	panic("region_alloc: not implemented (env %p va %08x len %u)", e, va, len);
	// @end
}

// What is wrong with an ELF image, checked as a whole before anything is
// loaded (a malformed one is refused with the reason, never half-loaded);
// nullptr when nothing is.  The reason lives in a static buffer.
const char* elf_problem(const uint8_t* binary, size_t size) {
	static char why[96];
	const Elf* elf = (const Elf*)binary;
	if (size < sizeof(Elf) || elf->e_magic != ELF_MAGIC)
		return "not an ELF image";
	if (elf->e_machine != EM_386 || elf->e_phentsize != sizeof(Proghdr))
		return "not an ELF32 i386 executable";
	if ((uint64_t)elf->e_phoff + (uint64_t)elf->e_phnum * sizeof(Proghdr) > size)
		return "program headers run past the end of the image";
	const Proghdr* ph = (const Proghdr*)(binary + elf->e_phoff);
	bool entry_loaded = false;
	for (int i = 0; i < elf->e_phnum; i++) {
		if (ph[i].p_type != ELF_PROG_LOAD)
			continue;
		uint64_t va = ph[i].p_va, memsz = ph[i].p_memsz;
		if (ph[i].p_filesz > ph[i].p_memsz) {
			snprintf(why, sizeof(why), "segment %d has filesz %u > memsz %u", i, ph[i].p_filesz,
				 ph[i].p_memsz);
			return why;
		}
		if ((uint64_t)ph[i].p_offset + ph[i].p_filesz > size) {
			snprintf(why, sizeof(why), "segment %d runs past the end of the image", i);
			return why;
		}
		if (va + memsz > USTACKTOP - PGSIZE) {
			snprintf(why, sizeof(why), "segment %d [%08x, +%x) is not in user memory", i, ph[i].p_va,
				 ph[i].p_memsz);
			return why;
		}
		if (elf->e_entry >= va && elf->e_entry < va + memsz)
			entry_loaded = true;
	}
	if (!entry_loaded) {
		snprintf(why, sizeof(why), "entry point %08x is in no loaded segment", elf->e_entry);
		return why;
	}
	return nullptr;
}

static void check_elf(const uint8_t* binary, size_t size) {
	if (const char* why = elf_problem(binary, size))
		panic("load_icode: %s", why);
}

// Load every PT_LOAD segment of the ELF image at its virtual address in e
// (bss zero), map one stack page below USTACKTOP, and aim e at the entry.
static void load_icode(Env* e, const uint8_t* binary, size_t size) {
	// @exercise 3.4 load_icode
	check_elf(binary, size);
	const Elf* elf = (const Elf*)binary;
	const Proghdr* ph = (const Proghdr*)(binary + elf->e_phoff);

	// Copy through e's own address space: its pages are mapped there.
	lcr3(pa_val(PADDR(e->env_pgdir)));
	for (int i = 0; i < elf->e_phnum; i++) {
		if (ph[i].p_type != ELF_PROG_LOAD || ph[i].p_memsz == 0)
			continue;
		region_alloc(e, ph[i].p_va, ph[i].p_memsz);
		memcpy((void*)ph[i].p_va, binary + ph[i].p_offset, ph[i].p_filesz);
		// The bss: fresh pages are zero, but a page shared with another
		// segment may not be.
		memset((void*)(ph[i].p_va + ph[i].p_filesz), 0, ph[i].p_memsz - ph[i].p_filesz);
	}
	lcr3(pa_val(PADDR(kern_pgdir)));

	region_alloc(e, USTACKTOP - PGSIZE, PGSIZE);
	e->env_tf.tf_eip = elf->e_entry;
	// @stub
	// |	// Your code here.
	// |	(void)check_elf;
	// |	(void)region_alloc;
	// |	panic("load_icode: not implemented (env %p image %p size %u)", e, binary, size);
	// @end
}

// Create an env from an ELF image; only the kernel does this, at boot.
void env_create(const uint8_t* binary, size_t size, EnvType type, const char* name) {
	// @exercise 3.5 env_create
	Env* e;
	if (int r = env_alloc(&e, 0); r < 0)
		panic("env_create: %s", errstr(r));
	load_icode(e, binary, size);
	e->env_type = type;
	env_progname[e - envs] = name;
	// @stub
	// |	// Your code here.
	// |	(void)load_icode;
	// |	panic("env_create: not implemented (image %p size %u type %d name %s)", binary, size, type, name);
	// @end
}

// Copy the argument strings and the argv array onto e's stack page, under
// the word lib/entry.S keeps for thisenv, and point esp at argc: entry.S
// sees esp != USTACKTOP and passes them on to umain.  Only the boot
// programs get arguments (argv[0], their name, and any from fw_cfg:
// kern/init.cc); a forked child inherits its parent's stack.
void env_set_args(Env* e, int argc, const char* const* argv) {
	const uintptr_t bottom = USTACKTOP - PGSIZE;
	PageInfo* pp = page_lookup(e->env_pgdir, (void*)bottom, nullptr);
	if (!pp)
		panic("env_set_args: env %08x has no stack page at %08x (load_icode maps it)", e->env_id, bottom);
	assert(e->env_tf.tf_esp == USTACKTOP && argc >= 0);
	char* page = (char*)page2kva(pp);
	auto at = [&](uintptr_t va) { return page + (va - bottom); };

	size_t strings = 0;
	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	if (strings + (argc + 4) * sizeof(uint32_t) > PGSIZE / 2)
		panic("env_set_args: the arguments do not fit on the stack page");
	// From the top: thisenv's word, the strings, argv[0..argc] (argv[argc]
	// null), then argc and argv, where esp points.
	uintptr_t str = USTACKTOP - sizeof(void*) - strings;
	uintptr_t uargv = ROUNDDOWN(str, sizeof(uint32_t)) - (argc + 1) * sizeof(uint32_t);
	uint32_t* kargv = (uint32_t*)at(uargv);
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;
		memcpy(at(str), argv[i], len);
		kargv[i] = str;
		str += len;
	}
	kargv[argc] = 0;
	uintptr_t sp = uargv - 2 * sizeof(uint32_t);
	((uint32_t*)at(sp))[0] = argc;
	((uint32_t*)at(sp))[1] = uargv;
	e->env_tf.tf_esp = sp;
}

// Drop e's mapping of every page in one of its page tables (the one behind
// page directory slot pdx), then the table itself.  The loop counts slots
// rather than comparing pointers: a table in the last physical page lives
// at KVA 0xFFFFF000, where one-past-the-end wraps to 0.
static void free_page_table(Env* e, uint32_t pdx) {
	physaddr_t table_pa = physaddr_t(PTE_ADDR(e->env_pgdir[pdx]));
	const pte_t* table = (const pte_t*)KADDR(table_pa);
	// No CPU has e's address space loaded (env_destroy frees only an env
	// no other CPU runs, and env_free leaves it first on this one), so no
	// TLB holds these entries: each page is simply let go, without
	// page_remove's TLB invalidation (a shootdown, for an address space
	// not loaded here).
	for (uint32_t ptx = 0; ptx < NPTENTRIES; ptx++)
		if (table[ptx] & PTE_P)
			page_decref(pa2page(physaddr_t(PTE_ADDR(table[ptx]))));
	e->env_pgdir[pdx] = 0;
	page_decref(pa2page(table_pa));
}

// Release everything e owns: every page and page table below UTOP, then
// the page directory; the Env goes back on the free list.
void env_free(Env* e) {
	// Stop using e's address space before tearing it down.
	if (e == curenv)
		lcr3(pa_val(PADDR(kern_pgdir)));

	cprintf("[%08x] free env %08x\n", curenv ? curenv->env_id : 0, e->env_id);

	// The user half is whole directory slots [0, PDX(UTOP)); the slots above
	// are kern_pgdir's tables, shared, never freed here.
	static_assert(PGOFF(UTOP) == 0 && PTX(UTOP) == 0, "UTOP starts a page directory slot");
	for (uint32_t pdx = 0; pdx < PDX(UTOP); pdx++)
		if (e->env_pgdir[pdx] & PTE_P)
			free_page_table(e, pdx);
	PageInfo* dir = pa2page(PADDR(e->env_pgdir));
	e->env_pgdir = nullptr;
	page_decref(dir);

	ipc_env_freed(e);
	env_set_status(e, ENV_FREE);
	e->env_link = env_free_list;
	env_free_list = e;
}

// Destroy e.  If e is on another CPU now (running, or stopped but not yet
// trapped), it is marked DYING and freed the next time it traps into the
// kernel: its pages stay its own until it has left its CPU.  If e is the
// current env, the CPU moves on to another env.
void env_destroy(Env* e) {
	if (env_on_other_cpu(e)) {
		env_set_status(e, ENV_DYING);
		return;
	}
	env_free(e);
	if (curenv == e) {
		curenv = nullptr;
		sched_yield();
	}
}

// Restore the registers in tf and enter user mode with iret.  Whatever the
// trapframe says, user mode runs with interrupts on and IOPL 0.
void env_pop_tf(Trapframe* tf) {
	// @exercise 4.12 interrupts on in user mode
	tf->tf_eflags = (tf->tf_eflags | FL_IF) & ~FL_IOPL_MASK;
	// @stub
	// |	// Your code here (lab 4): force interrupts on, whatever tf says.
	// |	tf->tf_eflags &= ~FL_IOPL_MASK;
	// @end
	// The frame is laid out as the CPU and trapentry.S push it, so popping
	// it in reverse is the return: the general registers (popa), es and ds,
	// then, past trapno and err, iret takes eip, cs, eflags, esp and ss.
	constexpr unsigned trapno_and_err = offsetof(Trapframe, tf_eip) - offsetof(Trapframe, tf_trapno);
	asm volatile(
	    "mov %0, %%esp\n\t"
	    "popa\n\t"
	    "pop %%es\n\t"
	    "pop %%ds\n\t"
	    "add %1, %%esp\n\t"
	    "iret"
	    :
	    : "r"(tf), "i"(trapno_and_err)
	    : "memory");
	panic("env_pop_tf: iret came back");
}

// Switch this CPU to e and run it in user mode.
void env_run(Env* e) {
	// @exercise 3.6 env_run
	CpuInfo* c = thiscpu;
	Env* cur = c->cpu_env;
	if (cur != e && cur && cur->env_status == ENV_RUNNING)
		env_set_status(cur, ENV_RUNNABLE);
	c->cpu_env = e;
	if (e->env_status != ENV_RUNNING) {
		env_set_status(e, ENV_RUNNING);
		e->env_cpunum = c->cpu_id;
	}
	// @stub
	// |	// Your code here: make e the running env of this CPU.
	// |	CpuInfo* c = thiscpu;
	// |	panic("env_run: not implemented (env %p)", e);
	// @end
	// The next trap from user mode saves its frame into e->env_tf.
	c->cpu_ts.ts_esp0 = (uintptr_t)(&e->env_tf + 1);
	// Skip the TLB flush when the address space stays the same.
	// @exercise 3.6 env_run
	uint32_t cr3 = pa_val(PADDR(e->env_pgdir));
	if (rcr3() != cr3)
		lcr3(cr3);
	e->env_runs++;
	// @stub
	// |	// Your code here: switch to e's address space.
	// @end
	// @exercise 4.4 locking: release before user mode
	unlock_kernel(c);
	env_pop_tf(&e->env_tf);
	// @stub
	// |	// Your code here: release the lock before user mode.
	// |	env_pop_tf(&e->env_tf);
	// @end
}
